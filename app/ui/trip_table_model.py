"""The trip table's model and its sort/search proxy.

Rows are built once per refresh from `TripView`s, with the day counts worked out by the services'
`trip_days`, so `data()` only looks values up. The model sorts itself: one sort key per row
(dates and numbers as values, not as text) and one `list.sort`, instead of a proxy that calls
Python for every comparison (1.85 million calls for 100,000 trips). The proxy only filters; the
search box matches destination code and name, purpose and note.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from typing import Any

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
from app.services.dates import trip_days
from app.services.profile import TripSpan
from app.services.views import TripView
from app.services.wording import N_, _
from app.ui.labels import destination_label, purpose_label
from app.ui.messages import plain_tooltip
from app.ui.qt_dates import show_date, show_number

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
TRIP_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3  # what the search box matches, case-folded

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


# English here, translated where shown (`_`), as these are read at import.
HEADERS = {
    Column.DEPARTURE: N_("Departure"),
    Column.RETURN: N_("Return"),
    # Two lines: the number columns stay narrow and the destination and note keep the room.
    Column.DAYS: N_("Days\nabroad"),
    Column.WHOLE_DAYS: N_("Whole\ndays"),
    Column.DESTINATION: N_("Destination"),
    Column.PURPOSE: N_("Purpose"),
    Column.NOTE: N_("Note"),
}
TOOLTIPS = {
    Column.DAYS: N_("Days abroad counting the departure and return days too"),
    Column.WHOLE_DAYS: N_("Days abroad counting only whole days (UDI may count this way)"),
}
_COLUMNS = tuple(Column)
# The table's order until the user clicks a header: newest first (planned trips and the latest
# ones are what people look for). `prepare_rows` sorts in it on the worker thread.
DEFAULT_SORT = (Column.DEPARTURE, Qt.SortOrder.DescendingOrder)
# Up to this many changed trips are updated row by row; more (an import) reset the model.
MAX_IN_PLACE = 50  # by number: `Column(n)` costs an enum look-up per cell
_NUMBERS = (Column.DAYS, Column.WHOLE_DAYS)
_TEXTS = (Column.DESTINATION, Column.PURPOSE, Column.NOTE)


@dataclass(frozen=True, slots=True)
class TripRow:
    """One table row: the stored trip plus what the table shows about it."""

    trip: TripView
    state: TripState
    days: int
    whole_days: int
    flag: str = ""  # a warning about the trip itself (a trip to Ukraine, rules.md §1.3a)

    @classmethod
    def of(cls, trip: TripView, today: date, flag: str = "") -> TripRow:
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
            flag=flag,
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
            # Planned trips are italic and say so in the days column: a "(planned)" here
            # would double the column's width and cut the purpose and note at 1280 px.
            return show_date(trip.departure)
        if column is Column.RETURN:
            if trip.return_date is None:
                return _("under way")
            if self.state is TripState.ABROAD_NOW:
                return _("{day}  (abroad now)").format(day=show_date(trip.return_date))
            return show_date(trip.return_date)
        if column is Column.DAYS:
            if self.state is TripState.UNDER_WAY:
                return _("{days} so far").format(days=show_number(self.days))
            if self.state is TripState.PLANNED:
                return _("{days} planned").format(days=show_number(self.days))
            return show_number(self.days)
        if column is Column.WHOLE_DAYS:
            return show_number(self.whole_days)
        if column is Column.DESTINATION:
            return destination_label(trip.destination)
        if column is Column.PURPOSE:
            return purpose_label(trip.purpose)
        # The note column has the room: a flag goes first, in words with its symbol.
        if self.flag:
            flag = _("✖ Revocation risk: trip to Ukraine during collective protection")
            if trip.note:
                return _("{flag}. {note}").format(flag=flag, note=trip.note)
            return flag
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


@dataclass(slots=True)
class ColumnSamples:
    """What the widest cell of each column can be, gathered in the one pass over the rows.

    The table sizes its columns from these with font metrics instead of asking `data()` for
    every cell (`resizeColumnToContents`: 166,000 calls for 2,000 trips).
    """

    texts: dict[Column, set[str]] = field(default_factory=dict)

    def add(self, column: Column, text: str) -> None:
        self.texts.setdefault(column, set()).add(text)


@dataclass(slots=True)
class PreparedRows:
    """The table's rows for a list of trips, with the planned count and the column samples:
    everything `set_trips` works out per trip, and nothing of Qt, so a worker thread can build
    it (100,000 rows take about half a second, which would freeze the window)."""

    today: date
    flags: dict[int, str]
    rows: list[TripRow]
    planned: int
    samples: ColumnSamples
    # `rows` in the table's default order (sorting 100,000 rows takes 0.2 s).
    in_default_order: list[TripRow] | None = None
    # The list the rows were made from: the same list fits without a look at each trip.
    source: Sequence[TripView] | None = None

    def fits(self, trips: Sequence[TripView], today: date, flags: Mapping[int, str]) -> bool:
        """Whether these are the rows of `trips` on `today` with `flags`."""
        if today != self.today or flags != self.flags or len(trips) != len(self.rows):
            return False
        # The list they were made from (a list is not changed once read), or the same trips.
        return trips is self.source or all(
            trip is row.trip for trip, row in zip(trips, self.rows, strict=True)
        )


def prepare_rows(
    trips: Sequence[TripView], today: date, flags: Mapping[int, str] | None = None
) -> PreparedRows:
    """The rows of `trips` in their order, for `TripTableModel.set_trips` (any thread)."""
    flags = dict(flags or {})
    rows = [TripRow.of(trip, today, flags.get(trip.id, "")) for trip in trips]
    planned, samples = _gather(rows)
    in_order = _sorted(rows, *DEFAULT_SORT)
    return PreparedRows(today, flags, rows, planned, samples, in_order, trips)


def _gather(rows: Sequence[TripRow]) -> tuple[int, ColumnSamples]:
    """Count planned trips and collect each column's candidate widest texts (one pass)."""
    samples = ColumnSamples()
    planned = 0
    most_days = most_whole = 0
    seen_states: set[TripState] = set()
    destinations: set[str | None] = set()
    purposes: set[str | None] = set()
    for row in rows:
        state = row.state
        if state is TripState.PLANNED:
            planned += 1
        if state not in seen_states:
            seen_states.add(state)
            # One row per state is enough: every date has the same width (ISO, digits).
            for column in (Column.DEPARTURE, Column.RETURN, Column.DAYS):
                samples.add(column, row.display(column))
        most_days = max(most_days, row.days)
        most_whole = max(most_whole, row.whole_days)
        destinations.add(row.trip.destination)
        purposes.add(row.trip.purpose)
    samples.add(Column.DAYS, str(most_days))
    if planned:
        samples.add(Column.DAYS, _("{days} planned").format(days=most_days))
    samples.add(Column.WHOLE_DAYS, str(most_whole))
    samples.texts[Column.DESTINATION] = {destination_label(d) for d in destinations}
    samples.texts[Column.PURPOSE] = {purpose_label(p) for p in purposes}
    return planned, samples


class TripTableModel(QAbstractTableModel):
    """A person's trips as a read-only table; `set_trips` replaces them all, `sort` orders them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TripRow] = []
        self._sort: tuple[Column, Qt.SortOrder] | None = None
        self._row_of: dict[int, int] | None = None
        self.planned = 0
        self.samples = ColumnSamples()
        self._today: date | None = None
        self._flags: dict[int, str] = {}

    def set_trips(
        self,
        trips: Sequence[TripView],
        today: date,
        flags: Mapping[int, str] | None = None,
        prepared: PreparedRows | None = None,
    ) -> None:
        """Show `trips` as they stand on `today` (in the current sort order, if any);
        `flags`: a warning per trip id; `prepared`: their rows, built on a worker thread.

        When only a few trips differ from what is shown (one edit), just their rows change:
        the view keeps its scroll position and selection, and nothing else is rebuilt.
        """
        flags = dict(flags or {})
        # Changed flags (a permit edit) can touch any row: rebuild rather than update in place.
        if flags == self._flags and self._update_in_place(trips, today):
            return
        if prepared is None or not prepared.fits(trips, today, flags):
            prepared = prepare_rows(trips, today, flags)
        self._today = today
        self._flags = flags
        self.beginResetModel()
        rows = prepared.rows
        if self._sort is None:
            self._rows = list(rows)
        elif self._sort == DEFAULT_SORT and prepared.in_default_order is not None:
            self._rows = list(prepared.in_default_order)
        else:
            self._rows = _sorted(rows, *self._sort)
        self._row_of = None
        self.planned, self.samples = prepared.planned, prepared.samples
        self.endResetModel()

    def _update_in_place(self, trips: Sequence[TripView], today: date) -> bool:
        """Replace the rows of changed trips if the trips are the same ones; False if not."""
        if today != self._today or len(trips) != len(self._rows) or not self._rows:
            return False
        row_of = self._rows_by_id()
        changed: list[tuple[int, TripView]] = []
        for trip in trips:
            n = row_of.get(trip.id)
            if n is None:
                return False  # another set of trips: a reset is simpler and as fast
            if self._rows[n].trip != trip:
                changed.append((n, trip))
                if len(changed) > MAX_IN_PLACE:
                    return False
        if not changed:
            return True
        resort = False
        for n, trip in changed:
            old = self._rows[n]
            self._rows[n] = new = TripRow.of(trip, today, self._flags.get(trip.id, ""))
            if self._sort is not None:
                resort |= old.sort_key(self._sort[0]) != new.sort_key(self._sort[0])
            # The samples only grow (a column may stay a little wide after an edit): going
            # over every row again costs 0.3 s with 100,000 trips.
            self.planned += (new.state is TripState.PLANNED) - (old.state is TripState.PLANNED)
            for column in _COLUMNS[: Column.NOTE]:
                self.samples.add(column, new.display(column))
            self.dataChanged.emit(self.index(n, 0), self.index(n, len(_COLUMNS) - 1))
        if resort and self._sort is not None:
            self.sort(*self._sort)
        return True

    def update_trips(
        self,
        fresh: Sequence[TripView],
        ids: AbstractSet[int],
        today: date,
        flags: Mapping[int, str],
    ) -> bool:
        """Put `fresh` in the place of the rows of `ids` (a trip of `ids` not in `fresh` was
        removed): rows are changed, removed or inserted where a full `set_trips` would put
        them, and nothing else is touched. False if that cannot be done (another day, other
        flags, too many trips): call `set_trips`."""
        if today != self._today or not self._rows or len(ids) > MAX_IN_PLACE:
            return False
        if _without(flags, ids) != _without(self._flags, ids):
            return False
        self._flags = dict(flags)
        row_of = self._rows_by_id()
        by_id = {trip.id: trip for trip in fresh}
        gone: list[int] = []
        to_insert: list[TripRow] = []
        for trip_id in ids:
            n = row_of.get(trip_id)
            trip = by_id.get(trip_id)
            new = TripRow.of(trip, today, flags.get(trip_id, "")) if trip is not None else None
            old = self._rows[n] if n is not None else None
            if old is not None:
                self.planned -= old.state is TripState.PLANNED
            if new is not None:
                self.planned += new.state is TripState.PLANNED
                for column in _COLUMNS[: Column.NOTE]:
                    self.samples.add(column, new.display(column))  # the samples only grow
            if n is not None and new is not None and self._fits_at(n, new):
                self._rows[n] = new
                self.dataChanged.emit(self.index(n, 0), self.index(n, len(_COLUMNS) - 1))
                continue
            if n is not None:
                gone.append(n)
            if new is not None:
                to_insert.append(new)
        for n in sorted(gone, reverse=True):  # from the bottom: the rows above keep their place
            self.beginRemoveRows(QModelIndex(), n, n)
            del self._rows[n]
            self.endRemoveRows()
        self._row_of = None
        for new in to_insert:
            at = self._position(new)
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, new)
            self.endInsertRows()
        return True

    def _order_key(self, row: TripRow) -> tuple[Any, ...]:
        """Where a row goes: the sort column's key, then the order the trips came in."""
        key = row.sort_key(self._sort[0]) if self._sort is not None else 0
        return (key, row.trip.departure, row.trip.id)

    def _descending(self) -> bool:
        return self._sort is not None and self._sort[1] == Qt.SortOrder.DescendingOrder

    def _before(self, a: TripRow, b: TripRow) -> bool:
        """True if row `a` goes above row `b`."""
        ka, kb = self._order_key(a), self._order_key(b)
        return ka > kb if self._descending() else ka < kb

    def _fits_at(self, n: int, row: TripRow) -> bool:
        rows = self._rows
        return (n == 0 or self._before(rows[n - 1], row)) and (
            n == len(rows) - 1 or self._before(row, rows[n + 1])
        )

    def _position(self, row: TripRow) -> int:
        lo, hi = 0, len(self._rows)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._before(self._rows[mid], row):
                lo = mid + 1
            else:
                hi = mid
        return lo

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by `column`'s values: one key per row, one stable sort."""
        if not 0 <= column < len(_COLUMNS):
            return
        self._sort = (_COLUMNS[column], order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[index.row()].trip.id for index in persistent]
        self._rows = _sorted(self._rows, _COLUMNS[column], order)
        self._row_of = None
        row_of = self._rows_by_id()
        self.changePersistentIndexList(
            persistent,
            [
                self.index(row_of[i], index.column())
                for i, index in zip(ids, persistent, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def row_at(self, row: int) -> TripRow:
        """The row at a (source) row number."""
        return self._rows[row]

    def row_of(self, trip_id: int) -> int | None:
        """The (source) row number showing `trip_id`, if any."""
        return self._rows_by_id().get(trip_id)

    def _rows_by_id(self) -> dict[int, int]:
        if self._row_of is None:
            self._row_of = {row.trip.id: n for n, row in enumerate(self._rows)}
        return self._row_of

    def rows(self) -> list[TripRow]:
        """Every row, in the model's order."""
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = _COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display(column)
        if role == SORT_ROLE:
            return row.sort_key(column)
        if role == TRIP_ROLE:
            return row.trip
        if role == SEARCH_ROLE:
            return row.search_text
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            return self._font(row.state)
        if role == Qt.ItemDataRole.ToolTipRole:
            # The full text of a cell the column is too narrow for, then what the state means.
            parts = [row.display(column)] if column in _TEXTS else []
            state = self._tooltip(row)
            tip = "\n".join([*filter(None, parts), *filter(None, [state, row.flag])])
            return plain_tooltip(tip) if tip else None  # a note must not render as markup
        if role == Qt.ItemDataRole.AccessibleTextRole:
            heading = _(HEADERS[column]).replace("\n", " ")
            return _("{heading}: {value}").format(heading=heading, value=row.display(column))
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
            return _("A planned trip: it is not counted in today's figures.")
        if row.state is TripState.UNDER_WAY:
            return _("You are abroad now: the days count up to today.")
        if row.state is TripState.ABROAD_NOW:
            return _("You are abroad now: only the days up to today count in today's figures.")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = _COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[column])
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = TOOLTIPS.get(column)
            return None if tip is None else _(tip)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class TripFilterProxy(QSortFilterProxyModel):
    """Keeps rows whose destination, purpose or note match the search; sorting is passed on to
    the `TripTableModel` below, which does it in one pass (the proxy keeps the source order)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        # Qt's own filter on the rows' case-folded search text, not a Python
        # `filterAcceptsRow`: with no search it lets every row through without calling Python
        # (a reset of 100,000 rows called it 100,000 times, 80 ms on the GUI thread).
        self.setFilterRole(SEARCH_ROLE)
        self.setFilterKeyColumn(0)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)  # both sides folded

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, TripTableModel):
            model.sort(column, order)

    def set_search(self, text: str) -> None:
        """Show only trips matching `text` (empty: all)."""
        self.setFilterFixedString(text.strip().casefold())

    def trip_at(self, index: AnyIndex) -> TripView | None:
        """The trip on the row of a proxy index."""
        trip = self.data(self.index(index.row(), 0), TRIP_ROLE)
        return trip if isinstance(trip, TripView) else None


def _without(flags: Mapping[int, str], ids: AbstractSet[int]) -> dict[int, str]:
    return {key: text for key, text in flags.items() if key not in ids}


def _sorted(rows: list[TripRow], column: Column, order: Qt.SortOrder) -> list[TripRow]:
    """`rows` ordered by `column`; descending is ascending reversed (ties too), as Qt's own
    proxy sorts, so a second click on a header turns the table exactly upside down. Ties keep
    the trips' own order (departure, then id) whatever the order before, so a row an edit
    puts back (`update_trips`) lands where a sort would put it."""
    # One column's keys are all ints or all strings; `Any` says so to mypy.
    keys: list[Any] = [(row.sort_key(column), row.trip.departure, row.trip.id) for row in rows]
    positions = sorted(range(len(rows)), key=keys.__getitem__)
    if order == Qt.SortOrder.DescendingOrder:
        positions.reverse()
    return [rows[n] for n in positions]
