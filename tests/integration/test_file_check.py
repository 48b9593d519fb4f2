"""Damaged and foreign data files: diagnosed exactly, refused with one sentence, never changed.

Each case starts from a real data folder (trips, a daily backup), then breaks the data file the
way it happens in life. `open_services` must raise `DataFileProblem` naming the problem and the
newest good backup, and the file's bytes must be the same afterwards.
"""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.main import open_services
from app.models.database import DATABASE_FILENAME
from app.services import backups
from app.services.file_check import DataFileProblem, FileProblem, ProblemKind, diagnose

TODAY = date(2025, 6, 30)
TRIPS = 300  # enough for the trips table to span several pages


def _fill(data_dir: Path) -> None:
    services = open_services(data_dir)  # also makes the day's backup
    try:
        me = services.people.default().id
        for i in range(TRIPS):
            day = date(2000, 1, 1) + timedelta(days=3 * i)
            services.trips.add(
                me, day, day + timedelta(days=1), "SE", note=f"trip {i} " * 5, today=TODAY
            )
    finally:
        services.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with TRIPS trips and a backup of the empty file made at first start."""
    data_dir = tmp_path_factory.mktemp("template")
    _fill(data_dir)
    # One backup holding all the trips, so the message can name a useful one.
    backups.backup_now(data_dir / DATABASE_FILENAME, "manual")
    return data_dir


@pytest.fixture
def data_dir(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    copy.mkdir(mode=0o700)
    for path in [template / DATABASE_FILENAME, *backups.backups_dir(template).iterdir()]:
        target = copy / path.relative_to(template)
        target.parent.mkdir(mode=0o700, exist_ok=True)
        target.write_bytes(path.read_bytes())
    return copy


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _truncate_to_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(path.stat().st_size))


def _other_programs_database(path: Path) -> None:
    path.unlink()
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    connection.execute("INSERT INTO invoices (amount) VALUES (120.5)")
    connection.commit()
    connection.close()


def _newer_borte(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '0042'")
    connection.commit()
    connection.close()


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _corrupt_trips_page(path: Path) -> None:
    """Zero the cell pointers of the trips table's root page, as a bad disk sector would."""
    connection = sqlite3.connect(path)
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'trips'").fetchone()
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    data = bytearray(path.read_bytes())
    start = (root[0] - 1) * page_size
    data[start + 12 : start + 44] = bytes(32)
    path.write_bytes(bytes(data))


def _cut_inside_header(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:50])


Damage = Callable[[Path], None]

# (how the file is broken, the kind diagnosed, words the user must see)
CASES: list[tuple[Damage, ProblemKind, str]] = [
    (_truncate_to_half, ProblemKind.TRUNCATED, "is cut short: it has"),
    (_cut_inside_header, ProblemKind.TRUNCATED, "not even a whole header"),
    (_random_bytes, ProblemKind.NOT_SQLITE, "nor any database"),
    (_other_programs_database, ProblemKind.NOT_BORTE, "a database of another program"),
    (_newer_borte, ProblemKind.NEWER_SCHEMA, "written by a newer version of Borte"),
    (_empty, ProblemKind.EMPTY, "is empty (0 bytes)"),
    (_corrupt_trips_page, ProblemKind.DAMAGED, "is damaged"),
]
IDS = [damage.__name__.strip("_") for damage, _, _ in CASES]


@pytest.mark.parametrize(("damage", "kind", "words"), CASES, ids=IDS)
def test_a_damaged_file_is_refused_unchanged_naming_the_newest_good_backup(
    data_dir: Path, damage: Damage, kind: ProblemKind, words: str
) -> None:
    path = data_dir / DATABASE_FILENAME
    damage(path)
    before = _digest(path)
    newest = backups.list_backups(data_dir)[0]

    with pytest.raises(DataFileProblem) as caught:
        open_services(data_dir)

    message = str(caught.value)
    assert caught.value.problem.kind is kind
    assert words in message
    assert str(path) in message
    assert "Borte has left the file as it is" in message
    assert caught.value.backup is not None
    assert caught.value.backup.id == newest.id
    assert f"restore the newest good backup, {newest.id} ({TRIPS} trips, made " in message
    assert message.endswith("or choose another data folder.")
    assert message.count(". ") == 0  # one sentence
    assert _digest(path) == before
    assert not path.with_name(path.name + "-wal").exists()


@pytest.mark.parametrize(("damage", "kind", "words"), CASES, ids=IDS)
def test_without_backups_the_message_says_so(
    data_dir: Path, damage: Damage, kind: ProblemKind, words: str
) -> None:
    for backup in backups.list_backups(data_dir):
        backup.path.unlink()
    path = data_dir / DATABASE_FILENAME
    damage(path)
    before = _digest(path)

    with pytest.raises(DataFileProblem) as caught:
        open_services(data_dir)

    assert caught.value.backup is None
    assert words in str(caught.value)
    assert "there is no backup to restore" in str(caught.value) or kind in (
        ProblemKind.NEWER_SCHEMA,
    )
    assert _digest(path) == before


def test_a_newer_borte_file_is_to_be_opened_with_that_borte(data_dir: Path) -> None:
    path = data_dir / DATABASE_FILENAME
    _newer_borte(path)

    problem = diagnose(path)

    assert problem is not None
    assert "schema revision '0042'" in problem.what
    assert "open it with that newer Borte" in problem.message(None)


def test_damaged_backups_are_passed_over_for_the_newest_good_one(data_dir: Path) -> None:
    good = backups.list_backups(data_dir)[0]
    broken = backups.backup_now(data_dir / DATABASE_FILENAME, "manual")
    _truncate_to_half(broken.path)
    _random_bytes(data_dir / DATABASE_FILENAME)

    with pytest.raises(DataFileProblem) as caught:
        open_services(data_dir)

    assert caught.value.backup is not None
    assert caught.value.backup.id == good.id
    assert broken.id not in str(caught.value)


def test_a_healthy_file_and_a_new_empty_database_pass(data_dir: Path, tmp_path: Path) -> None:
    # A database with a header but no tables is what an interrupted first start leaves.
    blank = tmp_path / "blank.sqlite3"
    connection = sqlite3.connect(blank)
    connection.execute("CREATE TABLE t (x)")
    connection.execute("DROP TABLE t")
    connection.commit()
    connection.close()

    assert diagnose(data_dir / DATABASE_FILENAME) is None
    assert diagnose(blank) is None


def test_a_missing_file_is_reported_but_opening_creates_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "new"
    path = data_dir / DATABASE_FILENAME

    problem = diagnose(path)
    assert problem is not None
    assert problem.kind is ProblemKind.MISSING
    assert problem.message(None) == (
        f"There is no data file at {path}; Borte will start a new, empty one."
    )

    services = open_services(data_dir)
    services.close()
    assert diagnose(path) is None


def test_a_folder_in_place_of_the_file_is_not_sqlite(tmp_path: Path) -> None:
    (tmp_path / DATABASE_FILENAME).mkdir()

    problem = diagnose(tmp_path / DATABASE_FILENAME)

    assert problem is not None
    assert problem.kind is ProblemKind.NOT_SQLITE


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_says_to_check_permissions(data_dir: Path) -> None:
    path = data_dir / DATABASE_FILENAME
    path.chmod(0)
    try:
        problem = diagnose(path)
    finally:
        path.chmod(0o600)

    assert problem is not None
    assert problem.kind is ProblemKind.UNREADABLE
    assert "check the file's owner and permissions" in problem.message(None)


def test_every_message_is_one_sentence_for_every_kind(tmp_path: Path) -> None:
    for kind in ProblemKind:
        problem = FileProblem(kind, tmp_path / "x", f"something is wrong ({kind})")
        text = problem.message(None)
        assert text[0].isupper()
        assert text.endswith(".")
        assert text.count(". ") == 0
