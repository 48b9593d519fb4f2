"""Trips as date intervals, grouped by the engine's own Schengen classification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from app.services.countries import country_name, is_known
from app.services.days import BoolArray, IntArray
from app.services.profile import TripSpan
from app.services.series.source import (
    NO_TRIPS,
    ChartSource,
    DateRange,
)
from app.services.wording import N_, _

GROUPS = (N_("Schengen"), N_("Outside Schengen"), N_("No destination"))  # shown as _(GROUPS[i])


@dataclass(frozen=True, slots=True, eq=False)
class TimelineChart:
    """Trips as date intervals, grouped by Schengen / outside / unknown."""

    title: str
    as_of: date
    span: DateRange
    departure: IntArray  # ordinals
    back: IntArray  # ordinals, inclusive (as_of for a trip under way)
    group: IntArray  # index into GROUPS
    planned: BoolArray  # returns after as_of
    under_way: BoolArray
    codes: tuple[str, ...]  # destination code ("" when none)
    names: tuple[str, ...]  # destination name ("" when none)
    message: str | None = None


def _destination_name(trip: TripSpan) -> str:
    code = (trip.destination or "").strip().upper()
    return country_name(code) if code and is_known(code) else code


def trip_timeline(source: ChartSource, span: DateRange) -> TimelineChart:
    """Trips that overlap `span`, coloured by the engine's own Schengen classification."""
    title = _("Trips")
    arrays = source.prepared.arrays
    if not source.has_trips:
        empty = np.zeros(0, dtype=np.int64)
        return TimelineChart(
            title,
            source.as_of,
            span,
            empty,
            empty,
            empty,
            empty.astype(bool),
            empty.astype(bool),
            (),
            (),
            _(NO_TRIPS),
        )
    as_of = source.as_of.toordinal()
    under_way = arrays.back < 0
    back = np.where(under_way, np.maximum(as_of, arrays.departure), arrays.back)
    keep = (arrays.departure <= span.end.toordinal()) & (back >= span.start.toordinal())
    trips = source.profile.trips
    has_destination = np.fromiter((bool(t.destination) for t in trips), np.bool_, len(trips))
    group = np.where(source.prepared.schengen, 0, np.where(has_destination, 1, 2))
    index = np.flatnonzero(keep)
    return TimelineChart(
        title=title,
        as_of=source.as_of,
        span=span,
        departure=arrays.departure[index],
        back=back[index],
        group=group[index].astype(np.int64),
        planned=(arrays.back[index] > as_of),
        under_way=under_way[index],
        codes=tuple((trips[i].destination or "").strip().upper() for i in index),
        names=tuple(_destination_name(trips[i]) for i in index),
        message=None if index.size else _("No trips in this range."),
    )
