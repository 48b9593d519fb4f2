"""Diagnosing a data file before Borte opens it, without ever changing it.

`diagnose(path)` says whether a file is a healthy Borte database and, if not, exactly what is
wrong: missing, empty, cut short, not a database, another program's database, written by a
newer Borte, failing SQLite's integrity check, or unreadable. Opening a file for real writes to
it (WAL mode, migrations, the default person), so the composition root asks here first and
refuses bad files with `DataFileProblem`, whose message is one sentence for the user that also
names the newest good backup when there is one.

The file is only ever read: the header with `open("rb")`, the rest through SQLite opened
read-only. Without a -wal file beside it, that is `immutable=1`, which creates nothing beside
the file either; with one (another Borte has it open, or one was killed), `mode=ro`, which
reads the WAL too.
"""

from __future__ import annotations

import enum
import errno
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.models.database import HEAD_REVISION, SQLITE_HEADER, is_known_revision
from app.services.errors import DataFileError
from app.services.row_check import rows_misfit
from app.services.wording import _
from app.services.wording.core import sentence_start

if TYPE_CHECKING:
    from app.services.backups import BackupInfo

HEADER_BYTES = 100  # the database header (sqlite.org/fileformat.html §1.3)
BORTE_TABLES = frozenset({"alembic_version", "people", "trips"})


class ProblemKind(enum.StrEnum):
    """What is wrong with a data file."""

    MISSING = "missing"
    EMPTY = "empty"
    NOT_SQLITE = "not_sqlite"
    TRUNCATED = "truncated"
    DAMAGED = "damaged"
    NOT_BORTE = "not_borte"
    NEWER_SCHEMA = "newer_schema"
    UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A data file Borte must not open: `what` is the clause a user reads, `detail` for the log."""

    kind: ProblemKind
    path: Path
    what: str
    detail: str = ""
    # What to do, when restoring a backup would not help (a full disk, a folder in the way).
    advice: str = ""

    @property
    def restorable(self) -> bool:
        """Whether restoring a backup is a way out (else `advice` says what is)."""
        return not self.advice

    def message(self, backup: BackupInfo | None) -> str:
        """One sentence: what is wrong, that the file was left alone, and what to do."""
        if self.advice:
            return f"{_capital(self.what)}; Borte has left it as it is: {self.advice}."
        restore = (
            f"restore the newest good backup, {backup.label()}, " if backup is not None else ""
        )
        if self.kind is ProblemKind.MISSING:
            if backup is None:
                return f"{_capital(self.what)}; Borte will start a new, empty one."
            return (
                f"{_capital(self.what)}; Borte will start a new, empty one, so if you expected "
                f"your data here, {restore}or choose another data folder."
            )
        if self.kind is ProblemKind.UNREADABLE:
            advice = "check the file's owner and permissions, or choose another data folder"
        elif self.kind is ProblemKind.NEWER_SCHEMA:
            advice = (
                f"open it with that newer Borte, {restore}or choose another data folder"
                if backup is not None
                else "open it with that newer Borte, or choose another data folder"
            )
        elif backup is not None:
            advice = f"{restore}or choose another data folder"
        elif self.kind is ProblemKind.EMPTY:
            advice = (
                "there is no backup to restore, so if you have never saved anything in this "
                "folder, delete the file to start afresh, or else choose another data folder"
            )
        else:
            advice = "there is no backup to restore, so choose another data folder"
        return f"{_capital(self.what)}; Borte has left the file as it is: {advice}."


class DataFileProblem(DataFileError):
    """The data file cannot be opened; `problem` says why, `backup` is the newest good backup."""

    def __init__(self, problem: FileProblem, backup: BackupInfo | None) -> None:
        super().__init__(problem.message(backup))
        self.problem = problem
        self.backup = backup


def _capital(text: str) -> str:
    return sentence_start(text)


def _sizes_text(size: int, expected: int) -> tuple[str, str]:
    """Both sizes in one unit, exact bytes when rounding would make them look the same."""
    shown = _size_text(size), _size_text(expected)
    if shown[0] == shown[1]:
        return f"{size:,} bytes", f"{expected:,} bytes"
    return shown


def _size_text(size: int) -> str:
    if size < 10 * 1024:
        return f"{size:,} bytes"
    if size < 10 * 1024 * 1024:
        return f"{size / 1024:,.0f} KB"
    return f"{size / (1024 * 1024):,.1f} MB"


def diagnose(path: Path) -> FileProblem | None:
    """What is wrong with the data file at `path`, or None if Borte can open it.

    None also covers an SQLite file with no tables yet (a first start that was interrupted):
    opening sets it up, and there is nothing in it to lose.
    """
    wal = path.with_name(path.name + "-wal")
    try:
        if not path.exists():
            return FileProblem(ProblemKind.MISSING, path, f"there is no data file at {path}")
        if path.is_dir():
            return FileProblem(
                ProblemKind.NOT_SQLITE,
                path,
                f"{path} is a folder, where Borte's data file should be",
                advice="move or rename that folder (Borte needs the name for its data file), "
                "or choose another data folder",
            )
        size = path.stat().st_size
        with path.open("rb") as file:
            header = file.read(HEADER_BYTES)
        wal_size = wal.stat().st_size if wal.exists() else 0
    except OSError as err:
        return _unreadable(path, err)
    # With a live -wal file the main file can lag behind (it catches up at checkpoints), so
    # the size checks below only hold without one; SQLite itself judges the rest.
    if size == 0 and wal_size == 0:
        return FileProblem(
            ProblemKind.EMPTY,
            path,
            f"the data file {path} is empty (0 bytes), so its contents are gone",
        )
    if size > 0 and not header.startswith(SQLITE_HEADER[: len(header)]):
        return FileProblem(
            ProblemKind.NOT_SQLITE,
            path,
            f"{path} is not a Borte data file, nor any database: its first bytes are not "
            "SQLite's, so something else has overwritten it or it was never Borte's",
        )
    if wal_size == 0:
        truncated = _truncation(path, header, size)
        if truncated is not None:
            return truncated
    return _check_with_sqlite(path, has_wal=wal.exists())


def _truncation(path: Path, header: bytes, size: int) -> FileProblem | None:
    """A problem if the file is shorter than its own header says."""
    if size < HEADER_BYTES:
        return FileProblem(
            ProblemKind.TRUNCATED,
            path,
            f"the data file {path} is cut short: it has only {size} bytes, not even a whole "
            "header, as after a full disk or an interrupted copy",
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count is only valid when the change counter matches "version-valid-for"
    # (file format §1.3.7); older writers left it stale.
    if pages == 0 or header[24:28] != header[92:96] or page_size < 512:
        return None
    expected = page_size * pages
    if size >= expected:
        return None
    return FileProblem(
        ProblemKind.TRUNCATED,
        path,
        "the data file {} is cut short: it has {} of the {} it should have, as after a full "
        "disk or an interrupted copy".format(path, *_sizes_text(size, expected)),
        detail=f"size {size}, header says {pages} pages of {page_size} bytes",
    )


def _check_with_sqlite(path: Path, *, has_wal: bool) -> FileProblem | None:
    # immutable=1 skips locking, which is safe here: with no -wal file no Borte process has the
    # file open, and the main file only changes at a checkpoint of a WAL written meanwhile.
    uri = path.absolute().as_uri() + ("?mode=ro" if has_wal else "?immutable=1")
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as err:
        return _sqlite_problem(path, err)
    # Bytes, decoded here: a flipped bit in a name or in the integrity report itself must be
    # a finding, not a UnicodeDecodeError.
    connection.text_factory = bytes
    try:
        report = [_text(row[0]) for row in connection.execute("PRAGMA integrity_check")]
        if report != ["ok"]:
            return FileProblem(
                ProblemKind.DAMAGED,
                path,
                f"the data file {path} is damaged: SQLite's integrity check found broken "
                "pages in it",
                detail="; ".join(report[:5]),
            )
        tables = {
            _text(row[0])
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not _text(row[0]).startswith("sqlite_")
        }
        if not tables:
            return None
        if not tables >= BORTE_TABLES:
            return FileProblem(
                ProblemKind.NOT_BORTE,
                path,
                f"{path} is a database of another program, not a Borte data file",
                detail=f"tables: {', '.join(sorted(tables))[:200]}",
            )
        revisions = [_text(row[0]) for row in connection.execute("SELECT * FROM alembic_version")]
        misfit = (
            rows_misfit(connection, at_head=revisions == [HEAD_REVISION])
            if len(revisions) == 1
            else None
        )
    except sqlite3.Error as err:
        return _sqlite_problem(path, err)
    except (UnicodeDecodeError, ValueError) as err:
        return FileProblem(
            ProblemKind.DAMAGED,
            path,
            f"the data file {path} is damaged: parts of it cannot be read as text",
            detail=type(err).__name__,
        )
    finally:
        connection.close()
    if misfit is not None:
        what, detail = misfit
        return FileProblem(
            ProblemKind.DAMAGED, path, f"the data file {path} is damaged: {what}", detail=detail
        )
    if len(revisions) != 1:
        return FileProblem(
            ProblemKind.NOT_BORTE,
            path,
            f"{path} looks like a Borte data file but has no single schema revision, so Borte "
            "cannot tell what it holds",
            detail=f"alembic_version rows: {revisions[:5]}",
        )
    if not is_known_revision(revisions[0]):
        return FileProblem(
            ProblemKind.NEWER_SCHEMA,
            path,
            f"the data file {path} was written by a newer version of Borte (schema revision "
            f"{revisions[0]!r}), which this version cannot read",
        )
    return None


def _text(value: object) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _sqlite_problem(path: Path, err: sqlite3.Error) -> FileProblem:
    name = getattr(err, "sqlite_errorname", "")
    if name == "SQLITE_NOTADB":
        return FileProblem(
            ProblemKind.NOT_SQLITE,
            path,
            f"{path} is not a Borte data file, nor any database SQLite can read",
            detail=str(err),
        )
    if name == "SQLITE_FULL":
        return _disk_full(path, str(err))
    if name.startswith("SQLITE_CORRUPT"):
        return FileProblem(
            ProblemKind.DAMAGED,
            path,
            f"the data file {path} is damaged: SQLite reports its contents as malformed",
            detail=str(err),
        )
    return FileProblem(
        ProblemKind.UNREADABLE,
        path,
        _("Borte cannot read the data file {path} ({err})").format(path=path, err=err),
        detail=f"{name}: {err}",
    )


def _disk_full(path: Path, detail: str) -> FileProblem:
    return FileProblem(
        ProblemKind.UNREADABLE,
        path,
        f"the disk holding the data file {path} is full",
        detail=detail,
        advice="free some space on that disk, then start Borte again",
    )


def _unreadable(path: Path, err: OSError) -> FileProblem:
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return _disk_full(path, repr(err))
    reason = err.strerror or str(err)
    return FileProblem(
        ProblemKind.UNREADABLE,
        path,
        _("Borte cannot read the data file {path} ({reason})").format(path=path, reason=reason),
        detail=repr(err),
    )
