"""TripService: adding, editing, removing, restoring and listing trips, with validation."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.services.errors import NotFoundError, ValidationError
from app.services.people import PersonService
from app.services.trips import TripService, check_trip
from app.services.views import TripView

TODAY = date(2025, 6, 1)


@pytest.fixture
def trips(sessions: sessionmaker[Session]) -> TripService:
    return TripService(sessions)


@pytest.fixture
def me(sessions: sessionmaker[Session]) -> int:
    return PersonService(sessions).default().id


def test_add_stores_and_returns_the_trip(trips: TripService, me: int) -> None:
    trip = trips.add(
        me, date(2025, 3, 5), date(2025, 3, 9), " se ", "Holiday ", "Påske, hytta", today=TODAY
    )

    assert trip == TripView(
        id=trip.id,
        person_id=me,
        departure=date(2025, 3, 5),
        return_date=date(2025, 3, 9),
        destination="SE",
        purpose="holiday",
        note="Påske, hytta",
    )
    assert trips.list(me) == [trip]
    assert trips.get(trip.id) == trip


def test_add_with_only_a_departure_is_a_trip_under_way(trips: TripService, me: int) -> None:
    trip = trips.add(me, TODAY, today=TODAY)

    assert (trip.return_date, trip.destination, trip.purpose, trip.note) == (None, None, None, "")


def test_empty_destination_and_purpose_are_stored_as_none(trips: TripService, me: int) -> None:
    trip = trips.add(me, date(2025, 1, 1), date(2025, 1, 1), "  ", "", today=TODAY)

    assert (trip.destination, trip.purpose) == (None, None)


@pytest.mark.parametrize(
    ("departure", "return_date", "destination", "purpose", "note", "message"),
    [
        (
            date(2025, 3, 5),
            date(2025, 3, 1),
            None,
            None,
            "",
            "The return date 2025-03-01 is before the departure date 2025-03-05.",
        ),
        (
            date(1899, 12, 31),
            date(1900, 1, 2),
            None,
            None,
            "",
            "The departure date 1899-12-31 is outside the years 1900–2100; check the year.",
        ),
        (
            date(2100, 12, 31),
            date(2101, 1, 1),
            None,
            None,
            "",
            "The return date 2101-01-01 is outside the years 1900–2100; check the year.",
        ),
        (
            date(2025, 6, 2),
            None,
            None,
            None,
            "",
            "The trip departs on 2025-06-02, after today (2025-06-01), so it needs a return "
            "date; only a trip that has started can be under way.",
        ),
        (
            date(2025, 3, 5),
            date(2025, 3, 9),
            "no",
            None,
            "",
            "Norway is home, not a destination; leave the destination empty or choose the "
            "country you travelled to.",
        ),
        (
            date(2025, 3, 5),
            date(2025, 3, 9),
            "XX",
            None,
            "",
            "The destination 'XX' is not a known country code or name; use a two-letter ISO "
            "code such as SE, DE or US (SJ for Svalbard), a country's name, or leave it empty.",
        ),
        (
            date(2025, 3, 5),
            date(2025, 3, 9),
            "Narnia",
            None,
            "",
            "The destination 'Narnia' is not a known country code or name; use a two-letter ISO "
            "code such as SE, DE or US (SJ for Svalbard), a country's name, or leave it empty.",
        ),
        (
            date(2025, 3, 5),
            date(2025, 3, 9),
            None,
            "fun",
            "",
            "The purpose 'fun' is not one Borte knows; use one of employer_assignment, "
            "illness, military_service, study, posting, holiday, family, other, or leave it "
            "empty.",
        ),
        (
            date(2025, 3, 5),
            date(2025, 3, 9),
            None,
            None,
            "x" * 2001,
            "The note has 2,001 characters; shorten it to at most 2,000.",
        ),
    ],
)
def test_add_refuses_invalid_trips_with_a_specific_sentence(
    trips: TripService,
    me: int,
    departure: date,
    return_date: date | None,
    destination: str | None,
    purpose: str | None,
    note: str,
    message: str,
) -> None:
    with pytest.raises(ValidationError) as caught:
        trips.add(me, departure, return_date, destination, purpose, note, today=TODAY)

    assert str(caught.value) == message
    assert trips.list(me) == []


def test_limits_themselves_are_accepted(trips: TripService, me: int) -> None:
    trips.add(me, date(1900, 1, 1), date(2100, 12, 31), "SJ", "other", "x" * 2000, today=TODAY)
    trips.add(me, TODAY, None, today=TODAY)  # under way since today

    assert len(trips.list(me)) == 2


def test_validation_error_clause_reads_inside_a_sentence() -> None:
    with pytest.raises(ValidationError) as caught:
        check_trip(date(2025, 3, 5), date(2025, 3, 1), None, None, "", today=TODAY)

    assert (
        caught.value.clause == "the return date 2025-03-01 is before the departure date 2025-03-05."
    )


def test_only_one_trip_can_be_under_way(trips: TripService, me: int) -> None:
    trips.add(me, date(2025, 5, 1), None, today=TODAY)

    with pytest.raises(ValidationError) as caught:
        trips.add(me, date(2025, 5, 20), None, today=TODAY)

    assert str(caught.value) == (
        "The trip that departed on 2025-05-01 is still under way (it has no return date); give "
        "it a return date first, since only one trip can be under way."
    )


def test_each_person_can_have_their_own_trip_under_way(
    sessions: sessionmaker[Session], trips: TripService, me: int
) -> None:
    kari = PersonService(sessions).add("Kari")
    trips.add(me, date(2025, 5, 1), None, today=TODAY)

    trips.add(kari.id, date(2025, 5, 2), None, today=TODAY)


def test_overlapping_trips_are_allowed(trips: TripService, me: int) -> None:
    first = trips.add(me, date(2025, 1, 1), date(2025, 1, 10), today=TODAY)
    second = trips.add(me, date(2025, 1, 5), date(2025, 1, 15), today=TODAY)

    assert trips.list(me) == [first, second]


def test_add_for_an_unknown_person(trips: TripService) -> None:
    with pytest.raises(NotFoundError, match="There is no person with id 77"):
        trips.add(77, date(2025, 1, 1), date(2025, 1, 2), today=TODAY)


def test_update_replaces_every_field(trips: TripService, me: int) -> None:
    trip = trips.add(me, date(2025, 1, 1), date(2025, 1, 2), "SE", "holiday", "a", today=TODAY)

    updated = trips.update(
        trip.id,
        departure=date(2025, 2, 1),
        return_date=None,
        destination="us",
        purpose=None,
        note="",
        today=TODAY,
    )

    assert updated == TripView(trip.id, me, date(2025, 2, 1), None, "US", None, "")
    assert trips.list(me) == [updated]


def test_update_validates_like_add(trips: TripService, me: int) -> None:
    trip = trips.add(me, date(2025, 1, 1), date(2025, 1, 2), today=TODAY)

    with pytest.raises(ValidationError, match="^The return date 2024-12-31 is before"):
        trips.update(
            trip.id,
            departure=date(2025, 1, 1),
            return_date=date(2024, 12, 31),
            destination=None,
            purpose=None,
            note="",
            today=TODAY,
        )
    assert trips.list(me) == [trip]


def test_update_may_keep_the_trip_under_way_but_not_open_a_second(
    trips: TripService, me: int
) -> None:
    open_trip = trips.add(me, date(2025, 5, 1), None, today=TODAY)
    closed = trips.add(me, date(2025, 1, 1), date(2025, 1, 2), today=TODAY)

    trips.update(
        open_trip.id,
        departure=date(2025, 5, 2),
        return_date=None,
        destination=None,
        purpose=None,
        note="moved",
        today=TODAY,
    )
    with pytest.raises(ValidationError, match="departed on 2025-05-02 is still under way"):
        trips.update(
            closed.id,
            departure=date(2025, 1, 1),
            return_date=None,
            destination=None,
            purpose=None,
            note="",
            today=TODAY,
        )


def test_update_of_an_unknown_trip(trips: TripService) -> None:
    with pytest.raises(NotFoundError) as caught:
        trips.update(
            5,
            departure=date(2025, 1, 1),
            return_date=None,
            destination=None,
            purpose=None,
            note="",
            today=TODAY,
        )

    assert str(caught.value) == (
        "There is no trip with id 5; it may have been removed already, so refresh the list "
        "and try again."
    )


def test_remove_returns_the_trip_and_restore_puts_it_back_under_its_id(
    trips: TripService, me: int
) -> None:
    trip = trips.add(me, date(2025, 1, 1), date(2025, 1, 2), "DK", "family", "note", today=TODAY)
    later = trips.add(me, date(2025, 2, 1), date(2025, 2, 2), today=TODAY)

    removed = trips.remove(trip.id)
    assert removed == trip
    assert trips.list(me) == [later]

    restored = trips.restore(removed)
    assert restored == trip
    assert trips.list(me) == [trip, later]


def test_removed_ids_are_not_reused(trips: TripService, me: int) -> None:
    trip = trips.add(me, date(2025, 1, 1), date(2025, 1, 2), today=TODAY)
    trips.remove(trip.id)

    newer = trips.add(me, date(2025, 3, 1), date(2025, 3, 2), today=TODAY)

    assert newer.id != trip.id
    assert trips.restore(trip).id == trip.id


def test_restore_of_a_trip_that_still_exists_adds_a_copy(trips: TripService, me: int) -> None:
    trip = trips.add(me, date(2025, 1, 1), date(2025, 1, 2), today=TODAY)

    copy = trips.restore(trip)

    assert copy.id != trip.id
    assert len(trips.list(me)) == 2


def test_restore_keeps_the_single_trip_under_way_rule(trips: TripService, me: int) -> None:
    removed = trips.remove(trips.add(me, date(2025, 5, 1), None, today=TODAY).id)
    trips.add(me, date(2025, 5, 10), None, today=TODAY)

    with pytest.raises(ValidationError, match="2025-05-10 is still under way"):
        trips.restore(removed)


def test_restore_for_a_removed_person(sessions: sessionmaker[Session], trips: TripService) -> None:
    people = PersonService(sessions)
    kari = people.add("Kari")
    trip = trips.add(kari.id, date(2025, 1, 1), date(2025, 1, 2), today=TODAY)
    people.remove(kari.id)

    with pytest.raises(NotFoundError):
        trips.restore(trip)


def test_remove_of_an_unknown_trip(trips: TripService) -> None:
    with pytest.raises(NotFoundError):
        trips.remove(3)


def test_list_orders_by_departure_then_id(trips: TripService, me: int) -> None:
    b = trips.add(me, date(2025, 2, 1), date(2025, 2, 3), today=TODAY)
    a = trips.add(me, date(2025, 1, 1), date(2025, 1, 3), today=TODAY)
    c = trips.add(me, date(2025, 2, 1), date(2025, 2, 2), today=TODAY)

    assert trips.list(me) == [a, b, c]


def test_list_for_an_unknown_person(trips: TripService) -> None:
    with pytest.raises(NotFoundError):
        trips.list(9)


def test_overlapping_finds_trips_sharing_a_day(
    sessions: sessionmaker[Session], trips: TripService, me: int
) -> None:
    january = trips.add(me, date(2025, 1, 1), date(2025, 1, 10), today=TODAY)
    february = trips.add(me, date(2025, 2, 1), date(2025, 2, 10), today=TODAY)
    under_way = trips.add(me, date(2025, 5, 1), None, today=TODAY)
    kari = PersonService(sessions).add("Kari")
    trips.add(kari.id, date(2025, 1, 1), date(2025, 12, 31), today=TODAY)

    # The ends are inclusive: a trip returning on the 10th overlaps one leaving on the 10th.
    assert trips.overlapping(me, date(2025, 1, 10), date(2025, 2, 1)) == [january, february]
    assert trips.overlapping(me, date(2025, 1, 11), date(2025, 1, 31)) == []
    assert trips.overlapping(me, date(2025, 2, 5), None) == [february, under_way]
    assert trips.overlapping(me, date(2030, 1, 1), date(2030, 1, 2)) == [under_way]
    assert trips.overlapping(me, date(2025, 1, 1), date(2025, 1, 1), exclude_id=january.id) == []
