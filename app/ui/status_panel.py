"""The status panel: the trip under way, the headline, one tile per rule, then the rest in brief.

Laid out to answer "am I safe?" without scrolling: the verdict on top, compact tiles (two side
by side on a wide panel), and the reminders and rules that do not apply below them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.services.results import Evaluation, RuleResult
from app.services.wording import N_, _
from app.ui.colors import BADGE_COLORS
from app.ui.labels import CONVENTION_HEADINGS, STATUS_SYMBOLS
from app.ui.not_applying import not_applying_labels
from app.ui.qt_dates import show_date
from app.ui.reminder_list import ReminderList
from app.ui.status_card import StatusCard
from app.ui.under_way_banner import UnderWayBanner

if TYPE_CHECKING:
    from app.services.assessment import Assessment  # loads the engine: not before the first frame
    from app.services.checklists import Checklist
    from app.services.reminders import Reminder

# English here (read at import), translated where shown.
DISCLAIMER = N_("Borte is not legal advice. udi.no is the authority.")
# Two tiles side by side from this panel width (px); below it they stack.
TILE_MIN_WIDTH = 340
# Tiles built in the first turn of the first show (the first row); the rest, one a turn.
FIRST_TILES = 1


class StatusPanel(QScrollArea):
    """Where the person stands under each rule; `show_evaluation` redraws it.

    The content is built a piece per event-loop turn (issue 12: laying out some fifty
    word-wrapped labels at once froze the window for 100–170 ms). On the first show the
    heading, the headline and the first row of tiles go on screen at once and the rest follow;
    a later show builds its content off screen and swaps it in whole, so what is on screen
    never shrinks or jumps while it is rebuilt. A newer `show_evaluation` drops a build under
    way. Reading what the panel shows (`cards`, `reminders`, …) finishes the build first.
    """

    checklist_requested = Signal()  # a goal card's "Tick off conditions…"
    built = Signal()  # the content of the last `show_evaluation` is complete

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Status under each rule"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(340)
        self._cards: list[StatusCard] = []
        self._heading = QLabel(self)
        self._headline = QLabel(self)
        self._reminders = ReminderList(scrolling=False)  # replaced by `show_evaluation`
        self._banner = UnderWayBanner(self)
        self._convention_label = QLabel(self)
        self._needs_permit = QLabel(self)
        self._not_applicable = QLabel(self)
        self._content: QWidget | None = None
        self._tiles = QGridLayout()
        self._columns = 0
        self._tile_count = 0
        # The build under way: what is left to do, one call per event-loop turn.
        self._steps: list[Callable[[], None]] = []
        self._building: QWidget | None = None  # content being built off screen
        self._step_timer = QTimer(self)
        self._step_timer.setInterval(0)
        self._step_timer.timeout.connect(self._on_step_timer_timeout)

    # What is shown; each finishes a build under way, so readers see the whole content.

    @property
    def cards(self) -> list[StatusCard]:
        """One tile per rule, in the evaluation's order."""
        self.finish_now()
        return self._cards

    @property
    def banner(self) -> UnderWayBanner:
        """The trip under way."""
        self.finish_now()
        return self._banner

    @property
    def heading(self) -> QLabel:
        """ "Where you stand on …"."""
        self.finish_now()
        return self._heading

    @property
    def headline(self) -> QLabel:
        """The most urgent thing, in one sentence."""
        self.finish_now()
        return self._headline

    @property
    def reminders(self) -> ReminderList:
        """The coming deadlines."""
        self.finish_now()
        return self._reminders

    @property
    def needs_permit(self) -> QLabel:
        """The rules that wait for a permit."""
        self.finish_now()
        return self._needs_permit

    @property
    def not_applicable(self) -> QLabel:
        """The rules that do not apply now."""
        self.finish_now()
        return self._not_applicable

    @property
    def convention_label(self) -> QLabel:
        """How days are counted."""
        self.finish_now()
        return self._convention_label

    def widget(self) -> QWidget | None:
        """The content on screen (after the build under way has finished)."""
        self.finish_now()
        return super().widget()

    @property
    def building(self) -> bool:
        """True while part of the last `show_evaluation` is still to be built."""
        return bool(self._steps)

    def finish_now(self) -> None:
        """Build what is left of the content at once."""
        while self._steps:
            self._step()

    def _step(self) -> None:
        self._steps.pop(0)()
        if not self._steps:
            self._step_timer.stop()
            self.built.emit()

    @Slot()
    def _on_step_timer_timeout(self) -> None:
        if self._steps:
            self._step()
        else:
            self._step_timer.stop()

    def show_evaluation(
        self,
        evaluation: Evaluation,
        *,
        warning_margin: int,
        reminders: Sequence[Reminder] = (),
        scope: str = "",
        assessment: Assessment | None = None,
        checklists: Sequence[Checklist] = (),
    ) -> None:
        """Show the trip under way, the headline, one tile per rule in `evaluation`, then the
        coming deadlines and the rules that do not apply. `scope` keeps calendar entries of
        different people apart. With `assessment` (the read model of the same evaluation),
        the headline sentence, each rule's explanation and its come-home-by date are shown."""
        # Rebuilt rather than updated: a handful of tiles, and a rule can appear or vanish.
        self._drop_build()
        content = QWidget(self)
        content.setVisible(False)  # shown by `setWidget`, once its first part is in
        layout = QVBoxLayout(content)
        layout.setSpacing(6)
        self._banner = UnderWayBanner(content)
        self._banner.show_assessment(assessment, warning_margin, {r.id for r in evaluation.rules})
        layout.addWidget(self._banner)
        self._heading = QLabel(
            _("<b>Where you stand on {date}</b>").format(date=show_date(evaluation.as_of)),
            content,
        )
        self._heading.setWordWrap(True)
        layout.addWidget(self._heading)
        self._headline = self._make_headline(assessment, content)
        layout.addWidget(self._headline)
        self._cards = []
        self._tiles = QGridLayout()
        self._tiles.setSpacing(6)
        self._columns = 0
        self._tile_count = len(evaluation.rules)
        layout.addLayout(self._tiles)
        self._place_tiles()
        if not evaluation.rules:
            empty = QLabel(
                _(
                    "No rule can be worked out yet. Add your trips, your residence permit and "
                    "the date you arrived in Norway."
                ),
                content,
            )
            empty.setWordWrap(True)
            layout.addWidget(empty)
        maker = _CardMaker(evaluation, warning_margin, assessment, checklists, content)
        steps: list[Callable[[], None]] = [
            partial(self._add_card, maker, result) for result in evaluation.rules
        ]
        steps.append(partial(self._add_rest, content, evaluation, reminders, scope))
        # Last, what is behind each tile's "Why?" (hidden, so it costs no layout).
        details = [partial(self._build_details, index) for index in range(len(evaluation.rules))]
        scroll = self.verticalScrollBar().value()
        if self._content is None:
            # The first show (the loading word is on screen): the heading, the headline and
            # the first tiles at once, the rest in the turns that follow.
            for step in steps[:FIRST_TILES]:
                step()
            self._steps = [*steps[FIRST_TILES:], *details]
            self.setWidget(content)  # deletes the loading word
            self._content = content
        else:
            # Built off screen and set once, where the old content was.
            def swap() -> None:
                self.setWidget(content)  # deletes the previous content widget
                self._content = content
                self.verticalScrollBar().setValue(scroll)

            self._steps = [*steps, swap, *details]
            self._building = content
        if self._steps:
            self._step_timer.start()
        else:
            self.built.emit()  # it all went in at once

    def _drop_build(self) -> None:
        """Forget a build under way (a newer show replaces it)."""
        self._steps = []
        self._step_timer.stop()
        if self._building is not None and self._building is not self._content:
            self._building.deleteLater()
        self._building = None

    @staticmethod
    def _make_headline(assessment: Assessment | None, content: QWidget) -> QLabel:
        """The most urgent thing first, in one sentence (hidden without an assessment)."""
        headline = QLabel(content)
        headline.setObjectName("headline")
        headline.setWordWrap(True)
        headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if assessment is not None:
            background, foreground = BADGE_COLORS[assessment.headline.status]
            headline.setText(
                f"{STATUS_SYMBOLS[assessment.headline.status]} {assessment.headline.text}"
            )
            headline.setStyleSheet(
                f"QLabel#headline {{ background: {background}; color: {foreground}; "
                "border-radius: 6px; padding: 8px; font-weight: bold; }"
            )
            headline.setAccessibleName(_("Headline: {text}").format(text=assessment.headline.text))
        headline.setVisible(assessment is not None)
        return headline

    def _add_card(self, maker: _CardMaker, result: RuleResult) -> None:
        card = maker.make(result)
        card.checklist_requested.connect(self.checklist_requested)
        index = len(self._cards)
        self._cards.append(card)
        columns = max(self._columns, 1)
        self._tiles.addWidget(card, index // columns, index % columns, Qt.AlignmentFlag.AlignTop)

    def _build_details(self, index: int) -> None:
        self._cards[index].build_details()

    def _add_rest(
        self,
        content: QWidget,
        evaluation: Evaluation,
        reminders: Sequence[Reminder],
        scope: str,
    ) -> None:
        """Below the tiles: the rules with no tile, the deadlines, how days are counted."""
        layout = content.layout()
        assert layout is not None
        # The rules that wait for a permit belong with the tiles: they are rules with no tile.
        self._needs_permit, self._not_applicable = not_applying_labels(
            evaluation.not_applicable, content
        )
        layout.addWidget(self._needs_permit)
        # Deadlines below the tiles: the verdict first, then what is coming (rules.md §8).
        # The panel scrolls as a whole, so the list shows all its rows instead of scrolling.
        self._reminders = ReminderList(content, scrolling=False)
        self._reminders.set_reminders(list(reminders), as_of=evaluation.as_of, scope=scope)
        layout.addWidget(self._reminders)
        layout.addWidget(self._not_applicable)
        # How days are counted: needed to read the figures, but not before them.
        self._convention_label = QLabel(
            _("<small>{convention} (change this in Settings).</small>").format(
                convention=html.escape(CONVENTION_HEADINGS[evaluation.convention])
            ),
            content,
        )
        self._convention_label.setWordWrap(True)
        layout.addWidget(self._convention_label)
        disclaimer = QLabel(f"<small>{html.escape(_(DISCLAIMER))}</small>", content)
        disclaimer.setWordWrap(True)
        layout.addWidget(disclaimer)
        assert isinstance(layout, QVBoxLayout)
        layout.addStretch(1)

    def tile_columns(self) -> int:
        """How many tiles side by side fit the panel's width (one on a narrow panel)."""
        return max(1, min(self._tile_count, self.viewport().width() // TILE_MIN_WIDTH, 2))

    def _place_tiles(self) -> None:
        columns = self.tile_columns()
        if columns == self._columns:
            return
        self._columns = columns
        for card in self._cards:
            self._tiles.removeWidget(card)
        for index, card in enumerate(self._cards):
            self._tiles.addWidget(
                card, index // columns, index % columns, Qt.AlignmentFlag.AlignTop
            )
        for column in range(2):
            self._tiles.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._content is not None or self._building is not None:
            self._place_tiles()

    def card(self, rule_id: str) -> StatusCard | None:
        """The card for one rule id, if that rule applies."""
        return next((card for card in self.cards if card.result.id == rule_id), None)


class _CardMaker:
    """Makes the tile for one rule of an evaluation (with its projection, explanation and
    checklist), so the tiles can be made one at a time."""

    def __init__(
        self,
        evaluation: Evaluation,
        warning_margin: int,
        assessment: Assessment | None,
        checklists: Sequence[Checklist],
        content: QWidget,
    ) -> None:
        self.evaluation = evaluation
        self.warning_margin = warning_margin
        self.content = content
        projection = evaluation.projection
        self.projected: dict[str, RuleResult] = (
            {rule.id: rule for rule in projection.rules} if projection is not None else {}
        )
        self.by_id = {r.id: r for r in assessment.rules} if assessment is not None else {}
        self.by_rule = {checklist.rule_id: checklist for checklist in checklists}

    def make(self, result: RuleResult) -> StatusCard:
        projection = self.evaluation.projection
        assessed = self.by_id.get(result.id)
        return StatusCard(
            result,
            as_of=self.evaluation.as_of,
            warning_margin=self.warning_margin,
            projected=self.projected.get(result.id),
            projected_through=projection.through if projection is not None else None,
            checklist=self.by_rule.get(result.id),
            parent=self.content,
            explanation=assessed.explanation.text if assessed is not None else None,
            come_home_by=assessed.come_home_by if assessed is not None else None,
            details_later=True,
        )
