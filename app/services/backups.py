"""Backups of the data file: made, listed, pruned and restored.

A backup is a consistent copy made with SQLite's online backup API (`sqlite3.Connection.backup`),
which reads through the WAL like any reader, so the window and the command line can keep
writing meanwhile. Copies go to `backups/` beside the data file, named after when (UTC) and
why they were made, `2026-11-23T10-15-00Z_daily.sqlite3`; that name without `.sqlite3` is the
backup's id. Each copy is a self-contained file (journal mode DELETE, no -wal beside it) that
any SQLite tool can open. The folder is 0700 and the files 0600, like the data file.

When: at start at most once a day (`daily_backup_if_due`), before every schema migration (the
composition root passes `backup_now` to `open_database`), before a restore replaces the
file, before deleting a person or all their trips, and when a window or a command that
changed something closes (`backup_latest`: one rolling "latest" copy, so the newest backup
always holds the newest changes). `prune` keeps the newest N (the `backups_to_keep` setting).

A backup stamped in the future (the clock was wrong when it was made) is listed, but ordered
as the oldest: otherwise it would count as today's copy forever, and pruning would delete
each new copy the moment it was made.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sqlite3
import sys
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.models.database import DATABASE_FILENAME
from app.models.file_locks import (
    DatabaseInUseError,
    creating,
    exclusive_lock,
    remove_if_abandoned,
    remove_with_sidecars,
    restoring_path,
)
from app.paths import make_private_dir
from app.services.errors import DataFileError, NotFoundError
from app.services.file_check import ProblemKind, diagnose
from app.services.wording import _

log = logging.getLogger(__name__)

BACKUPS_DIRNAME = "backups"
SUFFIX = ".sqlite3"
DAILY = "daily"
BEFORE_MIGRATION = "before-migration"
BEFORE_RESTORE = "before-restore"
BEFORE_DELETE = "before-delete"
LATEST = "latest"
DAILY_INTERVAL = timedelta(days=1)
# A half-written copy left by a process that was killed; newer ones may still be in progress.
STALE_PARTIAL = timedelta(hours=1)

_STAMP_FORMAT = "%Y-%m-%dT%H-%M-%SZ"
_NAME = re.compile(
    r"(?P<stamp>\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)_(?P<reason>[a-z]+(?:-[a-z]+)*)"
    r"(?:_(?P<n>[0-9]+))?"
)
_PARTIAL = ".partial"


class BackupError(DataFileError):
    """A backup could not be made or restored; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file; `trip_count` is None when it was not counted or cannot be read."""

    id: str
    path: Path
    created: datetime  # UTC
    reason: str
    size: int
    trip_count: int | None
    # What is wrong with it (a clause from `diagnose`), when it was checked and is damaged.
    problem: str | None = None

    def label(self) -> str:
        """`2026-11-23T10-15-00Z_daily (12 trips, made 2026-11-23 11:15)`, in local time."""
        made = self.created.astimezone().strftime("%Y-%m-%d %H:%M")
        if self.trip_count is None:
            return f"{self.id} (made {made})"
        trips = "1 trip" if self.trip_count == 1 else f"{self.trip_count:,} trips"
        return f"{self.id} ({trips}, made {made})"


@dataclass(frozen=True, slots=True)
class Restored:
    """The outcome of `restore`: what was put in place, and where the replaced file went."""

    backup: BackupInfo
    previous: Path | None  # a backup of the replaced file, or the damaged file moved aside


def backups_dir(data_dir: Path) -> Path:
    """The folder holding the backups of the data file in `data_dir`."""
    return data_dir / BACKUPS_DIRNAME


def _now(now: datetime | None) -> datetime:
    return datetime.now(UTC) if now is None else now.astimezone(UTC)


def backup_now(db_path: Path, reason: str, *, now: datetime | None = None) -> BackupInfo:
    """Write a consistent copy of the database at `db_path` to its backups folder.

    Raises:
        BackupError: if the copy cannot be made (the database is unreadable, the disk full).
    """
    if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", reason):
        raise ValueError(
            _("Backup reasons are lower-case words joined by '-': {reason!r}").format(reason=reason)
        )
    created = _now(now).replace(microsecond=0)
    folder = backups_dir(db_path.parent)
    try:
        _make_private_dir(folder)
        # Per process, so that two Borte processes backing up in the same second never
        # write into one file; the final name is claimed with a link, which fails if taken.
        partial = folder / f"{created.strftime(_STAMP_FORMAT)}_{reason}.{os.getpid()}{_PARTIAL}"
        partial.unlink(missing_ok=True)  # this process's own, from an earlier failure
        try:
            with creating(partial):  # held from its creation, so prune never takes it
                _copy_database(db_path, partial)
                size = partial.stat().st_size
                trips = _count_trips(partial)
                target = _claim_name(partial, folder, created, reason)
        finally:
            with contextlib.suppress(OSError):
                remove_with_sidecars(partial)
        _fsync_dir(folder)
    except (OSError, sqlite3.Error) as err:
        reason_text = getattr(err, "strerror", None) or str(err)
        raise BackupError(
            _(
                "Borte could not back up {db_path} to {folder} ({reason_text}); free some disk "
                "space or check the folder's permissions."
            ).format(db_path=db_path, folder=folder, reason_text=reason_text)
        ) from err
    # Built here, not read back: another Borte may prune the new file at once.
    info = BackupInfo(
        id=target.stem, path=target, created=created, reason=reason, size=size, trip_count=trips
    )
    log.info("Backed up %s to %s (%s)", db_path, target, reason)
    return info


def _copy_database(source_path: Path, target: Path) -> None:
    """Copy with the online backup API into `target`, then make it a self-contained file."""
    source = sqlite3.connect(source_path.absolute().as_uri() + "?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(target)
        try:
            # One step (pages=-1, the default) copies everything under one read transaction,
            # so the copy is one consistent snapshot even while another process writes.
            source.backup(copy)
            # The copied header says WAL; switch the copy to a plain file with no -wal beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    finally:
        source.close()
    _fsync(target)


def list_backups(
    data_dir: Path, *, count_trips: bool = True, check: bool = False, now: datetime | None = None
) -> list[BackupInfo]:
    """The backups in `data_dir`, newest first; `count_trips` opens each to count its trips.

    `check` also runs `diagnose` on each and fills in `problem` for damaged ones, which are
    listed (so the user sees them) but never chosen as the newest good backup.
    """
    folder = backups_dir(data_dir)
    try:
        paths = [path for path in folder.iterdir() if path.suffix == SUFFIX]
    except FileNotFoundError:
        return []
    except OSError as err:
        raise BackupError(
            _(
                "Borte cannot read the backups folder {folder} ({strerror}); check its permissions."
            ).format(folder=folder, strerror=err.strerror)
        ) from err
    infos = [info for path in paths if (info := _info(path, count_trips=count_trips)) is not None]
    if check:
        infos = [_checked(info) for info in infos]
    moment = _now(now)
    return sorted(infos, key=lambda info: _order(info, moment), reverse=True)


def _checked(info: BackupInfo) -> BackupInfo:
    problem = diagnose(info.path)
    if problem is None:
        return info
    log.warning("Backup %s is damaged (%s)", info.id, problem.kind)
    return replace(info, problem=problem.what, trip_count=None)


# How far ahead of the clock a backup's stamp may be before it counts as made by a wrong clock.
CLOCK_SLACK = timedelta(minutes=5)


def _order(info: BackupInfo, now: datetime) -> tuple[bool, datetime, int, int]:
    """Newest by name; within one second, the `_2` suffix, then when the file was written.

    Future-dated ones first of all sort as older than every other (see the module docstring).
    """
    match = _NAME.fullmatch(info.id)
    number = int(match["n"] or 1) if match else 1
    try:
        written = info.path.stat().st_mtime_ns
    except OSError:
        written = 0
    return info.created <= now + CLOCK_SLACK, info.created, number, written


def _info(path: Path, *, count_trips: bool) -> BackupInfo | None:
    match = _NAME.fullmatch(path.stem)
    if match is None or path.suffix != SUFFIX:
        return None
    created = _stamp_time(match["stamp"])
    if created is None:
        return None  # named like a backup, with a time that cannot be: not one Borte made
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return BackupInfo(
        id=path.stem,
        path=path,
        created=created,
        reason=match["reason"],
        size=size,
        trip_count=_count_trips(path) if count_trips else None,
    )


def _count_trips(path: Path) -> int | None:
    try:
        connection = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT count(*) FROM trips").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return int(row[0])


def find_backup(data_dir: Path, backup_id: str) -> BackupInfo:
    """The backup called `backup_id` (its file name with or without `.sqlite3`).

    Raises:
        NotFoundError: naming how to list the backups.
    """
    wanted = backup_id.strip().removesuffix(SUFFIX)
    for info in list_backups(data_dir):
        if info.id == wanted:
            return info
    raise NotFoundError(
        _(
            "There is no backup called {backup_id!r} in {data_dir}; list them with 'borte backup "
            "list' and use an id from there."
        ).format(backup_id=backup_id, data_dir=backups_dir(data_dir))
    )


def newest_good_backup(data_dir: Path) -> BackupInfo | None:
    """The newest backup that this Borte can open (passes `diagnose`), if any."""
    try:
        backups = list_backups(data_dir)
    except BackupError:
        return None
    return next((info for info in backups if diagnose(info.path) is None), None)


def prune(data_dir: Path, keep: int, *, now: datetime | None = None) -> list[BackupInfo]:
    """Delete all but the newest `keep` backups (and stale half-made copies); returns those gone."""
    if keep < 1:
        raise ValueError(_("Keep at least one backup."))
    # Ordered newest first, future-dated last: those go first (see _order).
    removed = list_backups(data_dir, count_trips=False, now=now)[keep:]
    for info in removed:
        with contextlib.suppress(FileNotFoundError):  # another Borte process pruned it first
            info.path.unlink()
        log.info("Removed old backup %s", info.path)
    clean_partials(data_dir, now=now)
    return removed


def clean_partials(data_dir: Path, *, now: datetime | None = None) -> None:
    """Remove half-made copies (and their -journal, -wal) left by a killed Borte.

    A copy in progress is held (`holding`); one nobody holds, or one older than
    STALE_PARTIAL where there is no flock (Windows), is a leftover.
    """
    cutoff = (_now(now) - STALE_PARTIAL).timestamp()
    with contextlib.suppress(OSError):
        for path in backups_dir(data_dir).glob(f"*{_PARTIAL}*"):
            if not path.name.endswith(_PARTIAL):
                if not path.with_name(path.name.rsplit("-", 1)[0]).exists():
                    path.unlink(missing_ok=True)  # a sidecar whose copy is gone
                continue
            if remove_if_abandoned(path):
                log.info("Removed %s, left by a Borte that was stopped", path.name)
            elif path.stat().st_mtime < cutoff:
                remove_with_sidecars(path)
                log.info("Removed %s, left by a Borte that was stopped", path.name)


def daily_backup_if_due(
    db_path: Path, *, keep: int, now: datetime | None = None
) -> BackupInfo | None:
    """Back up `db_path` unless a backup of it is less than a day old; then prune to `keep`.

    Returns the new backup, or None if none was due. A "before-restore" backup does not count:
    it holds the file a restore replaced, not the current one.
    """
    moment = _now(now)
    newest = next(
        (
            info
            for info in list_backups(db_path.parent, count_trips=False, now=moment)
            if info.reason != BEFORE_RESTORE
        ),
        None,
    )
    made: BackupInfo | None = None
    # A backup dated in the future (the clock was wrong) must not stop backups for good.
    if newest is None or not moment - DAILY_INTERVAL < newest.created <= moment + CLOCK_SLACK:
        made = backup_now(db_path, DAILY, now=moment)
    prune(db_path.parent, keep, now=moment)
    return made


def backup_before_delete(data_dir: Path) -> BackupInfo | None:
    """Back up the data file in `data_dir` before a person or many trips are deleted.

    Returns None when there is no file there (an in-memory database in tests).

    Raises:
        BackupError: the copy could not be made.
    """
    db_path = data_dir / DATABASE_FILENAME
    if not db_path.exists():
        return None
    return backup_now(db_path, BEFORE_DELETE)


def backup_latest(db_path: Path, *, keep: int, now: datetime | None = None) -> BackupInfo:
    """Back up `db_path` as the one rolling "latest" copy (older "latest" ones go), then prune.

    Called when a window or command that changed the data closes, so that the newest good
    backup always holds the newest changes rather than the day's first copy.
    """
    made = backup_now(db_path, LATEST, now=now)
    for info in list_backups(db_path.parent, count_trips=False, now=now):
        if info.reason == LATEST and info.id != made.id:
            with contextlib.suppress(FileNotFoundError):
                info.path.unlink()
    prune(db_path.parent, keep, now=now)
    return made


def restore(data_dir: Path, backup_id: str, *, now: datetime | None = None) -> Restored:
    """Replace the data file with a backup, after backing up the file it replaces.

    A healthy current file is backed up like any other ("before-restore"); a damaged one is
    kept, unchanged, as `borte-damaged-<time>.sqlite3` in the data folder. The new file
    is put in place with one atomic rename, so a crash leaves either the old or the new file.
    Every Borte process must have closed the database first (the window closes its own).

    Raises:
        NotFoundError: no such backup.
        BackupError: the backup is damaged or the file is in use or cannot be replaced.
    """
    moment = _now(now)
    backup = find_backup(data_dir, backup_id)
    problem = diagnose(backup.path)
    if problem is not None:
        raise BackupError(
            _("The backup {id} cannot be restored: {what}; choose another backup.").format(
                id=backup.id, what=problem.what
            )
        )
    db_path = data_dir / DATABASE_FILENAME
    staging = restoring_path(data_dir / DATABASE_FILENAME)
    try:
        with exclusive_lock(db_path):
            _create_private(staging)
            try:
                _copy_database(backup.path, staging)
                previous = _set_aside(db_path, moment)
                _remove_sidecars(db_path)
                os.replace(staging, db_path)
            finally:
                with contextlib.suppress(OSError):
                    remove_with_sidecars(staging)
            _fsync_dir(data_dir)
    except DatabaseInUseError as err:
        raise BackupError(
            _(
                "Borte did not restore {id}: another Borte (the window or a command) is using "
                "this data folder; close it and try again."
            ).format(id=backup.id)
        ) from err
    except (OSError, sqlite3.Error) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise BackupError(
            _(
                "Borte could not restore {id} ({reason}); the data file was left as it was, so "
                "free some disk space or check the folder's permissions and try again."
            ).format(id=backup.id, reason=reason)
        ) from err
    log.info("Restored %s from %s; the previous file is at %s", db_path, backup.path, previous)
    return Restored(backup=backup, previous=previous)


def _set_aside(db_path: Path, moment: datetime) -> Path | None:
    """Keep the file about to be replaced: a backup if healthy, else the file itself moved."""
    problem = diagnose(db_path)
    if problem is None:
        saved = backup_now(db_path, BEFORE_RESTORE, now=moment).path
        # Fold the WAL into the file and let the last connection delete -wal and -shm, so no
        # stale WAL is left to be replayed onto the restored file.
        connection = sqlite3.connect(db_path)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
        return saved
    if problem.kind is ProblemKind.MISSING:
        return None
    stamp = moment.strftime(_STAMP_FORMAT)
    aside = db_path.with_name(f"borte-damaged-{stamp}{SUFFIX}")
    # A second name (or a copy), not a move: until the restored file replaces it, the damaged
    # file stays where it was, so a failure on the way leaves things as they were.
    for suffix in ("", "-wal", "-shm"):
        source = db_path.with_name(db_path.name + suffix)
        if source.exists():
            target = aside.with_name(aside.name + suffix)
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
    log.warning("Kept the damaged data file (%s) as %s", problem.kind, aside)
    return aside


def _remove_sidecars(db_path: Path) -> None:
    # Any -wal or -shm still here belongs to the old file; SQLite would apply it to the new one.
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)


def _claim_name(partial: Path, folder: Path, created: datetime, reason: str) -> Path:
    """Give the finished copy its backup name; a name taken meanwhile gets the next `_N`."""
    for _attempt in range(100):
        target = _free_name(folder, created, reason)
        try:
            os.link(partial, target)
        except FileExistsError:
            continue  # another Borte took that name in the same second
        except OSError:
            os.replace(partial, target)  # no hard links here (FAT, some network shares)
        return target
    raise OSError(f"no free backup name in {folder}")


def _stamp_time(stamp: str) -> datetime | None:
    """The UTC time in a backup's name (`2026-12-03T06-12-40Z`, `_STAMP_FORMAT`), or None for
    an impossible one (month 13). Read by hand: `datetime.strptime` would load the `_strptime`
    and `locale` modules into every command for this one line."""
    try:
        return datetime(
            int(stamp[0:4]),
            int(stamp[5:7]),
            int(stamp[8:10]),
            int(stamp[11:13]),
            int(stamp[14:16]),
            int(stamp[17:19]),
            tzinfo=UTC,
        )
    except ValueError:
        return None


def _free_name(folder: Path, created: datetime, reason: str) -> Path:
    """A new name; a later backup in the same second, of any reason, gets a higher `_N`."""
    stamp = created.strftime(_STAMP_FORMAT)
    taken = [
        int(match["n"] or 1)
        for path in folder.glob(f"{stamp}_*")
        if (match := _NAME.fullmatch(path.name.removesuffix(_PARTIAL).removesuffix(SUFFIX)))
    ]
    number = max(taken, default=0) + 1
    stem = f"{stamp}_{reason}" if number == 1 else f"{stamp}_{reason}_{number}"
    return folder / f"{stem}{SUFFIX}"


def _make_private_dir(folder: Path) -> None:
    make_private_dir(folder)


def _create_private(path: Path) -> None:
    """Create `path` empty with mode 0600 before SQLite writes personal data into it."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows cannot open folders this way)."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
