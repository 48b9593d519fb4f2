"""Checklists of the conditions that are not day counts: migration 0002, the service, the CLI.

`BORTE_TODAY` pins "today" for the CLI runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app import cli
from app.models.database import (
    DATABASE_FILENAME,
    HEAD_REVISION,
    alembic_config,
    close_database,
    make_engine,
    migrate,
    open_database,
)
from app.services.checklists import ChecklistService, build_checklist, load_checklists
from app.services.errors import ValidationError
from app.services.people import PersonService
from app.services.permits import PermitService
from app.services.profile import PermitKind


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / DATABASE_FILENAME


@pytest.fixture
def file_engine(db_path: Path) -> Iterator[Engine]:
    engine = make_engine(db_path)
    yield engine
    engine.dispose()


# --- Migration 0002 -----------------------------------------------------------------------------


def test_upgrade_from_0001_keeps_permits_and_adds_collective_protection_and_ticks(
    file_engine: Engine, db_path: Path
) -> None:
    migrate(file_engine, "0001")
    with file_engine.begin() as connection:
        connection.execute(text("INSERT INTO people (id, name) VALUES (3, 'Olena')"))
        connection.execute(
            text(
                "INSERT INTO permits (person_id, kind, valid_from, valid_to, note) "
                "VALUES (3, 'humanitarian', '2022-03-15', '2023-03-14', 'første')"
            )
        )
        # 0001 does not know the new kind.
        with pytest.raises(IntegrityError):
            connection.execute(
                text(
                    "INSERT INTO permits (person_id, kind, valid_from) "
                    "VALUES (3, 'collective_protection', '2023-03-15')"
                )
            )
    file_engine.dispose()

    sessions = open_database(db_path)
    try:
        [permit] = PermitService(sessions).list(3)
        assert (permit.kind, permit.valid_from, permit.note) == (
            PermitKind.HUMANITARIAN,
            date(2022, 3, 15),
            "første",
        )
        added = PermitService(sessions).add(3, "collective_protection", date(2023, 3, 15))
        assert added.kind is PermitKind.COLLECTIVE_PROTECTION
        service = ChecklistService(sessions)
        service.tick(3, "pr-norwegian", date(2025, 10, 2))
        [pr] = service.checklists(3, date(2025, 12, 1), "pr")
        assert {i.id: i.met_on for i in pr.items if i.ticked} == {"pr-norwegian": date(2025, 10, 2)}
        with sessions() as session:
            version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            indexes = {i["name"] for i in inspect(session.connection()).get_indexes("permits")}
        assert version == HEAD_REVISION  # through 0002 (checklists) to the newest
        assert "ix_permits_person_id_valid_from" in indexes  # kept through the table rebuild
    finally:
        close_database(sessions)


def test_downgrade_to_0001_drops_the_ticks_and_keeps_permits_as_other(
    file_engine: Engine,
) -> None:
    migrate(file_engine)
    with file_engine.begin() as connection:
        connection.execute(text("INSERT INTO people (id, name) VALUES (1, 'Olena')"))
        connection.execute(
            text(
                "INSERT INTO permits (person_id, kind, valid_from) "
                "VALUES (1, 'collective_protection', '2023-03-15')"
            )
        )
        connection.execute(
            text("INSERT INTO checklist_ticks (person_id, item_id) VALUES (1, 'cit-identity')")
        )
    with file_engine.connect() as connection:
        # As migrate() does: 0003's downgrade rebuilds the people table, and with foreign keys
        # on, dropping it would cascade-delete the permits.
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA foreign_keys=OFF")
        with connection.begin():
            command.downgrade(alembic_config(connection), "0001")
    with file_engine.connect() as connection:
        assert "checklist_ticks" not in inspect(connection).get_table_names()
        kinds = connection.execute(text("SELECT kind FROM permits")).scalars().all()
        assert kinds == ["other"]


def test_a_person_s_ticks_are_removed_with_them(sessions: sessionmaker[Session]) -> None:
    people = PersonService(sessions)
    other = people.add("Taras")
    service = ChecklistService(sessions)
    service.tick(other.id, "cit-identity")
    people.remove(other.id)
    with sessions() as session:
        left = session.execute(text("SELECT count(*) FROM checklist_ticks")).scalar()
    assert left == 0


# --- The service -------------------------------------------------------------------------------


def test_items_are_dated_data() -> None:
    pr = load_checklists()["pr"]
    before = build_checklist(pr, {}, date(2025, 8, 31))
    after = build_checklist(pr, {}, date(2025, 9, 1))
    text_before = {i.id: i.text for i in before.items}
    text_after = {i.id: i.text for i in after.items}
    assert "level A1" in text_before["pr-norwegian"]
    assert "level A2" in text_after["pr-norwegian"]
    # Training hours were dropped from 1 September 2025 (§2.7).
    assert "pr-training-hours" in text_before
    assert "pr-training-hours" not in text_after
    assert "NOK 4,700" in text_after["pr-fee"]
    assert "checked on 2026-12-01" in text_after["pr-fee"]


def test_tick_untick_and_still_open(sessions: sessionmaker[Session]) -> None:
    me = PersonService(sessions).default().id
    service = ChecklistService(sessions)
    as_of = date(2026, 1, 1)
    [pr, citizenship] = service.checklists(me, as_of)
    assert pr.summary() == "Still open: 6 of 6 other conditions."
    # The income item only counts on the income route.
    assert [i.id for i in citizenship.still_open] == [
        "cit-norwegian",
        "cit-test",
        "cit-identity",
        "cit-pr-conditions",
    ]
    service.apply(me, {"pr-social-studies": date(2025, 5, 5), "pr-fee": None}, ())
    service.tick(me, "PR-Social-Studies ", date(2025, 5, 6))  # again: the date moves
    [pr] = service.checklists(me, as_of, "pr")
    assert pr.summary() == "Still open: 4 of 6 other conditions."
    met = {i.id: i.met_on for i in pr.items if i.ticked}
    assert met == {"pr-social-studies": date(2025, 5, 6), "pr-fee": None}
    service.untick(me, "pr-fee")
    [pr] = service.checklists(me, as_of, "pr")
    assert [i.id for i in pr.items if i.ticked] == ["pr-social-studies"]


def test_unknown_items_and_dates_are_refused_with_a_sentence(
    sessions: sessionmaker[Session],
) -> None:
    me = PersonService(sessions).default().id
    service = ChecklistService(sessions)
    with pytest.raises(ValidationError, match="is not a checklist item; use one of"):
        service.tick(me, "pr-lottery")
    with pytest.raises(ValidationError, match="is not a plausible date"):
        service.tick(me, "pr-fee", date(1800, 1, 1))
    [pr] = service.checklists(me, date(2026, 1, 1), "pr")
    assert not any(i.ticked for i in pr.items)  # nothing half-written


# --- The command line --------------------------------------------------------------------------


def borte(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> tuple[int, str, str]:
    code = cli.main([*argv, "--data-dir", str(data_dir)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_checklist_commands(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BORTE_TODAY", "2026-01-15")
    data = tmp_path / "data"
    code, out, _ = borte(capsys, data, "checklist", "tick", "pr-norwegian", "--on", "2025-10-02")
    assert (code, out.strip()) == (0, "Ticked pr-norwegian as met on 2025-10-02.")
    code, out, _ = borte(capsys, data, "checklist", "--goal", "pr", "--json")
    assert code == 0
    [pr] = json.loads(out)
    assert pr["goal"] == "pr"
    assert "pr-norwegian" not in pr["still_open"]
    [item] = [i for i in pr["items"] if i["id"] == "pr-norwegian"]
    assert (item["ticked"], item["met_on"]) == (True, "2025-10-02")
    code, out, _ = borte(capsys, data, "checklist")
    assert code == 0
    assert "[x] pr-norwegian" in out
    assert "Citizenship: other conditions (Still open: 4 of 4 other conditions.)" in out
    code, out, _ = borte(capsys, data, "checklist", "untick", "pr-norwegian")
    assert (code, out.strip()) == (0, "Unticked pr-norwegian.")
    code, _, err = borte(capsys, data, "checklist", "tick", "pr-nothing")
    assert code == 2
    assert err.startswith("borte: 'pr-nothing' is not a checklist item")
    code, _, err = borte(capsys, data, "checklist", "--goal", "visa")
    assert code == 2
    assert "is not a goal; use pr or citizenship." in err


def test_undoing_a_removal_puts_the_ticks_back(sessions: sessionmaker[Session]) -> None:
    people = PersonService(sessions)
    other = people.add("Taras")
    service = ChecklistService(sessions)
    service.tick(other.id, "cit-identity", date(2024, 2, 3))
    snapshot = people.snapshot(other.id)
    people.remove(other.id)
    people.restore(snapshot)
    [citizenship] = service.checklists(other.id, date(2025, 1, 1), "citizenship")
    assert [(i.id, i.met_on) for i in citizenship.items if i.ticked] == [
        ("cit-identity", date(2024, 2, 3))
    ]
