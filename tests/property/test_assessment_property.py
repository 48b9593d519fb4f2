"""Cross-checks over random chains of permits (one-year, multi-year, study then work, gaps):
every view agrees with the engine.

- the daily series of each rule (`RuleUnit.daily`, what the charts draw) on a date equals the
  engine's figure with that date as the evaluation date;
- the planner's verdict on a proposed trip equals what the engine says on the record with the
  trip added, for every rule, naming every calendar year it makes worse;
- a projection's status is the worst status the engine gives on any day the plans cover.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.engine import evaluate
from app.services.planner import Planner
from app.services.profile import PermitKind, Profile, Status, TripSpan
from app.services.results import RuleResult, worst
from app.services.ruledata import load_rule_data
from app.services.rules.context import build_context
from app.services.rules.registry import RULES
from tests.property import key_dates_for, permit_chain, trips
from tests.property.test_planner_property import introduced, worse_years

DATA = load_rule_data()
CHAIN_KINDS = (
    PermitKind.WORK,
    PermitKind.WORK,
    PermitKind.FAMILY,
    PermitKind.STUDY,
    PermitKind.SKILLED_WORKER,
    PermitKind.PROTECTION,
    PermitKind.HUMANITARIAN,
)
LEVEL = {Status.GREEN: 0, Status.AMBER: 1, Status.RED: 2}


@st.composite
def chains(draw: st.DrawFn) -> tuple[Profile, date]:
    """A chain of permits from 2017–2020 (some ending in permanent residence), trips around
    them and an evaluation date inside the record."""
    permits = draw(
        permit_chain(
            CHAIN_KINDS, date(2017, 1, 1), date(2020, 12, 31), final_kinds=(PermitKind.PERMANENT,)
        )
    )
    key = draw(key_dates_for(permits))
    trip_list = draw(trips(date(2017, 1, 1), date(2025, 12, 31), max_trips=8, max_days=250))
    as_of = draw(st.dates(date(2018, 1, 1), date(2025, 6, 30)))
    return Profile(trip_list, permits, key), as_of


@settings(max_examples=25)
@given(chains(), st.integers(0, 9))
def test_daily_series_equal_the_engine_on_every_date(case: tuple[Profile, date], pick: int) -> None:
    profile, as_of = case
    # As the charts read it: the record up to as_of, planned trips after it.
    ctx = build_context(profile, as_of, "inclusive", DATA, projected=True)
    under_way = any(t.return_date is None for t in profile.trips)
    # A handful of dates around the evaluation date, each evaluated by the engine.
    offsets = (0, -400, -200, -30, -1, 1, 30, 200, 400, 700)
    days = np.array([as_of.toordinal() + offsets[(pick + i) % 10] for i in range(4)], np.int64)
    engine = {int(d): evaluate(profile, date.fromordinal(int(d))) for d in days}
    for rule in RULES:
        assert rule.daily is not None, rule.id
        series = rule.daily(ctx, days)
        for index, ordinal in enumerate(days):
            on = date.fromordinal(int(ordinal))
            found = engine[int(ordinal)].rule(rule.id)
            if found is None or (under_way and on > as_of):
                continue  # a trip under way is assumed to end on as_of in the series
            if rule.id == "permanent-residence-loss" and on != as_of:
                # Judged from the grant of the permanent permit held on the context's date.
                continue
            if rule.id in ("temporary-365", "temporary-permit-period"):
                assert series.applies[index], (rule.id, on)
            assert int(series.values[index]) == found.days_abroad, (rule.id, on)


def _worse(rule_id: str, before: RuleResult, after: RuleResult) -> tuple[int, set[int]]:
    """What the engine says the trip changes, read from two evaluations, and for
    citizenship the years it makes worse."""
    if rule_id == "citizenship":
        raised = worse_years(before, after)
        return max(raised.values(), default=0), set(raised)
    return -1, set()


@settings(max_examples=25)
@given(chains(), st.integers(1, 120), st.integers(1, 200))
def test_planner_verdict_equals_the_engine_with_the_trip(
    case: tuple[Profile, date], lead: int, length: int
) -> None:
    profile, as_of = case
    departure = as_of + timedelta(days=lead)
    back = departure + timedelta(days=length - 1)
    plan = Planner(profile, as_of).plan(departure, back)
    before = evaluate(profile, as_of)
    after = evaluate(replace(profile, trips=(*profile.trips, TripSpan(departure, back))), as_of)
    base = {r.id: r for r in (before.projection.rules if before.projection else before.rules)}
    assert after.projection is not None
    added = {r.id: r for r in after.projection.rules}
    # The same rules apply with and without the trip, and the planner judges exactly those.
    assert {v.id for v in plan.verdicts} == set(base)
    for verdict in plan.verdicts:
        before_rule, after_rule = base[verdict.id], added[verdict.id]
        level, years = _worse(verdict.id, before_rule, after_rule)
        if verdict.id == "citizenship":
            assert LEVEL[verdict.status] == level
            for year in years:
                assert f"{year} would reach" in verdict.message
        elif verdict.affected and (
            verdict.id == "permanent-residence" or before_rule.first_warning is None
        ):
            # The engine's own reading of the two evaluations (see test_planner_property).
            assert LEVEL[verdict.status] == introduced(verdict.id, before_rule, after_rule, profile)


@settings(max_examples=10)
@given(chains(), st.integers(1, 20), st.integers(1, 40))
def test_projection_status_is_the_worst_over_the_plans_period(
    case: tuple[Profile, date], lead: int, length: int
) -> None:
    profile, as_of = case
    departure = as_of + timedelta(days=lead)
    back = departure + timedelta(days=length - 1)
    # Only the record up to as_of and this one planned trip, so the period stays short.
    record = tuple(t for t in profile.trips if t.return_date is not None and t.return_date <= as_of)
    planned = replace(profile, trips=(*record, TripSpan(departure, back)))
    projection = evaluate(planned, as_of).projection
    assert projection is not None
    for result in projection.rules:
        if result.id in ("permanent-residence", "permanent-residence-loss"):
            continue  # judged on the dates that matter / from the grant, not day by day
        statuses = []
        day = as_of + timedelta(days=1)
        while day <= projection.through:
            found = evaluate(planned, day).rule(result.id)
            if found is not None:
                statuses.append(found.status)
            day += timedelta(days=1)
        if statuses:
            assert result.status == worst(*statuses), result.id
