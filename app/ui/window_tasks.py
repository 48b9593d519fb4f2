"""The window's menu tasks: people, example data, CSV files, settings, About.

These are not undoable (adding or deleting a whole person, changing settings), so they call
the services directly, show any `AppError`, and emit `data_changed` when something changed.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from app import __version__
from app.services.errors import AppError
from app.services.sample_data import create_sample_person
from app.ui import messages
from app.ui.settings_dialog import SettingsDialog, SettingsValues
from app.ui.status_panel import DISCLAIMER

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

CSV_FILTER = "CSV files (*.csv);;All files (*)"
UDI_URL = "https://www.udi.no/en/"


class WindowTasks:
    """File-menu tasks for one main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    @property
    def _s(self) -> QSettings:
        return self.window._qsettings

    def _changed(self) -> None:
        self.window.events.data_changed.emit()

    # People

    @Slot()
    def new_person(self) -> None:
        """Ask for a name and add a person to the household."""
        name, ok = QInputDialog.getText(
            self.window, "New person", "Name of the person to add:", QLineEdit.EchoMode.Normal
        )
        if not ok:
            return
        try:
            person = self.window.services.people.add(name)
        except AppError as err:
            messages.show_error(self.window, err)
            return
        self.window.person_id = person.id
        self._changed()

    @Slot()
    def rename_person(self) -> None:
        """Give the person on screen a new name."""
        people = self.window.services.people
        current = people.get(self.window.person_id)
        name, ok = QInputDialog.getText(
            self.window, "Rename person", "New name:", QLineEdit.EchoMode.Normal, current.name
        )
        if not ok:
            return
        try:
            people.rename(current.id, name)
        except AppError as err:
            messages.show_error(self.window, err)
            return
        self._changed()

    @Slot()
    def delete_person(self) -> None:
        """Delete the person on screen, with everything recorded for them, after confirming."""
        people = self.window.services.people
        person = people.get(self.window.person_id)
        if person.is_sample:
            title, question, button = (
                "Delete example data",
                "Delete the example person with their trips and permits? Your own data is not "
                "touched, and you can explore the example again from the File menu.",
                "Delete example data",
            )
        else:
            title, question, button = (
                "Delete person",
                f"Delete {person.name} with all their trips, permits and key dates? This "
                "cannot be undone.",
                f"Delete {person.name}",
            )
        if not messages.confirm(self.window, title, question, button):
            return
        try:
            people.remove(person.id)
        except AppError as err:
            messages.show_error(self.window, err)
            return
        self.window.editor.forget(person.id)
        self.window.person_id = people.default().id
        self._changed()

    @Slot()
    def explore_example(self) -> None:
        """Add the example person (once) and show them."""
        s = self.window.services
        try:
            person = create_sample_person(s.people, s.trips, s.permits, today=s.today())
        except AppError as err:
            messages.show_error(self.window, err)
            return
        self.window.person_id = person.id
        self._changed()

    @Slot()
    def leave_example(self) -> None:
        """Go back from the example person to the first real one."""
        self.window.switch_person(self.window.services.people.default().id)

    # CSV

    @Slot()
    def import_csv(self) -> None:
        """Pick a CSV file and import its trips for the person on screen (undoable)."""
        folder = str(self._s.value("files/csv_folder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self.window, "Import trips", folder, CSV_FILTER)
        if not path:
            return
        self._s.setValue("files/csv_folder", str(Path(path).parent))
        result = self.window.editor.import_csv(Path(path))
        if result is not None:
            skipped = (
                f"; {result.skipped_duplicates} were already there"
                if result.skipped_duplicates
                else ""
            )
            self.window.statusBar().showMessage(
                f"Imported {result.added} trips from {Path(path).name}{skipped}.", 10000
            )
            self.window.show_page(self.window.trip_table)

    @Slot()
    def export_csv(self) -> None:
        """Save the trips of the person on screen to a CSV file."""
        folder = Path(str(self._s.value("files/csv_folder", str(Path.home()))))
        name = self.window.services.people.get(self.window.person_id).name
        suggested = str(folder / f"borte-trips-{'-'.join(name.lower().split())}.csv")
        path, _ = QFileDialog.getSaveFileName(self.window, "Export trips", suggested, CSV_FILTER)
        if not path:
            return
        self._s.setValue("files/csv_folder", str(Path(path).parent))
        try:
            count = self.window.services.trips.export_csv(self.window.person_id, Path(path))
        except AppError as err:
            messages.show_error(self.window, err)
            return
        self.window.statusBar().showMessage(f"Exported {count} trips to {path}.", 10000)

    # Settings

    @Slot()
    def edit_settings(self) -> None:
        """Show the settings dialog and store what changed."""
        settings = self.window.services.settings
        current = SettingsValues(
            settings.convention(), settings.pr_waiting_months(), settings.warning_margin()
        )
        entered = SettingsDialog.ask(
            self.window, initial=current, data_dir=self.window.services.data_dir
        )
        if entered is None or entered == current:
            return
        try:
            settings.set_convention(entered.convention)
            settings.set_pr_waiting_months(entered.pr_waiting_months)
            settings.set_warning_margin(entered.warning_margin)
        except AppError as err:
            messages.show_error(self.window, err)
        self._changed()

    # Help

    def about_text(self) -> str:
        """The text of Help > About."""
        services = self.window.services
        log = services.log_file
        return (
            f"<h3>Borte {html.escape(__version__)}</h3>"
            "<p>Counts the days you spend outside Norway against the residence rules and shows "
            "where you stand.</p>"
            f"<p>Data folder: {html.escape(str(services.data_dir))}<br>"
            f"Log file: {html.escape(str(log) if log else 'none')}</p>"
            f'<p><b>{DISCLAIMER}</b> See <a href="{UDI_URL}">udi.no</a>.</p>'
        )

    @Slot()
    def about(self) -> None:
        """Help > About: version, data folder, log file and the disclaimer."""
        QMessageBox.about(self.window, "About Borte", self.about_text())

    @Slot()
    def open_udi_website(self) -> None:
        """Help > UDI website."""
        QDesktopServices.openUrl(QUrl(UDI_URL))
