"""The dialog that adds or edits one residence permit, validating as the user types."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.dates import add_years
from app.services.errors import ValidationError
from app.services.profile import PR_BASIS_DEFAULT, PermitKind
from app.services.wording import _
from app.ui.entries import PermitInput
from app.ui.labels import PERMIT_KIND_LABELS
from app.ui.qt_dates import to_date
from app.ui.widgets import MessageLabel, OptionalDateEdit, make_date_edit


class PermitDialog(QDialog):
    """Add or edit a permit. Use `PermitDialog.ask(...)`."""

    def __init__(
        self, parent: QWidget | None, *, today: date, initial: PermitInput | None, title: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        start = initial or PermitInput(PermitKind.WORK, today, add_years(today, 2))

        self.kind = QComboBox(self)
        self.kind.setAccessibleName(_("Kind of permit"))
        for kind, label in PERMIT_KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.kind.setCurrentIndex(max(self.kind.findData(start.kind), 0))
        self.valid_from = make_date_edit(self, start.valid_from, _("Valid from"))
        self.valid_to = OptionalDateEdit(
            self, start.valid_to, add_years(start.valid_from, 1), _("Valid to")
        )
        self.valid_to.check.setText(_("Has an end date"))
        self.valid_to.setEnabled(start.kind is not PermitKind.PERMANENT)
        self.pr_basis = QCheckBox(_("Counts toward permanent residence"), self)
        self.pr_basis.setToolTip(
            _(
                "Most work and family permits count; study and au pair permits do not. "
                "Your decision letter says which applies to you."
            )
        )
        kind = start.kind
        self.pr_basis.setChecked(
            PR_BASIS_DEFAULT[kind] if start.forms_pr_basis is None else start.forms_pr_basis
        )
        self.granted_before_entry = QCheckBox(_("Granted before I entered Norway"), self)
        self.granted_before_entry.setChecked(start.granted_before_entry)
        self.applied_on = OptionalDateEdit(
            self, start.applied_on, start.valid_from, _("Applied on")
        )
        self.note = QLineEdit(start.note, self)
        self.note.setAccessibleName(_("Note"))
        from app.services.permits import MAX_NOTE_LENGTH  # SQLAlchemy: not at start

        self.note.setMaxLength(MAX_NOTE_LENGTH)
        self.message = MessageLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)

        form = QFormLayout()
        form.addRow(_("&Kind:"), self.kind)
        form.addRow(_("Valid &from:"), self.valid_from)
        form.addRow(_("Valid &to:"), self.valid_to)
        form.addRow("", self.pr_basis)
        form.addRow("", self.granted_before_entry)
        form.addRow(_("&Applied on:"), self.applied_on)
        form.addRow(_("&Note:"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

        self._previous_kind = kind
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.valid_from.dateChanged.connect(self._on_field_changed)
        self.valid_to.changed.connect(self._on_field_changed)
        self.applied_on.changed.connect(self._on_field_changed)
        self.note.textChanged.connect(self._on_field_changed)
        self.validate()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        today: date,
        initial: PermitInput | None = None,
        title: str | None = None,
    ) -> PermitInput | None:
        """Show the dialog; the permit entered, or None if the user cancelled."""
        dialog = cls(parent, today=today, initial=initial, title=title or _("New permit"))
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted.value:
                return None
            return dialog.entered()
        finally:
            dialog.deleteLater()

    def entered(self) -> PermitInput:
        """The permit as entered."""
        kind = PermitKind(self.kind.currentData())
        basis = self.pr_basis.isChecked()
        return PermitInput(
            kind=kind,
            valid_from=to_date(self.valid_from.date()),
            valid_to=self.valid_to.value(),
            # Store "as usual" unless the user chose otherwise, so a corrected default in a
            # later Borte applies to this permit too.
            forms_pr_basis=None if basis == PR_BASIS_DEFAULT[kind] else basis,
            granted_before_entry=self.granted_before_entry.isChecked(),
            applied_on=self.applied_on.value(),
            note=self.note.text().strip(),
        )

    def validate(self) -> bool:
        """Check the fields, show what is wrong, enable Save accordingly; True when valid."""
        from app.services.permits import check_permit

        e = self.entered()
        error = ""
        try:
            check_permit(
                e.kind,
                e.valid_from,
                e.valid_to,
                e.forms_pr_basis,
                e.granted_before_entry,
                e.applied_on,
                e.note,
            )
        except ValidationError as err:
            error = str(err)
        if not error and e.applied_on is not None and e.applied_on > e.valid_from:
            # Renewals are applied for before the old permit ends; an application after the
            # start date is possible (a late renewal) but worth a second look.
            self.message.show_message(
                _("The application date is after the permit's start date: check the dates."),
                error=False,
            )
        else:
            self.message.show_message(error, error=True)
        self.save_button.setEnabled(not error)
        return not error

    @Slot()
    def _on_kind_changed(self) -> None:
        kind = PermitKind(self.kind.currentData())
        # Follow the new kind's default unless the user had set the box against the old one.
        if self.pr_basis.isChecked() == PR_BASIS_DEFAULT[self._previous_kind]:
            self.pr_basis.setChecked(PR_BASIS_DEFAULT[kind])
        if kind is PermitKind.PERMANENT:
            self.valid_to.set_value(None)
        self.valid_to.setEnabled(kind is not PermitKind.PERMANENT)
        self._previous_kind = kind
        self.validate()

    @Slot()
    def _on_field_changed(self) -> None:
        self.validate()

    def accept(self) -> None:
        if self.validate():
            super().accept()
