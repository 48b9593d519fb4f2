"""Borte's main window: status cards beside the trips, permits, charts and planner.

The window is built from its services and "today" by the composition root (`app/main.py`). It
re-reads from the services on one signal, `AppEvents.data_changed`, which every change and
every undo and redo emits with what it changed (`Change`): after an edit of a few trips it
reads those back and recounts once (`window_update`), otherwise everything; nothing on screen
is patched by hand. With a long travel history the reading and counting run on a worker
thread, so the window never freezes for them.

Start-up: the window can be built before the data is open (`MainWindow(None)`), so its first
frame is on screen before SQLAlchemy, numpy and the engine are imported (issue 12). It shows
its real layout in a loading state until `attach(services)` fills it in. This module and what
it imports at the top therefore stay free of those; they are imported where first used. The
first frame has the menus, the toolbar, the tabs and the splitter, with a word where the status,
the trips and the permits go: those three panes (and the table and scroll widgets under them)
and the first run's welcome page are built just after it, while the data opens (`build_panes`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, QSignalBlocker, Qt, QTimer, Slot
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

from app.services.profile import Convention, Profile, TripSpan
from app.services.resources import resource_path
from app.services.views import PersonView
from app.services.wording import _, ngettext
from app.ui import startup_trace
from app.ui.editor import Editor
from app.ui.events import EVERYTHING, AppEvents, Change
from app.ui.limit_notifier import LimitNotifier, tray_send
from app.ui.main_actions import build_actions, build_menus, build_toolbar
from app.ui.panel_slots import ChartSlot, PanelSlot, PlannerSlot
from app.ui.qt_dates import show_date, show_number
from app.ui.theme import ThemeSwitcher
from app.ui.window_data import (
    BackgroundRead,
    WindowData,
    import_in_background,
    read_window_data,
)
from app.ui.window_layout import LayoutParts, restore_layout, save_layout
from app.ui.window_update import updated_window_data

if TYPE_CHECKING:
    from app.services.checklists import ChecklistService
    from app.services.people import PersonService
    from app.services.permits import PermitService
    from app.services.rules.basis import Basis
    from app.services.settings import SettingsService
    from app.services.trips import TripService
    from app.ui.permits_view import PermitsView
    from app.ui.report_export import ReportExport
    from app.ui.status_panel import StatusPanel
    from app.ui.trip_table import TripTable
    from app.ui.welcome_page import WelcomePage
    from app.ui.window_tasks import WindowTasks


def loading_text() -> str:
    """The word shown while the data opens."""
    return _("Opening your data…")


# From this many trips on screen a refresh reads and counts on a worker thread (at 100,000 a
# recount takes about a second); below it, at once (2,000 trips: a few tens of ms).
BACKGROUND_FROM = 10_000

__all__ = ["MainWindow", "WindowServices", "app_icon"]


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
    checklists: ChecklistService
    data_dir: Path
    today: Callable[[], date]
    log_file: Path | None = None
    # Closing the database and opening it again, for restoring a backup (the window's own
    # connections would hold the file); None where the caller owns the database (tests).
    close: Callable[[], None] | None = None
    reopen: Callable[[], WindowServices] | None = None
    # The data file is read-only: it was opened read-only and every change is refused.
    read_only: bool = False


# What `build_panes` imports (`_build_panes_after_import` imports them on a worker first).
PANE_MODULES = (
    "app.ui.permits_view",
    "app.ui.status_panel",
    "app.ui.trip_table",
    "app.ui.welcome_page",
)


class MainWindow(QMainWindow):
    """The main window for one data folder."""

    def __init__(
        self,
        services: WindowServices | None,
        *,
        qsettings: QSettings | None = None,
        load_panels_after_paint: bool = True,
        theme: ThemeSwitcher | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services: WindowServices | None = None
        self._loaded = False
        self._reader: BackgroundRead | None = None
        # What is on screen (None until the data is in), and the refresh under way on a worker
        # thread with the changes that came in meanwhile.
        self._data: WindowData | None = None
        self._updater: BackgroundRead | None = None
        self._pending: Change | None = None
        # Applies the theme chosen in Settings; None: made when first needed.
        self.theme = theme
        self._qsettings = qsettings or QSettings("Borte", "Borte")
        self.events = AppEvents(self)
        # A desktop notification when a limit is close: on start, then once a day (Settings).
        self.notifier = LimitNotifier(
            self._qsettings, tray_send(app_icon(), self), self._on_day_check, self
        )
        self.person_id = 0
        self._inputs: tuple[Profile, date, Convention] | None = None
        # The record as the last assessment prepared it: the chart and planner panels read its
        # evaluations instead of running the rules again.
        self._basis: Basis | None = None
        # The chart and planner panels are built when their tab is shown. True also brings
        # back a remembered chart or planner tab once the data is on screen; False leaves it
        # (tests that are not about the panels need not import matplotlib).
        self._restore_lazy_tab = load_panels_after_paint
        self._painted = False
        self._shown_today = date.min
        # What the status panel and the chart and planner panels last showed (see refresh).
        self._shown_status: tuple[object, ...] | None = None
        self._shown_panels: tuple[object, ...] | None = None
        # Set when the user changed the language and chose to restart (app/main.py does it).
        self.restart_requested = False
        self.setWindowTitle("Borte")
        self.setWindowIcon(app_icon())

        self.editor = Editor(None, self, lambda: self.person_id)
        self._tasks: WindowTasks | None = None
        self._report_export: ReportExport | None = None
        self.acts = build_actions(self, self.editor.group)
        build_menus(self, self.acts)
        self.toolbar = build_toolbar(self, self.acts)
        # Built just after the first frame (`build_panes`).
        self.status_panel: StatusPanel
        self.trip_table: TripTable
        self.permits_view: PermitsView
        self.welcome: WelcomePage  # the first run's page, never in the loading state
        self._panes_built = False
        self._build_body()
        self._connect()
        # A chart or planner tab comes back once its panel has loaded, after the first paint;
        # switching to it now would import matplotlib before the window shows.
        lazy = {self.tabs.indexOf(self.chart_slot), self.tabs.indexOf(self.planner_slot)}
        self._pending_tab = restore_layout(self._qsettings, self._layout_parts(), lazy)
        self.events.data_changed.connect(self._on_data_changed)
        if services is None:
            self._show_loading()
        else:
            self.attach(services)

    def build_panes(self) -> None:
        """Build the status, trips and permits panes into their places (once; imported here).

        Until then those places hold a word, so the first frame needs none of their modules.
        """
        if self._panes_built:
            return
        self._panes_built = True
        from app.ui.permits_view import PermitsView
        from app.ui.status_panel import StatusPanel
        from app.ui.trip_table import TripTable
        from app.ui.welcome_page import WelcomePage

        self.welcome = WelcomePage(app_icon(), self)
        self.pages.insertWidget(0, self.welcome)
        self.status_panel = StatusPanel(self)
        self.trip_table = TripTable(self)
        self.trip_table.view.addAction(self.acts.delete_trip)
        self.trip_table.totals_button.setChecked(self.acts.year_totals.isChecked())
        self.permits_view = PermitsView(self)
        placeholders = (self.splitter.widget(0), self.tabs.widget(0), self.tabs.widget(1))
        # The shares the layout gave the placeholder (remembered or the default) stay the
        # panel's: a shown splitter otherwise re-divides by the new widget's size hint.
        shares = self.splitter.sizes()
        self.splitter.replaceWidget(0, self.status_panel)
        if self.splitter.isVisible() and sum(shares) > 0:
            self.splitter.setSizes(shares)
        with QSignalBlocker(self.tabs):  # the same tab stays current: nothing to load
            current = self.tabs.currentIndex()
            for index, page, label in (
                (0, self.trip_table, _("&Trips")),
                (1, self.permits_view, _("&Permits and key dates")),
            ):
                self.tabs.removeTab(index)
                self.tabs.insertTab(index, page, label)
            self.tabs.setCurrentIndex(current)
        for placeholder in placeholders:
            if placeholder is not None:
                placeholder.deleteLater()
        self.setTabOrder(self.toolbar.person_combo, self.status_panel)
        self.setTabOrder(self.status_panel, self.tabs)
        self.setTabOrder(self.tabs, self.trip_table.search)
        self._connect_panes()
        startup_trace.milestone("panes")
        if self.loading:
            waiting = QLabel(loading_text(), self.status_panel)
            waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.status_panel.setWidget(waiting)
            self.trip_table.count_label.setText(_("Loading trips…"))

    def _build_panes_after_import(self) -> None:
        """`build_panes`, its modules imported on a worker thread first: imported here they
        froze the window just on screen for 80–110 ms. (`attach` builds the panes at once if
        the data comes first; a module being imported then makes it wait for the import.)"""
        if not self._panes_built:
            import_in_background(self, PANE_MODULES, self.build_panes)

    @property
    def services(self) -> WindowServices:
        """The services the window works on (there are none while the data is opening)."""
        if self._services is None:
            raise RuntimeError("The window has no services yet: the data is still opening.")
        return self._services

    @property
    def panes_built(self) -> bool:
        """True once the status, trips and permits panes are in place (`build_panes`)."""
        return self._panes_built

    @property
    def loading(self) -> bool:
        """True from the first frame until `attach` has put the data on screen."""
        return not self._loaded

    @property
    def tasks(self) -> WindowTasks:
        """The menu tasks (backups, settings, people, files), imported when first used."""
        if self._tasks is None:
            from app.ui.window_tasks import WindowTasks

            self._tasks = WindowTasks(self)
        return self._tasks

    @property
    def report_export(self) -> ReportExport:
        """The PDF report's export (its options dialog and worker), imported when first used."""
        if self._report_export is None:
            from app.ui.report_export import ReportExport

            self._report_export = ReportExport(self)
        return self._report_export

    def attach(self, services: WindowServices, *, background: bool = False) -> None:
        """Fill the window in from `services` (once the data is open) and enable it.

        With `background`, the data is read on a worker thread and the window fills in when
        it arrives; the window keeps repainting and stays movable meanwhile.
        """
        # Here rather than at the top: the commands' module is not needed for the first frame.
        from app.ui.undo_commands import CommandContext

        self.build_panes()
        self._services = services
        self.person_id = services.people.default().id
        self.editor.ctx = CommandContext(
            people=services.people,
            trips=services.trips,
            permits=services.permits,
            events=self.events,
            today=services.today,
            report=self.editor.show_error,
            checklists=services.checklists,
        )
        if background:
            self._reader = BackgroundRead(self)
            self._reader.finished.connect(self._on_reader_finished)
            person_id = self.person_id
            self._reader.start(lambda: read_window_data(services, person_id))
        else:
            self._fill_in(read_window_data(services, self.person_id))

    @Slot(object)
    def _on_reader_finished(self, result: object) -> None:
        if isinstance(result, BaseException):
            raise result  # to the crash handler, which logs it and tells the user
        assert isinstance(result, WindowData)
        startup_trace.milestone("data-read")
        self._fill_in(result)

    def _fill_in(self, data: WindowData) -> None:
        self._loaded = True
        self._set_enabled(True)
        self._show(data)
        first_run = self.pages.currentWidget() is self.welcome
        (self.welcome.setup_button if first_run else self.trip_table.view).setFocus()
        self._restore_pending_tab_later()

    def _show_loading(self) -> None:
        """The layout as it will be, with a word where the numbers and trips will appear."""
        self._set_enabled(False)
        self.pages.setCurrentWidget(self.splitter)
        for action in self.toolbar.person_actions:
            action.setVisible(False)  # `refresh` shows the switcher if there are people to switch
        self.statusBar().showMessage(loading_text())

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.menuBar(), self.toolbar.bar, self.pages, self.sample_banner):
            widget.setEnabled(enabled)

    def has_painted(self) -> bool:
        """True once the window has painted its first frame."""
        return self._painted

    # Layout

    def _build_body(self) -> None:
        """The window's layout, with a word where the panes go until `build_panes`."""
        self.chart_slot = ChartSlot(self)
        self.planner_slot = PlannerSlot(self.planner_inputs, self._on_planner_trip_requested, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setAccessibleName(_("Trips, permits, charts and planner"))
        self.tabs.addTab(_placeholder(_("Loading trips…"), self), _("&Trips"))
        self.tabs.addTab(_placeholder(loading_text(), self), _("&Permits and key dates"))
        self.tabs.addTab(self.chart_slot, _("&Charts"))
        self.tabs.addTab(self.planner_slot, _("Plan a tri&p"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(_placeholder(loading_text(), self))
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.splitter)
        self.sample_banner = self._build_sample_banner()
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.sample_banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)

    def _build_sample_banner(self) -> QFrame:
        banner = QFrame(self)
        banner.setObjectName("sampleBanner")
        banner.setFrameShape(QFrame.Shape.StyledPanel)
        banner.setStyleSheet(
            "QFrame#sampleBanner { border: 2px dashed palette(highlight); border-radius: 6px; }"
        )
        self.sample_label = QLabel(banner)
        self.sample_label.setWordWrap(True)
        self.leave_sample_button = QPushButton(_("Back to my own data"), banner)
        self.delete_sample_button = QPushButton(_("Delete example data"), banner)
        row = QHBoxLayout(banner)
        row.addWidget(self.sample_label, 1)
        row.addWidget(self.leave_sample_button)
        row.addWidget(self.delete_sample_button)
        banner.setVisible(False)
        return banner

    def _connect(self) -> None:
        a = self.acts
        a.new_trip.triggered.connect(self._on_new_trip_triggered)
        a.edit_trip.triggered.connect(self._on_edit_trip_triggered)
        a.delete_trip.triggered.connect(self._on_delete_trip_triggered)
        a.new_permit.triggered.connect(self._on_new_permit_triggered)
        a.key_dates.triggered.connect(self._on_key_dates_triggered)
        a.checklist.triggered.connect(self._on_checklist_triggered)
        a.export_report.triggered.connect(lambda: self.report_export.start())
        a.quit.triggered.connect(self.close)
        for action, task in (
            (a.import_csv, "import_csv"),
            (a.export_csv, "export_csv"),
            (a.export_all, "export_all"),
            (a.new_person, "new_person"),
            (a.rename_person, "rename_person"),
            (a.person_details, "edit_person_details"),
            (a.delete_person, "delete_person"),
            (a.clear_trips, "clear_trips"),
            (a.backups, "show_backups"),
            (a.example_data, "explore_example"),
            (a.settings, "edit_settings"),
            (a.about, "about"),
            (a.udi_website, "open_udi_website"),
        ):
            action.triggered.connect(lambda _=False, task=task: self._run_task(task))
        a.find.triggered.connect(self._on_find_triggered)
        for action, page in ((a.show_charts, self.chart_slot), (a.show_planner, self.planner_slot)):
            action.triggered.connect(lambda _=False, page=page: self.show_page(page))
        self.toolbar.person_combo.activated.connect(self._on_person_combo_activated)
        self.leave_sample_button.clicked.connect(lambda: self._run_task("leave_example"))
        self.delete_sample_button.clicked.connect(lambda: self._run_task("delete_person"))
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

    def _connect_panes(self) -> None:
        a = self.acts
        e = self.editor
        self.status_panel.checklist_requested.connect(self._on_checklist_triggered)
        a.year_totals.toggled.connect(self.trip_table.totals_button.setChecked)
        self.trip_table.totals_button.toggled.connect(a.year_totals.setChecked)
        a.show_trips.triggered.connect(lambda: self.show_page(self.trip_table))
        a.show_permits.triggered.connect(lambda: self.show_page(self.permits_view))
        self.trip_table.edit_requested.connect(e.edit_trip)
        self.trip_table.selection_changed.connect(self._update_actions)
        self.permits_view.add_requested.connect(e.new_permit)
        self.permits_view.edit_requested.connect(e.edit_permit)
        self.permits_view.remove_requested.connect(e.delete_permit)
        self.permits_view.key_dates_requested.connect(e.edit_key_dates)
        self.permits_view.details_requested.connect(lambda: self._run_task("edit_person_details"))
        self.welcome.set_up_requested.connect(lambda: self._run_task("set_up"))
        self.welcome.add_trip_requested.connect(self._on_new_trip_triggered)
        self.welcome.import_requested.connect(lambda: self._run_task("import_csv"))
        self.welcome.example_requested.connect(lambda: self._run_task("explore_example"))

    def _run_task(self, name: str) -> None:
        task: Callable[[], object] = getattr(self.tasks, name)
        task()

    # Refresh

    def refresh(self) -> None:
        """Re-read the person on screen from the services and redraw everything."""
        self._apply(EVERYTHING)

    @property
    def updating(self) -> bool:
        """True while a refresh is reading or counting on a worker thread."""
        return self._updater is not None

    def _apply(self, change: Change) -> None:
        """Bring the screen up to date after `change`: at once, or on a worker thread with a
        long travel history (changes arriving meanwhile are applied together after it)."""
        self._pending = change if self._pending is None else self._pending.merge(change)
        if self._updater is not None:
            return  # picked up when the refresh under way ends
        shown = self._data
        if shown is None or len(shown.trips) < BACKGROUND_FROM:
            self._pending = None
            data = updated_window_data(self.services, shown, change) if shown else None
            self._show(data or read_window_data(self.services, self.person_id), change)
            return
        self._update_in_background()

    def _update_in_background(self) -> None:
        change, self._pending = self._pending, None
        if change is None:
            return
        shown, services, person_id = self._data, self.services, self.person_id

        def read() -> WindowData:
            data = updated_window_data(services, shown, change) if shown else None
            return data or read_window_data(services, person_id)

        from app.services.wording import _

        self._updater = BackgroundRead(self)
        self._updater.finished.connect(
            lambda result, change=change: self._on_update_finished(result, change)
        )
        self.statusBar().showMessage(_("Updating the figures…"))
        self._updater.start(read)

    def _on_update_finished(self, result: object, change: Change) -> None:
        self._updater = None
        if isinstance(result, BaseException):
            raise result  # to the crash handler, which logs it and tells the user
        assert isinstance(result, WindowData)
        self._show(result, change)
        # More changed while this was read: apply it on top of what is now on screen.
        self._update_in_background()

    def _show(self, data: WindowData, change: Change = EVERYTHING) -> None:
        person, people, today, trips = data.person, data.people, data.today, data.trips
        shown, self._data = self._data, data
        # An edit of a few trips of the person on screen: only their rows change.
        changed = (
            None
            if change.everything or shown is None or shown.person.id != person.id
            else change.trips
        )
        self.person_id = person.id
        self.editor.activate(person.id)
        self._show_people(people)
        self._shown_today = today
        profile, convention = data.profile, data.convention
        waiting, margin = data.pr_waiting_months, data.warning_margin
        self._inputs = (profile, today, convention)
        self._basis = data.assessment.basis
        self.planner_slot.set_checklists(data.checklists)
        self.trip_table.set_trips(
            trips, today, data.trip_flags, changed=changed, prepared=data.table
        )
        self.acts.clear_trips.setEnabled(bool(trips))
        self.permits_view.show_person(person, data.permits)
        # Views redraw only when what they show changed (a note edit changes no number):
        # rebuilding the cards or the charts for nothing costs a visible pause. The assessment
        # too: a trip moved by a few days can leave every figure as it was and still change
        # the explanation's trip list.
        status = (
            data.evaluation,
            data.assessment,
            tuple(data.reminders),
            margin,
            person.id,
            data.checklists,
        )
        if status != self._shown_status:
            self._shown_status = status
            self.status_panel.show_evaluation(
                data.evaluation,
                warning_margin=margin,
                reminders=data.reminders,
                scope=f"person-{person.id}",
                assessment=data.assessment,
                checklists=data.checklists,
            )
            startup_trace.status_shown()
        on_screen = {rule.id for rule in data.evaluation.rules}
        self.notifier.consider(data.assessment, margin, person.id, on_screen)
        panels = (profile, today, convention, waiting, margin)
        if panels != self._shown_panels:
            self._shown_panels = panels
            self.chart_slot.show_evaluation(
                profile,
                today,
                convention,
                pr_waiting_months=waiting,
                warning_margin=margin,
                basis=self._basis,
            )
            self.planner_slot.refresh()
        empty = not trips and not data.permits and person.arrived_on is None
        self.pages.setCurrentWidget(self.welcome if empty else self.splitter)
        self._show_sample_banner(person, people)
        read_only = self.services.read_only
        if len(people) > 1:
            title = (_("{name} – Borte (read-only)") if read_only else _("{name} – Borte")).format(
                name=person.name
            )
        else:
            title = _("Borte (read-only)") if read_only else "Borte"
        self.setWindowTitle(title)
        planned = self.trip_table.model.planned  # counted once, in the table's rows
        self.statusBar().showMessage(
            status_line(
                person.name,
                len(trips),
                planned,
                len(data.permits),
                today,
                read_only,
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
            _(
                "<b>You are looking at example data</b>: a made-up person to explore Borte "
                "with. Nothing you change here touches your own data."
            )
        )
        self.leave_sample_button.setVisible(any(not p.is_sample for p in people))

    def _update_actions(self) -> None:
        chosen = self.trip_table.selected_trips()
        self.acts.edit_trip.setEnabled(len(chosen) == 1)
        self.acts.delete_trip.setEnabled(bool(chosen))

    def planner_inputs(self) -> tuple[Profile, date, Convention] | Basis:
        """What the planner panel works from: the record as the assessment prepared it, or
        (before the first read) the person's profile, today and the convention."""
        if self._basis is not None:
            return self._basis
        if self._inputs is None:
            if self._services is None:
                return Profile(), date.today(), "inclusive"
            return Profile(), self.services.today(), self.services.settings.convention()
        return self._inputs

    def replace_services(self, services: WindowServices) -> None:
        """Work on newly opened services (after a restore) and redraw everything.

        The undo history goes: its commands name rows of the file that was replaced.
        """
        self._services = services
        self.editor.ctx = replace(
            self.editor.ctx,
            people=services.people,
            trips=services.trips,
            permits=services.permits,
            today=services.today,
        )
        for stack in self.editor.group.stacks():
            stack.clear()
        self.events.data_changed.emit(EVERYTHING)

    def switch_person(self, person_id: int) -> None:
        """Show another person."""
        self.person_id = person_id
        self.refresh()

    def show_page(self, page: QWidget) -> None:
        """Bring a tab forward (leaving the welcome page if it is showing)."""
        self._load_panel(page, background=True)
        self.pages.setCurrentWidget(self.splitter)
        self.tabs.setCurrentWidget(page)

    # Lazy panels

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Once this frame has reached the screen, like the lazy tabs below.
            QTimer.singleShot(0, self._build_panes_after_import)
            self._restore_pending_tab_later()

    def _restore_pending_tab_later(self) -> None:
        """Bring back a remembered chart or planner tab, after the first frame with data."""
        ready = self._restore_lazy_tab and self._painted and not self.loading
        if ready and self._pending_tab is not None:
            if self.status_panel.building:
                # The status first: its later pieces and their paints come before the panel.
                self.status_panel.built.connect(
                    self._restore_pending_tab_later, Qt.ConnectionType.SingleShotConnection
                )
                return
            # After this paint has reached the screen: earlier work delays the first frame.
            QTimer.singleShot(0, self._show_pending_tab)

    def _show_pending_tab(self) -> None:
        if self._pending_tab is None:
            return
        index, self._pending_tab = self._pending_tab, None
        self._load_panel(self.tabs.widget(index), background=True)
        self.tabs.setCurrentIndex(index)

    def load_panels(self) -> None:
        """Build the chart and planner panels now (matplotlib is imported here)."""
        self._load_panel(self.chart_slot)
        self._load_panel(self.planner_slot)
        if self._pending_tab is not None:
            self._show_pending_tab()

    def _load_panel(self, page: QWidget | None, *, background: bool = False) -> None:
        """Build the chart or planner panel if `page` is its tab and it is not built yet
        (with `background`, after importing its modules on a worker thread)."""
        if not isinstance(page, PanelSlot) or page.loaded:
            return
        if background:
            page.load_in_background(lambda: self._on_panel_loaded(page))
        else:
            page.load()
            self._on_panel_loaded(page)

    def _on_panel_loaded(self, page: PanelSlot) -> None:
        # The planner panel answers from `planner_inputs` as it is built; the charts are
        # handed the figures' inputs.
        if page is self.chart_slot and self._inputs is not None:
            pr_waiting_months, warning_margin = self.chart_slot.settings
            self.chart_slot.show_evaluation(
                *self._inputs,
                pr_waiting_months=pr_waiting_months,
                warning_margin=warning_margin,
                basis=self._basis,
            )

    # Slots

    @Slot(object)
    def _on_data_changed(self, change: object) -> None:
        self._apply(change if isinstance(change, Change) else EVERYTHING)

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

    @Slot()
    def _on_checklist_triggered(self) -> None:
        s = self.services
        person = s.people.get(self.person_id)
        today = s.today()
        lists = s.checklists.checklists(person.id, today)
        from app.ui.checklist_dialog import (
            ChecklistDialog,  # SQLAlchemy: not before the first frame
        )
        from app.ui.undo_commands import SetChecklistCommand

        changes = ChecklistDialog.ask(self, checklists=lists, today=today, name=person.name)
        if changes:
            # Through the undo stack, like every change (Edit > Undo puts the ticks back).
            command = SetChecklistCommand(
                self.editor.ctx, person.id, lists, changes.ticked, changes.unticked
            )
            self.editor.run(command)

    def _on_planner_trip_requested(self, span: TripSpan) -> None:
        if self.editor.add_planned_trip(span):
            self.statusBar().showMessage(_("The planned trip was added to your trips."), 5000)

    @Slot(int)
    def _on_person_combo_activated(self, index: int) -> None:
        person_id = self.toolbar.person_combo.itemData(index)
        if isinstance(person_id, int) and person_id != self.person_id:
            self.switch_person(person_id)

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        self._load_panel(self.tabs.widget(index), background=True)

    @Slot()
    def _on_find_triggered(self) -> None:
        self.show_page(self.trip_table)
        self.trip_table.search.setFocus()
        self.trip_table.search.selectAll()

    @Slot()
    def _on_day_check(self) -> None:
        """The window stayed open past midnight: show the new day (and notify again)."""
        if self._loaded and self.services.today() != self._shown_today:
            self.refresh()

    # Window state

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if not hasattr(self, "status_panel") or self.loading:
            return  # still being built, or the data is still opening
        # The system switched between light and dark: rebuild the cards with the new palette.
        if event.type() == QEvent.Type.PaletteChange or (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and self.services.today() != self._shown_today
        ):
            self._shown_status = None  # the cards take their colours from the palette
            self.refresh()

    def save_layout(self) -> None:
        """Remember size, position, splitter and tab for the next start."""
        save_layout(self._qsettings, self._layout_parts())

    def _layout_parts(self) -> LayoutParts:
        return LayoutParts(self, self.splitter, self.tabs, self.acts.year_totals)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)


def _placeholder(text: str, parent: QWidget) -> QLabel:
    """A word in the place of a pane that is not built yet."""
    label = QLabel(text, parent)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setEnabled(False)
    return label


def status_line(
    name: str, trips: int, planned: int, permits: int, today: date, read_only: bool
) -> str:
    """The status bar's sentence about the person on screen."""
    trip_words = ngettext("{count} trip", "{count} trips", trips).format(count=show_number(trips))
    if planned:
        trip_words = ngettext(
            "{trips} ({count} planned)", "{trips} ({count} planned)", planned
        ).format(trips=trip_words, count=show_number(planned))
    permit_words = ngettext("{count} permit", "{count} permits", permits).format(
        count=show_number(permits)
    )
    line = _("{name}: {trips}, {permits}. Today is {today}.").format(
        name=name, trips=trip_words, permits=permit_words, today=show_date(today)
    )
    if read_only:
        line = _("{line} The data file is read-only: Borte shows it but cannot change it.").format(
            line=line
        )
    return line
