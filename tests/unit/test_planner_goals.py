"""The trip planner on permanent residence, citizenship and loss of permanent residence, with
hand-computed cases (rules.md §11 E5, E7–E9) and goal dates checked against the engine.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from app.services.engine import evaluate
from app.services.planner import Planner, SafeReturn
from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile, Status, TripSpan

D = date
WORK = PermitKind.WORK


def latest(planner: Planner, departure: date, rule_id: str, to: str | None = None) -> SafeReturn:
    found = {s.rule_id: s for s in planner.latest_safe_returns(departure, to)}
    return found[rule_id]


E5_TRIPS = (
    TripSpan(D(2023, 6, 20), D(2023, 8, 31)),
    TripSpan(D(2023, 12, 15), D(2024, 1, 20)),
    TripSpan(D(2024, 6, 25), D(2024, 8, 30)),
    TripSpan(D(2025, 3, 1), D(2025, 3, 31)),
)
# E5: work permit since 2022-09-01, applied 2023-10-01, so the expected decision date (24
# months later) is 2025-10-01, where the window holds 208 (incl) / 200 (whole).
E5 = Profile(
    trips=E5_TRIPS,
    permits=(PermitSpan(WORK, D(2022, 9, 1)),),
    key_dates=KeyDates(pr_applied_on=D(2023, 10, 1)),
)


def test_e5_planned_trip_fails_the_decision_date() -> None:
    planner = Planner(E5, D(2025, 9, 1))
    verdict = planner.plan(D(2025, 9, 20), D(2025, 9, 28)).verdict("permanent-residence")
    assert verdict is not None
    # E5: 208 + 9 = 217 > 215, RED on the decision date.
    assert (verdict.status, verdict.first_breach, verdict.peak_days, verdict.over_by) == (
        Status.RED,
        D(2025, 10, 1),
        217,
        2,
    )
    # 208 + 7 = 215 is the last day free of RED; 208 + 2 = 210 the last GREEN one.
    assert latest(planner, D(2025, 9, 20), "permanent-residence") == SafeReturn(
        "permanent-residence", D(2025, 9, 26), D(2025, 9, 21), horizon_hit=False
    )


def test_e5_whole_days_never_reaches_red() -> None:
    planner = Planner(E5, D(2025, 9, 1), "whole_days")
    found = latest(planner, D(2025, 9, 20), "permanent-residence")
    # Only 09-21 … 10-01 can count before the decision date: 200 + 11 = 211, AMBER at most;
    # 200 + 10 = 210 keeps GREEN with a return on 10-01 (whole days up to 09-30).
    assert found.horizon_hit
    assert found.latest_green == D(2025, 10, 1)
    verdict = planner.plan(D(2025, 9, 20), D(2025, 9, 28)).verdict("permanent-residence")
    assert verdict is not None
    assert verdict.status == Status.GREEN
    assert verdict.peak_days == 207


def test_trip_that_pushes_the_earliest_permanent_residence_date() -> None:
    # Permit since 2022-09-01 with 142 + 90 days abroad in 2023–2024: the window first holds
    # 210 or less on 2026-01-31. Any trip before then pushes the date.
    profile = Profile(
        trips=(TripSpan(D(2023, 1, 10), D(2023, 5, 31)), TripSpan(D(2024, 2, 1), D(2024, 4, 30))),
        permits=(PermitSpan(WORK, D(2022, 9, 1)),),
        key_dates=KeyDates(arrived_on=D(2022, 9, 1)),
    )
    planner = Planner(profile, D(2025, 6, 1))
    plan = planner.plan(D(2025, 7, 1), D(2025, 7, 20), "US")
    verdict = plan.verdict("permanent-residence")
    assert verdict is not None
    assert verdict.status == Status.RED
    goal = next(g for g in plan.goals if g.id == "permanent-residence")
    after = evaluate(
        replace(profile, trips=(*profile.trips, TripSpan(D(2025, 7, 1), D(2025, 7, 20), "US"))),
        D(2025, 6, 1),
    )
    assert after.projection is not None
    expected = next(r for r in after.projection.rules if r.id == "permanent-residence")
    assert (goal.with_planned, goal.with_trip) == (D(2026, 1, 31), expected.earliest_met)
    assert goal.message == (
        "This trip moves your earliest permanent residence date from 2026-01-31 to "
        f"{expected.earliest_met}."
    )
    assert verdict.message == goal.message
    assert latest(planner, D(2025, 7, 1), "permanent-residence").latest is None


CITIZEN = Profile(
    trips=(TripSpan(D(2026, 1, 10), D(2026, 2, 28), "TH"),),  # 50 days in 2026
    permits=(PermitSpan(WORK, D(2017, 8, 1), granted_before_entry=True),),
    key_dates=KeyDates(arrived_on=D(2017, 8, 15)),
)


@pytest.mark.parametrize(
    ("back", "status", "warning", "breach", "peak"),
    [
        (D(2026, 6, 8), Status.GREEN, None, None, 58),  # 50 + 8
        (D(2026, 6, 10), Status.AMBER, D(2026, 6, 9), None, 60),  # 59 on 06-09
        (D(2026, 6, 20), Status.RED, D(2026, 6, 9), D(2026, 6, 13), 70),  # 63 on 06-13
    ],
)
def test_citizenship_year_crossing_the_deduction_line(
    back: date, status: Status, warning: date | None, breach: date | None, peak: int
) -> None:
    plan = Planner(CITIZEN, D(2026, 3, 15)).plan(D(2026, 6, 1), back, "GB")
    verdict = plan.verdict("citizenship")
    assert verdict is not None
    assert (verdict.status, verdict.first_warning, verdict.first_breach, verdict.peak_days) == (
        status,
        warning,
        breach,
        peak,
    )
    assert verdict.safe_return == SafeReturn(
        "citizenship", D(2026, 6, 12), D(2026, 6, 8), horizon_hit=False
    )
    assert (plan.year_budget.year, plan.year_budget.with_planned) == (2026, 8)
    assert plan.year_budget.with_trip == max(0, 58 - peak)


def test_trip_over_new_year_is_split_between_years() -> None:
    # 2024 is a leap year; 12-20 → 01-10 puts 12 days in 2024 and 10 in 2025.
    planner = Planner(CITIZEN, D(2024, 11, 1))
    plan = planner.plan(D(2024, 12, 20), D(2025, 1, 10))
    verdict = plan.verdict("citizenship")
    assert verdict is not None
    assert verdict.peak_days == 12
    assert verdict.status == Status.GREEN


def test_loss_of_permanent_residence_continuous_absence() -> None:
    # E9(a)-like: away since 2023-03-01 with permanent residence. The absence is RED from the day
    # before its second anniversary (2025-02-28), AMBER from 90 days before that.
    profile = Profile(
        trips=(TripSpan(D(2023, 3, 1), None, "US"),),
        permits=(PermitSpan(PermitKind.PERMANENT, D(2020, 1, 1)),),
    )
    planner = Planner(profile, D(2024, 12, 1))
    found = latest(planner, D(2023, 3, 1), "permanent-residence-loss", "US")
    assert found.latest == D(2025, 2, 27)
    assert found.latest_green is None  # already in the last 90 days: any return is borderline
    verdict = planner.plan(D(2023, 3, 1), D(2025, 3, 5), "US").verdict("permanent-residence-loss")
    assert verdict is not None
    assert verdict.status == Status.RED
    assert verdict.first_breach == D(2025, 2, 28)


def test_goal_dates_match_the_engine() -> None:
    planner = Planner(CITIZEN, D(2026, 3, 15))
    plan = planner.plan(D(2026, 6, 1), D(2026, 9, 1), "GB")
    now = evaluate(CITIZEN, D(2026, 3, 15))
    with_trip = evaluate(
        replace(CITIZEN, trips=(*CITIZEN.trips, TripSpan(D(2026, 6, 1), D(2026, 9, 1), "GB"))),
        D(2026, 3, 15),
    )
    assert with_trip.projection is not None
    for goal in plan.goals:
        before = now.rule(goal.id)
        after = next(r for r in with_trip.projection.rules if r.id == goal.id)
        assert before is not None
        assert (goal.without_planned, goal.with_planned, goal.with_trip) == (
            before.earliest_met,
            before.earliest_met,
            after.earliest_met,
        )


def test_earliest_departure_with_citizenship_limits() -> None:
    # 50 days abroad in 2026 already: 10 more days fit only once 2026 is over (or as 8 days
    # before the end of it: 12-24 … 01-02 puts 8 in 2026 and 2 in 2027).
    found = Planner(CITIZEN, D(2026, 3, 15)).earliest_departure(10, "GB")
    assert found.departure == D(2026, 12, 24)
    assert found.departure + timedelta(days=9) == found.return_date
