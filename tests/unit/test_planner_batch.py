"""The planner's batch questions (issue 17, item 4): the longest safe trip for each departure,
and several proposed trips judged together, checked against the engine."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from app.services.engine import evaluate
from app.services.errors import ValidationError
from app.services.planner import Planner
from app.services.planner.batch import MAX_WHAT_IFS, judge_together, longest_safe_trips
from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile, Status, TripSpan

D = date
AS_OF = D(2025, 5, 15)
# rules.md E2: 111 days abroad (Jan 10 – Apr 30) on a work permit from 2024.
E2 = Profile(
    trips=(TripSpan(D(2025, 1, 10), D(2025, 4, 30), "US"),),
    permits=(PermitSpan(PermitKind.WORK, D(2024, 1, 1), D(2026, 12, 31)),),
)

# All GREEN today: 20 days abroad in 2025, arrived with a work permit in 2024.
CLEAN = Profile(
    trips=(TripSpan(D(2025, 2, 1), D(2025, 2, 20), "US"),),
    permits=(PermitSpan(PermitKind.WORK, D(2024, 1, 1), D(2026, 12, 31)),),
    key_dates=KeyDates(arrived_on=D(2024, 1, 1)),
)


def _engine_status(profile: Profile, trip: TripSpan) -> Status:
    """The worst status any rule reaches with `trip` added, today or over the plans."""
    evaluation = evaluate(replace(profile, trips=(*profile.trips, trip)), AS_OF)
    statuses = [r.status for r in evaluation.rules]
    if evaluation.projection is not None:
        statuses += [r.status for r in evaluation.projection.rules]
    order = {Status.GREEN: 0, Status.AMBER: 1, Status.RED: 2}
    return max(statuses, key=order.__getitem__)


@pytest.mark.parametrize("destination", ["US", "DE"])
def test_longest_safe_trip_is_the_engines_edge(destination: str) -> None:
    assert _engine_status(CLEAN, TripSpan(D(2025, 6, 1), D(2025, 6, 1))) is Status.GREEN
    planner = Planner(CLEAN, AS_OF)
    departures = [D(2025, 6, 1), D(2025, 7, 15), D(2025, 11, 3)]
    found = longest_safe_trips(planner, departures, destination)
    assert [f.departure for f in found] == departures
    for longest in found:
        assert longest.return_date is not None
        assert not longest.horizon_hit
        assert longest.rule_id is not None
        assert longest.days == (longest.return_date - longest.departure).days + 1
        back = longest.return_date
        ok = TripSpan(longest.departure, back, destination)
        one_more = TripSpan(longest.departure, back + timedelta(days=1), destination)
        # The engine agrees: that trip keeps every rule OK, one more day does not.
        assert _engine_status(CLEAN, ok) is Status.GREEN, longest
        assert _engine_status(CLEAN, one_more) is not Status.GREEN, longest
        # And it is what `answer` picks when no return is given.
        assert planner.answer(longest.departure, destination=destination).plan.return_date == back


def test_e2_longest_trip_in_june() -> None:
    # 111 days before; 111 + (R − 06-01 + 1) ≤ 182 gives R ≤ 08-10 (tests/unit/test_planner.py)
    # for the 182-day rule, but 2025 is a deducted year for citizenship already (111 > 58), so
    # each further day abroad in it is one more day deducted: no June trip keeps it OK.
    [june] = longest_safe_trips(Planner(E2, AS_OF), [D(2025, 6, 1)])
    assert june.return_date is None
    assert june.days == 0
    assert june.rule_id == "citizenship"


def test_longest_trip_limited_by_the_182_day_rule() -> None:
    # E2's trip moved to 2024-09-01 … 12-20 (111 days, none in 2025): in June 2025 the 182-day
    # rule allows 111 + (R − 06-01 + 1) ≤ 182, R ≤ 08-10, but 2025 may hold 58 days abroad
    # without a citizenship deduction: 06-01 … 07-28.
    early = replace(E2, trips=(TripSpan(D(2024, 9, 1), D(2024, 12, 20)),))
    [june] = longest_safe_trips(Planner(early, AS_OF), [D(2025, 6, 1)])
    assert (june.return_date, june.days, june.rule_id) == (D(2025, 7, 28), 58, "citizenship")
    [short] = longest_safe_trips(Planner(early, AS_OF, "whole_days"), [D(2025, 6, 1)])
    assert short.rule_id == "citizenship"


def test_no_safe_trip_when_a_rule_is_already_strained() -> None:
    # 182 days abroad in the last 365: even a day trip tomorrow takes the 182-day rule to AMBER.
    strained = replace(E2, trips=(TripSpan(D(2024, 11, 14), D(2025, 5, 14), "US"),))
    [tomorrow] = longest_safe_trips(Planner(strained, AS_OF), [AS_OF + timedelta(days=1)])
    assert tomorrow.return_date is None
    assert tomorrow.days == 0
    assert tomorrow.rule_id == "temporary-365"
    assert (
        _engine_status(strained, TripSpan(AS_OF + timedelta(days=1), AS_OF + timedelta(days=1)))
        is not Status.GREEN
    )


def test_trips_judged_together_add_up() -> None:
    """Two trips that are each fine alone break the 182-day rule together."""
    first = TripSpan(D(2025, 6, 1), D(2025, 7, 10), "US")  # 40 days
    second = TripSpan(D(2025, 8, 1), D(2025, 9, 10), "US")  # 41 days
    alone = [
        Planner(E2, AS_OF).plan(t.departure, t.return_date or t.departure) for t in (first, second)
    ]
    # (Citizenship is not fine: E2's 2025 is a deducted year already, so any day abroad in it
    # is one more day deducted.)
    assert all(
        v.status is Status.GREEN
        for plan in alone
        for v in plan.verdicts
        if v.id not in ("citizenship", "schengen-90-180")
    )
    together = judge_together(E2, AS_OF, [first, second])
    assert together.trips == (first, second)
    assert together.status is not Status.GREEN
    [rule] = [v for v in together.plans[1].verdicts if v.id == "temporary-365"]
    assert rule.status is not Status.GREEN
    # The engine agrees: both trips on the record take the rule past its limit.
    both = replace(E2, trips=(*E2.trips, first))
    assert _engine_status(both, second) is not Status.GREEN


def test_what_ifs_are_checked() -> None:
    with pytest.raises(ValidationError, match="return date"):
        judge_together(E2, AS_OF, [TripSpan(D(2025, 6, 1), None)])
    with pytest.raises(ValidationError, match="leaves after today"):
        judge_together(E2, AS_OF, [TripSpan(D(2025, 1, 1), D(2025, 1, 5))])
    many = [
        TripSpan(D(2025, 6, 1) + timedelta(days=3 * i), D(2025, 6, 1) + timedelta(days=3 * i))
        for i in range(MAX_WHAT_IFS + 1)
    ]
    with pytest.raises(ValidationError, match="at most"):
        judge_together(E2, AS_OF, many)
    assert judge_together(E2, AS_OF, []).status is Status.GREEN
