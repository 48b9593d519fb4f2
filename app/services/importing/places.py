"""Where a point or an airport is: a country code and a time zone, offline.

* A point (latitude, longitude) → its IANA time zone from `tzfpy` (the timezone-boundary-builder
  polygons, which follow OpenStreetMap's country borders and include territorial waters) → its
  country from the time zone database's own `zone.tab` (shipped by the `tzdata` package).
  Svalbard and Jan Mayen have their own zone, Arctic/Longyearbyen → "SJ", abroad per the spec.
  Open sea gives an "Etc/GMT…" zone and no country.
  Chosen over `reverse-geocode` (nearest town: puts Riksgränsen, Storlien and Bjørnøya in the
  wrong country; pulls in SciPy, 110 MB) and `timezonefinder` (the same polygons, 33 MB of data
  and three times slower): `tzfpy` is 5 MB and answers in about 0.3 µs.
* An airport's IATA code → country and time zone from `airportsdata`.

Both packages load on first use only: a spreadsheet import never pays for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import tzinfo
from functools import cache
from importlib import resources
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Airport(NamedTuple):
    """An airport: its code, name, country (ISO 3166-1 alpha-2) and time zone."""

    code: str
    name: str
    city: str
    country: str
    zone: str
    latitude: float
    longitude: float


@cache
def _zone_countries() -> dict[str, str]:
    """IANA zone name → country code, from the tz database's zone.tab."""
    # One joinpath step at a time: a frozen bundle's MultiplexedPath takes one part per call.
    text = (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) >= 3:
            out[fields[2]] = fields[0]
    return out


@cache
def zone_finder() -> Callable[[float, float], str]:
    """`get_tz(longitude, latitude)` → IANA zone name, for loops over millions of points.

    Coordinates must be in range (the readers check them); tzfpy answers "" off the map.
    """
    import tzfpy  # 5 MB of polygons: loaded when a location file is read, not before

    return tzfpy.get_tz


def zone_at(latitude: float, longitude: float) -> str:
    """The IANA time zone at a point ("" if none, e.g. for a point off the map)."""
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        return ""
    try:
        return str(zone_finder()(longitude, latitude))
    except (ValueError, TypeError, OverflowError):
        return ""


@cache
def zone_cities() -> dict[str, tuple[str, str]]:
    """City (folded) a zone is named after → (country, zone): "rome" → ("IT", "Europe/Rome")."""
    out: dict[str, tuple[str, str]] = {}
    for name, country in _zone_countries().items():
        city = name.rsplit("/", 1)[-1].replace("_", " ").casefold()
        out.setdefault(city, (country, name))
    return out


def country_of_zone(zone: str) -> str | None:
    """The country a time zone belongs to (None at sea, or for an unknown zone)."""
    return _zone_countries().get(zone)


def country_at(latitude: float, longitude: float) -> str | None:
    """The country at a point (ISO code; "SJ" on Svalbard), or None at sea or off the map."""
    return country_of_zone(zone_at(latitude, longitude))


@cache
def zone(name: str) -> tzinfo | None:
    """The tzinfo of an IANA zone name, or None if unknown (so callers can fall back)."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@cache
def _airports() -> Mapping[str, Mapping[str, object]]:
    import airportsdata  # about 3 MB of data: loaded for calendar files only

    return airportsdata.load("IATA")


def airport(code: str) -> Airport | None:
    """The airport with this IATA code (three capital letters), or None if there is none."""
    if len(code) != 3 or not code.isalpha() or not code.isupper():
        return None
    found = _airports().get(code)
    if found is None:
        return None
    return Airport(
        code,
        str(found.get("name", code)),
        str(found.get("city", "")).strip(),
        str(found["country"]),
        str(found["tz"]),
        float(str(found.get("lat", 0.0))),
        float(str(found.get("lon", 0.0))),
    )


def airport_codes() -> list[str]:
    """Every IATA code the airport table knows."""
    return [code for code in _airports() if len(code) == 3]
