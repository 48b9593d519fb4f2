"""Google location history (Takeout) read as a stream of `Sighting`s, in bounded memory.

The files can be hundreds of megabytes, so nothing is loaded whole: `ijson` (its C backend,
yajl2_c, when installed) yields one record at a time from the open file. Formats:

* `Records.json`: {"locations": [{"latitudeE7", "longitudeE7", "accuracy", "timestamp" (ISO)
  or "timestampMs"}, …]} — raw points.
* `Semantic Location History/YYYY/YYYY_MONTH.json`: {"timelineObjects": [{"placeVisit":
  {"location": {latitudeE7, longitudeE7, name}, "duration": {startTimestamp, endTimestamp}}},
  {"activitySegment": {"startLocation", "endLocation", "duration"}}]} — visits and journeys.
* `Timeline.json` from the phone (2024 on): {"semanticSegments": [{"startTime", "endTime",
  "visit": {"topCandidate": {"placeLocation": {"latLng": "59.91°, 10.75°"}}}} |
  {"timelinePath": [{"point", "time"}]} | {"activity": {"start", "end"}}]}; the iPhone's
  export is a list of the same segments with "geo:59.91,10.75" strings.

Which files of a Takeout folder or .zip are read, and the streaming itself: `location_files`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import IO, Any, NamedTuple

from app.services.dates import EARLIEST, LATEST

_LAT_LNG = re.compile(r"^\s*(?:geo:)?\s*(-?\d+(?:\.\d+)?)°?\s*,\s*(-?\d+(?:\.\d+)?)°?\s*$")


class Sighting(NamedTuple):
    """Where the person was at an instant (seconds since 1970, UTC)."""

    time: float
    latitude: float
    longitude: float
    kind: str  # "point" (raw fix), "visit" (a place stayed at), "path" (on the way)
    accuracy: float  # metres; 0 when not given
    label: str  # a place's name, for the evidence ("" if none)


def _items(stream: IO[bytes], prefix: str) -> Iterator[Any]:
    import ijson  # type: ignore[import-untyped]  # loaded for location files only

    return ijson.items(stream, prefix, use_float=True)  # type: ignore[no-any-return]


# Sightings outside the years a trip can have are passed over (a damaged timestamp).
_FIRST = datetime(EARLIEST.year, 1, 2, tzinfo=UTC).timestamp()
_LAST = datetime(LATEST.year, 12, 30, tzinfo=UTC).timestamp()


def _seconds(value: object) -> float | None:
    """An ISO timestamp or a millisecond count as seconds since 1970 (None if unusable)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = float(value) / 1000.0
    elif not isinstance(value, str) or not value:
        return None
    elif value.isdigit():
        seconds = int(value) / 1000.0
    else:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        if moment.tzinfo is None:
            return None  # Google writes UTC or an offset; a bare time cannot be placed
        try:
            seconds = moment.timestamp()
        except (OverflowError, ValueError):
            return None
    return seconds if _FIRST <= seconds <= _LAST else None


def _e7(
    place: object, lat_key: str = "latitudeE7", lng_key: str = "longitudeE7"
) -> tuple[float, float] | None:
    if not isinstance(place, dict):
        return None
    lat, lng = place.get(lat_key), place.get(lng_key)
    if not isinstance(lat, int | float) or not isinstance(lng, int | float):
        return None
    return _valid(lat / 1e7, lng / 1e7)


def _valid(lat: float, lng: float) -> tuple[float, float] | None:
    if -90.0 <= lat <= 90.0 and -180.0 <= lng <= 180.0:
        return lat, lng
    # Old exports hold a few values that overflowed a signed 32-bit number.
    if lat > 90.0:
        lat -= 2**32 / 1e7
    if lng > 180.0:
        lng -= 2**32 / 1e7
    return (lat, lng) if -90.0 <= lat <= 90.0 and -180.0 <= lng <= 180.0 else None


def _lat_lng(text: object) -> tuple[float, float] | None:
    if isinstance(text, dict):
        text = text.get("latLng", text.get("LatLng"))
    if not isinstance(text, str):
        return None
    match = _LAT_LNG.match(text)
    if match is None:
        return None
    return _valid(float(match.group(1)), float(match.group(2)))


def records(stream: IO[bytes]) -> Iterator[Sighting]:
    """Raw points of a Records.json (and its older "Location History.json")."""
    for item in _items(stream, "locations.item"):
        if not isinstance(item, dict):
            continue
        where = _e7(item)
        when = _seconds(item.get("timestamp", item.get("timestampMs")))
        if where is None or when is None:
            continue
        accuracy = item.get("accuracy")
        metres = float(accuracy) if isinstance(accuracy, int | float) else 0.0
        yield Sighting(when, where[0], where[1], "point", metres, "")


def semantic(stream: IO[bytes]) -> Iterator[Sighting]:
    """Visits and journeys of one Semantic Location History month."""
    for item in _items(stream, "timelineObjects.item"):
        if not isinstance(item, dict):
            continue
        visit = item.get("placeVisit")
        if isinstance(visit, dict):
            location = visit.get("location", {})
            where = _e7(location)
            duration = visit.get("duration", {})
            if where is None or not isinstance(duration, dict):
                continue
            name = location.get("name") if isinstance(location, dict) else None
            label = name if isinstance(name, str) else ""
            for key in ("startTimestamp", "startTimestampMs", "endTimestamp", "endTimestampMs"):
                when = _seconds(duration.get(key))
                if when is not None:
                    yield Sighting(when, where[0], where[1], "visit", 0.0, label)
            continue
        segment = item.get("activitySegment")
        if isinstance(segment, dict):
            duration = segment.get("duration", {})
            if not isinstance(duration, dict):
                continue
            for place, keys in (
                ("startLocation", ("startTimestamp", "startTimestampMs")),
                ("endLocation", ("endTimestamp", "endTimestampMs")),
            ):
                where = _e7(segment.get(place))
                when = next(
                    (t for t in (_seconds(duration.get(k)) for k in keys) if t is not None), None
                )
                if where is not None and when is not None:
                    yield Sighting(when, where[0], where[1], "path", 0.0, "")


def _segment(item: object) -> Iterator[Sighting]:
    """One Timeline segment (the phone's own export, Android or iPhone)."""
    if not isinstance(item, dict):
        return
    start, end = _seconds(item.get("startTime")), _seconds(item.get("endTime"))
    visit = item.get("visit")
    if isinstance(visit, dict):
        candidate = visit.get("topCandidate", {})
        place = candidate.get("placeLocation") if isinstance(candidate, dict) else None
        where = _lat_lng(place)
        if where is not None:
            for when in (start, end):
                if when is not None:
                    yield Sighting(when, where[0], where[1], "visit", 0.0, "")
        return
    activity = item.get("activity")
    if isinstance(activity, dict):
        for key, when in (("start", start), ("end", end)):
            where = _lat_lng(activity.get(key))
            if where is not None and when is not None:
                yield Sighting(when, where[0], where[1], "path", 0.0, "")
        return
    path = item.get("timelinePath")
    if isinstance(path, list):
        for point in path:
            if not isinstance(point, dict):
                continue
            where = _lat_lng(point.get("point"))
            when = _seconds(point.get("time"))
            offset = point.get("durationMinutesOffsetFromStartTime")
            if when is None and start is not None and isinstance(offset, str | int):
                try:
                    when = start + 60.0 * float(offset)
                except ValueError:
                    when = None
            if where is not None and when is not None:
                yield Sighting(when, where[0], where[1], "path", 0.0, "")


def timeline(stream: IO[bytes], prefix: str) -> Iterator[Sighting]:
    """A phone's Timeline export: "semanticSegments.item" (Android) or "item" (iPhone)."""
    for item in _items(stream, prefix):
        yield from _segment(item)


def kind_of(head: bytes) -> str:
    """Which location format a file's first bytes show: "records", "semantic", "timeline",
    "timeline-list", or "" for none."""
    if b'"semanticSegments"' in head:
        return "timeline"
    if b'"timelineObjects"' in head:
        return "semantic"
    if b'"locations"' in head and (b"latitudeE7" in head or b'"locations" : [ ]' in head):
        return "records"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"[") and b'"startTime"' in head:
        return "timeline-list"
    if b'"locations"' in head:
        return "records"
    return ""


def reader(kind: str) -> Callable[[IO[bytes]], Iterator[Sighting]]:
    if kind == "records":
        return records
    if kind == "semantic":
        return semantic
    if kind == "timeline":
        return lambda stream: timeline(stream, "semanticSegments.item")
    return lambda stream: timeline(stream, "item")
