"""PermitService against a real in-memory database."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.services.errors import NotFoundError, ValidationError
from app.services.people import PersonService
from app.services.permits import PermitService
from app.services.profile import PermitKind
from app.services.views import PermitView


@pytest.fixture
def permits(sessions: sessionmaker[Session]) -> PermitService:
    return PermitService(sessions)


@pytest.fixture
def me(sessions: sessionmaker[Session]) -> int:
    return PersonService(sessions).default().id


def test_add_stores_every_field(permits: PermitService, me: int) -> None:
    permit = permits.add(
        me,
        PermitKind.SKILLED_WORKER,
        date(2020, 1, 1),
        date(2022, 12, 31),
        forms_pr_basis=None,
        granted_before_entry=True,
        applied_on=date(2019, 10, 1),
        note="UDI ref 123",
    )

    assert permit == PermitView(
        id=permit.id,
        person_id=me,
        kind=PermitKind.SKILLED_WORKER,
        valid_from=date(2020, 1, 1),
        valid_to=date(2022, 12, 31),
        forms_pr_basis=None,
        granted_before_entry=True,
        applied_on=date(2019, 10, 1),
        note="UDI ref 123",
    )
    assert permits.list(me) == [permit]
    assert permits.get(permit.id) == permit


def test_kind_may_be_given_as_text(permits: PermitService, me: int) -> None:
    permit = permits.add(me, " Au_Pair ", date(2020, 1, 1))

    assert permit.kind is PermitKind.AU_PAIR


@pytest.mark.parametrize(
    ("kind", "forms_pr_basis", "expected"),
    [
        (PermitKind.WORK, None, True),  # the kind's default
        (PermitKind.STUDY, None, False),
        (PermitKind.STUDY, True, True),  # the decision letter says otherwise
        (PermitKind.FAMILY, False, False),
    ],
)
def test_pr_basis_is_explicit_or_the_kinds_default(
    permits: PermitService,
    me: int,
    kind: PermitKind,
    forms_pr_basis: bool | None,
    expected: bool,
) -> None:
    permit = permits.add(me, kind, date(2020, 1, 1), forms_pr_basis=forms_pr_basis)

    assert permit.forms_pr_basis is forms_pr_basis
    assert permit.pr_basis is expected


@pytest.mark.parametrize(
    ("kind", "valid_from", "valid_to", "applied_on", "note", "message"),
    [
        (
            "visa",
            date(2020, 1, 1),
            None,
            None,
            "",
            "'visa' is not a kind of permit Borte knows; use one of work, skilled_worker, "
            "family, study, au_pair, protection, humanitarian, collective_protection, "
            "eea_registration, permanent, other.",
        ),
        (
            PermitKind.WORK,
            date(2020, 1, 1),
            date(2019, 12, 31),
            None,
            "",
            "The permit's end date 2019-12-31 is before its start date 2020-01-01; check both "
            "dates.",
        ),
        (
            PermitKind.PERMANENT,
            date(2020, 1, 1),
            date(2030, 1, 1),
            None,
            "",
            "A permanent residence permit does not expire; leave its end date empty.",
        ),
        (
            PermitKind.WORK,
            date(1899, 1, 1),
            None,
            None,
            "",
            "The permit's start date 1899-01-01 is outside the years 1900–2100; check the year.",
        ),
        (
            PermitKind.WORK,
            date(2020, 1, 1),
            date(2101, 1, 1),
            None,
            "",
            "The permit's end date 2101-01-01 is outside the years 1900–2100; check the year.",
        ),
        (
            PermitKind.WORK,
            date(2020, 1, 1),
            None,
            date(1800, 5, 5),
            "",
            "The permit's application date 1800-05-05 is outside the years 1900–2100; check "
            "the year.",
        ),
        (
            PermitKind.WORK,
            date(2020, 1, 1),
            None,
            None,
            "n" * 2001,
            "The note has 2,001 characters; shorten it to at most 2,000.",
        ),
    ],
)
def test_add_refuses_invalid_permits(
    permits: PermitService,
    me: int,
    kind: PermitKind | str,
    valid_from: date,
    valid_to: date | None,
    applied_on: date | None,
    note: str,
    message: str,
) -> None:
    with pytest.raises(ValidationError) as caught:
        permits.add(me, kind, valid_from, valid_to, applied_on=applied_on, note=note)

    assert str(caught.value) == message
    assert permits.list(me) == []


def test_add_and_list_for_an_unknown_person(permits: PermitService) -> None:
    with pytest.raises(NotFoundError, match="no person with id 8"):
        permits.add(8, PermitKind.WORK, date(2020, 1, 1))
    with pytest.raises(NotFoundError, match="no person with id 8"):
        permits.list(8)


def test_update_replaces_every_field(permits: PermitService, me: int) -> None:
    permit = permits.add(me, PermitKind.WORK, date(2020, 1, 1), date(2021, 1, 1))

    updated = permits.update(
        permit.id,
        kind=PermitKind.PERMANENT,
        valid_from=date(2023, 1, 1),
        valid_to=None,
        forms_pr_basis=False,
        granted_before_entry=True,
        applied_on=date(2022, 6, 1),
        note="granted",
    )

    assert updated == PermitView(
        permit.id, me, PermitKind.PERMANENT, date(2023, 1, 1), None, False, True,
        date(2022, 6, 1), "granted",
    )  # fmt: skip
    assert permits.list(me) == [updated]


def test_update_validates_and_changes_nothing_on_error(permits: PermitService, me: int) -> None:
    permit = permits.add(me, PermitKind.WORK, date(2020, 1, 1), date(2021, 1, 1))

    with pytest.raises(ValidationError, match="does not expire"):
        permits.update(
            permit.id,
            kind=PermitKind.PERMANENT,
            valid_from=date(2020, 1, 1),
            valid_to=date(2021, 1, 1),
            forms_pr_basis=None,
            granted_before_entry=False,
            applied_on=None,
            note="",
        )
    assert permits.list(me) == [permit]


def test_update_of_an_unknown_permit(permits: PermitService) -> None:
    with pytest.raises(NotFoundError, match="There is no permit with id 4"):
        permits.update(
            4,
            kind=PermitKind.WORK,
            valid_from=date(2020, 1, 1),
            valid_to=None,
            forms_pr_basis=None,
            granted_before_entry=False,
            applied_on=None,
            note="",
        )


def test_remove_and_restore(permits: PermitService, me: int) -> None:
    first = permits.add(me, PermitKind.STUDY, date(2018, 8, 1), date(2019, 7, 31))
    second = permits.add(me, PermitKind.WORK, date(2019, 8, 1))

    assert permits.remove(first.id) == first
    assert permits.list(me) == [second]
    assert permits.restore(first) == first
    assert permits.list(me) == [first, second]
    with pytest.raises(NotFoundError):
        permits.remove(999)


def test_restore_of_a_permit_that_still_exists_adds_a_copy(permits: PermitService, me: int) -> None:
    permit = permits.add(me, PermitKind.WORK, date(2019, 8, 1))

    assert permits.restore(permit).id != permit.id
    assert len(permits.list(me)) == 2


def test_restore_for_a_removed_person(
    sessions: sessionmaker[Session], permits: PermitService
) -> None:
    people = PersonService(sessions)
    kari = people.add("Kari")
    permit = permits.add(kari.id, PermitKind.FAMILY, date(2020, 1, 1))
    people.remove(kari.id)

    with pytest.raises(NotFoundError, match="its person has been removed"):
        permits.restore(permit)


def test_list_orders_by_start_date_and_keeps_people_apart(
    sessions: sessionmaker[Session], permits: PermitService, me: int
) -> None:
    kari = PersonService(sessions).add("Kari")
    later = permits.add(me, PermitKind.PERMANENT, date(2023, 1, 1))
    earlier = permits.add(me, PermitKind.WORK, date(2020, 1, 1), date(2022, 12, 31))
    permits.add(kari.id, PermitKind.FAMILY, date(2021, 1, 1))

    assert permits.list(me) == [earlier, later]
    assert [p.kind for p in permits.list(kari.id)] == [PermitKind.FAMILY]
