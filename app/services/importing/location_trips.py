"""Google location history → trips: where the person was, day by day, outside Norway.

How a day is decided (what the review's evidence shows):
1. Each sighting gets a country from its coordinates (`places.country_at`, offline). Open sea
   gives none and is passed over; Svalbard is "SJ", abroad (rules.md §0.5).
2. A raw point whose accuracy is worse than `MAX_ACCURACY_M` is passed over, and so is one whose
   accuracy circle reaches into another country (checked at the circle's four compass points):
   near the border such a fix says nothing about which side the person was on.
3. Consecutive sightings on the same side (Norway / abroad) form a stretch. A stretch counts only
   if it holds a place visit, or at least two sightings `MIN_STRETCH_S` apart: one stray point
   never flips a day, on either side of the border. Stretches that do not count are dropped and
   their neighbours joined.
4. A trip runs from the local date of the last sighting in Norway before a stretch abroad to the
   local date of the first sighting back in Norway after it. Both travel days are part of the
   trip (the spec's inclusive count; the engine applies the other conventions), a trip across
   midnight covers both dates, and a gap in the data is counted as abroad (the conservative
   side): the evidence names the gap so the dates can be corrected in review. A stretch abroad
   at the end of the file is a trip still under way (return unknown); one at the start departs
   on the first date the file covers.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import NamedTuple

from app.services import countries
from app.services.importing import places
from app.services.importing.location_read import Sighting
from app.services.importing.table import CsvTrip
from app.services.wording import _, ngettext

MAX_ACCURACY_M = 5000.0
MIN_STRETCH_S = 600.0
_METRES_PER_DEGREE = 111_320.0
_LABELS = 3


class _Seen(NamedTuple):
    sighting: Sighting
    zone: str


class Stretch:
    """Consecutive sightings on one side of the border (mutable while the file streams)."""

    __slots__ = ("home", "first", "last", "points", "visits", "places", "labels")

    def __init__(self, home: bool, seen: _Seen, country: str) -> None:
        self.home = home
        self.first = seen
        self.last = seen
        self.points = 0
        self.visits = 0
        self.places: Counter[str] = Counter()
        self.labels: list[str] = []
        self.add(seen, country)

    def add(self, seen: _Seen, country: str) -> None:
        if seen.sighting.time >= self.last.sighting.time:
            self.last = seen
        if seen.sighting.kind == "visit":
            self.visits += 1
            self.places[country] += 5  # a place stayed at weighs more than a point passed
        else:
            self.points += 1
            self.places[country] += 1
        label = seen.sighting.label
        if label and len(self.labels) < _LABELS and label not in self.labels:
            self.labels.append(label)

    def counts(self) -> bool:
        """Whether this stretch is evidence enough to change side (rule 3)."""
        span = self.last.sighting.time - self.first.sighting.time
        return self.visits > 0 or (self.points >= 2 and span >= MIN_STRETCH_S)

    def join(self, other: Stretch) -> None:
        self.last = other.last
        self.points += other.points
        self.visits += other.visits
        self.places.update(other.places)
        for label in other.labels:
            if len(self.labels) < _LABELS and label not in self.labels:
                self.labels.append(label)


class Tally(NamedTuple):
    """What was passed over, for the review's sentences."""

    sightings: int
    at_sea: int
    inaccurate: int
    near_border: int
    stray: int  # sightings in stretches that did not count (rule 3)
    later: int = 0  # after today: a damaged timestamp (a trip cannot be under way from then)


def _straddles(sighting: Sighting, zone: str, get_tz: Callable[[float, float], str]) -> bool:
    """Whether the sighting's accuracy circle reaches a zone of another country (rule 2)."""
    metres = sighting.accuracy
    if metres <= 0:
        return False
    lat, lng = sighting.latitude, sighting.longitude
    d_lat = metres / _METRES_PER_DEGREE
    d_lng = metres / (_METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    north, south = min(lat + d_lat, 90.0), max(lat - d_lat, -90.0)
    east, west = min(lng + d_lng, 180.0), max(lng - d_lng, -180.0)
    for a, b in ((north, lng), (south, lng), (lat, east), (lat, west)):
        other = get_tz(b, a)
        # The same zone is the same country; another zone may still be (Europe/Oslo has no
        # neighbour in Norway, but a country can have several zones).
        if other != zone:
            first, second = places.country_of_zone(zone), places.country_of_zone(other)
            if second is not None and second != first:
                return True
    return False


def stretches(
    sightings: Iterable[Sighting], *, until: float = math.inf
) -> tuple[list[Stretch], Tally]:
    """The stretches that count, in time order, and what was passed over (rules 1–3).

    Sightings after `until` (the end of today, as seconds since 1970) are passed over.
    """
    found: list[Stretch] = []
    current: Stretch | None = None
    total = at_sea = inaccurate = near_border = later = 0
    get_tz = places.zone_finder()
    country_of_zone = places.country_of_zone
    home_country = countries.HOME
    for sighting in sightings:
        total += 1
        if sighting.time > until:
            later += 1
            continue
        if sighting.accuracy > MAX_ACCURACY_M:
            inaccurate += 1
            continue
        zone = get_tz(sighting.longitude, sighting.latitude)
        country = country_of_zone(zone)
        if country is None:
            at_sea += 1
            continue
        if sighting.kind == "point" and _straddles(sighting, zone, get_tz):
            near_border += 1
            continue
        home = country == home_country
        seen = _Seen(sighting, zone)
        if current is not None and current.home == home:
            current.add(seen, country)
            continue
        current = Stretch(home, seen, country)
        found.append(current)
    kept: list[Stretch] = []
    stray = 0
    for stretch in found:
        if not stretch.counts():
            stray += stretch.points + stretch.visits
            continue
        if kept and kept[-1].home == stretch.home:
            kept[-1].join(stretch)
        else:
            kept.append(stretch)
    return kept, Tally(total, at_sea, inaccurate, near_border, stray, later)


def _local(seen: _Seen) -> datetime:
    zone = places.zone(seen.zone) or places.zone("Europe/Oslo")
    return datetime.fromtimestamp(seen.sighting.time, zone)


def _at(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def to_trips(kept: list[Stretch]) -> tuple[list[CsvTrip], list[str]]:
    """Trips from the stretches (rule 4), and sentences about their ends."""
    rows: list[CsvTrip] = []
    notes: list[str] = []
    for index, stretch in enumerate(kept):
        if stretch.home:
            continue
        before = kept[index - 1] if index > 0 else None
        after = kept[index + 1] if index + 1 < len(kept) else None
        first, last = _local(stretch.first), _local(stretch.last)
        left = _local(before.last) if before is not None else first
        back = _local(after.first) if after is not None else None
        destination = _destination(stretch)
        where = ", ".join(
            f"{countries.country_name(code)} ({code})" for code in stretch.places if code
        )
        parts = [
            _("last seen in Norway {time}").format(time=_at(left))
            if before is not None
            else _("abroad from the start of the history (the trip may have begun earlier)"),
            _("abroad {start} to {end}: {sightings} in {countries}").format(
                start=_at(first), end=_at(last), sightings=_sightings(stretch), countries=where
            ),
        ]
        if before is not None and left.date() != first.date():
            parts.append(
                _("no sightings in between: the trip starts on the last day seen in Norway")
            )
        if stretch.labels:
            parts.append(_("places: {names}").format(names=", ".join(stretch.labels)))
        if back is not None:
            parts.append(_("back in Norway {time}").format(time=_at(back)))
        else:
            parts.append(_("return unknown (the history ends abroad)"))
            notes.append(
                _(
                    "The location history ends abroad (last seen {time}); that trip is proposed "
                    "as under way: give it its return date."
                ).format(time=_at(last))
            )
        rows.append(
            CsvTrip(
                index + 1,
                left.date(),
                back.date() if back is not None else None,
                destination,
                None,
                "",
                "; ".join(parts),
            )
        )
    if kept:
        # Which days the trips were looked for in: outside them the history says nothing.
        start, end = _local(kept[0].first).date(), _local(kept[-1].last).date()
        notes.insert(
            0,
            _("The location history covers {start} to {end}.").format(
                start=start.isoformat(), end=end.isoformat()
            ),
        )
    return rows, notes


def _sightings(stretch: Stretch) -> str:
    points = ngettext("{count} point", "{count} points", stretch.points).format(
        count=f"{stretch.points:,}"
    )
    visits = ngettext("{count} visit", "{count} visits", stretch.visits).format(
        count=f"{stretch.visits:,}"
    )
    if not stretch.visits:
        return points
    if not stretch.points:
        return visits
    return _("{points} and {visits}").format(points=points, visits=visits)


def _destination(stretch: Stretch) -> str | None:
    for code, _weight in stretch.places.most_common():
        if code != countries.HOME and countries.is_known(code):
            return code
    return None


def tally_notes(tally: Tally) -> list[str]:
    """Sentences for what the day count passed over."""
    notes = [
        ngettext(one, many, count).format(count=f"{count:,}", km=f"{MAX_ACCURACY_M / 1000:g}")
        for count, one, many in (
            (
                tally.near_border,
                _(
                    "{count} point was too close to a border for its accuracy to tell the "
                    "side, and was not used."
                ),
                _(
                    "{count} points were too close to a border for their accuracy to tell the "
                    "side, and were not used."
                ),
            ),
            (
                tally.stray,
                _(
                    "{count} stray sighting (alone on the other side of a border) was not "
                    "taken as a change of country."
                ),
                _(
                    "{count} stray sightings (each alone on the other side of a border) were "
                    "not taken as a change of country."
                ),
            ),
            (
                tally.inaccurate,
                _("{count} point was less accurate than {km} km and was not used."),
                _("{count} points were less accurate than {km} km and were not used."),
            ),
            (
                tally.later,
                _("{count} sighting is dated after today (a damaged time) and was not used."),
                _("{count} sightings are dated after today (damaged times) and were not used."),
            ),
        )
        if count
    ]
    if tally.sightings == 0:
        notes.append(_("The location history holds no sightings Borte could read."))
    return notes
