"""Issue 17, item 4: the trip table at the default 1280 px fits the purposes, and whatever is
cut (long notes) shows in full as a tooltip; counts use the right plural."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from pytestqt.qtbot import QtBot

from app.main import Services
from app.services.profile import PermitKind
from app.services.sample_data import create_sample_person
from app.ui.language import apply_language
from app.ui.main_window import MainWindow
from app.ui.trip_table import NOTE_FLOOR, TripTable
from app.ui.trip_table_model import Column

from .helpers import TODAY, me, trip_view


def test_purposes_fit_and_notes_show_in_full_at_1280(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    person = create_sample_person(services.people, services.trips, services.permits, today=TODAY)
    window.switch_person(person.id)
    window.resize(1280, 800)
    qtbot.wait(50)
    table = window.trip_table
    header = table.view.horizontalHeader()
    font = QFont(table.view.font())
    font.setBold(True)
    font.setItalic(True)
    widest = QFontMetrics(font).horizontalAdvance("Work trip for employer")
    assert header.sectionSize(Column.PURPOSE) >= widest
    model = table.proxy
    for row in range(model.rowCount()):
        note = model.index(row, Column.NOTE)
        shown = str(model.data(note, Qt.ItemDataRole.DisplayRole))
        tip = str(model.data(note, Qt.ItemDataRole.ToolTipRole) or "")
        if shown:
            assert shown in tip  # a cut note can always be read in full


def test_trip_count_plurals(qtbot: QtBot) -> None:
    table = TripTable()
    qtbot.addWidget(table)
    table.set_trips([trip_view(1, date(2025, 1, 10), date(2025, 1, 12), "SE")], TODAY)
    assert table.count_label.text() == "1 trip"
    table.search.setText("nothing matches this")
    assert table.count_label.text() == "0 of 1 trip"


# What a new window takes on a 1024×768 screen (`window_layout.restore_layout`: 92 % × 90 %).
SMALL_SCREEN_WINDOW = (942, 691)


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("booked", [False, True])
def test_destination_fits_on_a_1024_screen_with_a_trip_under_way(
    qtbot: QtBot, window: MainWindow, services: Services, lang: str, booked: bool
) -> None:
    """Abroad now (bold row, "under way" or "date (abroad now)"), on the window a 1024×768
    screen gets: the note, then the "(abroad now)", then the note again give way before the
    destination is cut. (With the status panel as wide as it is since the merge of its
    restructure, the table gets 490 px there and the destination is cut even so.)"""
    apply_language(lang)
    try:
        person = me(services)
        services.permits.add(person, PermitKind.WORK, date(2021, 1, 1), date(2027, 12, 31))
        services.trips.add(person, date(2025, 3, 1), date(2025, 3, 20), "DE", today=TODAY)
        back = TODAY + timedelta(days=30) if booked else None
        services.trips.add(person, TODAY - timedelta(days=20), back, "DE", today=TODAY)
        window.switch_person(person)
        window.resize(*SMALL_SCREEN_WINDOW)
        qtbot.wait(50)
        table = window.trip_table
        header = table.view.horizontalHeader()
        font = QFont(table.view.font())
        font.setBold(True)
        font.setItalic(True)
        name = table.proxy.index(0, Column.DESTINATION).data()
        assert name == ("Tyskland (DE)" if lang == "nb" else "Germany (DE)")
        needed = QFontMetrics(font).horizontalAdvance(str(name))
        if header.sectionSize(Column.DESTINATION) < needed:
            # Cut only once the note is down to its floor and the return to its date: the
            # order `_fit_columns` gives up room in.
            assert header.sectionSize(Column.NOTE) <= NOTE_FLOOR + 2
            assert header.sectionSize(Column.RETURN) <= table._date_width() + 4
    finally:
        apply_language("en")
