"""The trip under way: since when, and the "come home by" date of the tightest rule, or what
the booked return does.

It shows the assessment's `come_home` and its sentences (`app/services/assessment/abroad.py`),
the ones the status text and the notification use, and decides nothing itself.
"""

from __future__ import annotations

import html
from collections.abc import Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.services.wording import _
from app.ui.colors import BADGE_COLORS

if TYPE_CHECKING:
    from app.services.assessment import Assessment, ComeHome


class UnderWayBanner(QFrame):
    """Shown above the headline while a trip is under way (no return date yet, or a booked
    return after today)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("underWayBanner")
        self.setAccessibleName(_("Trip under way"))
        self.found: ComeHome | None = None
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 5, 10, 5)
        layout.addWidget(self.label)
        self.setVisible(False)

    def show_assessment(
        self, assessment: Assessment | None, warning_margin: int, shown: Collection[str]
    ) -> None:
        """Show the trip under way in `assessment` (over the rules in `shown`), or hide."""
        # Imported here: the assessment package loads the engine, not before the first frame.
        from app.services.assessment import banner_sentences, come_home

        self.found = (
            come_home(assessment, warning_margin, shown) if assessment is not None else None
        )
        if self.found is None:
            self.setVisible(False)
            return
        since, back = banner_sentences(self.found)
        self.label.setText(f"✈ {html.escape(since)}<br><big><b>{html.escape(back)}</b></big>")
        self.setAccessibleDescription(f"{since} {back}")
        colour = BADGE_COLORS[self.found.status][0]
        self.setStyleSheet(
            f"QFrame#underWayBanner {{ border: 2px solid {colour}; border-left: 8px solid "
            f"{colour}; border-radius: 6px; background: palette(base); }}"
        )
        self.setVisible(True)
