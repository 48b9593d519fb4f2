"""A write that waits for another writer can hand the waiting time back in slices (issue 12)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from sqlalchemy import text

from app.models.database import BUSY_TIMEOUT_MS, DATABASE_FILENAME, open_database

HOLD_S = 0.6


def test_a_waiting_write_calls_the_hook_between_tries_and_then_goes_ahead(tmp_path: Path) -> None:
    path = tmp_path / DATABASE_FILENAME
    told: list[str] = []
    slices: list[str] = []
    sessions = open_database(
        path, on_wait=lambda: told.append("wait"), while_waiting=lambda: slices.append("slice")
    )
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(HOLD_S, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        with sessions.begin() as session:
            session.execute(text("UPDATE people SET name = 'Waited' WHERE id = 1"))
            timeout = session.execute(text("PRAGMA busy_timeout")).scalar_one()
    finally:
        release.join()
        holder.close()
    assert len(slices) >= 3  # tries of WAIT_SLICE_MS, the hook between them
    assert told == []  # a wait shorter than BUSY_TIMEOUT_MS is not worth a message
    assert timeout == BUSY_TIMEOUT_MS  # the connection's own wait is back to normal
    with sessions() as session:
        assert session.execute(text("SELECT name FROM people WHERE id = 1")).scalar_one() == (
            "Waited"
        )
    sessions.kw["bind"].dispose()
