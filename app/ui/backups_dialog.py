"""File > Backups…: the backups of the data file, newest first, to restore one or make one.

The dialog only lists and asks; restoring and backing up are the window's to do (they close
and reopen its database), so it takes them as callables. The table model lives here rather
than in a `*_table_model.py` of its own because nothing else shows backups.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QUrl,
    Slot,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import backups
from app.services.backups import BackupInfo
from app.services.errors import AppError
from app.services.wording import _, ngettext
from app.ui.messages import plain_tooltip
from app.ui.qt_dates import show_decimal, show_number

COLUMNS = 4
# "Back up now" in this dialog: a reason of its own so the list says who made the copy.
MANUAL = "manual"


def headers() -> tuple[str, ...]:
    """The column headings."""
    return (_("Made"), _("Why"), _("Trips"), _("Size"))


AnyIndex = QModelIndex | QPersistentModelIndex


def reason_label(reason: str) -> str:
    """Why a backup was made, in words."""
    labels = {
        backups.DAILY: _("Daily, at start"),
        backups.BEFORE_MIGRATION: _("Before an upgrade"),
        backups.BEFORE_RESTORE: _("Before a restore"),
        backups.BEFORE_DELETE: _("Before a big deletion"),
        backups.LATEST: _("Latest changes, when Borte closed"),
        MANUAL: _("Made with Back up now"),
    }
    # An unknown reason (from a newer Borte) is shown as it is stored.
    return labels.get(reason, reason.replace("-", " "))


def size_text(size: int) -> str:
    """`812 KB`, `1.4 MB`."""
    if size < 1024 * 1024:
        return _("{size} KB").format(size=show_number(max(size // 1024, 1)))
    return _("{size} MB").format(size=show_decimal(size / (1024 * 1024), 1))


def _cells(info: BackupInfo) -> tuple[str, ...]:
    return (
        info.created.astimezone().strftime("%Y-%m-%d %H:%M"),  # local time, like label()
        reason_label(info.reason),
        _("cannot be read") if info.trip_count is None else show_number(info.trip_count),
        size_text(info.size),
    )


class BackupTableModel(QAbstractTableModel):
    """Backups, newest first; `set_backups` replaces them all."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backups: list[BackupInfo] = []
        self._cells: list[tuple[str, ...]] = []

    def set_backups(self, infos: Sequence[BackupInfo]) -> None:
        """Show `infos`."""
        self.beginResetModel()
        self._backups = list(infos)
        self._cells = [_cells(info) for info in self._backups]
        self.endResetModel()

    def backup_at(self, row: int) -> BackupInfo:
        """The backup on a row."""
        return self._backups[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._backups)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMNS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._backups):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(str(self._backups[index.row()].path))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
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


class BackupsDialog(QDialog):
    """The backups of one data folder. Use `BackupsDialog.show_for(...)`."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        data_dir: Path,
        restore: Callable[[BackupInfo], bool],
        back_up: Callable[[], BackupInfo | None],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Backups"))
        self._data_dir = data_dir
        self._restore = restore
        self._back_up = back_up
        intro = QLabel(
            _(
                "Borte copies your data file once a day when it starts, before an upgrade and "
                "before a restore. Restoring puts a copy back in place of your data; the data you "
                "have now is backed up first, so a restore can itself be undone from this list."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.model = BackupTableModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Backups, newest first"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.doubleClicked.connect(self._on_restore_button_clicked)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton(_("&Restore selected…"), self)
        self.back_up_button = QPushButton(_("&Back up now"), self)
        self.open_folder_button = QPushButton(_("&Open folder"), self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.back_up_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.back_up_button.clicked.connect(self._on_back_up_button_clicked)
        self.open_folder_button.clicked.connect(self._on_open_folder_button_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(720, 420)
        self.reload()

    @classmethod
    def show_for(
        cls,
        parent: QWidget | None,
        *,
        data_dir: Path,
        restore: Callable[[BackupInfo], bool],
        back_up: Callable[[], BackupInfo | None],
    ) -> None:
        """Show the dialog modally until the user closes it."""
        dialog = cls(parent, data_dir=data_dir, restore=restore, back_up=back_up)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def reload(self, select_id: str | None = None) -> None:
        """Read the backups folder again (selecting `select_id` if given)."""
        folder = backups.backups_dir(self._data_dir)
        try:
            infos = backups.list_backups(self._data_dir)
        except AppError as err:
            infos = []
            self.status.setText(str(err))
        else:
            self.status.setText(
                ngettext(
                    "{count} backup in {folder}.", "{count} backups in {folder}.", len(infos)
                ).format(count=show_number(len(infos)), folder=folder)
                if infos
                else _(
                    "No backups yet in {folder}. Borte makes one when it next starts, or "
                    "press Back up now."
                ).format(folder=folder)
            )
        self.model.set_backups(infos)
        row = next((i for i, info in enumerate(infos) if info.id == select_id), None)
        if row is not None:
            self.view.selectRow(row)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        """The backup selected in the list."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.backup_at(rows[0].row()) if rows else None

    @Slot()
    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    @Slot()
    def _on_restore_button_clicked(self) -> None:
        chosen = self.selected()
        if chosen is not None and self._restore(chosen):
            self.reload()
            self.status.setText(_("Restored {backup}.").format(backup=chosen.label()))

    @Slot()
    def _on_back_up_button_clicked(self) -> None:
        made = self._back_up()
        if made is not None:
            self.reload(select_id=made.id)
            self.status.setText(_("Backed up as {name}.").format(name=made.id))

    @Slot()
    def _on_open_folder_button_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(backups.backups_dir(self._data_dir))))
