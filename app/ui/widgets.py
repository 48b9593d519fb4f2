"""Small widgets the dialogs share: date edits, the country box, inline messages."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QLocale, QSignalBlocker, Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from app.services.countries import destination_choices, flag, is_known, normalize
from app.services.wording import _
from app.ui.colors import message_color
from app.ui.qt_dates import MAX_QDATE, MIN_QDATE, edit_format, to_date, to_qdate


def make_date_edit(parent: QWidget | None, day: date, accessible_name: str) -> QDateEdit:
    """A date edit with a calendar popup, ISO format and the years the services accept."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(edit_format())
    edit.setDateRange(MIN_QDATE, MAX_QDATE)
    edit.setDate(to_qdate(day))
    edit.setAccessibleName(accessible_name)
    _fit_day_names(edit.calendarWidget())
    return edit


def _fit_day_names(calendar: QCalendarWidget | None) -> None:
    """Make the calendar popup wide enough for the language's day names ("man.", "ons.")."""
    if calendar is None:
        return
    font = QFont(calendar.font())
    font.setBold(True)  # the day-name header is drawn bold
    metrics = QFontMetrics(font)
    locale = calendar.locale()
    widest = max(
        metrics.horizontalAdvance(locale.dayName(day, QLocale.FormatType.ShortFormat))
        for day in range(1, 8)
    )
    calendar.setMinimumWidth(max(calendar.sizeHint().width(), 7 * (widest + 14) + 8))


class OptionalDateEdit(QWidget):
    """A date that may be left unset: a checkbox to set it, and the date edit beside it."""

    changed = Signal()

    def __init__(
        self, parent: QWidget | None, value: date | None, fallback: date, label: str
    ) -> None:
        super().__init__(parent)
        self.check = QCheckBox(_("Set"), self)
        self.check.setAccessibleName(_("{field}: set").format(field=label))
        self.edit = make_date_edit(self, value or fallback, label)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.check)
        self.check.toggled.connect(self._on_check_toggled)
        self.edit.dateChanged.connect(self.changed)

    def value(self) -> date | None:
        """The date, or None when unset."""
        return to_date(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        """Set or clear the date."""
        if value is not None:
            self.edit.setDate(to_qdate(value))
        self.check.setChecked(value is not None)

    @Slot(bool)
    def _on_check_toggled(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        self.changed.emit()


# U+1F1F3 U+1F1F4, regional indicators N and O: the flag of Norway where a font draws it.
_FLAG_PROBE = (0x1F1F3, 0x1F1F4)


def fonts_have_flags(font: QFont) -> bool:
    """Whether `font`, or an emoji font Qt falls back to, draws regional indicator letters.

    DejaVu has none, and a box or two letters would be worse than no flag, so this asks.
    `inFontUcs4` because `inFont` fails on non-BMP text in PySide6.
    """
    candidates = [font] + [
        QFont(family) for family in QFontDatabase.families() if "emoji" in family.lower()
    ]
    return any(all(QFontMetrics(f).inFontUcs4(point) for point in _FLAG_PROBE) for f in candidates)


class CountryCombo(QComboBox):
    """An editable box of destinations: pick from the list, or type a name or a code.

    Typing searches names and codes ("swe", "SE" and "Sweden" all find Sweden); flags show
    where the fonts have them, and each entry names its code either way.
    """

    def __init__(self, parent: QWidget | None = None, *, flags: bool | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName(_("Destination"))
        self.addItem("", None)
        self._by_name: dict[str, str] = {}
        self.flags = fonts_have_flags(self.font()) if flags is None else flags
        for code, name in destination_choices():
            text = f"{name} ({code})"
            if self.flags:
                text = f"{flag(code)} {text}"
            self.addItem(text, code)
            self._by_name[name.casefold()] = code
            self._by_name[text.casefold()] = code
            self._by_name[f"{name} ({code})".casefold()] = code
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None  # editable, so it has one
        line.setPlaceholderText(_("Country, e.g. Sweden or SE (optional)"))
        self.setMinimumContentsLength(24)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

    def set_code(self, code: str | None) -> None:
        """Show the destination `code` (None: empty)."""
        index = self.findData(code) if code else 0
        with QSignalBlocker(self):
            self.setCurrentIndex(max(index, 0))
            if index < 0 and code:
                self.setEditText(code)
        self.editTextChanged.emit(self.currentText())

    def code(self) -> str | None:
        """The chosen country code, None for empty; raises ValueError for unknown text."""
        text = self.currentText().strip()
        if not text:
            return None
        found = self._by_name.get(text.casefold())
        if found is not None:
            return found
        if len(text) == 2 and is_known(text):
            return normalize(text)
        raise ValueError(text)


class MessageLabel(QLabel):
    """An inline message under a form: an error (blocks OK) or a warning (does not)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(_("Message"))
        self._error = False
        self.setVisible(False)

    def show_message(self, text: str, *, error: bool) -> None:
        """Show `text` with a symbol saying what kind of message it is; "" hides it."""
        self._error = error
        if not text:
            self.clear()
            self.setVisible(False)
            return
        self.setText(("✖ " if error else "▲ ") + text)
        self.setVisible(True)
        self._apply_color()

    @property
    def is_error(self) -> bool:
        """Whether the message shown is an error."""
        return self._error and not self.isHidden()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_color()
        super().changeEvent(event)

    def _apply_color(self) -> None:
        color = message_color(self.palette(), self._error)
        # A stylesheet rather than the palette: setting the palette would fire PaletteChange.
        # Only when it differs, since re-polishing can itself send a PaletteChange.
        sheet = f"color: {color.name()};"
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)
