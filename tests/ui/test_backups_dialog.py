"""File > Backups…: the list, Back up now, and restoring a backup into the open window."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.main import Services, open_services
from app.models.database import DATABASE_FILENAME
from app.services import backups
from app.services.backups import BackupInfo
from app.ui import messages
from app.ui.backups_dialog import MANUAL, BackupsDialog, BackupTableModel, size_text
from app.ui.main_window import MainWindow, WindowServices
from app.ui.settings_dialog import SettingsDialog, SettingsValues

from .helpers import TODAY, window_services


@pytest.fixture
def restorable(qtbot: QtBot, tmp_path: Path, qsettings: QSettings) -> Iterator[MainWindow]:
    """A window that can close and reopen its database, as run_gui builds it."""
    opened: list[Services] = []

    def services_for(current: Services) -> WindowServices:
        opened.append(current)
        return replace(
            window_services(current),
            close=current.close,
            reopen=lambda: services_for(open_services(current.data_dir)),
        )

    window = MainWindow(
        services_for(open_services(tmp_path / "data")),
        qsettings=qsettings,
        load_panels_after_paint=False,
    )
    qtbot.addWidget(window)
    window.show()
    yield window
    for services in opened:
        services.close()


def add_trip(window: MainWindow, day: int) -> None:
    window.services.trips.add(
        window.person_id, date(2024, 1, day), date(2024, 1, day), "SE", today=TODAY
    )
    window.refresh()


def test_model_and_cells(qtmodeltester: ModelTester, tmp_path: Path) -> None:
    services = open_services(tmp_path / "data")  # makes the first daily backup
    services.close()
    backups.backup_now(tmp_path / "data" / DATABASE_FILENAME, MANUAL)
    model = BackupTableModel()
    model.set_backups(backups.list_backups(tmp_path / "data"))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    cells = [[model.index(r, c).data() for c in range(4)] for r in range(2)]
    assert [row[1] for row in cells] == ["Made with Back up now", "Daily, at start"]
    assert [row[2] for row in cells] == ["0", "0"]
    assert size_text(500) == "1 KB"
    assert size_text(3 * 1024 * 1024 + 100) == "3.0 MB"


def test_back_up_now_and_restore_through_the_window(
    restorable: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = restorable
    data_dir = window.services.data_dir
    add_trip(window, 1)
    dialog = BackupsDialog(
        window,
        data_dir=data_dir,
        restore=window.tasks.restore_backup,
        back_up=window.tasks.back_up_now,
    )
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1  # the daily backup made at start, with no trips
    assert not dialog.restore_button.isEnabled()

    dialog.back_up_button.click()
    assert dialog.model.rowCount() == 2
    made = dialog.selected()
    assert made is not None
    assert made.reason == MANUAL
    assert made.trip_count == 1
    assert dialog.restore_button.isEnabled()

    # Now a change worth undoing, on the undo stack.
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    window.trip_table.view.selectAll()
    window.acts.delete_trip.trigger()
    assert window.trip_table.model.rowCount() == 0
    assert window.editor.group.canUndo()
    old_trips = window.services.trips

    told: list[str] = []
    monkeypatch.setattr(messages, "tell", lambda p, title, text, *_: told.append(text))
    with qtbot.waitSignal(window.events.data_changed):
        dialog.restore_button.click()
    assert window.services.trips is not old_trips  # opened again
    assert window.trip_table.model.rowCount() == 1  # the whole window re-read
    assert not window.editor.group.canUndo()  # history of the replaced file is gone
    [text] = told
    assert f"Borte restored the backup {made.label()}." in text
    before = [b for b in backups.list_backups(data_dir) if b.reason == backups.BEFORE_RESTORE]
    assert len(before) == 1
    assert str(before[0].path) in text
    assert before[0].trip_count == 0  # what was there before, restorable in turn
    # ... and the rolling "latest" copy, made when the window closed the file it had changed.
    assert dialog.model.rowCount() == 4
    assert dialog.status.text() == f"Restored {made.label()}."


def test_restore_asks_first(restorable: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def refuse(parent: object, title: str, text: str, action: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(messages, "confirm", refuse)
    services = restorable.services
    [daily] = backups.list_backups(services.data_dir)
    assert not restorable.tasks.restore_backup(daily)
    assert restorable.services is services
    assert "backs up the data you have now" in asked[0]
    assert "(0 trips)" in asked[0]


def test_a_refused_restore_keeps_the_window_working(
    restorable: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    [daily] = backups.list_backups(restorable.services.data_dir)
    daily.path.write_bytes(b"not a database any more" * 100)
    warned: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    monkeypatch.setattr(messages, "tell", lambda p, title, text, *_: warned.append(text))
    assert not restorable.tasks.restore_backup(daily)
    assert warned[0].startswith(f"The backup {daily.id} cannot be restored")
    add_trip(restorable, 2)  # the reopened services work
    assert restorable.services.trips.list(restorable.person_id)


def test_file_menu_opens_the_dialog(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[Path] = []

    def fake_show_for(parent: object, *, data_dir: Path, restore: object, back_up: object) -> None:
        shown.append(data_dir)

    monkeypatch.setattr(BackupsDialog, "show_for", fake_show_for)
    window.acts.backups.trigger()
    assert shown == [window.services.data_dir]
    assert window.acts.backups.text() == "&Backups…"


def test_an_empty_list_says_how_backups_come(qtbot: QtBot, tmp_path: Path) -> None:
    def never() -> BackupInfo | None:
        return None

    dialog = BackupsDialog(None, data_dir=tmp_path, restore=lambda info: False, back_up=never)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    assert dialog.status.text().startswith("No backups yet")
    dialog.back_up_button.click()  # a failed backup changes nothing
    assert dialog.model.rowCount() == 0


def test_backups_to_keep_in_settings(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = SettingsDialog(None, initial=SettingsValues("inclusive", 24, 14, 7), data_dir=tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.keep.value() == 7
    dialog.keep.setValue(1000)  # clamped
    assert dialog.entered() == SettingsValues("inclusive", 24, 14, 100)

    monkeypatch.setattr(
        SettingsDialog, "ask", lambda *args, **kw: SettingsValues("inclusive", 24, 14, 3)
    )
    window.acts.settings.trigger()
    assert window.services.settings.backups_to_keep() == 3


def test_every_reason_borte_backs_up_for_has_words() -> None:
    from app.services import backups as reasons
    from app.ui.backups_dialog import reason_label

    for reason in (
        reasons.DAILY,
        reasons.BEFORE_MIGRATION,
        reasons.BEFORE_RESTORE,
        reasons.BEFORE_DELETE,
        reasons.LATEST,
        MANUAL,
    ):
        assert reason_label(reason) != reason
