"""The dialog for a person's key dates (arrival, applications) and the 3G income answer."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.ui.undo_commands import KeyDatesInput
from app.ui.widgets import OptionalDateEdit

# Field → (label in the form, what it is used for).
KEY_DATE_FORM: dict[str, tuple[str, str]] = {
    "arrived_on": ("Arrived in Norway", "Residence time for citizenship counts from here."),
    "reported_to_police_on": (
        "Reported to the police",
        "For a permit granted after you arrived, residence counts from this date.",
    ),
    "pr_applied_on": (
        "Applied for permanent residence",
        "Borte then checks your days abroad on the application and decision dates.",
    ),
    "citizenship_applied_on": ("Applied for citizenship", ""),
    "abroad_permission_until": (
        "Permission to stay abroad until",
        "A permission from UDI to stay abroad without losing permanent residence.",
    ),
}


class KeyDatesDialog(QDialog):
    """Edit key dates. Use `KeyDatesDialog.ask(...)`."""

    def __init__(
        self, parent: QWidget | None, *, today: date, initial: KeyDatesInput, name: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Key dates: {name}")
        form = QFormLayout()
        self.fields: dict[str, OptionalDateEdit] = {}
        for field, (label, hint) in KEY_DATE_FORM.items():
            edit = OptionalDateEdit(self, initial.dates.get(field), today, label)
            if hint:
                edit.setToolTip(hint)
                edit.edit.setToolTip(hint)
            self.fields[field] = edit
            form.addRow(f"{label}:", edit)
        self.income = QCheckBox("At least 3G in my latest tax assessment", self)
        self.income.setToolTip(
            "Shortens the residence time needed for citizenship (6 of 10 years)."
        )
        self.income.setChecked(initial.sufficient_income)
        form.addRow("Income:", self.income)
        intro = QLabel(
            "Tick “Set” for each date that applies to you and leave the others unticked. "
            "Hover over a field to see what Borte uses it for.",
            self,
        )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, today: date, initial: KeyDatesInput, name: str
    ) -> KeyDatesInput | None:
        """Show the dialog; the dates entered, or None if the user cancelled."""
        dialog = cls(parent, today=today, initial=initial, name=name)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted.value:
                return None
            return dialog.entered()
        finally:
            dialog.deleteLater()

    def entered(self) -> KeyDatesInput:
        """The dates as entered."""
        return KeyDatesInput(
            {field: edit.value() for field, edit in self.fields.items()},
            self.income.isChecked(),
        )
