"""The trip dialog's own widgets: inline messages, the Save button, merging, the result."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.services.views import TripView
from app.ui.entries import TripInput
from app.ui.trip_dialog import OverlapFinder, TripDialog

from .helpers import TODAY, trip_view


def no_overlaps(departure: date, return_date: date | None) -> Sequence[TripView]:
    return []


def make(
    qtbot: QtBot, *, initial: TripInput | None = None, overlaps: OverlapFinder = no_overlaps
) -> TripDialog:
    dialog = TripDialog(
        None, today=TODAY, find_overlaps=overlaps, initial=initial, title="New trip"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_new_trip_starts_today_and_can_be_saved(qtbot: QtBot) -> None:
    dialog = make(qtbot)
    assert dialog.departure.date() == QDate(2025, 6, 30)
    assert dialog.departure.calendarPopup()
    assert dialog.save_button.isEnabled()
    assert not dialog.message.isVisible()
    assert dialog.days.text() == "1 day abroad; counting only whole days: 0."


def test_return_before_departure_blocks_save_with_a_specific_message(qtbot: QtBot) -> None:
    dialog = make(qtbot)
    dialog.departure.setDate(QDate(2025, 5, 10))
    dialog.return_date.setDate(QDate(2025, 5, 3))
    assert not dialog.save_button.isEnabled()
    assert dialog.message.isVisible()
    assert dialog.message.text() == (
        "✖ The return date 2025-05-03 is before the departure date 2025-05-10."
    )
    dialog.return_date.setDate(QDate(2025, 5, 12))
    assert dialog.save_button.isEnabled()
    assert not dialog.message.isVisible()
    assert dialog.days.text() == "3 days abroad; counting only whole days: 1."


def test_dates_far_from_today_are_flagged_but_allowed(qtbot: QtBot) -> None:
    dialog = make(qtbot)
    dialog.departure.setDate(QDate(2005, 5, 10))
    dialog.return_date.setDate(QDate(2005, 5, 12))
    assert dialog.save_button.isEnabled()
    assert (
        dialog.warning.text()
        == "▲ The departure 2005-05-10 is more than 15 years ago: check the year."
    )
    dialog.departure.setDate(QDate(2028, 5, 10))
    dialog.return_date.setDate(QDate(2028, 5, 12))
    assert dialog.warning.text() == (
        "▲ The return 2028-05-12 is more than 2 years from today: check the year."
    )


def test_an_open_trip_cannot_start_in_the_future(qtbot: QtBot) -> None:
    dialog = make(qtbot)
    dialog.departure.setDate(QDate(2025, 7, 10))
    dialog.under_way.setChecked(True)
    assert not dialog.return_date.isEnabled()
    assert not dialog.save_button.isEnabled()
    assert "after today (2025-06-30), so it needs a return date" in dialog.message.text()


def test_destination_accepts_a_name_or_a_code_and_rejects_the_rest(qtbot: QtBot) -> None:
    dialog = make(qtbot)
    dialog.destination.setEditText("sweden")
    assert dialog.entered().destination == "SE"
    dialog.destination.setEditText("dk")
    assert dialog.entered().destination == "DK"
    dialog.destination.setEditText("Atlantis")
    assert not dialog.save_button.isEnabled()
    assert "'Atlantis' is not a country Borte knows" in dialog.message.text()
    dialog.destination.setEditText("no")
    assert "Norway is home" in dialog.message.text()
    dialog.destination.setEditText("")
    assert dialog.save_button.isEnabled()
    assert dialog.entered().destination is None


def test_overlap_offers_a_merge(qtbot: QtBot) -> None:
    other = trip_view(7, date(2025, 6, 1), date(2025, 6, 10), "SE")
    seen: list[tuple[date, date | None]] = []

    def overlaps(departure: date, return_date: date | None) -> list[TripView]:
        seen.append((departure, return_date))
        return [other] if departure <= date(2025, 6, 10) else []

    dialog = make(qtbot, overlaps=overlaps)
    dialog.departure.setDate(QDate(2025, 6, 5))
    assert seen[-1] == (date(2025, 6, 5), date(2025, 6, 30))
    assert dialog.merge_button.isVisible()
    assert dialog.save_button.isEnabled()
    assert dialog.warning.text() == (
        "▲ This trip overlaps your trip to Sweden (SE), 2025-06-01 – 2025-06-10. Days abroad "
        "are counted once either way; merge them to keep one trip per journey."
    )
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert dialog.entered().merge_with == (other,)


def test_a_second_trip_under_way_can_only_be_merged(qtbot: QtBot) -> None:
    open_trip = trip_view(3, date(2025, 6, 1), None)
    dialog = make(qtbot, overlaps=lambda d, r: [open_trip])
    dialog.departure.setDate(QDate(2025, 6, 20))
    dialog.under_way.setChecked(True)
    assert not dialog.save_button.isEnabled()
    assert dialog.message.text().startswith("✖ Your trip that departed on 2025-06-01 is still")
    assert dialog.merge_button.isVisible()


def test_entered_values_and_edit_prefill(qtbot: QtBot) -> None:
    initial = TripInput(date(2025, 3, 1), date(2025, 3, 4), "DE", "employer_assignment", "Fair")
    dialog = make(qtbot, initial=initial)
    assert dialog.destination.currentText() == "Germany (DE)"
    assert dialog.purpose.currentText() == "Work trip for employer"
    dialog.note.setText("  Fair, Hamburg ")
    assert dialog.entered() == TripInput(
        date(2025, 3, 1), date(2025, 3, 4), "DE", "employer_assignment", "Fair, Hamburg"
    )


def test_ask_returns_the_input_or_none(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TripDialog, "exec", lambda self: QDialog.DialogCode.Accepted.value)
    got = TripDialog.ask(None, today=TODAY, find_overlaps=no_overlaps)
    assert got == TripInput(TODAY, TODAY)
    monkeypatch.setattr(TripDialog, "exec", lambda self: QDialog.DialogCode.Rejected.value)
    assert TripDialog.ask(None, today=TODAY, find_overlaps=no_overlaps) is None
