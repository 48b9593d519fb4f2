"""The "Trips" tab: search box, the trip table, and the totals per year on demand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.profile import TripSpan
from app.services.views import TripView
from app.services.wording import _, ngettext
from app.ui.qt_dates import show_number
from app.ui.trip_table_model import (
    DEFAULT_SORT,
    Column,
    PreparedRows,
    TripFilterProxy,
    TripTableModel,
)

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def total_headers() -> list[str]:
    """The headings of the totals per year."""
    return [_("Year"), _("Days abroad"), _("Whole days"), _("Planned days")]


MIN_NOTE_WIDTH = 140
MIN_TEXT_WIDTH = 96


class TripTable(QWidget):
    """The trip list with its search box; emits `edit_requested` on Enter or double-click."""

    edit_requested = Signal(object)  # TripView
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TripTableModel(self)
        self.proxy = TripFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search destination, purpose or note"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search trips"))
        self.search.textChanged.connect(self._on_search_text_changed)
        self.count_label = QLabel(self)
        self.totals_button = QPushButton(_("Totals per year"), self)
        self.totals_button.setCheckable(True)
        self.totals_button.setToolTip(_("Show the days abroad in each calendar year"))
        self.totals_button.toggled.connect(self._on_totals_button_toggled)

        self.view = QTableView(self)
        self.view.setObjectName("tripTable")
        self.view.setAccessibleName(_("Trips"))
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(*DEFAULT_SORT)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        row_height = self.view.fontMetrics().height() + 10
        self.view.verticalHeader().setDefaultSectionSize(row_height)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Enter and double-click both arrive as `activated` (QAbstractItemView).
        self.view.activated.connect(self._on_view_activated)
        selection = self.view.selectionModel()
        selection.selectionChanged.connect(self._on_selection_changed)

        self.legend = QLabel(
            _(
                "<i>Italic (planned)</i>: trips still to come, not in today's figures. "
                "<b>Bold (under way / abroad now)</b>: the trip you are on."
            ),
            self,
        )
        self.legend.setWordWrap(True)

        self.totals = QTableWidget(0, 4, self)
        self.totals.setAccessibleName(_("Days abroad per year"))
        self.totals.setHorizontalHeaderLabels(total_headers())
        self.totals.verticalHeader().setVisible(False)
        self.totals.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.totals.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.totals.verticalHeader().setDefaultSectionSize(row_height)
        # About seven years at a glance; older ones scroll.
        self.totals.setMaximumHeight(row_height * 8 + 6)
        self.totals.setVisible(False)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.totals_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 3)
        layout.addWidget(self.legend)
        layout.addWidget(self.totals, 1)
        self.setTabOrder(self.search, self.view)
        self.setTabOrder(self.view, self.totals_button)
        self._today = date.min
        self._select_later: int | None = None

    def set_trips(
        self,
        trips: Sequence[TripView],
        today: date,
        flags: Mapping[int, str] | None = None,
        *,
        changed: AbstractSet[int] | None = None,
        prepared: PreparedRows | None = None,
    ) -> None:
        """Show `trips` as they stand on `today`, keeping the selection where trips remain;
        `flags`: a warning per trip id (shown in the note column). `changed`: the only trip
        ids that differ from what is shown (an edit), so only their rows are touched;
        `prepared`: the rows, built on a worker thread."""
        selected = {trip.id for trip in self.selected_trips()}
        if self._select_later is not None:
            selected, self._select_later = {self._select_later}, None
        self._today = today
        flags = flags or {}
        if changed is None or not self.model.update_trips(
            [trip for trip in trips if trip.id in changed], changed, today, flags
        ):
            self.model.set_trips(trips, today, flags, prepared)
        self._fit_columns()
        self._reselect(selected)
        self._update_count()
        if self.totals.isVisible():
            self._fill_totals()

    def selected_trips(self) -> list[TripView]:
        """The selected trips, in table order."""
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        trips = [self.proxy.trip_at(self.proxy.index(row, 0)) for row in rows]
        return [trip for trip in trips if trip is not None]

    def select_trip(self, trip_id: int) -> None:
        """Select and scroll to one trip, if it is shown; a trip not in the table yet (the
        window still counting a long history on its worker thread) once it arrives."""
        self._select_later = None if self.model.row_of(trip_id) is not None else trip_id
        self._reselect({trip_id})

    def _reselect(self, trip_ids: set[int]) -> None:
        """Select the rows of `trip_ids` (looked up by id, not by walking every row)."""
        selection = self.view.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for trip_id in trip_ids:
            source_row = self.model.row_of(trip_id)
            if source_row is None:
                continue
            index = self.proxy.mapFromSource(self.model.index(source_row, 0))
            if not index.isValid():  # hidden by the search
                continue
            selection.select(index, flags)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(index)

    def content_widths(self) -> dict[Column, int]:
        """Each column's width for its widest text, from font metrics (no call to `data()`).

        The model gathers the candidate texts in its one pass over the rows; they are measured
        in bold italic, the widest shape a row takes, plus the cell margins Qt's delegate adds.
        """
        font = QFont(self.view.font())
        font.setBold(True)
        font.setItalic(True)
        metrics = QFontMetrics(font)
        style = self.view.style()
        # Qt's delegate adds a focus-frame margin on each side, the view one pixel of grid.
        focus = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.view)
        margin = 2 * (focus + 1) + int(self.view.showGrid())
        header = self.view.horizontalHeader()
        widths: dict[Column, int] = {}
        for column in Column:
            if column is Column.NOTE:
                continue
            texts = self.model.samples.texts.get(column, set())
            cells = max((metrics.horizontalAdvance(text) for text in texts), default=0) + margin
            widths[column] = max(cells, header.sectionSizeHint(column))
        return widths

    def _fit_columns(self) -> None:
        """Size columns to their contents, then narrow the text columns until the note fits.

        Cells elide what no longer fits ("Work trip for empl…"), which reads better than a
        table that runs off the right edge on a 1280-pixel screen.
        """
        header = self.view.horizontalHeader()
        widths = {column: min(width + 4, 240) for column, width in self.content_widths().items()}
        spare = self.view.viewport().width() - sum(widths.values()) - MIN_NOTE_WIDTH
        for column in (Column.PURPOSE, Column.DESTINATION):
            if spare >= 0:
                break
            cut = min(-spare, widths[column] - MIN_TEXT_WIDTH)
            if cut > 0:
                widths[column] -= cut
                spare += cut
        for column, width in widths.items():
            header.resizeSection(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        planned = self.model.planned
        if shown == total:
            text = ngettext("{count} trip", "{count} trips", total).format(count=show_number(total))
        else:
            text = ngettext("{shown} of {count} trip", "{shown} of {count} trips", total).format(
                shown=show_number(shown), count=show_number(total)
            )
        if planned:
            text = ngettext("{trips}, {count} planned", "{trips}, {count} planned", planned).format(
                trips=text, count=show_number(planned)
            )
        self.count_label.setText(text)

    def _fill_totals(self) -> None:
        from app.services.year_totals import days_per_year  # numpy: only when asked for

        spans = [
            TripSpan(row.trip.departure, row.trip.return_date, row.trip.destination)
            for row in self.model.rows()
        ]
        years = list(reversed(days_per_year(spans, self._today)))
        self.totals.setRowCount(len(years))
        for row, year in enumerate(years):
            values = (year.year, year.inclusive, year.whole_days, year.planned)
            for column, value in enumerate(values):
                item = QTableWidgetItem(
                    str(value) if column == 0 else show_number(value) if value else "–"
                )
                if column:
                    item.setTextAlignment(_RIGHT)
                self.totals.setItem(row, column, item)

    @Slot(str)
    def _on_search_text_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    @Slot(bool)
    def _on_totals_button_toggled(self, checked: bool) -> None:
        self.totals.setVisible(checked)
        if checked:
            self._fill_totals()

    @Slot(QModelIndex)
    def _on_view_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        trip = self.proxy.trip_at(index)
        if trip is not None:
            self.edit_requested.emit(trip)

    @Slot()
    def _on_selection_changed(self) -> None:
        self.selection_changed.emit()
