"""Start-up with a damaged or foreign data file: the dialog, and what run_gui does next."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.main import open_services, run_gui
from app.models.database import DATABASE_FILENAME
from app.services import backups
from app.services.file_check import DataFileProblem, ProblemKind
from app.ui import data_file_dialog, messages
from app.ui.data_file_dialog import Choice, DataFileDialog
from app.ui.main_window import MainWindow


def damaged_folder(folder: Path, trips: int = 1) -> Path:
    """A data folder with a good daily backup and then a data file cut short."""
    services = open_services(folder)
    me = services.people.default().id
    for day in range(1, trips + 1):
        services.trips.add(me, date(2024, 1, day), date(2024, 1, day), today=date(2025, 1, 1))
    services.close()
    db = folder / DATABASE_FILENAME
    backups.backup_now(db, backups.DAILY)
    db.write_bytes(db.read_bytes()[:1500])  # cut short, as after a crash mid-copy
    return db


def problem_in(folder: Path) -> DataFileProblem:
    with pytest.raises(DataFileProblem) as caught:
        open_services(folder)
    return caught.value


def test_dialog_says_what_is_wrong_and_offers_the_backup(qtbot: QtBot, tmp_path: Path) -> None:
    damaged_folder(tmp_path / "data", trips=3)
    problem = problem_in(tmp_path / "data")
    assert problem.problem.kind is ProblemKind.TRUNCATED
    assert problem.backup is not None
    dialog = DataFileDialog(None, problem)
    qtbot.addWidget(dialog)
    assert dialog.message.text() == str(problem)
    assert dialog.restore_button is not None
    assert dialog.restore_button.text() == f"Restore {problem.backup.label()}"
    assert "3 trips" in dialog.restore_button.text()
    assert dialog.restore_button.isDefault()
    assert dialog.folder_button.text() == "Open another folder…"
    assert dialog.quit_button.text() == "Quit"
    dialog.restore_button.click()
    assert dialog.choice is Choice.RESTORE


def test_without_a_backup_there_is_no_restore_button(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / DATABASE_FILENAME).write_bytes(b"PK\x03\x04 a zip file, not Borte's" * 50)
    problem = problem_in(data)
    assert problem.backup is None
    dialog = DataFileDialog(None, problem)
    qtbot.addWidget(dialog)
    assert dialog.restore_button is None
    assert dialog.folder_button.isDefault()
    dialog.folder_button.click()
    assert dialog.choice is Choice.OTHER_FOLDER
    dialog = DataFileDialog(None, problem)
    qtbot.addWidget(dialog)
    dialog.quit_button.click()
    assert dialog.choice is Choice.QUIT


@pytest.fixture
def no_event_loop(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> list[str]:
    """Run run_gui up to the event loop; record the status line of each window it opened."""
    status: list[str] = []

    def fake_exec(*args: object) -> int:
        shown = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        for w in shown:
            qtbot.waitUntil(lambda w=w: not w.loading)  # the data is read on a thread
            status.append(w.statusBar().currentMessage())
            w.close()
            w.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    return status


def test_restore_from_the_dialog_keeps_the_damaged_file_and_opens_the_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_event_loop: list[str]
) -> None:
    db = damaged_folder(tmp_path / "data", trips=2)
    damaged = db.read_bytes()
    asked: list[DataFileProblem] = []
    told: list[str] = []

    def fake_ask(parent: object, problem: DataFileProblem) -> Choice:
        asked.append(problem)
        return Choice.RESTORE

    monkeypatch.setattr(DataFileDialog, "ask", fake_ask)
    monkeypatch.setattr(messages, "tell", lambda p, title, text, *_: told.append(text))
    assert run_gui(tmp_path / "data", log_file=None) == 0
    assert len(asked) == 1  # asked once; the restored file opened
    [status] = no_event_loop
    assert status.startswith("Me: 2 trips")
    [text] = told
    kept = next((tmp_path / "data").glob("borte-damaged-*.sqlite3"))
    assert f"The file it replaced is kept as {kept}." in text
    assert kept.read_bytes() == damaged


def test_a_failed_restore_is_shown_and_asked_again(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_event_loop: list[str]
) -> None:
    damaged_folder(tmp_path / "data")
    choices = [Choice.RESTORE, Choice.QUIT]
    warned: list[str] = []

    def fake_ask(parent: object, problem: DataFileProblem) -> Choice:
        assert problem.backup is not None
        problem.backup.path.unlink()  # gone between the dialog and the restore
        return choices.pop(0)

    monkeypatch.setattr(DataFileDialog, "ask", fake_ask)
    monkeypatch.setattr(messages, "tell", lambda p, title, text, *_: warned.append(text))
    assert run_gui(tmp_path / "data", log_file=None) == 1
    assert choices == []
    [text] = warned
    assert text.startswith("There is no backup called")
    assert not no_event_loop


def test_open_another_folder(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_event_loop: list[str]
) -> None:
    damaged_folder(tmp_path / "data")
    other = tmp_path / "other"
    answers: list[Path | None] = [None, other]  # the first time the user cancels the picker
    asked: list[Path] = []

    def fake_ask(parent: object, problem: DataFileProblem) -> Choice:
        asked.append(problem.problem.path)
        return Choice.OTHER_FOLDER

    monkeypatch.setattr(DataFileDialog, "ask", fake_ask)
    monkeypatch.setattr(data_file_dialog, "choose_folder", lambda parent, start: answers.pop(0))
    assert run_gui(tmp_path / "data", log_file=None) == 0
    assert asked == [tmp_path / "data" / DATABASE_FILENAME] * 2
    assert (other / DATABASE_FILENAME).exists()
    assert no_event_loop
