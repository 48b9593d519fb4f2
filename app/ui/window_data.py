"""What the main window shows, read from the services in one go (and off the GUI thread).

`read_window_data` does every read and calculation `MainWindow.refresh` needs and touches no
widget, so the window can run it on a worker thread while it starts (with 100,000 trips the
reads and the rules take seconds, and the window stays responsive meanwhile) and on the GUI
thread after each edit. The services open one session per call, which SQLAlchemy's SQLite
pool allows from any thread.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app import gc_pause
from app.frame_room import roomy
from app.services.profile import Convention, Profile, TripSpan
from app.services.views import PermitView, PersonView, TripView
from app.services.wording import _

if TYPE_CHECKING:
    from app.services.assessment import Assessment
    from app.services.checklists import Checklist
    from app.services.reminders import Reminder
    from app.services.results import Evaluation
    from app.ui.main_window import WindowServices
    from app.ui.trip_table_model import PreparedRows


@dataclass(frozen=True, slots=True)
class WindowData:
    """One person's data and figures as of `today`, with the settings they depend on."""

    people: list[PersonView]
    person: PersonView
    today: date
    trips: list[TripView]
    permits: list[PermitView]
    profile: Profile
    convention: Convention
    pr_waiting_months: int
    warning_margin: int
    evaluation: Evaluation
    reminders: list[Reminder]
    # The read model the status panel shows (headline, explanations); `evaluation` and
    # `reminders` are its parts.
    assessment: Assessment
    # The goals' other conditions with the person's ticks, and a warning per trip id (a trip
    # to Ukraine during collective protection, rules.md §1.3a).
    checklists: tuple[Checklist, ...] = ()
    trip_flags: dict[int, str] = field(default_factory=dict)
    # The trip table's rows, built where this was read (a worker thread: 100,000 rows take
    # half a second); None after an edit, which changes a few rows only.
    table: PreparedRows | None = None


def read_window_data(services: WindowServices, person_id: int) -> WindowData:
    """Read `person_id` (or the default person, if that one is gone) and evaluate the rules."""
    # The table's module (with the country names) comes with the trips pane, after the window's
    # first frame, which imports this module.
    from app.ui.trip_table_model import prepare_rows

    people = services.people.list()
    person = next((p for p in people if p.id == person_id), None) or services.people.default()
    today = services.today()
    # The trips are read once, as views; the profile's spans are made from them.
    trips = services.trips.list(person.id)
    profile = replace(
        services.people.profile(person.id, with_trips=False),
        trips=tuple(trip_span(t) for t in trips),
    )
    settings = services.settings
    convention = settings.convention()
    waiting = settings.pr_waiting_months()
    assessment, evaluation = assess_window(profile, today, convention, waiting)
    flags = flag_texts(trips, profile, today)
    return WindowData(
        people=people,
        person=person,
        today=today,
        trips=trips,
        permits=services.permits.list(person.id),
        profile=profile,
        convention=convention,
        pr_waiting_months=waiting,
        warning_margin=settings.warning_margin(),
        evaluation=evaluation,
        reminders=list(assessment.reminders),
        assessment=assessment,
        checklists=tuple(services.checklists.checklists(person.id, today)),
        trip_flags=flags,
        table=prepare_rows(trips, today, flags),
    )


def trip_span(trip: TripView) -> TripSpan:
    """What the rules know of a trip (as `PersonService.profile` reads it)."""
    return TripSpan(trip.departure, trip.return_date, trip.destination, trip.purpose)


def assess_window(
    profile: Profile,
    today: date,
    convention: Convention,
    pr_waiting_months: int,
    *,
    shown: Assessment | None = None,
) -> tuple[Assessment, Evaluation]:
    """The one assessment per refresh (the status panel, its reminders and its headline read
    it) and the evaluation the cards show. `shown`: the assessment of the record before an
    edit, whose prepared trips are reused for the trips the edit left alone."""
    from app.services.assessment import assess  # numpy and the rules: after the first frame
    from app.services.rules.context import prepared_after_edit

    before = None if shown is None else shown.basis
    prepared = (
        None if before is None else prepared_after_edit(before.profile, before.prepared, profile)
    )
    assessment = assess(
        profile, today, convention, pr_waiting_months=pr_waiting_months, prepared=prepared
    )
    # Until a permit is recorded, the rules that need one say so instead of showing green
    # (decided in the assessment, so the CLI and the report say the same).
    return assessment, assessment.evaluation


def flag_texts(trips: Iterable[TripView], profile: Profile, today: date) -> dict[int, str]:
    """The trip table's warning per trip id (a trip to Ukraine during collective protection)."""
    from app.services.rules.collective import trip_flags

    flags = trip_flags(((t.id, trip_span(t)) for t in trips), profile.permits, today)
    return {
        key: _("{message} Source: {source}").format(message=f.message, source=f.source)
        for key, f in flags.items()
    }


class BackgroundRead(QObject):
    """Runs a read on a worker thread; `finished` brings the result (or the error) back to the
    GUI thread, where the receiver lives."""

    finished = Signal(object)  # what `read` returned (WindowData, …) | BaseException

    def start(self, read: Callable[[], object]) -> None:
        def work() -> None:
            result: object
            try:
                # No collections while the read makes its objects (what it makes holds no
                # reference cycles: dataclasses of dates, numbers and text).
                with gc_pause.held():
                    result = roomy(read)
            except BaseException as exc:  # shown by the GUI thread, not lost in this one
                result = exc
            # RuntimeError: the window was closed (and deleted) before the read ended.
            with contextlib.suppress(RuntimeError):
                self.finished.emit(result)

        threading.Thread(target=work, name="borte-read", daemon=True).start()


def import_in_background(parent: QObject, modules: Iterable[str], then: Callable[[], None]) -> None:
    """Import `modules` on a worker thread (a long import on the GUI thread freezes the
    window), then call `then` on the GUI thread. What an import raised is not looked at
    here: it leaves no module behind, so `then`, importing again, raises the same on the GUI
    thread, where it reaches the crash handler (or a caller's own handling)."""
    names = tuple(modules)
    worker = BackgroundRead(parent)
    worker.finished.connect(lambda _result: then())
    worker.start(lambda: [importlib.import_module(name) for name in names])
