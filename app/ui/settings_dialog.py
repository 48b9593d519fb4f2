"""Settings: the counting convention, PR waiting time, warning margin, backups, theme,
language, data folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.profile import Convention
from app.services.settings import (
    DEFAULT_BACKUPS_TO_KEEP,
    MAX_BACKUPS_TO_KEEP,
    MAX_PR_WAITING_MONTHS,
    MAX_WARNING_MARGIN,
    MIN_BACKUPS_TO_KEEP,
    MIN_PR_WAITING_MONTHS,
    MIN_WARNING_MARGIN,
)
from app.services.wording import _, ngettext
from app.ui.labels import CONVENTION_LABELS, convention_label
from app.ui.language import LANGUAGE_CHOICES, LanguageChoice, language_label
from app.ui.theme import THEME_CHOICES, ThemeChoice, theme_label


@dataclass(frozen=True, slots=True)
class SettingsValues:
    """The settings the dialog edits."""

    convention: Convention
    pr_waiting_months: int
    warning_margin: int
    backups_to_keep: int = DEFAULT_BACKUPS_TO_KEEP
    theme: ThemeChoice = "system"  # per user (QSettings), not in the data file
    notify: bool = True  # desktop notifications when a limit is close; per user (QSettings)
    language: LanguageChoice = "system"  # per user too


class SettingsDialog(QDialog):
    """Edit the settings. Use `SettingsDialog.ask(...)`."""

    def __init__(self, parent: QWidget | None, *, initial: SettingsValues, data_dir: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self._data_dir = data_dir
        self.convention = QComboBox(self)
        self.convention.setAccessibleName(_("Counting convention"))
        for key in CONVENTION_LABELS:
            self.convention.addItem(convention_label(key), key)
        self.convention.setCurrentIndex(max(self.convention.findData(initial.convention), 0))
        self.waiting = QSpinBox(self)
        self.waiting.setAccessibleName(
            _("Expected waiting time for a permanent residence decision")
        )
        self.waiting.setRange(MIN_PR_WAITING_MONTHS, MAX_PR_WAITING_MONTHS)
        self.waiting.setValue(initial.pr_waiting_months)
        self.margin = QSpinBox(self)
        self.margin.setAccessibleName(_("Warning margin"))
        self.margin.setRange(MIN_WARNING_MARGIN, MAX_WARNING_MARGIN)
        self.margin.setValue(initial.warning_margin)
        self.keep = QSpinBox(self)
        self.keep.setAccessibleName(_("Backups to keep"))
        self.keep.setRange(MIN_BACKUPS_TO_KEEP, MAX_BACKUPS_TO_KEEP)
        self.keep.setValue(initial.backups_to_keep)
        self.theme = QComboBox(self)
        self.theme.setAccessibleName(_("Theme"))
        for choice in THEME_CHOICES:
            self.theme.addItem(theme_label(choice), choice)
        self.theme.setCurrentIndex(max(self.theme.findData(initial.theme), 0))
        self.notify = QCheckBox(_("Notify me when a limit is within the warning margin"), self)
        self.notify.setAccessibleName(_("Desktop notifications"))
        self.notify.setChecked(initial.notify)
        self.language = QComboBox(self)
        self.language.setAccessibleName(_("Language"))
        for language in LANGUAGE_CHOICES:
            self.language.addItem(language_label(language), language)
        self.language.setCurrentIndex(max(self.language.findData(initial.language), 0))
        # "3 months", "1 month": the suffix follows the number in the box.
        _plural_suffix(self.waiting, lambda n: ngettext(" month", " months", n))
        _plural_suffix(self.margin, lambda n: ngettext(" day", " days", n))
        self.folder = QLineEdit(str(data_dir), self)
        self.folder.setReadOnly(True)
        self.folder.setAccessibleName(_("Data folder"))
        self.open_folder_button = QPushButton(_("Open folder"), self)
        self.open_folder_button.clicked.connect(self._on_open_folder_button_clicked)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.open_folder_button)

        def hint(text: str) -> QLabel:
            # A smaller font rather than rich-text <small>: a wrapped rich-text label reserves
            # the height of normal-size lines and leaves gaps in the form.
            label = QLabel(text, self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            font = label.font()
            font.setPointSizeF(font.pointSizeF() * 0.9)
            label.setFont(font)
            return label

        form = QFormLayout()
        form.addRow(_("&Count as days abroad:"), self.convention)
        form.addRow(
            "",
            hint(
                _(
                    "UDI has not said whether the days you leave and come back count as days "
                    "abroad. Each card also shows the figure counted the other way."
                )
            ),
        )
        form.addRow(_("&Waiting for a PR decision:"), self.waiting)
        form.addRow("", hint(_("Used to check your days abroad on the expected decision date.")))
        form.addRow(_("Warning &margin:"), self.margin)
        form.addRow("", hint(_("A rule with this many days left or fewer is flagged as close.")))
        form.addRow(_("&Notifications:"), self.notify)
        form.addRow(
            "",
            hint(
                _(
                    "A desktop notification when Borte starts, and once a day while it is "
                    "open, if a rule is within your warning margin or a trip under way should "
                    "end soon."
                )
            ),
        )
        form.addRow(_("&Backups to keep:"), self.keep)
        form.addRow(
            "",
            hint(
                _(
                    "Borte backs up your data once a day when it starts; older copies beyond this "
                    "number are deleted then. See File > Backups."
                )
            ),
        )
        form.addRow(_("&Theme:"), self.theme)
        form.addRow(
            "",
            hint(
                _(
                    "Light, dark, or as your desktop is set. The charts follow it; reports "
                    "are always printed light."
                )
            ),
        )
        form.addRow(_("&Language:"), self.language)
        form.addRow(
            "",
            hint(
                _(
                    "The language of the window: after a change Borte offers to start again in "
                    "it. A report's language is chosen when you export it."
                )
            ),
        )
        form.addRow(_("Data folder:"), folder_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(600)

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, initial: SettingsValues, data_dir: Path
    ) -> SettingsValues | None:
        """Show the dialog; the new settings, or None if the user cancelled."""
        dialog = cls(parent, initial=initial, data_dir=data_dir)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted.value:
                return None
            return dialog.entered()
        finally:
            dialog.deleteLater()

    def entered(self) -> SettingsValues:
        """The settings as entered."""
        return SettingsValues(
            convention=self.convention.currentData(),
            pr_waiting_months=self.waiting.value(),
            warning_margin=self.margin.value(),
            backups_to_keep=self.keep.value(),
            theme=self.theme.currentData(),
            notify=self.notify.isChecked(),
            language=self.language.currentData(),
        )

    @Slot()
    def _on_open_folder_button_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_dir)))


def _plural_suffix(box: QSpinBox, suffix: Callable[[int], str]) -> None:
    """Keep `box`'s unit in the number's grammatical number as the value changes."""
    box.setSuffix(suffix(box.value()))
    box.valueChanged.connect(lambda n: box.setSuffix(suffix(n)))
