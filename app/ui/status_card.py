"""One card per rule: where the person stands, in big numbers, words, colour and a shape.

The card only lays out what the engine computed (`RuleResult`); it decides nothing. The one
judgement it adds is the user's own warning margin ("only N days left").
"""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.profile import Status
from app.services.results import RuleResult
from app.services.wording import CONVENTION_COUNTING, result_status_word
from app.services.wording.explain import planned_year_sentence
from app.services.wording.labels import alternative_status_word
from app.ui.colors import BADGE_COLORS, CLOSE_COLORS
from app.ui.labels import STATUS_SYMBOLS, STATUS_WORDS
from app.ui.qt_dates import show_date, show_span

if TYPE_CHECKING:
    from app.services.checklists import Checklist


def status_text(status: Status) -> str:
    """ "✔ OK", "▲ Borderline", "✖ Over the limit"."""
    return f"{STATUS_SYMBOLS[status]} {STATUS_WORDS[status]}"


def make_badge(parent: QWidget | None, status: Status, word: str | None = None) -> QLabel:
    """A status badge: symbol and word on a colour picked for contrast in any palette
    (`word`: the rule's own status word, default the status's)."""
    background, foreground = BADGE_COLORS[status]
    word = word or STATUS_WORDS[status]
    badge = QLabel(f"{STATUS_SYMBOLS[status]} {word}", parent)
    badge.setObjectName("statusBadge")
    badge.setStyleSheet(
        f"QLabel#statusBadge {{ background: {background}; color: {foreground}; "
        "border-radius: 4px; padding: 2px 8px; font-weight: bold; }"
    )
    badge.setAccessibleName(f"Status: {word}")
    return badge


def _label(parent: QWidget, text: str, *, rich: bool = False, small: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if small:
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 0.92)
        label.setFont(font)
    return label


class StatusCard(QFrame):
    """The card for one `RuleResult`."""

    def __init__(
        self,
        result: RuleResult,
        *,
        as_of: date,
        warning_margin: int,
        projected: RuleResult | None,
        projected_through: date | None,
        checklist: Checklist | None = None,
        parent: QWidget | None = None,
        explanation: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.result = result
        self.setObjectName("statusCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#statusCard { border: 1px solid palette(mid); border-radius: 6px; "
            f"border-left: 6px solid {BADGE_COLORS[result.status][0]}; "
            "background: palette(base); }"
        )
        layout = QVBoxLayout(self)
        layout.setSpacing(6)

        self.title = _label(self, result.title)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.badge = make_badge(self, result.status, result_status_word(result))
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        self.summary = _label(self, result.summary, small=True)
        layout.addWidget(self.summary)

        self.days_label, self.limit_label, self.left_label = self._numbers(layout)
        self.alternative_label: QLabel | None = None
        if result.alternative is not None:
            alt = result.alternative
            self.alternative_label = _label(
                self,
                f"{CONVENTION_COUNTING[alt.convention]}: {alt.days_abroad} "
                f"({alternative_status_word(result)})",
            )
            layout.addWidget(self.alternative_label)
        self.window_label = _label(
            self, f"Window: {show_span(result.window_start, result.window_end)}", small=True
        )
        layout.addWidget(self.window_label)

        self.margin_label: QLabel | None = None
        close = result.status is Status.GREEN and result.days_left <= warning_margin
        if close and result.limit > 0:
            self.margin_label = self._close_label(result.days_left, warning_margin)
            layout.addWidget(self.margin_label)
        for line in self._detail_lines(as_of, projected, projected_through):
            layout.addWidget(_label(self, line, rich=True))
        for note in result.notes:
            layout.addWidget(_label(self, note, small=True))
        # Why the rule stands where it does (the assessment's explanation, built below the UI).
        self.explanation_label: QLabel | None = None
        if explanation:
            self.explanation_label = _label(
                self, f"<b>Why:</b> {html.escape(explanation)}", rich=True, small=True
            )
            layout.addWidget(self.explanation_label)
        self.checklist_label: QLabel | None = None
        self.checklist_button: QPushButton | None = None
        if checklist is not None:
            self._checklist(layout, checklist)
        self.source_label = self._source_link(result.source)
        layout.addWidget(self.source_label)
        self.setAccessibleName(
            f"{result.title}: {result_status_word(result)}. {result.days_abroad} days abroad, "
            f"limit {result.limit}, {result.days_left} days left."
        )

    def _checklist(self, layout: QVBoxLayout, checklist: Checklist) -> None:
        """What is still open of the goal's other conditions, and a button to tick them."""
        still_open = checklist.still_open
        items = "".join(f"<li>{html.escape(item.text)}</li>" for item in still_open)
        text = f"<b>Other conditions.</b> {html.escape(checklist.summary())}"
        self.checklist_label = _label(
            self, text + (f"<ul>{items}</ul>" if items else ""), rich=True
        )
        layout.addWidget(self.checklist_label)
        self.checklist_button = QPushButton("Tick off conditions…", self)
        self.checklist_button.setToolTip(
            "Mark the conditions that are not about days abroad as met, with the date"
        )
        row = QHBoxLayout()
        row.addWidget(self.checklist_button)
        row.addStretch(1)
        layout.addLayout(row)

    def _numbers(self, layout: QVBoxLayout) -> tuple[QLabel, QLabel, QLabel]:
        result = self.result
        limit_caption = "limit"
        if result.lenient_limit != result.limit:
            limit_caption = f"limit (up to {result.lenient_limit} on a lenient reading)"
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        labels = []
        for column, (value, caption) in enumerate(
            (
                (result.days_abroad, "days abroad"),
                (result.limit, limit_caption),
                (result.days_left, "days left"),
            )
        ):
            number = QLabel(str(value), self)
            font = number.font()
            font.setPointSizeF(font.pointSizeF() * 2.0)
            font.setWeight(QFont.Weight.Bold)
            number.setFont(font)
            number.setAccessibleName(f"{caption}: {value}")
            words = _label(self, caption, small=True)
            words.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(number, 0, column)
            grid.addWidget(words, 1, column)
            grid.setColumnStretch(column, 1)
            labels.append(number)
        layout.addLayout(grid)
        return labels[0], labels[1], labels[2]

    def _close_label(self, days_left: int, margin: int) -> QLabel:
        background, foreground = CLOSE_COLORS
        label = _label(
            self,
            f"▲ Only {days_left} days left: within your warning margin of {margin} days.",
        )
        label.setObjectName("closeWarning")
        label.setStyleSheet(
            f"QLabel#closeWarning {{ background: {background}; color: {foreground}; "
            "border-radius: 4px; padding: 2px 6px; }"
        )
        return label

    def _detail_lines(
        self, as_of: date, projected: RuleResult | None, through: date | None
    ) -> list[str]:
        result = self.result
        lines: list[str] = []
        if result.first_breach is not None:
            lines.append(f"First over the limit on <b>{show_date(result.first_breach)}</b>.")
        elif result.first_warning is not None and result.status is not Status.GREEN:
            lines.append(f"Borderline since {show_date(result.first_warning)}.")
        if result.earliest_met is not None and not result.routes:
            if result.earliest_met <= as_of:
                lines.append(f"Requirement met since <b>{show_date(result.earliest_met)}</b>.")
            else:
                lines.append(
                    f"Requirement met from <b>{show_date(result.earliest_met)}</b> at the earliest."
                )
        for route in result.routes:
            when = show_date(route.earliest_met, "not within the coming years")
            condition = html.escape(route.note or "if it applies to you")
            extra = "" if route.applies else f" <i>({condition})</i>"
            lines.append(f"{html.escape(route.title)}: met from <b>{when}</b>{extra}")
        for check in result.checks[1:]:
            # A check with no allowance counts flags (trips to Ukraine): no "of 0".
            of = f" of {check.limit}" if check.lenient_limit > 0 else ""
            lines.append(
                f"{html.escape(check.label)}: {check.value}{of} ({status_text(check.status)})"
            )
        for dated in result.evaluations[1:]:
            planned = ", with planned trips" if dated.includes_planned else ""
            lines.append(
                f"{html.escape(dated.label)} ({show_date(dated.on)}{planned}): "
                f"{dated.days_abroad} days abroad, {status_text(dated.status)}"
            )
        year_sentence = planned_year_sentence(projected, as_of) if projected is not None else None
        if year_sentence is not None:
            lines.append(html.escape(year_sentence))
        elif projected is not None and through is not None:
            breach = (
                f", over the limit from <b>{show_date(projected.first_breach)}</b>"
                if projected.first_breach is not None
                else ""
            )
            # The peak, not the figure on the last day: a planned trip matters most while the
            # window still holds it.
            if projected.peak_days is not None and projected.peak_date is not None:
                figure = (
                    f"at most {projected.peak_days} days abroad "
                    f"(on {show_date(projected.peak_date)})"
                )
            else:
                figure = f"{projected.days_abroad} days abroad on {show_date(through)}"
            lines.append(
                f"With your planned trips, up to {show_date(through)}: {figure}, "
                f"{status_text(projected.status)}{breach}."
            )
        return lines

    def _source_link(self, url: str) -> QLabel:
        host = urlparse(url).netloc.removeprefix("www.") or url
        label = _label(
            self, f'Source: <a href="{html.escape(url)}">{html.escape(host)}</a>', rich=True
        )
        label.setOpenExternalLinks(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        label.setToolTip(url)
        label.setAccessibleName(f"Source: {url}")
        return label
