"""What every probe shares: candidate trips, marks, and prefix-sum counts over day masks.

A candidate is a trip (departure, return) as ordinals. A probe turns candidates into *marks*:
the dates (or calendar years) on which its rule is judged, each with the count and the level
(0 GREEN, 1 AMBER, 2 RED) with the trip added, and the level without it. A trip *introduces*
the worst level of a mark whose level it raised; breaches the record already has are not held
against it. The abroad set is a union (rules.md §0.2), so the count with the trip is the base
count plus the trip's days that were not abroad already: two prefix-sum reads per mark, for
many candidates at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from app.services.days import BoolArray, DayMask, IntArray
from app.services.profile import Convention, Status
from app.services.rules.context import NEVER as NEVER  # `schengen_from`: not a Schengen state
from app.services.rules.permanent import STATUSES

_EPOCH = date(1970, 1, 1).toordinal()
_LEVEL = {status: number for number, status in enumerate(STATUSES)}


def level_of(status: Status) -> int:
    """0 GREEN, 1 AMBER, 2 RED."""
    return _LEVEL[status]


def levels(counts: IntArray, conservative: int, lenient: int) -> IntArray:
    """GREEN up to `conservative`, AMBER up to `lenient`, RED above (rules.md §0.3)."""
    return np.where(counts <= conservative, 0, np.where(counts <= lenient, 1, 2))


def _index(mask: DayMask, ordinals: IntArray) -> IntArray:
    return np.clip(ordinals - mask.first + 1, 0, mask.mask.size)


def count_in(mask: DayMask, lo: IntArray, hi: IntArray) -> IntArray:
    """Set dates in [lo, hi] for each pair (0 where lo > hi): the engine's own count."""
    return mask.counts(lo, hi)


def free_in(mask: DayMask, lo: IntArray, hi: IntArray) -> IntArray:
    """Dates in [lo, hi] that are *not* set (within the mask's range; 0 where lo > hi)."""
    a, b = _index(mask, lo - 1), _index(mask, hi)
    return np.where(lo <= hi, (b - a) - (mask.prefix[b] - mask.prefix[a]), 0)


def jan_first(years: IntArray) -> IntArray:
    """Ordinal of 1 January of each year."""
    as_days = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    return as_days.astype(np.int64) + _EPOCH


def year_of(ordinals: IntArray) -> IntArray:
    """Calendar year of each ordinal."""
    return (ordinals - _EPOCH).astype("datetime64[D]").astype("datetime64[Y]").astype(
        np.int64
    ) + 1970


@dataclass(frozen=True, slots=True, eq=False)
class Candidates:
    """Candidate trips as ordinal arrays, with the abroad interval each adds under the counting
    convention (`main`) and in other Schengen states (`schengen`, always inclusive: §6)."""

    departure: IntArray
    back: IntArray
    main: tuple[IntArray, IntArray]
    schengen: tuple[IntArray, IntArray]

    @classmethod
    def of(
        cls, departure: IntArray, back: IntArray, convention: Convention, schengen_from: int
    ) -> Candidates:
        """Candidates from departure and return ordinals. Days count as days in another
        Schengen state from `schengen_from`, the day the destination joined (NEVER: not a
        Schengen state), as for recorded trips. An empty interval has start > end."""
        start, end = departure.copy(), back.copy()
        if convention == "whole_days":
            start, end = start + 1, end - 1
        elif convention == "nights":
            end = end - 1
        return cls(departure, back, (start, end), (np.maximum(departure, schengen_from), back))

    def __len__(self) -> int:
        return int(self.departure.size)


@dataclass(frozen=True, slots=True, eq=False)
class Marks:
    """A probe's judgement places for k candidates, as (k, m) arrays."""

    day: IntArray  # the date each mark is judged on (ordinal)
    count: IntArray  # the count there with the trip
    level: IntArray  # the level there with the trip
    base: IntArray  # the level there without it
    valid: BoolArray
    # Marks the trip makes worse at the same level (a citizenship year already deducted that
    # it adds days to); None: only a raised level makes a mark worse.
    grew: BoolArray | None = None

    def raised(self) -> BoolArray:
        """Marks the trip made worse: their level raised (or, with `grew`, their count)."""
        worse = self.level > self.base
        if self.grew is not None:
            worse = worse | self.grew
        return self.valid & worse

    def introduced(self) -> IntArray:
        """Per candidate, the worst level the trip introduced (0: none)."""
        worst: IntArray = np.where(self.raised(), self.level, 0).max(axis=1, initial=0)
        return worst


@dataclass(frozen=True, slots=True)
class Detail:
    """One trip's effect on one rule."""

    level: int
    first_warning: int | None
    first_breach: int | None
    peak: int | None


def first_of(days: IntArray) -> int | None:
    return None if days.size == 0 else int(days.min())


def peak_of(count: IntArray, raised: BoolArray, valid: BoolArray) -> int | None:
    """The highest count where the trip raised the level (so a breach the record already has
    does not inflate "over by"), else the highest count anywhere the trip reaches."""
    pool = raised if raised.any() else valid
    return int(count[pool].max()) if pool.any() else None


class Probe:
    """A rule judged on a few marks per candidate. Subclasses define `marks` and `already`."""

    rule_id: str
    limit: int
    lenient: int
    vectorised = True  # many candidates at once; False: one rule evaluation each
    schengen_only = False  # counts only days in other Schengen states
    # Relative cost per candidate: the earliest-departure search asks the cheap probes first,
    # so the costly ones only see the departures that are left.
    cost = 1

    def marks(self, cand: Candidates) -> Marks:  # pragma: no cover - abstract
        raise NotImplementedError

    def already(self) -> int | None:  # pragma: no cover - abstract
        """The first date (from tomorrow) the record breaks the rule without any new trip."""
        raise NotImplementedError

    def introduced(self, cand: Candidates) -> IntArray:
        """Per candidate, the worst level the trip introduces."""
        if len(cand) == 0:
            return np.zeros(0, dtype=np.int64)
        return self.marks(cand).introduced()

    def detail(self, cand: Candidates) -> Detail:
        """The first candidate's effect in full."""
        marks = self.marks(cand)
        raised = marks.raised()[0]
        days, level = marks.day[0], marks.level[0]
        valid = marks.valid[0]
        return Detail(
            level=int(marks.introduced()[0]),
            first_warning=first_of(days[raised]),
            first_breach=first_of(days[raised & (level >= 2)]),
            peak=peak_of(marks.count[0], raised, valid),
        )
