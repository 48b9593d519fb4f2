"""Probes for the rules whose level is a count at a few places: rolling windows (182/365,
Schengen 90/180), the short permit period and citizenship's calendar years (see `marks.py`
for how a probe works).

Each probe counts what its rule says it counts (`rules/counting.py`: the window, its limit and
start, the period, the year lines), so no figure or window is decided here. The masks are the
engine's own projection masks (`build_context(..., projected=True)`), so a probe and the
engine count the same days. This is what makes "update as you type" and the
five-year search for an earliest departure cheap; `tests/property/test_planner_property.py`
checks every probe against `engine.evaluate` run once per candidate date.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from app.services.days import BoolArray, IntArray
from app.services.planner.marks import (
    Candidates,
    Detail,
    Marks,
    Probe,
    count_in,
    first_of,
    free_in,
    jan_first,
    levels,
    peak_of,
    year_of,
)
from app.services.rules.counting import CalendarYears, PeriodTotal, RollingWindow


class RollingProbe(Probe):
    """At most `cap` days in any `window`-day window (temporary-365; Schengen 90/180).

    Marks are the dates from tomorrow whose window holds a day of the trip. A rule judged only
    on the days in its mask (Schengen: days spent in another Schengen state, §6) is judged
    on those days and on the trip's own days.
    """

    cost = 3  # reads a whole window per day of the trip

    def __init__(self, rule_id: str, rolling: RollingWindow, *, tomorrow: int, end: int) -> None:
        mask, window = rolling.mask, rolling.window
        self.rule_id, self.limit, self.lenient = rule_id, rolling.cap, rolling.cap
        self.mask, self.window, self.clamp = mask, window, rolling.floor
        self.tomorrow, self.end, self.in_force = tomorrow, end, rolling.in_force
        self.present_only, self.schengen_only = rolling.judged_when_present, rolling.schengen
        # Computed once, read per candidate: the count in the window ending on each day of the
        # mask's range without any new trip, and the running number of days *not* abroad
        # (the days a trip would add).
        every_day = np.arange(mask.first, mask.last + 1, dtype=np.int64)
        self._roll = count_in(mask, np.maximum(every_day - window + 1, self.clamp), every_day)
        self._free = np.arange(mask.mask.size + 1, dtype=np.int64) - mask.prefix

    def _interval(self, cand: Candidates) -> tuple[IntArray, IntArray]:
        return cand.schengen if self.schengen_only else cand.main

    def _present(self, days: IntArray) -> BoolArray:
        inside = (days >= self.mask.first) & (days <= self.mask.last)
        flags = self.mask.mask[np.clip(days - self.mask.first, 0, self.mask.mask.size - 1)]
        return inside & flags

    def marks(self, cand: Candidates) -> Marks:
        start, stop = self._interval(cand)
        nonempty = start <= stop
        # Empty intervals (a same-day trip counted in whole days, a trip with no Schengen day)
        # are moved to tomorrow so every index below stays inside the mask; `valid` drops them.
        start = np.where(nonempty, start, self.tomorrow)
        stop = np.where(nonempty, stop, self.tomorrow - 1)
        first = self.mask.first
        span = int(np.max(stop - start, initial=0)) + self.window
        # Positions in the mask's range; plans end within ten years and the masks reach twelve
        # years past the record, so the whole window after the trip is inside.
        at = (start - first)[:, None] + np.arange(span)[None, :]
        low = np.maximum(
            np.maximum(at - self.window + 1, self.clamp - first), (start - first)[:, None]
        )
        high = np.minimum(at, (stop - first)[:, None])
        new = np.where(low <= high, self._free[high + 1] - self._free[np.minimum(low, high)], 0)
        base = self._roll[at]
        count = base + new
        days = at + first
        valid = (
            nonempty[:, None]
            & (at <= (stop - first)[:, None] + self.window - 1)
            & (days >= self.tomorrow)
            & (days >= self.in_force)
        )
        over, base_over = count > self.limit, base > self.limit
        if self.present_only:
            present = self.mask.mask[at]
            counted = present | (at <= (stop - first)[:, None])
            over &= counted
            base_over &= present
            count = np.where(counted, count, 0)
        return Marks(days, count, np.where(over, 2, 0), np.where(base_over, 2, 0), valid)

    def already(self) -> int | None:
        days = np.arange(self.tomorrow, max(self.end, self.tomorrow) + 1, dtype=np.int64)
        counts = count_in(self.mask, np.maximum(days - self.window + 1, self.clamp), days)
        over = (counts > self.limit) & (days >= self.in_force)
        if self.present_only:
            over &= self._present(days)
        return first_of(days[over])


class PeriodProbe(Probe):
    """At least half of a short permit period in Norway: abroad days in [start, stop]."""

    def __init__(self, rule_id: str, period: PeriodTotal, tomorrow: int) -> None:
        self.rule_id = rule_id
        self.mask, self.start, self.stop, self.tomorrow = (
            period.mask,
            period.start,
            period.stop,
            tomorrow,
        )
        self.limit, self.lenient = period.conservative, period.lenient
        self.base_total = int(count_in(self.mask, np.array([self.start]), np.array([self.stop]))[0])

    def marks(self, cand: Candidates) -> Marks:
        start, stop = cand.main
        lo, hi = np.maximum(start, self.start), np.minimum(stop, self.stop)
        new = free_in(self.mask, lo, hi)[:, None]
        count = self.base_total + new
        base = np.full_like(count, self.base_total)
        level = levels(count, self.limit, self.lenient)
        # A period over a line already: each day the trip adds there is one more day over it
        # (the rule's own `temporary_period_compare`).
        return Marks(
            np.full_like(count, self.stop),
            count,
            level,
            levels(base, self.limit, self.lenient),
            (lo <= hi)[:, None],
            (new > 0) & (level > 0),
        )

    def _crossing(self, extra: tuple[int, int] | None, line: int) -> int | None:
        """First date the running total from the permit start exceeds `line`."""
        flags = self.mask.mask[self.start - self.mask.first : self.stop - self.mask.first + 1]
        if extra is not None:
            flags = flags.copy()
            flags[max(extra[0] - self.start, 0) : max(extra[1] - self.start + 1, 0)] = True
        over = np.flatnonzero(np.cumsum(flags) > line)
        return None if over.size == 0 else self.start + int(over[0])

    def _first_added(self, extra: tuple[int, int]) -> int:
        """The first day of `extra` in the period not abroad already (there is one, by the
        caller)."""
        lo, hi = max(self.start, extra[0]), min(self.stop, extra[1])
        flags = self.mask.mask[lo - self.mask.first : hi - self.mask.first + 1]
        return lo + int(np.flatnonzero(~flags)[0])

    def detail(self, cand: Candidates) -> Detail:
        marks = self.marks(cand)
        level, base = int(marks.level[0, 0]), int(marks.base[0, 0])
        trip = (int(cand.main[0][0]), int(cand.main[1][0]))
        raised = bool(marks.raised()[0, 0])
        warning = breach = None
        if raised:
            # Over a line already: worse from the first day the trip adds to the period.
            added = self._first_added(trip) if base else None
            warning = self._crossing(trip, self.limit) if added is None else added
            if level == 2:
                breach = added if base == 2 else self._crossing(trip, self.lenient)
        return Detail(
            level=int(marks.introduced()[0]),
            first_warning=warning,
            first_breach=breach,
            peak=int(marks.count[0, 0]),
        )

    def already(self) -> int | None:
        # As the engine's projection reads it: over the limit on some day from tomorrow to the
        # end of the permit (a total already over stays over).
        crossing = self._crossing(None, self.lenient)
        if crossing is None or max(crossing, self.tomorrow) > self.stop:
            return None
        return max(crossing, self.tomorrow)


class YearProbe(Probe):
    """Each calendar year the trip touches, against the rule's two lines (citizenship §4.2:
    GREEN ≤ 58 days, AMBER 59–62, deducted on the conservative reading, RED ≥ 63)."""

    def __init__(self, rule_id: str, years: CalendarYears, tomorrow: int) -> None:
        self.rule_id = rule_id
        self.mask, self.start, self.tomorrow = years.mask, years.start, tomorrow
        self.limit, self.lenient = years.conservative, years.lenient

    def _year_total(self, years: IntArray) -> IntArray:
        jan = jan_first(years)
        return count_in(self.mask, np.maximum(jan, self.start), jan_first(years + 1) - 1)

    def marks(self, cand: Candidates) -> Marks:
        start, stop = cand.main
        start = np.maximum(start, self.start)
        nonempty = start <= stop
        first_year = year_of(start)
        spans = np.where(nonempty, year_of(np.maximum(stop, start)) - first_year, 0)
        years = first_year[:, None] + np.arange(int(spans.max(initial=0)) + 1)[None, :]
        jan, dec = jan_first(years), jan_first(years + 1) - 1
        base = self._year_total(years)
        new = free_in(
            self.mask,
            np.maximum(np.maximum(jan, self.start), start[:, None]),
            np.minimum(dec, stop[:, None]),
        )
        count = base + new
        valid = nonempty[:, None] & (years <= year_of(stop)[:, None])
        level = levels(count, self.limit, self.lenient)
        # A year over a line already loses all its days abroad: each day the trip adds there is
        # one more day deducted (the rule's own `citizenship_compare`).
        return Marks(
            jan,
            count,
            level,
            levels(base, self.limit, self.lenient),
            valid,
            (new > 0) & (level > 0),
        )

    def _crossing(self, year: int, extra: tuple[int, int] | None, line: int) -> int:
        """The date a year's running total first exceeds `line` (it does, by the caller)."""
        jan = max(date(year, 1, 1).toordinal(), self.start)
        dec = date(year, 12, 31).toordinal()
        flags = self.mask.mask[jan - self.mask.first : dec - self.mask.first + 1].copy()
        if extra is not None:
            flags[max(extra[0] - jan, 0) : max(extra[1] - jan + 1, 0)] = True
        return jan + int(np.flatnonzero(np.cumsum(flags) > line)[0])

    def _first_added(self, year: int, extra: tuple[int, int]) -> int:
        """The first day of `extra` in `year` not abroad already (there is one, by the caller)."""
        lo = max(date(year, 1, 1).toordinal(), self.start, extra[0])
        hi = min(date(year, 12, 31).toordinal(), extra[1])
        flags = self.mask.mask[lo - self.mask.first : hi - self.mask.first + 1]
        return lo + int(np.flatnonzero(~flags)[0])

    def detail(self, cand: Candidates) -> Detail:
        marks = self.marks(cand)
        trip = (max(int(cand.main[0][0]), self.start), int(cand.main[1][0]))
        warnings: list[int] = []
        breaches: list[int] = []
        for index in np.flatnonzero(marks.raised()[0]):
            year = date.fromordinal(int(marks.day[0, index])).year
            base, level = int(marks.base[0, index]), int(marks.level[0, index])
            # Over a line already: worse from the first day the trip adds to the deduction.
            added = self._first_added(year, trip) if base else None
            warnings.append(self._crossing(year, trip, self.limit) if added is None else added)
            if level == 2:
                over = added if added is not None and base == 2 else None
                breaches.append(self._crossing(year, trip, self.lenient) if over is None else over)
        return Detail(
            level=int(marks.introduced()[0]),
            first_warning=min(warnings, default=None),
            first_breach=min(breaches, default=None),
            peak=peak_of(marks.count[0], marks.raised()[0], marks.valid[0]),
        )

    def already(self) -> int | None:
        first_year = date.fromordinal(self.tomorrow).year
        last_year = date.fromordinal(self.mask.last).year - 1
        years = np.arange(first_year, last_year + 1, dtype=np.int64)
        over = years[self._year_total(years) > self.lenient]
        return None if over.size == 0 else self._crossing(int(over[0]), None, self.lenient)
