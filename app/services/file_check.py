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
from app.services.wording import _, current_language, ngettext
from app.services.wording.core import sentence_start
from app.services.wording.formats import format_count, format_number

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
        what = _capital(self.what)
        if self.advice:
            return _("{what}; Borte has left it as it is: {advice}.").format(
                what=what, advice=self.advice
            )
        label = backup.label() if backup is not None else ""
        if self.kind is ProblemKind.MISSING:
            if backup is None:
                return _("{what}; Borte will start a new, empty one.").format(what=what)
            return _(
                "{what}; Borte will start a new, empty one, so if you expected your data here, "
                "restore the newest good backup, {backup}, or choose another data folder."
            ).format(what=what, backup=label)
        if self.kind is ProblemKind.UNREADABLE:
            advice = _("check the file's owner and permissions, or choose another data folder")
        elif self.kind is ProblemKind.NEWER_SCHEMA:
            advice = (
                _(
                    "open it with that newer Borte, restore the newest good backup, {backup}, or "
                    "choose another data folder"
                ).format(backup=label)
                if backup is not None
                else _("open it with that newer Borte, or choose another data folder")
            )
        elif backup is not None:
            advice = _(
                "restore the newest good backup, {backup}, or choose another data folder"
            ).format(backup=label)
        elif self.kind is ProblemKind.EMPTY:
            advice = _(
                "there is no backup to restore, so if you have never saved anything in this "
                "folder, delete the file to start afresh, or else choose another data folder"
            )
        else:
            advice = _("there is no backup to restore, so choose another data folder")
        return _("{what}; Borte has left the file as it is: {advice}.").format(
            what=what, advice=advice
        )


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
        return _bytes(size), _bytes(expected)
    return shown


def _bytes(size: int) -> str:
    return ngettext("{count} byte", "{count} bytes", size).format(count=format_count(size))


def _size_text(size: int) -> str:
    if size < 10 * 1024:
        return _bytes(size)
    if size < 10 * 1024 * 1024:
        return _("{size} KB").format(size=format_count(round(size / 1024)))
    if current_language() == "en":
        return _("{size} MB").format(size=f"{size / (1024 * 1024):,.1f}")
    return _("{size} MB").format(size=format_number(size / (1024 * 1024), 1))


def diagnose(path: Path) -> FileProblem | None:
    """What is wrong with the data file at `path`, or None if Borte can open it.

    None also covers an SQLite file with no tables yet (a first start that was interrupted):
    opening sets it up, and there is nothing in it to lose.
    """
    wal = path.with_name(path.name + "-wal")
    try:
        if not path.exists():
            return FileProblem(
                ProblemKind.MISSING, path, _("there is no data file at {path}").format(path=path)
            )
        if path.is_dir():
            return FileProblem(
                ProblemKind.NOT_SQLITE,
                path,
                _("{path} is a folder, where Borte's data file should be").format(path=path),
                advice=_(
                    "move or rename that folder (Borte needs the name for its data file), or "
                    "choose another data folder"
                ),
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
            _("the data file {path} is empty (0 bytes), so its contents are gone").format(
                path=path
            ),
        )
    if size > 0 and not header.startswith(SQLITE_HEADER[: len(header)]):
        return FileProblem(
            ProblemKind.NOT_SQLITE,
            path,
            _(
                "{path} is not a Borte data file, nor any database: its first bytes are not "
                "SQLite's, so something else has overwritten it or it was never Borte's"
            ).format(path=path),
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
            _(
                "the data file {path} is cut short: it has only {size} bytes, not even a whole "
                "header, as after a full disk or an interrupted copy"
            ).format(path=path, size=size),
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
        _(
            "the data file {path} is cut short: it has {size} of the {expected} it should have, "
            "as after a full disk or an interrupted copy"
        ).format(
            path=path, size=_sizes_text(size, expected)[0], expected=_sizes_text(size, expected)[1]
        ),
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
                _(
                    "the data file {path} is damaged: SQLite's integrity check found broken "
                    "pages in it"
                ).format(path=path),
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
                _("{path} is a database of another program, not a Borte data file").format(
                    path=path
                ),
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
            _("the data file {path} is damaged: parts of it cannot be read as text").format(
                path=path
            ),
            detail=type(err).__name__,
        )
    finally:
        connection.close()
    if misfit is not None:
        what, detail = misfit
        return FileProblem(
            ProblemKind.DAMAGED,
            path,
            _("the data file {path} is damaged: {what}").format(path=path, what=what),
            detail=detail,
        )
    if len(revisions) != 1:
        return FileProblem(
            ProblemKind.NOT_BORTE,
            path,
            _(
                "{path} looks like a Borte data file but has no single schema revision, so Borte "
                "cannot tell what it holds"
            ).format(path=path),
            detail=f"alembic_version rows: {revisions[:5]}",
        )
    if not is_known_revision(revisions[0]):
        return FileProblem(
            ProblemKind.NEWER_SCHEMA,
            path,
            _(
                "the data file {path} was written by a newer version of Borte (schema revision "
                "{revisions!r}), which this version cannot read"
            ).format(path=path, revisions=revisions[0]),
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
            _("{path} is not a Borte data file, nor any database SQLite can read").format(
                path=path
            ),
            detail=str(err),
        )
    if name == "SQLITE_FULL":
        return _disk_full(path, str(err))
    if name.startswith("SQLITE_CORRUPT"):
        return FileProblem(
            ProblemKind.DAMAGED,
            path,
            _("the data file {path} is damaged: SQLite reports its contents as malformed").format(
                path=path
            ),
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
        _("the disk holding the data file {path} is full").format(path=path),
        detail=detail,
        advice=_("free some space on that disk, then start Borte again"),
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
