"""A calendar file (.ics) → trips: flights out of and back to Norway, paired.

What counts as a flight (the forms airlines, TripIt and Google write):
* a route of two airport codes in the title, place or description: "SK 4035 OSL–ARN",
  "DY1302 OSL-ARN", "OSL → ARN", "DL738 JFK to LAX", "Oslo (OSL) - Stockholm (ARN)";
* "Flight to Stockholm (SK 4035)" (Google's events from booking e-mails) or a flight number
  with a place naming the airport ("Oslo OSL"), the destination from the title's city.
Each code becomes a country and a time zone (`places.airport`; Svalbard Airport is "SJ").
The date that counts is the local date at the airport: the departure's at the airport left,
the arrival's at the airport reached; an all-day event keeps its own date.

A trip starts with a flight leaving mainland Norway and ends with the next flight arriving
there; flights abroad in between are part of it (the destination is the country where the
most time was spent between flights). Flights within Norway are left out; so are events that
are not flights, and the review says how many. A trip whose flight home is not in the file
is proposed as under way (if it has started), and a flight home with no flight out is left out
with a sentence, as its departure date is not known.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import NamedTuple

from app.services import countries
from app.services.errors import ImportRejected
from app.services.importing import places
from app.services.importing.calendar_events import Event, iter_text, read_events
from app.services.importing.country_names import match_country
from app.services.importing.table import NOT_IMPORTED, CsvTrip, shorten

_DASH = r"(?:-|–|—|→|->|>|/|\bto\b|\btil\b)"
_ROUTE = re.compile(rf"\b([A-Z]{{3}})\b\s*{_DASH}\s*\b([A-Z]{{3}})\b")
_PAREN_ROUTE = re.compile(rf"\(([A-Z]{{3}})\)[^()]{{0,60}}?{_DASH}[^()]{{0,60}}?\(([A-Z]{{3}})\)")
_CODE = re.compile(r"(?:^|[\s(,])([A-Z]{3})(?=$|[\s),])")
_FLIGHT_NUMBER = re.compile(r"\b((?:[A-Z]{2}|[A-Z][0-9]|[0-9][A-Z])) ?([0-9]{1,4})\b")
_FLIGHT_WORDS = re.compile(r"\b(flight|flug|vol|fly(?:reise|tur)?|flyg)\b", re.IGNORECASE)
# "Flight to Paris", "Fly til Berlin", "UA 837 to Paris" (the flight number case-sensitive).
_TO_PLACE = re.compile(
    r"(?:\b(?:flight|fly|flyreise|flug|vol|flyg)|\b(?-i:[A-Z][A-Z0-9] ?[0-9]{1,4}))\s+"
    r"(?:to|til|nach|till|pour|à)\s+([^()\[\],;:]+)",
    re.IGNORECASE,
)
_OSLO = (60.1939, 11.1004)  # Oslo Gardermoen: home, for names that several places share
_TRIP_TO = re.compile(
    r"^\s*(?:trip|travel|journey|holiday|vacation|reise|tur|ferie)\s+(?:to|til|i)\s+"
    r"([^()\[\],;:]+)",
    re.IGNORECASE,
)


class Leg(NamedTuple):
    """One flight: from where to where, leaving and arriving when (local dates)."""

    event: Event
    origin: str  # country code ("SJ" for Svalbard)
    destination: str
    leaves: date  # the local date at the airport left
    arrives: date  # the local date at the airport reached
    order: datetime  # the departure instant (UTC), for sorting
    flight: str  # "SK 4035", or "" if none was written


def _local(moment: date | datetime, zone_name: str) -> tuple[date, datetime]:
    """The local date at the airport, and the instant (UTC) to sort by."""
    if not isinstance(moment, datetime):
        return moment, datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    zone = places.zone(zone_name)
    if moment.tzinfo is None:
        # A floating time is a time on the local clock where it happens (a booking's own).
        moment = moment.replace(tzinfo=zone or UTC)
    local = moment.astimezone(zone) if zone is not None else moment
    return local.date(), moment.astimezone(UTC)


def _last_day(event: Event) -> date | datetime:
    end = event.end
    if not isinstance(end, datetime) and not isinstance(event.start, datetime):
        # An all-day event's end is exclusive: a one-day event ends the same day.
        return max(event.start, end - timedelta(days=1))
    return end


@cache
def _cities() -> dict[str, list[places.Airport]]:
    """City name (folded) → the airports of that name."""
    found: dict[str, list[places.Airport]] = {}
    for code in places.airport_codes():
        airport = places.airport(code)
        if airport is not None and airport.city:
            found.setdefault(airport.city.casefold(), []).append(airport)
    return found


def _distance(airport: places.Airport, near: tuple[float, float]) -> float:
    """Great-circle distance in radians (only compared, so no Earth radius)."""
    lat1, lng1 = math.radians(airport.latitude), math.radians(airport.longitude)
    lat2, lng2 = math.radians(near[0]), math.radians(near[1])
    cosine = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(
        lng1 - lng2
    )
    return math.acos(max(-1.0, min(1.0, cosine)))


def _place(text: str, near: tuple[float, float] = _OSLO) -> tuple[str, str] | None:
    """(country, time zone) from "Stockholm", "Sweden" or "Stockholm Arlanda (ARN)"; the
    zone is "" when only the country is known.

    A city name that several places share is the one a time zone is named after (Rome,
    Sydney, London), else the country with the most airports of that name, else the one
    nearest to `near` (the airport flown from, or Oslo).
    """
    text = text.strip().rstrip(".")
    for code in _CODE.findall(text):
        found = places.airport(code)
        if found is not None:
            return _country(found), found.zone
    words = text.split()
    for size in range(min(3, len(words)), 0, -1):
        city = " ".join(words[:size]).casefold()
        if city in places.zone_cities():
            return places.zone_cities()[city]
        airports = _cities().get(city)
        if airports:
            ranked = Counter(_country(airport) for airport in airports).most_common()
            best = [c for c, n in ranked if n == ranked[0][1]]
            nearest = min(
                (a for a in airports if _country(a) in best),
                key=lambda airport: _distance(airport, near),
            )
            zones = {a.zone for a in airports if _country(a) == _country(nearest)}
            return _country(nearest), nearest.zone if len(zones) == 1 else ""
    named = match_country(text)
    if named is not None:
        return named, "Europe/Oslo" if named == countries.HOME else ""
    return None


def _coordinates(text: str) -> tuple[float, float]:
    """Where the airport or city named in `text` is (Oslo if none is recognised)."""
    for code in _CODE.findall(text):
        found = places.airport(code)
        if found is not None:
            return found.latitude, found.longitude
    words = text.split()
    for size in range(min(3, len(words)), 0, -1):
        airports = _cities().get(" ".join(words[:size]).casefold())
        if airports:
            nearest = min(airports, key=lambda airport: _distance(airport, _OSLO))
            return nearest.latitude, nearest.longitude
    return _OSLO


def _country(airport: places.Airport) -> str:
    # airportsdata puts Longyearbyen in Norway; its zone (and the spec, §0.5) says Svalbard.
    return places.country_of_zone(airport.zone) or airport.country


def _route(event: Event) -> tuple[places.Airport, places.Airport] | None:
    for text in iter_text(event):
        for pattern in (_ROUTE, _PAREN_ROUTE):
            for first, second in pattern.findall(text):
                start, end = places.airport(first), places.airport(second)
                if start is not None and end is not None and first != second:
                    return start, end
    return None


def _flight_number(event: Event) -> str:
    for text in (event.summary, event.location):
        for airline, number in _FLIGHT_NUMBER.findall(text):
            if not airline.isdigit():
                return f"{airline} {number}"
    return ""


def to_leg(event: Event) -> Leg | None:
    """The flight an event is, or None if it is not one."""
    flight = _flight_number(event)
    route = _route(event)
    if route is not None:
        start, end = route
        origin, destination = _country(start), _country(end)
        start_zone, end_zone = start.zone, end.zone
    else:
        title = event.summary
        if not (flight or _FLIGHT_WORDS.search(title)):
            return None
        to_place = _TO_PLACE.search(title)
        target = _place(to_place.group(1), _coordinates(event.location)) if to_place else None
        if target is None:
            return None
        destination, end_zone = target
        # The place is usually the airport left ("Oslo OSL", "Oslo Gardermoen"); without one
        # the origin is unknown (""), and the pairing below decides from where the person is.
        left = _place(event.location) if event.location else None
        origin, start_zone = left if left is not None else ("", "")
        if not start_zone:
            start_zone = "Europe/Oslo" if origin in ("", countries.HOME) else ""
    if not end_zone and destination == countries.HOME:
        end_zone = "Europe/Oslo"
    leaves, order = _local(event.start, start_zone)
    arrives, _ = _local(_last_day(event), end_zone or start_zone)
    if arrives < leaves:
        arrives = leaves  # an end before the start is a typing slip; the flight day stands
    return Leg(event, origin, destination, leaves, arrives, order, flight)


def _trip_event(event: Event) -> tuple[date, date, str] | None:
    """An all-day "Trip to Spain" event: its first and last day and its country."""
    if isinstance(event.start, datetime):
        return None
    match = _TRIP_TO.match(event.summary)
    if match is None:
        return None
    target = _place(match.group(1))
    if target is None or target[0] == countries.HOME:
        return None
    country = target[0]
    last = _last_day(event)
    assert not isinstance(last, datetime)
    return event.start, last, country


def _describe(event: Event, day: date | None = None) -> str:
    if day is None:
        day = event.start.date() if isinstance(event.start, datetime) else event.start
    return f"event {shorten(event.summary or 'without a title', 60)!r} ({day.isoformat()})"


class CalendarRead(NamedTuple):
    """What a calendar proposes: trip rows, and sentences about what was left out."""

    rows: list[CsvTrip]
    notes: tuple[str, ...]


def read(path: Path, *, today: date) -> CalendarRead:
    """The trips in the calendar file at `path`.

    Raises:
        ImportRejected: the file is not a calendar that can be read.
    """
    data = path.read_bytes()
    try:
        events, unusable = read_events(data, horizon=today + timedelta(days=2 * 366))
    except Exception as err:  # noqa: BLE001 - icalendar raises several kinds on bad files
        raise ImportRejected(
            [],
            NOT_IMPORTED + f"Borte expected a calendar (.ics), but {path.name} could not be "
            f"read as one ({shorten(str(err), 80)}); export the calendar again and try again.",
        ) from err
    return pair(events, unusable=unusable, today=today)


def pair(events: list[Event], *, unusable: int = 0, today: date) -> CalendarRead:
    """Flights paired into trips, plus all-day trip events, with what was left out."""
    legs: list[Leg] = []
    rows: list[CsvTrip] = []
    notes: list[str] = []
    other = 0
    seen: set[tuple[str, str, date, str]] = set()
    for event in events:
        leg = to_leg(event)
        if leg is None:
            span = _trip_event(event)
            if span is None:
                other += 1
                continue
            first, last, country = span
            rows.append(CsvTrip(event.number, first, last, country, None, "", _describe(event)))
            continue
        key = (leg.origin, leg.destination, leg.leaves, leg.flight)
        if key in seen:
            continue  # the same flight twice (two calendars, or a booking imported again)
        seen.add(key)
        legs.append(leg)
    legs.sort(key=lambda leg: leg.order)
    rows += _trips(legs, notes, today)
    domestic = notes.count(_DOMESTIC)
    elsewhere = notes.count(_ELSEWHERE)
    notes[:] = [note for note in notes if note not in (_DOMESTIC, _ELSEWHERE)]
    rows.sort(key=lambda row: (row.departure, row.line))
    if other:
        notes.append(
            f"{other:,} events were not travel and were left out."
            if other != 1
            else "1 event was not travel and was left out."
        )
    if domestic:
        notes.append(
            f"{domestic:,} flights within Norway were left out."
            if domestic != 1
            else "1 flight within Norway was left out."
        )
    if elsewhere:
        notes.append(
            f"{elsewhere:,} flights between other countries, not part of a trip from Norway, "
            "were left out."
            if elsewhere != 1
            else "1 flight between other countries, not part of a trip from Norway, was left out."
        )
    if unusable:
        notes.append(
            f"{unusable:,} events have no start date Borte can read and were left out."
            if unusable != 1
            else "1 event has no start date Borte can read and was left out."
        )
    return CalendarRead(rows, tuple(notes))


# Markers _trips leaves in `notes`, counted into sentences by `pair`.
_DOMESTIC = "domestic"  # a flight within Norway
_ELSEWHERE = "elsewhere"  # a flight between other countries, with no trip from Norway open


def _trips(legs: list[Leg], notes: list[str], today: date) -> list[CsvTrip]:
    rows: list[CsvTrip] = []
    current: list[Leg] = []

    def close(back: Leg | None) -> None:
        out = current[0]
        journey = [*current, back] if back is not None else list(current)
        evidence = "events " if len(journey) > 1 else ""
        evidence += ", ".join(
            _describe(leg.event, leg.leaves).removeprefix("event ") for leg in journey
        )
        flights = [leg.flight for leg in journey if leg.flight]
        note = (
            ("Flights " if len(flights) > 1 else "Flight ") + ", ".join(flights) if flights else ""
        )
        if back is None and out.leaves > today:
            notes.append(
                f"The flight on {out.leaves.isoformat()} leaves Norway but no flight back is in "
                "the calendar; that planned trip was left out (add it with its return date)."
            )
            return
        if back is None:
            notes.append(
                f"The flight on {out.leaves.isoformat()} leaves Norway and no flight back "
                "follows in the calendar; it is proposed as under way: give it its return date."
            )
        rows.append(
            CsvTrip(
                out.event.number,
                out.leaves,
                back.arrives if back is not None else None,
                _main_country(current),
                None,
                note,
                evidence,
            )
        )

    for leg in legs:
        home = countries.HOME
        if leg.destination == home and (leg.origin == home or (not leg.origin and not current)):
            notes.append(_DOMESTIC)  # within Norway (or from an unknown place while home)
            continue
        # An unknown origin is Norway while the person is at home, abroad while on a trip.
        leaving = leg.origin == home or (not leg.origin and not current)
        arriving = leg.destination == home
        if leaving:
            if current:
                notes.append(
                    f"The flight on {current[0].leaves.isoformat()} leaves Norway, but the next "
                    f"flight out ({leg.leaves.isoformat()}) comes before any flight back; the "
                    "first trip was left out (add it by hand with its return date)."
                )
            current = [leg]
        elif arriving:
            if current:
                close(leg)
                current = []
            else:
                notes.append(
                    f"The flight back to Norway on {leg.arrives.isoformat()} has no flight out "
                    "before it in the calendar; it was left out (add that trip by hand)."
                )
        elif current:
            current.append(leg)
        else:
            notes.append(_ELSEWHERE)
    if current:
        close(None)
    return rows


def _main_country(legs: list[Leg]) -> str | None:
    """Where the most time was spent between flights (the first arrival if all are short)."""
    stays: Counter[str] = Counter()
    for leg, after in zip(legs, [*legs[1:], None], strict=True):
        if leg.destination == countries.HOME:
            continue
        end = after.leaves if after is not None else leg.arrives + timedelta(days=1)
        stays[leg.destination] += max((end - leg.arrives).days, 0) + 1
    if not stays:
        return None
    best = max(stays.values())
    code = next(leg.destination for leg in legs if stays.get(leg.destination) == best)
    return code if countries.is_known(code) else None
