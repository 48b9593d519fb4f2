"""The charts' daily series against the engine: on the evaluation date a series holds the rule's
headline figure, its maximum over the history is the rule's peak, and a brute-force day count
agrees; on the worked examples of rules.md §11 and on random profiles (hypothesis)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.days import add_years
from app.services.engine import evaluate
from app.services.profile import Convention, KeyDates, PermitKind, PermitSpan, Profile, TripSpan
from app.services.results import RuleResult
from app.services.series import (
    NO_TRIPS,
    RANGE_CHOICES,
    ChartSource,
    DailySeries,
    DateRange,
    allowance,
    citizenship_years,
    permanent_residence_window,
    rolling_absence,
    schengen_days,
    trip_timeline,
)
from tests.property import key_dates_for, permit_chain, trips

D = date
WORK = PermitKind.WORK


def _work(start: date, end: date | None = None, **kwargs: object) -> PermitSpan:
    return PermitSpan(WORK, start, end, **kwargs)  # type: ignore[arg-type]


HISTORY_END = D(2026, 6, 30)


def realistic_history(years: int = 20, seed: int = 3, end: date = HISTORY_END) -> Profile:
    """About eight trips a year for `years` years, a few of them long, the last ones planned."""
    rng = random.Random(seed)
    start = add_years(end, -years)
    spans: list[TripSpan] = []
    day = start + timedelta(days=20)
    while day < end + timedelta(days=200):
        length = rng.choice((2, 3, 4, 7, 10, 14, 21)) if rng.random() > 0.06 else 75
        spans.append(
            TripSpan(day, day + timedelta(days=length), rng.choice(("SE", "DK", "ES", "US", "TH")))
        )
        day += timedelta(days=length + rng.randint(15, 70))
    return Profile(
        tuple(spans), (_work(start, None, granted_before_entry=True),), KeyDates(arrived_on=start)
    )


T = TripSpan
PR_2020 = PermitSpan(PermitKind.PERMANENT, D(2020, 1, 1))

# Worked examples of rules.md §11, with the evaluation date each is read on.
EXAMPLES: dict[str, tuple[Profile, date]] = {
    "one_trip": (
        Profile((T(D(2025, 7, 1), D(2025, 7, 21), "ES"),), (_work(D(2023, 1, 1)),)),
        D(2025, 9, 1),
    ),
    "E2": (
        Profile(
            (T(D(2025, 1, 10), D(2025, 4, 30), "US"), T(D(2025, 6, 1), D(2025, 8, 12), "TH")),
            (_work(D(2024, 1, 1), D(2026, 12, 31)),),
        ),
        D(2025, 9, 30),
    ),
    "E3a": (
        Profile(
            (T(D(2024, 9, 1), D(2024, 12, 20), "US"), T(D(2025, 2, 1), D(2025, 4, 25), "GB")),
            (_work(D(2023, 1, 1), D(2027, 12, 31)),),
        ),
        D(2025, 6, 30),
    ),
    "E3b": (
        Profile(
            (T(D(2024, 1, 1), D(2024, 6, 30), "US"), T(D(2024, 12, 30), D(2024, 12, 31), "SE")),
            (_work(D(2023, 1, 1), D(2027, 12, 31)),),
        ),
        D(2025, 3, 1),
    ),
    # E5 read before the planned trip of 2025-09-20 → 09-28 (the PR window ends 2025-10-01).
    "E5": (
        Profile(
            (
                TripSpan(D(2023, 6, 20), D(2023, 8, 31), "US"),
                TripSpan(D(2023, 12, 15), D(2024, 1, 20), "TH"),
                TripSpan(D(2024, 6, 25), D(2024, 8, 30), "ES"),
                TripSpan(D(2025, 3, 1), D(2025, 3, 31), "DE"),
                TripSpan(D(2025, 9, 20), D(2025, 9, 28), "FR"),
            ),
            (_work(D(2022, 9, 1), D(2025, 8, 31), granted_before_entry=True),
             _work(D(2025, 9, 1), D(2028, 8, 31))),
            KeyDates(arrived_on=D(2022, 9, 1), pr_applied_on=D(2025, 10, 1)),
        ),
        D(2025, 9, 1),
    ),
    # E7/E8: arrived 2017-08-15 on a permit granted before entry; the New Year trip is planned.
    "E7": (
        Profile(
            (
                TripSpan(D(2024, 7, 1), D(2024, 8, 31), "US"),
                TripSpan(D(2024, 10, 10), D(2024, 10, 20), "ES"),
                TripSpan(D(2025, 12, 27), D(2026, 1, 3), "SE"),
            ),
            (_work(D(2017, 8, 1), None, granted_before_entry=True),),
            KeyDates(arrived_on=D(2017, 8, 15)),
        ),
        D(2025, 6, 30),
    ),
    "E9a": (
        Profile(
            (T(D(2023, 3, 1), D(2025, 3, 5), "US"),),
            (_work(D(2016, 1, 1), D(2019, 12, 31)), PR_2020),
        ),
        D(2025, 6, 30),
    ),
    "E9c": (
        Profile(
            (
                TripSpan(D(2021, 1, 10), D(2021, 12, 20), "US"),
                TripSpan(D(2022, 7, 1), D(2023, 6, 30), "TH"),
                TripSpan(D(2024, 1, 2), D(2024, 3, 10), "ES"),
            ),
            (_work(D(2016, 1, 1), D(2019, 12, 31)), PR_2020),
        ),
        D(2024, 6, 30),
    ),
    "E10": (
        Profile(
            (T(D(2025, 3, 1), D(2025, 4, 14), "SE"), T(D(2025, 5, 1), D(2025, 6, 14), "DE")),
            (_work(D(2023, 1, 1), D(2027, 12, 31)),),
        ),
        D(2025, 6, 14),
    ),
}  # fmt: skip


def _rule(
    profile: Profile, as_of: date, rule_id: str, convention: Convention = "inclusive"
) -> RuleResult:
    found = evaluate(profile, as_of, convention).rule(rule_id)
    assert found is not None
    return found


def _whole(series: DailySeries | None, other: DailySeries | None = None) -> DailySeries:
    """Record and planned parts joined again (they share the evaluation date)."""
    assert series is not None
    if other is None:
        return series
    assert other.start == series.end
    return DailySeries(series.start, np.concatenate([series.values, other.values[1:]]))


# --- DailySeries ------------------------------------------------------------------------------


def test_daily_series_reads_by_date_and_slices() -> None:
    series = DailySeries(D(2024, 2, 27), np.array([1, 2, 3, 4], dtype=np.int64))
    assert series.end == D(2024, 3, 1)  # 2024 is a leap year: 27, 28, 29 Feb, 1 Mar
    assert series.at(D(2024, 2, 29)) == 3
    with pytest.raises(KeyError):
        series.at(D(2024, 3, 2))
    part = series.between(D(2024, 2, 28), D(2030, 1, 1))
    assert (part.start, part.values.tolist()) == (D(2024, 2, 28), [2, 3, 4])
    assert len(series.between(D(2025, 1, 1), D(2025, 2, 1))) == 0
    assert series.ordinals()[0] == D(2024, 2, 27).toordinal()


@pytest.mark.parametrize(
    ("choice", "start", "end"),
    [
        # Past ranges reach into plans: the last year up to 3 months ahead…
        ("last_year", D(2024, 9, 2), D(2025, 9, 28)),
        # …the last 3 years up to a year ahead.
        ("last_3_years", D(2022, 9, 2), D(2025, 9, 28)),
        ("next_12_months", D(2025, 8, 2), D(2026, 9, 1)),
        # All time: from the first permit to the last planned day.
        ("all", D(2022, 9, 1), D(2025, 9, 28)),
    ],
)
def test_range_choices(choice: str, start: date, end: date) -> None:
    source = ChartSource(*EXAMPLES["E5"])
    assert source.span(choice) == DateRange(start, end)  # type: ignore[arg-type]


def test_range_choices_cover_every_choice() -> None:
    source = ChartSource(Profile(), D(2025, 1, 1))
    for choice, _label in RANGE_CHOICES:
        span = source.span(choice)
        assert span.start <= D(2025, 1, 1) <= span.end or choice == "next_12_months"
        assert span.days > 28


# --- The rolling 365 days ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["one_trip", "E2", "E3a", "E3b", "E5", "E10"])
@pytest.mark.parametrize("convention", ["inclusive", "whole_days"])
def test_rolling_series_matches_the_engine(name: str, convention: Convention) -> None:
    profile, as_of = EXAMPLES[name]
    source = ChartSource(profile, as_of, convention)
    chart = rolling_absence(source, source.span("all"))
    rule = _rule(profile, as_of, "temporary-365", convention)
    assert chart.record is not None
    assert chart.record.end == as_of
    assert chart.record.at(as_of) == rule.days_abroad
    assert int(chart.record.values.max()) == rule.peak_days
    assert chart.limit == rule.limit == 182
    breaches = [m for m in chart.markers if not m.planned]
    assert [m.on for m in breaches] == ([rule.first_breach] if rule.first_breach else [])


def test_rolling_first_breach_of_e2_under_each_convention() -> None:
    profile, as_of = EXAMPLES["E2"]
    inclusive = ChartSource(profile, as_of, "inclusive")
    chart = rolling_absence(inclusive, inclusive.span("all"))
    assert [(m.on, m.value) for m in chart.markers] == [(D(2025, 8, 11), 183)]
    # The whole-days line of E2 peaks at 180: never over the limit.
    assert chart.alternative is not None
    assert int(chart.alternative.values.max()) == 180
    whole = ChartSource(profile, as_of, "whole_days")
    assert rolling_absence(whole, whole.span("all")).markers == ()


def test_rolling_planned_part_is_the_projection() -> None:
    profile, as_of = EXAMPLES["E7"]  # the New Year trip is planned
    source = ChartSource(profile, as_of)
    chart = rolling_absence(source, source.span("next_12_months"))
    assert chart.planned is not None
    assert chart.record is not None
    assert chart.planned.start == chart.record.end == as_of
    assert chart.planned_label == "With planned trips"
    projection = evaluate(profile, as_of).projection
    assert projection is not None
    rule = next(r for r in projection.rules if r.id == "temporary-365")
    assert chart.planned.at(projection.through) == rule.days_abroad
    assert chart.planned.at(D(2026, 1, 3)) == 62 + 11 + 8 - 62 - 11  # 2024 has left the window


def test_empty_history_says_no_trips() -> None:
    source = ChartSource(Profile(), D(2025, 6, 30))
    span = source.span("last_year")
    assert rolling_absence(source, span).message == NO_TRIPS
    assert schengen_days(source, span).message == NO_TRIPS
    assert trip_timeline(source, span).message == NO_TRIPS
    assert allowance(source).message is not None
    assert NO_TRIPS in (allowance(source).message or "")


# --- Permanent residence ----------------------------------------------------------------------


def test_pr_window_of_e5_matches_the_engine_and_the_example() -> None:
    profile, as_of = EXAMPLES["E5"]
    source = ChartSource(profile, as_of)
    chart = permanent_residence_window(source, source.span("next_12_months"))
    rule = _rule(profile, as_of, "permanent-residence")
    assert chart.record is not None
    assert chart.planned is not None
    assert chart.record.at(as_of) == rule.days_abroad
    assert int(chart.record.values.max()) == rule.peak_days
    assert (chart.limit, chart.lenient_limit) == (210, 215)
    # rules.md E5: 208 days on 2025-10-01 without the planned trip, 217 with it.
    record_only = ChartSource(Profile(profile.trips[:4], profile.permits, profile.key_dates), as_of)
    plain = permanent_residence_window(record_only, DateRange(as_of, D(2025, 10, 1)))
    assert plain.planned is not None
    assert plain.planned.at(D(2025, 10, 1)) == 208
    assert chart.planned.at(D(2025, 10, 1)) == 217
    assert chart.title.endswith("last 3 years")
    goals = [m for m in chart.markers if m.value is None]
    assert [g.on for g in goals][:1] == [rule.earliest_met]


def test_pr_chart_says_why_when_the_rule_does_not_apply() -> None:
    profile, as_of = EXAMPLES["E9a"]  # permanent residence already held
    source = ChartSource(profile, as_of)
    chart = permanent_residence_window(source, source.span("all"))
    assert chart.message == "You already hold permanent residence."


# --- Schengen ---------------------------------------------------------------------------------


def test_schengen_series_of_e10() -> None:
    profile, as_of = EXAMPLES["E10"]
    source = ChartSource(profile, as_of)
    chart = schengen_days(source, source.span("all"))
    rule = _rule(profile, as_of, "schengen-90-180")
    assert chart.record is not None
    assert chart.record.at(D(2025, 6, 14)) == rule.days_abroad == 90
    assert chart.limit == 90
    assert chart.markers == ()  # the limit is reached, not passed
    assert any("2025-09-13" in note for note in chart.notes)  # a fresh 90 days from E10's date
    # One more day (return 2025-06-15) is an overstay on 2025-06-15.
    longer = Profile(
        (profile.trips[0], TripSpan(D(2025, 5, 1), D(2025, 6, 15), "DE")), profile.permits
    )
    over = ChartSource(longer, D(2025, 6, 20))
    assert [(m.on, m.value) for m in schengen_days(over, over.span("all")).markers] == [
        (D(2025, 6, 15), 91)
    ]


# --- Citizenship ------------------------------------------------------------------------------


def test_citizenship_years_of_e7() -> None:
    profile, as_of = EXAMPLES["E7"]
    source = ChartSource(profile, as_of)
    chart = citizenship_years(source, DateRange(D(2023, 1, 1), D(2026, 12, 31)))
    assert chart.years.tolist() == [2023, 2024, 2025, 2026]
    assert chart.record.tolist() == [0, 73, 0, 0]
    assert chart.planned.tolist() == [0, 0, 5, 3]  # the New Year trip, split between the years
    assert [s.value for s in chart.statuses] == ["green", "red", "green", "green"]
    rule = _rule(profile, as_of, "citizenship")
    assert {y.year: y.days for y in rule.years} == {2024: 73, 2025: 0}
    assert any("2025-10-26" in note for note in chart.notes)  # E8, inclusive


def test_citizenship_whole_days_of_e7() -> None:
    profile, as_of = EXAMPLES["E7"]
    chart = citizenship_years(
        ChartSource(profile, as_of, "whole_days"), DateRange(D(2024, 1, 1), D(2024, 12, 31))
    )
    assert chart.record.tolist() == [69]


# --- Allowance and timeline -------------------------------------------------------------------


def test_allowance_rows_are_the_engine_headlines() -> None:
    profile, as_of = EXAMPLES["E5"]
    rows = allowance(ChartSource(profile, as_of)).rows
    ev = evaluate(profile, as_of)
    assert [r.rule_id for r in rows] == [r.id for r in ev.rules]
    for row, result in zip(rows, ev.rules, strict=True):
        assert (row.used, row.limit, row.lenient_limit, row.status) == (
            result.days_abroad, result.limit, result.lenient_limit, result.status,
        )  # fmt: skip
    assert ev.projection is not None
    planned = {r.id: r.days_abroad for r in ev.projection.rules}
    assert {r.rule_id: r.planned_used for r in rows} == planned


def test_timeline_groups_trips_by_schengen() -> None:
    profile = Profile(
        (
            TripSpan(D(2025, 1, 1), D(2025, 1, 5), "SE"),
            TripSpan(D(2025, 2, 1), D(2025, 2, 5), "SJ"),  # Svalbard: not Schengen
            TripSpan(D(2025, 3, 1), D(2025, 3, 1)),
            TripSpan(D(2025, 6, 1), None, "US"),  # under way
            TripSpan(D(2025, 8, 1), D(2025, 8, 9), "DK"),  # planned
        )
    )
    source = ChartSource(profile, D(2025, 6, 20))
    chart = trip_timeline(source, source.span("all"))
    assert chart.group.tolist() == [0, 1, 2, 1, 0]
    assert chart.planned.tolist() == [False, False, False, False, True]
    assert chart.under_way.tolist() == [False, False, False, True, False]
    assert chart.back[3] == D(2025, 6, 20).toordinal()
    assert chart.names[1] == "Svalbard and Jan Mayen"
    # Only trips that overlap the range are kept.
    later = trip_timeline(source, DateRange(D(2025, 5, 1), D(2025, 12, 31)))
    assert later.codes == ("US", "DK")


# --- Random profiles --------------------------------------------------------------------------

CONVENTIONS = st.sampled_from(("inclusive", "whole_days", "nights"))
AS_OF = st.dates(min_value=D(2019, 1, 1), max_value=D(2026, 12, 31))


def _brute_rolling(
    profile: Profile, as_of: date, convention: Convention, days: list[date], lo: date
) -> list[int]:
    """Days abroad in [max(d − 364, lo), d] by walking dates (projection: planned days too)."""
    abroad: set[date] = set()
    for trip in profile.trips:
        first = trip.departure + timedelta(days=1) if convention == "whole_days" else trip.departure
        if trip.return_date is None:
            last = as_of
        else:
            last = trip.return_date - timedelta(days=0 if convention == "inclusive" else 1)
        day = first
        while day <= last:
            abroad.add(day)
            day += timedelta(days=1)
    counts = []
    for d in days:
        start = max(d - timedelta(days=364), lo)
        counts.append(
            sum(1 for k in range((d - start).days + 1) if start + timedelta(days=k) in abroad)
        )
    return counts


@settings(max_examples=40)
@given(
    trip_list=trips(first=D(2018, 1, 1), last=D(2026, 6, 30), max_trips=8, max_days=250),
    as_of=AS_OF,
    convention=CONVENTIONS,
)
def test_rolling_series_equals_engine_and_brute_force(
    trip_list: tuple[TripSpan, ...], as_of: date, convention: Convention
) -> None:
    profile = Profile(trip_list, (_work(D(2018, 6, 1)),))
    source = ChartSource(profile, as_of, convention)
    span = source.span("all")
    chart = rolling_absence(source, span)
    if not trip_list:
        assert chart.message == NO_TRIPS
        return
    rule = evaluate(profile, as_of, convention).rule("temporary-365")
    if rule is None:  # before the rule took effect (2019-04-01): the series is still drawn
        assert chart.notes
        return
    record = chart.record
    assert record is not None
    assert record.at(as_of) == rule.days_abroad
    assert int(record.values.max()) == rule.peak_days
    whole = _whole(record, chart.planned)
    sample = [span.start + timedelta(days=k) for k in range(0, span.days, max(1, span.days // 25))]
    expected = _brute_rolling(profile, as_of, convention, sample, D(2018, 6, 1))
    assert [whole.at(d) for d in sample] == expected


@settings(max_examples=40)
@given(data=st.data(), as_of=AS_OF, convention=CONVENTIONS)
def test_every_series_matches_the_engine_on_random_profiles(
    data: st.DataObject, as_of: date, convention: Convention
) -> None:
    permits = data.draw(
        permit_chain(
            (WORK, PermitKind.FAMILY, PermitKind.PROTECTION, PermitKind.COLLECTIVE_PROTECTION),
            D(2015, 1, 1),
            D(2023, 1, 1),
        )
    )
    key = data.draw(key_dates_for(permits))
    trip_list = data.draw(
        trips(first=D(2015, 1, 1), last=D(2026, 12, 31), max_trips=10, max_days=200)
    )
    profile = Profile(trip_list, permits, key)
    ev = evaluate(profile, as_of, convention)
    source = ChartSource(profile, as_of, convention)
    span = source.span("all")
    results = {r.id: r for r in ev.rules}
    if not trip_list:
        return
    pr = results.get("permanent-residence")
    chart = permanent_residence_window(source, span)
    if pr is not None and chart.message is None:
        if chart.record is None:  # the qualifying period starts after as_of
            assert (pr.days_abroad, pr.peak_days) == (0, None)
        else:
            assert chart.record.at(as_of) == pr.days_abroad
            assert int(chart.record.values.max()) == pr.peak_days
    schengen = schengen_days(source, span)
    assert schengen.record is not None
    assert schengen.record.at(as_of) == results["schengen-90-180"].days_abroad
    assert int(schengen.record.values.max()) == results["schengen-90-180"].peak_days
    temporary = results.get("temporary-365")
    if temporary is not None:
        rolling = rolling_absence(source, span)
        assert rolling.record is not None
        assert rolling.record.at(as_of) == temporary.days_abroad
    rows = allowance(source).rows
    assert [(r.rule_id, r.used, r.status) for r in rows] == [
        (r.id, r.days_abroad, r.status) for r in ev.rules
    ]
    if ev.projection is not None:
        # Rows are the rules that apply now; the projection may add one that applies later.
        projected = {r.id: r.days_abroad for r in ev.projection.rules}
        assert {r.rule_id: r.planned_used for r in rows} == {
            r.rule_id: projected.get(r.rule_id) for r in rows
        }


def test_series_are_linear_and_fast_on_twenty_years() -> None:
    profile = realistic_history()
    source = ChartSource(profile, D(2026, 6, 30))
    chart = rolling_absence(source, source.span("all"))
    assert chart.record is not None
    assert len(chart.record) > 7000
    rule = _rule(profile, D(2026, 6, 30), "temporary-365")
    assert chart.record.at(D(2026, 6, 30)) == rule.days_abroad
    assert int(chart.record.values.max()) == rule.peak_days
