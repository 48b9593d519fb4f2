"""Several what-if trips at once: a list of proposed trips judged together, none saved.

Each trip is judged with the other proposed trips counted as planned trips
(`judge_one` per trip, as `judge_together` in app/services/planner/batch.py), so two trips
that are fine alone but too much together show it. Each trip is a planner of its own (about
85 ms at 2,000 trips, 3.7 s at 100,000), so the list is judged on a worker thread and the
window never waits for it; a new judgement cancels the one under way and only the newest is
shown. The list lives only in the window; closing Borte forgets it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
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

from app.frame_room import roomy
from app.services.errors import AppError
from app.services.planner.batch import MAX_WHAT_IFS, WhatIf, check_what_ifs, judge_one
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


class _Signals(QObject):
    finished = Signal(object, object)  # the task, and a WhatIf, an AppError or a bug


class _JudgeTask(QRunnable):
    """`judge_together` off the window's thread, a trip at a time so a cancel is quick."""

    def __init__(
        self, profile: Profile, as_of: date, trips: tuple[TripSpan, ...], convention: Convention
    ) -> None:
        super().__init__()
        self.signals = _Signals()
        self.cancel = threading.Event()
        self.inputs = (profile, as_of, trips, convention)

    def judge(self) -> WhatIf | AppError | None:
        """The list's judgement (None if cancelled on the way)."""
        profile, as_of, trips, convention = self.inputs
        plans: list[TripPlan] = []
        for index, trip in enumerate(trips):
            if self.cancel.is_set():
                return None
            try:
                plans.append(judge_one(profile, as_of, trips, index, convention))
            except AppError as exc:
                # Name the trip: the list may hold twelve (and one may have been overtaken
                # by the day changing while the window was open).
                return AppError(
                    _("The trip leaving {departure} (back {back}): {problem}").format(
                        departure=show_date(trip.departure),
                        back=show_date(trip.return_date or trip.departure),
                        problem=str(exc),
                    )
                )
        return WhatIf(trips, tuple(plans))

    def run(self) -> None:
        outcome: object
        try:
            outcome = roomy(self.judge)  # its frames in one chunk (app/frame_room.py)
        except Exception as err:  # noqa: BLE001 - handed to the window's thread, raised there
            outcome = err
        self.signals.finished.emit(self, outcome)


# Every task still running, cancelled or not: a QRunnable must outlive its thread's run.
_RUNNING: set[_JudgeTask] = set()


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
        self._task: _JudgeTask | None = None  # the judgement under way
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
        """Judge the list again (after a data change, or a change to the list) on a worker
        thread; `judged` follows when done. A judgement under way is cancelled and dropped."""
        self.result = None
        self._cancel_task()
        if not self.trips:
            self._finish(None)
            return
        try:
            check_what_ifs(self.trips)
        except AppError as exc:
            self._finish(exc)
            return
        profile, as_of, convention = self._inputs()
        task = _JudgeTask(profile, as_of, tuple(self.trips), convention)
        task.setAutoDelete(False)  # kept in `_RUNNING` until it reports
        task.signals.finished.connect(self._on_task_finished)
        _RUNNING.add(task)
        self._task = task
        self._show()
        QThreadPool.globalInstance().start(task)

    @property
    def busy(self) -> bool:
        """Whether a judgement is under way."""
        return self._task is not None

    def finish_now(self) -> None:
        """Judge the list at once on this thread (tests)."""
        task = self._task
        if task is None:
            return
        self._cancel_task()
        self._finish(_JudgeTask(*task.inputs).judge())

    def _cancel_task(self) -> None:
        if self._task is not None:
            self._task.cancel.set()
            self._task = None

    @Slot(object, object)
    def _on_task_finished(self, task: _JudgeTask, outcome: object) -> None:
        _RUNNING.discard(task)
        if task is not self._task:
            return  # cancelled: a newer judgement replaced it
        self._task = None
        if isinstance(outcome, Exception) and not isinstance(outcome, AppError):
            raise outcome  # a bug: to sys.excepthook, from the window's thread
        assert outcome is None or isinstance(outcome, WhatIf | AppError)
        self._finish(outcome)

    def _finish(self, outcome: WhatIf | AppError | None) -> None:
        self.result = outcome if isinstance(outcome, WhatIf) else None
        self._show(str(outcome) if isinstance(outcome, AppError) else "")
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
            if self._task is not None:
                cells[-1] = "…"
            elif self.result is not None and row < len(self.result.plans):
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
        elif self._task is not None:
            self.verdict.setText(_("Working out these trips together…"))
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
