"""Day arithmetic (app/services/days.py) against the day-by-day reference (rules.md §0.2, §0.4).

Invariants: 0 ≤ rolling count ≤ window; additive over disjoint trips;
shift-invariant; monotone as a trip grows; the rolling series equals a brute-force per-day
count.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from app.services.days import (
    DayMask,
    abroad_mask,
    add_years,
    shift_months,
    shift_years,
    trip_days,
    trip_interval,
)
from app.services.profile import Convention, TripSpan
from tests import reference as ref
from tests.property import EARLIEST, LATEST, trip, trips

CONVENTIONS = st.sampled_from(("inclusive", "whole_days", "nights"))
AS_OF = st.dates(min_value=EARLIEST, max_value=LATEST)
# Wide enough for every trip the strategies make (departure ≤ 2027-12-31, ≤ 400 days long).
FIRST = EARLIEST - timedelta(days=2)
LAST = LATEST + timedelta(days=800)


def mask_of(
    trip_list: tuple[TripSpan, ...],
    convention: Convention,
    as_of: date,
    *,
    planned: bool = False,
    first: date = FIRST,
    last: date = LAST,
) -> DayMask:
    return abroad_mask(
        trip_list, convention, as_of, first.toordinal(), last.toordinal(), include_after=planned
    )


def rolling(mask: DayMask, first: date, last: date, window: int) -> list[int]:
    """The engine's count in the `window` days ending on each day first … last."""
    days = np.arange(first.toordinal(), last.toordinal() + 1, dtype=np.int64)
    return [int(n) for n in mask.counts(days - window + 1, days)]


@given(trips(), AS_OF, CONVENTIONS)
def test_abroad_set_is_the_union_of_trip_dates(
    trip_list: tuple[TripSpan, ...], as_of: date, convention: Convention
) -> None:
    """§0.2: the engine's abroad dates are the union of each trip's dates, cut at `as_of`."""
    assert set(mask_of(trip_list, convention, as_of).dates()) == ref.abroad_dates(
        trip_list, convention, as_of
    )


@given(trips(), AS_OF, CONVENTIONS)
def test_planned_abroad_set_includes_days_after_as_of(
    trip_list: tuple[TripSpan, ...], as_of: date, convention: Convention
) -> None:
    """A projection counts planned days too; a trip under way still ends on `as_of`."""
    planned = mask_of(trip_list, convention, as_of, planned=True)
    assert set(planned.dates()) == ref.abroad_dates(trip_list, convention, as_of, planned=True)


@given(trips(), AS_OF, CONVENTIONS, st.dates(EARLIEST, LATEST), st.integers(0, 800))
def test_abroad_set_is_clipped_to_the_mask_range(
    trip_list: tuple[TripSpan, ...],
    as_of: date,
    convention: Convention,
    first: date,
    span: int,
) -> None:
    """A mask over a narrower range holds exactly the abroad dates inside that range."""
    last = first + timedelta(days=span)
    mask = mask_of(trip_list, convention, as_of, first=first, last=last)
    expected = {d for d in ref.abroad_dates(trip_list, convention, as_of) if first <= d <= last}
    assert set(mask.dates()) == expected
    for day in (first - timedelta(days=1), first, last, last + timedelta(days=1)):
        assert mask.contains(day) == (day in expected)


@given(trip(), AS_OF, CONVENTIONS)
def test_trip_days_counts_the_reference_dates(
    one: TripSpan, as_of: date, convention: Convention
) -> None:
    """trip_days and trip_interval agree with the per-trip date set of §0.2."""
    expected = ref.trip_dates(one, convention, as_of)
    assert trip_days(one, convention, as_of) == len(expected)
    interval = trip_interval(one, convention, as_of)
    if interval is None:
        assert expected == set()
    else:
        assert expected == set(
            ref.days_between(date.fromordinal(interval[0]), date.fromordinal(interval[1]))
        )


@given(trips(max_trips=6), AS_OF, CONVENTIONS, st.data())
def test_window_counts_equal_a_per_day_count(
    trip_list: tuple[TripSpan, ...], as_of: date, convention: Convention, data: st.DataObject
) -> None:
    """DayMask.count/counts and the reference's Tally equal walking the window day by day."""
    mask = mask_of(trip_list, convention, as_of)
    abroad = ref.abroad_dates(trip_list, convention, as_of)
    tally = ref.Tally(abroad)
    windows = data.draw(
        st.lists(st.tuples(st.dates(FIRST, LAST), st.integers(-5, 1500)), min_size=1, max_size=8)
    )
    starts = np.array([start.toordinal() for start, _ in windows], dtype=np.int64)
    ends = np.array([(start + timedelta(days=n)).toordinal() for start, n in windows])
    batch = mask.counts(starts, ends)
    for (start, n), got in zip(windows, batch, strict=True):
        end = start + timedelta(days=n)
        expected = ref.count_between(abroad, start, end)
        assert int(got) == expected
        assert mask.count(start, end) == expected
        assert tally.count(start, end) == expected


@given(trips(), AS_OF, CONVENTIONS, st.sampled_from((180, 365, 1461)))
def test_rolling_series_equals_the_reference_and_stays_within_the_window(
    trip_list: tuple[TripSpan, ...], as_of: date, convention: Convention, window: int
) -> None:
    """For every day, 0 ≤ count ≤ window, and the series equals the per-day reference count."""
    first, last = EARLIEST, as_of + timedelta(days=30)
    series = rolling(mask_of(trip_list, convention, as_of), first, last, window)
    tally = ref.Tally(ref.abroad_dates(trip_list, convention, as_of))
    expected = [
        tally.count(e - timedelta(days=window - 1), e) for e in ref.days_between(first, last)
    ]
    assert series == expected
    assert all(0 <= n <= window for n in series)


@st.composite
def disjoint_trips(draw: st.DrawFn) -> tuple[TripSpan, ...]:
    """Up to 8 completed trips, each leaving at least a day after the previous one is back."""
    day = draw(st.dates(EARLIEST, date(2020, 12, 31)))
    found: list[TripSpan] = []
    for _ in range(draw(st.integers(0, 8))):
        back = day + timedelta(days=draw(st.integers(0, 200)))
        found.append(TripSpan(day, back))
        day = back + timedelta(days=draw(st.integers(1, 120)))
    return tuple(found)


@given(disjoint_trips(), AS_OF, CONVENTIONS, st.sampled_from((180, 365)))
def test_counts_are_additive_over_disjoint_trips(
    trip_list: tuple[TripSpan, ...], as_of: date, convention: Convention, window: int
) -> None:
    """With no date shared between trips, every window count is the sum over single trips."""
    first, last = EARLIEST, as_of
    together = rolling(mask_of(trip_list, convention, as_of), first, last, window)
    summed = [0] * len(together)
    for one in trip_list:
        alone = rolling(mask_of((one,), convention, as_of), first, last, window)
        summed = [a + b for a, b in zip(summed, alone, strict=True)]
    assert together == summed
    # Over the whole record, the count is the sum of the trips' days (once all are back).
    whole = mask_of(trip_list, convention, as_of).count(FIRST, LAST)
    if all(t.return_date is not None and t.return_date <= as_of for t in trip_list):
        assert whole == sum(trip_days(t, convention, as_of) for t in trip_list)


@given(trips(max_trips=6), AS_OF, CONVENTIONS, st.integers(-700, 700))
def test_counts_are_shift_invariant(
    trip_list: tuple[TripSpan, ...], as_of: date, convention: Convention, shift: int
) -> None:
    """Moving every trip and `as_of` by the same number of days moves every count with them
    (rolling N-day windows do not depend on the calendar)."""
    delta = timedelta(days=shift)
    moved = tuple(
        TripSpan(t.departure + delta, None if t.return_date is None else t.return_date + delta)
        for t in trip_list
    )
    original = mask_of(trip_list, convention, as_of)
    shifted = mask_of(
        moved, convention, as_of + delta, first=FIRST - timedelta(days=800), last=LAST + delta
    )
    assert set(shifted.dates()) == {d + delta for d in original.dates()}
    first, last = EARLIEST, as_of
    assert rolling(shifted, first + delta, last + delta, 365) == rolling(original, first, last, 365)


@given(trips(max_trips=6), AS_OF, CONVENTIONS, st.data())
def test_counts_are_monotone_as_a_trip_grows(
    trip_list: tuple[TripSpan, ...], as_of: date, convention: Convention, data: st.DataObject
) -> None:
    """Coming back later (or leaving earlier) never lowers any window count."""
    if not trip_list:
        return
    index = data.draw(st.integers(0, len(trip_list) - 1))
    grown = trip_list[index]
    earlier = timedelta(days=data.draw(st.integers(0, 60)))
    later = timedelta(days=data.draw(st.integers(0, 200)))
    bigger = TripSpan(
        grown.departure - earlier,
        None if grown.return_date is None else grown.return_date + later,
    )
    longer = trip_list[:index] + (bigger,) + trip_list[index + 1 :]
    before = mask_of(trip_list, convention, as_of)
    after = mask_of(longer, convention, as_of)
    assert set(before.dates()) <= set(after.dates())
    first, last = EARLIEST, as_of
    assert all(
        b <= a
        for b, a in zip(
            rolling(before, first, last, 365), rolling(after, first, last, 365), strict=True
        )
    )
    assert trip_days(bigger, convention, as_of) >= trip_days(grown, convention, as_of)


@given(st.dates(date(1990, 1, 1), date(2060, 12, 31)), st.integers(-12, 12))
def test_add_years_matches_the_reference(day: date, years: int) -> None:
    """§0.4: same month and day; 29 February → 28 February in a common year."""
    assert add_years(day, years) == ref.add_years(day, years)


@given(st.lists(st.dates(date(1990, 1, 1), date(2060, 12, 31)), max_size=20), st.integers(-12, 12))
def test_shift_years_matches_the_reference(days: list[date], years: int) -> None:
    """The vectorised year shift equals the per-date one."""
    ordinals = np.array([d.toordinal() for d in days], dtype=np.int64)
    assert [int(o) for o in shift_years(ordinals, years)] == [
        ref.add_years(d, years).toordinal() for d in days
    ]


@given(
    st.lists(st.dates(date(1901, 1, 1), date(2099, 12, 31)), max_size=20), st.integers(-160, 160)
)
def test_shift_months_matches_the_reference(days: list[date], months: int) -> None:
    """The vectorised month shift (month tables, one conversion) equals the per-date one,
    clamped to the end of a shorter month; dates in any order, repeated, far apart."""
    ordinals = np.array([d.toordinal() for d in days], dtype=np.int64)
    assert [int(o) for o in shift_months(ordinals, months)] == [
        ref.add_months(d, months).toordinal() for d in days
    ]
