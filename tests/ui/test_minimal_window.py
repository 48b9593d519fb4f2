"""The minimal main window, the GUI start path and the crash hook, offscreen with pytest-qt."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import PySide6
import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app import __version__
from app.main import Services, make_excepthook, open_services, run_gui
from app.services.errors import ValidationError
from app.ui.main_window import DISCLAIMER, MainWindow

TODAY = date(2025, 6, 30)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot: QtBot, services: Services) -> MainWindow:
    me = services.people.default()
    services.trips.add(me.id, date(2025, 1, 1), date(2025, 1, 10), "SE", today=TODAY)
    services.trips.add(me.id, date(2025, 6, 21), None, "DK", note="Sommer i Århus", today=TODAY)
    win = MainWindow(
        people=services.people,
        trips=services.trips,
        data_dir=services.data_dir,
        today=lambda: TODAY,
    )
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def cell_texts(win: MainWindow, row: int) -> list[str]:
    table = win.trip_table
    texts = []
    for column in range(table.columnCount()):
        item = table.item(row, column)
        assert item is not None
        texts.append(item.text())
    return texts


def test_window_lists_the_trips(window: MainWindow) -> None:
    assert window.windowTitle() == "Borte"
    assert window.trip_table.rowCount() == 2
    assert cell_texts(window, 0)[:4] == ["2025-01-01", "2025-01-10", "10", "SE Sweden"]
    second = cell_texts(window, 1)
    assert second[:4] == ["2025-06-21", "under way", "10", "DK Denmark"]
    assert second[-1] == "Sommer i Århus"


def test_table_is_read_only(window: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractItemView

    triggers = window.trip_table.editTriggers()
    assert triggers == QAbstractItemView.EditTrigger.NoEditTriggers


def test_refresh_shows_new_trips(window: MainWindow, services: Services) -> None:
    me = services.people.default()
    services.trips.add(me.id, date(2025, 3, 1), date(2025, 3, 2), today=TODAY)
    window.refresh()
    assert window.trip_table.rowCount() == 3


def test_about_dialog(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []

    def fake_about(parent: QWidget | None, title: str, text: str) -> None:
        shown.append((title, text))

    monkeypatch.setattr(QMessageBox, "about", fake_about)
    window.about_action.trigger()
    [(title, text)] = shown
    assert title == "About Borte"
    assert __version__ in text
    assert str(services.data_dir) in text
    assert DISCLAIMER == "Borte is not legal advice. udi.no is the authority."
    assert DISCLAIMER in text


def test_quit_closes_the_window(window: MainWindow, qtbot: QtBot) -> None:
    window.quit_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=1000)


def test_excepthook_logs_and_names_the_log_file(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    log_file = tmp_path / "borte.log"
    hook = make_excepthook(log_file)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        with caplog.at_level(logging.CRITICAL):
            hook(RuntimeError, exc, exc.__traceback__)
    [text] = shown
    assert str(log_file) in text
    assert "keeps running" in text
    assert any(record.exc_info for record in caplog.records)


def test_excepthook_shows_known_errors_as_they_are(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    error = ValidationError("The return date is before the departure.")
    make_excepthook(None)(ValidationError, error, None)
    assert shown == ["The return date is before the departure."]


def test_run_gui_opens_the_window_and_restores_the_hook(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def fake_exec(*args: object) -> int:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen.extend(w.windowTitle() for w in windows if w.isVisible())
        assert sys.excepthook is not previous
        for w in windows:
            w.close()
        return 0

    previous = sys.excepthook
    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert run_gui(tmp_path / "data", log_file=None) == 0
    assert seen == ["Borte"]
    assert sys.excepthook is previous
    assert QApplication.applicationName() == "Borte"
    assert QApplication.organizationName() == "Borte"


# PySide6/shiboken6 6.12.0 on Python < 3.12 drops a reference to None on every call of a Qt
# method that returns nothing (setText, setItem, setRowCount, …). None is not immortal before
# 3.12 and starts with ~3,700 references here, so the app aborts with "Fatal Python error:
# none_dealloc" after a few thousand such calls (a window of ~600 trips, or just quitting).
# 6.11.3 on 3.11 and 6.12.0 on 3.12 are clean. The fix is a version pin in pyproject.toml.
_NONE_LEAK = sys.version_info < (3, 12) and PySide6.__version_info__[:2] == (6, 12)


@pytest.mark.xfail(
    _NONE_LEAK,
    reason="PySide6 6.12 on Python < 3.12 loses a None reference per void call",
    strict=True,
)
def test_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(200):  # few, so a leaking build loses only 200 of None's references
        label.setText("x")
    assert sys.getrefcount(None) >= before - 20
