"""Edge tables for the day arithmetic (app/services/days.py)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from app.services.days import (
    DayMask,
    TripArrays,
    abroad_mask,
    add_months,
    add_years,
    shift_years,
    trip_days,
    trip_interval,
)
from app.services.profile import Convention, TripSpan

D = date


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (D(2025, 3, 14), 3, D(2028, 3, 14)),  # ordinary day
        (D(2024, 2, 29), 1, D(2025, 2, 28)),  # leap day into a common year: 28 February
        (D(2024, 2, 29), 4, D(2028, 2, 29)),  # leap day into a leap year stays
        (D(2024, 2, 29), -3, D(2021, 2, 28)),  # backwards as well
        (D(2025, 12, 31), -11, D(2014, 12, 31)),  # year end
    ],
)
def test_add_years(day: date, years: int, expected: date) -> None:
    assert add_years(day, years) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),  # clamps to a shorter month
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap February
        (D(2025, 11, 15), 24, D(2027, 11, 15)),  # the default PR waiting time
        (D(2025, 3, 31), -1, D(2025, 2, 28)),  # backwards
        (D(2025, 12, 1), 1, D(2026, 1, 1)),  # over New Year
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_shift_years_matches_add_years_over_eight_years_of_days() -> None:
    days = np.arange(D(2019, 1, 1).toordinal(), D(2027, 1, 1).toordinal(), dtype=np.int64)
    for years in (-11, -5, -3, -1, 2):
        shifted = shift_years(days, years)
        expected = [add_years(date.fromordinal(int(o)), years).toordinal() for o in days]
        assert shifted.tolist() == expected


def test_leap_year_window_of_365_days() -> None:
    # 2024-02-29 lies inside, so the 365-day window ending 2024-06-30 starts on 2023-07-02.
    mask = DayMask.from_intervals([(D(2023, 7, 1).toordinal(), D(2024, 6, 30).toordinal())], 0, 0)
    assert mask.count(0, 0) == 0  # an empty range holds nothing
    end = D(2024, 6, 30).toordinal()
    first = D(2023, 1, 1).toordinal()
    whole = DayMask.from_intervals([(D(2023, 7, 1).toordinal(), end)], first, end)
    assert whole.count(end - 364, end) == 365
    assert date.fromordinal(end - 364) == D(2023, 7, 2)


@pytest.mark.parametrize(
    ("trip", "convention", "expected"),
    [
        # E1: a three-week trip
        (TripSpan(D(2025, 7, 1), D(2025, 7, 21)), "inclusive", 21),
        (TripSpan(D(2025, 7, 1), D(2025, 7, 21)), "whole_days", 19),
        (TripSpan(D(2025, 7, 1), D(2025, 7, 21)), "nights", 20),
        # E1: same-day and overnight trips
        (TripSpan(D(2025, 9, 5), D(2025, 9, 5)), "inclusive", 1),
        (TripSpan(D(2025, 9, 5), D(2025, 9, 5)), "whole_days", 0),
        (TripSpan(D(2025, 9, 5), D(2025, 9, 5)), "nights", 0),
        (TripSpan(D(2025, 9, 5), D(2025, 9, 6)), "inclusive", 2),
        (TripSpan(D(2025, 9, 5), D(2025, 9, 6)), "whole_days", 0),
        (TripSpan(D(2025, 9, 5), D(2025, 9, 6)), "nights", 1),
        # under way since 2025-12-20, evaluated 2025-12-31: abroad through as_of
        (TripSpan(D(2025, 12, 20)), "inclusive", 12),
        (TripSpan(D(2025, 12, 20)), "whole_days", 11),
        (TripSpan(D(2025, 12, 20)), "nights", 12),
        # under way but departing after as_of: nothing yet
        (TripSpan(D(2026, 1, 5)), "inclusive", 0),
        # over a leap day
        (TripSpan(D(2024, 2, 28), D(2024, 3, 1)), "inclusive", 3),
    ],
)
def test_trip_days(trip: TripSpan, convention: Convention, expected: int) -> None:
    assert trip_days(trip, convention, D(2025, 12, 31)) == expected


@pytest.mark.parametrize("convention", ["inclusive", "whole_days", "nights"])
def test_trip_arrays_match_trip_interval(convention: Convention) -> None:
    trips = [
        TripSpan(D(2025, 7, 1), D(2025, 7, 21)),
        TripSpan(D(2025, 9, 5), D(2025, 9, 5)),
        TripSpan(D(2025, 12, 20)),
        TripSpan(D(2026, 1, 5)),
    ]
    as_of = D(2025, 12, 31)
    starts, ends = TripArrays.of(trips).intervals(convention, as_of)
    for trip, start, end in zip(trips, starts, ends, strict=True):
        interval = trip_interval(trip, convention, as_of)
        if interval is None:
            assert start > end
        else:
            assert (int(start), int(end)) == interval


def test_overlapping_trips_merge_by_date() -> None:
    # E1: 07-01→07-21 and 07-15→07-25 are abroad 07-01…07-25: 25 inclusive, 23 whole days.
    trips = [TripSpan(D(2025, 7, 1), D(2025, 7, 21)), TripSpan(D(2025, 7, 15), D(2025, 7, 25))]
    first, last = D(2025, 1, 1).toordinal(), D(2025, 12, 31).toordinal()
    as_of = D(2025, 12, 31)
    assert abroad_mask(trips, "inclusive", as_of, first, last).count(first, last) == 25
    assert abroad_mask(trips, "whole_days", as_of, first, last).count(first, last) == 23


def test_days_after_as_of_count_only_in_a_projection() -> None:
    trips = [TripSpan(D(2025, 12, 28), D(2026, 1, 3))]
    first, last = D(2025, 1, 1).toordinal(), D(2026, 12, 31).toordinal()
    as_of = D(2025, 12, 31)
    actual = abroad_mask(trips, "inclusive", as_of, first, last)
    planned = abroad_mask(trips, "inclusive", as_of, first, last, include_after=True)
    assert actual.count(first, last) == 4
    assert planned.count(first, last) == 7


def test_mask_helpers() -> None:
    first = D(2025, 1, 1).toordinal()
    mask = DayMask.from_intervals(
        [(first + 2, first + 4), (first + 8, first + 8)], first, first + 9
    )
    assert mask.intervals() == [(first + 2, first + 4), (first + 8, first + 8)]
    assert mask.last_set() == first + 8
    assert mask.last_set(first + 5) == first + 4
    assert mask.last_set(first + 1) is None
    assert mask.first_set() == first + 2
    assert DayMask.from_intervals([], first, first + 9).first_set() is None
    assert mask.contains(D(2025, 1, 3))
    assert not mask.contains(D(2025, 1, 2))
    assert not mask.contains(first - 5)
    assert mask.dates() == [D(2025, 1, 3), D(2025, 1, 4), D(2025, 1, 5), D(2025, 1, 9)]
    assert mask.count(first + 4, first + 2) == 0
    starts = np.array([first, first + 3, first + 9], dtype=np.int64)
    ends = np.array([first + 9, first + 1, first + 9], dtype=np.int64)
    assert mask.counts(starts, ends).tolist() == [4, 0, 0]
