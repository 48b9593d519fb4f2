"""Each rule of the engine against the day-by-day reference (tests/reference.py) on random
profiles: headline figure, status, peak, first warning and breach, and goal dates.

Date ranges are bounded per rule so the reference stays cheap (it walks every day).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.services.engine import evaluate
from app.services.profile import (
    Convention,
    KeyDates,
    PermitKind,
    PermitSpan,
    Profile,
    Status,
    TripSpan,
)
from app.services.results import Evaluation, RuleResult
from tests import reference as ref
from tests.property import (
    back_to_back,
    key_dates_for,
    loose_permits,
    permit_chain,
    permit_end,
    trips,
)

CONVENTIONS = st.sampled_from(("inclusive", "whole_days", "nights"))
TEMPORARY_KINDS = (
    PermitKind.WORK,
    PermitKind.FAMILY,
    PermitKind.STUDY,
    PermitKind.AU_PAIR,
    PermitKind.OTHER,
    PermitKind.PROTECTION,
    PermitKind.EEA_REGISTRATION,
    PermitKind.PERMANENT,
    PermitKind.COLLECTIVE_PROTECTION,
)
# Kinds for the PR tests: the 3-year track, the 5-year track (protection, humanitarian), the
# skilled-worker exception, and permits that form no basis (rules.md §2.1, §2.4).
PR_KINDS = (
    PermitKind.WORK,
    PermitKind.FAMILY,
    PermitKind.WORK,
    PermitKind.FAMILY,
    PermitKind.SKILLED_WORKER,
    PermitKind.PROTECTION,
    PermitKind.HUMANITARIAN,
    PermitKind.STUDY,
    PermitKind.AU_PAIR,
    PermitKind.OTHER,
    PermitKind.COLLECTIVE_PROTECTION,
)


def result_for(ev: Evaluation, rule_id: str, expected: ref.Figures | None) -> RuleResult | None:
    """The engine's result, after checking it applies exactly when the reference says so."""
    got = ev.rule(rule_id)
    skipped = {n.id for n in ev.not_applicable}
    if expected is None:
        assert got is None
        assert rule_id in skipped
        return None
    assert got is not None, f"{rule_id} not applied: {[n.reason for n in ev.not_applicable]}"
    assert rule_id not in skipped
    return got


def assert_figures(got: RuleResult, expected: ref.Figures, *fields: str) -> None:
    """Compare the named fields; peak_date only where the peak is above zero (with nothing
    abroad every day is a peak)."""
    for name in fields:
        if name == "peak_date" and not expected.peak_days:
            continue
        assert getattr(got, name) == getattr(expected, name), name


ROLLING_FIELDS = (
    "days_abroad",
    "status",
    "limit",
    "lenient_limit",
    "peak_days",
    "peak_date",
    "first_warning",
    "first_breach",
)


# --- §1 --------------------------------------------------------------------------------------

# Mostly temporary permits, some exempt ones (rules.md §1.2).
WEIGHTED_KINDS = (PermitKind.WORK, PermitKind.WORK, PermitKind.FAMILY, *TEMPORARY_KINDS[2:])


@st.composite
def temporary_profiles(draw: st.DrawFn) -> tuple[Profile, date]:
    """No permit, or a few permits of any kind and length; trips over six years."""
    permits = draw(
        st.just(())
        | loose_permits(
            WEIGHTED_KINDS,
            date(2016, 6, 1),
            date(2023, 6, 30),
            shapes=("short", "one_year", "multi", "multi", "open"),
        )
    )
    trip_list = draw(trips(date(2017, 1, 1), date(2023, 12, 31)))
    as_of = draw(st.dates(date(2018, 6, 1), date(2024, 6, 30)))
    return Profile(trip_list, permits), as_of


@given(temporary_profiles(), CONVENTIONS)
def test_temporary_365(case: tuple[Profile, date], convention: Convention) -> None:
    """§1.1 several-year permits: 182 days in any 365, windows from the first permit."""
    profile, as_of = case
    ev = evaluate(profile, as_of, convention)
    expected = ref.temporary_365(profile, as_of, convention)
    got = result_for(ev, "temporary-365", expected)
    if got is None or expected is None:
        return
    assert_figures(got, expected, *ROLLING_FIELDS)
    assert got.convention == convention
    # The headline under the other convention ("UDI may count as few as …").
    other: Convention = "whole_days" if convention == "inclusive" else "inclusive"
    alternative = ref.temporary_365(profile, as_of, other)
    assert got.alternative is not None
    assert alternative is not None
    assert got.alternative.convention == other
    assert got.alternative.days_abroad == alternative.days_abroad
    assert got.alternative.status == alternative.status


@given(temporary_profiles(), CONVENTIONS)
def test_temporary_365_projection(case: tuple[Profile, date], convention: Convention) -> None:
    """Planned days (after as_of) count only in the projection, which reports on the last
    planned return and searches breaches after as_of."""
    profile, as_of = case
    ev = evaluate(profile, as_of, convention)
    planned = [t for t in profile.trips if t.return_date is not None and t.return_date > as_of]
    if not planned:
        assert ev.projection is None
        return
    assert ev.projection is not None
    assert ev.projection.planned_trips == len(planned)
    assert ev.projection.through == ref.projection_end(profile, as_of)
    got = next((r for r in ev.projection.rules if r.id == "temporary-365"), None)
    expected = ref.temporary_365(profile, as_of, convention, projected=True)
    if expected is None:
        assert got is None
        return
    assert got is not None
    # A projection's status is the worst over the period it covers (issue 10): RED once any
    # window from tomorrow to the end of the plans is over the limit.
    period = replace(expected, status=Status.RED if expected.first_breach else expected.status)
    assert_figures(got, period, *ROLLING_FIELDS)


@st.composite
def permit_period_profiles(draw: st.DrawFn) -> tuple[Profile, date]:
    """A current permit of one year or less (sometimes after older permits, sometimes just
    expired) and a few trips in and around its period."""
    as_of = draw(st.dates(date(2019, 1, 1), date(2025, 12, 31)))
    start = as_of - timedelta(days=draw(st.integers(0, 420)))
    current = PermitSpan(
        draw(st.sampled_from(TEMPORARY_KINDS[:5])),
        start,
        draw(permit_end(start, shapes=("short", "one_year", "one_year"))),
    )
    older = draw(
        loose_permits(TEMPORARY_KINDS[:5], start - timedelta(days=1500), start - timedelta(days=1))
    )
    away = st.sampled_from((1, 2, 90, 179, 180, 181, 182, 183, 184)) | st.integers(1, 200)
    trip_list = draw(
        back_to_back(start - timedelta(days=draw(st.integers(0, 60))), away, st.integers(0, 120), 3)
    )
    return Profile(trip_list, (*older, current)), as_of


@given(permit_period_profiles(), CONVENTIONS)
def test_temporary_permit_period(case: tuple[Profile, date], convention: Convention) -> None:
    """§1.1 one-year and shorter permits: at most half the permit period abroad."""
    profile, as_of = case
    expected = ref.temporary_permit_period(profile, as_of, convention)
    got = result_for(evaluate(profile, as_of, convention), "temporary-permit-period", expected)
    if got is None or expected is None:
        return
    assert_figures(got, expected, *ROLLING_FIELDS)


# --- §2 --------------------------------------------------------------------------------------


@st.composite
def pr_profiles(draw: st.DrawFn) -> tuple[Profile, date]:
    """A chain of permits from 2017-2021 with gaps and late applications (sometimes ending in
    permanent residence), arrival and application dates, and trips over nine years."""
    permits = draw(
        permit_chain(
            PR_KINDS,
            date(2017, 1, 1),
            date(2021, 12, 31),
            final_kinds=(PermitKind.PERMANENT,),
        )
    )
    key = draw(key_dates_for(permits))
    trip_list = draw(trips(date(2016, 6, 1), date(2025, 6, 30), max_trips=10, max_days=200))
    as_of = draw(st.dates(date(2017, 6, 1), date(2026, 6, 30)))
    return Profile(trip_list, permits, key), as_of


@st.composite
def pr_boundary_profiles(draw: st.DrawFn) -> tuple[Profile, date]:
    """One work permit and trips adding up to about seven months (210-216 days inclusive), so
    the GREEN/AMBER/RED lines are crossed."""
    start = draw(st.dates(date(2018, 1, 1), date(2021, 12, 31)))
    permit = PermitSpan(PermitKind.WORK, start, draw(permit_end(start, shapes=("multi", "open"))))
    target = draw(st.integers(200, 226))
    count = draw(st.integers(1, 5))
    cuts = sorted(
        draw(st.lists(st.integers(1, target - 1), min_size=count - 1, max_size=count - 1))
    )
    lengths = [b - a for a, b in zip([0, *cuts], [*cuts, target], strict=True) if b > a]
    trip_list: list[TripSpan] = []
    day = start + timedelta(days=draw(st.integers(0, 200)))
    for length in lengths:
        back = day + timedelta(days=length - 1)
        trip_list.append(TripSpan(day, back))
        day = back + timedelta(days=draw(st.integers(1, 150)))
    as_of = day + timedelta(days=draw(st.integers(-100, 500)))
    return Profile(tuple(trip_list), (permit,)), as_of


def check_permanent_residence(profile: Profile, as_of: date, convention: Convention) -> None:
    outcome = ref.permanent_residence(profile, as_of, convention)
    expected = None if outcome is None else outcome[0]
    got = result_for(evaluate(profile, as_of, convention), "permanent-residence", expected)
    if got is None or outcome is None:
        return
    expected, dated = outcome
    assert_figures(got, expected, *ROLLING_FIELDS, "earliest_met")
    gaps = next(c for c in got.checks if c.id == "gaps")
    assert gaps.value == expected.gap_days
    # §2.6: the same tests today, on the application date and on the expected decision date.
    assert [(e.on, e.days_abroad, e.status, e.window_start) for e in got.evaluations] == [
        (e.on, e.days_abroad, e.status, e.window_start) for e in dated
    ]


@given(pr_profiles(), CONVENTIONS)
def test_permanent_residence(case: tuple[Profile, date], convention: Convention) -> None:
    """§2.2-2.6: absence, gaps, status, the earliest date it is met, and the dated checks."""
    check_permanent_residence(*case, convention)


@given(pr_boundary_profiles(), CONVENTIONS)
def test_permanent_residence_near_seven_months(
    case: tuple[Profile, date], convention: Convention
) -> None:
    """§2.2 with totals around 210/215 days: GREEN, AMBER and RED on the right days."""
    check_permanent_residence(*case, convention)


@st.composite
def skilled_worker_profiles(draw: st.DrawFn) -> tuple[Profile, date]:
    """§2.4: a skilled worker away 7-15 months in three years, some of it on assignments."""
    start = draw(st.dates(date(2018, 1, 1), date(2021, 12, 31)))
    permit = PermitSpan(PermitKind.SKILLED_WORKER, start, None)
    first = start + timedelta(days=draw(st.integers(0, 100)))
    trip_list = draw(back_to_back(first, st.integers(20, 200), st.integers(1, 120), 6))
    as_of = draw(st.dates(start, start + timedelta(days=2200)))
    return Profile(trip_list, (permit,)), as_of


@given(skilled_worker_profiles(), CONVENTIONS)
def test_permanent_residence_skilled_worker(
    case: tuple[Profile, date], convention: Convention
) -> None:
    """§2.4: up to 15 months abroad when at least 8 were for the employer."""
    check_permanent_residence(*case, convention)


# --- §3 --------------------------------------------------------------------------------------


@st.composite
def loss_profiles(draw: st.DrawFn) -> tuple[Profile, date]:
    """A permanent permit granted in 2018-2020 (sometimes after a work permit), trips around
    and after it, and an evaluation date up to five years after the grant (or just before)."""
    grant = draw(st.dates(date(2018, 1, 1), date(2020, 12, 31)))
    permits: tuple[PermitSpan, ...] = (PermitSpan(PermitKind.PERMANENT, grant),)
    if draw(st.booleans()):
        permits = (PermitSpan(PermitKind.WORK, grant - timedelta(days=1096), grant), *permits)
    first, last = grant - timedelta(days=200), grant + timedelta(days=1600)
    trip_list = draw(trips(first, last, max_trips=8, max_days=draw(st.sampled_from((80, 800)))))
    as_of = grant + timedelta(days=draw(st.integers(0, 1800) | st.integers(-60, -1)))
    # Sometimes a permission to stay abroad until a date (§3.2).
    key = KeyDates(
        abroad_permission_until=draw(st.none() | st.dates(grant, grant + timedelta(days=1800)))
    )
    return Profile(trip_list, permits, key), as_of


@st.composite
def loss_boundary_profiles(draw: st.DrawFn) -> tuple[Profile, date]:
    """Stays abroad and at home of lengths near the lines of §3.1: years of about two months
    (59/62 days), stays at home of about 15 months (450/458 days), absences of about two
    years, and long absences adding up to about 730 days."""
    grant = draw(st.dates(date(2018, 1, 1), date(2019, 12, 31)))
    away = st.integers(55, 66) | st.integers(30, 400) | st.integers(630, 740)
    home = st.integers(444, 462) | st.integers(1, 300)
    first = grant + timedelta(days=draw(st.integers(-30, 200)))
    trip_list = draw(back_to_back(first, away, home, max_trips=5))
    last_back = max(t.return_date for t in trip_list if t.return_date is not None)
    as_of = grant + timedelta(days=draw(st.integers(0, (last_back - grant).days + 400)))
    return Profile(trip_list, (PermitSpan(PermitKind.PERMANENT, grant),)), as_of


LOSS_FIELDS = (
    "days_abroad",
    "status",
    "peak_days",
    "peak_date",
    "first_warning",
    "first_breach",
)


@given(loss_profiles(), CONVENTIONS)
def test_permanent_residence_loss(case: tuple[Profile, date], convention: Convention) -> None:
    """§3.1: year filter, 15-month reset, aggregate and continuous tests."""
    profile, as_of = case
    expected = ref.permanent_residence_loss(profile, as_of, convention)
    got = result_for(evaluate(profile, as_of, convention), "permanent-residence-loss", expected)
    if got is None or expected is None:
        return
    assert_figures(got, expected, *LOSS_FIELDS)
    # The per-year table: abroad days from the grant on, for every year since.
    grant = next(p.valid_from for p in profile.permits if p.kind == PermitKind.PERMANENT)
    abroad = ref.abroad_dates(profile.trips, convention, as_of)
    assert [(row.year, row.days) for row in got.years] == [
        (year, ref.count_between(abroad, max(date(year, 1, 1), grant), date(year, 12, 31)))
        for year in range(grant.year, as_of.year + 1)
    ]


@given(loss_boundary_profiles(), CONVENTIONS)
def test_permanent_residence_loss_near_the_lines(
    case: tuple[Profile, date], convention: Convention
) -> None:
    """§3.1 with stays near every threshold of the rule."""
    profile, as_of = case
    expected = ref.permanent_residence_loss(profile, as_of, convention)
    got = result_for(evaluate(profile, as_of, convention), "permanent-residence-loss", expected)
    assert got is not None
    assert expected is not None
    assert_figures(got, expected, *LOSS_FIELDS)


# --- §4 --------------------------------------------------------------------------------------


@st.composite
def citizenship_profiles(draw: st.DrawFn) -> tuple[Profile, date]:
    """A chain of permits from 2015-2018 (some short, some with gaps), trips through 2026 and
    an evaluation date in 2015-2027."""
    permits = draw(
        permit_chain(
            (
                PermitKind.WORK,
                PermitKind.FAMILY,
                PermitKind.STUDY,
                PermitKind.AU_PAIR,
                PermitKind.PROTECTION,
                PermitKind.COLLECTIVE_PROTECTION,
            ),
            date(2015, 1, 1),
            date(2018, 12, 31),
            final_kinds=(PermitKind.PERMANENT,),
        )
    )
    key = draw(key_dates_for(permits))
    if not key.arrived_on:
        key = KeyDates(
            arrived_on=permits[0].valid_from, reported_to_police_on=key.reported_to_police_on
        )
    trip_list = draw(trips(date(2015, 1, 1), date(2026, 6, 30), max_trips=8, max_days=150))
    as_of = draw(st.dates(date(2015, 1, 1), date(2027, 12, 31)))
    return Profile(trip_list, permits, key, sufficient_income=draw(st.booleans())), as_of


@given(citizenship_profiles(), CONVENTIONS)
def test_citizenship(case: tuple[Profile, date], convention: Convention) -> None:
    """§4.2: this year's days abroad, and when the main and income routes are met."""
    profile, as_of = case
    protection = any(p.kind == PermitKind.PROTECTION for p in profile.permits)
    routes = ("main", "income", "protection") if protection else ("main", "income")
    expected = ref.citizenship(profile, as_of, convention, routes=routes)
    got = result_for(evaluate(profile, as_of, convention), "citizenship", expected)
    if got is None or expected is None:
        return
    assert_figures(got, expected, "days_abroad", "status", "limit", "lenient_limit")
    assert expected.routes is not None
    got_routes = {r.id: r for r in got.routes}
    # The reference looks 12 years past max(start, as_of); the engine's masks reach 12 years
    # past the last recorded date, so a date the reference cannot see must lie beyond that
    # (collective-protection years not counted can push a goal that far).
    first = ref.citizenship_start(profile)
    assert first is not None
    horizon = ref.add_years(max(first, as_of), 12)
    for route_id, earliest in expected.routes.items():
        found = got_routes[route_id].earliest_met
        if earliest is None and found is not None and found > horizon:
            continue
        assert found == earliest, route_id
    applicable = [expected.routes["main"]]
    if profile.sufficient_income:
        applicable.append(expected.routes["income"])
    if protection:
        applicable.append(expected.routes["protection"])
    if got.earliest_met is None or got.earliest_met <= horizon:
        assert got.earliest_met == min((d for d in applicable if d is not None), default=None)
    # The per-year table: abroad days from the start on, for each year up to this one that
    # has any (and this year).
    start = ref.citizenship_start(profile)
    assert start is not None
    abroad = ref.abroad_dates(profile.trips, convention, as_of)
    totals = [
        (year, ref.count_between(abroad, max(date(year, 1, 1), start), date(year, 12, 31)))
        for year in range(min(start, as_of).year, as_of.year + 1)
    ]
    assert [(row.year, row.days) for row in got.years] == [
        (year, days) for year, days in totals if days or year == as_of.year
    ]


# --- §6 --------------------------------------------------------------------------------------

SCHENGEN_TRIPS = trips(date(2015, 1, 1), date(2027, 6, 30), max_days=150)


@given(SCHENGEN_TRIPS, st.dates(date(2015, 1, 1), date(2027, 12, 31)), CONVENTIONS)
def test_schengen_90_180(
    trip_list: tuple[TripSpan, ...], as_of: date, convention: Convention
) -> None:
    """§6: 90 days in any 180 in other Schengen states, always counted inclusive."""
    profile = Profile(trip_list)
    expected = ref.schengen_90_180(profile, as_of)
    got = result_for(evaluate(profile, as_of, convention), "schengen-90-180", expected)
    assert got is not None
    assert_figures(got, expected, *ROLLING_FIELDS)
    assert got.convention == "inclusive"


@given(
    back_to_back(
        date(2024, 1, 1), st.integers(1, 95), st.integers(0, 100) | st.integers(80, 95), 6
    ),
    st.dates(date(2024, 1, 1), date(2025, 12, 31)),
)
def test_schengen_90_180_near_the_limit(trip_list: tuple[TripSpan, ...], as_of: date) -> None:
    """§6 with stays and breaks close to 90 days, and the projection of planned ones."""
    profile = Profile(trip_list)
    ev = evaluate(profile, as_of)
    got = ev.rule("schengen-90-180")
    assert got is not None
    assert_figures(got, ref.schengen_90_180(profile, as_of), *ROLLING_FIELDS)
    if ev.projection is not None:
        planned = next(r for r in ev.projection.rules if r.id == "schengen-90-180")
        expected = ref.schengen_90_180(profile, as_of, projected=True)
        assert expected is not None
        # The projection's status is the worst over the plans' period (issue 10).
        if expected.first_breach is not None:
            expected = replace(expected, status=Status.RED)
        assert_figures(planned, expected, *ROLLING_FIELDS)
