"""Each rule of the engine against the day-by-day reference (tests/reference.py) on random
profiles: headline figure, status, peak, first warning and breach, and goal dates.

Date ranges are bounded per rule so the reference stays cheap (it walks every day).
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.services.engine import evaluate
from app.services.profile import Convention, KeyDates, PermitKind, PermitSpan, Profile, TripSpan
from app.services.results import Evaluation, RuleResult
from tests import reference as ref
from tests.property import key_dates_for, loose_permits, permit_chain, trips

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
)
# Kinds on the 3-year PR track with no skilled-worker exception (rules.md §2.1, §2.4).
THREE_YEAR_KINDS = (
    PermitKind.WORK,
    PermitKind.FAMILY,
    PermitKind.STUDY,
    PermitKind.AU_PAIR,
    PermitKind.OTHER,
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


@given(
    trips(date(2017, 1, 1), date(2023, 12, 31)),
    loose_permits(TEMPORARY_KINDS, date(2016, 6, 1), date(2023, 6, 30)),
    st.dates(date(2018, 6, 1), date(2024, 6, 30)),
    CONVENTIONS,
)
def test_temporary_365(
    trip_list: tuple[TripSpan, ...],
    permits: tuple[PermitSpan, ...],
    as_of: date,
    convention: Convention,
) -> None:
    """§1.1 several-year permits: 182 days in any 365, windows from the first permit."""
    profile = Profile(trip_list, permits)
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
    assert (got.alternative.convention, got.alternative.days_abroad) == (
        other,
        alternative.days_abroad,
    )
    assert got.alternative.status == alternative.status


@given(
    trips(date(2018, 1, 1), date(2023, 12, 31), max_days=250),
    loose_permits(TEMPORARY_KINDS[:5], date(2018, 1, 1), date(2023, 6, 30)),
    st.dates(date(2018, 6, 1), date(2024, 6, 30)),
    CONVENTIONS,
)
def test_temporary_permit_period(
    trip_list: tuple[TripSpan, ...],
    permits: tuple[PermitSpan, ...],
    as_of: date,
    convention: Convention,
) -> None:
    """§1.1 one-year and shorter permits: at most half the permit period abroad."""
    profile = Profile(trip_list, permits)
    expected = ref.temporary_permit_period(profile, as_of, convention)
    got = result_for(evaluate(profile, as_of, convention), "temporary-permit-period", expected)
    if got is None or expected is None:
        return
    assert_figures(got, expected, *ROLLING_FIELDS)


# --- §2 --------------------------------------------------------------------------------------


@given(st.data(), CONVENTIONS)
def test_permanent_residence(data: st.DataObject, convention: Convention) -> None:
    """§2.2-2.5 on the 3-year track: absence, gaps, status, and the earliest date it is met."""
    permits = data.draw(
        permit_chain(
            THREE_YEAR_KINDS,
            date(2017, 1, 1),
            date(2021, 12, 31),
            final_kinds=(PermitKind.PERMANENT,),
        )
    )
    key = data.draw(key_dates_for(permits))
    trip_list = data.draw(trips(date(2016, 6, 1), date(2025, 6, 30), max_trips=10, max_days=200))
    as_of = data.draw(st.dates(date(2017, 6, 1), date(2026, 6, 30)))
    profile = Profile(trip_list, permits, key)
    expected = ref.permanent_residence(profile, as_of, convention)
    got = result_for(evaluate(profile, as_of, convention), "permanent-residence", expected)
    if got is None or expected is None:
        return
    assert_figures(got, expected, *ROLLING_FIELDS, "earliest_met")
    gaps = next(c for c in got.checks if c.id == "gaps")
    assert gaps.value == expected.gap_days


# --- §3 --------------------------------------------------------------------------------------


@st.composite
def loss_profiles(draw: st.DrawFn) -> tuple[Profile, date]:
    """A permanent permit granted in 2018-2020 (sometimes after a work permit), trips around
    and after it, some long enough for the continuous test, and an evaluation date up to five
    years after the grant (or just before it)."""
    grant = draw(st.dates(date(2018, 1, 1), date(2020, 12, 31)))
    permits: tuple[PermitSpan, ...] = (PermitSpan(PermitKind.PERMANENT, grant),)
    if draw(st.booleans()):
        permits = (PermitSpan(PermitKind.WORK, grant - timedelta(days=1096), grant),) + permits
    first = grant - timedelta(days=200)
    last = grant + timedelta(days=1600)
    trip_list = draw(trips(first, last, max_trips=8, max_days=draw(st.sampled_from((80, 800)))))
    as_of = draw(st.dates(grant - timedelta(days=60), grant + timedelta(days=1800)))
    return Profile(trip_list, permits), as_of


@given(loss_profiles(), CONVENTIONS)
def test_permanent_residence_loss(case: tuple[Profile, date], convention: Convention) -> None:
    """§3.1: year filter, 15-month reset, aggregate and continuous tests."""
    profile, as_of = case
    expected = ref.permanent_residence_loss(profile, as_of, convention)
    got = result_for(evaluate(profile, as_of, convention), "permanent-residence-loss", expected)
    if got is None or expected is None:
        return
    assert_figures(
        got,
        expected,
        "days_abroad",
        "status",
        "peak_days",
        "peak_date",
        "first_warning",
        "first_breach",
    )


# --- §4 --------------------------------------------------------------------------------------


@st.composite
def citizenship_profiles(draw: st.DrawFn) -> tuple[Profile, date]:
    """A chain of permits from 2015-2018 (some short, some with gaps), trips through 2026 and
    an evaluation date in 2019-2027."""
    permits = draw(
        permit_chain(
            (PermitKind.WORK, PermitKind.FAMILY, PermitKind.STUDY, PermitKind.AU_PAIR),
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
    as_of = draw(st.dates(date(2019, 1, 1), date(2027, 12, 31)))
    return Profile(trip_list, permits, key, sufficient_income=draw(st.booleans())), as_of


@given(citizenship_profiles(), CONVENTIONS)
def test_citizenship(case: tuple[Profile, date], convention: Convention) -> None:
    """§4.2: this year's days abroad, and when the main and income routes are met."""
    profile, as_of = case
    expected = ref.citizenship(profile, as_of, convention)
    got = result_for(evaluate(profile, as_of, convention), "citizenship", expected)
    if got is None or expected is None:
        return
    assert_figures(got, expected, "days_abroad", "status", "limit", "lenient_limit")
    assert expected.routes is not None
    routes = {r.id: r for r in got.routes}
    for route_id, earliest in expected.routes.items():
        assert routes[route_id].earliest_met == earliest, route_id
    applicable = [expected.routes["main"]]
    if profile.sufficient_income:
        applicable.append(expected.routes["income"])
    assert got.earliest_met == min((d for d in applicable if d is not None), default=None)
    # The per-year table: abroad days from the start on, for each year up to this one.
    start = ref.citizenship_start(profile)
    assert start is not None
    abroad = ref.abroad_dates(profile.trips, convention, as_of)
    for row in got.years:
        first = max(date(row.year, 1, 1), start)
        assert row.days == ref.count_between(abroad, first, date(row.year, 12, 31)), row.year


# --- §6 --------------------------------------------------------------------------------------


@given(
    trips(date(2015, 1, 1), date(2027, 6, 30), max_days=150),
    st.dates(date(2015, 1, 1), date(2027, 12, 31)),
    CONVENTIONS,
)
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
