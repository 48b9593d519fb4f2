"""Deadlines from rules.md §8 show at the top of the status panel, and the planner's way home
from a trip under way sets that trip's return date."""

from __future__ import annotations

from datetime import timedelta

from app.main import Services
from app.services.profile import PermitKind, TripSpan
from app.services.reminders import reminders
from app.ui.main_window import MainWindow

from .helpers import TODAY, me


def test_status_panel_lists_the_coming_deadlines(window: MainWindow, services: Services) -> None:
    person = me(services)
    expiry = TODAY + timedelta(days=120)
    services.permits.add(person, PermitKind.WORK, TODAY - timedelta(days=700), expiry)
    window.refresh()
    expected = reminders(services.people.profile(person), TODAY)
    assert expected  # a permit ending in four months has renewal deadlines
    shown = window.status_panel.reminders.reminders()
    assert shown == expected
    assert window.status_panel.reminders.rows[0].isVisibleTo(window.status_panel)
    assert window.status_panel.reminders.export_button.isEnabled()


def test_the_way_home_from_a_trip_under_way_sets_its_return(
    window: MainWindow, services: Services
) -> None:
    person = me(services)
    services.trips.add(person, TODAY - timedelta(days=5), None, "SE", today=TODAY)
    window.refresh()
    back = TODAY + timedelta(days=3)
    window.editor.add_planned_trip(TripSpan(TODAY - timedelta(days=5), back, "SE"))
    trips = services.trips.list(person)
    assert len(trips) == 1
    assert trips[0].return_date == back
    window.acts.undo.trigger()
    assert services.trips.list(person)[0].return_date is None


def test_a_future_planned_trip_is_added(window: MainWindow, services: Services) -> None:
    person = me(services)
    start = TODAY + timedelta(days=30)
    window.editor.add_planned_trip(TripSpan(start, start + timedelta(days=6), "DE"))
    trips = services.trips.list(person)
    assert [(t.departure, t.return_date) for t in trips] == [(start, start + timedelta(days=6))]
