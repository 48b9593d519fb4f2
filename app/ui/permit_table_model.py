"""A person's residence permits as a read-only table model."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.services.views import PermitView
from app.services.wording import _
from app.ui.labels import permit_kind_label
from app.ui.messages import plain_tooltip
from app.ui.qt_dates import show_date

PERMIT_ROLE = Qt.ItemDataRole.UserRole + 1


def headers() -> tuple[str, ...]:
    """The column headings."""
    return (
        _("Kind"),
        _("Valid from"),
        _("Valid to"),
        _("Counts toward PR"),
        _("Applied on"),
        _("Note"),
    )


COLUMNS = 6

AnyIndex = QModelIndex | QPersistentModelIndex


def _cells(permit: PermitView) -> tuple[str, ...]:
    if permit.forms_pr_basis is not None:
        basis = _("yes (as set by you)") if permit.pr_basis else _("no (as set by you)")
    else:
        basis = _("yes") if permit.pr_basis else _("no")
    kind = permit_kind_label(permit.kind)
    if permit.granted_before_entry:
        kind = _("{kind} (granted before entry)").format(kind=kind)
    return (
        kind,
        show_date(permit.valid_from),
        show_date(permit.valid_to, _("no end date")),
        basis,
        show_date(permit.applied_on),
        permit.note,
    )


class PermitTableModel(QAbstractTableModel):
    """Permits in start-date order; `set_permits` replaces them all."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._permits: list[PermitView] = []
        self._cells: list[tuple[str, ...]] = []

    def set_permits(self, permits: Sequence[PermitView]) -> None:
        """Show `permits`."""
        self.beginResetModel()
        self._permits = list(permits)
        self._cells = [_cells(permit) for permit in self._permits]
        self.endResetModel()

    def permit_at(self, row: int) -> PermitView:
        """The permit on a row."""
        return self._permits[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._permits)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMNS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._permits):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:  # a note must not render as markup
            return plain_tooltip(self._cells[index.row()][index.column()])
        if role == PERMIT_ROLE:
            return self._permits[index.row()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < COLUMNS
        ):
            return headers()[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
