"""The reminders list: upcoming deadlines, and "Export to calendar…" as an .ics file.

The main window fills it with `set_reminders(reminders(profile, today))` when the app starts
and after each data change. The save dialog is `IcsSaveDialog.ask`, which tests monkeypatch.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import AppError
from app.services.wording import _
from app.ui.qt_dates import show_date
from app.ui.widgets import MessageLabel

if TYPE_CHECKING:
    from app.services.reminders import Reminder  # loads the engine (numpy): types only


class IcsSaveDialog:
    """Where to save the calendar file."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> Path | None:
        """The chosen path (with .ics added when missing), or None if cancelled."""
        name, _filter = QFileDialog.getSaveFileName(
            parent, _("Export reminders to calendar"), "borte-reminders.ics", _("Calendar (*.ics)")
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".ics" else path.with_suffix(".ics")


def _when(reminder: Reminder, as_of: date | None) -> str:
    """The reminder's date, with "was due" for one just passed or "today"."""
    day = show_date(reminder.on)
    if as_of is not None and reminder.on < as_of:
        return _("{date} (was due)").format(date=day)
    return (
        _("{date} (today)").format(date=day) if as_of is not None and reminder.on == as_of else day
    )


def reminder_text(reminder: Reminder, as_of: date | None) -> str:
    """Two lines: the date and title (with "was due" for one just passed), then the detail."""
    return f"{_when(reminder, as_of)}  {reminder.title}\n{reminder.detail}"


def reminder_html(reminder: Reminder, as_of: date | None) -> str:
    """The same, with the date and title in bold and a link to the source."""
    return (
        f"<b>{html.escape(_when(reminder, as_of))} · "
        f"{html.escape(reminder.title)}</b><br>{html.escape(reminder.detail)} "
        f'<a href="{html.escape(reminder.source, quote=True)}">{html.escape(_("Source"))}</a>'
    )


class ReminderList(QWidget):
    """Upcoming deadlines with an export button."""

    exported = Signal(object)  # the Path written

    def __init__(self, parent: QWidget | None = None, *, scrolling: bool = True) -> None:
        """`scrolling=False` lays the rows out at full height, for use inside a page that
        scrolls as a whole (the status panel)."""
        super().__init__(parent)
        self.setAccessibleName(_("Reminders"))
        self._reminders: list[Reminder] = []
        self._scope = ""
        heading = QLabel(_("Reminders"), self)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.empty_label = QLabel(_("No deadlines coming up."), self)
        self.rows: list[QLabel] = []
        self._rows_widget = QWidget(self)
        self._rows = QVBoxLayout(self._rows_widget)
        self._rows.setSpacing(10)
        self._rows.addStretch(1)
        self.list = QScrollArea(self)
        self.list.setWidgetResizable(True)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setAccessibleName(_("Upcoming deadlines"))
        # What holds the rows: the scroll area, or the rows themselves at full height.
        self._holder: QWidget = self.list
        if scrolling:
            self.list.setWidget(self._rows_widget)
        else:
            self._holder = self._rows_widget
            self._rows_widget.setAccessibleName(_("Upcoming deadlines"))
            self._rows.setContentsMargins(0, 0, 0, 0)
        self.export_button = QPushButton(_("E&xport to calendar…"), self)
        self.export_button.setToolTip(
            _("Save the reminders as an .ics file that any calendar app can import")
        )
        self.message = MessageLabel(self)  # errors only
        self.saved_label = QLabel(self)
        self.saved_label.setWordWrap(True)
        self.saved_label.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self._holder, 1)
        if not scrolling:
            self.list.hide()
        layout.addWidget(self.message)
        layout.addWidget(self.saved_label)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.set_reminders([])

    def set_reminders(
        self, reminders: list[Reminder], *, as_of: date | None = None, scope: str = ""
    ) -> None:
        """Show these reminders (`as_of` marks the ones just passed; `scope` goes into the
        calendar UIDs, for example "person-2")."""
        self._reminders = list(reminders)
        self._scope = scope
        for row in self.rows:
            self._rows.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = []
        for reminder in self._reminders:
            row = QLabel(reminder_html(reminder, as_of), self._rows_widget)
            row.setWordWrap(True)
            row.setTextFormat(Qt.TextFormat.RichText)
            row.setOpenExternalLinks(True)
            row.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            row.setAccessibleName(reminder_text(reminder, as_of))
            self._rows.insertWidget(len(self.rows), row)
            self.rows.append(row)
        self.empty_label.setVisible(not self._reminders)
        self._holder.setVisible(bool(self._reminders))
        self.export_button.setEnabled(bool(self._reminders))
        self.message.show_message("", error=False)
        self.saved_label.setVisible(False)

    def reminders(self) -> list[Reminder]:
        """The reminders shown."""
        return list(self._reminders)

    @Slot()
    def _on_export_clicked(self) -> None:
        path = IcsSaveDialog.ask(self)
        if path is None:
            return
        try:
            from app.services.ics import write_ics

            count = write_ics(path, self._reminders, scope=self._scope)
        except AppError as exc:
            self.saved_label.setVisible(False)
            self.message.show_message(str(exc), error=True)
            return
        noun = "reminder" if count == 1 else "reminders"
        self.message.show_message("", error=False)
        self.saved_label.setText(
            f"✔ Saved {count} {noun} to {path}. Import the file in your calendar app."
        )
        self.saved_label.setVisible(True)
        self.exported.emit(path)
