"""The app-wide "something changed" signal (like Anki's operation hook), and what it carries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True, slots=True)
class Change:
    """What a change touched, so the window can update only that (issue 12).

    `trips` is every trip id the change added, edited or removed, for `person_id`; the window
    reads those rows back (a missing one was removed) and recounts once. Anything else (a
    permit, key dates, settings, another person, a restore) sets `everything`, and the window
    reads it all again.
    """

    everything: bool = True
    person_id: int | None = None
    trips: frozenset[int] = frozenset()

    @classmethod
    def of_trips(cls, person_id: int, trip_ids: Iterable[int]) -> Change:
        """Trips of one person added, edited or removed (by id)."""
        return cls(everything=False, person_id=person_id, trips=frozenset(trip_ids))

    def merge(self, other: Change) -> Change:
        """One change covering both (several commands applied as one undo step)."""
        if self.everything or other.everything or self.person_id != other.person_id:
            return EVERYTHING
        assert other.person_id is not None  # a change that is not everything names its person
        return Change.of_trips(other.person_id, self.trips | other.trips)


EVERYTHING = Change()


class AppEvents(QObject):
    """Signals every view listens to; one instance per window, passed down by constructor."""

    # Emitted after every successful change to stored data, and after every undo and redo,
    # with the `Change`. Views re-query the services on it; nobody patches their own copy.
    data_changed = Signal(object)
