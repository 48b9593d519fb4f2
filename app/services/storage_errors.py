"""True sentences for what can go wrong while reading or writing the data file.

SQLite reports a locked file, a read-only file, a full disk, a permission problem and a damaged
file with distinct result codes; each gets its own sentence here, so a healthy file that is
merely busy is never called damaged. `translate` is handed to the database engine
(`app.models.database.make_engine`), which raises what it returns in place of the driver's
error, so the window and the command line see an `AppError` they can show.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from app.services.errors import AppError, DataFileError
from app.services.wording import _


class DatabaseBusyError(DataFileError):
    """Another process kept the data file locked for longer than Borte waits."""


class ReadOnlyDataError(DataFileError):
    """A change was asked of a data file that is read-only."""


class DiskFullError(DataFileError):
    """The disk holding the data file is full."""


class NoAccessError(DataFileError):
    """The data file or its folder cannot be opened (owner, permissions)."""


class DiskError(DataFileError):
    """The operating system reported an input/output error."""


class DamagedDataError(DataFileError):
    """SQLite found the file damaged while using it (after the check at start passed)."""


def read_only_message(path: Path) -> str:
    """The sentence for a refused change to a read-only data file."""
    return _(
        "The data file {path} is read-only, so Borte opened it read-only and changed nothing; to "
        "make changes, make the file and its folder writable (for example with chmod u+w)."
    ).format(path=path)


def translate(err: BaseException, path: Path) -> AppError | None:
    """The `AppError` that says truly what `err` (a driver or OS error) means, or None."""
    if isinstance(err, OSError) and not isinstance(err, sqlite3.Error):
        return _from_errno(err, path)
    if not isinstance(err, sqlite3.Error):
        return None
    name = getattr(err, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return DatabaseBusyError(
            _(
                "The data file {path} is locked by another program (another Borte, or a copy or "
                "sync tool) and stayed locked while Borte waited, so Borte changed nothing; try "
                "again once it has finished."
            ).format(path=path)
        )
    if name.startswith("SQLITE_READONLY"):
        return ReadOnlyDataError(read_only_message(path))
    if name == "SQLITE_FULL":
        return _disk_full(path)
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return _no_access(path)
    if name.startswith("SQLITE_IOERR"):
        return DiskError(
            _(
                "The disk reported an error while Borte used {path}, so the last change may not "
                "have been saved; check the disk, then start Borte again."
            ).format(path=path)
        )
    if name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB" or "decode" in str(err):
        return DamagedDataError(
            _(
                "The data file {path} turned out to be damaged while Borte was using it; Borte "
                "stopped without changing it: restore a backup ('borte backup list', then 'borte "
                "backup restore ID', or File > Backups… in the window)."
            ).format(path=path)
        )
    return None


def _from_errno(err: OSError, path: Path) -> AppError | None:
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return _disk_full(path)
    if err.errno in (errno.EACCES, errno.EPERM):
        return _no_access(path)
    if err.errno == errno.EROFS:
        return ReadOnlyDataError(read_only_message(path))
    return None


def _disk_full(path: Path) -> DiskFullError:
    return DiskFullError(
        _(
            "The disk holding {path} is full, so Borte saved nothing of the last change; free "
            "some space and try again."
        ).format(path=path)
    )


def _no_access(path: Path) -> NoAccessError:
    return NoAccessError(
        _(
            "Borte has no permission to open the data file {path} or to create its companion "
            "files (-wal, -shm) beside it: check the owner and permissions of the file and its "
            "folder, or choose another data folder."
        ).format(path=path)
    )
