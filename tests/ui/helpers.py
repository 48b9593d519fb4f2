"""Values and small helpers shared by the window tests."""

from __future__ import annotations

from datetime import date

from app.main import Services
from app.services.views import TripView
from app.ui.main_window import WindowServices

TODAY = date(2025, 6, 30)


def window_services(services: Services, today: date = TODAY) -> WindowServices:
    return WindowServices(
        people=services.people,
        trips=services.trips,
        permits=services.permits,
        settings=services.settings,
        checklists=services.checklists,
        data_dir=services.data_dir,
        today=lambda: today,
        log_file=services.data_dir / "borte.log",
    )


def me(services: Services) -> int:
    """The id of the default person."""
    return services.people.default().id


def trip_view(
    trip_id: int, departure: date, return_date: date | None, destination: str | None = None
) -> TripView:
    return TripView(trip_id, 1, departure, return_date, destination, None, "")
