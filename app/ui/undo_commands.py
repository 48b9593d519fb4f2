"""Undoable changes: every edit of trips, permits and key dates is one `QUndoCommand`.

A command is applied once by `apply()` before it is pushed, so a change the services refuse
never reaches the undo stack and its error can go straight to the user. Undo and redo call the
services again; a removed row comes back through `restore` under its old id, so the commands
above it on the stack still point at the right row. If the services refuse an undo or redo
(the data was changed behind the window's back), the command says why and drops out of the
stack (`setObsolete`) instead of leaving the stack out of step with the data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from app.services.errors import AppError
from app.services.profile import PermitKind
from app.services.views import PermitView, PersonView, TripView
from app.services.wording import _, ngettext
from app.ui.entries import KeyDatesInput, PermitInput, TripInput
from app.ui.events import EVERYTHING, AppEvents, Change
from app.ui.labels import PERMIT_KIND_LABELS, destination_label
from app.ui.qt_dates import show_date, show_number

if TYPE_CHECKING:
    from app.services.checklists import Checklist, ChecklistService

    # Types only: the services load SQLAlchemy, which the window's first frame does without.
    from app.services.importing.model import Accepted, ImportBatch
    from app.services.people import PersonService, PersonSnapshot
    from app.services.permits import PermitService
    from app.services.trips import TripService


@dataclass(frozen=True, slots=True)
class CommandContext:
    """What commands need: the services, the change signal, today, and where errors go."""

    people: PersonService
    trips: TripService
    permits: PermitService
    events: AppEvents
    today: Callable[[], date]
    report: Callable[[AppError], None]
    checklists: ChecklistService | None = None  # None: no checklist commands (some tests)


class ServiceCommand(QUndoCommand):
    """Base for commands that change stored data through the services."""

    def __init__(self, ctx: CommandContext, person_id: int, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.person_id = person_id
        self._skip_redo = False
        # What the last do/undo/redo touched, for the change signal.
        self.last_change: Change = EVERYTHING

    def trip_ids(self) -> set[int] | None:
        """The trips this command writes (None: it changes more than trips)."""
        return None

    def apply(self) -> None:
        """Make the change for the first time; raises AppError if the services refuse it."""
        self._step(self.do)
        # QUndoStack.push calls redo(); the change is already made.
        self._skip_redo = True

    def _step(self, step: Callable[[], None]) -> None:
        """Run `step` and note what it touched: the trip ids before and after it (a restored
        trip can come back under a new id). A refused step may have touched anything."""
        self.last_change = EVERYTHING
        before = self.trip_ids()
        step()
        after = self.trip_ids()
        if before is not None and after is not None:
            self.last_change = Change.of_trips(self.person_id, before | after)

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._run(self.do)

    def undo(self) -> None:
        self._run(self.revert)

    def do(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def _run(self, step: Callable[[], None]) -> None:
        try:
            self._step(step)
        except AppError as err:
            self.setObsolete(True)
            # After the stack has finished, not inside QUndoStack.undo(): a message box's own
            # event loop must not run while the stack is between states.
            QTimer.singleShot(0, partial(self.ctx.report, err))
        finally:
            self.ctx.events.data_changed.emit(self.last_change)


def _update_trip(ctx: CommandContext, trip_id: int, values: TripInput) -> None:
    ctx.trips.update(
        trip_id,
        departure=values.departure,
        return_date=values.return_date,
        destination=values.destination,
        purpose=values.purpose,
        note=values.note,
        today=ctx.today(),
    )


def _trip_text(verb: TripVerb, departure: date, destination: str | None) -> str:
    """ "Add trip to Sweden (SE)", "Delete trip of 2025-03-01": the Edit > Undo text."""
    where = destination_label(destination)
    if where:
        return _TRIP_TO[verb]().format(where=where)
    return _TRIP_OF[verb]().format(day=show_date(departure))


TripVerb = Literal["add", "edit", "delete"]
# Whole sentences per verb, as another language may order them differently.
_TRIP_TO: dict[TripVerb, Callable[[], str]] = {
    "add": lambda: _("Add trip to {where}"),
    "edit": lambda: _("Edit trip to {where}"),
    "delete": lambda: _("Delete trip to {where}"),
}
_TRIP_OF: dict[TripVerb, Callable[[], str]] = {
    "add": lambda: _("Add trip of {day}"),
    "edit": lambda: _("Edit trip of {day}"),
    "delete": lambda: _("Delete trip of {day}"),
}


class AddTripCommand(ServiceCommand):
    def __init__(self, ctx: CommandContext, person_id: int, entered: TripInput) -> None:
        words = _trip_text("add", entered.departure, entered.destination)
        super().__init__(ctx, person_id, words)
        self.entered = entered
        self.added: TripView | None = None

    def trip_ids(self) -> set[int]:
        return {self.added.id} if self.added is not None else set()

    def do(self) -> None:
        if self.added is not None:
            self.added = self.ctx.trips.restore(self.added)
            return
        e = self.entered
        self.added = self.ctx.trips.add(
            self.person_id,
            e.departure,
            e.return_date,
            e.destination,
            e.purpose,
            e.note,
            today=self.ctx.today(),
        )

    def revert(self) -> None:
        assert self.added is not None
        self.ctx.trips.remove(self.added.id)

    @property
    def trip_id(self) -> int | None:
        """The id of the trip this command wrote."""
        return self.added.id if self.added is not None else None


class EditTripCommand(ServiceCommand):
    def __init__(self, ctx: CommandContext, old: TripView, entered: TripInput) -> None:
        super().__init__(ctx, old.person_id, _trip_text("edit", old.departure, old.destination))
        self.old = old
        self.entered = entered

    @property
    def trip_id(self) -> int | None:
        """The id of the trip this command wrote."""
        return self.old.id

    def trip_ids(self) -> set[int]:
        return {self.old.id}

    def do(self) -> None:
        _update_trip(self.ctx, self.old.id, self.entered)

    def revert(self) -> None:
        _update_trip(self.ctx, self.old.id, TripInput.from_view(self.old))


class DeleteTripsCommand(ServiceCommand):
    def __init__(
        self, ctx: CommandContext, trips: Sequence[TripView], text: str | None = None
    ) -> None:
        first = trips[0]
        if text is None:
            text = (
                _trip_text("delete", first.departure, first.destination)
                if len(trips) == 1
                else ngettext("Delete {count} trip", "Delete {count} trips", len(trips)).format(
                    count=show_number(len(trips))
                )
            )
        super().__init__(ctx, first.person_id, text)
        self.trips = list(trips)

    def trip_ids(self) -> set[int]:
        return {trip.id for trip in self.trips}

    # One transaction each way, so a refused undo or redo leaves all of them as they were.
    def do(self) -> None:
        self.ctx.trips.remove_many([trip.id for trip in self.trips])

    def revert(self) -> None:
        self.trips = self.ctx.trips.restore_many(self.trips)


class DeletePersonCommand(ServiceCommand):
    """Delete a person with their trips and permits; undo puts them all back.

    It goes on the stack of `shown_after`, the person on screen once this one is gone.
    """

    def __init__(self, ctx: CommandContext, snapshot: PersonSnapshot, shown_after: int) -> None:
        super().__init__(ctx, shown_after, _("Delete {name}").format(name=snapshot.person.name))
        self.snapshot = snapshot

    def do(self) -> None:
        # Taken again on redo: the person may have changed since the undo brought them back.
        self.snapshot = self.ctx.people.snapshot(self.snapshot.person.id)
        self.ctx.people.remove(self.snapshot.person.id)

    def revert(self) -> None:
        self.ctx.people.restore(self.snapshot)


def merged_input(entered: TripInput, others: Sequence[TripView]) -> TripInput:
    """One trip covering `entered` and every trip in `others` (their union, dates inclusive)."""
    returns = [entered.return_date, *(t.return_date for t in others)]
    ends = [day for day in returns if day is not None]
    # One open end makes the whole journey open: it is still under way.
    back = max(ends) if len(ends) == len(returns) else None
    notes = [entered.note, *(t.note for t in others)]
    return TripInput(
        departure=min([entered.departure, *(t.departure for t in others)]),
        return_date=back,
        destination=entered.destination
        or next((t.destination for t in others if t.destination), None),
        purpose=entered.purpose or next((t.purpose for t in others if t.purpose), None),
        note="; ".join(dict.fromkeys(note for note in notes if note)),
    )


class MergeTripsCommand(ServiceCommand):
    """Replace a new or edited trip and the trips it overlaps by one trip covering them all."""

    def __init__(
        self,
        ctx: CommandContext,
        person_id: int,
        entered: TripInput,
        editing: TripView | None,
    ) -> None:
        others = [t for t in entered.merge_with if editing is None or t.id != editing.id]
        super().__init__(
            ctx,
            person_id,
            ngettext("Merge {count} trip", "Merge {count} trips", len(others) + 1).format(
                count=show_number(len(others) + 1)
            ),
        )
        self.others = others
        self.editing = editing
        self.union = merged_input(entered, others)
        self.added: TripView | None = None

    @property
    def trip_id(self) -> int | None:
        """The id of the trip that holds the union."""
        if self.editing is not None:
            return self.editing.id
        return self.added.id if self.added is not None else None

    def trip_ids(self) -> set[int]:
        ids = {trip.id for trip in self.others}
        return ids if self.trip_id is None else ids | {self.trip_id}

    def do(self) -> None:
        removed: list[TripView] = []
        try:
            # Remove first: the union may be the one trip under way that an old trip was.
            for trip in self.others:
                removed.append(self.ctx.trips.remove(trip.id))
            self._write_union()
        except AppError:
            for trip in reversed(removed):
                self.ctx.trips.restore(trip)
            raise

    def _write_union(self) -> None:
        u = self.union
        if self.editing is not None:
            _update_trip(self.ctx, self.editing.id, u)
        elif self.added is not None:
            self.added = self.ctx.trips.restore(self.added)
        else:
            self.added = self.ctx.trips.add(
                self.person_id,
                u.departure,
                u.return_date,
                u.destination,
                u.purpose,
                u.note,
                today=self.ctx.today(),
            )

    def revert(self) -> None:
        if self.editing is not None:
            _update_trip(self.ctx, self.editing.id, TripInput.from_view(self.editing))
        else:
            assert self.added is not None
            self.ctx.trips.remove(self.added.id)
        self.others = [self.ctx.trips.restore(trip) for trip in self.others]


class ImportTripsCommand(ServiceCommand):
    """Store the trips accepted in an import review; undo removes exactly those trips.

    The commit, its undo and its redo are each one transaction of a few statements
    (`ImportService`), however many trips: a trip added meanwhile from the command line is
    never removed, and a kill mid-way leaves all of the import or none of it.
    """

    def __init__(
        self, ctx: CommandContext, person_id: int, name: str, accepted: Sequence[Accepted]
    ) -> None:
        super().__init__(ctx, person_id, _import_text(len(accepted), name))
        self.name = name
        self.accepted = list(accepted)
        self.batch: ImportBatch | None = None

    def do(self) -> None:
        importer = self.ctx.trips.importer()
        if self.batch is None:
            self.batch = importer.commit(self.person_id, self.accepted, today=self.ctx.today())
            self.accepted = []  # the batch holds what was stored
            self.setText(_import_text(self.batch.added, self.name))
        else:
            self.batch = importer.redo(self.batch)

    def revert(self) -> None:
        assert self.batch is not None
        self.ctx.trips.importer().undo(self.batch)


def _import_text(count: int, name: str) -> str:
    return ngettext(
        "Import {count} trip from {name}", "Import {count} trips from {name}", count
    ).format(count=show_number(count), name=name)


def _permit_kind(kind: PermitKind) -> str:
    return PERMIT_KIND_LABELS[kind]


class AddPermitCommand(ServiceCommand):
    def __init__(self, ctx: CommandContext, person_id: int, entered: PermitInput) -> None:
        super().__init__(
            ctx, person_id, _("Add permit: {kind}").format(kind=_permit_kind(entered.kind))
        )
        self.entered = entered
        self.added: PermitView | None = None

    def do(self) -> None:
        if self.added is not None:
            self.added = self.ctx.permits.restore(self.added)
            return
        e = self.entered
        self.added = self.ctx.permits.add(
            self.person_id,
            e.kind,
            e.valid_from,
            e.valid_to,
            e.forms_pr_basis,
            e.granted_before_entry,
            e.applied_on,
            e.note,
        )

    def revert(self) -> None:
        assert self.added is not None
        self.ctx.permits.remove(self.added.id)


class EditPermitCommand(ServiceCommand):
    def __init__(self, ctx: CommandContext, old: PermitView, entered: PermitInput) -> None:
        super().__init__(
            ctx, old.person_id, _("Edit permit: {kind}").format(kind=_permit_kind(old.kind))
        )
        self.old = old
        self.entered = entered

    def do(self) -> None:
        self._write(self.entered)

    def revert(self) -> None:
        self._write(PermitInput.from_view(self.old))

    def _write(self, e: PermitInput) -> None:
        self.ctx.permits.update(
            self.old.id,
            kind=e.kind,
            valid_from=e.valid_from,
            valid_to=e.valid_to,
            forms_pr_basis=e.forms_pr_basis,
            granted_before_entry=e.granted_before_entry,
            applied_on=e.applied_on,
            note=e.note,
        )


class DeletePermitCommand(ServiceCommand):
    def __init__(self, ctx: CommandContext, permit: PermitView) -> None:
        super().__init__(
            ctx, permit.person_id, _("Delete permit: {kind}").format(kind=_permit_kind(permit.kind))
        )
        self.permit = permit

    def do(self) -> None:
        self.ctx.permits.remove(self.permit.id)

    def revert(self) -> None:
        self.permit = self.ctx.permits.restore(self.permit)


class SetKeyDatesCommand(ServiceCommand):
    def __init__(self, ctx: CommandContext, old: PersonView, entered: KeyDatesInput) -> None:
        super().__init__(ctx, old.id, _("Change key dates"))
        self.old = KeyDatesInput.from_person(old)
        self.entered = entered

    def do(self) -> None:
        self._write(self.entered)

    def revert(self) -> None:
        self._write(self.old)

    def _write(self, values: KeyDatesInput) -> None:
        self.ctx.people.set_key_dates(self.person_id, **values.dates)
        self.ctx.people.set_sufficient_income(self.person_id, values.sufficient_income)


class SetChecklistCommand(ServiceCommand):
    """Tick and untick conditions on the checklists; undo puts back the ticks and dates."""

    def __init__(
        self,
        ctx: CommandContext,
        person_id: int,
        before: Sequence[Checklist],
        ticked: dict[str, date | None],
        unticked: Sequence[str],
    ) -> None:
        super().__init__(ctx, person_id, _("Change other conditions"))
        self.before = {item.id: item for checklist in before for item in checklist.items}
        self.ticked, self.unticked = dict(ticked), tuple(unticked)

    def _service(self) -> ChecklistService:
        assert self.ctx.checklists is not None
        return self.ctx.checklists

    def do(self) -> None:
        self._service().apply(self.person_id, self.ticked, self.unticked)

    def revert(self) -> None:
        touched = [*self.ticked, *self.unticked]
        was = {key: self.before[key] for key in touched if key in self.before}
        self._service().apply(
            self.person_id,
            {key: item.met_on for key, item in was.items() if item.ticked},
            [key for key in touched if key not in was or not was[key].ticked],
        )
