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
from app.services.wording import N_, _, ngettext
from app.ui.labels import destination_label
from app.ui.qt_dates import show_date, show_number

_Index = QModelIndex | QPersistentModelIndex

# English here, translated where shown.
STATUS_WORDS = {
    Status.NEW: N_("New"),
    Status.DUPLICATE: N_("Already recorded"),
    Status.REPEAT: N_("Repeated in the file"),
    Status.OVERLAP: N_("Overlaps recorded trips"),
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
    dialog = QProgressDialog(_("Reading {file}…").format(file=path.name), _("Cancel"), 0, 0, parent)
    dialog.setWindowTitle(_("Import"))
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

    HEADERS = (
        N_("Import"),
        N_("Departure"),
        N_("Return"),
        N_("Destination"),
        N_("Days"),
        N_("Compared"),
        N_("From"),
    )
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
            return _(self.HEADERS[section])
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
                show_date(v.departure),  # as shown; both 2025-03-05 and 05.03.2025 are read
                show_date(v.return_date),
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
            return _("merge") if row.include and row.merge else ""
        if column == 1:
            return show_date(v.departure)
        if column == 2:
            return show_date(v.return_date, _("under way"))
        if column == 3:
            return destination_label(v.destination) or "—"
        if column == 4:
            return show_number(v.days(self.today))
        if column == 5:
            words = _(STATUS_WORDS[row.candidate.status])
            reason = row.candidate.reason
            if reason and row.candidate.status is Status.REPEAT:
                return _("{status} ({reason})").format(status=words, reason=reason)
            return words
        return v.where()

    @staticmethod
    def _conflicts(row: ReviewRow) -> str:
        trips = row.candidate.conflicts
        if not trips:
            return ""
        spans = [
            _("{start} – {end} {where}")
            .format(
                start=show_date(t.departure),
                end=show_date(t.return_date, _("under way")),
                where=destination_label(t.destination) or "",
            )
            .rstrip()
            for t in trips[:5]
        ]
        text = _("Recorded: {trips}").format(trips="\n".join(spans))
        if len(trips) > 5:
            more = len(trips) - 5
            text = ngettext(
                "{trips}\n…and {count} more", "{trips}\n…and {count} more", more
            ).format(trips=text, count=show_number(more))
        return text

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


def _summary(proposal: Proposal, name: str) -> str:
    """ "12 trips found in trips.csv: 10 new, 2 already recorded. Untick what…"."""
    counts = proposal.counts()
    found = ngettext(
        "{count} trip found in {file}", "{count} trips found in {file}", len(proposal.candidates)
    ).format(count=show_number(len(proposal.candidates)), file=name)
    kinds = (
        (Status.NEW, lambda n: ngettext("{count} new", "{count} new", n)),
        (
            Status.DUPLICATE,
            lambda n: ngettext("{count} already recorded", "{count} already recorded", n),
        ),
        (
            Status.REPEAT,
            lambda n: ngettext("{count} repeated in the file", "{count} repeated in the file", n),
        ),
        (
            Status.OVERLAP,
            lambda n: ngettext(
                "{count} overlapping recorded trips", "{count} overlapping recorded trips", n
            ),
        ),
    )
    parts = [
        words(counts[status.value]).format(count=show_number(counts[status.value]))
        for status, words in kinds
        if counts[status.value]
    ]
    if parts:
        found = _("{found}: {counts}").format(found=found, counts=", ".join(parts))
    return _(
        "{found}. Untick what you do not want; double-click a date or destination to correct "
        "it. Nothing is saved until you press Import, and Edit > Undo takes it all back."
    ).format(found=found)


class ImportReviewDialog(QDialog):
    """The trips a file proposes; nothing is saved until the user presses Import."""

    def __init__(self, parent: QWidget | None, proposal: Proposal, name: str, today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import trips from {file}").format(file=name))
        self.model = ImportReviewModel(proposal.candidates, today)
        self.summary = QLabel(_summary(proposal, name), self)
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
        self.merge_button = QPushButton(_("&Merge selected with the trips they overlap"), self)
        self.merge_button.clicked.connect(self._merge_selected)
        tick = QPushButton(_("Tick &all"), self)
        tick.clicked.connect(lambda: self._set_all(True))
        untick = QPushButton(_("&Untick all"), self)
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
        ok.setText(
            ngettext("&Import {count} trip", "&Import {count} trips", count).format(
                count=show_number(count)
            )
        )
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
