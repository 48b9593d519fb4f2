"""The issue's "done when": five trips and a permit through the real dialogs, one undo, and the
days left under each rule on the cards."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog

from app.main import Services
from app.services.engine import evaluate
from app.services.profile import PermitKind
from app.ui.main_window import MainWindow
from app.ui.permit_dialog import PermitDialog
from app.ui.trip_dialog import TripDialog

from .helpers import TODAY, me

TRIPS = [
    ((2024, 12, 20), (2025, 1, 6), "India"),
    ((2025, 2, 14), (2025, 2, 16), "SE"),
    ((2025, 4, 10), (2025, 4, 21), "Spain"),
    ((2025, 5, 2), (2025, 5, 4), "dk"),
    ((2025, 8, 1), (2025, 8, 15), "Italy (IT)"),  # planned
]


Day = tuple[int, int, int]


def fill_trip(dep: Day, ret: Day, where: str) -> Callable[[TripDialog], int]:
    def fake_exec(dialog: TripDialog) -> int:
        dialog.departure.setDate(QDate(*dep))
        dialog.return_date.setDate(QDate(*ret))
        dialog.destination.setEditText(where)
        assert dialog.save_button.isEnabled(), dialog.message.text()
        dialog.save_button.click()
        return dialog.result()

    return fake_exec


def test_five_trips_a_permit_an_undo_and_the_days_left(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    for dep, ret, where in TRIPS:
        monkeypatch.setattr(TripDialog, "exec", fill_trip(dep, ret, where))
        window.acts.new_trip.trigger()
    # A mistake: the same trip twice; the dialog offered a merge but the user saved anyway.
    monkeypatch.setattr(TripDialog, "exec", fill_trip((2025, 5, 2), (2025, 5, 4), "DK"))
    window.acts.new_trip.trigger()
    assert len(services.trips.list(me(services))) == 6
    window.acts.undo.trigger()
    assert len(services.trips.list(me(services))) == 5

    def fill_permit(dialog: PermitDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData(PermitKind.WORK))
        dialog.valid_from.setDate(QDate(2023, 9, 1))
        dialog.valid_to.edit.setDate(QDate(2026, 8, 31))
        dialog.save_button.click()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(PermitDialog, "exec", fill_permit)
    window.acts.new_permit.trigger()

    evaluation = evaluate(services.people.profile(me(services)), TODAY, "inclusive")
    assert {r.id for r in evaluation.rules} >= {"temporary-365", "schengen-90-180"}
    for result in evaluation.rules:
        card = window.status_panel.card(result.id)
        assert card is not None
        assert card.left_label.text() == str(result.days_left)
    card = window.status_panel.card("temporary-365")
    assert card is not None
    # 18 (India) + 3 + 12 + 3: the planned August trip is not in today's figures.
    assert card.days_label.text() == "36"
    assert card.left_label.text() == "146"
    planned = [
        r.trip.destination for r in window.trip_table.model.rows() if r.trip.departure > TODAY
    ]
    assert planned == ["IT"]
