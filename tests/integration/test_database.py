"""The database file: pragmas, permissions, migrations, constraints and the default person."""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import DatabaseError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.models.database import (
    BUSY_TIMEOUT_MS,
    DATABASE_FILENAME,
    HEAD_REVISION,
    UnknownSchemaError,
    alembic_config,
    close_database,
    make_engine,
    migrate,
    open_database,
)
from app.models.tables import PERMIT_KINDS, Base, Person, Trip
from app.services.people import PersonService
from app.services.permits import PermitService
from app.services.profile import PermitKind
from app.services.settings import SettingsService
from app.services.trips import TripService


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    return data_dir / "borte" / DATABASE_FILENAME


@pytest.fixture
def file_engine(db_path: Path) -> Iterator[Engine]:
    db_path.parent.mkdir()
    engine = make_engine(db_path)
    yield engine
    engine.dispose()


def _pragma(engine: Engine, name: str) -> object:
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_new_in_memory_database_has_one_default_person(sessions: sessionmaker[Session]) -> None:
    people = PersonService(sessions).list()

    assert [(p.name, p.is_sample) for p in people] == [("Me", False)]


def test_file_database_uses_wal_foreign_keys_full_sync_and_busy_timeout(db_path: Path) -> None:
    sessions = open_database(db_path)
    try:
        engine = sessions.kw["bind"]
        assert _pragma(engine, "foreign_keys") == 1
        assert _pragma(engine, "journal_mode") == "wal"
        assert _pragma(engine, "synchronous") == 2  # FULL: see make_engine
        assert _pragma(engine, "busy_timeout") == BUSY_TIMEOUT_MS
    finally:
        close_database(sessions)


def test_in_memory_database_enforces_foreign_keys_without_wal(
    sessions: sessionmaker[Session],
) -> None:
    engine = sessions.kw["bind"]

    assert _pragma(engine, "foreign_keys") == 1
    assert _pragma(engine, "journal_mode") == "memory"


def test_open_database_creates_private_folder_and_file(db_path: Path) -> None:
    close_database(open_database(db_path))

    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_open_database_leaves_an_existing_folder_mode_alone(data_dir: Path) -> None:
    data_dir.chmod(0o755)
    path = data_dir / DATABASE_FILENAME

    close_database(open_database(path))

    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o755
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_open_database_tightens_an_existing_file_mode(db_path: Path) -> None:
    close_database(open_database(db_path))
    db_path.chmod(0o644)

    close_database(open_database(db_path))

    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_reopening_a_current_database_keeps_data_and_adds_no_person(db_path: Path) -> None:
    sessions = open_database(db_path)
    try:
        people = PersonService(sessions)
        me = people.default()
        people.add("Kari")
        TripService(sessions).add(
            me.id, date(2024, 1, 2), date(2024, 1, 5), "SE", today=date(2025, 1, 1)
        )
    finally:
        close_database(sessions)

    sessions = open_database(db_path)
    try:
        assert [p.name for p in PersonService(sessions).list()] == ["Me", "Kari"]
        trips = TripService(sessions).list(me.id)
        assert [(t.departure, t.return_date, t.destination) for t in trips] == [
            (date(2024, 1, 2), date(2024, 1, 5), "SE")
        ]
    finally:
        close_database(sessions)


def test_processes_opening_a_new_file_at_once_migrate_it_once(db_path: Path) -> None:
    db_path.parent.mkdir()
    code = (
        "import sys; from pathlib import Path\n"
        "from app.models.database import open_database, close_database\n"
        "close_database(open_database(Path(sys.argv[1])))\n"
    )
    starts = [
        subprocess.Popen([sys.executable, "-c", code, str(db_path)], stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    for process in starts:
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, stderr.decode()

    sessions = open_database(db_path)
    try:
        assert [p.name for p in PersonService(sessions).list()] == ["Me"]
    finally:
        close_database(sessions)


def test_a_file_that_is_not_a_database_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir()
    db_path.write_bytes(b"this is not SQLite " * 100)

    with pytest.raises(DatabaseError, match="file is not a database"):
        open_database(db_path)


def test_upgrade_from_0001_keeps_every_row(file_engine: Engine, db_path: Path) -> None:
    migrate(file_engine, "0001")
    with file_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO people (id, name, arrived_on, sufficient_income) "
                "VALUES (7, 'Ola', '2019-08-15', 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO trips (person_id, departure, return_date, destination, note) "
                "VALUES (7, '2024-02-28', '2024-03-01', 'DE', 'Blåbær, \"quoted\"')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO permits (person_id, kind, valid_from, valid_to) "
                "VALUES (7, 'work', '2019-08-01', '2022-07-31')"
            )
        )
        connection.execute(
            text("INSERT INTO settings (key, value) VALUES ('pr_waiting_months', '12')")
        )
    file_engine.dispose()

    sessions = open_database(db_path)
    try:
        people = PersonService(sessions)
        # The database already had a person, so no default "Me" was added.
        assert [p.name for p in people.list()] == ["Ola"]
        ola = people.get(7)
        assert ola.arrived_on == date(2019, 8, 15)
        assert ola.sufficient_income is True
        assert ola.is_sample is False  # filled in by the server default
        [trip] = TripService(sessions).list(7)
        assert (trip.departure, trip.return_date, trip.destination, trip.purpose, trip.note) == (
            date(2024, 2, 28),
            date(2024, 3, 1),
            "DE",
            None,
            'Blåbær, "quoted"',
        )
        [permit] = PermitService(sessions).list(7)
        assert permit.kind is PermitKind.WORK
        assert permit.granted_before_entry is False
        assert SettingsService(sessions).pr_waiting_months() == 12
        with sessions() as session:
            version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == HEAD_REVISION
    finally:
        close_database(sessions)


def test_head_revision_constant_matches_the_migration_scripts(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.kw["bind"].connect() as connection:
        script = ScriptDirectory.from_config(alembic_config(connection))
        assert script.get_heads() == [HEAD_REVISION]


def test_migrations_create_exactly_the_models_schema(sessions: sessionmaker[Session]) -> None:
    with sessions.kw["bind"].connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_server_default": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_drops_every_table(file_engine: Engine) -> None:
    migrate(file_engine)
    with file_engine.connect() as connection, connection.begin():
        command.downgrade(alembic_config(connection), "base")
    with file_engine.connect() as connection:
        assert inspect(connection).get_table_names() == ["alembic_version"]


def test_a_database_from_a_newer_borte_is_refused(file_engine: Engine, db_path: Path) -> None:
    migrate(file_engine)
    with file_engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    file_engine.dispose()

    with pytest.raises(UnknownSchemaError, match="newer Borte"):
        open_database(db_path)


def test_opening_a_current_database_does_not_load_alembic(db_path: Path) -> None:
    close_database(open_database(db_path))
    script = (
        "import sys; from pathlib import Path\n"
        "from app.models.database import open_database, close_database\n"
        f"close_database(open_database(Path({str(db_path)!r})))\n"
        "print(sorted(m for m in sys.modules if m.startswith('alembic')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"


def test_foreign_keys_and_check_constraints_are_enforced(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), sessions.begin() as session:
        session.add(Trip(person_id=999, departure=date(2024, 1, 1)))
    with pytest.raises(IntegrityError, match="CHECK"), sessions.begin() as session:
        session.execute(
            text(
                "INSERT INTO trips (person_id, departure, return_date) "
                "VALUES (1, '2024-01-05', '2024-01-04')"
            )
        )
    with pytest.raises(IntegrityError, match="CHECK"), sessions.begin() as session:
        session.execute(
            text(
                "INSERT INTO permits (person_id, kind, valid_from) VALUES (1, 'visa', '2024-01-01')"
            )
        )
    with pytest.raises(IntegrityError, match="CHECK"), sessions.begin() as session:
        session.add(Person(name="   "))


def test_deleting_a_person_row_cascades_in_the_database(sessions: sessionmaker[Session]) -> None:
    trips = TripService(sessions)
    trips.add(1, date(2024, 1, 1), date(2024, 1, 2), today=date(2025, 1, 1))
    PermitService(sessions).add(1, PermitKind.WORK, date(2023, 1, 1))

    with sessions.begin() as session:
        session.execute(text("DELETE FROM people WHERE id = 1"))

    with sessions() as session:
        assert session.execute(text("SELECT count(*) FROM trips")).scalar() == 0
        assert session.execute(text("SELECT count(*) FROM permits")).scalar() == 0


def test_a_failed_transaction_leaves_nothing_behind(sessions: sessionmaker[Session]) -> None:
    # SQLAlchemy emits BEGIN itself (see make_engine), so even a write that the driver would
    # have run outside a transaction is rolled back.
    def add_kari_twice() -> None:
        with sessions.begin() as session:
            session.add(Person(name="Kari"))
            session.flush()
            session.add(Person(name="Kari"))
            session.flush()

    with pytest.raises(IntegrityError):
        add_kari_twice()

    with sessions() as session:
        assert session.scalars(select(Person.name)).all() == ["Me"]


def test_dates_round_trip_as_dates(sessions: sessionmaker[Session]) -> None:
    trip = TripService(sessions).add(1, date(2024, 2, 29), None, today=date(2024, 3, 1))

    with sessions() as session:
        stored = session.get(Trip, trip.id)
        assert stored is not None
        assert type(stored.departure) is date
        assert stored.departure == date(2024, 2, 29)


def test_permit_kinds_in_the_schema_match_the_enum() -> None:
    assert tuple(kind.value for kind in PermitKind) == PERMIT_KINDS


def test_upgrade_from_0001_to_0003_adds_empty_identity_and_downgrades(
    file_engine: Engine, db_path: Path
) -> None:
    migrate(file_engine, "0001")
    with file_engine.begin() as connection:
        connection.execute(text("INSERT INTO people (id, name) VALUES (3, 'Ola')"))
    migrate(file_engine, "0003")
    with file_engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("people")}
        assert {"full_name", "born_on", "reference_number"} <= columns
        row = connection.execute(
            text("SELECT name, full_name, born_on, reference_number FROM people WHERE id = 3")
        ).one()
        assert tuple(row) == ("Ola", None, None, None)
    with file_engine.connect() as connection, connection.begin():
        command.downgrade(alembic_config(connection), "0001")
    with file_engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("people")}
        assert not columns & {"full_name", "born_on", "reference_number"}
        assert connection.execute(text("SELECT name FROM people")).scalar() == "Ola"
