"""The planner tab's "When can you go, and for how long?" section: a heading, the calendar
strip, and a sentence under it. It restarts the strip only when what it depends on changed
(the record, today, or the destination: Schengen counts only some countries)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.services.wording import _
from app.ui.planner_strip import SCALE_DAYS, DepartureStrip

if TYPE_CHECKING:
    from app.services.planner import Planner


def _label(parent: QWidget, text: str = "", *, bold: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class StripSection(QWidget):
    """Heading, strip and summary; `show_for` (re)fills the strip when needed."""

    chosen = Signal(object, int)  # departure, longest safe length (0: none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = _label(self, _("When can you go, and for how long?"), bold=True)
        self.hint = _label(
            self,
            _(
                "Each bar is a departure day in the coming months: the taller, the longer you "
                "can stay away with every rule OK (full height: {days} days or more; red: not "
                "even a day). Click a day, or use the arrow keys and Enter, to try that trip."
            ).format(days=SCALE_DAYS),
        )
        self.strip = DepartureStrip(self)
        self.summary = _label(self)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.heading, self.hint, self.strip, self.summary):
            layout.addWidget(widget)
        self._shown_for: tuple[int, date, str | None] | None = None
        self._destination: str | None = None
        self.strip.chosen.connect(self.chosen)
        self.strip.filled.connect(self._on_strip_filled)

    def show_for(self, planner: Planner, first: date, destination: str | None) -> None:
        """Fill the strip from `first` for trips to `destination`, unless it already shows
        exactly that."""
        key = (id(planner), first, destination)
        if key == self._shown_for:
            return
        self._shown_for = key
        self._destination = destination
        titles = {rule_id: result.title for rule_id, result in planner.base.items()}
        self.strip.start(planner, first, destination, titles)
        self.summary.setText(_("Working out the coming months…"))

    @Slot()
    def _on_strip_filled(self) -> None:
        text = self.strip.summary()
        if self._destination is None and text:
            text = _("{summary} Pick a destination to check the Schengen rule too.").format(
                summary=text
            )
        self.summary.setText(text)
