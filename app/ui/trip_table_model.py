"""The trip table's model and its sort/search proxy (style.md item 10).

Rows are built once per refresh from `TripView`s, with the day counts worked out by the services'
`trip_days`, so `data()` only looks values up. Sorting uses `SORT_ROLE` (dates and numbers as
values, not as text); the search box matches destination code and name, purpose and note.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from app.services.countries import country_name
from app.services.days import trip_days
from app.services.profile import TripSpan
from app.services.views import TripView
from app.ui.labels import destination_label, purpose_label
from app.ui.messages import plain_tooltip
from app.ui.qt_dates import show_date

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
TRIP_ROLE = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


class TripState(enum.Enum):
    """Where a trip stands relative to today."""

    PAST = "past"
    UNDER_WAY = "under way"  # started, no return date yet
    ABROAD_NOW = "abroad now"  # started, return date still to come
    PLANNED = "planned"  # departs after today


class Column(enum.IntEnum):
    DEPARTURE = 0
    RETURN = 1
    DAYS = 2
    WHOLE_DAYS = 3
    DESTINATION = 4
    PURPOSE = 5
    NOTE = 6


HEADERS = {
    Column.DEPARTURE: "Departure",
    Column.RETURN: "Return",
    # Two lines: the number columns stay narrow and the destination and note keep the room.
    Column.DAYS: "Days\nabroad",
    Column.WHOLE_DAYS: "Whole\ndays",
    Column.DESTINATION: "Destination",
    Column.PURPOSE: "Purpose",
    Column.NOTE: "Note",
}
TOOLTIPS = {
    Column.DAYS: "Days abroad counting the departure and return days too",
    Column.WHOLE_DAYS: "Days abroad counting only whole days (UDI may count this way)",
}
_NUMBERS = (Column.DAYS, Column.WHOLE_DAYS)
_TEXTS = (Column.DESTINATION, Column.PURPOSE, Column.NOTE)


@dataclass(frozen=True, slots=True)
class TripRow:
    """One table row: the stored trip plus what the table shows about it."""

    trip: TripView
    state: TripState
    days: int
    whole_days: int

    @classmethod
    def of(cls, trip: TripView, today: date) -> TripRow:
        span = TripSpan(trip.departure, trip.return_date, trip.destination, trip.purpose)
        if trip.departure > today:
            state = TripState.PLANNED
        elif trip.return_date is None:
            state = TripState.UNDER_WAY
        elif trip.return_date > today:
            state = TripState.ABROAD_NOW
        else:
            state = TripState.PAST
        return cls(
            trip=trip,
            state=state,
            days=trip_days(span, "inclusive", today),
            whole_days=trip_days(span, "whole_days", today),
        )

    @property
    def search_text(self) -> str:
        """What the search box matches against, case-folded."""
        code = self.trip.destination or ""
        parts = (code, country_name(code) if code else "", self.trip.note)
        return " ".join((*parts, purpose_label(self.trip.purpose))).casefold()

    def display(self, column: Column) -> str:
        trip = self.trip
        if column is Column.DEPARTURE:
            text = show_date(trip.departure)
            return f"{text}  (planned)" if self.state is TripState.PLANNED else text
        if column is Column.RETURN:
            if trip.return_date is None:
                return "under way"
            if self.state is TripState.ABROAD_NOW:
                return f"{show_date(trip.return_date)}  (abroad now)"
            return show_date(trip.return_date)
        if column is Column.DAYS:
            return f"{self.days} so far" if self.state is TripState.UNDER_WAY else str(self.days)
        if column is Column.WHOLE_DAYS:
            return str(self.whole_days)
        if column is Column.DESTINATION:
            return destination_label(trip.destination)
        if column is Column.PURPOSE:
            return purpose_label(trip.purpose)
        return trip.note

    def sort_key(self, column: Column) -> object:
        trip = self.trip
        if column is Column.DEPARTURE:
            return trip.departure.toordinal()
        if column is Column.RETURN:
            # A trip under way sorts after every dated return: it has not ended yet.
            return (trip.return_date or date.max).toordinal()
        if column is Column.DAYS:
            return self.days
        if column is Column.WHOLE_DAYS:
            return self.whole_days
        return self.display(column).casefold()


class TripTableModel(QAbstractTableModel):
    """A person's trips as a read-only table; `set_trips` replaces them all."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TripRow] = []

    def set_trips(self, trips: Sequence[TripView], today: date) -> None:
        """Show `trips` as they stand on `today`."""
        self.beginResetModel()
        self._rows = [TripRow.of(trip, today) for trip in trips]
        self.endResetModel()

    def row_at(self, row: int) -> TripRow:
        """The row at a (source) row number."""
        return self._rows[row]

    def rows(self) -> list[TripRow]:
        """Every row, in stored order."""
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display(column)
        if role == SORT_ROLE:
            return row.sort_key(column)
        if role == TRIP_ROLE:
            return row.trip
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            return self._font(row.state)
        if role == Qt.ItemDataRole.ToolTipRole:
            # The full text of a cell the column is too narrow for, then what the state means.
            parts = [row.display(column)] if column in _TEXTS else []
            state = self._tooltip(row)
            tip = "\n".join([*filter(None, parts), *filter(None, [state])])
            return plain_tooltip(tip) if tip else None  # a note must not render as markup
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[column].replace(chr(10), ' ')}: {row.display(column)}"
        return None

    @staticmethod
    def _font(state: TripState) -> QFont | None:
        # Shape, not colour: planned trips are italic, the trip you are on is bold.
        if state is TripState.PAST:
            return None
        font = QFont()
        font.setItalic(state is TripState.PLANNED)
        font.setBold(state in (TripState.UNDER_WAY, TripState.ABROAD_NOW))
        return font

    @staticmethod
    def _tooltip(row: TripRow) -> str | None:
        if row.state is TripState.PLANNED:
            return "A planned trip: it is not counted in today's figures."
        if row.state is TripState.UNDER_WAY:
            return "You are abroad now: the days count up to today."
        if row.state is TripState.ABROAD_NOW:
            return "You are abroad now: only the days up to today count in today's figures."
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return TOOLTIPS.get(column)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class TripFilterProxy(QSortFilterProxyModel):
    """Sorts by `SORT_ROLE` and keeps rows whose destination, purpose or note match the search."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setSortRole(SORT_ROLE)

    def set_search(self, text: str) -> None:
        """Show only trips matching `text` (empty: all)."""
        # beginFilterChange/endFilterChange are Qt 6.10+; invalidate works on every 6.x.
        self._needle = text.strip().casefold()
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        assert isinstance(model, TripTableModel)
        return self._needle in model.row_at(source_row).search_text

    def trip_at(self, index: AnyIndex) -> TripView | None:
        """The trip on the row of a proxy index."""
        trip = self.data(self.index(index.row(), 0), TRIP_ROLE)
        return trip if isinstance(trip, TripView) else None
