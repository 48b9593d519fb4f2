"""Issue 11 items 3 and 13: a busy or read-only data file is never called damaged.

Another process holds SQLite's write lock (as a long import in the window would): reads go
ahead at once, writes say they are waiting and then complete, and a write that waits too long
gets a sentence about the lock. A `chmod 400` data file is opened read-only, left as it is, and
every change is refused with one sentence.
"""

from __future__ import annotations

import hashlib
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.models import database
from app.models.database import DATABASE_FILENAME
from tests.integration.conftest import Borte

HOLDER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""


@pytest.fixture
def db_path(borte: Borte, tmp_path: Path) -> Path:
    result = borte("trips", "add", "--departure", "2025-01-01", "--return", "2025-01-05")
    assert result.code == 0, result.err
    return tmp_path / "data" / DATABASE_FILENAME


def _hold_write_lock(db_path: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


@pytest.fixture
def held(db_path: Path, request: pytest.FixtureRequest) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the write lock for 2.5 s (or `param` seconds)."""
    holder = _hold_write_lock(db_path, getattr(request, "param", 2.5))
    yield holder
    if holder.poll() is None:
        holder.kill()  # a test that did not wait for it
    holder.wait(10)
    assert holder.stdout is not None
    holder.stdout.close()


@pytest.mark.parametrize("held", [10.0], indirect=True)  # long: a slow machine reads in time
def test_a_read_does_not_wait_for_a_writer(borte: Borte, held: subprocess.Popen[str]) -> None:
    started = time.monotonic()
    result = borte("trips", "list")
    assert result.code == 0, result.err
    assert "2025-01-01" in result.out
    assert held.poll() is None, "the read waited for the writer to finish"
    assert time.monotonic() - started < 8.0


def test_a_write_queues_says_so_and_completes(borte: Borte, held: subprocess.Popen[str]) -> None:
    result = borte("trips", "add", "--departure", "2025-02-01", "--return", "2025-02-03")
    assert result.code == 0, result.err
    assert held.poll() is not None  # it did wait for the lock
    assert "waiting for another Borte to finish writing" in result.err
    assert "Added trip 2." in result.out


def test_a_write_that_waits_too_long_names_the_lock_not_damage(
    borte: Borte, held: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "WRITE_WAIT_SECONDS", 0.5)
    result = borte("trips", "add", "--departure", "2025-02-01", "--return", "2025-02-03")
    line = result.err.splitlines()[-1]
    assert result.code == 2, result.err
    assert "is locked by another program" in line
    assert "damaged" not in result.err
    assert "Traceback" not in result.err


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_read_only_file_is_opened_read_only_and_changes_are_refused(
    borte: Borte, db_path: Path
) -> None:
    assert borte("trips", "list").code == 0  # folds the WAL in, so the file is complete
    for leftover in ("-wal", "-shm"):
        db_path.with_name(db_path.name + leftover).unlink(missing_ok=True)
    db_path.chmod(0o400)
    before = _digest(db_path)

    listed = borte("trips", "list")
    assert listed.code == 0, listed.err
    assert "2025-01-01" in listed.out
    refused = borte("trips", "add", "--departure", "2025-03-01", "--return", "2025-03-02")
    line = refused.one_line_error()
    assert "is read-only, so Borte opened it read-only and changed nothing" in line
    removed = borte("trips", "remove", "1")
    assert "is read-only" in removed.one_line_error()

    assert stat.S_IMODE(db_path.stat().st_mode) == 0o400  # not "fixed" back to 0600
    assert _digest(db_path) == before
    assert "2025-01-01" in borte("trips", "list").out
