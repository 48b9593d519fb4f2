"""What the user sees at start when the data file is damaged or not Borte's.

The composition root refused the file (`DataFileProblem`) without touching it. This dialog,
shown before the main window, says what is wrong in the service's own sentence and offers the
three ways on: restore the newest good backup, open another folder, or quit. The caller does
the chosen thing (`app/main.py`), so tests only need to monkeypatch `DataFileDialog.ask`.
"""

from __future__ import annotations

import enum
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.services.backups import Restored
from app.services.file_check import DataFileProblem
from app.services.wording import _
from app.ui import messages


class Choice(enum.Enum):
    """What the user chose to do about the file."""

    RESTORE = "restore"
    OTHER_FOLDER = "other_folder"
    QUIT = "quit"


class DataFileDialog(QDialog):
    """Borte cannot open the data file: say why, offer restore / another folder / quit."""

    def __init__(self, parent: QWidget | None, problem: DataFileProblem) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Borte cannot open your data"))
        self.choice = Choice.QUIT
        icon = QLabel(self)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        heading = QLabel(_("<b>Borte did not open your data file</b>"), self)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # the path may look like a tag
        self.message.setText(str(problem))
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(_("What is wrong with the data file"))

        backup = problem.backup
        self.restore_button: QCommandLinkButton | None = None
        if backup is not None:
            self.restore_button = QCommandLinkButton(
                _("Restore {backup}").format(backup=backup.label()),
                _("Borte keeps the file that is there now beside it, unchanged."),
                self,
            )
            self.restore_button.clicked.connect(self._on_restore_button_clicked)
            # A command link never wraps its bold title, and its size hint ignores the title's
            # width, so make room for the backup's long label (plus the arrow and margins).
            title_font = QFont(self.restore_button.font())
            title_font.setBold(True)
            title_width = QFontMetrics(title_font).horizontalAdvance(self.restore_button.text())
            self.restore_button.setMinimumWidth(title_width + 80)
        self.folder_button = QCommandLinkButton(
            _("Open another folder…"), _("Choose the folder that holds your Borte data."), self
        )
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.quit_button = QCommandLinkButton(
            _("Quit"), _("Close Borte and leave everything as is."), self
        )
        self.quit_button.clicked.connect(self.reject)

        text = QVBoxLayout()
        text.addWidget(heading)
        text.addWidget(self.message)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        for button in (self.restore_button, self.folder_button, self.quit_button):
            if button is not None:
                layout.addWidget(button)
        layout.addStretch(1)  # spare height below the choices, not between them
        (self.restore_button or self.folder_button).setDefault(True)
        # An explicit minimum overrides the layout's, so take the wider of the two.
        self.setMinimumWidth(max(620, layout.minimumSize().width()))

    @classmethod
    def ask(cls, parent: QWidget | None, problem: DataFileProblem) -> Choice:
        """Show the dialog; what the user chose (closing it is Quit)."""
        dialog = cls(parent, problem)
        try:
            dialog.exec()
            return dialog.choice
        finally:
            dialog.deleteLater()

    @Slot()
    def _on_restore_button_clicked(self) -> None:
        self.choice = Choice.RESTORE
        self.accept()

    @Slot()
    def _on_folder_button_clicked(self) -> None:
        self.choice = Choice.OTHER_FOLDER
        self.accept()


def choose_folder(parent: QWidget | None, start: Path) -> Path | None:
    """Ask for another data folder; None if the user cancelled."""
    chosen = QFileDialog.getExistingDirectory(parent, _("Open a Borte data folder"), str(start))
    return Path(chosen) if chosen else None


def restored_text(restored: Restored) -> str:
    """Tell the user what a restore did, and where the file it replaced went."""
    if restored.previous is not None:
        return _(
            "Borte restored the backup {backup}. The file it replaced is kept as {previous}."
        ).format(backup=restored.backup.label(), previous=restored.previous)
    return _("Borte restored the backup {backup}.").format(backup=restored.backup.label())


def show_restored(parent: QWidget | None, restored: Restored) -> None:
    """Say that a restore worked (the window opens next)."""
    messages.tell(parent, _("Backup restored"), restored_text(restored))
