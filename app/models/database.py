"""Opening Borte's SQLite file: engine, pragmas, migrations and the session factory.

One engine and one `sessionmaker` per process (style.md item 4). `open_database()` is what the
composition root and the tests call; everything else here is a step of it.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from app.models.tables import Person

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

DATABASE_FILENAME = "borte.sqlite3"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions. Kept here so that opening an up-to-date file
# costs one query instead of parsing every migration script; a test checks it against Alembic.
HEAD_REVISION = "0002"
DEFAULT_PERSON_NAME = "Me"
# The first 16 bytes of every SQLite 3 database file (sqlite.org/fileformat.html §1.3.1).
SQLITE_HEADER = b"SQLite format 3\x00"
# How long opening waits for a restore in another process to finish (it takes well under 1 s).
LOCK_WAIT_SECONDS = 10.0

if sys.platform != "win32":
    import fcntl

BeforeMigration = Callable[[str], None]
"""Called with the stored revision just before an existing file is migrated (to back it up)."""


class UnknownSchemaError(RuntimeError):
    """The file was written by a newer Borte, with a schema revision this version lacks."""


class ForeignDatabaseError(RuntimeError):
    """The file is an SQLite database, but not Borte's: it has tables and no schema revision."""


class DatabaseInUseError(RuntimeError):
    """Another Borte process has the file open, so it cannot be replaced now."""


def lock_path(db_path: Path) -> Path:
    """The lock file beside the database: shared while open, exclusive while restoring."""
    return db_path.with_name(db_path.name + ".lock")


def _open_lock_file(db_path: Path) -> int:
    return os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o600)


def _take_shared_lock(db_path: Path) -> int | None:
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
    db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = _open_lock_file(db_path)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DatabaseInUseError(f"Another Borte process has {db_path} open.") from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def make_engine(path: Path | None, *, lock: bool = True) -> Engine:
    """An engine for the database file at `path`, or for a private in-memory one if None.

    `lock` False skips the shared lock (for a file no other process can know about yet).
    """
    if path is None:
        # StaticPool: an in-memory database lives only as long as its one connection, so every
        # session must share that connection.
        engine = create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        engine = create_engine(URL.create("sqlite", database=str(path)))
    file_backed = path is not None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        if path is not None and lock:
            held = _take_shared_lock(path)
            if held is not None:
                record.info["borte_lock"] = held
        # Take BEGIN away from the sqlite3 driver, whose legacy mode skips it before DDL and
        # SELECT; _on_begin emits it instead, so every transaction, migrations included, really
        # is one (SQLAlchemy docs, "Enabling Non-Legacy SQLite Transactional Modes").
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
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
            # Wait up to 5 s for a lock (say the command-line tool is writing) instead of
            # failing at once with "database is locked".
            cursor.execute("PRAGMA busy_timeout=5000")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock at the start. With a plain (deferred) BEGIN, a
        # transaction that reads and then writes while another process (the command line next
        # to the window) commits fails at once with "database is locked", since busy_timeout
        # cannot help a stale read snapshot. Borte's transactions are a few milliseconds long,
        # so making them queue costs nothing.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "close")
    def _on_close(_dbapi_connection: Any, record: Any) -> None:
        lock = record.info.pop("borte_lock", None)
        if lock is not None:
            os.close(lock)

    return engine


def migrate(
    engine: Engine, revision: str = "head", *, before_migration: BeforeMigration | None = None
) -> None:
    """Upgrade the database to `revision` (Alembic's syntax) in one transaction.

    `before_migration` runs first whenever a file that already has a schema is about to change
    (the composition root backs the file up there); if it raises, nothing is migrated.
    """
    with engine.connect() as connection:
        current = current_revision(connection)
        connection.rollback()
        if revision == "head" and current == HEAD_REVISION:
            return
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
    path: Path | None, *, before_migration: BeforeMigration | None = None
) -> sessionmaker[Session]:
    """Open (creating if needed) the database at `path`, migrated, with one person in it.

    `path` None gives a private in-memory database, for tests. `before_migration`: see
    `migrate`.
    """
    if path is not None:
        _prepare_file(path)
    engine = make_engine(path)
    try:
        migrate(engine, before_migration=before_migration)
        sessions = sessionmaker(engine, expire_on_commit=False)
        _ensure_default_person(engine)
    except BaseException:
        engine.dispose()
        raise
    return sessions


def close_database(sessions: sessionmaker[Session]) -> None:
    """Close every connection of the engine behind `sessions` (at exit, and in tests)."""
    bind = sessions.kw.get("bind")
    if isinstance(bind, Engine):
        bind.dispose()


def _prepare_file(path: Path) -> None:
    """Create the folder (0700) and file (0600): trips and permits are personal data."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
        path.parent.chmod(0o700)  # mkdir's mode is filtered through the umask
    if not path.exists():
        _create_database_file(path)
    path.chmod(0o600)


def _create_database_file(path: Path) -> None:
    """Build a new, migrated database beside `path`, then link it into place complete.

    A file that appeared empty or half-built (the process killed between creating it and
    creating its tables) would look damaged at the next start and be refused. `os.link` fails
    if `path` exists, so when two processes start at once one complete file wins and both use
    it. A kill during the build leaves only a hidden `.new-<pid>` file behind.
    """
    temporary = path.with_name(f".{path.name}.new-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    # Created by us with 0600, so SQLite never makes it world-readable even for a moment;
    # SQLite gives the -wal and -shm files the same mode as the main file.
    os.close(os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
    try:
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
    finally:
        temporary.unlink(missing_ok=True)


def _ensure_default_person(engine: Engine) -> None:
    # Two processes starting on a new file at once add "Me" only once: the transaction holds
    # the write lock from its start (BEGIN IMMEDIATE).
    with Session(engine) as session, session.begin():
        if session.scalar(select(Person.id).limit(1)) is None:
            session.add(Person(name=DEFAULT_PERSON_NAME))
