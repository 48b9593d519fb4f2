"""The dialog for ticking off the conditions that are not day counts (permanent residence and
citizenship), each with the date it was met."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services.checklists import Checklist, ChecklistItem
from app.services.wording import _
from app.ui.widgets import OptionalDateEdit


@dataclass(frozen=True, slots=True)
class ChecklistChanges:
    """What the user changed: items ticked (with the date met, if given) and items unticked."""

    ticked: dict[str, date | None]
    unticked: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.ticked or self.unticked)


class _ItemRow:
    def __init__(self, parent: QWidget, item: ChecklistItem, today: date) -> None:
        self.item = item
        self.check = QCheckBox(parent)
        self.check.setChecked(item.ticked)
        self.check.setAccessibleName(_("Met: {condition}").format(condition=item.text))
        self.label = QLabel(item.text, parent)  # a route's item says which route itself
        self.label.setWordWrap(True)
        self.label.setBuddy(self.check)
        self.met_on = OptionalDateEdit(
            parent, item.met_on, today, _("Date met: {condition}").format(condition=item.text)
        )
        self.met_on.setToolTip(_("The date you met this condition, if you know it."))
        self.met_on.setEnabled(item.ticked)
        self.check.toggled.connect(self._on_check_toggled)

    @Slot(bool)
    def _on_check_toggled(self, checked: bool) -> None:
        self.met_on.setEnabled(checked)


class ChecklistDialog(QDialog):
    """Tick conditions as met. Use `ChecklistDialog.ask(...)`."""

    def __init__(
        self, parent: QWidget | None, *, checklists: Sequence[Checklist], today: date, name: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Other conditions: {name}").format(name=name))
        self.rows: dict[str, _ItemRow] = {}
        content = QWidget(self)
        inner = QVBoxLayout(content)
        for checklist in checklists:
            box = QGroupBox(checklist.title, content)
            grid = QGridLayout(box)
            grid.setColumnStretch(1, 1)
            for number, item in enumerate(checklist.items):
                row = _ItemRow(box, item, today)
                grid.addWidget(row.check, number, 0)
                grid.addWidget(row.label, number, 1)
                grid.addWidget(row.met_on, number, 2)
                self.rows[item.id] = row
            inner.addWidget(box)
        inner.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        intro = QLabel(
            _(
                "These conditions are not about days abroad, so Borte cannot work them out. Tick "
                "each one you meet and, if you know it, the date you met it. Check the details on "
                "udi.no."
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
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.setMinimumSize(760, 560)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        checklists: Sequence[Checklist],
        today: date,
        name: str,
    ) -> ChecklistChanges | None:
        """Show the dialog; the changes, or None if the user cancelled."""
        dialog = cls(parent, checklists=checklists, today=today, name=name)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted.value:
                return None
            return dialog.changes()
        finally:
            dialog.deleteLater()

    def changes(self) -> ChecklistChanges:
        """What differs from the checklists the dialog was opened with."""
        ticked: dict[str, date | None] = {}
        unticked: list[str] = []
        for item_id, row in self.rows.items():
            checked = row.check.isChecked()
            met_on = row.met_on.value() if checked else None
            if checked and (not row.item.ticked or met_on != row.item.met_on):
                ticked[item_id] = met_on
            elif not checked and row.item.ticked:
                unticked.append(item_id)
        return ChecklistChanges(ticked, tuple(unticked))
