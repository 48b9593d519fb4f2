"""File > Export report: ask where to save, write the PDF in a worker thread, say when done.

The inputs (profile, permits, settings) are read from the services on the GUI thread, as every
other action does; only `build_report`, which touches no database and no Qt, runs in the
thread pool. A 2,000-trip history takes about a second, so a busy indicator appears only if the
export is still running after `PROGRESS_DELAY_MS`. The dialog remembers the last folder in
QSettings. Errors the user can fix (`AppError`, such as a folder they may not write to) go to
the usual message box; anything else goes to `sys.excepthook`, the crash handler.

reportlab and matplotlib are imported by the worker, so this module costs the window's start
nothing.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QLocale,
    QObject,
    QRunnable,
    QSettings,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QFileDialog, QProgressDialog

from app.services.errors import AppError
from app.services.profile import Convention, Profile
from app.services.report_scope import Identity, ReportOptions, default_period, without_planned
from app.services.views import PermitView, TripView
from app.services.wording import _, ngettext
from app.ui import messages
from app.ui.report_options import ReportOptionsDialog, report_language

if TYPE_CHECKING:
    from app.services.checklists import Checklist
    from app.services.report import ReportInfo
    from app.ui.main_window import MainWindow

FOLDER_KEY = "files/report_folder"
PROGRESS_DELAY_MS = 300


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """Everything `build_report` needs, read on the GUI thread."""

    profile: Profile
    person_name: str
    permits: tuple[PermitView, ...]
    as_of: date
    convention: Convention
    paper: str
    pr_waiting_months: int
    warning_margin: int
    path: Path
    options: ReportOptions = ReportOptions()
    identity: Identity = Identity()
    trip_views: tuple[TripView, ...] = ()
    checklists: tuple[Checklist, ...] = ()
    language: str = "en"  # of the report, chosen at export (the window may differ)


def default_paper(locale: QLocale | None = None) -> str:
    """Letter where US paper sizes are the norm, A4 everywhere else."""
    system = (locale or QLocale.system()).measurementSystem()
    return "letter" if system == QLocale.MeasurementSystem.ImperialUSSystem else "a4"


def file_name(person_name: str, as_of: date) -> str:
    """A suggested file name: borte-report-kari-nordmann-2025-06-30.pdf."""
    words = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", person_name).lower().split()
    slug = "-".join(words)[:60].strip("-.") or "person"
    return f"borte-report-{slug}-{as_of.isoformat()}.pdf"


class _JobSignals(QObject):
    finished = Signal(object)  # ReportInfo
    failed = Signal(object)  # the exception


class _ReportJob(QRunnable):
    """Runs `build_report` in the thread pool and reports back through signals."""

    def __init__(self, request: ReportRequest, signals: _JobSignals) -> None:
        super().__init__()
        self.request = request
        self.signals = signals

    def run(self) -> None:
        from app.frame_room import roomy
        from app.services.report import build_report

        r = self.request
        try:
            # In the report's language; in this worker thread only (the window keeps its own).
            # (roomy: its frames in one chunk, app/frame_room.py.)
            info = roomy(
                build_report,
                r.profile,
                r.person_name,
                r.permits,
                r.as_of,
                r.as_of,
                r.convention,
                paper=r.paper,
                pr_waiting_months=r.pr_waiting_months,
                warning_margin=r.warning_margin,
                checklists=r.checklists,
                path=r.path,
                options=r.options,
                identity=r.identity,
                trip_views=r.trip_views,
                language=r.language,
            )
        except BaseException as exc:  # handed to the GUI thread, which decides what to show
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(info)


class ReportExport(QObject):
    """File > Export report for one main window."""

    # After the message or status line: the report written, or the error shown.
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, window: MainWindow, *, pool: QThreadPool | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.pool = pool or QThreadPool.globalInstance()
        self.progress: QProgressDialog | None = None
        self._signals: _JobSignals | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PROGRESS_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def _settings(self) -> QSettings:
        return self.window._qsettings

    @property
    def running(self) -> bool:
        """Whether an export is under way."""
        return self._signals is not None

    def ask_path(self, suggested: Path) -> Path | None:
        """The save dialog; None when cancelled."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self.window, _("Export report"), str(suggested), _("PDF files (*.pdf);;All files (*)")
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix else path.with_suffix(".pdf")

    @Slot()
    def start(self) -> None:
        """Ask where to save the report of the person on screen, then write it."""
        if self.running:
            return
        services = self.window.services
        person = services.people.get(self.window.person_id)
        today = services.today()
        profile = services.people.profile(person.id)
        options = self.ask_options(profile, today)
        if options is None:
            return
        folder = Path(str(self._settings.value(FOLDER_KEY, str(Path.home()))))
        path = self.ask_path(folder / file_name(person.name, today))
        if path is None:
            return
        self._settings.setValue(FOLDER_KEY, str(path.parent))
        settings = services.settings
        request = ReportRequest(
            profile=profile,
            person_name=person.name,
            permits=tuple(services.permits.list(person.id)),
            as_of=today,
            convention=settings.convention(),
            paper=default_paper(),
            pr_waiting_months=settings.pr_waiting_months(),
            warning_margin=settings.warning_margin(),
            path=path,
            options=options,
            identity=Identity(person.full_name, person.born_on, person.reference_number),
            trip_views=tuple(services.trips.list(person.id)),
            checklists=services.checklists.checklists(person.id, today),
            language=report_language(self._settings),
        )
        self.run(request)

    def ask_options(self, profile: Profile, today: date) -> ReportOptions | None:
        """The period and planned-trips choice, proposing the defaults the report would use."""
        # numpy and the rules: not before the first frame
        from app.services.engine import evaluate
        from app.services.setup_check import missing_permit

        settings = self.window.services.settings
        convention = settings.convention()
        months = settings.pr_waiting_months()
        recorded = without_planned(profile, today)
        periods = [
            default_period(
                p,
                # As the report's assessment judges it, so the proposal matches the report.
                missing_permit(evaluate(p, today, convention, pr_waiting_months=months), p),
                include_planned=planned,
            )
            for p, planned in ((recorded, False), (profile, True))
        ]
        planned = len(profile.trips) - len(recorded.trips)
        return ReportOptionsDialog.ask(
            self.window,
            recorded=periods[0],
            with_planned=periods[1],
            planned=planned,
            settings=self._settings,
        )

    def run(self, request: ReportRequest) -> None:
        """Write the report in the thread pool; a busy dialog shows if it takes a while."""
        # No Qt parent: the job holds it, so closing the window mid-export cannot delete it
        # under the worker (the connections to this object go with it).
        signals = _JobSignals()
        signals.finished.connect(self._on_job_finished)
        signals.failed.connect(self._on_job_failed)
        self._signals = signals
        self.window.acts.export_report.setEnabled(False)
        self.window.statusBar().showMessage(
            _("Writing the report to {file}…").format(file=request.path)
        )
        self._timer.start()
        self.pool.start(_ReportJob(request, signals))

    @Slot()
    def _on_timer_timeout(self) -> None:
        if not self.running:
            return
        dialog = QProgressDialog(_("Writing the report…"), "", 0, 0, self.window)
        dialog.setWindowTitle(_("Export report"))
        dialog.setCancelButton(None)  # reportlab cannot stop half-way; it takes seconds at most
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.show()
        self.progress = dialog

    def _done(self) -> None:
        self._timer.stop()
        self._signals = None
        self.window.acts.export_report.setEnabled(True)
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    @Slot(object)
    def _on_job_finished(self, info: ReportInfo) -> None:
        self._done()
        self.window.statusBar().showMessage(
            ngettext(
                "Saved a {count}-page report to {file}.",
                "Saved a {count}-page report to {file}.",
                info.pages,
            ).format(count=info.pages, file=info.path),
            10000,
        )
        self.finished.emit(info)

    @Slot(object)
    def _on_job_failed(self, error: BaseException) -> None:
        self._done()
        self.window.statusBar().clearMessage()
        if isinstance(error, AppError):
            messages.show_error(self.window, error)
        else:
            sys.excepthook(type(error), error, error.__traceback__)
        self.failed.emit(error)
