"""The example person, the warning-margin setting and the per-year totals."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.services.engine import evaluate
from app.services.errors import ValidationError
from app.services.people import PersonService
from app.services.permits import PermitService
from app.services.profile import TripSpan
from app.services.sample_data import SAMPLE_NAME, create_sample_person
from app.services.settings import SettingsService
from app.services.trips import TripService
from app.services.year_totals import YearAbroad, days_per_year

TODAY = date(2026, 11, 23)


def test_sample_person_is_realistic_and_marked(sessions: sessionmaker[Session]) -> None:
    people, trips, permits = PersonService(sessions), TripService(sessions), PermitService(sessions)
    person = create_sample_person(people, trips, permits, today=TODAY)
    assert person.is_sample
    assert person.name == SAMPLE_NAME
    assert people.default().name == "Me"  # never shown instead of the user's own data
    stored = trips.list(person.id)
    assert len(stored) >= 15
    assert stored[0].departure > (person.arrived_on or TODAY)
    assert sum(1 for t in stored if t.departure > TODAY) == 1  # one planned trip
    assert {"SE", "DE", "IN", "GB"} <= {t.destination for t in stored}
    assert len(permits.list(person.id)) == 2
    evaluation = evaluate(people.profile(person.id), TODAY)
    assert {r.id for r in evaluation.rules} >= {"temporary-365", "schengen-90-180"}
    assert evaluation.projection is not None
    # A second request gives the same person instead of another copy.
    assert create_sample_person(people, trips, permits, today=TODAY).id == person.id


@pytest.mark.parametrize("today", [date(2024, 2, 29), date(2025, 1, 1), date(2030, 12, 31)])
def test_sample_person_can_be_made_on_any_day(sessions: sessionmaker[Session], today: date) -> None:
    people, trips, permits = PersonService(sessions), TripService(sessions), PermitService(sessions)
    person = create_sample_person(people, trips, permits, today=today)
    assert all(t.return_date is not None for t in trips.list(person.id))


def test_warning_margin_setting(sessions: sessionmaker[Session]) -> None:
    settings = SettingsService(sessions)
    assert settings.warning_margin() == 14
    assert settings.set_warning_margin(30) == 30
    assert SettingsService(sessions).warning_margin() == 30
    with pytest.raises(ValidationError) as caught:
        settings.set_warning_margin(91)
    assert str(caught.value) == (
        "The warning margin 91 days is out of range; choose between 0 and 90 days."
    )


def test_year_totals_split_new_year_merge_overlaps_and_keep_planned_apart() -> None:
    trips = [
        TripSpan(date(2024, 12, 28), date(2025, 1, 3)),  # 4 days in 2024, 3 in 2025
        TripSpan(date(2025, 1, 2), date(2025, 1, 5)),  # overlaps: adds 4 and 5 January
        TripSpan(date(2025, 7, 1), date(2025, 7, 10)),  # planned (after today)
    ]
    assert days_per_year(trips, date(2025, 6, 30)) == [
        YearAbroad(2024, inclusive=4, whole_days=3, planned=0),
        # Whole days in 2025: 1-2 January from the first trip, 3-4 from the second.
        YearAbroad(2025, inclusive=5, whole_days=4, planned=10),
    ]
    assert days_per_year([], date(2025, 6, 30)) == []
