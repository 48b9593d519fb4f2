"""A change that waits for another Borte's write keeps the window painting (issue 12)."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from app.main import keep_painting, open_services, show_waiting
from app.models.database import DATABASE_FILENAME
from app.ui.main_window import MainWindow

HOLD_S = 1.5
HOLDER = f"""
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep({HOLD_S})
connection.execute("COMMIT")
"""


def test_a_waiting_change_keeps_the_window_painting_and_is_saved(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    services = open_services(tmp_path / "other", on_wait=show_waiting, while_waiting=keep_painting)
    beats: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(20)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    try:
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(tmp_path / "other" / DATABASE_FILENAME)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        me = services.people.default().id
        heartbeat.start()
        began = time.perf_counter()
        trip = services.trips.add(
            me, date(2024, 1, 1), date(2024, 1, 2), "SE", today=date(2025, 6, 30)
        )
        waited = time.perf_counter() - began
        heartbeat.stop()
        holder.wait(10)
        holder.stdout.close()
    finally:
        services.close()
    assert waited >= HOLD_S * 0.5  # it did wait for the other writer
    # The window's timers kept running (and so its painting): no gap near the whole wait.
    assert len(beats) >= 10
    gaps = [b - a for a, b in zip(beats, beats[1:], strict=False)]
    assert max(gaps) < 0.5, max(gaps)
    assert "Waiting for another Borte" in window.statusBar().currentMessage()
    # Nothing is lost: the change is in the file.
    reopened = open_services(tmp_path / "other")
    try:
        assert [t.id for t in reopened.trips.list(me)] == [trip.id]
    finally:
        reopened.close()
