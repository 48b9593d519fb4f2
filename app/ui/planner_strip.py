"""The calendar strip: for each departure in the coming months, the longest trip that keeps
every rule OK, as a bar per day (taller: longer). Click a day to plan that trip.

The figures are `longest_safe_trips` (app/services/planner/batch.py), filled a few days at a
time from the event loop so the window stays responsive (about 4–10 ms a departure).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.services.profile import Status
from app.services.wording import _, ngettext
from app.ui.colors import BADGE_COLORS
from app.ui.qt_dates import show_date

if TYPE_CHECKING:
    from app.services.planner import Planner
    from app.services.planner.batch import LongestTrip

STRIP_DAYS = 91  # about three months of departures
CHUNK = 3  # departures per event-loop turn: about 30 ms (measured 64 ms median for 7)
# Bars are scaled to this many days (longer trips draw full height).
SCALE_DAYS = 90
# Shorter than this many days: drawn amber (a short trip only).
SHORT_DAYS = 14
LABEL_HEIGHT = 16
BAR_HEIGHT = 56


def trip_words(found: LongestTrip, rule_titles: dict[str, str]) -> str:
    """One departure in a sentence, for the tooltip and the screen reader."""
    leave = show_date(found.departure)
    if found.return_date is None:
        return _("Leave {date}: no trip keeps every rule OK ({rule} is too close).").format(
            date=leave, rule=rule_titles.get(found.rule_id or "", found.rule_id or "")
        )
    if found.horizon_hit:
        return ngettext(
            "Leave {date}: {count} day or more, no rule limits it.",
            "Leave {date}: {count} days or more, no rule limits it.",
            found.days,
        ).format(date=leave, count=found.days)
    return ngettext(
        "Leave {date}: at most {count} day (back by {back}); {rule} sets the limit.",
        "Leave {date}: at most {count} days (back by {back}); {rule} sets the limit.",
        found.days,
    ).format(
        date=leave,
        count=found.days,
        back=show_date(found.return_date),
        rule=rule_titles.get(found.rule_id or "", found.rule_id or ""),
    )


class DepartureStrip(QWidget):
    """One bar per departure day; `start` fills it in."""

    chosen = Signal(object, int)  # departure date, longest safe length in days (0: none)
    filled = Signal()  # every departure worked out (tests wait for it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Longest safe trip for each departure day"))
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(BAR_HEIGHT + LABEL_HEIGHT + 4)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.current = 0  # the day the arrow keys are on
        self.found: list[LongestTrip] = []
        self.rule_titles: dict[str, str] = {}
        self._planner: Planner | None = None
        self._pending: list[date] = []
        self._destination: str | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(
        self,
        planner: Planner,
        first: date,
        destination: str | None,
        rule_titles: dict[str, str],
        days: int = STRIP_DAYS,
    ) -> None:
        """Work out departures `first` … `first + days − 1` to `destination`, a few a turn."""
        self._planner = planner
        self._destination = destination
        self.rule_titles = dict(rule_titles)
        self.found = []
        self.current = 0
        self._pending = [first + timedelta(days=i) for i in range(days)]
        self._timer.start()
        self.update()

    def finish_now(self) -> None:
        """Work out what is left at once (tests, and a strip shown before it filled)."""
        while self._pending:
            self._step()

    @property
    def done(self) -> bool:
        """Whether every departure has been worked out."""
        return not self._pending

    def _step(self) -> None:
        from app.services.errors import AppError
        from app.services.planner.batch import longest_safe_trips

        chunk, self._pending = self._pending[:CHUNK], self._pending[CHUNK:]
        if self._planner is not None and chunk:
            try:
                self.found.extend(longest_safe_trips(self._planner, chunk, self._destination))
            except AppError:
                self._pending = []  # a record the planner cannot plan on: leave the strip
        if not self._pending:
            self._timer.stop()
            self.setAccessibleDescription(self.summary())
            self.filled.emit()
        self.update()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._step()

    def summary(self) -> str:
        """The strip in words: the longest trip over the months shown."""
        if not self.found:
            return ""
        best = max(self.found, key=lambda f: (f.days, -f.departure.toordinal()))
        if best.days == 0:
            return _("No departure in these months keeps every rule OK.")
        return ngettext(
            "The longest trip in these months: {count} day, leaving {date}.",
            "The longest trip in these months: {count} days, leaving {date}.",
            best.days,
        ).format(count=best.days, date=show_date(best.departure))

    # -- drawing ---------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(STRIP_DAYS * 8, BAR_HEIGHT + LABEL_HEIGHT + 4)

    def _slot_width(self) -> float:
        total = len(self.found) + len(self._pending)
        return self.width() / max(total, 1)

    def index_at(self, x: float) -> int | None:
        """The departure under the x position, if worked out."""
        index = int(x // self._slot_width())
        return index if 0 <= index < len(self.found) else None

    def _colour(self, found: LongestTrip) -> QColor:
        if found.days == 0:
            return QColor(BADGE_COLORS[Status.RED][0])
        if found.days < SHORT_DAYS:
            return QColor(BADGE_COLORS[Status.AMBER][0])
        return QColor(BADGE_COLORS[Status.GREEN][0])

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        width = self._slot_width()
        base = float(BAR_HEIGHT)
        painter.fillRect(QRectF(0, 0, self.width(), base), palette.color(QPalette.ColorRole.Base))
        painter.setPen(Qt.PenStyle.NoPen)
        for index, found in enumerate(self.found):
            share = 1.0 if found.days == 0 else min(found.days / SCALE_DAYS, 1.0)
            height = max(base * share, 3.0) if found.days else base * 0.25
            rect = QRectF(index * width + 0.5, base - height, max(width - 1.0, 1.0), height)
            painter.fillRect(rect, self._colour(found))
        if self.hasFocus() and 0 <= self.current < len(self.found):
            # The keyboard's day: an outline in the highlight colour.
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.current * width, 0, width, base).adjusted(0, 0, -1, -1))
            painter.setPen(Qt.PenStyle.NoPen)
        # Month starts: a tick and the month's name.
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        total = len(self.found) + len(self._pending)
        first = (
            self.found[0].departure if self.found else (self._pending[0] if self._pending else None)
        )
        if first is not None:
            for index in range(total):
                day = first + timedelta(days=index)
                if day.day == 1 or index == 0:
                    x = index * width
                    painter.drawLine(QPointF(x, 0), QPointF(x, base + 3))
                    label = f"{day.year}-{day.month:02d}"
                    if x + 2 + painter.fontMetrics().horizontalAdvance(label) > self.width():
                        continue  # a month that starts too near the end for its name
                    painter.drawText(
                        QRectF(x + 2, base + 2, 80, LABEL_HEIGHT),
                        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                        label,
                    )
        painter.end()

    # -- interaction -----------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.index_at(event.pos().x())
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(
                    event.globalPos(), trip_words(self.found[index], self.rule_titles), self
                )
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Left/Right a day, Page Up/Down a week, Home/End; Enter or Space plans that day."""
        if not self.found:
            super().keyPressEvent(event)
            return
        key = Qt.Key(event.key())
        steps = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_PageUp: -7,
            Qt.Key.Key_PageDown: 7,
            Qt.Key.Key_Home: -len(self.found),
            Qt.Key.Key_End: len(self.found),
        }
        if key in steps:
            self.current = min(max(self.current + steps[key], 0), len(self.found) - 1)
            words = trip_words(self.found[self.current], self.rule_titles)
            self.setAccessibleDescription(words)
            self.setToolTip(words)
            self.update()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            found = self.found[self.current]
            self.chosen.emit(found.departure, found.days)
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position().x())
        if index is not None and event.button() == Qt.MouseButton.LeftButton:
            self.current = index
            found = self.found[index]
            self.chosen.emit(found.departure, found.days)
            return
        super().mousePressEvent(event)
