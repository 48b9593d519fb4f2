"""Random runs of add, edit, delete, undo and redo in the window: after every step the status
panel shows what a window opened afresh on the database shows, and the assessment it reads is a
fresh one's (issue 12's incremental refresh and prepared-trip reuse)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QLabel

from app.main import Services
from app.services.profile import PermitKind
from app.ui.main_window import MainWindow
from app.ui.trip_dialog import TripInput
from app.ui.undo_commands import AddTripCommand, DeleteTripsCommand, EditTripCommand
from app.ui.window_data import read_window_data

from .conftest import MakeWindow
from .helpers import TODAY, me


def _panel_words(window: MainWindow) -> list[str]:
    """The panel's words once it is all built (it is built a piece per event-loop turn), read
    from the content on show, not from a replaced one still waiting to be deleted."""
    panel = window.status_panel
    panel.finish_now()
    content = panel.widget()
    assert content is not None
    return [label.text() for label in content.findChildren(QLabel)]


def _random_trip(rng: random.Random) -> TripInput:
    kind = rng.random()
    if kind < 0.15:  # same day
        left = TODAY - timedelta(days=rng.randint(0, 900))
        back: date | None = left
    elif kind < 0.3:  # around the leap day
        left = date(2024, 2, 29) + timedelta(days=rng.randint(-3, 3))
        back = left + timedelta(days=rng.randint(0, 5))
    elif kind < 0.4:  # over the window's far edge
        left = TODAY - timedelta(days=365 + rng.randint(-5, 5))
        back = left + timedelta(days=rng.randint(0, 12))
    elif kind < 0.5:  # planned
        left = TODAY + timedelta(days=rng.randint(1, 200))
        back = left + timedelta(days=rng.randint(0, 40))
    else:
        left = TODAY - timedelta(days=rng.randint(0, 1500))
        back = left + timedelta(days=int(rng.expovariate(1 / 10)))
    destination = rng.choice(["SE", "US", "TH", "UA", None])
    purpose = rng.choice([None, None, "employer_assignment", "holiday"])
    return TripInput(left, back, destination, purpose, rng.choice(["", "note"]))


@pytest.mark.parametrize("seed", range(4))
def test_random_edits_show_a_fresh_assessment(
    make_window: MakeWindow, services: Services, seed: int
) -> None:
    rng = random.Random(seed)
    person = me(services)
    if seed % 2:
        services.permits.add(person, PermitKind.WORK, date(2022, 1, 10), date(2026, 1, 9))
    for _ in range(rng.randint(0, 15)):
        trip = _random_trip(rng)
        services.trips.add(
            person,
            trip.departure,
            trip.return_date,
            trip.destination,
            trip.purpose,
            trip.note,
            today=TODAY,
        )
    window = make_window()
    window.refresh()
    ctx, group = window.editor.ctx, window.editor.group
    for _step in range(30):
        trips = services.trips.list(person)
        move = rng.random()
        if move < 0.3 or not trips:
            window.editor.run(AddTripCommand(ctx, person, _random_trip(rng)))
        elif move < 0.55:
            old = rng.choice(trips)
            new = _random_trip(rng)
            if rng.random() < 0.5:  # a small move of the same trip
                shift = timedelta(days=rng.randint(-3, 3))
                new = replace(
                    TripInput.from_view(old),
                    departure=old.departure + shift,
                    return_date=None if old.return_date is None else old.return_date + shift,
                )
            window.editor.run(EditTripCommand(ctx, old, new))
        elif move < 0.7:
            window.editor.run(DeleteTripsCommand(ctx, rng.sample(trips, min(len(trips), 2))))
        elif move < 0.85:
            if group.canUndo():
                group.undo()
        elif group.canRedo():
            group.redo()
        shown, full = window._data, read_window_data(window.services, person)
        assert shown is not None
        assert shown.evaluation == full.evaluation, _step
        assert shown.assessment == full.assessment, _step
        fresh = make_window()
        fresh.refresh()
        assert _panel_words(window) == _panel_words(fresh), _step
        fresh.close()
