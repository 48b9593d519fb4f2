"""Issue 11 items 7 and 13: the window tells about a failed backup and a read-only file."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.main import open_services, run_gui, show_waiting
from app.models.database import DATABASE_FILENAME
from app.ui import messages
from app.ui.main_window import MainWindow


def _run(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> tuple[list[str], list[str]]:
    told: list[str] = []
    titles: list[str] = []
    monkeypatch.setattr(messages, "tell", lambda parent, title, text, *_: told.append(text))

    def fake_exec(*args: object) -> int:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        deadline = time.monotonic() + 30
        while any(w.loading for w in windows) and time.monotonic() < deadline:
            QApplication.processEvents()  # the data is read on a worker thread
            time.sleep(0.01)
        QApplication.processEvents()
        titles.extend(w.windowTitle() for w in windows if w.isVisible())
        for w in windows:
            w.close()
            w.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert run_gui(data_dir, log_file=None) == 0
    return told, titles


def test_a_failed_backup_is_shown_in_the_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    open_services(data_dir).close()
    for path in (data_dir / "backups").iterdir():
        path.unlink()
    (data_dir / "backups").rmdir()
    (data_dir / "backups").write_text("in the way")

    told, _ = _run(monkeypatch, data_dir)
    assert len(told) == 1
    assert "backups folder" in told[0]


def test_a_read_only_file_says_so_in_the_title(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    open_services(data_dir).close()
    (data_dir / DATABASE_FILENAME).chmod(0o400)

    told, titles = _run(monkeypatch, data_dir)
    assert told == []
    assert titles == ["Borte (read-only)"]


HOLDER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(2.0)
connection.execute("COMMIT")
"""


def test_a_change_that_waits_for_another_writer_says_so_in_the_status_bar(
    window: MainWindow, tmp_path: Path
) -> None:
    services = open_services(tmp_path / "other", on_wait=show_waiting)
    try:
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(tmp_path / "other" / DATABASE_FILENAME)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        me = services.people.default().id
        services.trips.add(me, date(2024, 1, 1), date(2024, 1, 2), "SE", today=date(2025, 6, 30))
        assert "Waiting for another Borte" in window.statusBar().currentMessage()
        holder.wait(10)
        holder.stdout.close()
    finally:
        services.close()
