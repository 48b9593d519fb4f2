"""Calendar events that are flights: from where to where, leaving and arriving when.

The forms airlines, TripIt and Google write:
* a route of two airport codes in the title, place or description: "SK 4035 OSL–ARN",
  "DY1302 OSL-ARN", "OSL → ARN", "DL738 JFK to LAX", "Oslo (OSL) - Stockholm (ARN)";
* a route of two city names with a flight number or the word flight: "Norwegian DY1302
  Oslo - Stockholm", "Flight: Oslo to Paris";
* "Flight to Stockholm (SK 4035)" (Google's events from booking e-mails) or "UA 837 to Paris",
  the place naming the airport left ("Oslo OSL", "Oslo Gardermoen") or nothing (then the origin
  is unknown, "", and the pairing decides it from where the person is).
Each code becomes a country and a time zone (`places.airport`; Svalbard Airport is "SJ"), a
city name the same through the airports of that name. The date that counts is the local date
at the airport: the departure's at the airport left, the arrival's at the airport reached; an
all-day event keeps its own date.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import NamedTuple

from app.services import countries
from app.services.importing import places
from app.services.importing.calendar_events import Event, iter_text
from app.services.importing.country_names import match_country

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
# "Oslo - Stockholm", "Oslo – Stockholm", "Oslo → Paris", "Oslo to Paris", "Oslo til Bergen".
_CITY_ROUTE = re.compile(
    r"([^\W\d_][\w.'’ ]*?)\s*(?:–|—|→|->| - | to | til )\s*([^\W\d_][\w.'’ ]*)"
)
_WORDS = re.compile(r"[\W_]+")  # what is left of a title that is only a route: nothing
_OSLO = (60.1939, 11.1004)  # Oslo Gardermoen: home, for names that several places share


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


def last_day(event: Event) -> date | datetime:
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


def place(text: str, near: tuple[float, float] = _OSLO) -> tuple[str, str] | None:
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
            return country(found), found.zone
    words = text.split()
    for size in range(min(3, len(words)), 0, -1):
        city = " ".join(words[:size]).casefold()
        if city in places.zone_cities():
            return places.zone_cities()[city]
        airports = _cities().get(city)
        if airports:
            ranked = Counter(country(airport) for airport in airports).most_common()
            best = [c for c, n in ranked if n == ranked[0][1]]
            nearest = min(
                (a for a in airports if country(a) in best),
                key=lambda airport: _distance(airport, near),
            )
            zones = {a.zone for a in airports if country(a) == country(nearest)}
            return country(nearest), nearest.zone if len(zones) == 1 else ""
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


def country(airport: places.Airport) -> str:
    # airportsdata puts Longyearbyen in Norway; its zone (and the spec, §0.5) says Svalbard.
    return places.country_of_zone(airport.zone) or airport.country


def _route(event: Event, flight: str) -> tuple[places.Airport, places.Airport] | None:
    """Two airport codes written as a route, in an event that is about a flight.

    Three capital letters are often something else ("USA - CAN" is ice hockey, though both
    are airport codes), so a bare route counts only with a flight number, a word for flight,
    or as the whole title ("OSL → ARN", "✈ OSL-ARN"); codes in brackets ("Oslo (OSL) -
    Stockholm (ARN)") are airports as written.
    """
    about_flight = bool(flight) or any(_FLIGHT_WORDS.search(text) for text in iter_text(event))
    for text in iter_text(event):
        for pattern in (_ROUTE, _PAREN_ROUTE):
            for match in pattern.finditer(text):
                first, second = match.groups()
                start, end = places.airport(first), places.airport(second)
                if start is None or end is None or first == second:
                    continue
                whole = text is event.summary and not _WORDS.sub("", text.replace(match[0], ""))
                if about_flight or whole or pattern is _PAREN_ROUTE:
                    return start, end
    return None


def _flight_number(event: Event) -> str:
    for text in (event.summary, event.location):
        for airline, number in _FLIGHT_NUMBER.findall(text):
            if not airline.isdigit():
                return f"{airline} {number}"
    return ""


def _city_route(title: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """Both ends of "DY1302 Oslo - Stockholm" or "Flight: Oslo to Paris", or None."""
    match = _CITY_ROUTE.search(title)
    if match is None:
        return None
    words = match.group(1).split()
    start = next(
        (p for size in (3, 2, 1) if (p := place(" ".join(words[-size:]))) is not None), None
    )
    if start is None:
        return None
    end = place(match.group(2), _OSLO)
    return None if end is None else (start, end)


def to_leg(event: Event) -> Leg | None:
    """The flight an event is, or None if it is not one."""
    flight = _flight_number(event)
    route = _route(event, flight)
    if route is not None:
        start, end = route
        origin, destination = country(start), country(end)
        start_zone, end_zone = start.zone, end.zone
    else:
        title = event.summary
        if not (flight or _FLIGHT_WORDS.search(title)):
            return None
        to_place = _TO_PLACE.search(title)
        cities = _city_route(title) if to_place is None else None
        if cities is not None:
            (origin, start_zone), (destination, end_zone) = cities
        else:
            target = place(to_place.group(1), _coordinates(event.location)) if to_place else None
            if target is None:
                return None
            destination, end_zone = target
            # The place is usually the airport left ("Oslo OSL", "Oslo Gardermoen"); without
            # one the origin is unknown (""), and the pairing decides from where the person is.
            left = place(event.location) if event.location else None
            origin, start_zone = left if left is not None else ("", "")
        if not start_zone:
            start_zone = "Europe/Oslo" if origin in ("", countries.HOME) else ""
    if not end_zone and destination == countries.HOME:
        end_zone = "Europe/Oslo"
    leaves, order = _local(event.start, start_zone)
    arrives, _ = _local(last_day(event), end_zone or start_zone)
    if arrives < leaves:
        arrives = leaves  # an end before the start is a typing slip; the flight day stands
    return Leg(event, origin, destination, leaves, arrives, order, flight)
