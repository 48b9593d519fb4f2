"""File > Export report, first step: the period covered, whether planned trips are shown, and
the report's language (a user may read Borte in English and give UDI a report in bokmål)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.services.report_scope import Period, ReportOptions
from app.services.wording import LANGUAGES, _, current_language, ngettext
from app.ui.qt_dates import show_date, show_number, to_date, to_qdate
from app.ui.widgets import make_date_edit

# The language of the last report, remembered per user like the window's own language.
REPORT_LANGUAGE_KEY = "files/report_language"


def report_language(settings: QSettings) -> str:
    """The language to propose for a report: the last one chosen, else the window's."""
    stored = str(settings.value(REPORT_LANGUAGE_KEY, ""))
    if stored in LANGUAGES:
        return stored
    shown = current_language()
    return shown if shown in LANGUAGES else "en"


class ReportOptionsDialog(QDialog):
    """Choose what the report covers. Use `ReportOptionsDialog.ask(...)`."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        recorded: Period,
        with_planned: Period,
        planned: int,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export report"))
        self._settings = settings or QSettings("Borte", "Borte")
        self.language = QComboBox(self)
        self.language.setAccessibleName(_("Language of the report"))
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(
            max(self.language.findData(report_language(self._settings)), 0)
        )
        self._recorded, self._with_planned = recorded, with_planned
        self.period_from = make_date_edit(self, recorded.start, _("Period from"))
        self.period_to = make_date_edit(self, recorded.end, _("Period to"))
        self.planned = QCheckBox(self)
        self.planned.setText(
            ngettext(
                "Include planned trips ({count} recorded)",
                "Include planned trips ({count} recorded)",
                planned,
            ).format(count=show_number(planned))
            if planned
            else _("Include planned trips (none recorded)")
        )
        self.planned.setEnabled(planned > 0)
        self.planned.setToolTip(_("Planned trips are marked “planned” in the report."))
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.next_button = buttons.addButton(
            _("Choose file…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Period &from:"), self.period_from)
        form.addRow(_("Period &to:"), self.period_to)
        form.addRow("", self.planned)
        form.addRow(_("&Language:"), self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.planned.toggled.connect(self._on_planned_toggled)
        self._show_hint()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        recorded: Period,
        with_planned: Period,
        planned: int,
        settings: QSettings | None = None,
    ) -> ReportOptions | None:
        """Show the dialog; the options, or None if the user cancelled. The language chosen
        is remembered in `settings` (see `report_language`)."""
        dialog = cls(
            parent, recorded=recorded, with_planned=with_planned, planned=planned, settings=settings
        )
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted.value:
                return None
            dialog.remember_language()
            return dialog.entered()
        finally:
            dialog.deleteLater()

    def remember_language(self) -> None:
        """Store the chosen language as the one the report is written in."""
        self._settings.setValue(REPORT_LANGUAGE_KEY, self.language.currentData())

    def entered(self) -> ReportOptions:
        """The options; a date left at its default stays "default" (None)."""
        default = self._with_planned if self.planned.isChecked() else self._recorded
        start, end = to_date(self.period_from.date()), to_date(self.period_to.date())
        return ReportOptions(
            period_from=None if start == default.start else start,
            period_to=None if end == default.end else end,
            include_planned=self.planned.isChecked(),
        )

    def _show_hint(self) -> None:
        default = self._with_planned if self.planned.isChecked() else self._recorded
        text = (
            _(
                "By default the report covers {start} to {end}: from {reason} to the last "
                "planned trip."
            )
            if self.planned.isChecked()
            else _("By default the report covers {start} to {end}: from {reason} to today.")
        )
        self.hint.setText(
            text.format(
                start=show_date(default.start), end=show_date(default.end), reason=_(default.reason)
            )
        )

    @Slot(bool)
    def _on_planned_toggled(self, checked: bool) -> None:
        # The end follows the choice unless the user picked their own.
        old, new = (
            (self._recorded, self._with_planned)
            if checked
            else (
                self._with_planned,
                self._recorded,
            )
        )
        if to_date(self.period_to.date()) == old.end:
            self.period_to.setDate(to_qdate(new.end))
        self._show_hint()


__all__ = ["ReportOptionsDialog"]
