"""The trip under way: since when, and the "come home by" date of the tightest rule.

It reads the assessment's come-home-by dates (cautious reading: the last return that keeps a
rule OK) and decides nothing itself beyond picking the earliest of them.
"""

from __future__ import annotations

import html
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.services.profile import Status
from app.services.wording import _, ngettext
from app.ui.colors import BADGE_COLORS
from app.ui.qt_dates import show_date

if TYPE_CHECKING:
    from app.services.assessment import Assessment


@dataclass(frozen=True, slots=True)
class ComeHome:
    """The tightest rule's come-home-by date for the trip under way."""

    since: date
    days_so_far: int
    by: date | None  # None: no rule limits the trip within the planner's horizon
    days_left: int  # days from today to `by` (0: come home today)
    rule_title: str
    status: Status  # RED: home today; AMBER: within the warning margin; GREEN: otherwise
    # The tightest rule's own verdict now: not GREEN with `days_left` 0 means "today" cannot
    # keep it OK any more.
    rule_status: Status = Status.GREEN


def come_home(
    assessment: Assessment, warning_margin: int, shown: Collection[str] | None = None
) -> ComeHome | None:
    """The trip under way and its tightest come-home-by date over the rules in `shown` (the
    rules on screen; all by default); None when at home."""
    under_way = assessment.under_way
    if under_way is None:
        return None
    dated = [
        (r.come_home_by, r.result.title, r.result.status)
        for r in assessment.rules
        if r.come_home_by and (shown is None or r.id in shown)
    ]
    if not dated:
        return ComeHome(under_way.since, under_way.days_so_far, None, 0, "", Status.GREEN)
    by, title, verdict = min(dated, key=lambda row: (row[0], row[1]))
    left = max((by - assessment.as_of).days, 0) if by is not None else 0
    status = Status.RED if left == 0 else Status.AMBER if left <= warning_margin else Status.GREEN
    return ComeHome(
        under_way.since, under_way.days_so_far, by, left, title, status, rule_status=verdict
    )


def banner_sentences(found: ComeHome) -> tuple[str, str]:
    """The banner's two lines: where the trip stands, and when to be back."""
    abroad = ngettext(
        "Abroad since {since}: {count} day so far.",
        "Abroad since {since}: {count} days so far.",
        found.days_so_far,
    ).format(since=show_date(found.since), count=found.days_so_far)
    if found.by is None:
        return abroad, _("No rule limits this trip within the coming years.")
    if found.days_left == 0 and found.rule_status is Status.RED:
        return abroad, _(
            "{rule} is over its limit already: come home as soon as you can, every further "
            "day abroad counts against it."
        ).format(rule=found.rule_title)
    if found.days_left == 0 and found.rule_status is Status.AMBER:
        return abroad, _(
            "Come home today: {rule} is borderline already, and every further day abroad "
            "counts against it."
        ).format(rule=found.rule_title)
    if found.days_left == 0:
        return abroad, _("Come home today to keep {rule} OK.").format(rule=found.rule_title)
    back = ngettext(
        "Come home by {date}: {count} day left under {rule}.",
        "Come home by {date}: {count} days left under {rule}.",
        found.days_left,
    ).format(date=show_date(found.by), count=found.days_left, rule=found.rule_title)
    return abroad, back


class UnderWayBanner(QFrame):
    """Shown above the headline while a trip has no return date."""

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
