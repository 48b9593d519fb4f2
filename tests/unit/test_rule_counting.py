"""Each rule unit says once what it counts (`RuleUnit.counting`); the rule's own figures, the
planner's probes, the chart series and the assessment all read that one description, and one
prepared record (`Basis`) per refresh."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from app.services.assessment import assess
from app.services.planner import Planner
from app.services.planner.engine_probe import EngineProbe
from app.services.planner.probes import PeriodProbe, RollingProbe, YearProbe
from app.services.planner.residence_probe import ResidenceProbe
from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile, TripSpan
from app.services.results import RuleResult
from app.services.rules.basis import Basis
from app.services.rules.counting import CalendarYears, PeriodTotal, RollingWindow
from app.services.rules.permanent import Levels
from app.services.rules.registry import RULES, unit
from app.services.series import ChartSource

D = date
AS_OF = D(2026, 3, 1)
TRIPS = (
    TripSpan(D(2024, 6, 1), D(2024, 8, 20), "US"),
    TripSpan(D(2025, 7, 1), D(2025, 7, 30), "DE"),
    TripSpan(D(2026, 5, 1), D(2026, 5, 20), "FR"),  # planned
)
WORK = Profile(
    trips=TRIPS,
    permits=(PermitSpan(PermitKind.WORK, D(2023, 1, 1), D(2026, 12, 31)),),
    key_dates=KeyDates(arrived_on=D(2023, 1, 1)),
)
ONE_YEAR = replace(WORK, permits=(PermitSpan(PermitKind.STUDY, D(2025, 8, 1), D(2026, 7, 31)),))
HOLDER = replace(
    WORK,
    permits=(
        PermitSpan(PermitKind.WORK, D(2018, 1, 1), D(2020, 12, 31)),
        PermitSpan(PermitKind.PERMANENT, D(2021, 1, 1)),
    ),
    key_dates=KeyDates(arrived_on=D(2018, 1, 1)),
)
COLLECTIVE = replace(
    WORK,
    permits=(
        PermitSpan(PermitKind.COLLECTIVE_PROTECTION, D(2022, 4, 1), D(2023, 3, 31)),
        PermitSpan(PermitKind.COLLECTIVE_PROTECTION, D(2023, 4, 1), D(2024, 3, 31)),
        PermitSpan(PermitKind.COLLECTIVE_PROTECTION, D(2024, 4, 1), D(2027, 3, 31)),
    ),
    key_dates=KeyDates(arrived_on=D(2022, 4, 1)),
)
PROFILES = [
    pytest.param(WORK, id="work"),
    pytest.param(ONE_YEAR, id="one-year"),
    pytest.param(HOLDER, id="pr-holder"),
    pytest.param(COLLECTIVE, id="collective"),
]


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("projected", [False, True])
def test_each_rule_counts_what_its_counting_says(profile: Profile, projected: bool) -> None:
    basis = Basis(profile, AS_OF)
    ctx = basis.context(projected=projected)
    for rule in RULES:
        if rule.counting is None:
            continue
        result = rule.evaluate(ctx)
        shape = rule.counting(ctx)
        if not isinstance(result, RuleResult):
            # A count shape is described exactly when the rule applies.
            assert shape is None or isinstance(shape, Levels), rule.id
            continue
        assert shape is not None, rule.id
        if isinstance(shape, RollingWindow):
            assert (shape.cap, shape.cap) == (result.limit, result.lenient_limit)
            end = ctx.end.toordinal()
            assert result.window_start is not None
            assert result.window_start.toordinal() == max(end - shape.window + 1, shape.floor)
            assert result.days_abroad == shape.mask.count(
                max(end - shape.window + 1, shape.floor), end
            )
        elif isinstance(shape, PeriodTotal):
            assert (shape.conservative, shape.lenient) == (result.limit, result.lenient_limit)
            assert result.window_start == D.fromordinal(shape.start)
        elif isinstance(shape, CalendarYears):
            assert (shape.conservative, shape.lenient) == (result.limit, result.lenient_limit)
            year_start = max(D(ctx.end.year, 1, 1).toordinal(), shape.start)
            assert result.days_abroad == shape.mask.count(year_start, ctx.end.toordinal())
        else:
            assert isinstance(shape, Levels), rule.id


@pytest.mark.parametrize("profile", PROFILES)
def test_the_planner_builds_each_probe_from_the_rules_counting(profile: Profile) -> None:
    planner = Planner(profile, AS_OF)
    kinds = {
        RollingWindow: RollingProbe,
        PeriodTotal: PeriodProbe,
        CalendarYears: YearProbe,
        Levels: ResidenceProbe,
    }
    assert planner._probes.keys() == planner.base.keys()
    for rule in RULES:
        probe = planner._probes.get(rule.id)
        if probe is None:
            continue
        shape = None if rule.counting is None else rule.counting(planner.ctx)
        expected = kinds.get(type(shape), EngineProbe)
        assert type(probe) is expected, rule.id
        base = planner.base[rule.id]
        # Its lines are the rule's own.
        assert (probe.limit, probe.lenient) == (base.limit, base.lenient_limit), rule.id


def test_the_rules_without_a_count_shape_are_asked_through_their_unit() -> None:
    planner = Planner(HOLDER, AS_OF)
    assert isinstance(planner._probes["permanent-residence-loss"], EngineProbe)
    assert not planner._probes["permanent-residence-loss"].vectorised


def test_the_planner_and_the_charts_read_the_assessments_evaluations() -> None:
    assessment = assess(WORK, AS_OF)
    basis = assessment.basis
    assert basis is not None
    planner = Planner.of(basis)
    for rule_id, result in planner.base.items():
        assert result is basis.result(rule_id, projected=True)  # not evaluated again
    chart = ChartSource(WORK, AS_OF, basis=basis)
    assert chart.context() is basis.context()
    assert chart.result("temporary-365") is basis.result("temporary-365")
    # The assessment's own figures come from the same results.
    shown = assessment.rule("temporary-365")
    assert shown is not None
    assert shown.result.days_abroad == basis.result("temporary-365").days_abroad  # type: ignore[union-attr]


def test_a_basis_for_other_inputs_is_not_used() -> None:
    basis = Basis(WORK, AS_OF, pr_waiting_months=12)
    assert Planner(WORK, AS_OF, basis=basis).basis is not basis  # the waiting time differs
    assert ChartSource(WORK, D(2026, 3, 2), basis=basis).basis is not basis
    assert Planner(WORK, AS_OF, pr_waiting_months=12, basis=basis).basis is basis


def test_no_citizenship_date_while_the_last_permit_is_collective_protection() -> None:
    """rules.md §1.3a: time under collective protection is not counted; with nothing recorded
    after it, no later time is assumed to count either."""
    result = assess(COLLECTIVE, AS_OF).rule("citizenship")
    assert result is not None
    assert result.result.earliest_met is None
    assert "no citizenship date until a permit that counts is recorded" in " ".join(
        result.result.notes
    )
    # With a work permit after it, the time from that permit counts and a date follows.
    later = replace(
        COLLECTIVE,
        permits=(
            *COLLECTIVE.permits,
            PermitSpan(PermitKind.WORK, D(2027, 4, 1), D(2030, 3, 31)),
        ),
    )
    found = assess(later, AS_OF).rule("citizenship")
    assert found is not None
    assert found.result.earliest_met is not None
    # Eight years counted from the work permit (2027-04-01) at the earliest.
    assert found.result.earliest_met >= D(2035, 3, 31)


@pytest.mark.parametrize("profile", PROFILES)
def test_the_year_budget_is_the_citizenship_count_on_31_december(profile: Profile) -> None:
    """Days left this year without a deduction: the line less the rule's own daily count on
    31 December, with the planned trips and then with the trip too."""
    planner = Planner(profile, AS_OF)
    plan = planner.plan(D(2026, 9, 1), D(2026, 9, 20), "GB")
    rule = unit("citizenship")
    assert rule.daily is not None
    dec = np.array([D(2026, 12, 31).toordinal()])
    trip = TripSpan(D(2026, 9, 1), D(2026, 9, 20), "GB")
    with_trip = Basis(replace(profile, trips=(*profile.trips, trip)), AS_OF)
    planned = int(rule.daily(planner.ctx, dec).values[0])
    added = int(rule.daily(with_trip.context(projected=True), dec).values[0])
    budget = plan.year_budget
    assert budget.limit == 58
    assert budget.with_planned == max(0, 58 - planned)
    assert budget.with_trip == max(0, 58 - added)
