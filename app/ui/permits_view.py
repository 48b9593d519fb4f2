"""The "Permits and key dates" tab: the permit list with its buttons, and the key dates."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.identity import format_reference
from app.services.views import PermitView, PersonView
from app.services.wording import _
from app.ui.labels import key_date_form
from app.ui.permit_table_model import PermitTableModel
from app.ui.qt_dates import show_date


class PermitsView(QWidget):
    """Shows one person's permits and key dates; the buttons ask the window to change them."""

    add_requested = Signal()
    edit_requested = Signal(object)  # PermitView
    remove_requested = Signal(object)  # PermitView
    key_dates_requested = Signal()
    details_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PermitTableModel(self)
        self.view = QTableView(self)
        self.view.setAccessibleName(_("Residence permits"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.activated.connect(self._on_view_activated)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.add_button = QPushButton(_("&Add permit…"), self)
        self.edit_button = QPushButton(_("&Edit permit…"), self)
        self.remove_button = QPushButton(_("&Remove permit"), self)
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.empty_hint = QLabel(
            _(
                "No permits yet. Add each residence permit you have had in Norway, with its dates: "
                "the permit and permanent-residence rules need them."
            ),
            self,
        )
        self.empty_hint.setWordWrap(True)

        permits_box = QGroupBox(_("Residence permits"), self)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box_layout = QVBoxLayout(permits_box)
        box_layout.addWidget(self.empty_hint)
        box_layout.addWidget(self.view)
        box_layout.addLayout(buttons)

        dates_box = QGroupBox(_("Key dates"), self)
        self.key_date_labels: dict[str, QLabel] = {}
        form = QFormLayout()
        for field, (label, _hint) in key_date_form().items():
            value = QLabel(self)
            value.setAccessibleName(label)
            self.key_date_labels[field] = value
            form.addRow(_("{label}:").format(label=label), value)
        self.income_label = QLabel(self)
        form.addRow(_("Income of at least 3G:"), self.income_label)
        # Who the report names, for a caseworker (all optional).
        self.identity_label = QLabel(self)
        self.identity_label.setWordWrap(True)
        self.identity_label.setAccessibleName(_("Person details for reports"))
        form.addRow(_("For reports:"), self.identity_label)
        self.key_dates_button = QPushButton(_("Edit &key dates…"), self)
        self.key_dates_button.clicked.connect(self.key_dates_requested)
        self.details_button = QPushButton(_("Person &details…"), self)
        self.details_button.setToolTip(_("Full name, date of birth and D-/DUF number"))
        self.details_button.clicked.connect(self.details_requested)
        dates_layout = QVBoxLayout(dates_box)
        dates_layout.addLayout(form)
        date_buttons = QHBoxLayout()
        date_buttons.addWidget(self.key_dates_button)
        date_buttons.addWidget(self.details_button)
        date_buttons.addStretch(1)
        dates_layout.addLayout(date_buttons)
        dates_layout.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(permits_box, 3)
        layout.addWidget(dates_box, 2)
        self._update_buttons()

    def show_person(self, person: PersonView, permits: Sequence[PermitView]) -> None:
        """Show `person`'s key dates and `permits`."""
        self.model.set_permits(permits)
        self.view.resizeColumnsToContents()
        self.empty_hint.setVisible(not permits)
        for field, label in self.key_date_labels.items():
            label.setText(show_date(getattr(person, field), _("not set")))
        self.income_label.setText(_("yes") if person.sufficient_income else _("no / not known"))
        parts = [
            person.full_name or "",
            _("born {day}").format(day=show_date(person.born_on)) if person.born_on else "",
            format_reference(person.reference_number) if person.reference_number else "",
        ]
        shown = ", ".join(part for part in parts if part)
        self.identity_label.setText(shown or _("no full name, date of birth or D-/DUF number"))
        self._update_buttons()

    def selected_permit(self) -> PermitView | None:
        """The selected permit, if any."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.permit_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected_permit() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    @Slot()
    def _on_selection_changed(self) -> None:
        self._update_buttons()

    @Slot(QModelIndex)
    def _on_view_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        self.edit_requested.emit(self.model.permit_at(index.row()))

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        permit = self.selected_permit()
        if permit is not None:
            self.edit_requested.emit(permit)

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        permit = self.selected_permit()
        if permit is not None:
            self.remove_requested.emit(permit)
