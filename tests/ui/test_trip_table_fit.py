"""Issue 17, item 4: the trip table at the default 1280 px fits the purposes, and whatever is
cut (long notes) shows in full as a tooltip; counts use the right plural."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from pytestqt.qtbot import QtBot

from app.main import Services
from app.services.sample_data import create_sample_person
from app.ui.main_window import MainWindow
from app.ui.trip_table import TripTable
from app.ui.trip_table_model import Column

from .helpers import TODAY, trip_view


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
    from datetime import date

    table = TripTable()
    qtbot.addWidget(table)
    table.set_trips([trip_view(1, date(2025, 1, 10), date(2025, 1, 12), "SE")], TODAY)
    assert table.count_label.text() == "1 trip"
    table.search.setText("nothing matches this")
    assert table.count_label.text() == "0 of 1 trip"
