"""The "Plan a trip" panel: pick dates or a length and see every rule's verdict as you type.

The panel only shows what `app.services.planner.Planner` computes. The planner's baseline (the
engine run over the record with its planned trips) is built in `refresh()`, which the main
window calls after every data change; each edit then costs one `Planner.answer` call, run
150 ms after the last keystroke so typing a date stays smooth. With a long travel history
(from `BACKGROUND_FROM` trips) the baseline and the first answer are worked out on a worker
thread and the panel says it is working meanwhile (issue 12: 0.25 s and more at 100,000).
"Add as planned trip" emits `trip_requested`; the main window adds the trip through its
undoable command.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.checklists import Checklist
from app.services.errors import AppError
from app.services.planner import MAX_TRIP_DAYS, GoalDates, PlanAnswer, Planner, RuleVerdict
from app.services.planner.text import days_words, plan_summary, safe_return_words, status_word
from app.services.profile import Convention, Profile, TripSpan
from app.services.rules.basis import Basis
from app.services.settings import DEFAULT_PR_WAITING_MONTHS
from app.services.wording import N_, _, ngettext
from app.ui.colors import BADGE_COLORS
from app.ui.labels import STATUS_SYMBOLS
from app.ui.qt_dates import show_date, show_number, to_date, to_qdate
from app.ui.strip_section import StripSection
from app.ui.what_if_list import WhatIfList
from app.ui.widgets import CountryCombo, make_date_edit

log = logging.getLogger(__name__)

# The record as the window's assessment prepared it (its evaluations are read, not run again),
# or the profile, today and the convention to prepare it from.
PlannerInputs = Callable[[], tuple[Profile, date, Convention] | Basis]
DEBOUNCE_MS = 150
# From this many trips `refresh` prepares the planner on a worker thread (the main window's
# threshold for its own refresh too); below it, at once (2,000 trips: a few ms).
BACKGROUND_FROM = 10_000
DEFAULT_DAYS = 14
# English here (read at import), translated where shown.
DISCLAIMER = N_("Borte is not legal advice. udi.no is the authority.")
# "Not affected" is neither good nor bad news: a neutral grey with white text (contrast > 7:1).
NEUTRAL_COLORS = ("#5f6368", "#ffffff")


def _label(parent: QWidget, text: str = "", *, bold: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


def _set_text(label: QLabel, text: str) -> None:
    """Set a label's text and hide it while empty (so empty lines leave no gaps)."""
    label.setText(text)
    label.setVisible(bool(text))


def badge_text(verdict: RuleVerdict, words: str) -> str:
    """Symbol and word, so the status never rests on colour alone."""
    symbol = "–" if not verdict.affected else STATUS_SYMBOLS[verdict.status]
    return f"{symbol} {words}"


def _make_planner(found: tuple[Profile, date, Convention] | Basis) -> Planner:
    """The planner over the record as the assessment prepared it, or over profile and today."""
    if isinstance(found, Basis):
        return Planner.of(found)
    return Planner(*found)


class VerdictRow:
    """One rule's labels in the verdict grid: badge, title, verdict, latest safe return."""

    def __init__(self, verdict: RuleVerdict, words: str, safe: str, grid: QGridLayout) -> None:
        parent = grid.parentWidget()
        assert parent is not None  # the grid is installed on its widget first
        self.verdict = verdict
        background, foreground = (
            BADGE_COLORS[verdict.status] if verdict.affected else NEUTRAL_COLORS
        )
        self.badge = QLabel(badge_text(verdict, words), parent)
        self.badge.setObjectName("planBadge")
        self.badge.setStyleSheet(
            f"QLabel#planBadge {{ background: {background}; color: {foreground}; "
            "border-radius: 4px; padding: 2px 8px; font-weight: bold; }"
        )
        self.badge.setAccessibleName(f"{verdict.title}: {words}")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = _label(parent, verdict.title, bold=True)
        self.message = _label(parent, verdict.message)
        self.safe = _label(parent, safe)
        self.safe.setVisible(bool(safe))
        row = grid.rowCount()
        grid.addWidget(self.badge, row, 0, 3, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.title, row, 1)
        grid.addWidget(self.message, row + 1, 1)
        grid.addWidget(self.safe, row + 2, 1)
        grid.setRowMinimumHeight(row + 3, 8)  # a gap before the next rule


class PlannerPanel(QWidget):
    """Try out a trip: verdicts per rule, latest safe returns, the dates it moves."""

    trip_requested = Signal(object)  # a TripSpan to add as a planned trip
    results_updated = Signal()  # after each recomputation (tests wait for it)

    def __init__(
        self,
        inputs: PlannerInputs,
        parent: QWidget | None = None,
        *,
        background_from: int = BACKGROUND_FROM,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Plan a trip"))
        self._inputs = inputs
        self._background_from = background_from
        # The preparation under way on a worker thread (its number; newer ones win).
        self._preparing: int | None = None
        self._preparations = 0
        self._planner: Planner | None = None
        self._key: tuple[Profile, date, Convention, int] | None = None
        self.answer: PlanAnswer | None = None
        # The goals' other conditions (rule id → checklist), to say what is still open.
        self.checklists: dict[str, Checklist] = {}
        self.verdict_rows: dict[str, VerdictRow] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._build()
        self.refresh()

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        tomorrow = date(2000, 1, 1)  # set from "today" in refresh()
        body = QWidget(self)
        column = QVBoxLayout(body)
        heading = _label(body, _("Plan a trip"), bold=True)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        heading.setFont(font)
        column.addWidget(heading)
        column.addWidget(
            _label(
                body,
                _(
                    "Check a trip against every rule before you book it. The answer counts the "
                    "trips you have already planned and updates as you type."
                ),
            )
        )
        self.strip_section = StripSection(body)
        self.strip = self.strip_section.strip
        self.strip_summary = self.strip_section.summary
        column.addWidget(self.strip_section)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.departure_edit = make_date_edit(body, tomorrow, _("Departure"))
        form.addRow(_("&Departure:"), self.departure_edit)
        self.return_radio = QRadioButton(_("&Return on"), body)
        self.length_radio = QRadioButton(_("&Length"), body)
        self.return_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.return_radio)
        group.addButton(self.length_radio)
        self.return_edit = make_date_edit(
            body, tomorrow + timedelta(days=DEFAULT_DAYS - 1), _("Return")
        )
        self.length_spin = QSpinBox(body)
        self.length_spin.setRange(1, MAX_TRIP_DAYS)
        self.length_spin.setValue(DEFAULT_DAYS)
        # "1 day", "14 days": the unit follows the number in the box.
        self.length_spin.setSuffix(ngettext(" day", " days", self.length_spin.value()))
        self.length_spin.valueChanged.connect(
            lambda n: self.length_spin.setSuffix(ngettext(" day", " days", n))
        )
        self.length_spin.setAccessibleName(_("Length in days"))
        self.length_spin.setEnabled(False)
        self.length_spin.setMinimumWidth(self.departure_edit.sizeHint().width())
        choice = QGridLayout()
        choice.addWidget(self.return_radio, 0, 0)
        choice.addWidget(self.return_edit, 0, 1)
        choice.addWidget(self.length_radio, 1, 0)
        choice.addWidget(self.length_spin, 1, 1)
        choice.setColumnStretch(2, 1)
        form.addRow(_("Back:"), choice)
        self.destination = CountryCombo(body)
        form.addRow(_("De&stination:"), self.destination)
        column.addLayout(form)

        self.summary = _label(body, bold=True)
        self.summary.setAccessibleName(_("Answer"))
        column.addWidget(self.summary)
        self._rows_column = column
        self.rows_widget = QWidget(body)
        column.addWidget(self.rows_widget)
        self.goals_label = _label(body)
        self.goals_label.setAccessibleName(_("Permanent residence and citizenship dates"))
        column.addWidget(self.goals_label)
        self.budget_label = _label(body)
        column.addWidget(self.budget_label)
        earliest_row = QHBoxLayout()
        self.earliest_label = _label(body)
        self.use_earliest_button = QPushButton(_("&Use this date"), body)
        self.use_earliest_button.setVisible(False)
        earliest_row.addWidget(self.earliest_label, 1)
        earliest_row.addWidget(self.use_earliest_button)
        column.addLayout(earliest_row)
        self.notes_label = _label(body)
        column.addWidget(self.notes_label)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("&Add as planned trip"), body)
        self.add_button.setEnabled(False)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.what_ifs = WhatIfList(self._record, body)
        column.addWidget(self.what_ifs)
        column.addWidget(_label(body, _(DISCLAIMER)))
        column.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.departure_edit.dateChanged.connect(self._on_input_changed)
        self.return_edit.dateChanged.connect(self._on_input_changed)
        self.length_spin.valueChanged.connect(self._on_input_changed)
        self.return_radio.toggled.connect(self._on_mode_toggled)
        self.destination.editTextChanged.connect(self._on_input_changed)
        self.destination.currentIndexChanged.connect(self._on_input_changed)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.use_earliest_button.clicked.connect(self._on_use_earliest_clicked)
        self.strip_section.chosen.connect(self._on_strip_chosen)
        self.what_ifs.add_button.clicked.connect(self._on_add_to_list_clicked)

    # -- public ----------------------------------------------------------------------------

    def set_checklists(self, checklists: Sequence[Checklist]) -> None:
        """The goals' other conditions, for the goal dates' "still open" line."""
        self.checklists = {checklist.rule_id: checklist for checklist in checklists}
        if self.answer is not None:
            goals = self.answer.plan.goals
            _set_text(self.goals_label, "\n".join(self._goal_line(g) for g in goals))

    def _goal_line(self, goal: GoalDates) -> str:
        checklist = self.checklists.get(goal.id)
        if checklist is None:
            return _("{title}: {message}").format(title=goal.title, message=goal.message)
        return _("{title}: {message} Other conditions: {summary}").format(
            title=goal.title, message=goal.message, summary=checklist.summary()
        )

    def _record(self) -> tuple[Profile, date, Convention]:
        """The person's record, today and the convention, from the inputs."""
        found = self._inputs()
        if isinstance(found, Basis):
            return found.profile, found.as_of, found.convention
        return found

    @property
    def preparing(self) -> bool:
        """True while the planner is being prepared on a worker thread."""
        return self._preparing is not None

    def refresh(self) -> None:
        """Re-read the person's record, today and the convention, and answer again now (or,
        with a long history, once the worker thread has prepared the planner)."""
        found = self._inputs()
        if isinstance(found, Basis):
            profile, as_of, convention = found.profile, found.as_of, found.convention
            key = (profile, as_of, convention, found.pr_waiting_months)
        else:
            profile, as_of, convention = found
            key = (profile, as_of, convention, DEFAULT_PR_WAITING_MONTHS)
        if key != self._key:
            first = self._key is None
            self._key = key
            tomorrow = as_of + timedelta(days=1)
            if first or to_date(self.departure_edit.date()) <= as_of:
                # A fresh question: a two-week trip from tomorrow.
                self.departure_edit.setDate(to_qdate(tomorrow))
                self.return_edit.setDate(to_qdate(tomorrow + timedelta(days=DEFAULT_DAYS - 1)))
            if len(profile.trips) >= self._background_from:
                self._timer.stop()
                self._prepare_in_background(found)
                return
            self._preparing = None  # a preparation under way is for an older record
            self._planner = _make_planner(found)
            self._planner_ready()
        self._timer.stop()
        self.recompute()

    def _planner_ready(self) -> None:
        self._start_strip()
        if self.what_ifs.trips:
            self.what_ifs.rejudge()

    def _question(self) -> Callable[[Planner], PlanAnswer] | None:
        """The question the form asks, as a call on a planner (None: no country in the form)."""
        departure = to_date(self.departure_edit.date())
        try:
            destination = self.destination.code()
        except ValueError:
            return None
        if self.length_radio.isChecked():
            days = self.length_spin.value()
            return lambda planner: planner.answer(departure, days=days, destination=destination)
        back = to_date(self.return_edit.date())
        return lambda planner: planner.answer(departure, return_date=back, destination=destination)

    def _prepare_in_background(self, found: tuple[Profile, date, Convention] | Basis) -> None:
        """Make the planner, and answer the question in the form, on a worker thread."""
        from app.ui.window_data import BackgroundRead

        self._preparations += 1
        number = self._preparations
        self._preparing = number
        self._planner = None
        self.answer = None
        self.add_button.setEnabled(False)
        self._new_rows_grid()
        self.summary.setText(_("Working out the answer…"))
        for label in (self.goals_label, self.budget_label, self.earliest_label, self.notes_label):
            _set_text(label, "")
        self.use_earliest_button.setVisible(False)
        question = self._question()

        def prepare() -> tuple[Planner, PlanAnswer | AppError | None]:
            planner = _make_planner(found)
            if question is None:
                return planner, None
            try:
                return planner, question(planner)
            except AppError as exc:
                return planner, exc

        worker = BackgroundRead(self)
        worker.finished.connect(lambda result: self._on_prepared(result, number, question))
        worker.start(prepare)

    def _on_prepared(
        self, result: object, number: int, question: Callable[[Planner], PlanAnswer] | None
    ) -> None:
        if number != self._preparing:
            return  # a newer refresh came meanwhile
        self._preparing = None
        if isinstance(result, BaseException):
            if isinstance(result, AppError):
                self._show_problem(str(result))
                self.results_updated.emit()
                return
            raise result  # to the crash handler, which logs it and tells the user
        assert isinstance(result, tuple)
        planner, answer = result
        self._planner = planner
        self._planner_ready()
        if self._timer.isActive() or question is None:
            self.recompute()  # the form changed meanwhile (or holds no country): ask it now
            self._timer.stop()
        elif isinstance(answer, AppError):
            self._show_problem(str(answer))
            self.results_updated.emit()
        else:
            self.answer = answer
            self._show(answer)
            self.results_updated.emit()

    def _start_strip(self) -> None:
        """Fill the calendar strip for the destination in the form (Schengen matters)."""
        if self._planner is None or self._key is None:
            return
        try:
            destination = self.destination.code()
        except ValueError:
            return  # text that is no country: the form says so
        self.strip_section.show_for(self._planner, self._key[1] + timedelta(days=1), destination)

    def set_trip(self, departure: date, return_date: date, destination: str | None = None) -> None:
        """Fill in a trip (the answer follows after the debounce)."""
        self.departure_edit.setDate(to_qdate(departure))
        self.return_radio.setChecked(True)
        self.return_edit.setDate(to_qdate(return_date))
        self.destination.set_code(destination)

    def recompute(self) -> None:
        """Answer the question the inputs ask, now (after the planner, if it is being
        prepared)."""
        if self._preparing is not None:
            return  # `_on_prepared` asks the form's question when the planner is ready
        self.answer = None
        self.add_button.setEnabled(False)
        try:
            self.answer = self._ask()
        except AppError as exc:
            self._show_problem(str(exc))
        except ValueError as exc:  # CountryCombo: text that is no country
            self._show_problem(f"{exc} is not a country Borte knows: pick one from the list.")
        else:
            self._show(self.answer)
        self.results_updated.emit()

    # -- work ------------------------------------------------------------------------------

    def _ask(self) -> PlanAnswer:
        if self._planner is None:  # pragma: no cover - refresh() runs in __init__
            raise AppError("Nothing to plan with yet.")
        departure = to_date(self.departure_edit.date())
        destination = self.destination.code()
        if self.length_radio.isChecked():
            return self._planner.answer(
                departure, days=self.length_spin.value(), destination=destination
            )
        return self._planner.answer(
            departure, return_date=to_date(self.return_edit.date()), destination=destination
        )

    def _new_rows_grid(self) -> QGridLayout:
        """Swap in an empty verdict grid (one grid, so the badges line up)."""
        fresh = QWidget(self.rows_widget.parentWidget())
        grid = QGridLayout(fresh)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        old = self.rows_widget
        self._rows_column.replaceWidget(old, fresh)
        old.hide()  # at once: deleteLater waits for the event loop
        old.deleteLater()
        self.rows_widget = fresh
        self.verdict_rows = {}
        return grid

    def _show_problem(self, text: str) -> None:
        self._new_rows_grid()
        self.summary.setText(f"✖ {text}")
        for label in (self.goals_label, self.budget_label, self.earliest_label, self.notes_label):
            _set_text(label, "")
        self.use_earliest_button.setVisible(False)

    def _show(self, answer: PlanAnswer) -> None:
        plan = answer.plan
        grid = self._new_rows_grid()
        for verdict in plan.verdicts:
            safe = ""
            if verdict.safe_return is not None:
                safe = safe_return_words(verdict.safe_return, plan.horizon_days)
            words = status_word(verdict, plan.goals)
            self.verdict_rows[verdict.id] = VerdictRow(verdict, words, safe, grid)
        self.summary.setText(plan_summary(answer))
        _set_text(self.goals_label, "\n".join(self._goal_line(g) for g in plan.goals))
        budget = plan.year_budget
        _set_text(
            self.budget_label,
            _(
                "Days you can still spend abroad in {year} without a citizenship deduction: "
                "{with_planned} with your planned trips, {with_trip} after this trip."
            ).format(
                year=budget.year,
                with_planned=show_number(budget.with_planned),
                with_trip=show_number(budget.with_trip),
            ),
        )
        self._show_earliest(answer)
        _set_text(self.notes_label, "\n".join(plan.notes))
        self.add_button.setEnabled(True)

    def _show_earliest(self, answer: PlanAnswer) -> None:
        earliest = answer.earliest
        self.use_earliest_button.setVisible(
            earliest is not None
            and earliest.departure is not None
            and earliest.departure != answer.plan.departure
        )
        if earliest is None:
            _set_text(self.earliest_label, "")
        elif earliest.departure is None:
            _set_text(
                self.earliest_label,
                _("No departure up to {date} keeps every rule OK for {days}.").format(
                    date=show_date(earliest.searched_until), days=days_words(earliest.days)
                ),
            )
        else:
            _set_text(
                self.earliest_label,
                _(
                    "Earliest departure for {days} that keeps every rule OK: {date} (back {back})."
                ).format(
                    days=days_words(earliest.days),
                    date=show_date(earliest.departure),
                    back=show_date(earliest.return_date),
                ),
            )

    # -- slots -----------------------------------------------------------------------------

    @Slot()
    def _on_input_changed(self) -> None:
        self._timer.start()  # restarts: the answer comes 150 ms after the last change

    @Slot(bool)
    def _on_mode_toggled(self, by_return: bool) -> None:
        self.return_edit.setEnabled(by_return)
        self.length_spin.setEnabled(not by_return)
        self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.recompute()
        self._start_strip()

    @Slot(object, int)
    def _on_strip_chosen(self, departure: date, days: int) -> None:
        """A day on the strip: that departure, for the longest safe trip (a day if none)."""
        self.departure_edit.setDate(to_qdate(departure))
        self.return_radio.setChecked(True)
        self.return_edit.setDate(to_qdate(departure + timedelta(days=max(days, 1) - 1)))

    def _answered_trip(self) -> TripSpan | None:
        """The trip the answer on screen is about (None while the inputs are wrong)."""
        if self.answer is None:
            return None
        plan = self.answer.plan
        return TripSpan(plan.departure, plan.return_date, plan.destination)

    @Slot()
    def _on_add_to_list_clicked(self) -> None:
        trip = self._answered_trip()
        if trip is not None:
            self.what_ifs.add_trip(trip)

    @Slot()
    def _on_add_clicked(self) -> None:
        trip = self._answered_trip()
        if trip is not None:
            self.trip_requested.emit(trip)

    @Slot()
    def _on_use_earliest_clicked(self) -> None:
        if self.answer is not None and self.answer.earliest is not None:
            departure = self.answer.earliest.departure
            if departure is not None:
                self.departure_edit.setDate(to_qdate(departure))
