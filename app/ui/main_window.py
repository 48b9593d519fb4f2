"""Borte's main window: status cards beside the trips, permits, charts and planner.

The window is built from its services and "today" by the composition root (`app/main.py`). It
re-reads everything from the services on one signal, `AppEvents.data_changed`, which every
change and every undo and redo emits; nothing on screen is patched by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QIcon, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.engine import evaluate
from app.services.people import PersonService
from app.services.permits import PermitService
from app.services.profile import Convention, Profile, TripSpan
from app.services.reminders import reminders
from app.services.resources import resource_path
from app.services.settings import SettingsService
from app.services.trips import TripService
from app.services.views import PersonView
from app.ui import messages
from app.ui.editor import Editor
from app.ui.events import AppEvents
from app.ui.main_actions import build_actions, build_menus, build_toolbar
from app.ui.panel_slots import ChartSlot, PlannerSlot
from app.ui.permits_view import PermitsView
from app.ui.report_export import ReportExport
from app.ui.status_panel import DISCLAIMER, StatusPanel
from app.ui.trip_table import TripTable
from app.ui.undo_commands import CommandContext
from app.ui.welcome_page import WelcomePage
from app.ui.window_layout import LayoutParts, restore_layout, save_layout
from app.ui.window_tasks import WindowTasks

__all__ = ["DISCLAIMER", "MainWindow", "WindowServices", "app_icon"]


def app_icon() -> QIcon:
    """Borte's icon (an SVG, so it is sharp at every scale)."""
    return QIcon(str(resource_path("icons", "borte.svg")))


@dataclass(frozen=True, slots=True)
class WindowServices:
    """What the window needs from the composition root."""

    people: PersonService
    trips: TripService
    permits: PermitService
    settings: SettingsService
    data_dir: Path
    today: Callable[[], date]
    log_file: Path | None = None
    # Closing the database and opening it again, for restoring a backup (the window's own
    # connections would hold the file); None where the caller owns the database (tests).
    close: Callable[[], None] | None = None
    reopen: Callable[[], WindowServices] | None = None
    # The data file is read-only: it was opened read-only and every change is refused.
    read_only: bool = False


class MainWindow(QMainWindow):
    """The main window for one data folder."""

    def __init__(
        self,
        services: WindowServices,
        *,
        qsettings: QSettings | None = None,
        load_panels_after_paint: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._qsettings = qsettings or QSettings("Borte", "Borte")
        self.events = AppEvents(self)
        self.person_id = services.people.default().id
        self._inputs: tuple[Profile, date, Convention] | None = None
        # False leaves the chart and planner panels to `load_panels()` or their tabs (tests
        # that are not about them need not import matplotlib).
        self._panels_requested = not load_panels_after_paint
        self._shown_today = date.min
        self.setWindowTitle("Borte")
        self.setWindowIcon(app_icon())

        ctx = CommandContext(
            people=services.people,
            trips=services.trips,
            permits=services.permits,
            events=self.events,
            today=services.today,
            report=lambda err: messages.show_error(self, err),
        )
        self.editor = Editor(ctx, self, lambda: self.person_id)
        self.tasks = WindowTasks(self)
        self.report_export = ReportExport(self)
        self.acts = build_actions(self, self.editor.group)
        build_menus(self, self.acts)
        self.toolbar = build_toolbar(self, self.acts)
        self._build_body()
        self._connect()
        # A chart or planner tab comes back once its panel has loaded, after the first paint;
        # switching to it now would import matplotlib before the window shows.
        lazy = {self.tabs.indexOf(self.chart_slot), self.tabs.indexOf(self.planner_slot)}
        self._pending_tab = restore_layout(self._qsettings, self._layout_parts(), lazy)
        self.events.data_changed.connect(self._on_data_changed)
        self.refresh()
        first_run = self.pages.currentWidget() is self.welcome
        (self.welcome.add_button if first_run else self.trip_table.view).setFocus()

    # Layout

    def _build_body(self) -> None:
        self.status_panel = StatusPanel(self)
        self.trip_table = TripTable(self)
        self.trip_table.view.addAction(self.acts.delete_trip)
        self.permits_view = PermitsView(self)
        self.chart_slot = ChartSlot(self)
        self.planner_slot = PlannerSlot(self.planner_inputs, self._on_planner_trip_requested, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setAccessibleName("Trips, permits, charts and planner")
        self.tabs.addTab(self.trip_table, "&Trips")
        self.tabs.addTab(self.permits_view, "&Permits and key dates")
        self.tabs.addTab(self.chart_slot, "&Charts")
        self.tabs.addTab(self.planner_slot, "Plan a tri&p")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.status_panel)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)

        self.welcome = WelcomePage(app_icon(), self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.splitter)
        self.sample_banner = self._build_sample_banner()
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.sample_banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)
        self.setTabOrder(self.toolbar.person_combo, self.status_panel)
        self.setTabOrder(self.status_panel, self.tabs)
        self.setTabOrder(self.tabs, self.trip_table.search)

    def _build_sample_banner(self) -> QFrame:
        banner = QFrame(self)
        banner.setObjectName("sampleBanner")
        banner.setFrameShape(QFrame.Shape.StyledPanel)
        banner.setStyleSheet(
            "QFrame#sampleBanner { border: 2px dashed palette(highlight); border-radius: 6px; }"
        )
        self.sample_label = QLabel(banner)
        self.sample_label.setWordWrap(True)
        self.leave_sample_button = QPushButton("Back to my own data", banner)
        self.delete_sample_button = QPushButton("Delete example data", banner)
        row = QHBoxLayout(banner)
        row.addWidget(self.sample_label, 1)
        row.addWidget(self.leave_sample_button)
        row.addWidget(self.delete_sample_button)
        banner.setVisible(False)
        return banner

    def _connect(self) -> None:
        a = self.acts
        e = self.editor
        a.new_trip.triggered.connect(self._on_new_trip_triggered)
        a.edit_trip.triggered.connect(self._on_edit_trip_triggered)
        a.delete_trip.triggered.connect(self._on_delete_trip_triggered)
        a.new_permit.triggered.connect(self._on_new_permit_triggered)
        a.key_dates.triggered.connect(self._on_key_dates_triggered)
        a.import_csv.triggered.connect(self.tasks.import_csv)
        a.export_csv.triggered.connect(self.tasks.export_csv)
        a.export_report.triggered.connect(self.report_export.start)
        a.new_person.triggered.connect(self.tasks.new_person)
        a.rename_person.triggered.connect(self.tasks.rename_person)
        a.delete_person.triggered.connect(self.tasks.delete_person)
        a.clear_trips.triggered.connect(self.tasks.clear_trips)
        a.backups.triggered.connect(self.tasks.show_backups)
        a.example_data.triggered.connect(self.tasks.explore_example)
        a.settings.triggered.connect(self.tasks.edit_settings)
        a.quit.triggered.connect(self.close)
        a.about.triggered.connect(self.tasks.about)
        a.udi_website.triggered.connect(self.tasks.open_udi_website)
        a.find.triggered.connect(self._on_find_triggered)
        a.year_totals.toggled.connect(self.trip_table.totals_button.setChecked)
        self.trip_table.totals_button.toggled.connect(a.year_totals.setChecked)
        for action, page in (
            (a.show_trips, self.trip_table),
            (a.show_permits, self.permits_view),
            (a.show_charts, self.chart_slot),
            (a.show_planner, self.planner_slot),
        ):
            action.triggered.connect(lambda _=False, page=page: self.show_page(page))
        self.trip_table.edit_requested.connect(e.edit_trip)
        self.trip_table.selection_changed.connect(self._update_actions)
        self.permits_view.add_requested.connect(e.new_permit)
        self.permits_view.edit_requested.connect(e.edit_permit)
        self.permits_view.remove_requested.connect(e.delete_permit)
        self.permits_view.key_dates_requested.connect(e.edit_key_dates)
        self.welcome.add_trip_requested.connect(self._on_new_trip_triggered)
        self.welcome.import_requested.connect(self.tasks.import_csv)
        self.welcome.example_requested.connect(self.tasks.explore_example)
        self.toolbar.person_combo.activated.connect(self._on_person_combo_activated)
        self.leave_sample_button.clicked.connect(self.tasks.leave_example)
        self.delete_sample_button.clicked.connect(self.tasks.delete_person)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

    # Refresh

    def refresh(self) -> None:
        """Re-read the person on screen from the services and redraw everything."""
        s = self.services
        people = s.people.list()
        if all(p.id != self.person_id for p in people):
            self.person_id = s.people.default().id
        person = next(p for p in people if p.id == self.person_id)
        self.editor.activate(person.id)
        self._show_people(people)
        today = s.today()
        self._shown_today = today
        trips = s.trips.list(person.id)
        permits = s.permits.list(person.id)
        profile = s.people.profile(person.id)
        convention = s.settings.convention()
        evaluation = evaluate(
            profile, today, convention, pr_waiting_months=s.settings.pr_waiting_months()
        )
        self._inputs = (profile, today, convention)
        self.trip_table.set_trips(trips, today)
        self.acts.clear_trips.setEnabled(bool(trips))
        self.permits_view.show_person(person, permits)
        self.status_panel.show_evaluation(
            evaluation,
            warning_margin=s.settings.warning_margin(),
            reminders=reminders(
                profile,
                today,
                pr_waiting_months=s.settings.pr_waiting_months(),
                convention=convention,
            ),
            scope=f"person-{person.id}",
        )
        self.chart_slot.show_evaluation(
            profile,
            today,
            convention,
            pr_waiting_months=s.settings.pr_waiting_months(),
            warning_margin=s.settings.warning_margin(),
        )
        self.planner_slot.refresh()
        empty = not trips and not permits and person.arrived_on is None
        self.pages.setCurrentWidget(self.welcome if empty else self.splitter)
        self._show_sample_banner(person, people)
        title = f"{person.name} – Borte" if len(people) > 1 else "Borte"
        self.setWindowTitle(title + (" (read-only)" if self.services.read_only else ""))
        planned = sum(1 for t in trips if t.departure > today)
        self.statusBar().showMessage(
            f"{person.name}: {len(trips)} trips"
            + (f" ({planned} planned)" if planned else "")
            + f", {len(permits)} permits. Today is {today.isoformat()}."
            + (
                " The data file is read-only: Borte shows it but cannot change it."
                if self.services.read_only
                else ""
            )
        )
        self._update_actions()

    def _show_people(self, people: list[PersonView]) -> None:
        combo = self.toolbar.person_combo
        combo.blockSignals(True)
        combo.clear()
        for p in people:
            combo.addItem(p.name, p.id)
        combo.setCurrentIndex(combo.findData(self.person_id))
        combo.blockSignals(False)
        for action in self.toolbar.person_actions:
            action.setVisible(len(people) > 1)
        self.acts.delete_person.setEnabled(len(people) > 1)

    def _show_sample_banner(self, person: PersonView, people: list[PersonView]) -> None:
        self.sample_banner.setVisible(person.is_sample)
        if not person.is_sample:
            return
        self.sample_label.setText(
            "<b>You are looking at example data</b>: a made-up person to explore Borte with. "
            "Nothing you change here touches your own data."
        )
        self.leave_sample_button.setVisible(any(not p.is_sample for p in people))

    def _update_actions(self) -> None:
        chosen = self.trip_table.selected_trips()
        self.acts.edit_trip.setEnabled(len(chosen) == 1)
        self.acts.delete_trip.setEnabled(bool(chosen))

    def planner_inputs(self) -> tuple[Profile, date, Convention]:
        """What the planner panel works from: the person's profile, today and the convention."""
        if self._inputs is None:
            return Profile(), self.services.today(), self.services.settings.convention()
        return self._inputs

    def replace_services(self, services: WindowServices) -> None:
        """Work on newly opened services (after a restore) and redraw everything.

        The undo history goes: its commands name rows of the file that was replaced.
        """
        self.services = services
        self.editor.ctx = replace(
            self.editor.ctx,
            people=services.people,
            trips=services.trips,
            permits=services.permits,
            today=services.today,
        )
        for stack in self.editor.group.stacks():
            stack.clear()
        self.events.data_changed.emit()

    def switch_person(self, person_id: int) -> None:
        """Show another person."""
        self.person_id = person_id
        self.refresh()

    def show_page(self, page: QWidget) -> None:
        """Bring a tab forward (leaving the welcome page if it is showing)."""
        self.load_panels()
        self.pages.setCurrentWidget(self.splitter)
        self.tabs.setCurrentWidget(page)

    # Lazy panels

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._panels_requested:
            self._panels_requested = True
            # After this paint has reached the screen, not before (toolchain.md §5).
            QTimer.singleShot(0, self.load_panels)

    def load_panels(self) -> None:
        """Build the chart and planner panels (matplotlib is imported here)."""
        self._panels_requested = True
        if self.chart_slot.loaded and self.planner_slot.loaded:
            return
        self.chart_slot.load()
        self.planner_slot.load()
        if self._inputs is not None:
            pr_waiting_months, warning_margin = self.chart_slot.settings
            self.chart_slot.show_evaluation(
                *self._inputs, pr_waiting_months=pr_waiting_months, warning_margin=warning_margin
            )
        self.planner_slot.refresh()
        if self._pending_tab is not None:
            self.tabs.setCurrentIndex(self._pending_tab)
            self._pending_tab = None

    # Slots

    @Slot()
    def _on_data_changed(self) -> None:
        self.refresh()

    @Slot()
    def _on_new_trip_triggered(self) -> None:
        if self.editor.new_trip():
            self.show_page(self.trip_table)
            if self.editor.last_saved_trip_id is not None:
                self.trip_table.select_trip(self.editor.last_saved_trip_id)

    @Slot()
    def _on_edit_trip_triggered(self) -> None:
        chosen = self.trip_table.selected_trips()
        if len(chosen) == 1:
            self.editor.edit_trip(chosen[0])

    @Slot()
    def _on_delete_trip_triggered(self) -> None:
        self.editor.delete_trips(self.trip_table.selected_trips())

    @Slot()
    def _on_new_permit_triggered(self) -> None:
        self.show_page(self.permits_view)
        self.editor.new_permit()

    @Slot()
    def _on_key_dates_triggered(self) -> None:
        self.show_page(self.permits_view)
        self.editor.edit_key_dates()

    def _on_planner_trip_requested(self, span: TripSpan) -> None:
        if self.editor.add_planned_trip(span):
            self.statusBar().showMessage("The planned trip was added to your trips.", 5000)

    @Slot(int)
    def _on_person_combo_activated(self, index: int) -> None:
        person_id = self.toolbar.person_combo.itemData(index)
        if isinstance(person_id, int) and person_id != self.person_id:
            self.switch_person(person_id)

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        if self.tabs.widget(index) in (self.chart_slot, self.planner_slot):
            self.load_panels()

    @Slot()
    def _on_find_triggered(self) -> None:
        self.show_page(self.trip_table)
        self.trip_table.search.setFocus()
        self.trip_table.search.selectAll()

    # Window state

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if not hasattr(self, "status_panel"):
            return  # still being built
        # The system switched between light and dark: rebuild the cards with the new palette.
        if event.type() == QEvent.Type.PaletteChange or (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and self.services.today() != self._shown_today
        ):
            self.refresh()

    def save_layout(self) -> None:
        """Remember size, position, splitter and tab for the next start."""
        save_layout(self._qsettings, self._layout_parts())

    def _layout_parts(self) -> LayoutParts:
        return LayoutParts(self, self.splitter, self.tabs, self.acts.year_totals)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
