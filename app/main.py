"""The composition root: the one place that builds paths, the database and the services.

`app.cli` parses the command line and then asks this module for a `Services` bundle (headless
commands) or to run the window (`run_gui`). Everything is passed down by constructor; there are
no singletons or global look-ups.

Imports of SQLAlchemy, the services and Qt are inside the functions on purpose: `borte --help`
and usage errors answer without loading them, and a headless command never loads Qt.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from app.services.wording import _

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from app.services.checklists import ChecklistService
    from app.services.people import PersonService
    from app.services.permits import PermitService
    from app.services.settings import SettingsService
    from app.services.trips import TripService
    from app.ui.main_window import MainWindow
    from app.ui.single_instance import SingleInstance

log = logging.getLogger(__name__)

# Tests (and anyone reproducing a report) can pin "today" with this variable: an ISO date such
# as 2025-03-01. Only `today()` below reads it; services always receive the date as a parameter.
TODAY_ENV = "BORTE_TODAY"

_T = TypeVar("_T")
ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class BadTodayError(ValueError):
    """`BORTE_TODAY` is set but is not an ISO date."""


def today(environ: Mapping[str, str] | None = None) -> date:
    """Today's date, or the date in `$BORTE_TODAY` when that is set (for tests)."""
    env = os.environ if environ is None else environ
    pinned = env.get(TODAY_ENV)
    if not pinned:
        return date.today()
    from app.services.dates import parse_date
    from app.services.errors import ValidationError

    try:
        return parse_date(pinned)
    except ValidationError as exc:
        raise BadTodayError(f"{TODAY_ENV}: {exc}") from None


@dataclass(frozen=True, slots=True)
class Services:
    """The use-case services over one database, plus the folder they live in."""

    data_dir: Path
    people: PersonService
    trips: TripService
    permits: PermitService
    settings: SettingsService
    sessions: sessionmaker[Session]
    read_only: bool = False
    # Sentences to show the user at once, such as a backup that could not be made.
    warnings: tuple[str, ...] = ()

    @property
    def checklists(self) -> ChecklistService:
        """The checklist use cases; their module (and its list files) loads on first use,
        which `borte status` and most other commands never reach."""
        from app.services.checklists import ChecklistService

        return ChecklistService(self.sessions)

    def close(self) -> str | None:
        """Close the database; back it up first if anything was changed.

        Returns a sentence for the user if that backup failed (the data itself is saved).
        """
        from app.models.database import DATABASE_FILENAME, close_database, has_written
        from app.services import backups

        failure: str | None = None
        try:
            if not self.read_only and has_written(self.sessions):
                # The newest backup then holds the newest changes, not the day's first copy.
                backups.backup_latest(
                    self.data_dir / DATABASE_FILENAME, keep=self.settings.backups_to_keep()
                )
        except backups.BackupError as exc:
            log.warning("Backup at close failed: %s", exc)
            failure = str(exc)
        finally:
            close_database(self.sessions)
        return failure


def is_read_only(path: Path) -> bool:
    """Whether the data file at `path` is read-only for us: by its mode bits, or by access.

    The owner's write bit counts even for root, who may write anything: a user who ran
    `chmod 400` on the file meant it.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not mode & 0o200 or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


def open_services(
    data_dir: Path,
    *,
    on_wait: Callable[[], None] | None = None,
    while_waiting: Callable[[], None] | None = None,
) -> Services:
    """Open (creating and migrating when needed) the database in `data_dir` and build services.

    The file is diagnosed first and never opened (so never changed) when something is wrong
    with it; then `DataFileProblem` says what, naming the newest good backup. An existing file
    is backed up before any migration, and once a day at start. A read-only file is opened
    read-only (`Services.read_only`); every change then fails with one sentence. `on_wait` is
    called when a change has to queue behind another process's, `while_waiting` again and
    again while it waits (the window repaints there).
    """
    from sqlalchemy.exc import DatabaseError

    from app.models.database import (
        DATABASE_FILENAME,
        DatabaseInUseError,
        ForeignDatabaseError,
        ReadOnlyUpgradeError,
        UnknownSchemaError,
        UnmatchedRowsError,
        close_database,
        open_database,
    )
    from app.services import backups, storage_errors
    from app.services.errors import AppError, DataFileError
    from app.services.file_check import DataFileProblem, ProblemKind, diagnose
    from app.services.people import PersonService
    from app.services.permits import PermitService
    from app.services.settings import SettingsService
    from app.services.trips import TripService

    path = data_dir / DATABASE_FILENAME

    def refuse(problem_path: Path) -> DataFileError | None:
        problem = diagnose(problem_path)
        if problem is None or problem.kind is ProblemKind.MISSING:
            return None
        log.warning("Refusing %s (%s): %s", path, problem.kind, problem.detail or problem.what)
        backup = backups.newest_good_backup(data_dir) if problem.restorable else None
        return DataFileProblem(problem, backup)

    refused = refuse(path)
    if refused is not None:
        raise refused

    def backup_before_migration(revision: str) -> None:
        log.info("Backing up %s (schema %s) before migrating it", path, revision)
        backups.backup_now(path, backups.BEFORE_MIGRATION)

    # What follows is the user's to fix (wrong folder, newer Borte, no permission, a file
    # damaged between the check and the open), so it becomes DataFileError with a sentence
    # instead of reaching the crash handler as a bug.
    read_only = is_read_only(path)
    if read_only:
        log.info("The data file is read-only; opening it read-only")
    try:
        sessions = open_database(
            path,
            before_migration=backup_before_migration,
            read_only=read_only,
            on_wait=on_wait,
            translate=lambda err: storage_errors.translate(err, path),
            while_waiting=while_waiting,
        )
    except ReadOnlyUpgradeError as exc:
        raise storage_errors.ReadOnlyDataError(
            _(
                "{path} It also needs setting up or upgrading by this version of Borte first."
            ).format(path=storage_errors.read_only_message(path))
        ) from exc
    except backups.BackupError as exc:
        raise DataFileError(
            _(
                "Borte did not upgrade {path} to this version because it could not back it up "
                "first: {exc}"
            ).format(path=path, exc=exc)
        ) from exc
    except AppError:
        raise  # already a sentence (locked, read-only, disk full, no permission)
    except (UnknownSchemaError, ForeignDatabaseError, UnmatchedRowsError, DatabaseError) as exc:
        refused = refuse(path)
        if refused is not None:
            raise refused from exc
        if isinstance(exc, DatabaseError):
            told = storage_errors.translate(exc.orig, path) if exc.orig is not None else None
            if told is not None:
                raise told from exc
            raise DataFileError(
                _(
                    "Borte could not open {path} ({__name__}); the file was left as it was: "
                    "choose another data folder, or restore a backup if it is damaged."
                ).format(path=path, __name__=type(exc.orig).__name__)
            ) from exc
        raise DataFileError(str(exc)) from exc
    except DatabaseInUseError as exc:
        raise DataFileError(
            _("{exc} Wait until the restore has finished, then start Borte again.").format(exc=exc)
        ) from exc
    except OSError as exc:
        told = storage_errors.translate(exc, path)
        if told is not None:
            raise told from exc
        raise DataFileError(
            _("Borte cannot use the data folder {data_dir}: {strerror}.").format(
                data_dir=data_dir, strerror=exc.strerror
            )
        ) from exc
    settings = SettingsService(sessions)
    warnings: list[str] = []
    try:
        backups.daily_backup_if_due(path, keep=settings.backups_to_keep())
    except backups.BackupError as exc:
        # A missed daily copy must not keep anyone from their data, but they must know: it
        # is shown (stderr, a window message) and retried at the next start.
        log.warning("Daily backup failed: %s", exc)
        warnings.append(str(exc))
    except BaseException:
        close_database(sessions)
        raise
    return Services(
        data_dir=data_dir,
        people=PersonService(sessions),
        trips=TripService(sessions),
        permits=PermitService(sessions),
        settings=settings,
        sessions=sessions,
        read_only=read_only,
        warnings=tuple(warnings),
    )


def show_waiting() -> None:
    """Tell the window's user why a change takes a while: another Borte is writing."""
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return  # a write from a worker thread (the data opening): widgets are the GUI's
    window = next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()),
        None,
    )
    if window is not None:
        window.statusBar().showMessage(
            _("Waiting for another Borte to finish writing to the data file…"), 10000
        )
        keep_painting()  # paint it: the wait blocks this thread


def keep_painting() -> None:
    """While a change waits for another Borte's write: repaint and run timers, so the window
    does not freeze, but take no clicks or keys yet (they wait in the queue and arrive after
    the change, which must not start another change in the middle of this one)."""
    from PySide6.QtCore import QEventLoop, QThread
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return  # a write from a worker thread (the data opening): its own thread waits
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)


def make_excepthook(log_file: Path | None) -> ExceptHook:
    """A `sys.excepthook` for the window: log the error, tell the user, keep the app running.

    Under PySide6 an exception raised in a slot reaches `sys.excepthook` and the event loop goes
    on (architecture notes, "Crash path"), so this one hook sees every unexpected error.
    """
    from traceback import format_tb

    from PySide6.QtWidgets import QApplication

    from app.services.errors import AppError

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        # Imported at the first error: the message boxes are not needed for the first frame.
        from PySide6.QtWidgets import QMessageBox

        from app.ui import messages

        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        parent = QApplication.activeWindow()
        if isinstance(exc, AppError):
            # A known error that a slot forgot to catch: its message is already for users.
            # The type only: the sentence may quote a name or a line of the user's file.
            log.warning("Uncaught %s at:\n%s", exc_type.__name__, "".join(format_tb(tb)))
            messages.tell(parent, "Borte", str(exc), QMessageBox.Icon.Warning)
            return
        log.critical("Unexpected error", exc_info=(exc_type, exc, tb))
        where = (
            _("The details are in {log_file}.").format(log_file=log_file)
            if log_file is not None
            else _("No log file could be written.")
        )
        messages.tell(
            parent,
            "Borte",
            _(
                "Something went wrong that Borte did not expect ({__name__}). {where} Your saved "
                "data is safe and Borte keeps running."
            ).format(__name__=exc_type.__name__, where=where),
            QMessageBox.Icon.Critical,
        )

    return hook


def run_gui(
    data_dir: Path,
    *,
    log_file: Path | None,
    argv: list[str] | None = None,
    language: str | None = None,
) -> int:
    """Open the desktop app on `data_dir` and run it until the user quits; returns the exit code.

    The window goes on screen first, in its loading state, and the database is opened after
    its first frame: SQLAlchemy, numpy and the engine are imported while the user already
    sees the window (issue 12: the first frame in about the time of a bare Qt window).
    """
    from app import gc_pause
    from app.desktop import APP_ID, display_problem

    problem = display_problem()
    if problem:
        print(f"borte: {problem}", file=sys.stderr)
        return 2
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app import __version__
    from app.ui.language import apply_language, resolve_language, stored_language

    existing = QApplication.instance()
    qt_app = existing if isinstance(existing, QApplication) else QApplication(argv or ["borte"])
    # The language (--lang, else BORTE_LANG, else the user's choice in Settings), before any
    # window text is built: the window's modules are imported after this.
    apply_language(language or resolve_language(stored_language(QSettings("Borte", "Borte"))))
    from app.ui import startup_trace
    from app.ui.main_window import MainWindow, WindowServices, app_icon
    from app.ui.single_instance import SingleInstance, bring_app_to_front
    from app.ui.theme import ThemeSwitcher, stored_theme

    qt_app.setApplicationName("Borte")
    qt_app.setOrganizationName("Borte")
    qt_app.setApplicationVersion(__version__)
    qt_app.setDesktopFileName(APP_ID)  # the .desktop file's name, for the taskbar and icon
    qt_app.setWindowIcon(app_icon())
    startup_trace.install(qt_app)
    # The user's theme (Settings), before any window is built; BORTE_DARK=1 forces dark.
    theme = ThemeSwitcher(qt_app)
    theme.apply(stored_theme(QSettings("Borte", "Borte")))

    first = SingleInstance(data_dir)
    if not first.claim():
        print(
            _("Borte is already open on {data_dir}; its window was brought to the front.").format(
                data_dir=data_dir
            )
        )
        return 0
    first.raise_requested.connect(bring_app_to_front)

    previous_hook = sys.excepthook
    sys.excepthook = make_excepthook(log_file)
    window = MainWindow(None, theme=theme)
    startup_trace.watch(window)
    window.show()
    services: Services | None = None
    instance = first
    try:
        _wait_for_first_paint(window)
        opened = _open_for_window(data_dir, first)
        if isinstance(opened, int):
            window.close()
            return opened
        services, instance = opened
        startup_trace.milestone("data-open")

        def window_services(current: Services) -> WindowServices:
            nonlocal services
            services = current
            return WindowServices(
                people=current.people,
                trips=current.trips,
                permits=current.permits,
                settings=current.settings,
                checklists=current.checklists,
                data_dir=current.data_dir,
                today=today,
                log_file=log_file,
                close=lambda: None if current.close() is None else None,  # failures logged
                reopen=lambda: window_services(
                    open_services(
                        current.data_dir, on_wait=show_waiting, while_waiting=keep_painting
                    )
                ),
                read_only=current.read_only,
            )

        # The data is read on a worker thread: with a long history the window stays
        # responsive (repaints, moves) while the reads and the rules run.
        if not window.isVisible():
            # Closed while the data was opening: Qt's quit-on-last-window came before
            # exec() and was lost, so exec() would wait with no window for ever.
            log.info("The window was closed while Borte was starting")
            return 0
        window.attach(window_services(services), background=True)
        # The code is loaded: collections again once the first read (which holds them off
        # itself) is done.
        gc_pause.release_start()
        log.info("Window opened on %s", services.data_dir)
        if services.warnings:
            # Once the window is up: a backup that failed must not go unnoticed.
            from PySide6.QtCore import QTimer
            from PySide6.QtWidgets import QMessageBox

            from app.ui import messages

            text = " ".join(services.warnings)
            QTimer.singleShot(
                0, lambda: messages.tell(window, "Borte", text, QMessageBox.Icon.Warning)
            )
        code = qt_app.exec()
    finally:
        gc_pause.release_start()
        sys.excepthook = previous_hook
        if services is not None:
            services.close()
            instance.release()
    if window.restart_requested:
        _restart()  # a new language in Settings: start again in it, with everything saved
    return code


def _restart() -> None:
    """Replace this process by a new Borte started the same way (the window has closed,
    the data is saved and backed up, the single-instance lock released)."""
    logging.shutdown()
    os.execv(sys.executable, [sys.executable, *without_lang(sys.orig_argv[1:])])


def without_lang(arguments: list[str]) -> list[str]:
    """`arguments` without `--lang X`: after a restart for a new language, Settings decide."""
    out: list[str] = []
    skip = False
    for argument in arguments:
        if skip:
            skip = False
        elif argument == "--lang":
            skip = True
        elif not argument.startswith("--lang="):
            out.append(argument)
    return out


POLL_MS = 25  # how often `_run_events_until` looks at `done` when no event woke it


def _run_events_until(done: Callable[[], bool], timeout_ms: int | None = None) -> None:
    """Handle events until `done()` (or `timeout_ms` passed). A plain loop of
    `processEvents`, not a nested `QEventLoop`, which would end at once after an earlier
    `exec()` in the same process had been quit (tests run many)."""
    import time

    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    # Wakes the wait below so `done` is checked. Not too often: each wake-up takes the GIL
    # from the worker thread, which on a busy machine slows the work it waits for.
    poll = QTimer()
    poll.setInterval(POLL_MS)
    poll.start()
    deadline = None if timeout_ms is None else time.monotonic() + timeout_ms / 1000
    while not done() and (deadline is None or time.monotonic() < deadline):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    poll.stop()


def _while_events_run(work: Callable[[], _T]) -> _T:
    """Run `work` on a worker thread while the GUI thread keeps handling events; return its
    result or raise its exception here, so the caller stays as simple as a direct call."""
    import threading

    from PySide6.QtCore import QCoreApplication, QEvent

    from app.frame_room import roomy

    outcome: list[_T | BaseException] = []

    def run() -> None:
        try:
            outcome.append(roomy(work))
        except BaseException as exc:  # raised again on the GUI thread below
            outcome.append(exc)
        # Wakes the GUI thread's wait at once (else it notices on the next poll, POLL_MS).
        app = QCoreApplication.instance()
        if app is not None:
            QCoreApplication.postEvent(app, QEvent(QEvent.Type.User))

    thread = threading.Thread(target=run, name="borte-open", daemon=True)
    thread.start()
    _run_events_until(lambda: bool(outcome))
    thread.join()
    [result] = outcome
    if isinstance(result, BaseException):
        raise result
    return result


def _wait_for_first_paint(window: MainWindow, timeout_ms: int = 2000) -> None:
    """Handle events until `window` has painted (or `timeout_ms` passed, e.g. hidden)."""
    from PySide6.QtCore import QCoreApplication

    _run_events_until(window.has_painted, timeout_ms)
    # The paint's frame goes to the screen when the event that painted it returns.
    QCoreApplication.processEvents()


def _open_for_window(
    data_dir: Path, instance: SingleInstance
) -> tuple[Services, SingleInstance] | int:
    """Open the services of `data_dir` (which `instance` holds), asking about a bad data file.

    Returns an exit code instead when the user gave up (1), or chose another folder on which
    Borte is already open (0: that window was brought to the front).
    """
    from app.services.errors import AppError
    from app.ui.single_instance import SingleInstance, bring_app_to_front

    folder = data_dir
    claimed: SingleInstance | None = instance
    while True:
        if claimed is None:
            claimed = SingleInstance(folder)
            if not claimed.claim():
                print(
                    _(
                        "Borte is already open on {folder}; its window was brought to the front."
                    ).format(folder=folder)
                )
                return 0
            claimed.raise_requested.connect(bring_app_to_front)
        try:
            # Off the GUI thread: importing SQLAlchemy and opening the file take ~0.5 s,
            # during which the window (already on screen) keeps repainting.
            opening = partial(
                open_services, folder, on_wait=show_waiting, while_waiting=keep_painting
            )
            return _while_events_run(opening), claimed
        except AppError as exc:
            # Imported here, not before the open: what a good file never needs (the dialog
            # and its Qt classes) stays off the way to the numbers on screen.
            from PySide6.QtWidgets import QMessageBox

            from app.services import backups
            from app.services.file_check import DataFileProblem
            from app.ui import messages
            from app.ui.data_file_dialog import (
                Choice,
                DataFileDialog,
                choose_folder,
                restored_text,
            )

            if not isinstance(exc, DataFileProblem):
                messages.tell(None, "Borte", str(exc), QMessageBox.Icon.Critical)
                claimed.release()
                return 1
            problem = exc
        choice = DataFileDialog.ask(None, problem)
        if choice is Choice.RESTORE and problem.backup is not None:
            try:
                restored = backups.restore(folder, problem.backup.id)
            except AppError as exc:  # BackupError, NotFoundError: sentences for the user
                messages.show_error(None, exc)
            else:
                messages.tell(None, "Backup restored", restored_text(restored))
        elif choice is Choice.OTHER_FOLDER:
            chosen = choose_folder(None, folder)
            if chosen is not None and chosen != folder:
                claimed.release()
                claimed = None
                folder = chosen
        else:
            claimed.release()
            return 1
        # Round again: open what was restored or chosen, or ask again if it is no better.
