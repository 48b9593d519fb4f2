"""A thin bar: the share of a rule's limit already used, in the rule's status colour."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.services.profile import Status
from app.services.wording import _
from app.ui.colors import BADGE_COLORS


class UsageBar(QWidget):
    """`used` of `limit` days."""

    def __init__(
        self, used: int, limit: int, status: Status, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.used, self.limit, self.status = used, limit, status
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("{used} of {limit} days used").format(used=used, limit=limit))
        self.setToolTip(self.accessibleName())

    @property
    def fraction(self) -> float:
        """How full the bar is drawn (0 to 1); over the limit draws it full."""
        return 0.0 if self.limit <= 0 else min(max(self.used / self.limit, 0.0), 1.0)

    def sizeHint(self) -> QSize:
        return QSize(120, 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        whole = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setBrush(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRoundedRect(whole, 3, 3)
        if self.fraction > 0:
            filled = QRectF(whole)
            filled.setWidth(max(whole.width() * self.fraction, 3.0))
            painter.setBrush(QColor(BADGE_COLORS[self.status][0]))
            painter.drawRoundedRect(filled, 3, 3)
        painter.end()
