"""Explanations of the worked examples of rules.md §11 (E2, E3, E5, E7, E8, E9): the window
that binds, the trips that fill it (largest first), the next days to leave it, and for goals
what blocks an earlier date. Figures worked out by hand in the comments."""

from __future__ import annotations

from datetime import date

from app.services.assessment import RollOff, TripShare, assess
from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile, TripSpan

D = date
WORK = PermitKind.WORK


def _rule(profile: Profile, on: date, rule_id: str):  # type: ignore[no-untyped-def]
    found = assess(profile, on).rule(rule_id)
    assert found is not None
    return found


def test_e2_window_trips_and_roll_off() -> None:
    profile = Profile(
        trips=(TripSpan(D(2025, 1, 10), D(2025, 4, 30)), TripSpan(D(2025, 6, 1), D(2025, 8, 12))),
        permits=(PermitSpan(WORK, D(2024, 1, 1), D(2026, 12, 31)),),
    )
    rule = _rule(profile, D(2025, 8, 12), "temporary-365")
    why = rule.explanation
    assert (why.window_start, why.window_end) == (D(2024, 8, 13), D(2025, 8, 12))
    assert why.trips == (
        TripShare(D(2025, 1, 10), D(2025, 4, 30), 111),
        TripShare(D(2025, 6, 1), D(2025, 8, 12), 73),
    )
    # 2025-01-10 leaves the window ending 2026-01-10 (which starts 2025-01-11), then one a day.
    assert why.roll_off == RollOff(D(2026, 1, 10), 111, D(2026, 4, 30))
    assert "you regain 111 days from 2026-01-10 to 2026-04-30" in why.text


def test_e3_largest_trip_first_and_its_roll_off() -> None:
    profile = Profile(
        trips=(TripSpan(D(2024, 9, 1), D(2024, 12, 20)), TripSpan(D(2025, 2, 1), D(2025, 4, 25))),
        permits=(PermitSpan(WORK, D(2023, 1, 1), D(2027, 12, 31)),),
    )
    why = _rule(profile, D(2025, 4, 25), "temporary-365").explanation
    assert [t.days for t in why.trips] == [111, 84]
    assert why.roll_off == RollOff(D(2025, 9, 1), 111, D(2025, 12, 20))


E5_TRIPS = (
    TripSpan(D(2023, 6, 20), D(2023, 8, 31)),
    TripSpan(D(2023, 12, 15), D(2024, 1, 20)),
    TripSpan(D(2024, 6, 25), D(2024, 8, 30)),
    TripSpan(D(2025, 3, 1), D(2025, 3, 31)),
)
E5 = Profile(trips=E5_TRIPS, permits=(PermitSpan(WORK, D(2022, 9, 1), D(2026, 8, 31)),))


def test_e5_permanent_residence_window_and_why_not_earlier() -> None:
    why = _rule(E5, D(2025, 10, 1), "permanent-residence").explanation
    assert why.window_start == D(2022, 10, 2)
    assert [t.days for t in why.trips] == [73, 67, 37, 31]
    assert why.why_not_earlier is None  # met on that date
    # Earlier, the 3-year period is not complete: complete (and met, 208 ≤ 210) on the
    # third anniversary, 2025-09-01 (rules.md §2.5).
    early = _rule(E5, D(2025, 6, 1), "permanent-residence").explanation
    assert early.why_not_earlier is not None
    assert "not complete yet" in early.why_not_earlier
    assert "You meet every test from 2025-09-01." in early.why_not_earlier


E8 = Profile(
    trips=(
        TripSpan(D(2024, 7, 1), D(2024, 8, 31)),
        TripSpan(D(2024, 10, 10), D(2024, 10, 20)),
        TripSpan(D(2025, 12, 27), D(2026, 1, 3)),
    ),
    permits=(PermitSpan(WORK, D(2017, 8, 15), D(2030, 8, 14), granted_before_entry=True),),
    key_dates=KeyDates(arrived_on=D(2017, 8, 15)),
)


def test_e7_calendar_year_trips_and_reset() -> None:
    why = _rule(E8, D(2024, 12, 31), "citizenship").explanation
    assert (why.window_start, why.window_end) == (D(2024, 1, 1), D(2024, 12, 31))
    assert [t.days for t in why.trips] == [62, 11]
    assert why.roll_off == RollOff(D(2025, 1, 1), 73, D(2025, 1, 1))


def test_e8_why_not_earlier_names_the_route_and_the_deducted_year() -> None:
    why = _rule(E8, D(2025, 6, 1), "citizenship").explanation
    assert why.why_not_earlier is not None
    assert "Main rule: 8 of the last 11 years: met on 2025-10-26." in why.why_not_earlier
    assert "2024 (73 days)" in why.why_not_earlier


def test_e9_loss_window_lists_the_trips_largest_first() -> None:
    profile = Profile(
        trips=(
            TripSpan(D(2021, 1, 10), D(2021, 12, 20)),
            TripSpan(D(2022, 7, 1), D(2023, 6, 30)),
            TripSpan(D(2024, 1, 2), D(2024, 2, 20)),
        ),
        permits=(PermitSpan(PermitKind.PERMANENT, D(2020, 1, 1)),),
    )
    why = _rule(profile, D(2024, 3, 1), "permanent-residence-loss").explanation
    assert [t.days for t in why.trips] == [365, 345, 50]
    assert why.roll_off is not None
