"""What every rule reads: the person's record turned into day masks over one date range."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from app.services.countries import schengen_since
from app.services.days import (
    MAX_ORD,
    BoolArray,
    DayMask,
    IntArray,
    MonthSplit,
    TripArrays,
    abroad_mask,
    add_years,
)
from app.services.profile import Convention, Profile, TripSpan
from app.services.ruledata import RuleData

# How far past the last recorded date the masks reach, so goal dates (citizenship: 8 years after
# the start, PR after the last trip leaves the 5-year window) can be found.
HORIZON_YEARS = 12

_G = TypeVar("_G", bound=np.generic)


@dataclass(frozen=True, slots=True, eq=False)
class Context:
    """One evaluation's inputs.

    `as_of` is the evaluation date: a trip under way ends there. `end` is the date the figures
    are reported on: `as_of` itself, or the last planned day in a projection. Peaks and first
    breaches are searched from `since` (None: the whole history) through `end`.
    """

    profile: Profile
    as_of: date
    end: date
    since: date | None
    convention: Convention
    data: RuleData
    first: int
    last: int
    abroad: DayMask
    schengen: DayMask
    employer: DayMask
    projected: bool
    # The trips the masks were painted from, in the profile's order, with their tags: per-trip
    # figures (an explanation's shares) read them instead of converting the dates again.
    prepared: PreparedTrips
    # Months from a permanent-residence application to the expected decision (a setting).
    pr_waiting_months: int = 24
    # Only the figures on `end` are wanted (the other convention's headline): rules may skip
    # goal searches.
    headline_only: bool = False
    cache: dict[tuple[int, int, int], IntArray] = field(default_factory=dict)
    # What a rule worked out on this very context, for a second reader of the same context
    # (the planner's probe after the rule's own evaluation). Not passed on by `replace`: a
    # context with other masks starts empty.
    memo: dict[str, object] = field(default_factory=dict, init=False, repr=False)

    def years_back(self, days: IntArray, years: int) -> IntArray:
        """`shift_years(days, -years)`, remembered: several rules ask for the same shift."""
        key = (int(days[0]) if days.size else 0, days.size, years)
        cached = self.cache.get(key)
        if cached is None:
            splits = self.prepared.splits
            split = splits.get(key[:2])
            if split is None:
                split = splits[key[:2]] = MonthSplit.of(days)
            cached = self.cache[key] = split.shift(-12 * years)
        return cached

    def days(self, lo: int, hi: int) -> IntArray:
        """Ordinals lo..hi inclusive as an array."""
        return np.arange(lo, hi + 1, dtype=np.int64)

    def search_from(self, lo: int) -> int:
        """Start of the peak/breach search: `lo`, or `since` in a projection."""
        return lo if self.since is None else max(lo, self.since.toordinal())


def _relevant_dates(profile: Profile, as_of: date, trips: TripArrays) -> list[date]:
    """Every date the record mentions, to size the masks (trips through their arrays)."""
    found = [as_of]
    if trips.departure.size:
        found.append(date.fromordinal(int(trips.departure.min())))
        found.append(date.fromordinal(int(max(trips.back.max(), trips.departure.max()))))
    for permit in profile.permits:
        found.append(permit.valid_from)
        if permit.valid_to is not None:
            found.append(permit.valid_to)
        if permit.applied_on is not None:
            found.append(permit.applied_on)
    key = profile.key_dates
    for value in (key.arrived_on, key.reported_to_police_on, key.pr_applied_on):
        if value is not None:
            found.append(value)
    return found


NEVER = MAX_ORD + 1


@functools.lru_cache(maxsize=1024)
def schengen_from(destination: str | None) -> int:
    """The day `destination` joined Schengen as an ordinal (NEVER: not a Schengen state); days
    abroad there count as Schengen days from then on (rules.md §6)."""
    # Remembered per destination: a record has few, and 100,000 trips ask each many times.
    since = schengen_since(destination) if destination else None
    return NEVER if since is None else since.toordinal()


@dataclass(frozen=True, slots=True, eq=False)
class PreparedTrips:
    """What every context of one evaluation shares: the trips as arrays and their tags."""

    arrays: TripArrays
    schengen: BoolArray
    schengen_from: IntArray  # per trip: first ordinal that is a Schengen day (NEVER if none)
    employer: BoolArray
    unknown_destination: int  # trips with no destination recorded (not counted for Schengen)
    # Year shifts of day ranges, shared by the contexts of one evaluation (see `years_back`).
    shifts: dict[tuple[int, int, int], IntArray] = field(default_factory=dict)
    # The same day ranges split into months, from which each of those shifts is made.
    splits: dict[tuple[int, int], MonthSplit] = field(default_factory=dict)

    @classmethod
    def of(cls, profile: Profile) -> PreparedTrips:
        """Prepare a profile's trips."""
        trips = profile.trips
        # Days count as Schengen days from the day the destination joined (rules.md §6).
        joined = np.asarray([schengen_from(t.destination) for t in trips], dtype=np.int64)
        return cls(
            arrays=TripArrays.of(trips),
            schengen=joined < NEVER,
            schengen_from=joined.reshape(-1),
            employer=np.fromiter(
                (t.purpose == "employer_assignment" for t in trips), np.bool_, len(trips)
            ),
            unknown_destination=_no_destination(trips),
        )


def _no_destination(trips: Sequence[TripSpan]) -> int:
    """How many trips have no destination recorded."""
    return sum(1 for t in trips if not t.destination)


def with_trip(prepared: PreparedTrips, trip: TripSpan) -> PreparedTrips:
    """`prepared` with one more trip at the end, as `PreparedTrips.of` would make it for the
    longer record (the other trips' tags are not worked out again); shares the year shifts."""
    one = PreparedTrips.of(Profile(trips=(trip,)))
    arrays = prepared.arrays
    return PreparedTrips(
        arrays=TripArrays(
            np.concatenate((arrays.departure, one.arrays.departure)),
            np.concatenate((arrays.back, one.arrays.back)),
        ),
        schengen=np.concatenate((prepared.schengen, one.schengen)),
        schengen_from=np.concatenate((prepared.schengen_from, one.schengen_from)),
        employer=np.concatenate((prepared.employer, one.employer)),
        unknown_destination=prepared.unknown_destination + one.unknown_destination,
        shifts=prepared.shifts,
        splits=prepared.splits,
    )


def prepared_after_edit(before: Profile, prepared: PreparedTrips, after: Profile) -> PreparedTrips:
    """`PreparedTrips.of(after)`, reusing `prepared` (made for `before`) for the trips the two
    records share at their start and at their end (the very same objects): after an edit of a
    trip, only the trips between its old and its new place are prepared again (100,000 trips
    take 0.1 s to prepare). The year shifts are not carried over."""
    old, new = before.trips, after.trips
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] is new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] is new[-1 - tail]:
        tail += 1
    if head == len(old) == len(new):
        return replace(prepared, shifts={}, splits={})
    middle = PreparedTrips.of(Profile(trips=new[head : len(new) - tail]))
    stop = len(old) - tail

    def spliced(kept: npt.NDArray[_G], made: npt.NDArray[_G]) -> npt.NDArray[_G]:
        return np.concatenate((kept[:head], made, kept[stop:]))

    missing = prepared.unknown_destination - _no_destination(old[head:stop])
    return PreparedTrips(
        arrays=TripArrays(
            spliced(prepared.arrays.departure, middle.arrays.departure),
            spliced(prepared.arrays.back, middle.arrays.back),
        ),
        schengen=spliced(prepared.schengen, middle.schengen),
        schengen_from=spliced(prepared.schengen_from, middle.schengen_from),
        employer=spliced(prepared.employer, middle.employer),
        unknown_destination=missing + middle.unknown_destination,
    )


def build_context(
    profile: Profile,
    as_of: date,
    convention: Convention,
    data: RuleData,
    *,
    projected: bool = False,
    headline_only: bool = False,
    prepared: PreparedTrips | None = None,
    pr_waiting_months: int = 24,
) -> Context:
    """Masks for one person over a range wide enough for every rule's windows and goals."""
    prepared = prepared or PreparedTrips.of(profile)
    trips = prepared.arrays
    relevant = _relevant_dates(profile, as_of, trips)
    first = min(relevant).toordinal() - 1
    latest = max(relevant)
    if latest.year > date.max.year - HORIZON_YEARS:
        last = MAX_ORD
    else:
        last = add_years(latest, HORIZON_YEARS).toordinal()
    end = as_of
    if projected and trips.back.size:
        end = max(as_of, date.fromordinal(max(int(trips.back.max()), 1)))
    return Context(
        profile=profile,
        as_of=as_of,
        end=end,
        since=None,
        convention=convention,
        data=data,
        first=first,
        last=last,
        abroad=abroad_mask(trips, convention, as_of, first, last, include_after=projected),
        # Schengen days are always counted inclusive (rules.md §6).
        schengen=abroad_mask(
            trips,
            "inclusive",
            as_of,
            first,
            last,
            include_after=projected,
            select=prepared.schengen,
            not_before=prepared.schengen_from,
        ),
        employer=abroad_mask(
            trips,
            convention,
            as_of,
            first,
            last,
            include_after=projected,
            select=prepared.employer,
        ),
        projected=projected,
        prepared=prepared,
        pr_waiting_months=pr_waiting_months,
        headline_only=headline_only,
        cache=prepared.shifts,
    )
