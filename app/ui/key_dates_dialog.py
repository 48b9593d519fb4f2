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

from app.services.wording import _
from app.ui.entries import KeyDatesInput
from app.ui.labels import key_date_form
from app.ui.widgets import OptionalDateEdit


class KeyDatesDialog(QDialog):
    """Edit key dates. Use `KeyDatesDialog.ask(...)`."""

    def __init__(
        self, parent: QWidget | None, *, today: date, initial: KeyDatesInput, name: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Key dates: {name}").format(name=name))
        form = QFormLayout()
        self.fields: dict[str, OptionalDateEdit] = {}
        for field, (label, hint) in key_date_form().items():
            edit = OptionalDateEdit(self, initial.dates.get(field), today, label)
            if hint:
                edit.setToolTip(hint)
                edit.edit.setToolTip(hint)
            self.fields[field] = edit
            form.addRow(_("{label}:").format(label=label), edit)
        self.income = QCheckBox(_("At least 3G in my latest tax assessment"), self)
        self.income.setToolTip(
            _("Shortens the residence time needed for citizenship (6 of 10 years).")
        )
        self.income.setChecked(initial.sufficient_income)
        form.addRow(_("Income:"), self.income)
        intro = QLabel(
            _(
                "Tick “Set” for each date that applies to you and leave the others unticked. "
                "Hover over a field to see what Borte uses it for."
            ),
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
