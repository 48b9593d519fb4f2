"""The example person behind "Explore with example data": a realistic record to look around in.

Every date is placed relative to `today`, so the example always shows about four years in
Norway, a recent history of Schengen and non-Schengen trips and one trip still to come, whenever
it is created. The person is stored with `is_sample=True` so the window can mark them and offer
to delete them. Everything goes through the use-case services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.services.days import add_years
from app.services.errors import AppError
from app.services.people import PersonService
from app.services.permits import PermitService
from app.services.profile import PermitKind
from app.services.trips import TripService
from app.services.views import PersonView
from app.services.wording import _

SAMPLE_NAME = "Example: Amira (sample data)"  # stored as the person's name: data, not text


@dataclass(frozen=True, slots=True)
class _SampleTrip:
    start: date
    days: int  # inclusive length
    destination: str
    purpose: str | None
    note: str


def _trips(arrived: date, today: date) -> list[_SampleTrip]:
    """A plausible travel pattern: winters with family in India, summers in Europe, work trips."""
    trips: list[_SampleTrip] = []
    for year in range(arrived.year, today.year + 1):
        trips += [
            _SampleTrip(date(year, 3, 14), 3, "SE", None, _("Weekend in Stockholm")),
            _SampleTrip(date(year, 5, 6), 4, "DE", "employer_assignment", _("Trade fair, Hamburg")),
            _SampleTrip(date(year, 7, 6), 15, "ES" if year % 2 else "IT", "holiday", "Summer"),
            _SampleTrip(
                date(year, 10, 2), 2, "GB", "employer_assignment", _("Client visit, London")
            ),
            _SampleTrip(date(year, 12, 18), 22, "IN", "family", _("Christmas with family, Pune")),
        ]
    # Only what happened after arrival and is over by today; the planned trip is added apart.
    return [
        trip
        for trip in trips
        if trip.start > arrived and trip.start + timedelta(days=trip.days - 1) < today
    ]


def create_sample_person(
    people: PersonService, trips: TripService, permits: PermitService, *, today: date
) -> PersonView:
    """Add the example person with trips, permits and key dates; returns them.

    If an example person already exists, that one is returned unchanged.
    """
    existing = next((p for p in people.list() if p.is_sample and p.name == SAMPLE_NAME), None)
    if existing is not None:
        return existing
    person = people.add(SAMPLE_NAME, is_sample=True)
    try:
        _fill(person.id, people, trips, permits, today)
    except AppError:
        # Several transactions build the example; never leave half an example behind.
        people.remove(person.id)
        raise
    return people.get(person.id)


def _fill(
    person_id: int, people: PersonService, trips: TripService, permits: PermitService, today: date
) -> None:
    arrived = add_years(today, -4) - timedelta(days=55)
    people.set_key_dates(
        person_id, arrived_on=arrived, reported_to_police_on=arrived + timedelta(days=6)
    )
    first_end = add_years(arrived, 2) - timedelta(days=1)
    permits.add(
        person_id,
        PermitKind.SKILLED_WORKER,
        arrived,
        first_end,
        granted_before_entry=True,
        applied_on=arrived - timedelta(days=70),
        note=_("First permit, engineer at Nordvik AS"),
    )
    permits.add(
        person_id,
        PermitKind.SKILLED_WORKER,
        first_end + timedelta(days=1),
        add_years(first_end, 3),
        applied_on=first_end - timedelta(days=40),
        note="Renewal",
    )
    for trip in _trips(arrived, today):
        trips.add(
            person_id,
            trip.start,
            trip.start + timedelta(days=trip.days - 1),
            trip.destination,
            trip.purpose,
            trip.note,
            today=today,
        )
    planned = today + timedelta(days=40)
    trips.add(
        person_id,
        planned,
        planned + timedelta(days=11),
        "PT",
        "holiday",
        _("Planned: Lisbon and the Algarve"),
        today=today,
    )
