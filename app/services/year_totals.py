"""Days abroad per calendar year, for the trip table's "Totals per year".

A pure calculator over plain trips: overlapping trips count a date once (as everywhere in
Borte), a trip over New Year is split between the years, and a trip under way counts through
`as_of`. Days after `as_of` (planned trips) are reported apart, never mixed into the totals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.services.days import abroad_mask
from app.services.profile import TripSpan


@dataclass(frozen=True, slots=True)
class YearAbroad:
    """Days abroad in one calendar year."""

    year: int
    inclusive: int  # on or before as_of, departure and return days counted
    whole_days: int  # on or before as_of, whole days only
    planned: int  # after as_of, departure and return days counted


def days_per_year(trips: Sequence[TripSpan], as_of: date) -> list[YearAbroad]:
    """One row per calendar year from the first trip's to the last trip's, oldest first."""
    if not trips:
        return []
    first_year = min(trip.departure.year for trip in trips)
    last_year = max(
        max((trip.return_date or as_of).year for trip in trips),
        min(as_of.year, max(trip.departure.year for trip in trips)),
    )
    first = date(first_year, 1, 1).toordinal()
    last = date(last_year, 12, 31).toordinal()
    inclusive = abroad_mask(trips, "inclusive", as_of, first, last)
    whole = abroad_mask(trips, "whole_days", as_of, first, last)
    with_planned = abroad_mask(trips, "inclusive", as_of, first, last, include_after=True)
    rows = []
    for year in range(first_year, last_year + 1):
        start, end = date(year, 1, 1), date(year, 12, 31)
        past = inclusive.count(start, end)
        rows.append(
            YearAbroad(
                year=year,
                inclusive=past,
                whole_days=whole.count(start, end),
                planned=with_planned.count(start, end) - past,
            )
        )
    return rows
