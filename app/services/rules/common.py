"""Small helpers the rule modules share."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

import numpy as np

from app.services.days import BoolArray, IntArray, to_date, year_of
from app.services.profile import PermitSpan
from app.services.results import NotApplicable, NotApplicableKind
from app.services.ruledata import RuleInfo


def first_true(days: IntArray, flags: BoolArray) -> date | None:
    """The first date whose flag is set, or None."""
    hits = np.flatnonzero(flags)
    return None if hits.size == 0 else to_date(int(days[hits[0]]))


def permit_segments(
    first: int, permits: Sequence[PermitSpan], days: IntArray
) -> Iterator[tuple[date, IntArray]]:
    """The positions in `days` cut where the permit held can change (a permit starts or has
    just ended), each with the segment's first day: a daily series judges one permit per
    segment instead of looking the permit up for every day. `first`: the record's first
    ordinal (the day before it starts a segment too)."""
    edges = {first + 1}
    for permit in permits:
        edges.add(permit.valid_from.toordinal())
        if permit.valid_to is not None and permit.valid_to < date.max:
            edges.add(permit.valid_to.toordinal() + 1)
    bounds = sorted(edges)
    for number, edge in enumerate(bounds):
        upto = bounds[number + 1] if number + 1 < len(bounds) else days.max(initial=edge) + 1
        inside = np.flatnonzero((days >= edge) & (days < upto))
        if inside.size:
            yield date.fromordinal(edge), inside


def peak(days: IntArray, counts: IntArray) -> tuple[int | None, date | None]:
    """The largest count and the first date it is reached (None, None for no days)."""
    if counts.size == 0:
        return None, None
    index = int(np.argmax(counts))
    return int(counts[index]), to_date(int(days[index]))


def run_start_covering(days: IntArray, flags: BoolArray, at: int) -> date | None:
    """Start of the first run of set flags that ends on or after ordinal `at`.

    Goals use this: if the goal is met on `at`, the date since which it has been met without a
    break; otherwise the first later date on which it is met. None if never within `days`.
    """
    if days.size == 0:
        return None
    position = int(np.searchsorted(days, at))
    if position < days.size and flags[position]:
        unmet_before = np.flatnonzero(~flags[:position])
        start = 0 if unmet_before.size == 0 else int(unmet_before[-1]) + 1
        return to_date(int(days[start]))
    later = np.flatnonzero(flags[position:])
    return None if later.size == 0 else to_date(int(days[position + int(later[0])]))


def not_applicable(
    info: RuleInfo, reason: str, kind: NotApplicableKind = "not_now"
) -> NotApplicable:
    """A `NotApplicable` for a rule with the reason sentence."""
    return NotApplicable(id=info.id, title=info.title, reason=reason, kind=kind)


def run_starts(flags: BoolArray) -> IntArray:
    """For each index, the index where its run of equal flags began."""
    change = np.ones(flags.size, dtype=np.bool_)
    change[1:] = flags[1:] != flags[:-1]
    return np.maximum.accumulate(np.where(change, np.arange(flags.size), 0))


def year_first_index(days: IntArray) -> tuple[IntArray, IntArray]:
    """Each day's calendar year, and the index of 1 January of that year (clamped at 0)."""
    years = year_of(days)
    first_year = int(years[0])
    jan_first = np.asarray(
        [date(y, 1, 1).toordinal() for y in range(first_year, int(years[-1]) + 1)],
        dtype=np.int64,
    )
    return years, np.maximum(jan_first[years - first_year] - int(days[0]), 0)


class YearFilter:
    """Abroad days in [lo[i], i] for each index i, counting only calendar years whose total
    reaches a threshold (`counts`).

    A year before index i's own year is judged on its whole total (complete by then); i's own
    year on its running total through i: the as-of reading of rules.md §3.1 and §4.2.
    `counted` (a subset of `abroad`) limits which days of such years are counted; the years are
    still judged on all of `abroad`. What does not depend on the look-back (`lo`) is worked
    out once, and once per threshold, so several look-backs and lines share it.
    """

    def __init__(
        self,
        abroad: BoolArray,
        years: IntArray,
        year_first: IntArray,
        *,
        counted: BoolArray | None = None,
    ) -> None:
        size = abroad.size
        self._index = np.arange(size)
        prefix = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(abroad, out=prefix[1:])
        self._year_ids = years - years[0]
        self._totals = np.bincount(
            self._year_ids, weights=abroad, minlength=int(self._year_ids[-1]) + 1
        )
        self._chosen = abroad if counted is None else counted
        self._chosen_prefix = prefix
        if counted is not None:
            self._chosen_prefix = np.zeros(size + 1, dtype=np.int64)
            np.cumsum(counted, out=self._chosen_prefix[1:])
        self._year_first = year_first
        self._running = prefix[self._index + 1] - prefix[year_first]
        self._heavy: dict[int, IntArray] = {}

    def _heavy_prefix(self, threshold: int) -> IntArray:
        """Prefix sums of the counted days in years whose whole total reaches `threshold`."""
        found = self._heavy.get(threshold)
        if found is None:
            heavy = self._chosen & (self._totals[self._year_ids] >= threshold)
            found = self._heavy[threshold] = np.zeros(heavy.size + 1, dtype=np.int64)
            np.cumsum(heavy, out=found[1:])
        return found

    def counts(self, lo: IntArray, threshold: int) -> IntArray:
        """The counted days in [lo[i], i] for each index i, at `threshold`."""
        heavy_prefix = self._heavy_prefix(threshold)
        split = np.maximum(self._year_first, lo)  # earlier years: [lo, split); own: [split, i]
        earlier = heavy_prefix[split] - heavy_prefix[np.minimum(lo, split)]
        own = np.where(
            self._running >= threshold,
            self._chosen_prefix[self._index + 1] - self._chosen_prefix[split],
            0,
        )
        result: IntArray = earlier + own
        return result
