"""Person details for the report: full name, date of birth and D-number or DUF number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import ValidationError
from app.services.identity import MAX_FULL_NAME_LENGTH, check_identity, format_reference
from app.services.views import PersonView
from app.services.wording import _
from app.ui.widgets import MessageLabel, OptionalDateEdit


@dataclass(frozen=True, slots=True)
class IdentityInput:
    """The identity fields as entered (None: left empty)."""

    full_name: str | None
    born_on: date | None
    reference_number: str | None


class PersonDetailsDialog(QDialog):
    """Edit a person's identity for reports. Use `PersonDetailsDialog.ask(...)`."""

    def __init__(self, parent: QWidget | None, *, person: PersonView, today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Person details: {name}").format(name=person.name))
        self.full_name = QLineEdit(person.full_name or "", self)
        self.full_name.setAccessibleName(_("Full name"))
        self.full_name.setMaxLength(MAX_FULL_NAME_LENGTH)
        self.full_name.setPlaceholderText(_("As in your passport"))
        self.born_on = OptionalDateEdit(
            self, person.born_on, date(today.year - 30, 1, 1), _("Born")
        )
        self.number = QLineEdit(
            format_reference(person.reference_number) if person.reference_number else "", self
        )
        self.number.setAccessibleName(_("D-number or DUF number"))
        self.number.setPlaceholderText(_("11 digits (D-number) or 12 (DUF number)"))
        intro = QLabel(
            _(
                "Only the PDF report shows these, so a caseworker can tell whose record it is. "
                "All are optional."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.message = MessageLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        form = QFormLayout()
        form.addRow(_("&Full name:"), self.full_name)
        form.addRow(_("Date of &birth:"), self.born_on)
        form.addRow(_("D-/DUF &number:"), self.number)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.full_name.textChanged.connect(self._on_field_changed)
        self.number.textChanged.connect(self._on_field_changed)
        self.born_on.changed.connect(self._on_field_changed)
        self.validate()

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, person: PersonView, today: date
    ) -> IdentityInput | None:
        """Show the dialog; the details entered, or None if the user cancelled."""
        dialog = cls(parent, person=person, today=today)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted.value:
                return None
            return dialog.entered()
        finally:
            dialog.deleteLater()

    def entered(self) -> IdentityInput:
        """The details, cleaned as the service stores them (call when `validate()` passed)."""
        return IdentityInput(*check_identity(*self._raw()))

    def _raw(self) -> tuple[str | None, date | None, str | None]:
        return self.full_name.text(), self.born_on.value(), self.number.text()

    def validate(self) -> bool:
        """Show what is wrong and enable Save accordingly; True when valid."""
        try:
            check_identity(*self._raw())
        except ValidationError as err:
            self.message.show_message(str(err), error=True)
            self.save_button.setEnabled(False)
            return False
        self.message.show_message("", error=True)
        self.save_button.setEnabled(True)
        return True

    @Slot()
    def _on_field_changed(self) -> None:
        self.validate()

    def accept(self) -> None:
        if self.validate():
            super().accept()
