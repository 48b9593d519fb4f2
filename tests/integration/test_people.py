"""PersonService against a real in-memory database."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.services.errors import NotFoundError, ValidationError
from app.services.people import PersonService
from app.services.permits import PermitService
from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile, TripSpan
from app.services.trips import TripService

TODAY = date(2025, 6, 1)


@pytest.fixture
def people(sessions: sessionmaker[Session]) -> PersonService:
    return PersonService(sessions)


def test_list_returns_people_in_the_order_added(people: PersonService) -> None:
    people.add("Kari")
    people.add("Ola")

    assert [p.name for p in people.list()] == ["Me", "Kari", "Ola"]


def test_default_is_the_first_person_who_is_not_sample_data(people: PersonService) -> None:
    people.add("Sample Sara", is_sample=True)
    kari = people.add("Kari")
    people.add("Ola")
    people.remove(people.by_name("Me").id)

    assert people.default() == kari


def test_default_falls_back_to_a_sample_person(people: PersonService) -> None:
    sample = people.add("Sample Sara", is_sample=True)
    people.remove(people.by_name("Me").id)

    assert people.default() == sample


def test_get_returns_the_person_and_refuses_unknown_ids(people: PersonService) -> None:
    me = people.default()

    assert people.get(me.id) == me
    with pytest.raises(NotFoundError, match="There is no person with id 99"):
        people.get(99)


def test_by_name_matches_exactly_then_ignoring_case(people: PersonService) -> None:
    kari = people.add("Kari Nordmann")

    assert people.by_name("Kari Nordmann") == kari
    assert people.by_name("  kari nordmann ") == kari


def test_by_name_lists_the_known_names_when_nobody_matches(people: PersonService) -> None:
    people.add("Kari")

    with pytest.raises(NotFoundError) as caught:
        people.by_name("Ola")

    assert str(caught.value) == "Nobody is called 'Ola'; use one of these names: Me, Kari."


def test_add_tidies_spaces_and_starts_with_no_dates(people: PersonService) -> None:
    person = people.add("  Ørjan   Ås ")

    assert person.name == "Ørjan Ås"
    assert not person.is_sample
    assert person.arrived_on is None
    assert person.sufficient_income is False


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "The name is empty; type a name for the person."),
        ("x" * 101, "The name has 101 characters; shorten it to at most 100."),
        ("ME", "There is already a person called Me; choose a different name."),
    ],
)
def test_add_refuses_bad_names(people: PersonService, name: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        people.add(name)

    assert str(caught.value) == message


def test_names_differing_only_in_non_ascii_case_clash(people: PersonService) -> None:
    people.add("Ørjan")

    with pytest.raises(ValidationError, match="already a person called Ørjan"):
        people.add("ØRJAN")


def test_rename_changes_the_name_and_allows_a_new_case(people: PersonService) -> None:
    me = people.default()
    people.add("Kari")

    assert people.rename(me.id, "Ola").name == "Ola"
    assert people.rename(me.id, "OLA").name == "OLA"  # same person: no clash with itself
    with pytest.raises(ValidationError, match="already a person called Kari"):
        people.rename(me.id, "kari")
    with pytest.raises(NotFoundError):
        people.rename(99, "Per")


def test_remove_deletes_the_person_with_their_trips_and_permits(
    sessions: sessionmaker[Session], people: PersonService
) -> None:
    trips, permits = TripService(sessions), PermitService(sessions)
    kari = people.add("Kari")
    trips.add(kari.id, date(2024, 1, 1), date(2024, 1, 3), today=TODAY)
    permits.add(kari.id, PermitKind.FAMILY, date(2023, 1, 1))
    me = people.default()
    kept = trips.add(me.id, date(2024, 2, 1), date(2024, 2, 3), today=TODAY)

    removed = people.remove(kari.id)

    assert removed == kari
    assert [p.name for p in people.list()] == ["Me"]
    with pytest.raises(NotFoundError):
        trips.list(kari.id)
    with pytest.raises(NotFoundError):
        permits.list(kari.id)
    assert trips.list(me.id) == [kept]


def test_remove_keeps_the_last_person(people: PersonService) -> None:
    with pytest.raises(ValidationError) as caught:
        people.remove(people.default().id)

    assert str(caught.value) == (
        "Me is the only person, and Borte needs at least one; add someone else before "
        "removing them, or rename them instead."
    )


def test_remove_refuses_unknown_ids(people: PersonService) -> None:
    with pytest.raises(NotFoundError):
        people.remove(42)


def test_set_key_dates_changes_only_the_dates_given(people: PersonService) -> None:
    me = people.default()
    people.set_key_dates(me.id, arrived_on=date(2019, 8, 15), pr_applied_on=date(2022, 9, 1))

    updated = people.set_key_dates(
        me.id, pr_applied_on=None, abroad_permission_until=date(2026, 1, 31)
    )

    assert updated.arrived_on == date(2019, 8, 15)
    assert updated.pr_applied_on is None
    assert updated.abroad_permission_until == date(2026, 1, 31)
    assert people.get(me.id) == updated


def test_set_key_dates_sets_all_five(people: PersonService) -> None:
    me = people.default()
    dates = {
        "arrived_on": date(2019, 8, 15),
        "reported_to_police_on": date(2019, 8, 20),
        "pr_applied_on": date(2022, 9, 1),
        "citizenship_applied_on": date(2027, 1, 4),
        "abroad_permission_until": date(2026, 1, 31),
    }

    person = people.set_key_dates(me.id, **dates)

    assert {name: getattr(person, name) for name in dates} == dates


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (
            {"arrived_on": date(1899, 12, 31)},
            "The arrival date 1899-12-31 is outside the years 1900–2100; check the year.",
        ),
        (
            {"abroad_permission_until": date(2101, 1, 1)},
            "The end of the permission to stay abroad 2101-01-01 is outside the years "
            "1900–2100; check the year.",
        ),
        (
            {"arrived_on": date(2020, 5, 1), "pr_applied_on": date(2020, 4, 30)},
            "The permanent residence application date 2020-04-30 is before the arrival date "
            "2020-05-01; check both dates.",
        ),
    ],
)
def test_set_key_dates_refuses_impossible_dates(
    people: PersonService, dates: dict[str, date], message: str
) -> None:
    me = people.default()

    with pytest.raises(ValidationError) as caught:
        people.set_key_dates(me.id, **dates)

    assert str(caught.value) == message
    assert people.get(me.id) == me  # nothing half-saved


def test_set_key_dates_checks_against_dates_already_stored(people: PersonService) -> None:
    me = people.default()
    people.set_key_dates(me.id, citizenship_applied_on=date(2025, 1, 10))

    with pytest.raises(ValidationError, match="citizenship application date 2025-01-10 is before"):
        people.set_key_dates(me.id, arrived_on=date(2025, 2, 1))


def test_set_key_dates_rejects_other_fields(people: PersonService) -> None:
    with pytest.raises(TypeError, match="Not key dates: name"):
        people.set_key_dates(people.default().id, name=date(2020, 1, 1))


def test_set_sufficient_income(people: PersonService) -> None:
    me = people.default()

    assert people.set_sufficient_income(me.id, True).sufficient_income is True
    assert people.get(me.id).sufficient_income is True
    assert people.set_sufficient_income(me.id, False).sufficient_income is False
    with pytest.raises(NotFoundError):
        people.set_sufficient_income(99, True)


def test_profile_gathers_trips_permits_and_key_dates_in_order(
    sessions: sessionmaker[Session], people: PersonService
) -> None:
    trips, permits = TripService(sessions), PermitService(sessions)
    me = people.default()
    other = people.add("Kari")
    trips.add(me.id, date(2024, 5, 1), date(2024, 5, 3), "sj", "study", today=TODAY)
    trips.add(me.id, date(2024, 1, 10), None, today=TODAY)
    trips.add(other.id, date(2024, 3, 1), date(2024, 3, 2), today=TODAY)
    permits.add(me.id, PermitKind.PERMANENT, date(2023, 1, 1), applied_on=date(2022, 9, 1))
    permits.add(me.id, "work", date(2020, 1, 1), date(2022, 12, 31), forms_pr_basis=False)
    people.set_key_dates(me.id, arrived_on=date(2019, 12, 1))
    people.set_sufficient_income(me.id, True)

    profile = people.profile(me.id)

    assert profile == Profile(
        trips=(
            TripSpan(date(2024, 1, 10), None, None, None),
            TripSpan(date(2024, 5, 1), date(2024, 5, 3), "SJ", "study"),
        ),
        permits=(
            PermitSpan(PermitKind.WORK, date(2020, 1, 1), date(2022, 12, 31), False),
            PermitSpan(PermitKind.PERMANENT, date(2023, 1, 1), applied_on=date(2022, 9, 1)),
        ),
        key_dates=KeyDates(arrived_on=date(2019, 12, 1)),
        sufficient_income=True,
    )
    assert type(profile.permits[0].kind) is PermitKind


def test_profile_of_an_unknown_person(people: PersonService) -> None:
    with pytest.raises(NotFoundError, match="no person with id 5"):
        people.profile(5)


# --- Identity for the report ------------------------------------------------------------------


def test_identity_is_stored_cleaned_and_cleared(people: PersonService) -> None:
    me = people.default()
    assert (me.full_name, me.born_on, me.reference_number) == (None, None, None)
    saved = people.set_identity(
        me.id, full_name="  Kari   Ås  Nordmann ", born_on=date(1990, 4, 12),
        reference_number="1234 5678 9012",
    )  # fmt: skip
    assert (saved.full_name, saved.born_on, saved.reference_number) == (
        "Kari Ås Nordmann",
        date(1990, 4, 12),
        "123456789012",
    )
    assert people.get(me.id) == saved
    cleared = people.set_identity(me.id, full_name=" ", born_on=None, reference_number="")
    assert (cleared.full_name, cleared.born_on, cleared.reference_number) == (None, None, None)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("1234", "is not a D-number (11 digits) or a DUF number (12 digits)"),
        ("1234567890123", "is not a D-number"),
        ("12345abc901", "is not a D-number"),
    ],
)
def test_a_malformed_number_is_refused_with_a_sentence(
    people: PersonService, number: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        people.set_identity(
            people.default().id, full_name=None, born_on=None, reference_number=number
        )


def test_identity_survives_delete_and_restore(people: PersonService) -> None:
    kari = people.add("Kari")
    people.set_identity(
        kari.id,
        full_name="Kari Nordmann",
        born_on=date(1988, 2, 29),
        reference_number="41018812345",
    )
    snapshot = people.snapshot(kari.id)
    people.remove(kari.id)
    restored = people.restore(snapshot)
    assert (restored.full_name, restored.born_on, restored.reference_number) == (
        "Kari Nordmann",
        date(1988, 2, 29),
        "41018812345",
    )
