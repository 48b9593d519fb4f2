"""File > Import…: read a file in a worker thread, then review its trips before saving any.

`propose_in_background` runs `ImportService.propose` on the thread pool behind a progress
dialog with Cancel (large files take seconds); `ImportReviewDialog.ask` shows the proposal —
dates, destination, days, where each trip came from, and how it compares with the recorded
trips — and lets the user untick, edit and merge before anything is saved. What comes back is
a list of `Accepted` trips for one undoable `ImportTripsCommand`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEventLoop,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import AppError
from app.services.importing.country_names import match_country
from app.services.importing.model import Accepted, Action, Candidate, Proposal, Proposed, Status
from app.services.importing.pipeline import ImportService, merged
from app.services.importing.sources import Cancelled
from app.services.importing.table import RowProblem, parse_date
from app.ui.labels import destination_label

_Index = QModelIndex | QPersistentModelIndex

STATUS_WORDS = {
    Status.NEW: "New",
    Status.DUPLICATE: "Already recorded",
    Status.REPEAT: "Repeated in the file",
    Status.OVERLAP: "Overlaps recorded trips",
}


class _Signals(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)  # a Proposal, an AppError, or None (cancelled)


class _ProposeTask(QRunnable):
    """`ImportService.propose` off the window's thread."""

    def __init__(self, run: Any) -> None:
        super().__init__()
        self.signals = _Signals()
        self._run = run
        self.cancel = threading.Event()

    def progress(self, done: int, total: int) -> bool:
        # Sources count rows, or bytes of a file that may be larger than a Qt int holds: the
        # window gets how far it is in per mille.
        share = min(1000, done * 1000 // total) if total > 0 else 0
        self.signals.progressed.emit(share, 1000)
        return not self.cancel.is_set()

    def run(self) -> None:
        result: object
        try:
            result = self._run(self.progress)
        except Cancelled:
            result = None
        except Exception as err:  # noqa: BLE001 - handed to the window's thread, raised there
            result = err
        self.signals.finished.emit(result)


def propose_in_background(
    parent: QWidget, importer: ImportService, person_id: int, path: Path, today: date
) -> Proposal | AppError | None:
    """The proposal for `path`, read on a worker thread behind a progress dialog.

    Returns the proposal, the AppError that refused the file, or None if the user cancelled.
    The window stays responsive meanwhile (a local event loop runs until the task is done).
    """
    task = _ProposeTask(
        lambda progress: importer.propose(person_id, path, today=today, progress=progress)
    )
    task.setAutoDelete(False)
    dialog = QProgressDialog(f"Reading {path.name}…", "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Import")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)  # small files never show it
    dialog.canceled.connect(task.cancel.set)
    outcome: list[object] = []
    loop = QEventLoop()

    def progressed(share: int, scale: int) -> None:
        dialog.setMaximum(scale)
        dialog.setValue(share)

    def finished(result: object) -> None:
        outcome.append(result)
        loop.quit()

    task.signals.progressed.connect(progressed)
    task.signals.finished.connect(finished)
    QThreadPool.globalInstance().start(task)
    if not outcome:
        loop.exec()
    dialog.reset()
    dialog.deleteLater()
    result = outcome[0]
    if isinstance(result, Proposal | AppError):
        return result
    if isinstance(result, Exception):
        raise result  # a bug: to sys.excepthook, from the window's thread
    return None


@dataclass(slots=True)
class ReviewRow:
    """One row of the review: the candidate, what the user made of it, and whether to keep it."""

    candidate: Candidate
    values: Proposed
    include: bool
    merge: bool = False


class ImportReviewModel(QAbstractTableModel):
    """The proposed trips, with a tick box and editable dates and destination."""

    HEADERS = ("Import", "Departure", "Return", "Destination", "Days", "Compared", "From")
    EDITABLE = (1, 2, 3)

    def __init__(self, candidates: Sequence[Candidate], today: date) -> None:
        super().__init__()
        self.today = today
        self.rows = [
            ReviewRow(c, c.proposed, c.action is not Action.SKIP, c.action is Action.MERGE)
            for c in candidates
        ]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() in self.EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if row.include else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.EditRole and column in self.EDITABLE:
            v = row.values
            return [
                "",
                v.departure.isoformat(),
                v.return_date.isoformat() if v.return_date else "",
                v.destination or "",
            ][column]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return self._conflicts(row)
        if role == Qt.ItemDataRole.ToolTipRole and column == 6:
            return row.values.where().replace("; ", ";\n")  # all of the evidence
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not row.include:
            return QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def _text(self, row: ReviewRow, column: int) -> str:
        v = row.values
        if column == 0:
            return "merge" if row.include and row.merge else ""
        if column == 1:
            return v.departure.isoformat()
        if column == 2:
            return v.return_date.isoformat() if v.return_date else "under way"
        if column == 3:
            return destination_label(v.destination) or "—"
        if column == 4:
            return f"{v.days(self.today):,}"
        if column == 5:
            words = STATUS_WORDS[row.candidate.status]
            reason = row.candidate.reason
            return (
                f"{words} ({reason})" if reason and row.candidate.status is Status.REPEAT else words
            )
        return v.where()

    @staticmethod
    def _conflicts(row: ReviewRow) -> str:
        trips = row.candidate.conflicts
        if not trips:
            return ""
        spans = [
            f"{t.departure.isoformat()} – "
            f"{t.return_date.isoformat() if t.return_date else 'under way'}"
            f" {destination_label(t.destination) or ''}".rstrip()
            for t in trips[:5]
        ]
        more = f"\n…and {len(trips) - 5} more" if len(trips) > 5 else ""
        return "Recorded: " + "\n".join(spans) + more

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            row.include = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole and column in self.EDITABLE:
            edited = self._edited(row.values, column, str(value))
            if edited is None:
                return False
            row.values = edited
            row.include = True
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 6))
        return True

    @staticmethod
    def _edited(values: Proposed, column: int, text: str) -> Proposed | None:
        try:
            if column == 1:
                day = parse_date(text, "departure date")
                return None if day is None else values._replace(departure=day)
            if column == 2:
                return values._replace(return_date=parse_date(text, "return date"))
        except RowProblem:
            return None
        if not text.strip():
            return values._replace(destination=None)
        code = match_country(text)
        return None if code is None else values._replace(destination=code)

    def set_all(self, include: bool) -> None:
        """Tick or untick every row."""
        for row in self.rows:
            row.include = include
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 6))

    def merge_rows(self, numbers: Sequence[int]) -> int:
        """Mark rows that overlap recorded trips to be merged with them; returns how many."""
        count = 0
        for number in numbers:
            row = self.rows[number]
            if row.candidate.status is Status.OVERLAP:
                row.merge = row.include = True
                count += 1
                self.dataChanged.emit(self.index(number, 0), self.index(number, 6))
        return count

    def accepted(self) -> list[Accepted]:
        """The ticked rows as the trips to store (merges as one trip covering the others)."""
        out: list[Accepted] = []
        for row in self.rows:
            if not row.include:
                continue
            if row.merge and row.candidate.conflicts:
                out.append(merged(row.values, row.candidate.conflicts))
            else:
                out.append(row.values)
        return out


class ImportReviewDialog(QDialog):
    """The trips a file proposes; nothing is saved until the user presses Import."""

    def __init__(self, parent: QWidget | None, proposal: Proposal, name: str, today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import trips from {name}")
        self.model = ImportReviewModel(proposal.candidates, today)
        counts = proposal.counts()
        parts = [f"{len(proposal.candidates):,} trips found in {name}"]
        for status, words in (
            (Status.NEW, "new"),
            (Status.DUPLICATE, "already recorded"),
            (Status.REPEAT, "repeated in the file"),
            (Status.OVERLAP, "overlapping recorded trips"),
        ):
            if counts[status.value]:
                parts.append(f"{counts[status.value]:,} {words}")
        self.summary = QLabel(
            parts[0] + (": " + ", ".join(parts[1:]) if len(parts) > 1 else "") + ". "
            "Untick what you do not want; double-click a date or destination to correct it. "
            "Nothing is saved until you press Import, and Edit > Undo takes it all back.",
            self,
        )
        # What the source left out and why ("12 events were not travel …"), one per line.
        self.notes = QLabel("\n".join(proposal.notes), self)
        self.notes.setWordWrap(True)
        self.notes.setVisible(bool(proposal.notes))
        self.summary.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # Fixed widths from font metrics, not resizeColumnsToContents: 100,000 rows stay quick.
        width = self.fontMetrics().horizontalAdvance("0000-00-00__")
        for column, factor in enumerate((0.7, 1.0, 1.0, 1.4, 0.5, 2.3)):
            header.resizeSection(column, int(width * factor))
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.merge_button = QPushButton("&Merge selected with the trips they overlap", self)
        self.merge_button.clicked.connect(self._merge_selected)
        tick = QPushButton("Tick &all", self)
        tick.clicked.connect(lambda: self._set_all(True))
        untick = QPushButton("&Untick all", self)
        untick.clicked.connect(lambda: self._set_all(False))
        tools = QHBoxLayout()
        for button in (tick, untick, self.merge_button):
            tools.addWidget(button)
        tools.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.notes)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.model.dataChanged.connect(self._update_ok)
        self._update_ok()
        self.resize(900, 520)

    def _set_all(self, include: bool) -> None:
        self.model.set_all(include)

    def _merge_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        self.model.merge_rows(rows)

    def _update_ok(self) -> None:
        count = sum(1 for row in self.model.rows if row.include)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"&Import {count:,} trips" if count != 1 else "&Import 1 trip")
        ok.setEnabled(count > 0)

    @classmethod
    def ask(
        cls, parent: QWidget | None, proposal: Proposal, name: str, today: date
    ) -> list[Accepted] | None:
        """The trips the user accepts, or None if they cancel."""
        dialog = cls(parent, proposal, name, today)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.model.accepted()
        finally:
            dialog.deleteLater()
