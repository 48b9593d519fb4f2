"""Reminders from permits and key dates (rules.md §8), on hand-computed dates."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.engine import evaluate
from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile, TripSpan
from app.services.reminders import Reminder, reminders, reminders_for

D = date
WORK = PermitKind.WORK


def on_dates(found: list[Reminder], kind: str) -> list[date]:
    return [r.on for r in found if r.kind == kind]


@pytest.mark.parametrize(
    ("expiry", "start", "online", "last"),
    [
        # 3 months, 37 days and 1 month before 2026-05-31.
        (D(2026, 5, 31), D(2026, 2, 28), D(2026, 4, 24), D(2026, 4, 30)),
        # Leap year: three months before 2024-05-29 is 2024-02-29.
        (D(2024, 5, 29), D(2024, 2, 29), D(2024, 4, 22), D(2024, 4, 29)),
        # A month-end that does not exist three months earlier is clamped: 11-30 → 08-30.
        (D(2026, 11, 30), D(2026, 8, 30), D(2026, 10, 24), D(2026, 10, 30)),
    ],
)
def test_renewal_deadlines(expiry: date, start: date, online: date, last: date) -> None:
    profile = Profile(permits=(PermitSpan(WORK, D(2023, 1, 1), expiry),))
    found = reminders(profile, D(2023, 6, 1))
    assert on_dates(found, "renewal-start") == [start]
    assert on_dates(found, "renewal-online") == [online]
    assert on_dates(found, "renewal-last-day") == [last]
    assert all(expiry.isoformat() in r.detail for r in found if r.kind.startswith("renewal"))
    assert {r.uid for r in found if r.kind.startswith("renewal")} == {
        f"renewal-start-{expiry.isoformat()}@borte",
        f"renewal-online-{expiry.isoformat()}@borte",
        f"renewal-last-day-{expiry.isoformat()}@borte",
    }


def test_only_the_latest_permit_is_renewed() -> None:
    profile = Profile(
        permits=(
            PermitSpan(WORK, D(2023, 1, 1), D(2025, 12, 31)),
            PermitSpan(WORK, D(2026, 1, 1), D(2028, 12, 31)),  # the renewal, already granted
        )
    )
    found = reminders(profile, D(2025, 6, 1))
    assert on_dates(found, "renewal-start") == [D(2028, 9, 30)]


def test_recent_reminders_stay_a_week_and_sorted() -> None:
    profile = Profile(permits=(PermitSpan(WORK, D(2023, 1, 1), D(2026, 5, 31)),))
    # Seven days after the first one it still shows; eight days after, it has gone.
    assert on_dates(reminders(profile, D(2026, 3, 7)), "renewal-start") == [D(2026, 2, 28)]
    assert on_dates(reminders(profile, D(2026, 3, 8)), "renewal-start") == []
    found = reminders(profile, D(2026, 1, 1))
    assert [r.on for r in found] == sorted(r.on for r in found)


@pytest.mark.parametrize("kind", [PermitKind.EEA_REGISTRATION, PermitKind.PERMANENT])
def test_no_renewal_for_registration_or_permanent(kind: PermitKind) -> None:
    found = reminders(
        Profile(permits=(PermitSpan(kind, D(2024, 1, 1), D(2026, 1, 1)),)), D(2025, 1, 1)
    )
    assert not any(r.kind.startswith("renewal") for r in found)


def test_permanent_residence_card_every_two_years() -> None:
    # Granted 2022-03-15: cards run out 2024-03-15, 2026-03-15, …; order 3 months before.
    profile = Profile(permits=(PermitSpan(PermitKind.PERMANENT, D(2022, 3, 15)),))
    assert on_dates(reminders(profile, D(2025, 1, 10)), "card-renewal") == [D(2025, 12, 15)]
    # Just after the 2023-12-15 reminder it still shows for a week.
    assert on_dates(reminders(profile, D(2023, 12, 20)), "card-renewal") == [D(2023, 12, 15)]
    # Granted on 29 February: two years later is 28 February (rules.md §0.4).
    leap = Profile(permits=(PermitSpan(PermitKind.PERMANENT, D(2024, 2, 29)),))
    found = reminders(leap, D(2024, 3, 1))
    assert on_dates(found, "card-renewal") == [D(2025, 11, 28)]
    assert "2026-02-28" in found[0].detail


RESIDENT = Profile(
    trips=(TripSpan(D(2024, 2, 1), D(2024, 3, 1)), TripSpan(D(2026, 3, 1), D(2026, 3, 10))),
    permits=(PermitSpan(WORK, D(2023, 6, 1), D(2027, 5, 31)),),
    key_dates=KeyDates(arrived_on=D(2023, 6, 1)),
)


def test_eligibility_dates_come_from_the_engine_with_planned_trips() -> None:
    as_of = D(2026, 2, 10)
    found = reminders(RESIDENT, as_of)
    projection = evaluate(RESIDENT, as_of).projection
    assert projection is not None
    expected = {r.id: r.earliest_met for r in projection.rules}
    assert on_dates(found, "permanent-residence") == [expected["permanent-residence"]]
    assert on_dates(found, "citizenship") == [expected["citizenship"]]
    assert "planned trips" in next(r for r in found if r.kind == "citizenship").detail


def test_no_eligibility_reminder_once_applied() -> None:
    applied = Profile(
        trips=RESIDENT.trips,
        permits=RESIDENT.permits,
        key_dates=KeyDates(
            arrived_on=D(2023, 6, 1),
            pr_applied_on=D(2026, 6, 2),
            citizenship_applied_on=D(2031, 6, 2),
        ),
    )
    found = reminders(applied, D(2026, 2, 10))
    assert not on_dates(found, "permanent-residence")
    assert not on_dates(found, "citizenship")


def test_nothing_recorded_means_no_reminders() -> None:
    assert reminders(Profile(), D(2025, 1, 1)) == []


def test_no_goal_dates_until_a_permit_is_recorded() -> None:
    # An arrival date and trips but no permit: the residence-time rules need a permit, so no
    # "You can apply …" date, whichever evaluation the reminders are read from.
    profile = Profile(
        trips=(TripSpan(D(2025, 6, 1), D(2025, 6, 10), "SE"),),
        key_dates=KeyDates(arrived_on=D(2024, 3, 1)),
    )
    as_of = D(2026, 12, 1)
    for found in (reminders(profile, as_of), reminders_for(profile, evaluate(profile, as_of))):
        assert not on_dates(found, "permanent-residence")
        assert not on_dates(found, "citizenship")


def test_reminders_agree_with_the_assessment_without_a_permit() -> None:
    """`borte reminders` and the window (the assessment) give the same reminders; with no
    permit recorded the permit-dependent rules give none in either."""
    from app.services.assessment import assess

    profile = Profile(
        trips=(TripSpan(date(2025, 3, 1), date(2025, 3, 10), "DE"),),
        key_dates=KeyDates(arrived_on=date(2024, 1, 1)),
    )
    as_of = date(2026, 6, 1)
    assert reminders(profile, as_of) == list(assess(profile, as_of).reminders)
    assert all(
        r.kind not in ("permanent-residence", "citizenship") for r in reminders(profile, as_of)
    )
    # With the arrival alone the rules would have given goal dates ahead: they wait for it.
    assert any(r.earliest_met and r.earliest_met > as_of for r in evaluate(profile, as_of).rules)
