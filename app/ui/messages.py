"""Telling the user about problems they can fix (AppError), including rejected imports."""

from __future__ import annotations

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


class ImportErrorsDialog(QDialog):
    """Every bad line of a rejected import, in a scrollable, copyable list."""

    def __init__(self, parent: QWidget | None, error: ImportRejected) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nothing was imported")
        summary = QLabel(
            f"{error} Fix these lines in the file and import it again; nothing has been added yet.",
            self,
        )
        summary.setWordWrap(True)
        self.lines = QPlainTextEdit(self)
        self.lines.setReadOnly(True)
        self.lines.setAccessibleName("Problems in the file")
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
        QMessageBox.warning(parent, "Borte", str(error))


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask a yes/no question whose yes button says what will happen; True for yes."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes


def count_words(n: int, noun: str) -> str:
    """ "1 trip", "2 trips", "2,000 trips": a count with its noun in the right number."""
    return f"1 {noun}" if n == 1 else f"{n:,} {noun}s"
