"""The window's menu tasks: people, example data, CSV files, backups, settings, About.

Most are not undoable (adding a person, changing settings), so they call the services
directly, show any `AppError`, and emit `data_changed` when something changed. Deleting a
person and clearing all trips are big mistakes to make by accident, so they go through the
editor as undoable commands; restoring a backup is undone from the Backups dialog itself.
"""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QLineEdit, QMessageBox

from app import __version__
from app.models.database import DATABASE_FILENAME
from app.services import backups
from app.services.backups import BackupInfo, Restored
from app.services.errors import AppError, ImportRejected
from app.services.ruledata import rules_checked_sentence
from app.services.sample_data import create_sample_person
from app.services.wording import _, current_language, ngettext
from app.ui import messages
from app.ui.backups_dialog import MANUAL, BackupsDialog
from app.ui.data_file_dialog import restored_text
from app.ui.entries import KeyDatesInput
from app.ui.events import EVERYTHING
from app.ui.import_review import ImportReviewDialog, propose_in_background
from app.ui.language import (
    LanguageChoice,
    resolve_language,
    store_language,
    stored_language,
)
from app.ui.limit_notifier import store_notify, stored_notify
from app.ui.person_dialog import PersonDetailsDialog
from app.ui.qt_dates import show_number
from app.ui.settings_dialog import SettingsDialog, SettingsValues
from app.ui.setup_wizard import SetupWizard
from app.ui.status_panel import DISCLAIMER
from app.ui.theme import ThemeChoice, ThemeSwitcher, store_theme, stored_theme
from app.ui.undo_commands import (
    AddPermitCommand,
    DeletePersonCommand,
    DeleteTripsCommand,
    ServiceCommand,
    SetKeyDatesCommand,
)

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

UDI_URL = "https://www.udi.no/en/"


def csv_filter() -> str:
    """The file dialogs' filter for CSV files."""
    return _("CSV files (*.csv);;All files (*)")


def import_filter() -> str:
    """The file dialog's filter for importing trips."""
    return _(
        "Trips files (*.csv *.tsv *.txt *.xlsx *.ics *.json *.zip);;"
        "Spreadsheets (*.csv *.tsv *.txt *.xlsx);;CSV files (*.csv);;Excel workbooks (*.xlsx);;"
        "Calendars (*.ics);;Google location history (*.json *.zip);;All files (*)"
    )


def _trips(count: int) -> str:
    return ngettext("{count} trip", "{count} trips", count).format(count=show_number(count))


def _permits(count: int) -> str:
    return ngettext("{count} permit", "{count} permits", count).format(count=show_number(count))


class WindowTasks:
    """File-menu tasks for one main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    @property
    def _s(self) -> QSettings:
        return self.window._qsettings

    def _changed(self) -> None:
        self.window.events.data_changed.emit(EVERYTHING)

    # People

    @Slot()
    def new_person(self) -> None:
        """Ask for a name and add a person to the household."""
        name, ok = QInputDialog.getText(
            self.window, _("New person"), _("Name of the person to add:"), QLineEdit.EchoMode.Normal
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
            self.window,
            _("Rename person"),
            _("New name:"),
            QLineEdit.EchoMode.Normal,
            current.name,
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
    def edit_person_details(self) -> None:
        """Full name, date of birth and D-/DUF number for the report."""
        people = self.window.services.people
        current = people.get(self.window.person_id)
        entered = PersonDetailsDialog.ask(
            self.window, person=current, today=self.window.services.today()
        )
        if entered is None:
            return
        try:
            people.set_identity(
                current.id,
                full_name=entered.full_name,
                born_on=entered.born_on,
                reference_number=entered.reference_number,
            )
        except AppError as err:
            messages.show_error(self.window, err)
            return
        self._changed()

    @Slot()
    def delete_person(self) -> None:
        """Delete the person on screen, with everything recorded for them, after confirming."""
        window = self.window
        people = window.services.people
        try:
            snapshot = people.snapshot(window.person_id)
            others = [p for p in people.list() if p.id != window.person_id]
        except AppError as err:
            messages.show_error(window, err)
            return
        person = snapshot.person
        if person.is_sample:
            title, question, button = (
                _("Delete example data"),
                _(
                    "Delete the example person with their trips and permits? Your own data is "
                    "not touched, and you can explore the example again from the File menu. "
                    "You can undo this with Edit > Undo (Ctrl+Z)."
                ),
                _("Delete example data"),
            )
        else:
            title, question, button = (
                _("Delete person"),
                _(
                    "Delete {name} with all their {trips}, {permits} and key dates? You can undo "
                    "this with Edit > Undo (Ctrl+Z)."
                ).format(
                    name=person.name,
                    trips=_trips(len(snapshot.trips)),
                    permits=_permits(len(snapshot.permits)),
                ),
                _("Delete {name}").format(name=person.name),
            )
        if not messages.confirm(window, title, question, button):
            return
        if not self._backed_up_before_delete():
            return
        # Whom the window shows next, as `PersonService.default` would pick once they are gone;
        # the undo goes on that person's stack, the one Undo works on next.
        others.sort(key=lambda p: (p.is_sample, p.id))
        shown_after = others[0].id if others else person.id
        window.person_id = shown_after
        if not window.editor.run(DeletePersonCommand(window.editor.ctx, snapshot, shown_after)):
            window.person_id = person.id
            return
        window.editor.forget(person.id)

    @Slot()
    def clear_trips(self) -> None:
        """Delete every trip of the person on screen after confirming (undoable)."""
        window = self.window
        try:
            person = window.services.people.get(window.person_id)
            trips = window.services.trips.list(person.id)
        except AppError as err:
            messages.show_error(window, err)
            return
        if not trips:
            return
        count, shown = len(trips), show_number(len(trips))
        question = ngettext(
            "Delete the {count} trip of {name}? Permits and key dates stay. You can undo this "
            "with Edit > Undo (Ctrl+Z).",
            "Delete all {count} trips of {name}? Permits and key dates stay. You can undo this "
            "with Edit > Undo (Ctrl+Z).",
            count,
        ).format(count=shown, name=person.name)
        button = ngettext("Delete {count} trip", "Delete {count} trips", count).format(count=shown)
        if (
            messages.confirm(window, _("Clear all trips"), question, button)
            and self._backed_up_before_delete()
        ):
            text = ngettext("Clear all {count} trip", "Clear all {count} trips", count)
            window.editor.run(
                DeleteTripsCommand(window.editor.ctx, trips, text=text.format(count=shown))
            )

    def _backed_up_before_delete(self) -> bool:
        """Copy the file before a big deletion; False if that failed and the user stopped."""
        try:
            backups.backup_before_delete(self.window.services.data_dir)
        except backups.BackupError as err:
            return messages.confirm(
                self.window,
                _("No backup"),
                _("{problem} Delete anyway? Edit > Undo still works until Borte closes.").format(
                    problem=err
                ),
                _("Delete anyway"),
            )
        return True

    @Slot()
    def set_up(self) -> None:
        """The set-up guide: arrival, permits, then trips; saved as one undoable step."""
        window = self.window
        answers = SetupWizard.ask(window, today=window.services.today())
        if answers is None:
            return
        ctx = window.editor.ctx
        person = window.services.people.get(window.person_id)
        commands: list[ServiceCommand] = []
        if answers.arrived_on is not None:
            old = KeyDatesInput.from_person(person)
            dates = old.dates | {"arrived_on": answers.arrived_on}
            commands.append(
                SetKeyDatesCommand(ctx, person, KeyDatesInput(dates, old.sufficient_income))
            )
        for permit in (*answers.earlier, *([answers.current] if answers.current else [])):
            commands.append(AddPermitCommand(ctx, person.id, permit))
        window.editor.run_together(commands, _("Set up"))
        if answers.then == "trip":
            window.show_page(window.trip_table)
            window.editor.new_trip()
        elif answers.then == "import":
            self.import_csv()
        elif commands:
            window.show_page(window.trip_table)  # beside the status, which now has verdicts
        # Everything skipped: the welcome page stays, with its other ways to begin.

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
        """Pick a file, review the trips it holds, and save the accepted ones (undoable)."""
        folder = str(self._s.value("files/csv_folder", str(Path.home())))
        chosen, _filter = QFileDialog.getOpenFileName(
            self.window, _("Import trips"), folder, import_filter()
        )
        if not chosen:
            return
        path = Path(chosen)
        self._s.setValue("files/csv_folder", str(path.parent))
        services = self.window.services
        today = services.today()
        result = propose_in_background(
            self.window, services.trips.importer(), self.window.person_id, path, today
        )
        if result is None:
            return  # cancelled
        if isinstance(result, AppError):
            messages.show_error(self.window, result)
            return
        if result.errors:
            messages.show_error(self.window, ImportRejected(result.errors))
            return
        if not result.candidates:
            found = " ".join((_("No trips found in {file}.").format(file=path.name), *result.notes))
            self.window.statusBar().showMessage(found, 10000)
            return
        accepted = ImportReviewDialog.ask(self.window, result, path.name, today)
        if not accepted:
            return
        batch = self.window.editor.import_accepted(path.name, accepted)
        if batch is not None:
            left_out = len(result.candidates) - batch.added
            if left_out:
                text = ngettext(
                    "Imported {trips} from {file}; {count} left out.",
                    "Imported {trips} from {file}; {count} left out.",
                    left_out,
                ).format(trips=_trips(batch.added), file=path.name, count=show_number(left_out))
            else:
                text = _("Imported {trips} from {file}.").format(
                    trips=_trips(batch.added), file=path.name
                )
            self.window.statusBar().showMessage(text, 10000)
            self.window.show_page(self.window.trip_table)

    @Slot()
    def export_csv(self) -> None:
        """Save the trips of the person on screen to a CSV file."""
        folder = Path(str(self._s.value("files/csv_folder", str(Path.home()))))
        name = self.window.services.people.get(self.window.person_id).name
        suggested = str(folder / f"borte-trips-{'-'.join(name.lower().split())}.csv")
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Export trips"), suggested, csv_filter()
        )
        if not path:
            return
        self._s.setValue("files/csv_folder", str(Path(path).parent))
        try:
            count = self.window.services.trips.export_csv(self.window.person_id, Path(path))
        except AppError as err:
            messages.show_error(self.window, err)
            return
        self.window.statusBar().showMessage(
            _("Exported {trips} to {file}.").format(trips=_trips(count), file=path), 10000
        )

    @Slot()
    def export_all(self) -> None:
        """Save everything (people, trips, permits, key dates, settings) as one JSON file."""
        from app.services.importing.borte_export import write_export

        folder = Path(str(self._s.value("files/csv_folder", str(Path.home()))))
        suggested = str(folder / "borte-everything.json")
        path, _filter = QFileDialog.getSaveFileName(
            self.window,
            _("Export everything"),
            suggested,
            _("Borte export (*.json);;All files (*)"),
        )
        if not path:
            return
        self._s.setValue("files/csv_folder", str(Path(path).parent))
        try:
            written = write_export(self.window.services.trips.sessions, Path(path))
        except AppError as err:
            messages.show_error(self.window, err)
            return
        people = ngettext("{count} person", "{count} people", written["people"]).format(
            count=show_number(written["people"])
        )
        self.window.statusBar().showMessage(
            _("Exported {people}, {trips} and {permits} to {file}.").format(
                people=people,
                trips=_trips(written["trips"]),
                permits=_permits(written["permits"]),
                file=path,
            ),
            10000,
        )

    # Settings

    @Slot()
    def edit_settings(self) -> None:
        """Show the settings dialog and store what changed."""
        settings = self.window.services.settings
        current = SettingsValues(
            settings.convention(),
            settings.pr_waiting_months(),
            settings.warning_margin(),
            settings.backups_to_keep(),
            stored_theme(self._s),
            stored_notify(self._s),
            stored_language(self._s),
        )
        entered = SettingsDialog.ask(
            self.window, initial=current, data_dir=self.window.services.data_dir
        )
        if entered is None or entered == current:
            return
        if entered.theme != current.theme:
            self.apply_theme(entered.theme)
        if entered.notify != current.notify:
            store_notify(self._s, entered.notify)
        unchanged = replace(
            entered, theme=current.theme, notify=current.notify, language=current.language
        )
        if unchanged != current:  # more than the theme, notifications or language changed
            try:
                settings.set_convention(entered.convention)
                settings.set_pr_waiting_months(entered.pr_waiting_months)
                settings.set_warning_margin(entered.warning_margin)
                settings.set_backups_to_keep(entered.backups_to_keep)
            except AppError as err:
                messages.show_error(self.window, err)
            self._changed()
        if entered.language != current.language:
            self.change_language(entered.language)

    def change_language(self, choice: LanguageChoice) -> None:
        """Remember the user's language and offer to restart Borte in it.

        Every text of the window is built in the language in use, so a new language takes
        effect when Borte starts again; restarting now closes the window the normal way (the
        data is saved and backed up) and starts Borte again on the same data.
        """
        store_language(self._s, choice)
        self._s.sync()
        if resolve_language(choice) == current_language():
            return  # e.g. "Follow the system" on a system in the language already shown
        question = _(
            "Borte shows the new language when it starts again. Restart Borte now? Your data "
            "is saved either way."
        )
        if messages.confirm(self.window, _("Language"), question, _("Restart now")):
            self.window.restart_requested = True
            self.window.close()

    def apply_theme(self, theme: ThemeChoice) -> None:
        """Remember the user's theme and switch the whole application to it."""
        store_theme(self._s, theme)
        if self.window.theme is None:
            app = QApplication.instance()
            assert isinstance(app, QApplication)
            self.window.theme = ThemeSwitcher(app)
        self.window.theme.apply(theme)

    # Backups

    @Slot()
    def show_backups(self) -> None:
        """File > Backups…: list the backups, restore one or make one."""
        BackupsDialog.show_for(
            self.window,
            data_dir=self.window.services.data_dir,
            restore=self.restore_backup,
            back_up=self.back_up_now,
        )

    def back_up_now(self) -> BackupInfo | None:
        """Copy the data file to the backups folder now; None if that failed (and was shown)."""
        try:
            return backups.backup_now(self.window.services.data_dir / DATABASE_FILENAME, MANUAL)
        except AppError as err:
            messages.show_error(self.window, err)
            return None

    def restore_backup(self, info: BackupInfo) -> bool:
        """Put `info` in place of the data file after confirming; True if it was restored."""
        s = self.window.services
        made = info.created.astimezone().strftime("%Y-%m-%d %H:%M")
        if info.trip_count is None:
            question = _(
                "Replace your data with the backup made {made}? Borte first backs up the data "
                "you have now, so you can come back to it from this list. Undo and Redo start "
                "afresh."
            ).format(made=made)
        else:
            question = _(
                "Replace your data with the backup made {made} ({trips})? Borte first backs up "
                "the data you have now, so you can come back to it from this list. Undo and Redo "
                "start afresh."
            ).format(made=made, trips=_trips(info.trip_count))
        if not messages.confirm(self.window, _("Restore backup"), question, _("Restore")):
            return False
        # run_gui passes both; only tests build windows without them.
        assert s.close is not None
        assert s.reopen is not None
        # The window's own connections would hold the file that the restore replaces.
        s.close()
        outcome: Restored | AppError
        try:
            outcome = backups.restore(s.data_dir, info.id)
        except AppError as err:
            outcome = err
        try:
            self.window.replace_services(s.reopen())
        except AppError as err:
            messages.show_error(self.window, err)
            return isinstance(outcome, Restored)
        if isinstance(outcome, AppError):
            messages.show_error(self.window, outcome)
            return False
        messages.tell(self.window, _("Backup restored"), restored_text(outcome))
        return True

    # Help

    def about_text(self) -> str:
        """The text of Help > About."""
        services = self.window.services
        log = services.log_file
        return "".join(
            (
                f"<h3>Borte {html.escape(__version__)}</h3>",
                "<p>",
                html.escape(
                    _(
                        "Counts the days you spend outside Norway against the residence rules "
                        "and shows where you stand."
                    )
                ),
                "</p><p>",
                html.escape(_("Data folder: {folder}").format(folder=services.data_dir)),
                "<br>",
                html.escape(_("Log file: {file}").format(file=log) if log else _("Log file: none")),
                f"</p><p>{html.escape(rules_checked_sentence())}</p><p><b>",
                html.escape(_(DISCLAIMER)),
                "</b> ",
                _('See <a href="{url}">udi.no</a>.').format(url=UDI_URL),
                "</p>",
            )
        )

    @Slot()
    def about(self) -> None:
        """Help > About: version, data folder, log file and the disclaimer."""
        QMessageBox.about(self.window, _("About Borte"), self.about_text())

    @Slot()
    def open_udi_website(self) -> None:
        """Help > UDI website."""
        QDesktopServices.openUrl(QUrl(UDI_URL))
