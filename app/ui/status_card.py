"""One compact tile per rule: the big figure, a bar, the badge, the window; "Why?" for the rest.

The tile only lays out what the engine computed (`RuleResult`, and the assessment's
explanation and come-home-by date); it decides nothing. The one judgement it adds is the user's
own warning margin ("only N days left"). Everything beyond the numbers sits in a details part,
hidden until the user asks "Why?"; the status panel builds it a turn after the tile, and
reading one of its labels (or opening it) builds it at once.
"""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services.profile import Status
from app.services.results import RuleResult
from app.services.wording import CONVENTION_COUNTING, _, ngettext, result_status_word
from app.services.wording.explain import come_home_sentence
from app.services.wording.labels import alternative_status_word
from app.ui.colors import BADGE_COLORS, CLOSE_COLORS
from app.ui.labels import STATUS_SYMBOLS, STATUS_WORDS
from app.ui.qt_dates import show_date, show_span
from app.ui.status_details import detail_lines
from app.ui.usage_bar import UsageBar

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
    badge.setAccessibleName(_("Status: {status}").format(status=word))
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


def _scaled(label: QLabel, factor: float, *, bold: bool = True) -> QLabel:
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    if bold:
        font.setWeight(QFont.Weight.Bold)
    label.setFont(font)
    return label


class StatusCard(QFrame):
    """The tile for one `RuleResult`.

    `details_later`: the part behind "Why?" is built by a later `build_details()` call (the
    status panel makes it in a later event-loop turn), or when first opened or read.
    """

    checklist_requested = Signal()  # "Tick off conditions…"

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
        come_home_by: date | None = None,
        details_later: bool = False,
    ) -> None:
        super().__init__(parent)
        self.result = result
        self.setObjectName("statusCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Within the warning margin the edge turns the "close" colour: OK, but not for long.
        self.near_limit = (
            result.status is Status.GREEN
            and result.limit > 0
            and result.days_left <= warning_margin
        )
        self.edge_color = CLOSE_COLORS[0] if self.near_limit else BADGE_COLORS[result.status][0]
        self.setStyleSheet(
            "QFrame#statusCard { border: 1px solid palette(mid); border-radius: 6px; "
            f"border-left: 6px solid {self.edge_color}; "
            "background: palette(base); }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 8, 4)
        layout.setSpacing(3)

        self.title = _scaled(_label(self, result.title), 1.0)
        self.badge = make_badge(self, result.status, result_status_word(result))
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)

        self.days_label, self.limit_label, self.left_label = self._numbers(layout)
        self.bar: UsageBar | None = None
        if result.limit > 0:
            self.bar = UsageBar(result.days_abroad, result.limit, result.status, self)
            self.bar.setFixedHeight(8)
            layout.addWidget(self.bar)

        self.margin_label: QLabel | None = None
        if self.near_limit:
            self.margin_label = self._close_label(result.days_left, warning_margin)
            layout.addWidget(self.margin_label)
        self.come_home_label = self._come_home(come_home_by, as_of, result.status)
        # On the tile only when the date is near (the banner names the tightest rule's date).
        near = come_home_by is not None and (come_home_by - as_of).days <= warning_margin
        if self.come_home_label is not None and near:
            layout.addWidget(self.come_home_label)
        lines = detail_lines(result, as_of, projected, projected_through)
        for line in lines:
            if line.key:
                layout.addWidget(_label(self, line.text, rich=True, small=True))

        self.window_label = _label(
            self,
            _("Window: {span}").format(span=show_span(result.window_start, result.window_end)),
            small=True,
        )
        self.why_button = QToolButton(self)
        self.why_button.setText(_("Why?"))
        self.why_button.setCheckable(True)
        self.why_button.setArrowType(Qt.ArrowType.RightArrow)
        self.why_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.why_button.setAutoRaise(True)
        self.why_button.setAccessibleName(
            _("Why: show the explanation for {rule}").format(rule=result.title)
        )
        self.why_button.setToolTip(_("Show how this figure is worked out, and the source"))
        foot = QHBoxLayout()
        foot.addWidget(self.window_label, 1)
        foot.addWidget(self.why_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(foot)

        # The rest: one click away, built by `build_details` (at once unless `details_later`).
        self.details = QWidget(self)
        self.details.setObjectName("statusDetails")
        self.details.setVisible(False)
        layout.addWidget(self.details)
        if self.come_home_label is not None and not near:
            self.come_home_label.setParent(self.details)  # hidden with it until laid out
        self._later = (lines, near, explanation, checklist)
        self._details_built = False
        if not details_later:
            self.build_details()
        self.why_button.toggled.connect(self._on_why_button_toggled)
        self.setAccessibleName(
            _("{rule}: {status}. {days_abroad}, limit {limit}, {days_left}.").format(
                rule=result.title,
                status=result_status_word(result),
                days_abroad=ngettext(
                    "{count} day abroad", "{count} days abroad", result.days_abroad
                ).format(count=result.days_abroad),
                limit=result.limit,
                days_left=ngettext(
                    "{count} day left", "{count} days left", result.days_left
                ).format(count=result.days_left),
            )
        )

    def _come_home(self, by: date | None, as_of: date, status: Status) -> QLabel | None:
        if by is None:
            return None
        text = come_home_sentence(by, as_of, status, show=lambda d: f"<b>{show_date(d)}</b>")
        return _label(self, text, rich=True)

    @property
    def expanded(self) -> bool:
        """Whether the explanation is open."""
        return self.why_button.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        """Open or close the explanation (as the "Why?" button does)."""
        self.why_button.setChecked(expanded)

    def build_details(self) -> None:
        """Build the part behind "Why?" (once; hidden until asked for)."""
        if self._details_built:
            return
        self._details_built = True
        result = self.result
        lines, near, explanation, checklist = self._later
        inner = QVBoxLayout(self.details)
        inner.setContentsMargins(0, 4, 0, 0)
        inner.setSpacing(4)
        if self.come_home_label is not None and not near:
            inner.addWidget(self.come_home_label)
        self._summary = _label(self.details, result.summary, small=True)
        inner.addWidget(self._summary)
        self._alternative_label: QLabel | None = None
        if result.alternative is not None:
            alt = result.alternative
            self._alternative_label = _label(
                self.details,
                _("{counting}: {days} ({status})").format(
                    counting=CONVENTION_COUNTING[alt.convention],
                    days=alt.days_abroad,
                    status=alternative_status_word(result),
                ),
            )
            inner.addWidget(self._alternative_label)
        for line in lines:
            if not line.key:
                inner.addWidget(_label(self.details, line.text, rich=True, small=True))
        for note in result.notes:
            inner.addWidget(_label(self.details, note, small=True))
        # Why the rule stands where it does (the assessment's explanation, built below the UI).
        self._explanation_label: QLabel | None = None
        if explanation:
            self._explanation_label = _label(
                self.details,
                _("<b>Why:</b> {explanation}").format(explanation=html.escape(explanation)),
                rich=True,
                small=True,
            )
            inner.addWidget(self._explanation_label)
        self._checklist_label: QLabel | None = None
        self._checklist_button: QPushButton | None = None
        if checklist is not None:
            self._checklist(inner, checklist)
        self._source_label = self._source_link(result.source)
        inner.addWidget(self._source_label)

    # The parts behind "Why?"; reading one builds them if they are not built yet.

    @property
    def summary(self) -> QLabel:
        """The rule's summary sentence."""
        self.build_details()
        return self._summary

    @property
    def alternative_label(self) -> QLabel | None:
        """The figure under the other counting convention, if it has one."""
        self.build_details()
        return self._alternative_label

    @property
    def explanation_label(self) -> QLabel | None:
        """The assessment's explanation, if there is one."""
        self.build_details()
        return self._explanation_label

    @property
    def checklist_label(self) -> QLabel | None:
        """The goal's other conditions still open, if it has a checklist."""
        self.build_details()
        return self._checklist_label

    @property
    def checklist_button(self) -> QPushButton | None:
        """ "Tick off conditions…", if the goal has a checklist."""
        self.build_details()
        return self._checklist_button

    @property
    def source_label(self) -> QLabel:
        """The link to the rule's source."""
        self.build_details()
        return self._source_label

    @Slot(bool)
    def _on_why_button_toggled(self, checked: bool) -> None:
        self.build_details()
        self.details.setVisible(checked)
        self.why_button.setArrowType(Qt.ArrowType.DownArrow if checked else Qt.ArrowType.RightArrow)
        self.why_button.setText(_("Hide") if checked else _("Why?"))

    def _checklist(self, layout: QVBoxLayout, checklist: Checklist) -> None:
        """What is still open of the goal's other conditions, and a button to tick them."""
        still_open = checklist.still_open
        items = "".join(f"<li>{html.escape(item.text)}</li>" for item in still_open)
        text = _("<b>Other conditions.</b> {summary}").format(
            summary=html.escape(checklist.summary())
        )
        self._checklist_label = _label(
            self.details, text + (f"<ul>{items}</ul>" if items else ""), rich=True
        )
        layout.addWidget(self._checklist_label)
        button = QPushButton(_("Tick off conditions…"), self.details)
        button.clicked.connect(self.checklist_requested)
        self._checklist_button = button
        button.setToolTip(
            _("Mark the conditions that are not about days abroad as met, with the date")
        )
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

    def _numbers(self, layout: QVBoxLayout) -> tuple[QLabel, QLabel, QLabel]:
        """Days left as the big figure; days abroad and the limit beside it."""
        result = self.result
        limit_caption = _("limit")
        if result.lenient_limit != result.limit:
            limit_caption = _("limit (lenient: {lenient})").format(lenient=result.lenient_limit)
        left_caption = ngettext("day left", "days left", result.days_left)
        abroad_caption = ngettext("day abroad", "days abroad", result.days_abroad)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(0)
        # Days left leads, biggest: it is the figure that answers "can I still travel?".
        figures = {
            "left": (result.days_left, left_caption, 1.9),
            "abroad": (result.days_abroad, abroad_caption, 1.3),
            "limit": (result.limit, limit_caption, 1.3),
        }
        labels: dict[str, QLabel] = {}
        for column, (key, (value, caption, factor)) in enumerate(figures.items()):
            number = _scaled(QLabel(str(value), self), factor)
            number.setAccessibleName(f"{caption}: {value}")
            words = _label(self, caption, small=True)
            words.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(number, 0, column, Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(words, 1, column)
            labels[key] = number
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        return labels["abroad"], labels["limit"], labels["left"]

    def _close_label(self, days_left: int, margin: int) -> QLabel:
        background, foreground = CLOSE_COLORS
        label = _label(
            self,
            ngettext(
                "▲ Close: within your warning margin of {count} day.",
                "▲ Close: within your warning margin of {count} days.",
                margin,
            ).format(count=margin),
        )
        label.setToolTip(
            ngettext(
                "Only {count} day left under this rule.",
                "Only {count} days left under this rule.",
                days_left,
            ).format(count=days_left)
        )
        label.setObjectName("closeWarning")
        label.setStyleSheet(
            f"QLabel#closeWarning {{ background: {background}; color: {foreground}; "
            "border-radius: 4px; padding: 2px 6px; }"
        )
        return label

    def _source_link(self, url: str) -> QLabel:
        host = urlparse(url).netloc.removeprefix("www.") or url
        label = _label(
            self.details,
            _("Source: {link}").format(
                link=f'<a href="{html.escape(url)}">{html.escape(host)}</a>'
            ),
            rich=True,
        )
        label.setOpenExternalLinks(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        label.setToolTip(url)
        label.setAccessibleName(_("Source: {url}").format(url=url))
        return label
