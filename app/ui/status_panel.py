"""The status panel: the trip under way, the headline, one tile per rule, then the rest in brief.

Laid out to answer "am I safe?" without scrolling: the verdict on top, compact tiles (two side
by side on a wide panel), and the reminders and rules that do not apply below them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
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


class StatusPanel(QScrollArea):
    """Where the person stands under each rule; `show_evaluation` redraws it."""

    checklist_requested = Signal()  # a goal card's "Tick off conditions…"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Status under each rule"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(340)
        self.cards: list[StatusCard] = []
        self.heading = QLabel(self)
        self.headline = QLabel(self)
        self.reminders = ReminderList(scrolling=False)  # replaced by `show_evaluation`
        self.banner = UnderWayBanner(self)
        self.convention_label = QLabel(self)
        self.needs_permit = QLabel(self)
        self.not_applicable = QLabel(self)
        self._content: QWidget | None = None
        self._tiles = QGridLayout()
        self._columns = 0

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
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setSpacing(6)
        self.banner = UnderWayBanner(content)
        self.banner.show_assessment(assessment, warning_margin, {r.id for r in evaluation.rules})
        layout.addWidget(self.banner)
        self.heading = QLabel(
            _("<b>Where you stand on {date}</b>").format(date=show_date(evaluation.as_of)),
            content,
        )
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        # The most urgent thing first, in one sentence.
        self.headline = QLabel(content)
        self.headline.setObjectName("headline")
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if assessment is not None:
            background, foreground = BADGE_COLORS[assessment.headline.status]
            self.headline.setText(
                f"{STATUS_SYMBOLS[assessment.headline.status]} {assessment.headline.text}"
            )
            self.headline.setStyleSheet(
                f"QLabel#headline {{ background: {background}; color: {foreground}; "
                "border-radius: 6px; padding: 8px; font-weight: bold; }"
            )
            self.headline.setAccessibleName(
                _("Headline: {text}").format(text=assessment.headline.text)
            )
        self.headline.setVisible(assessment is not None)
        layout.addWidget(self.headline)
        self.cards = self._cards(evaluation, warning_margin, assessment, checklists, content)
        self._tiles = QGridLayout()
        self._tiles.setSpacing(6)
        self._columns = 0
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
        # The rules that wait for a permit belong with the tiles: they are rules with no tile.
        self.needs_permit, self.not_applicable = not_applying_labels(
            evaluation.not_applicable, content
        )
        layout.addWidget(self.needs_permit)
        # Deadlines below the tiles: the verdict first, then what is coming (rules.md §8).
        # The panel scrolls as a whole, so the list shows all its rows instead of scrolling.
        self.reminders = ReminderList(content, scrolling=False)
        self.reminders.set_reminders(list(reminders), as_of=evaluation.as_of, scope=scope)
        layout.addWidget(self.reminders)
        layout.addWidget(self.not_applicable)
        # How days are counted: needed to read the figures, but not before them.
        self.convention_label = QLabel(
            _("<small>{convention} (change this in Settings).</small>").format(
                convention=html.escape(CONVENTION_HEADINGS[evaluation.convention])
            ),
            content,
        )
        self.convention_label.setWordWrap(True)
        layout.addWidget(self.convention_label)
        disclaimer = QLabel(f"<small>{html.escape(_(DISCLAIMER))}</small>", content)
        disclaimer.setWordWrap(True)
        layout.addWidget(disclaimer)
        layout.addStretch(1)
        scroll = self.verticalScrollBar().value()
        self.setWidget(content)  # deletes the previous content widget
        self._content = content
        self.verticalScrollBar().setValue(scroll)

    def _cards(
        self,
        evaluation: Evaluation,
        warning_margin: int,
        assessment: Assessment | None,
        checklists: Sequence[Checklist],
        content: QWidget,
    ) -> list[StatusCard]:
        projection = evaluation.projection
        projected: dict[str, RuleResult] = (
            {rule.id: rule for rule in projection.rules} if projection is not None else {}
        )
        by_id = {r.id: r for r in assessment.rules} if assessment is not None else {}
        by_rule = {checklist.rule_id: checklist for checklist in checklists}
        cards: list[StatusCard] = []
        for result in evaluation.rules:
            assessed = by_id.get(result.id)
            card = StatusCard(
                result,
                as_of=evaluation.as_of,
                warning_margin=warning_margin,
                projected=projected.get(result.id),
                projected_through=projection.through if projection is not None else None,
                checklist=by_rule.get(result.id),
                parent=content,
                explanation=assessed.explanation.text if assessed is not None else None,
                come_home_by=assessed.come_home_by if assessed is not None else None,
            )
            if card.checklist_button is not None:
                card.checklist_button.clicked.connect(self.checklist_requested)
            cards.append(card)
        return cards

    def tile_columns(self) -> int:
        """How many tiles side by side fit the panel's width (one on a narrow panel)."""
        return max(1, min(len(self.cards), self.viewport().width() // TILE_MIN_WIDTH, 2))

    def _place_tiles(self) -> None:
        columns = self.tile_columns()
        if columns == self._columns:
            return
        self._columns = columns
        for card in self.cards:
            self._tiles.removeWidget(card)
        for index, card in enumerate(self.cards):
            self._tiles.addWidget(
                card, index // columns, index % columns, Qt.AlignmentFlag.AlignTop
            )
        for column in range(2):
            self._tiles.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._content is not None:
            self._place_tiles()

    def card(self, rule_id: str) -> StatusCard | None:
        """The card for one rule id, if that rule applies."""
        return next((card for card in self.cards if card.result.id == rule_id), None)
