"""Removing and restoring many trips, or a whole person, in one transaction (for undo)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.services.errors import NotFoundError, ValidationError
from app.services.people import PersonService
from app.services.permits import PermitService
from app.services.profile import PermitKind
from app.services.trips import TripService

TODAY = date(2025, 6, 1)


@pytest.fixture
def people(sessions: sessionmaker[Session]) -> PersonService:
    return PersonService(sessions)


@pytest.fixture
def trips(sessions: sessionmaker[Session]) -> TripService:
    return TripService(sessions)


@pytest.fixture
def permits(sessions: sessionmaker[Session]) -> PermitService:
    return PermitService(sessions)


def test_remove_many_and_restore_many_round_trip(people: PersonService, trips: TripService) -> None:
    me = people.default().id
    a = trips.add(me, date(2024, 1, 1), date(2024, 1, 5), "SE", "holiday", "ski", today=TODAY)
    b = trips.add(me, date(2024, 3, 1), None, today=TODAY)
    removed = trips.remove_many([a.id, b.id])
    assert removed == [a, b]
    assert trips.list(me) == []
    assert trips.restore_many(removed) == [a, b]  # same ids, same fields
    assert trips.list(me) == [a, b]


def test_remove_many_is_all_or_nothing(people: PersonService, trips: TripService) -> None:
    me = people.default().id
    a = trips.add(me, date(2024, 1, 1), date(2024, 1, 5), today=TODAY)
    with pytest.raises(NotFoundError):
        trips.remove_many([a.id, 9999])
    assert trips.list(me) == [a]


def test_restore_many_is_all_or_nothing(people: PersonService, trips: TripService) -> None:
    me = people.default().id
    a = trips.add(me, date(2024, 1, 1), date(2024, 1, 5), today=TODAY)
    b = trips.add(me, date(2024, 3, 1), None, today=TODAY)
    removed = trips.remove_many([a.id, b.id])
    # Meanwhile another trip under way was added: b cannot come back, so neither does a.
    c = trips.add(me, date(2024, 4, 1), None, today=TODAY)
    with pytest.raises(ValidationError, match="still under way"):
        trips.restore_many(removed)
    assert trips.list(me) == [c]


def test_restore_many_of_nothing(trips: TripService) -> None:
    assert trips.remove_many([]) == []
    assert trips.restore_many([]) == []


def test_person_snapshot_and_restore(
    people: PersonService, trips: TripService, permits: PermitService
) -> None:
    kari = people.add("Kari")
    people.set_key_dates(kari.id, arrived_on=date(2020, 1, 1), pr_applied_on=date(2023, 2, 1))
    people.set_sufficient_income(kari.id, True)
    t1 = trips.add(kari.id, date(2024, 1, 1), date(2024, 1, 5), "SE", today=TODAY)
    t2 = trips.add(kari.id, date(2024, 5, 1), None, today=TODAY)
    p1 = permits.add(kari.id, PermitKind.WORK, date(2020, 1, 1), date(2023, 1, 1), note="first")
    before = people.get(kari.id)
    profile = people.profile(kari.id)

    snapshot = people.snapshot(kari.id)
    assert snapshot.person == before
    assert snapshot.trips == (t1, t2)
    assert snapshot.permits == (p1,)
    people.remove(kari.id)
    with pytest.raises(NotFoundError):
        people.get(kari.id)

    assert people.restore(snapshot) == before
    assert trips.list(kari.id) == [t1, t2]
    assert permits.list(kari.id) == [p1]
    assert people.profile(kari.id) == profile
    assert [p.name for p in people.list()] == ["Me", "Kari"]


def test_restore_refuses_a_taken_name_and_changes_nothing(
    people: PersonService, trips: TripService
) -> None:
    kari = people.add("Kari")
    trips.add(kari.id, date(2024, 1, 1), date(2024, 1, 5), today=TODAY)
    snapshot = people.snapshot(kari.id)
    people.remove(kari.id)
    people.add("KARI")
    with pytest.raises(ValidationError, match="already a person called KARI"):
        people.restore(snapshot)
    assert [p.name for p in people.list()] == ["Me", "KARI"]


def test_restore_refuses_a_person_who_is_still_there(people: PersonService) -> None:
    snapshot = people.snapshot(people.default().id)
    with pytest.raises(ValidationError, match="already there"):
        people.restore(snapshot)
