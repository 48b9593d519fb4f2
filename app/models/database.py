"""Opening Borte's SQLite file: engine, pragmas, migrations and the session factory.

One engine and one `sessionmaker` per process. `open_database()` is what the
composition root and the tests call; everything else here is a step of it.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from app.models.file_locks import (
    DatabaseInUseError,
    clean_leftovers,
    creating,
    exclusive_lock,
    holding,
    is_abandoned,
    lock_path,
    remove_with_sidecars,
    restoring_path,
    take_shared_lock,
)
from app.models.tables import Person, Trip
from app.paths import make_private_dir

# Re-exported: the lock and leftover helpers used to live here.
__all__ = [
    "DatabaseInUseError",
    "clean_leftovers",
    "exclusive_lock",
    "holding",
    "is_abandoned",
    "lock_path",
    "remove_with_sidecars",
    "restoring_path",
]

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

DATABASE_FILENAME = "borte.sqlite3"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions. Kept here so that opening an up-to-date file
# costs one query instead of parsing every migration script; a test checks it against Alembic.
HEAD_REVISION = "0003"
DEFAULT_PERSON_NAME = "Me"
# The first 16 bytes of every SQLite 3 database file (sqlite.org/fileformat.html §1.3.1).
SQLITE_HEADER = b"SQLite format 3\x00"
# How long SQLite waits for a lock before Borte says it is waiting (and then keeps waiting).
BUSY_TIMEOUT_MS = 1000
# How long a write waits for another writer (four 100,000-row imports in a row take ~40 s).
WRITE_WAIT_SECONDS = 300.0
# With a `while_waiting` hook (the window's), a waiting write tries again this often and calls
# the hook in between, so the window keeps repainting instead of freezing for the whole wait.
WAIT_SLICE_MS = 50
# The execution option that marks a connection's transaction as read-only (see `reading`).
READ_ONLY_OPTION = "borte_read_only"
_BUSY_NAMES = frozenset({"SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_BUSY_RECOVERY"})
# How many write transactions each engine has begun (see `has_written`).
_WRITES: weakref.WeakKeyDictionary[Engine, int] = weakref.WeakKeyDictionary()

BeforeMigration = Callable[[str], None]
"""Called with the stored revision just before an existing file is migrated (to back it up)."""
OnWait = Callable[[], None]
"""Called once when a write has to wait for another process's write to finish."""
WhileWaiting = Callable[[], None]
"""Called between tries (every WAIT_SLICE_MS) while a write waits for another process's."""
Translate = Callable[[BaseException], BaseException | None]
"""Turns a driver error into the exception to raise instead (a sentence for the user), or None."""


class UnknownSchemaError(RuntimeError):
    """The file was written by a newer Borte, with a schema revision this version lacks."""


class ForeignDatabaseError(RuntimeError):
    """The file is an SQLite database, but not Borte's: it has tables and no schema revision."""


class ReadOnlyUpgradeError(RuntimeError):
    """A read-only file would need a schema upgrade (or its first person) before it can be used."""


class UnmatchedRowsError(RuntimeError):
    """The rows do not fit together (trips but nobody they belong to): changed outside Borte."""


def make_engine(
    path: Path | None,
    *,
    lock: bool = True,
    read_only: bool = False,
    on_wait: OnWait | None = None,
    translate: Translate | None = None,
    while_waiting: WhileWaiting | None = None,
) -> Engine:
    """An engine for the database file at `path`, or for a private in-memory one if None.

    `lock` False skips the shared lock (for a file no other process can know about yet).
    `read_only` opens the file with SQLite's `mode=ro`, so nothing can be written to it.
    `on_wait` is called when a write queues behind another process's, `while_waiting` again
    and again while it waits; `translate` turns driver errors (locked, read-only, disk full)
    into the exceptions to raise instead.
    """
    # hide_parameters: an error message must never carry a note or a name into a log.
    if path is None:
        # StaticPool: an in-memory database lives only as long as its one connection, so every
        # session must share that connection.
        engine = create_engine(
            "sqlite://",
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
            hide_parameters=True,
        )
    elif read_only:
        uri = path.absolute().as_uri() + "?mode=ro"
        engine = create_engine(
            URL.create("sqlite", database=uri, query={"uri": "true"}), hide_parameters=True
        )
    else:
        engine = create_engine(URL.create("sqlite", database=str(path)), hide_parameters=True)
    file_backed = path is not None and not read_only

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        if path is not None and lock:
            held = take_shared_lock(path)
            if held is not None:
                record.info["borte_lock"] = held
        # Take BEGIN away from the sqlite3 driver, whose legacy mode skips it before DDL and
        # SELECT; _on_begin emits it instead, so every transaction, migrations included, really
        # is one (SQLAlchemy docs, "Enabling Non-Legacy SQLite Transactional Modes").
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # First, so that even switching to WAL waits for a lock instead of failing. Past
            # it, a write says it is waiting and keeps trying (see _begin_writing).
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            if file_backed:
                # WAL: readers never block the writer, and a crash mid-write leaves the
                # main file untouched.
                cursor.execute("PRAGMA journal_mode=WAL")
            # FULL, not NORMAL: with WAL, NORMAL already survives the app being killed, but
            # a power cut or OS crash can lose the last commits, and the bar is that nothing a
            # user logs is ever lost. FULL syncs the WAL at every commit. Measured with
            # bench/bench_sync.py on the development VM: adding a trip takes 1-4 ms median
            # (idle vs busy disk) instead of 0.5 ms, far below what a person can notice, and
            # an import is one commit either way (a 2,000-row file: 50-130 ms with both).
            cursor.execute("PRAGMA synchronous=FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if read_only or connection.get_execution_options().get(READ_ONLY_OPTION):
            # A read (see `reading`): a deferred BEGIN takes no lock at all under WAL, so
            # listing trips never waits for, or holds up, an import in another process.
            connection.exec_driver_sql("BEGIN")
            return
        driver = connection.connection.driver_connection
        assert driver is not None
        _begin_writing(driver, on_wait, translate, while_waiting)
        _WRITES[engine] = _WRITES.get(engine, 0) + 1

    if translate is not None:

        @event.listens_for(engine, "handle_error")
        def _on_error(context: Any) -> None:
            replacement = translate(context.original_exception)
            if replacement is not None:
                raise replacement from context.original_exception

    @event.listens_for(engine, "close")
    def _on_close(_dbapi_connection: Any, record: Any) -> None:
        lock = record.info.pop("borte_lock", None)
        if lock is not None:
            os.close(lock)

    return engine


def _begin_writing(
    driver: sqlite3.Connection,
    on_wait: OnWait | None,
    translate: Translate | None,
    while_waiting: WhileWaiting | None = None,
) -> None:
    """BEGIN IMMEDIATE, queueing behind another process's write for up to WRITE_WAIT_SECONDS.

    IMMEDIATE takes the write lock at the start. With a plain (deferred) BEGIN, a transaction
    that reads and then writes while another process commits fails at once with "database is
    locked", since busy_timeout cannot help a stale read snapshot. SQLite waits
    BUSY_TIMEOUT_MS per try; after the first, `on_wait` tells the user why nothing happens.
    With `while_waiting`, each try waits WAIT_SLICE_MS and the hook runs between tries (the
    window repaints); `on_wait` still comes once BUSY_TIMEOUT_MS have gone by. Nothing is
    given up earlier either way: the write goes ahead as soon as the lock is free.
    """
    began = time.monotonic()
    deadline = began + WRITE_WAIT_SECONDS
    told = False
    if while_waiting is not None:
        driver.execute(f"PRAGMA busy_timeout={WAIT_SLICE_MS}")
    try:
        while True:
            try:
                driver.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as err:
                busy = getattr(err, "sqlite_errorname", "") in _BUSY_NAMES
                if not busy or time.monotonic() >= deadline:
                    replacement = translate(err) if translate is not None else None
                    if replacement is None:
                        raise
                    raise replacement from err
                waited = time.monotonic() - began
                if not told and (while_waiting is None or waited * 1000 >= BUSY_TIMEOUT_MS):
                    told = True
                    log.info("Waiting for another process to finish writing")
                    if on_wait is not None:
                        on_wait()
                if while_waiting is not None:
                    while_waiting()
    finally:
        if while_waiting is not None:
            driver.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


@contextmanager
def reading(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A session for one read-only use case: no write lock, so it never queues behind a writer.

    The transaction still sees one consistent snapshot (WAL readers do), and it is rolled back
    at the end; a write inside it would take the lock late and may fail, so use
    `sessions.begin()` for anything that writes.
    """
    with sessions() as session:
        session.connection(execution_options={READ_ONLY_OPTION: True})
        try:
            yield session
        finally:
            session.rollback()


def migrate(
    engine: Engine, revision: str = "head", *, before_migration: BeforeMigration | None = None
) -> None:
    """Upgrade the database to `revision` (Alembic's syntax) in one transaction.

    `before_migration` runs first whenever a file that already has a schema is about to change
    (the composition root backs the file up there); if it raises, nothing is migrated.
    """
    with engine.connect() as probe:
        probe.execution_options(**{READ_ONLY_OPTION: True})  # looking takes no write lock
        current = current_revision(probe)
        probe.rollback()
    if revision == "head" and current == HEAD_REVISION:
        return
    with engine.connect() as connection:
        _upgrade(connection, revision, before_migration)


def current_revision(connection: Connection) -> str | None:
    """The schema revision stored in the file, or None for a new (or branched) database.

    Reads Alembic's one-row `alembic_version` table directly rather than through
    `MigrationContext`: importing anything from Alembic loads the whole package (about 0.1 s),
    which an up-to-date file, nearly every start, does not need.
    """
    has_table = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).first()
    if has_table is None:
        return None
    versions = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    return str(versions[0][0]) if len(versions) == 1 else None


def is_known_revision(revision: str) -> bool:
    """Whether this version of Borte has the migration `revision` (else a newer Borte wrote it)."""
    if revision == HEAD_REVISION:
        return True  # the common case, answered without loading Alembic
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        ScriptDirectory.from_config(_scripts_config()).get_revision(revision)
    except CommandError:
        return False
    return True


def alembic_config(connection: Connection) -> Config:
    """An Alembic configuration that runs Borte's migrations on `connection`."""
    config = _scripts_config()
    config.attributes["connection"] = connection
    return config


def _scripts_config() -> Config:
    from alembic.config import Config

    config = Config()
    # The option goes through ConfigParser interpolation, so a "%" in the install path must be
    # doubled (Alembic's set_main_option docs).
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return config


def _upgrade(
    connection: Connection, revision: str, before_migration: BeforeMigration | None
) -> None:
    # Deferred: Alembic is only needed when the schema changes (see current_revision).
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    config = alembic_config(connection)
    # Batch migrations copy tables and drop the old ones; with foreign keys on, dropping the
    # people table would cascade-delete every trip. The pragma cannot change inside a
    # transaction, so switch it off first, and check the keys before committing instead.
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        with connection.begin():
            # The write lock is held from here (BEGIN IMMEDIATE), so look again: another Borte
            # process (the app and the command line at first start) may have just migrated.
            current = current_revision(connection)
            if revision == "head" and current == HEAD_REVISION:
                return
            if current is not None:
                try:
                    ScriptDirectory.from_config(config).get_revision(current)
                except CommandError as err:
                    raise UnknownSchemaError(
                        f"The data file has schema revision {current!r}, which this version of "
                        "Borte does not know; it was probably written by a newer Borte."
                    ) from err
            elif _has_tables(connection):
                # Never build Borte's tables inside another program's database.
                raise ForeignDatabaseError(
                    "The file holds tables but no Borte schema revision; it is not a Borte "
                    "data file."
                )
            if current is not None and before_migration is not None:
                # Under the write lock, so the copy is exactly what is about to be migrated.
                before_migration(current)
            log.info("Migrating database from %s to %s", current or "empty", revision)
            command.upgrade(config, revision)
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            if broken:
                raise RuntimeError(f"Migration to {revision} broke foreign keys: {broken[:5]}")
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def _has_tables(connection: Connection) -> bool:
    found = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' LIMIT 1"
    ).first()
    return found is not None


def open_database(
    path: Path | None,
    *,
    before_migration: BeforeMigration | None = None,
    read_only: bool = False,
    on_wait: OnWait | None = None,
    translate: Translate | None = None,
    while_waiting: WhileWaiting | None = None,
) -> sessionmaker[Session]:
    """Open (creating if needed) the database at `path`, migrated, with one person in it.

    `path` None gives a private in-memory database, for tests. `before_migration`: see
    `migrate`. `read_only` opens an existing file without ever writing to it (it must be up to
    date and hold a person, else `ReadOnlyUpgradeError`); `on_wait`, `translate`,
    `while_waiting`: see `make_engine`.
    """
    if path is not None and not read_only:
        _prepare_file(path)
    engine = make_engine(
        path,
        read_only=read_only,
        on_wait=on_wait,
        translate=translate,
        while_waiting=while_waiting,
    )
    try:
        if read_only:
            _check_read_only(engine)
        else:
            migrate(engine, before_migration=before_migration)
        sessions = sessionmaker(engine, expire_on_commit=False)
        if not read_only:
            _ensure_default_person(engine)
    except BaseException:
        engine.dispose()
        raise
    return sessions


def has_written(sessions: sessionmaker[Session]) -> bool:
    """Whether any write transaction was begun through `sessions` (so the data may differ)."""
    bind = sessions.kw.get("bind")
    return isinstance(bind, Engine) and _WRITES.get(bind, 0) > 0


def close_database(sessions: sessionmaker[Session]) -> None:
    """Close every connection of the engine behind `sessions` (at exit, and in tests)."""
    bind = sessions.kw.get("bind")
    if isinstance(bind, Engine):
        bind.dispose()


def _prepare_file(path: Path) -> None:
    """Create the folder (0700) and file (0600): trips and permits are personal data.

    An existing file loses any group and other bits but keeps the owner's: a user who made it
    read-only meant it (the composition root then opens it read-only).
    """
    make_private_dir(path.parent)
    clean_leftovers(path)
    if not path.exists():
        _create_database_file(path)
    mode = path.stat().st_mode & 0o7777
    if mode & 0o077:
        path.chmod(mode & 0o700)


def _create_database_file(path: Path) -> None:
    """Build a new, migrated database beside `path`, then link it into place complete.

    A file that appeared empty or half-built (the process killed between creating it and
    creating its tables) would look damaged at the next start and be refused. `os.link` fails
    if `path` exists, so when two processes start at once one complete file wins and both use
    it. A kill during the build leaves only a hidden `.new-<pid>` file behind.
    """
    temporary = path.with_name(f".{path.name}.new-{os.getpid()}")
    remove_with_sidecars(temporary)
    # Created by us with 0600, so SQLite never makes it world-readable even for a moment;
    # SQLite gives the -wal and -shm files the same mode as the main file. Held from its
    # creation on, so another start never takes it for a leftover.
    try:
        with creating(temporary):
            _build_database_file(temporary, path)
    finally:
        remove_with_sidecars(temporary)


def _build_database_file(temporary: Path, path: Path) -> None:
    engine = make_engine(temporary, lock=False)
    try:
        migrate(engine)
        _ensure_default_person(engine)
    finally:
        engine.dispose()  # the last connection folds the WAL into the file and removes it
    fd = os.open(temporary, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass  # another Borte process created it first; use theirs
    except OSError:
        # No hard links here (FAT, some network shares): the rename is atomic, and only
        # loses a race with another first start in the same instant.
        if not path.exists():
            os.replace(temporary, path)
    if sys.platform != "win32":  # make the new name durable too (POSIX only)
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _check_read_only(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execution_options(**{READ_ONLY_OPTION: True})
        current = current_revision(connection)
        has_person = bool(
            current is not None and connection.exec_driver_sql("SELECT 1 FROM people").first()
        )
    if current != HEAD_REVISION or not has_person:
        raise ReadOnlyUpgradeError(
            "The data file needs setting up or upgrading by this version of Borte, which it "
            "cannot do while the file is read-only."
        )


def _ensure_default_person(engine: Engine) -> None:
    # Most starts find a person with a read, which takes no write lock.
    with engine.connect() as probe:
        probe.execution_options(**{READ_ONLY_OPTION: True})
        if probe.exec_driver_sql("SELECT 1 FROM people LIMIT 1").first() is not None:
            return
    # Two processes starting on a new file at once add "Me" only once: the transaction holds
    # the write lock from its start (BEGIN IMMEDIATE).
    with Session(engine) as session, session.begin():
        if session.scalar(select(Person.id).limit(1)) is not None:
            return
        if session.scalar(select(Trip.id).limit(1)) is not None:
            # Trips whose people were deleted outside Borte: a new "Me" would hide them.
            raise UnmatchedRowsError("The data file has trips but no people they belong to.")
        session.add(Person(name=DEFAULT_PERSON_NAME))
