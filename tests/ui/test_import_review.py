"""File > Import…: the worker thread, the review dialog (untick, edit, merge) and undo."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.main import Services
from app.services.importing.model import Status
from app.services.importing.pipeline import ImportService
from app.ui import import_review
from app.ui.import_review import ImportReviewDialog, propose_in_background
from app.ui.main_window import MainWindow

from .helpers import TODAY, me

CSV = (
    "Avreise;Retur;Land;Merknad\n"
    "01.02.2025;05.02.2025;Sverige;ski\n"
    "10.03.2025;12.03.2025;Tyskland;fair\n"
    "02.04.2025;09.04.2025;DK;\n"
)


def _spans(services: Services) -> list[tuple[date, date | None, str | None]]:
    return [(t.departure, t.return_date, t.destination) for t in services.trips.list(me(services))]


def test_the_review_lets_the_user_untick_edit_and_merge_before_saving(
    window: MainWindow,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: ModelTester,
) -> None:
    services.trips.add(me(services), date(2025, 4, 1), date(2025, 4, 3), "DK", today=TODAY)
    path = tmp_path / "reiser.csv"
    path.write_bytes(CSV.encode("cp1252"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    seen: list[str] = []

    def review(dialog: ImportReviewDialog) -> int:
        model = dialog.model
        qtmodeltester.check(model)
        seen.append(dialog.summary.text())
        assert [row.candidate.status for row in model.rows] == [
            Status.NEW,
            Status.NEW,
            Status.OVERLAP,
        ]
        assert model.index(2, 5).data(Qt.ItemDataRole.ToolTipRole).startswith("Recorded: ")
        # Untick the German trip, correct the Swedish one's return date, merge the Danish one.
        assert model.setData(
            model.index(1, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
        )
        assert model.setData(model.index(0, 2), "06.02.2025")
        assert not model.setData(model.index(0, 3), "Atlantis")  # refused, nothing changes
        dialog.table.selectRow(2)
        dialog.merge_button.click()
        assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == "&Import 2 trips"
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportReviewDialog, "exec", review)
    window.acts.import_csv.trigger()

    assert "3 trips found in reiser.csv: 2 new, 1 overlapping recorded trips." in seen[0]
    assert _spans(services) == [
        (date(2025, 2, 1), date(2025, 2, 6), "SE"),
        (date(2025, 4, 1), date(2025, 4, 9), "DK"),
    ]
    window.acts.undo.trigger()
    assert _spans(services) == [(date(2025, 4, 1), date(2025, 4, 3), "DK")]
    window.acts.redo.trigger()
    assert len(_spans(services)) == 2


def test_cancelling_the_review_saves_nothing(
    window: MainWindow, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "reiser.csv"
    path.write_text(CSV, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(ImportReviewDialog, "exec", lambda self: QDialog.DialogCode.Rejected)

    window.acts.import_csv.trigger()

    assert services.trips.list(me(services)) == []
    assert not window.acts.undo.isEnabled()


def test_a_large_file_is_read_on_a_worker_thread_with_progress(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "big.csv"
    rows = [
        f"{date.fromordinal(730_000 + i)},{date.fromordinal(730_000 + i)},SE,"
        for i in range(20_000)
    ]
    path.write_text("departure,return,destination,note\n" + "\n".join(rows) + "\n", "utf-8")
    importer = ImportService(services.sessions)

    result = propose_in_background(None, importer, me(services), path, TODAY)  # type: ignore[arg-type]

    assert not isinstance(result, Exception)
    assert result is not None
    assert len(result.candidates) == 20_000


def test_cancel_stops_the_worker_and_nothing_is_proposed(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "big.csv"
    rows = [f"{date.fromordinal(730_000 + i)},,SE," for i in range(5_000)]
    path.write_text("departure,return,destination,note\n" + "\n".join(rows) + "\n", "utf-8")
    importer = ImportService(services.sessions)
    task = import_review._ProposeTask(
        lambda progress: importer.propose(me(services), path, today=TODAY, progress=progress)
    )
    results: list[object] = []
    task.signals.finished.connect(results.append)
    task.cancel.set()

    task.run()

    assert results == [None]


def test_export_everything_writes_the_json_export(
    window: MainWindow, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.trips.add(me(services), date(2025, 1, 1), date(2025, 1, 5), "SE", today=TODAY)
    out = tmp_path / "all.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))

    window.acts.export_all.trigger()

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "borte-export"
    assert [t["destination"] for t in data["people"][0]["trips"]] == ["SE"]
    assert "Exported 1 person, 1 trip and 0 permits" in window.statusBar().currentMessage()


def test_a_calendar_is_reviewed_with_its_evidence_and_what_was_left_out(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = Path(__file__).parent.parent / "data" / "import" / "flights.ics"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    seen: dict[str, object] = {}

    def review(dialog: ImportReviewDialog) -> int:
        model = dialog.model
        seen["notes"] = dialog.notes.text()
        seen["visible"] = not dialog.notes.isHidden()
        seen["first"] = [model.index(0, column).data() for column in range(model.columnCount())]
        seen["tip"] = model.index(0, 6).data(Qt.ItemDataRole.ToolTipRole)
        # Keep only the Stockholm trip: untick the rest.
        for row in range(1, model.rowCount()):
            model.setData(
                model.index(row, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
            )
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportReviewDialog, "exec", review)
    window.acts.import_csv.trigger()

    assert seen["notes"] == (
        "11 events were not travel and were left out.\n1 flight within Norway was left out."
    )
    assert seen["visible"] is True
    first = seen["first"]
    assert isinstance(first, list)
    assert "2025-03-05" in first
    assert any(isinstance(cell, str) and "SK 4035 OSL–ARN" in cell for cell in first)
    assert seen["tip"] == (
        "event 'SK 4035 OSL–ARN' (2025-03-05);\nevent 'SK 4036 ARN–OSL' (2025-03-09)"
    )
    assert _spans(services) == [(date(2025, 3, 5), date(2025, 3, 9), "SE")]


def test_progress_of_a_file_larger_than_a_qt_int_is_reported_in_per_mille() -> None:
    task = import_review._ProposeTask(lambda progress: None)
    seen: list[tuple[int, int]] = []
    task.signals.progressed.connect(lambda share, scale: seen.append((share, scale)))

    assert task.progress(3 * 2**30, 6 * 2**30)  # 3 GB of a 6 GB Records.json

    assert seen == [(500, 1000)]


def test_location_history_is_read_on_the_worker_thread(services: Services) -> None:
    path = Path(__file__).parent.parent / "data" / "import" / "Records.json"
    importer = ImportService(services.sessions)

    result = propose_in_background(None, importer, me(services), path, TODAY)  # type: ignore[arg-type]

    assert not isinstance(result, Exception)
    assert result is not None
    assert result.source == "google"
    assert [c.proposed.departure for c in result.candidates] == [
        date(2025, 3, 5),
        date(2025, 3, 21),
    ]
