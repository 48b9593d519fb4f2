"""The status panel: a heading, one `StatusCard` per rule that applies, then the rest in brief."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.services.results import Evaluation, RuleResult
from app.ui.labels import CONVENTION_HEADINGS
from app.ui.qt_dates import show_date
from app.ui.reminder_list import ReminderList
from app.ui.status_card import StatusCard

if TYPE_CHECKING:
    from app.services.reminders import Reminder  # loads the engine: not before the first frame

DISCLAIMER = "Borte is not legal advice. udi.no is the authority."


class StatusPanel(QScrollArea):
    """Where the person stands under each rule; `show_evaluation` redraws it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Status under each rule")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(340)
        self.cards: list[StatusCard] = []
        self.heading = QLabel(self)
        self.reminders = ReminderList(scrolling=False)  # replaced by `show_evaluation`
        self.not_applicable = QLabel(self)
        self._content: QWidget | None = None

    def show_evaluation(
        self,
        evaluation: Evaluation,
        *,
        warning_margin: int,
        reminders: Sequence[Reminder] = (),
        scope: str = "",
    ) -> None:
        """Show the coming deadlines, one card per rule in `evaluation`, and the rules that do
        not apply. `scope` keeps calendar entries of different people apart."""
        # Rebuilt rather than updated: a handful of cards, and a rule can appear or vanish.
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setSpacing(10)
        self.heading = QLabel(
            f"<b>Where you stand on {show_date(evaluation.as_of)}</b><br>"
            f"<small>{html.escape(CONVENTION_HEADINGS[evaluation.convention])} "
            "(change this in Settings).</small>",
            content,
        )
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        # Deadlines first: missing one can cost the permit (rules.md §8).
        # The panel scrolls as a whole, so the list shows all its rows instead of scrolling.
        self.reminders = ReminderList(content, scrolling=False)
        self.reminders.set_reminders(list(reminders), as_of=evaluation.as_of, scope=scope)
        layout.addWidget(self.reminders)
        projection = evaluation.projection
        projected: dict[str, RuleResult] = (
            {rule.id: rule for rule in projection.rules} if projection is not None else {}
        )
        self.cards = []
        for result in evaluation.rules:
            card = StatusCard(
                result,
                as_of=evaluation.as_of,
                warning_margin=warning_margin,
                projected=projected.get(result.id),
                projected_through=projection.through if projection is not None else None,
                parent=content,
            )
            self.cards.append(card)
            layout.addWidget(card)
        if not evaluation.rules:
            empty = QLabel(
                "No rule can be worked out yet. Add your trips, your residence permit and the "
                "date you arrived in Norway.",
                content,
            )
            empty.setWordWrap(True)
            layout.addWidget(empty)
        self.not_applicable = QLabel(content)
        self.not_applicable.setWordWrap(True)
        self.not_applicable.setTextFormat(Qt.TextFormat.RichText)
        if evaluation.not_applicable:
            items = "".join(
                f"<li><b>{html.escape(n.title)}</b>: {html.escape(n.reason)}</li>"
                for n in evaluation.not_applicable
            )
            self.not_applicable.setText(f"Not applying to you now:<ul>{items}</ul>")
        self.not_applicable.setVisible(bool(evaluation.not_applicable))
        layout.addWidget(self.not_applicable)
        disclaimer = QLabel(f"<small>{DISCLAIMER}</small>", content)
        disclaimer.setWordWrap(True)
        layout.addWidget(disclaimer)
        layout.addStretch(1)
        scroll = self.verticalScrollBar().value()
        self.setWidget(content)  # deletes the previous content widget
        self._content = content
        self.verticalScrollBar().setValue(scroll)

    def card(self, rule_id: str) -> StatusCard | None:
        """The card for one rule id, if that rule applies."""
        return next((card for card in self.cards if card.result.id == rule_id), None)
