"""The window's actions, menus (File / Edit / View / Help) and toolbar.

Built in one place so menus, toolbar and keyboard shortcuts share the same `QAction`s; the
window connects them to its slots.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from app.services.wording import _


@dataclass(frozen=True, slots=True)
class Actions:
    """Every action of the main window."""

    new_person: QAction
    rename_person: QAction
    person_details: QAction
    delete_person: QAction
    example_data: QAction
    import_csv: QAction
    export_csv: QAction
    export_all: QAction
    export_report: QAction
    backups: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    new_trip: QAction
    edit_trip: QAction
    delete_trip: QAction
    clear_trips: QAction
    new_permit: QAction
    key_dates: QAction
    checklist: QAction
    settings: QAction
    show_trips: QAction
    show_permits: QAction
    show_charts: QAction
    show_planner: QAction
    year_totals: QAction
    find: QAction
    udi_website: QAction
    about: QAction


def _action(
    window: QWidget,
    text: str,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    return action


def build_actions(window: QMainWindow, undo_group: QUndoGroup) -> Actions:
    """Create the actions; undo and redo come from the undo group, so they name the change."""
    undo = undo_group.createUndoAction(window, _("&Undo"))
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = undo_group.createRedoAction(window, _("&Redo"))
    # Ctrl+Shift+Z everywhere, and the platform's own key where it differs (Ctrl+Y on Windows).
    redo_keys = [QKeySequence("Ctrl+Shift+Z")]
    platform_redo = QKeySequence(QKeySequence.StandardKey.Redo)
    if platform_redo not in redo_keys and not platform_redo.isEmpty():
        redo_keys.append(platform_redo)
    redo.setShortcuts(redo_keys)
    delete_trip = _action(
        window, _("&Delete trip…"), QKeySequence.StandardKey.Delete, _("Delete the selected trips")
    )
    # Only while the trip table has focus: Delete in a text box must stay a text edit.
    delete_trip.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    year_totals = _action(
        window, _("&Totals per year"), "Ctrl+T", _("Days abroad per calendar year")
    )
    year_totals.setCheckable(True)
    return Actions(
        new_person=_action(
            window, _("New &person…"), None, _("Add another person to the household")
        ),
        rename_person=_action(window, _("Re&name person…")),
        person_details=_action(
            window, _("Person &details…"), None, _("Full name, date of birth and D-/DUF number")
        ),
        delete_person=_action(window, _("De&lete person…")),
        example_data=_action(
            window,
            _("Explore with &example data"),
            None,
            _("Add a sample person to look around with"),
        ),
        import_csv=_action(
            window, _("&Import…"), "Ctrl+I", _("Import trips from a spreadsheet (CSV, TSV, .xlsx)")
        ),
        export_csv=_action(window, _("E&xport trips to CSV…"), "Ctrl+E"),
        export_all=_action(
            window,
            _("Export &everything…"),
            None,
            _("Save people, trips, permits, key dates and settings as one JSON file"),
        ),
        export_report=_action(
            window,
            _("Export &report (PDF)…"),
            QKeySequence.StandardKey.Print,
            _("Save a PDF report: where you stand, the charts and every trip"),
        ),
        backups=_action(
            window, _("&Backups…"), None, _("Restore an earlier copy of your data, or make one now")
        ),
        quit=_action(window, _("&Quit"), QKeySequence.StandardKey.Quit),
        undo=undo,
        redo=redo,
        new_trip=_action(
            window, _("&New trip…"), QKeySequence.StandardKey.New, _("Add a trip abroad")
        ),
        edit_trip=_action(
            window, _("&Edit trip…"), None, _("Edit the selected trip (or press Enter)")
        ),
        delete_trip=delete_trip,
        clear_trips=_action(
            window, _("C&lear all trips…"), None, _("Delete every trip of the person on screen")
        ),
        new_permit=_action(window, _("New &permit…"), None, _("Add a residence permit")),
        key_dates=_action(window, _("&Key dates…"), None, _("Arrival and application dates")),
        checklist=_action(
            window,
            _("Other &conditions…"),
            None,
            _("Tick off the conditions for permanent residence and citizenship that are not days"),
        ),
        settings=_action(window, _("&Settings…"), QKeySequence.StandardKey.Preferences),
        show_trips=_action(window, _("&Trips"), "Ctrl+1"),
        show_permits=_action(window, _("&Permits and key dates"), "Ctrl+2"),
        show_charts=_action(window, _("&Charts"), "Ctrl+3"),
        show_planner=_action(
            window, _("Plan a tri&p"), "Ctrl+4", _("Try out a trip before you book")
        ),
        year_totals=year_totals,
        find=_action(window, _("&Find trips"), QKeySequence.StandardKey.Find),
        udi_website=_action(window, _("UDI &website (udi.no)")),
        about=_action(window, _("&About Borte")),
    )


def build_menus(window: QMainWindow, a: Actions) -> None:
    """File, Edit, View and Help."""
    bar = window.menuBar()
    file_menu = bar.addMenu(_("&File"))
    for action in (
        a.new_person,
        a.rename_person,
        a.person_details,
        a.delete_person,
        None,
        a.example_data,
        None,
    ):
        _add(file_menu, action)
    for action in (a.import_csv, a.export_csv, a.export_all, a.export_report, None, a.backups):
        _add(file_menu, action)
    _add(file_menu, None)
    _add(file_menu, a.quit)
    edit_menu = bar.addMenu(_("&Edit"))
    for action in (a.undo, a.redo, None, a.new_trip, a.edit_trip, a.delete_trip, a.clear_trips):
        _add(edit_menu, action)
    for action in (None, a.new_permit, a.key_dates, a.checklist, None, a.settings):
        _add(edit_menu, action)
    view_menu = bar.addMenu(_("&View"))
    for action in (a.show_trips, a.show_permits, a.show_charts, a.show_planner, None):
        _add(view_menu, action)
    for action in (a.year_totals, a.find):
        _add(view_menu, action)
    help_menu = bar.addMenu(_("&Help"))
    for action in (a.udi_website, None, a.about):
        _add(help_menu, action)


def _add(menu: QMenu, action: QAction | None) -> None:
    if action is None:
        menu.addSeparator()
    else:
        menu.addAction(action)


@dataclass(frozen=True, slots=True)
class ToolBar:
    """The toolbar and its person switcher (shown only with more than one person)."""

    bar: QToolBar
    person_combo: QComboBox
    person_actions: tuple[QAction, QAction]  # the label and the combo, shown together


def build_toolbar(window: QMainWindow, a: Actions) -> ToolBar:
    """New/Edit/Delete trip, Undo/Redo, permits, planner, settings, and the person switcher."""
    bar = QToolBar(_("Main toolbar"), window)
    bar.setObjectName("mainToolBar")  # saveState() needs a name
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    window.addToolBar(bar)
    # Toolbar buttons show iconText: short words here, while the menus keep the full text
    # (for Undo and Redo the text names the change: "Undo Add trip to Sweden (SE)").
    for action, words in (
        (a.new_trip, _("New trip")),
        (a.edit_trip, _("Edit")),
        (a.delete_trip, _("Delete")),
        (a.undo, _("Undo")),
        (a.redo, _("Redo")),
        (a.show_permits, _("Permits and dates")),
        (a.show_planner, _("Plan a trip")),
        (a.settings, _("Settings")),
    ):
        action.setIconText(words)
    for group in (
        (a.new_trip, a.edit_trip, a.delete_trip),
        (a.undo, a.redo),
        (a.show_permits, a.show_planner, a.settings),
    ):
        for action in group:
            bar.addAction(action)
        bar.addSeparator()
    spacer = QWidget(bar)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar.addWidget(spacer)
    combo = QComboBox(bar)
    combo.setAccessibleName(_("Person"))
    combo.setToolTip(_("Whose trips to show"))
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    label = QLabel(" " + _("Person:") + " ", bar)
    label.setBuddy(combo)
    label_action = bar.addWidget(label)
    combo_action = bar.addWidget(combo)
    return ToolBar(bar, combo, (label_action, combo_action))
