"""Day arithmetic: which dates are abroad under a counting convention, and fast window counts.

A trip is the inclusive pair (`departure`, `return_date`). Under each convention (rules.md §0.2)
it covers these dates:

- `inclusive`:  departure … return            (a same-day trip is 1 day)
- `whole_days`: departure + 1 … return − 1     (only whole days away; same-day or overnight: 0)
- `nights`:     departure … return − 1

A trip under way (no return) is abroad through `as_of` inclusive, under every convention.
The abroad set is the union of the trips' date sets, so overlapping or duplicate trips count a
date once (E1: 07-01→07-21 and 07-15→07-25 give 25 inclusive, 23 whole days).

`DayMask` holds that set as a boolean array over a date range with its prefix sums, so a count in
any window is two array reads, and a rolling series over every day is one vectorised subtraction.
Cost is linear in the number of trips plus the number of days covered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from app.services.dates import add_months, add_years, trip_days, trip_interval
from app.services.profile import Convention, TripSpan

# The calendar helpers live in `dates` (no numpy, for callers such as `borte trips list`);
# they stay importable from here, where the rules have always found them.
__all__ = [
    "MAX_ORD",
    "MIN_ORD",
    "BoolArray",
    "DayMask",
    "IntArray",
    "MonthSplit",
    "TripArrays",
    "abroad_mask",
    "add_months",
    "add_years",
    "shift_years",
    "to_date",
    "trip_days",
    "trip_interval",
    "year_of",
]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_EPOCH = date(1970, 1, 1).toordinal()  # numpy's datetime64[D] counts days from here
MIN_ORD = date.min.toordinal()
MAX_ORD = date.max.toordinal()


def shift_years(ordinals: IntArray, years: int) -> IntArray:
    """Vectorised `add_years` on date ordinals."""
    return shift_months(ordinals, 12 * years)


def shift_months(ordinals: IntArray, months: int) -> IntArray:
    """Vectorised `add_months` on date ordinals (clamped to the end of a shorter month)."""
    return MonthSplit.of(ordinals).shift(months)


@dataclass(frozen=True, slots=True, eq=False)
class MonthSplit:
    """Date ordinals split into their month and day of month, for `shift`: the day-to-month
    conversion is the costly step, so several shifts of the same dates share one split; month
    starts and lengths come from tables over the few hundred months the dates span."""

    days: IntArray  # days since 1970-01-01
    at: IntArray  # each date's month, counted from `lo`
    lo: int  # the first month (months since January 1970)
    months: int  # how many months the dates span
    own: IntArray  # first day of each of those months (days since 1970)

    @classmethod
    def of(cls, ordinals: IntArray) -> MonthSplit:
        days = ordinals - _EPOCH
        if days.size == 0:
            return cls(days, days, 0, 0, np.zeros(0, dtype=np.int64))
        month = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
        lo = int(month.min())
        span = int(month.max()) - lo + 1
        return cls(days, month - lo, lo, span, _month_starts(lo, lo + span))

    def shift(self, months: int) -> IntArray:
        """`add_months` of every date, as ordinals."""
        if self.days.size == 0:
            return self.days + _EPOCH
        target = _month_starts(self.lo + months, self.lo + months + self.months + 1)
        length = target[1:] - target[:-1]
        at = self.at
        shifted: IntArray = target[at] + np.minimum(self.days - self.own[at], length[at] - 1)
        return shifted + _EPOCH


def _month_starts(lo: int, hi: int) -> IntArray:
    """The first day (days since 1970) of months lo..hi−1 (months since January 1970)."""
    starts: IntArray = (
        np.arange(lo, hi, dtype=np.int64).astype("datetime64[M]").astype("datetime64[D]")
    ).astype(np.int64)
    return starts


def year_of(ordinals: IntArray) -> IntArray:
    """Calendar year of each date ordinal."""
    days = (ordinals - _EPOCH).astype("datetime64[D]")
    return days.astype("datetime64[Y]").astype(np.int64) + 1970


@dataclass(frozen=True, slots=True, eq=False)
class DayMask:
    """A set of dates over the range [`first`, `last`] (ordinals) with prefix sums.

    Dates outside the range are not in the set. `prefix[i]` is the number of set dates among the
    first `i` days of the range.
    """

    first: int
    last: int
    mask: BoolArray
    prefix: IntArray

    @classmethod
    def from_intervals(cls, intervals: Iterable[tuple[int, int]], first: int, last: int) -> DayMask:
        """Paint inclusive ordinal intervals (clipped to the range) into a mask."""
        pairs = np.asarray(list(intervals), dtype=np.int64).reshape(-1, 2)
        return cls.from_arrays(pairs[:, 0], pairs[:, 1], first, last)

    @classmethod
    def from_arrays(cls, starts: IntArray, ends: IntArray, first: int, last: int) -> DayMask:
        """Paint inclusive ordinal intervals given as two arrays (clipped to the range)."""
        size = last - first + 1
        starts = np.maximum(starts, first) - first
        ends = np.minimum(ends, last) - first
        keep = starts <= ends
        # +1 at each start, −1 after each end; a date is set where the running sum is positive.
        diff = np.bincount(starts[keep], minlength=size + 1) - np.bincount(
            ends[keep] + 1, minlength=size + 1
        )
        mask = np.cumsum(diff[:size]) > 0
        return cls.from_mask(mask, first)

    @classmethod
    def from_mask(cls, mask: BoolArray, first: int) -> DayMask:
        """Wrap an existing boolean array that starts at ordinal `first`."""
        prefix = np.zeros(mask.size + 1, dtype=np.int64)
        np.cumsum(mask, out=prefix[1:])
        return cls(first=first, last=first + mask.size - 1, mask=mask, prefix=prefix)

    def _index(self, ordinals: IntArray | int) -> IntArray:
        """Prefix index just after each ordinal, clipped to the range."""
        return np.clip(np.asarray(ordinals, dtype=np.int64) - self.first + 1, 0, self.mask.size)

    def count(self, start: date | int, end: date | int) -> int:
        """Number of set dates in [start, end] (inclusive; 0 if start > end)."""
        a = start.toordinal() if isinstance(start, date) else start
        b = end.toordinal() if isinstance(end, date) else end
        if a > b:
            return 0
        # `_index` on two plain ints: an array call costs more than the count.
        size = self.mask.size
        hi, lo = min(max(b - self.first + 1, 0), size), min(max(a - self.first, 0), size)
        return int(self.prefix[hi] - self.prefix[lo])

    def counts(self, starts: IntArray, ends: IntArray) -> IntArray:
        """Vectorised `count` over pairs of inclusive ordinal bounds (empty pairs give 0)."""
        result = self.prefix[self._index(ends)] - self.prefix[self._index(starts - 1)]
        return np.where(starts <= ends, result, 0)

    def contains(self, day: date | int) -> bool:
        """Whether the date is in the set."""
        ordinal = day.toordinal() if isinstance(day, date) else day
        return self.first <= ordinal <= self.last and bool(self.mask[ordinal - self.first])

    def dates(self) -> list[date]:
        """Every date in the set, in order (for tests and small ranges)."""
        return [date.fromordinal(self.first + int(i)) for i in np.flatnonzero(self.mask)]

    def first_set(self) -> int | None:
        """The earliest set date, as an ordinal (None: the set is empty)."""
        at = int(np.argmax(self.mask)) if self.mask.size else 0
        return self.first + at if self.mask.size and self.mask[at] else None

    def last_set(self, up_to: int | None = None) -> int | None:
        """The latest set date on or before `up_to` (default: the whole range), as an ordinal."""
        stop = self.mask.size if up_to is None else int(self._index(up_to))
        hits = np.flatnonzero(self.mask[:stop])
        return None if hits.size == 0 else self.first + int(hits[-1])

    def intervals(self) -> list[tuple[int, int]]:
        """The set as maximal runs of consecutive dates (inclusive ordinals)."""
        padded = np.concatenate(([False], self.mask, [False]))
        edges = np.flatnonzero(padded[1:] != padded[:-1])
        return [
            (self.first + int(s), self.first + int(e) - 1)
            for s, e in zip(edges[::2], edges[1::2], strict=True)
        ]


@dataclass(frozen=True, slots=True, eq=False)
class TripArrays:
    """A person's trips as ordinal arrays, made once per evaluation and reused by every mask."""

    departure: IntArray
    back: IntArray  # return date ordinal; -1 while under way

    @classmethod
    def of(cls, trips: Sequence[TripSpan]) -> TripArrays:
        """Arrays for `trips`, in the same order."""
        return cls(
            departure=np.fromiter((t.departure.toordinal() for t in trips), np.int64, len(trips)),
            back=np.fromiter(
                (-1 if t.return_date is None else t.return_date.toordinal() for t in trips),
                np.int64,
                len(trips),
            ),
        )

    def intervals(self, convention: Convention, as_of: date) -> tuple[IntArray, IntArray]:
        """Each trip's abroad dates under `convention` as inclusive (start, end) ordinals, as in
        `trip_interval`; an empty trip has start > end."""
        under_way = self.back < 0
        starts = self.departure.copy()
        ends = np.where(under_way, as_of.toordinal(), self.back)
        if convention == "whole_days":
            starts += 1
            ends = np.where(under_way, ends, ends - 1)
        elif convention == "nights":
            ends = np.where(under_way, ends, ends - 1)
        return starts, ends


def abroad_mask(
    trips: Sequence[TripSpan] | TripArrays,
    convention: Convention,
    as_of: date,
    first: int,
    last: int,
    *,
    include_after: bool = False,
    select: BoolArray | None = None,
    not_before: IntArray | None = None,
) -> DayMask:
    """Dates abroad under `convention` over [first, last].

    Without `include_after`, dates after `as_of` are never abroad (the record as it stands on
    `as_of`); with it, planned trips after `as_of` count too (a projection). `select` keeps only
    some trips (for example those to Schengen states); `not_before` (one ordinal per trip) drops
    each trip's dates before it (a state that joined Schengen during the trip).
    """
    arrays = trips if isinstance(trips, TripArrays) else TripArrays.of(trips)
    starts, ends = arrays.intervals(convention, as_of)
    if not_before is not None:
        starts = np.maximum(starts, not_before)
    if select is not None:
        starts, ends = starts[select], ends[select]
    cut = last if include_after else min(last, as_of.toordinal())
    return DayMask.from_arrays(starts, np.minimum(ends, cut), first, last)


def to_date(ordinal: int) -> date:
    """Ordinal back to a date."""
    return date.fromordinal(int(ordinal))


ONE_DAY = timedelta(days=1)
