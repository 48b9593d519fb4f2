"""Every change the user makes, from dialog to undoable command.

The editor asks for input with a dialog's `ask()`, wraps it in a command from
`undo_commands`, applies it through the services and pushes it on the person's undo stack. Each
person has a stack of their own in one `QUndoGroup`, so Undo never changes someone who is not
on screen. A change the services refuse is shown to the user and the dialog opens again with
what they typed.

The window builds its editor before its first frame, so the dialogs and the commands (with the
date and country widgets under them) are imported where they are first used, not here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoGroup, QUndoStack
from PySide6.QtWidgets import QWidget

from app.services.errors import AppError
from app.services.profile import TripSpan
from app.services.views import PermitView, TripView
from app.services.wording import _, ngettext
from app.ui.events import EVERYTHING, Change
from app.ui.qt_dates import show_number

if TYPE_CHECKING:
    from app.services.importing.model import Accepted, ImportBatch
    from app.ui.entries import PermitInput, TripInput
    from app.ui.trip_dialog import OverlapFinder
    from app.ui.undo_commands import CommandContext, ServiceCommand


class Editor:
    """Runs the user's changes for the person on screen as undoable commands."""

    def __init__(
        self, ctx: CommandContext | None, parent: QWidget, person_id: Callable[[], int]
    ) -> None:
        # None while the window is still opening its data (nothing can be edited yet).
        self._ctx = ctx
        self._parent = parent
        self._person_id = person_id
        self.group = QUndoGroup(parent)
        self._stacks: dict[int, QUndoStack] = {}
        # The trip the last new_trip/edit_trip saved, for the window to select.
        self.last_saved_trip_id: int | None = None

    @property
    def ctx(self) -> CommandContext:
        """The services and signals commands work with."""
        if self._ctx is None:
            raise RuntimeError("The editor has no services yet: the data is still opening.")
        return self._ctx

    @ctx.setter
    def ctx(self, ctx: CommandContext) -> None:
        self._ctx = ctx

    def activate(self, person_id: int) -> None:
        """Make `person_id`'s undo stack the one Undo and Redo work on."""
        stack = self._stacks.get(person_id)
        if stack is None:
            stack = QUndoStack(self.group)
            self._stacks[person_id] = stack
            self.group.addStack(stack)
        self.group.setActiveStack(stack)

    def forget(self, person_id: int) -> None:
        """Drop a removed person's undo history (their rows cannot come back)."""
        stack = self._stacks.pop(person_id, None)
        if stack is not None:
            self.group.removeStack(stack)
            stack.deleteLater()

    def show_error(self, err: AppError) -> None:
        """Tell the user why the services refused (a message box over the window)."""
        _messages().show_error(self._parent, err)

    def run(self, command: ServiceCommand) -> bool:
        """Apply `command` and put it on its person's stack; False if the services refused."""
        try:
            command.apply()
        except AppError as err:
            self.show_error(err)
            return False
        self.activate(command.person_id)
        stack = self._stacks[command.person_id]
        stack.push(command)
        self.ctx.events.data_changed.emit(command.last_change)
        return True

    def run_together(self, commands: Sequence[ServiceCommand], text: str) -> int:
        """Apply `commands` as one undo step called `text`; returns how many were applied.

        One the services refuse is shown and left out; the others still go ahead.
        """
        if not commands:
            return 0
        person_id = commands[0].person_id
        self.activate(person_id)
        stack = self._stacks[person_id]
        done = 0
        change: Change | None = None
        stack.beginMacro(text)
        try:
            for command in commands:
                try:
                    command.apply()
                except AppError as err:
                    self.show_error(err)
                    change = EVERYTHING  # what a refused step left is not known
                    continue
                stack.push(command)
                done += 1
                change = (
                    command.last_change if change is None else change.merge(command.last_change)
                )
        finally:
            stack.endMacro()
        self.ctx.events.data_changed.emit(change or EVERYTHING)
        return done

    # Trips

    def _overlap_finder(self, exclude_id: int | None) -> OverlapFinder:
        person_id = self._person_id()

        def find(departure: date, return_date: date | None) -> list[TripView]:
            return self.ctx.trips.overlapping(
                person_id, departure, return_date, exclude_id=exclude_id
            )

        return find

    def new_trip(self, initial: TripInput | None = None) -> bool:
        """Ask for a trip and add it (or merge it with the trips it overlaps)."""
        from app.ui.trip_dialog import TripDialog  # on first use (see the module's docstring)

        entered = initial
        while True:
            entered = TripDialog.ask(
                self._parent,
                today=self.ctx.today(),
                find_overlaps=self._overlap_finder(None),
                initial=entered,
                title=_("New trip"),
            )
            if entered is None:
                return False
            if self._save_trip(entered, editing=None):
                return True

    def edit_trip(self, trip: TripView) -> bool:
        """Ask for a trip's new values and save them."""
        from app.ui.entries import TripInput
        from app.ui.trip_dialog import TripDialog  # on first use (module docstring)

        entered: TripInput | None = TripInput.from_view(trip)
        while True:
            entered = TripDialog.ask(
                self._parent,
                today=self.ctx.today(),
                find_overlaps=self._overlap_finder(trip.id),
                initial=entered,
                title=_("Edit trip"),
            )
            if entered is None:
                return False
            if self._save_trip(entered, editing=trip):
                return True

    def _save_trip(self, entered: TripInput, editing: TripView | None) -> bool:
        # On first use (see the module's docstring).
        from app.ui.undo_commands import AddTripCommand, EditTripCommand, MergeTripsCommand

        person_id = self._person_id()
        command: AddTripCommand | EditTripCommand | MergeTripsCommand
        if entered.merge_with:
            command = MergeTripsCommand(self.ctx, person_id, entered, editing)
        elif editing is not None:
            command = EditTripCommand(self.ctx, editing, entered)
        else:
            command = AddTripCommand(self.ctx, person_id, entered)
        if not self.run(command):
            return False
        self.last_saved_trip_id = command.trip_id
        return True

    def add_planned_trip(self, span: TripSpan) -> bool:
        """Add a trip the planner suggested, as an undoable change.

        A departure on or before today is the planner's way home from the trip under way: that
        trip gets the return date instead of a second, overlapping trip being added.
        """
        from app.ui.entries import TripInput
        from app.ui.undo_commands import AddTripCommand, EditTripCommand

        if span.departure <= self.ctx.today():
            under_way = next(
                (
                    trip
                    for trip in self.ctx.trips.list(self._person_id())
                    if trip.return_date is None
                ),
                None,
            )
            if under_way is not None:
                home = TripInput.from_view(under_way)
                home = TripInput(
                    home.departure, span.return_date, home.destination, home.purpose, home.note
                )
                return self.run(EditTripCommand(self.ctx, under_way, home))
        entered = TripInput(span.departure, span.return_date, span.destination, span.purpose)
        # The same validation as the trip dialog: a plan that overlaps recorded trips opens the
        # dialog with the plan filled in, which names the overlap and offers to merge.
        if self._overlap_finder(None)(span.departure, span.return_date):
            return self.new_trip(entered)
        return self.run(AddTripCommand(self.ctx, self._person_id(), entered))

    def delete_trips(self, trips: Sequence[TripView]) -> bool:
        """Delete `trips` after the user confirms."""
        from app.ui.trip_dialog import describe_trip  # on first use (module docstring)
        from app.ui.undo_commands import DeleteTripsCommand

        if not trips:
            return False
        if len(trips) == 1:
            question = _("Delete {trip}? You can undo this with Edit > Undo (Ctrl+Z).").format(
                trip=describe_trip(trips[0])
            )
        else:
            question = ngettext(
                "Delete this {count} trip? You can undo this with Edit > Undo (Ctrl+Z).",
                "Delete these {count} trips? You can undo this with Edit > Undo (Ctrl+Z).",
                len(trips),
            ).format(count=show_number(len(trips)))
        if not _messages().confirm(self._parent, _("Delete trip"), question, _("Delete")):
            return False
        return self.run(DeleteTripsCommand(self.ctx, trips))

    def import_accepted(self, name: str, accepted: Sequence[Accepted]) -> ImportBatch | None:
        """Store trips accepted in an import review as one undoable change (None: refused)."""
        from app.ui.undo_commands import ImportTripsCommand  # on first use (module docstring)

        command = ImportTripsCommand(self.ctx, self._person_id(), name, accepted)
        return command.batch if self.run(command) else None

    # Permits and key dates

    def new_permit(self) -> bool:
        """Ask for a permit and add it."""
        from app.ui.permit_dialog import PermitDialog  # on first use (module docstring)
        from app.ui.undo_commands import AddPermitCommand

        entered: PermitInput | None = None
        while True:
            entered = PermitDialog.ask(
                self._parent, today=self.ctx.today(), initial=entered, title=_("New permit")
            )
            if entered is None:
                return False
            if self.run(AddPermitCommand(self.ctx, self._person_id(), entered)):
                return True

    def edit_permit(self, permit: PermitView) -> bool:
        """Ask for a permit's new values and save them."""
        from app.ui.entries import PermitInput
        from app.ui.permit_dialog import PermitDialog  # on first use (docstring)
        from app.ui.undo_commands import EditPermitCommand

        entered: PermitInput | None = PermitInput.from_view(permit)
        while True:
            entered = PermitDialog.ask(
                self._parent, today=self.ctx.today(), initial=entered, title=_("Edit permit")
            )
            if entered is None:
                return False
            if self.run(EditPermitCommand(self.ctx, permit, entered)):
                return True

    def delete_permit(self, permit: PermitView) -> bool:
        """Remove a permit after the user confirms."""
        from app.ui.undo_commands import DeletePermitCommand  # on first use (module docstring)

        question = _(
            "Remove this permit? The rules will be worked out without it. You can undo "
            "this with Edit > Undo (Ctrl+Z)."
        )
        if not _messages().confirm(self._parent, _("Remove permit"), question, _("Remove")):
            return False
        return self.run(DeletePermitCommand(self.ctx, permit))

    def edit_key_dates(self) -> bool:
        """Ask for the person's key dates and save them."""
        from app.ui.entries import KeyDatesInput
        from app.ui.key_dates_dialog import KeyDatesDialog  # on first use (module docstring)
        from app.ui.undo_commands import SetKeyDatesCommand

        person = self.ctx.people.get(self._person_id())
        entered: KeyDatesInput | None = KeyDatesInput.from_person(person)
        while True:
            assert entered is not None
            entered = KeyDatesDialog.ask(
                self._parent, today=self.ctx.today(), initial=entered, name=person.name
            )
            if entered is None:
                return False
            if self.run(SetKeyDatesCommand(self.ctx, person, entered)):
                return True


def _messages() -> ModuleType:
    """The message boxes' module, imported when one is first shown: its dialog classes are
    not needed for the window's first frame (about 5 ms of it)."""
    from app.ui import messages

    return messages
