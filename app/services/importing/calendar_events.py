"""Calendar events (.ics) as a list of `Event`: recurrences expanded, times made absolute.

`icalendar` parses the file; this module expands RRULE/RDATE/EXDATE (and RECURRENCE-ID
overrides) with `dateutil.rrule`, bounded (`MAX_OCCURRENCES` per event, nothing later than
`horizon`), so a "daily forever" event cannot make the import endless. Times keep their own
zone (TZID or UTC); an all-day event keeps plain dates, and a floating time (no zone) is
taken as local where it happens, which is what a booking written without a zone means.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from app.services.dates import EARLIEST, LATEST

MAX_OCCURRENCES = 500
MAX_TEXT = 2000  # of a description: booking details sit at the top


class Event(NamedTuple):
    """One occurrence of a calendar event."""

    number: int  # the event's place in the file (1 = first VEVENT), for "event N"
    summary: str
    location: str
    description: str
    start: date | datetime  # a date for an all-day event
    end: date | datetime  # exclusive for all-day events (RFC 5545), as written


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    return str(value).strip() if value is not None else ""


def _when(component: Any, name: str) -> date | datetime | None:
    try:
        value = component.decoded(name)
    except (KeyError, ValueError, TypeError):
        return None
    return value if isinstance(value, date) else None


def _end(component: Any, start: date | datetime) -> date | datetime:
    end = _when(component, "dtend")
    if end is not None and type(end) is type(start):
        return end
    try:
        duration = component.decoded("duration")
    except (KeyError, ValueError, TypeError):
        duration = None
    if isinstance(duration, timedelta):
        return start + duration
    # RFC 5545 §3.6.1: no end means one day for an all-day event, the start instant otherwise.
    return start + timedelta(days=1) if not isinstance(start, datetime) else start


def _dates(component: Any, name: str) -> list[date | datetime]:
    value = component.get(name)
    if value is None:
        return []
    out: list[date | datetime] = []
    for item in value if isinstance(value, list) else [value]:
        for one in getattr(item, "dts", []):
            if isinstance(one.dt, date):
                out.append(one.dt)
    return out


def _same(a: date | datetime, b: date | datetime) -> bool:
    if isinstance(a, datetime) and isinstance(b, datetime):
        if (a.tzinfo is None) != (b.tzinfo is None):
            return a.replace(tzinfo=None) == b.replace(tzinfo=None)
        return a == b
    return type(a) is type(b) and a == b


def _starts(component: Any, start: date | datetime, horizon: date) -> list[date | datetime]:
    """Every start of a (maybe recurring) event, without its EXDATEs."""
    rule = component.get("rrule")
    starts: list[date | datetime] = [start]
    if rule is not None:
        # icalendar's own dependency (no type stubs are installed for it).
        from dateutil.rrule import rrulestr  # type: ignore[import-untyped]

        text = rule.to_ical().decode("ascii", "replace")
        # An all-day event repeats by date: a naive midnight, as dateutil's rrule wants it.
        first = (
            start if isinstance(start, datetime) else datetime(start.year, start.month, start.day)  # noqa: DTZ001
        )
        try:
            rules = rrulestr(text, dtstart=first, ignoretz=False)
            starts = []
            for occurrence in rules:
                day = occurrence.date()
                if day > horizon or len(starts) >= MAX_OCCURRENCES:
                    break
                starts.append(occurrence if isinstance(start, datetime) else day)
        except (ValueError, TypeError, OverflowError):
            starts = [start]  # a rule dateutil cannot read: the first occurrence still counts
    starts += [d for d in _dates(component, "rdate") if type(d) is type(start)]
    excluded = _dates(component, "exdate")
    return [s for s in starts if not any(_same(s, x) for x in excluded)]


class Events(NamedTuple):
    """A calendar's events, and how many were left out before looking at them."""

    events: list[Event]
    unusable: int  # no start date that can be read or that a trip can have
    cancelled: int  # STATUS:CANCELLED (a flight that did not happen)


def _cancelled(component: Any) -> bool:
    return _text(component, "status").upper() == "CANCELLED"


def read_events(data: bytes, *, horizon: date) -> Events:
    """The events of a calendar file (a cancelled one, or a cancelled occurrence, left out).

    Raises:
        ValueError: the bytes are not a calendar icalendar can parse.
    """
    import icalendar  # loaded for calendar files only

    calendar = icalendar.Calendar.from_ical(data)
    components = list(calendar.walk("VEVENT"))
    overrides: dict[str, list[Any]] = {}
    for component in components:
        if component.get("recurrence-id") is not None:
            overrides.setdefault(_text(component, "uid"), []).append(component)
    events: list[Event] = []
    unusable = cancelled = 0
    for number, component in enumerate(components, start=1):
        if component.get("recurrence-id") is not None:
            continue  # placed below, instead of the occurrence it overrides
        if _cancelled(component):
            cancelled += 1
            continue
        start = _when(component, "dtstart")
        if start is None or not _plausible(start):
            unusable += 1
            continue
        try:
            events += _occurrences(number, component, start, overrides, horizon)
        except (OverflowError, ValueError, TypeError):
            unusable += 1  # an end or a repeat beyond the calendar's range
    return Events(events, unusable, cancelled)


def _plausible(moment: date | datetime) -> bool:
    day = moment.date() if isinstance(moment, datetime) else moment
    return EARLIEST <= day <= LATEST


def _occurrences(
    number: int,
    component: Any,
    start: date | datetime,
    overrides: dict[str, list[Any]],
    horizon: date,
) -> list[Event]:
    length = _end(component, start) - start
    moved = overrides.get(_text(component, "uid"), [])
    replaced = [_when(c, "recurrence-id") for c in moved]
    out: list[Event] = []
    for occurrence in _starts(component, start, horizon):
        if any(r is not None and _same(occurrence, r) for r in replaced):
            continue
        if _plausible(occurrence):
            out.append(_event(number, component, occurrence, occurrence + length))
    if component.get("rrule") is None and component.get("rdate") is None:
        return out  # an override of a plain event is ignored: the event itself is above
    for override in moved:
        if _cancelled(override):
            continue  # that occurrence did not happen
        new_start = _when(override, "dtstart")
        if new_start is not None and _plausible(new_start):
            out.append(_event(number, override, new_start, _end(override, new_start)))
    return out


def _event(number: int, component: Any, start: date | datetime, end: date | datetime) -> Event:
    return Event(
        number,
        _text(component, "summary"),
        _text(component, "location"),
        _text(component, "description")[:MAX_TEXT],
        start,
        end,
    )


def iter_text(event: Event) -> Iterator[str]:
    """The event's texts, most telling first: title, place, description."""
    yield event.summary
    yield event.location
    yield event.description
