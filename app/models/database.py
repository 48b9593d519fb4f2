"""Opening Borte's SQLite file: engine, pragmas, migrations and the session factory.

One engine and one `sessionmaker` per process (style.md item 4). `open_database()` is what the
composition root and the tests call; everything else here is a step of it.
"""

from __future__ import annotations

import logging
import os
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
HEAD_REVISION = "0001"
DEFAULT_PERSON_NAME = "Me"


class UnknownSchemaError(RuntimeError):
    """The file was written by a newer Borte, with a schema revision this version lacks."""


def make_engine(path: Path | None) -> Engine:
    """An engine for the database file at `path`, or for a private in-memory one if None."""
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
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
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
            # With WAL, NORMAL syncs only at checkpoints: still durable against application
            # crashes; a power cut can lose the last commits but never corrupts the file.
            cursor.execute("PRAGMA synchronous=NORMAL")
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

    return engine


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to `revision` (Alembic's syntax) in one transaction."""
    with engine.connect() as connection:
        current = current_revision(connection)
        connection.rollback()
        if revision == "head" and current == HEAD_REVISION:
            return
        _upgrade(connection, revision)


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


def alembic_config(connection: Connection) -> Config:
    """An Alembic configuration that runs Borte's migrations on `connection`."""
    from alembic.config import Config

    config = Config()
    # The option goes through ConfigParser interpolation, so a "%" in the install path must be
    # doubled (Alembic's set_main_option docs).
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection, revision: str) -> None:
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
            log.info("Migrating database from %s to %s", current or "empty", revision)
            command.upgrade(config, revision)
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            if broken:
                raise RuntimeError(f"Migration to {revision} broke foreign keys: {broken[:5]}")
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def open_database(path: Path | None) -> sessionmaker[Session]:
    """Open (creating if needed) the database at `path`, migrated, with one person in it.

    `path` None gives a private in-memory database, for tests.
    """
    if path is not None:
        _prepare_file(path)
    engine = make_engine(path)
    try:
        migrate(engine)
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
    # Create the file ourselves, so SQLite never makes it world-readable even for a moment;
    # SQLite gives the -wal and -shm files the same mode as the main file.
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    path.chmod(0o600)


def _ensure_default_person(engine: Engine) -> None:
    # Two processes starting on a new file at once add "Me" only once: the transaction holds
    # the write lock from its start (BEGIN IMMEDIATE).
    with Session(engine) as session, session.begin():
        if session.scalar(select(Person.id).limit(1)) is None:
            session.add(Person(name=DEFAULT_PERSON_NAME))
