"""Two Borte processes writing to one data file at once never spoil each other's changes.

One process stands in for the window: it adds trips through the services in a loop. Meanwhile
the command line imports a 2,000-row CSV into the same file. Afterwards both sets are complete
and SQLite's integrity check passes.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.models.database import DATABASE_FILENAME

pytestmark = pytest.mark.slow

IMPORT_ROWS = 2000

WINDOW = """
import sys, time
from datetime import date, timedelta
from pathlib import Path
from app.main import open_services

services = open_services(Path(sys.argv[1]))
stop = Path(sys.argv[2])
me = services.people.default().id
i = 0
while not stop.exists():
    day = date(1990, 1, 1) + timedelta(days=i)
    trip = services.trips.add(me, day, day, "SE", note=f"window {i}", today=date(2025, 6, 30))
    print(trip.id, time.monotonic(), flush=True)
    i += 1
services.close()
"""


def _wait_for(lines: list[str], count: int, writer: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while len(lines) < count:
        assert writer.poll() is None, "the writer stopped early"
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_a_cli_import_and_the_app_writing_at_once_both_complete(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    stop = tmp_path / "stop"
    csv_file = tmp_path / "trips.csv"
    rows = ["departure,return,destination,note"]
    for i in range(IMPORT_ROWS):
        day = date(1960, 1, 1) + timedelta(days=i)
        rows.append(f"{day},{day + timedelta(days=2)},DE,import {i}")
    csv_file.write_text("\n".join(rows) + "\n", encoding="utf-8")
    env = {**os.environ, "BORTE_TODAY": "2025-06-30"}

    lines: list[str] = []
    with subprocess.Popen(
        [sys.executable, "-c", WINDOW, str(data_dir), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as window:
        # A thread collects the writer's reports, so the test can watch them arrive.
        reader = threading.Thread(target=lambda: lines.extend(window.stdout or ()), daemon=True)
        reader.start()
        try:
            _wait_for(lines, 10, window)
            started = time.monotonic()
            imported = subprocess.run(
                [sys.executable, "-m", "app", "trips", "import", str(csv_file)]
                + ["--data-dir", str(data_dir)],
                capture_output=True,
                text=True,
                env=env,
                timeout=120,
            )
            ended = time.monotonic()
            _wait_for(lines, len(lines) + 10, window)
        finally:
            stop.touch()
            window.wait(timeout=60)
            reader.join(timeout=60)
        errors = window.stderr.read() if window.stderr else ""
    assert window.returncode == 0, errors
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == f"Imported 2,000 trips from {csv_file}."
    window_trips = {int(line.split()[0]): float(line.split()[1]) for line in lines}
    # The window really was writing while the import ran.
    assert any(started < moment < ended for moment in window_trips.values())

    connection = sqlite3.connect(data_dir / DATABASE_FILENAME)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        notes = dict(connection.execute("SELECT id, note FROM trips").fetchall())
    finally:
        connection.close()
    assert all(notes.get(trip_id, "").startswith("window ") for trip_id in window_trips)
    window_notes = sorted(note for note in notes.values() if note.startswith("window "))
    assert len(window_notes) == len(window_trips)
    imported_notes = {note for note in notes.values() if note.startswith("import ")}
    assert imported_notes == {f"import {i}" for i in range(IMPORT_ROWS)}
    print(
        f"\ntwo writers: {len(window_trips)} trips added by the window process while the CLI "
        f"imported {len(imported_notes)}; integrity ok"
    )
