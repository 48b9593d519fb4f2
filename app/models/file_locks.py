"""Locks and leftovers beside the data file, shared by every Borte process on one folder.

A lock file (`borte.sqlite3.lock`) is held shared by every open connection and exclusively by a
restore, so a restore never replaces a file in use. Files being built (a first database, a
backup copy) are held with `holding`, so the next start can tell what a killed process left
(`is_abandoned`, `clean_leftovers`) from work still in progress.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.paths import make_private_dir

if sys.platform != "win32":
    import fcntl

log = logging.getLogger(__name__)

# How long opening waits for a restore in another process to finish (it takes well under 1 s).
LOCK_WAIT_SECONDS = 10.0


class DatabaseInUseError(RuntimeError):
    """Another Borte process has the file open, so it cannot be replaced now."""


def lock_path(db_path: Path) -> Path:
    """The lock file beside the database: shared while open, exclusive while restoring."""
    return db_path.with_name(db_path.name + ".lock")


def _open_lock_file(db_path: Path) -> int:
    return os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o600)


def take_shared_lock(db_path: Path) -> int | None:
    """Hold a shared lock on the lock file for as long as one SQLite connection is open.

    Restoring a backup replaces the file, which is only safe when no connection has it (or its
    -wal file) open; the restore takes the lock exclusively to know that. Any number of Borte
    processes (the window and the command line) can hold it shared at once.
    """
    if sys.platform == "win32":
        # No flock; there, replacing a file another process has open fails by itself.
        return None
    fd = _open_lock_file(db_path)
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                raise DatabaseInUseError(
                    f"{db_path} is being restored from a backup by another Borte process."
                ) from None
            time.sleep(0.05)
        except BaseException:
            os.close(fd)
            raise


@contextmanager
def exclusive_lock(db_path: Path) -> Iterator[None]:
    """Hold the lock file exclusively: no Borte process has the database open meanwhile.

    Raises:
        DatabaseInUseError: at once, if a Borte process has the file open.
    """
    if sys.platform == "win32":
        yield
        return
    make_private_dir(db_path.parent)
    fd = _open_lock_file(db_path)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DatabaseInUseError(f"Another Borte process has {db_path} open.") from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


@contextmanager
def holding(path: Path) -> Iterator[None]:
    """Hold an exclusive flock on the file at `path` for the block (POSIX; no-op elsewhere).

    A file being written (a new database being built, a backup being copied) is held this
    way, so that `is_abandoned` can tell a leftover of a killed process from work in progress.
    """
    if sys.platform == "win32":
        yield
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextmanager
def creating(path: Path) -> Iterator[None]:
    """Create `path` (0600, it must not exist) and hold it as `holding` does, from the start.

    Creating and then locking leaves an instant in which another start's `clean_leftovers`
    sees an unheld file and removes it; so the lock is taken on the descriptor that created
    the file, and if the file was removed in that instant anyway (the name no longer leads to
    our file), it is made again.
    """
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            if sys.platform != "win32":
                fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                ours = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                ours = False
        except BaseException:
            os.close(fd)
            raise
        if ours:
            break
        os.close(fd)
    try:
        yield
    finally:
        os.close(fd)


def is_abandoned(path: Path) -> bool:
    """Whether nobody holds `path` (see `holding`): it was left by a process that died."""
    if sys.platform == "win32":
        return False  # no flock: leave it, rather than delete work in progress
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def remove_if_abandoned(path: Path) -> bool:
    """Delete `path` and its sidecars if nobody holds it; whether it went.

    The file is removed while the test lock is still held: checking, letting go and then
    removing would let a process that locks the file in between (`creating`) lose it.
    """
    if sys.platform == "win32":
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        remove_with_sidecars(path)
        return True
    finally:
        os.close(fd)


def remove_with_sidecars(path: Path) -> None:
    """Delete `path` and any -wal, -shm or -journal SQLite left beside it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def restoring_path(db_path: Path) -> Path:
    """Where a restore builds the new data file before renaming it into place."""
    return db_path.with_name(f".{db_path.name}.restoring")


def clean_leftovers(db_path: Path) -> list[Path]:
    """Remove what killed Borte processes left beside the data file; returns what went.

    A first start builds `.borte.sqlite3.new-<pid>` (with -wal, -shm) and a restore builds
    `.borte.sqlite3.restoring`, a full copy of personal data. Either is removed once nobody
    is working on it: the first while not held (`is_abandoned`), the second while no restore
    runs, which is whenever a shared lock on the lock file can be had.
    """
    removed: list[Path] = []
    folder = db_path.parent
    try:
        candidates = list(folder.glob(f".{db_path.name}.new-*"))
    except OSError:
        return removed
    for path in candidates:
        if path.name.endswith(("-wal", "-shm", "-journal")):
            if not path.with_name(path.name.rsplit("-", 1)[0]).exists():
                path.unlink(missing_ok=True)  # the main file went; the sidecar is an orphan
                removed.append(path)
            continue
        if remove_if_abandoned(path):
            removed.append(path)
    staging = restoring_path(db_path)
    if staging.exists() and sys.platform != "win32":
        held = take_shared_lock(db_path)  # waits for a restore in progress to finish
        try:
            if staging.exists():
                remove_with_sidecars(staging)
                removed.append(staging)
        finally:
            if held is not None:
                os.close(held)
    for path in removed:
        log.info("Removed %s, left by a Borte that was stopped", path.name)
    return removed
