"""Telling the user about problems they can fix (AppError), including rejected imports.

Every message here shows its text as plain text. Qt guesses "rich text" from anything that
looks like a tag, so a person named `<h1 style="color:red">…` would otherwise turn a prompt
into a red heading; names, notes, destinations and paths reach these boxes.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import AppError, ImportRejected
from app.services.wording import _


class ImportErrorsDialog(QDialog):
    """Every bad line of a rejected import, in a scrollable, copyable list."""

    def __init__(self, parent: QWidget | None, error: ImportRejected) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Nothing was imported"))
        summary = QLabel(self)
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setText(
            _(
                "{problem} Fix these lines in the file and import it again; nothing has been "
                "added yet."
            ).format(problem=error)
        )
        summary.setWordWrap(True)
        self.lines = QPlainTextEdit(self)
        self.lines.setReadOnly(True)
        self.lines.setAccessibleName(_("Problems in the file"))
        self.lines.setPlainText("\n".join(row.message for row in error.errors))
        self.lines.setVisible(bool(error.errors))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.lines, 1)
        layout.addWidget(buttons)
        self.resize(640, 360)

    @classmethod
    def show_for(cls, parent: QWidget | None, error: ImportRejected) -> None:
        """Show the dialog modally."""
        dialog = cls(parent, error)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()


def show_error(parent: QWidget | None, error: AppError) -> None:
    """Show a known error's sentence (or the list of bad lines for a rejected import)."""
    if isinstance(error, ImportRejected):
        ImportErrorsDialog.show_for(parent, error)
    else:
        tell(parent, "Borte", str(error), QMessageBox.Icon.Warning)


def tell(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Information,
) -> None:
    """A modal message with an OK button, its text shown as plain text."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    try:
        box.exec()
    finally:
        box.deleteLater()


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` exactly: escaped, as rich text Qt cannot misread."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask a yes/no question whose yes button says what will happen; True for yes."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes
