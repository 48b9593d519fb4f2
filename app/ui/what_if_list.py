"""Several what-if trips at once: a list of proposed trips judged together, none saved.

Each trip is judged with the other proposed trips counted as planned trips
(`judge_together`, app/services/planner/batch.py), so two trips that are fine alone but too
much together show it. The list lives only in the window; closing Borte forgets it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import AppError
from app.services.planner.batch import MAX_WHAT_IFS, WhatIf, judge_together
from app.services.planner.model import TripPlan
from app.services.profile import Convention, Profile, Status, TripSpan
from app.services.results import worst
from app.services.wording import _, days_words, ngettext, status_text
from app.ui.labels import destination_label
from app.ui.qt_dates import show_date

WhatIfInputs = Callable[[], tuple[Profile, date, Convention]]


def _worst(plan: TripPlan) -> Status:
    return worst(Status.GREEN, *(v.status for v in plan.verdicts if v.affected))


def _problems(plan: TripPlan) -> list[str]:
    """The rules this trip strains, with the planner's own message for each."""
    return [
        _("{rule}: {message}").format(rule=v.title, message=v.message)
        for v in plan.verdicts
        if v.affected and v.status is not Status.GREEN
    ]


def together_sentence(judged: WhatIf) -> str:
    """The list's verdict in one sentence."""
    count = len(judged.trips)
    if judged.status is Status.GREEN:
        return ngettext(
            "✔ Together: every rule stays OK with this trip.",
            "✔ Together: every rule stays OK with these {count} trips.",
            count,
        ).format(count=count)
    strained = sorted(
        {
            v.title
            for plan in judged.plans
            for v in plan.verdicts
            if v.affected and v.status is judged.status
        }
    )
    if judged.status is Status.RED:
        return _("✖ Together these trips go over the limit for {rules}.").format(
            rules=", ".join(strained)
        )
    return _("▲ Together these trips come close to the limit for {rules}.").format(
        rules=", ".join(strained)
    )


class WhatIfList(QWidget):
    """The proposed trips, their verdicts together, and buttons to add, remove and clear."""

    judged = Signal()  # after each judgement (tests wait for it)

    def __init__(self, inputs: WhatIfInputs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Several trips together"))
        self._inputs = inputs
        self.trips: list[TripSpan] = []
        self.result: WhatIf | None = None
        heading = QLabel(_("Several trips together"), self)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        hint = QLabel(
            _(
                "Add the trip above to this list to try several trips at once: each is "
                "judged with the others counted. Nothing here is saved."
            ),
            self,
        )
        hint.setWordWrap(True)
        self.add_button = QPushButton(_("Add to the &list"), self)
        self.add_button.setToolTip(_("Put the trip above on the list of trips to try together"))
        self.remove_button = QPushButton(_("Remove"), self)
        self.clear_button = QPushButton(_("Clear the list"), self)
        columns = [_("Departure"), _("Return"), _("Destination"), _("Days"), _("Together")]
        self.table = QTableWidget(0, len(columns), self)
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setAccessibleName(_("Trips to try together"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(columns) - 1, QHeaderView.ResizeMode.Stretch)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.verdict)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self._show()

    def add_trip(self, trip: TripSpan) -> None:
        """Put a trip on the list and judge the list again."""
        if len(self.trips) >= MAX_WHAT_IFS:
            self.verdict.setText(
                _("Try at most {count} trips together.").format(count=MAX_WHAT_IFS)
            )
            return
        self.trips.append(trip)
        self.rejudge()

    def rejudge(self) -> None:
        """Judge the list again (after a data change, or a change to the list)."""
        self.result = None
        problem = ""
        if self.trips:
            profile, as_of, convention = self._inputs()
            try:
                self.result = judge_together(profile, as_of, self.trips, convention)
            except AppError as exc:
                problem = str(exc)
        self._show(problem)
        self.judged.emit()

    def _show(self, problem: str = "") -> None:
        self.table.setRowCount(len(self.trips))
        for row, trip in enumerate(self.trips):
            back = trip.return_date or trip.departure
            cells = [
                show_date(trip.departure),
                show_date(back),
                destination_label(trip.destination) or _("Not given"),
                days_words((back - trip.departure).days + 1),
                "",
            ]
            tooltip = ""
            if self.result is not None:
                plan = self.result.plans[row]
                cells[-1] = status_text(_worst(plan))
                tooltip = "\n".join(_problems(plan)) or _("Every rule stays OK.")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if tooltip:
                    item.setToolTip(tooltip)
                self.table.setItem(row, column, item)
        has = bool(self.trips)
        self.table.setVisible(has)
        self.remove_button.setEnabled(has)
        self.clear_button.setEnabled(has)
        if problem:
            self.verdict.setText(f"✖ {problem}")
        elif self.result is not None:
            self.verdict.setText(together_sentence(self.result))
        else:
            self.verdict.setText(_("No trips on the list yet."))
        if has:
            # Tall enough for every row: the planner tab scrolls as a whole.
            rows = sum(self.table.rowHeight(r) for r in range(len(self.trips)))
            frame = 2 * self.table.frameWidth()
            header = self.table.horizontalHeader().sizeHint().height()
            self.table.setFixedHeight(rows + header + frame + 2)

    @Slot()
    def _on_remove_clicked(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.trips:
            rows = [len(self.trips) - 1]  # nothing selected: the last one added
        for row in rows:
            del self.trips[row]
        self.rejudge()

    @Slot()
    def _on_clear_clicked(self) -> None:
        self.trips = []
        self.rejudge()
