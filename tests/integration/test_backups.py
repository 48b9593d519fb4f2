"""Backups: consistent copies, names and modes, daily and pre-migration timing, pruning, restore."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.main import Services, open_services
from app.models import database, file_locks
from app.models.database import DATABASE_FILENAME, MIGRATIONS_DIR
from app.models.file_locks import holding, lock_path
from app.services import backups
from app.services.backups import BackupError, BackupInfo
from app.services.errors import DataFileError, NotFoundError, ValidationError
from app.services.file_check import diagnose

TODAY = date(2025, 6, 30)
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def services(data_dir: Path) -> Iterator[Services]:
    opened = open_services(data_dir)
    yield opened
    opened.close()


def _add_trips(services: Services, count: int, *, first: int = 0) -> list[int]:
    me = services.people.default().id
    ids = []
    for i in range(first, first + count):
        day = date(2001, 1, 1) + timedelta(days=2 * i)
        ids.append(services.trips.add(me, day, day, "DK", note=f"trip {i}", today=TODAY).id)
    return ids


def _trips_in(path: Path) -> list[str]:
    connection = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    try:
        return [row[0] for row in connection.execute("SELECT note FROM trips ORDER BY id")]
    finally:
        connection.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _remove_backups(data_dir: Path) -> None:
    shutil.rmtree(backups.backups_dir(data_dir), ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Making, listing and pruning


def test_backup_is_a_private_self_contained_copy_named_by_time_and_reason(
    services: Services, data_dir: Path
) -> None:
    _add_trips(services, 3)

    info = backups.backup_now(data_dir / DATABASE_FILENAME, "manual", now=NOON)

    assert info.id == "2026-03-02T12-00-00Z_manual"
    assert info.path == data_dir / "backups" / "2026-03-02T12-00-00Z_manual.sqlite3"
    assert (info.created, info.reason, info.trip_count) == (NOON, "manual", 3)
    assert info.size == info.path.stat().st_size
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(info.path.parent.stat().st_mode) == 0o700
    # Journal mode DELETE, no -wal or -shm beside it: one file, openable by any SQLite tool.
    assert [p.name for p in info.path.parent.iterdir() if not p.name.endswith(".sqlite3")] == []
    connection = sqlite3.connect(info.path)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    connection.close()
    assert diagnose(info.path) is None


def test_backup_holds_what_is_committed_even_while_another_writer_is_mid_transaction(
    services: Services, data_dir: Path
) -> None:
    _add_trips(services, 2)
    path = data_dir / DATABASE_FILENAME
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO trips (person_id, departure, note) VALUES (1, '2020-01-01', 'pending')"
        )
        copy = backups.backup_now(path, "manual", now=NOON)
        writer.execute("COMMIT")
    finally:
        writer.close()

    assert _trips_in(copy.path) == ["trip 0", "trip 1"]
    assert _trips_in(path) == ["trip 0", "trip 1", "pending"]


def test_two_backups_in_one_second_get_distinct_names(services: Services, data_dir: Path) -> None:
    _remove_backups(data_dir)
    path = data_dir / DATABASE_FILENAME

    first = backups.backup_now(path, "manual", now=NOON)
    second = backups.backup_now(path, "manual", now=NOON)
    third = backups.backup_now(path, "daily", now=NOON)

    assert (first.id, second.id, third.id) == (
        "2026-03-02T12-00-00Z_manual",
        "2026-03-02T12-00-00Z_manual_2",
        "2026-03-02T12-00-00Z_daily_3",
    )
    # Newest first, by name alone (file times are too coarse to tell these apart).
    for info in (first, second):
        os.utime(info.path, ns=(0, 2**62))
    assert [info.id for info in backups.list_backups(data_dir)] == [third.id, second.id, first.id]


def test_reasons_must_be_plain_words(services: Services, data_dir: Path) -> None:
    with pytest.raises(ValueError, match="lower-case words"):
        backups.backup_now(data_dir / DATABASE_FILENAME, "Daily_2")


def test_list_is_newest_first_and_ignores_other_files(services: Services, data_dir: Path) -> None:
    _remove_backups(data_dir)
    path = data_dir / DATABASE_FILENAME
    for hours in (5, 1, 3):
        backups.backup_now(path, "manual", now=NOON - timedelta(hours=hours))
    folder = backups.backups_dir(data_dir)
    (folder / "notes.txt").write_text("mine")
    (folder / "2026-03-02T12-00-00Z_manual.sqlite3.partial").write_bytes(b"")
    (folder / "copy of borte.sqlite3").write_bytes(b"")

    listed = backups.list_backups(data_dir)

    assert [info.created.hour for info in listed] == [11, 9, 7]


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-13-02T12-00-00Z",
        "2026-02-30T12-00-00Z",
        "2026-03-02T24-00-00Z",
        "0000-01-01T00-00-00Z",
    ],
)
def test_a_file_named_like_a_backup_with_an_impossible_time_is_not_one(
    services: Services, data_dir: Path, stamp: str
) -> None:
    # Such a file used to stop every command and the window at start (strptime's ValueError).
    _remove_backups(data_dir)
    made = backups.backup_now(data_dir / DATABASE_FILENAME, "manual", now=NOON)
    shutil.copyfile(made.path, made.path.with_name(f"{stamp}_manual.sqlite3"))

    assert [info.id for info in backups.list_backups(data_dir)] == [made.id]
    assert backups.newest_good_backup(data_dir) == made
    backups.daily_backup_if_due(data_dir / DATABASE_FILENAME, keep=3)


def test_list_reports_an_unreadable_backup_with_no_trip_count(
    services: Services, data_dir: Path
) -> None:
    info = backups.backup_now(data_dir / DATABASE_FILENAME, "manual", now=NOON)
    info.path.write_bytes(b"garbage" * 100)

    [listed] = [b for b in backups.list_backups(data_dir) if b.id == info.id]

    assert listed.trip_count is None
    assert listed.label() == f"{info.id} (made {NOON.astimezone():%Y-%m-%d %H:%M})"
    assert backups.newest_good_backup(data_dir) != listed


def test_prune_keeps_the_newest_and_clears_stale_partial_copies(
    services: Services, data_dir: Path
) -> None:
    _remove_backups(data_dir)
    path = data_dir / DATABASE_FILENAME
    made = [backups.backup_now(path, "daily", now=NOON - timedelta(days=d)) for d in range(5)]
    folder = backups.backups_dir(data_dir)
    stale = folder / "2020-01-01T00-00-00Z_daily.sqlite3.partial"
    stale.write_bytes(b"half")
    fresh = folder / "2026-03-02T11-59-00Z_daily.sqlite3.partial"
    fresh.write_bytes(b"being written")
    old = (NOON - timedelta(hours=2)).timestamp()
    os.utime(stale, (old, old))

    # A copy being written is held; one left by a killed Borte (with SQLite's journal beside
    # it) is not, and goes whatever its age.
    killed = folder / "2026-03-02T11-58-00Z_daily.sqlite3.partial"
    killed.write_bytes(b"half")
    journal = killed.with_name(killed.name + "-journal")
    journal.write_bytes(b"journal")
    with holding(fresh):
        removed = backups.prune(data_dir, 2, now=NOON)
    assert not killed.exists()
    assert not journal.exists()

    assert [info.id for info in removed] == [info.id for info in made[2:]]
    assert [info.id for info in backups.list_backups(data_dir)] == [made[0].id, made[1].id]
    assert not stale.exists()
    assert fresh.exists()
    with pytest.raises(ValueError, match="at least one"):
        backups.prune(data_dir, 0)


def test_daily_backup_is_made_at_most_once_a_day(services: Services, data_dir: Path) -> None:
    _remove_backups(data_dir)
    path = data_dir / DATABASE_FILENAME

    first = backups.daily_backup_if_due(path, keep=10, now=NOON)
    again = backups.daily_backup_if_due(path, keep=10, now=NOON + timedelta(hours=23))
    next_day = backups.daily_backup_if_due(path, keep=10, now=NOON + timedelta(hours=24))

    assert first is not None
    assert first.reason == "daily"
    assert again is None
    assert next_day is not None


def test_a_backup_from_the_future_or_before_a_restore_does_not_stop_the_daily_one(
    services: Services, data_dir: Path
) -> None:
    _remove_backups(data_dir)
    path = data_dir / DATABASE_FILENAME
    backups.backup_now(path, "daily", now=NOON + timedelta(days=30))  # the clock was wrong
    assert backups.daily_backup_if_due(path, keep=10, now=NOON) is not None

    _remove_backups(data_dir)
    backups.backup_now(path, backups.BEFORE_RESTORE, now=NOON)
    assert backups.daily_backup_if_due(path, keep=10, now=NOON + timedelta(minutes=1)) is not None


def test_daily_backup_prunes_to_keep(services: Services, data_dir: Path) -> None:
    _remove_backups(data_dir)
    path = data_dir / DATABASE_FILENAME
    for day in range(4):
        backups.daily_backup_if_due(path, keep=3, now=NOON + timedelta(days=day))

    assert len(backups.list_backups(data_dir)) == 3


def test_opening_makes_the_days_backup_once_and_keeps_the_setting(data_dir: Path) -> None:
    services = open_services(data_dir)
    try:
        assert [info.reason for info in backups.list_backups(data_dir)] == ["daily"]
        services.settings.set_backups_to_keep(2)
        _add_trips(services, 1)
    finally:
        services.close()
    open_services(data_dir).close()
    # Not due again today; the session that changed something left its "latest" copy.
    assert [info.reason for info in backups.list_backups(data_dir)] == ["latest", "daily"]

    # Older backups beyond the setting go at the next start.
    path = data_dir / DATABASE_FILENAME
    for days in (3, 4, 5):
        backups.backup_now(path, "daily", now=datetime.now(UTC) - timedelta(days=days))
    open_services(data_dir).close()

    assert len(backups.list_backups(data_dir)) == 2


def test_a_failed_daily_backup_does_not_stop_the_app(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def fail(*args: object, **kwargs: object) -> BackupInfo:
        raise BackupError("Borte could not back up (disk full).")

    monkeypatch.setattr(backups, "backup_now", fail)

    open_services(data_dir).close()

    assert "Daily backup failed: Borte could not back up (disk full)." in caplog.text


def test_backups_to_keep_setting_is_validated(services: Services) -> None:
    assert services.settings.backups_to_keep() == 10
    assert services.settings.set_backups_to_keep(3) == 3
    assert services.settings.backups_to_keep() == 3
    with pytest.raises(ValidationError, match="out of range"):
        services.settings.set_backups_to_keep(0)


# ---------------------------------------------------------------------------------------------
# Before a migration

# A revision after this build's real head, whatever that is (TEST_REVISION follows it).
TEST_REVISION = "9999a"
REAL_HEAD = database.HEAD_REVISION  # read before any test patches it
MIGRATION_NEXT = '''"""Test-only revision: an index on trips.note."""

from alembic import op

revision = "9999a"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_test_trips_note", "trips", ["note"])


def downgrade() -> None:
    op.drop_index("ix_test_trips_note", "trips")
'''


@pytest.fixture
def newer_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Add a revision after this build's head, as if a release had added a migration."""
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999a_test_index.py").write_text(
        MIGRATION_NEXT.replace("{head}", database.HEAD_REVISION)
    )
    monkeypatch.setattr(database, "MIGRATIONS_DIR", scripts)
    monkeypatch.setattr(database, "HEAD_REVISION", TEST_REVISION)


def _revision(path: Path) -> str:
    connection = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


def test_an_existing_file_is_backed_up_before_it_is_migrated(
    data_dir: Path, request: pytest.FixtureRequest
) -> None:
    services = open_services(data_dir)
    _add_trips(services, 4)
    services.close()
    _remove_backups(data_dir)
    request.getfixturevalue("newer_build")

    open_services(data_dir).close()

    path = data_dir / DATABASE_FILENAME
    assert _revision(path) == TEST_REVISION
    # The copy made before migrating is today's backup too, so no daily one was due.
    # (The migration is a change, so closing also left a "latest" copy, of the new schema.)
    [before] = [b for b in backups.list_backups(data_dir) if b.reason != backups.LATEST]
    assert before.reason == "before-migration"
    assert _revision(before.path) == REAL_HEAD
    assert before.trip_count == 4


def test_no_backup_means_no_migration(
    data_dir: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_services(data_dir).close()
    request.getfixturevalue("newer_build")

    def fail(*args: object, **kwargs: object) -> BackupInfo:
        raise BackupError("Borte could not back up x (No space left on device); free space.")

    monkeypatch.setattr(backups, "backup_now", fail)

    with pytest.raises(DataFileError) as caught:
        open_services(data_dir)

    assert str(caught.value).startswith("Borte did not upgrade ")
    assert "No space left on device" in str(caught.value)
    assert _revision(data_dir / DATABASE_FILENAME) == REAL_HEAD


def test_a_brand_new_file_is_not_backed_up_before_its_first_migration(data_dir: Path) -> None:
    open_services(data_dir).close()

    assert [info.reason for info in backups.list_backups(data_dir)] == ["daily"]


# ---------------------------------------------------------------------------------------------
# Restore


def test_restore_puts_the_backup_in_place_and_backs_up_the_current_file_first(
    data_dir: Path,
) -> None:
    services = open_services(data_dir)
    _add_trips(services, 2)
    saved = backups.backup_now(data_dir / DATABASE_FILENAME, "manual", now=NOON)
    _add_trips(services, 3, first=2)
    services.close()

    restored = backups.restore(data_dir, saved.id)

    path = data_dir / DATABASE_FILENAME
    assert restored.backup == saved
    assert restored.previous is not None
    assert "Z_before-restore" in restored.previous.name
    assert _trips_in(restored.previous) == [f"trip {i}" for i in range(5)]
    assert _trips_in(path) == ["trip 0", "trip 1"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in data_dir.iterdir()) == [
        "backups",
        DATABASE_FILENAME,
        lock_path(path).name,
    ]
    services = open_services(data_dir)
    try:
        assert [t.note for t in services.trips.list(services.people.default().id)] == [
            "trip 0",
            "trip 1",
        ]
    finally:
        services.close()


def test_restore_accepts_the_file_name_too(services: Services, data_dir: Path) -> None:
    saved = backups.backup_now(data_dir / DATABASE_FILENAME, "manual", now=NOON)
    services.close()

    assert backups.restore(data_dir, saved.path.name).backup.id == saved.id


def test_restore_is_refused_while_borte_has_the_file_open(
    services: Services, data_dir: Path
) -> None:
    saved = backups.backup_now(data_dir / DATABASE_FILENAME, "manual", now=NOON)
    _add_trips(services, 1)  # the pool now holds an open connection
    before = _digest(data_dir / DATABASE_FILENAME)

    with pytest.raises(BackupError, match="another Borte .* is using this data folder"):
        backups.restore(data_dir, saved.id)

    assert _digest(data_dir / DATABASE_FILENAME) == before


def test_restore_never_replays_a_killed_writers_wal_onto_the_restored_file(data_dir: Path) -> None:
    services = open_services(data_dir)
    _add_trips(services, 1)
    saved = backups.backup_now(data_dir / DATABASE_FILENAME, "manual", now=NOON)
    services.close()
    # A process that commits and is killed leaves its commits in the -wal file only.
    code = (
        "import os, signal, sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from app.main import open_services\n"
        "s = open_services(Path(sys.argv[1]))\n"
        "s.trips.add(1, date(2024, 5, 1), date(2024, 5, 2), note='in the wal', "
        "today=date(2025, 1, 1))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(data_dir)], check=False)
    path = data_dir / DATABASE_FILENAME
    assert path.with_name(path.name + "-wal").stat().st_size > 0

    restored = backups.restore(data_dir, saved.id)

    assert restored.previous is not None
    assert _trips_in(restored.previous) == ["trip 0", "in the wal"]
    assert not path.with_name(path.name + "-wal").exists()
    assert _trips_in(path) == ["trip 0"]


def test_restoring_over_a_damaged_file_moves_it_aside_unchanged(data_dir: Path) -> None:
    services = open_services(data_dir)
    _add_trips(services, 2)
    services.close()
    saved = backups.backup_now(data_dir / DATABASE_FILENAME, "manual", now=NOON)
    path = data_dir / DATABASE_FILENAME
    path.write_bytes(path.read_bytes()[:5000])
    damaged = _digest(path)

    restored = backups.restore(data_dir, saved.id, now=NOON + timedelta(hours=1))

    assert restored.previous == data_dir / "borte-damaged-2026-03-02T13-00-00Z.sqlite3"
    assert _digest(restored.previous) == damaged
    assert stat.S_IMODE(restored.previous.stat().st_mode) == 0o600
    assert _trips_in(path) == ["trip 0", "trip 1"]


def test_a_damaged_backup_is_not_restored(services: Services, data_dir: Path) -> None:
    saved = backups.backup_now(data_dir / DATABASE_FILENAME, "manual", now=NOON)
    services.close()
    saved.path.write_bytes(b"\0" * 4096)
    before = _digest(data_dir / DATABASE_FILENAME)

    with pytest.raises(BackupError, match=f"The backup {saved.id} cannot be restored: .*another"):
        backups.restore(data_dir, saved.id)

    assert _digest(data_dir / DATABASE_FILENAME) == before


def test_restore_of_an_unknown_backup_names_the_list_command(data_dir: Path) -> None:
    with pytest.raises(NotFoundError, match="There is no backup called 'nope' .*borte backup list"):
        backups.restore(data_dir, "nope")


def test_restore_into_a_folder_whose_file_is_missing(services: Services, data_dir: Path) -> None:
    saved = backups.backup_now(data_dir / DATABASE_FILENAME, "manual", now=NOON)
    services.close()
    (data_dir / DATABASE_FILENAME).unlink()

    restored = backups.restore(data_dir, saved.id)

    assert restored.previous is None
    assert diagnose(data_dir / DATABASE_FILENAME) is None


def test_a_start_waits_for_a_restore_in_progress_then_fails_clearly(
    services: Services, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.close()
    monkeypatch.setattr(file_locks, "LOCK_WAIT_SECONDS", 0.2)
    with (
        database.exclusive_lock(data_dir / DATABASE_FILENAME),
        pytest.raises(DataFileError) as caught,
    ):
        open_services(data_dir)

    assert "is being restored from a backup by another Borte process" in str(caught.value)
    assert str(caught.value).endswith("then start Borte again.")


# ---------------------------------------------------------------------------------------------
# Privacy


def test_every_file_borte_writes_is_private(data_dir: Path) -> None:
    data_dir = data_dir / "borte"  # a folder Borte creates itself
    services = open_services(data_dir)
    _add_trips(services, 1)
    services.close()

    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for path in data_dir.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
