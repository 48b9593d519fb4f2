"""A calendar file (.ics) → trips: flights out of and back to Norway, paired.

Which events are flights, and their local dates, is `flights.to_leg`'s part.

A trip starts with a flight leaving mainland Norway and ends with the next flight arriving
there; flights abroad in between are part of it (the destination is the country where the
most time was spent between flights). Flights within Norway are left out; so are events that
are not flights, and the review says how many. A trip whose flight home is not in the file
is proposed as under way (if it has started), and a flight home with no flight out is left out
with a sentence, as its departure date is not known.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from app.services import countries
from app.services.errors import ImportRejected
from app.services.importing import flights
from app.services.importing.calendar_events import Event, read_events
from app.services.importing.table import NOT_IMPORTED, CsvTrip, shorten
from app.services.wording import _, ngettext

_TRIP_TO = re.compile(
    r"^\s*(?:trip|travel|journey|holiday|vacation|reise|tur|ferie)\s+(?:to|til|i)\s+"
    r"([^()\[\],;:]+)",
    re.IGNORECASE,
)


def _trip_event(event: Event) -> tuple[date, date, str] | None:
    """An all-day "Trip to Spain" event: its first and last day and its country."""
    if isinstance(event.start, datetime):
        return None
    match = _TRIP_TO.match(event.summary)
    if match is None:
        return None
    target = flights.place(match.group(1))
    if target is None or target[0] == countries.HOME:
        return None
    country = target[0]
    last = flights.last_day(event)
    assert not isinstance(last, datetime)
    return event.start, last, country


def _describe(event: Event, day: date | None = None) -> str:
    if day is None:
        day = event.start.date() if isinstance(event.start, datetime) else event.start
    title = shorten(event.summary, 60) if event.summary else _("without a title")
    return _("event {title!r} ({day})").format(title=title, day=day.isoformat())


class CalendarRead(NamedTuple):
    """What a calendar proposes: trip rows, and sentences about what was left out."""

    rows: list[CsvTrip]
    notes: tuple[str, ...]


MAX_CALENDAR_BYTES = 100 << 20  # icalendar holds the whole file, parsed, in memory


def read(path: Path, *, today: date) -> CalendarRead:
    """The trips in the calendar file at `path`.

    Raises:
        ImportRejected: the file is not a calendar that can be read.
    """
    if path.stat().st_size > MAX_CALENDAR_BYTES:
        raise ImportRejected(
            [],
            NOT_IMPORTED
            + _(
                "{name} is larger than {megabytes} MB, more than a calendar Borte reads; export "
                "only the years you travelled, and try again."
            ).format(name=path.name, megabytes=MAX_CALENDAR_BYTES >> 20),
        )
    data = path.read_bytes()
    try:
        found = read_events(data, horizon=today + timedelta(days=2 * 366))
    except Exception as err:  # noqa: BLE001 - icalendar raises several kinds on bad files
        raise ImportRejected(
            [],
            NOT_IMPORTED
            + _(
                "Borte expected a calendar (.ics), but {name} could not be read as one "
                "({reason}); export the calendar again and try again."
            ).format(name=path.name, reason=shorten(str(err), 80)),
        ) from err
    read_trips = pair(found.events, unusable=found.unusable, today=today)
    if not found.cancelled:
        return read_trips
    cancelled = ngettext(
        "{count} cancelled event was left out.",
        "{count} cancelled events were left out.",
        found.cancelled,
    ).format(count=f"{found.cancelled:,}")
    return read_trips._replace(notes=(*read_trips.notes, cancelled))


def _same_flight(a: flights.Leg, b: flights.Leg) -> bool:
    """Whether two legs on the same day to the same country are one flight written twice."""
    return (not a.flight or not b.flight or a.flight == b.flight) and (
        not a.origin or not b.origin or a.origin == b.origin
    )


def pair(events: list[Event], *, unusable: int = 0, today: date) -> CalendarRead:
    """Flights paired into trips, plus all-day trip events, with what was left out."""
    legs: list[flights.Leg] = []
    rows: list[CsvTrip] = []
    notes: list[str] = []
    other = 0
    same_day: dict[tuple[date, str], list[int]] = {}  # (date, destination) → indexes in legs
    for event in events:
        leg = flights.to_leg(event)
        if leg is None:
            span = _trip_event(event)
            if span is None:
                other += 1
                continue
            first, last, country = span
            rows.append(CsvTrip(event.number, first, last, country, None, "", _describe(event)))
            continue
        # The same flight twice (two calendars, TripIt and Google, a booking imported again):
        # kept once, with the more complete of the two.
        indexes = same_day.setdefault((leg.leaves, leg.destination), [])
        twin = next((i for i in indexes if _same_flight(legs[i], leg)), None)
        if twin is None:
            indexes.append(len(legs))
            legs.append(leg)
        elif not legs[twin].origin or not legs[twin].flight:
            legs[twin] = leg if leg.origin and leg.flight else legs[twin]
    legs.sort(key=lambda leg: leg.order)
    rows += _trips(legs, notes, today)
    domestic = notes.count(_DOMESTIC)
    elsewhere = notes.count(_ELSEWHERE)
    notes[:] = [note for note in notes if note not in (_DOMESTIC, _ELSEWHERE)]
    rows.sort(key=lambda row: (row.departure, row.line))
    for count, one, many in (
        (
            other,
            _("{count} event was not travel and was left out."),
            _("{count} events were not travel and were left out."),
        ),
        (
            domestic,
            _("{count} flight within Norway was left out."),
            _("{count} flights within Norway were left out."),
        ),
        (
            elsewhere,
            _(
                "{count} flight between other countries, not part of a trip from Norway, was "
                "left out."
            ),
            _(
                "{count} flights between other countries, not part of a trip from Norway, were "
                "left out."
            ),
        ),
        (
            unusable,
            _("{count} event has no start date Borte can use and was left out."),
            _("{count} events have no start date Borte can use and were left out."),
        ),
    ):
        if count:
            notes.append(ngettext(one, many, count).format(count=f"{count:,}"))
    return CalendarRead(rows, tuple(notes))


# Markers _trips leaves in `notes`, counted into sentences by `pair`.
_DOMESTIC = "domestic"  # a flight within Norway
_ELSEWHERE = "elsewhere"  # a flight between other countries, with no trip from Norway open


def _trips(legs: list[flights.Leg], notes: list[str], today: date) -> list[CsvTrip]:
    rows: list[CsvTrip] = []
    current: list[flights.Leg] = []

    def close(back: flights.Leg | None) -> None:
        out = current[0]
        journey = [*current, back] if back is not None else list(current)
        evidence = "; ".join(_describe(leg.event, leg.leaves) for leg in journey)
        numbers = [leg.flight for leg in journey if leg.flight]
        note = (
            ngettext("Flight {numbers}", "Flights {numbers}", len(numbers)).format(
                numbers=", ".join(numbers)
            )
            if numbers
            else ""
        )
        if back is None and out.leaves > today:
            notes.append(
                _(
                    "The flight on {day} leaves Norway but no flight back is in the calendar; "
                    "that planned trip was left out (add it with its return date)."
                ).format(day=out.leaves.isoformat())
            )
            return
        if back is None:
            notes.append(
                _(
                    "The flight on {day} leaves Norway and no flight back follows in the "
                    "calendar; it is proposed as under way: give it its return date."
                ).format(day=out.leaves.isoformat())
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
                    _(
                        "The flight on {day} leaves Norway, but the next flight out ({next_day}) "
                        "comes before any flight back; the first trip was left out (add it by "
                        "hand with its return date)."
                    ).format(day=current[0].leaves.isoformat(), next_day=leg.leaves.isoformat())
                )
            current = [leg]
        elif arriving:
            if current:
                close(leg)
                current = []
            else:
                notes.append(
                    _(
                        "The flight back to Norway on {day} has no flight out before it in the "
                        "calendar; it was left out (add that trip by hand)."
                    ).format(day=leg.arrives.isoformat())
                )
        elif current:
            current.append(leg)
        else:
            notes.append(_ELSEWHERE)
    if current:
        close(None)
    return rows


def _main_country(legs: list[flights.Leg]) -> str | None:
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
