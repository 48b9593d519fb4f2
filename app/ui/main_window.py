"""The main window, minimal for now: the default person's trips in a read-only table.

A later issue replaces the table widget with a `TripTableModel` view and adds the status, chart
and planner panels. The constructor already takes its services and "today" from the
composition root (`app/main.py`), as the real window will.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMainWindow,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app import __version__
from app.services.countries import country_name, is_known
from app.services.engine import trip_days
from app.services.profile import TripSpan

if TYPE_CHECKING:
    from app.services.people import PersonService
    from app.services.trips import TripService
    from app.services.views import TripView

DISCLAIMER = "Borte is not legal advice. udi.no is the authority."
HEADERS = ("Departure", "Return", "Days abroad", "Destination", "Purpose", "Note")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _destination_text(code: str | None) -> str:
    if not code:
        return ""
    return f"{code} {country_name(code)}" if is_known(code) else code


class MainWindow(QMainWindow):
    """Borte's main window: the default person's trips, File > Quit and Help > About."""

    def __init__(
        self,
        *,
        people: PersonService,
        trips: TripService,
        data_dir: Path,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._people = people
        self._trips = trips
        self._data_dir = data_dir
        self._today = today
        self.setWindowTitle("Borte")
        self.resize(820, 480)

        self.trip_table = QTableWidget(0, len(HEADERS), self)
        self.trip_table.setHorizontalHeaderLabels(list(HEADERS))
        self.trip_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.trip_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.trip_table.verticalHeader().setVisible(False)
        self.trip_table.horizontalHeader().setSectionResizeMode(
            len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch
        )
        self.setCentralWidget(self.trip_table)
        self._build_menus()
        self.refresh()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction("&About Borte", self)
        self.about_action.triggered.connect(self._on_about_triggered)
        help_menu.addAction(self.about_action)

    def refresh(self) -> None:
        """Re-read the default person's trips and show them."""
        person = self._people.default()
        trips = self._trips.list(person.id)
        self._show_trips(trips, self._today())
        self.statusBar().showMessage(f"{person.name}: {len(trips)} trips")

    def _show_trips(self, trips: Sequence[TripView], as_of: date) -> None:
        self.trip_table.setRowCount(len(trips))
        for row, trip in enumerate(trips):
            span = TripSpan(trip.departure, trip.return_date, trip.destination, trip.purpose)
            days = QTableWidgetItem(str(trip_days(span, "inclusive", as_of)))
            days.setTextAlignment(_RIGHT)
            cells = [
                QTableWidgetItem(trip.departure.isoformat()),
                QTableWidgetItem(trip.return_date.isoformat() if trip.return_date else "under way"),
                days,
                QTableWidgetItem(_destination_text(trip.destination)),
                QTableWidgetItem((trip.purpose or "").replace("_", " ")),
                QTableWidgetItem(trip.note),
            ]
            for column, item in enumerate(cells):
                self.trip_table.setItem(row, column, item)
        self.trip_table.resizeColumnsToContents()

    def about_text(self) -> str:
        """The text of Help > About."""
        return (
            f"<h3>Borte {__version__}</h3>"
            "<p>Counts the days you spend outside Norway against the residence rules.</p>"
            f"<p>Data folder: {html.escape(str(self._data_dir))}</p>"
            f"<p>{DISCLAIMER}</p>"
        )

    @Slot()
    def _on_about_triggered(self) -> None:
        QMessageBox.about(self, "About Borte", self.about_text())
