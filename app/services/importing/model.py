"""What the import pipeline passes around: proposed trips, their evidence, and decisions.

All immutable (the per-row values are NamedTuples, quicker to build than frozen dataclasses
by a factor that 100,000 rows notice): a proposal is computed in one transaction and handed
to the window or the command line; what the user accepts comes back as a list of
`Accepted`, and the commit writes exactly that, recording what it wrote in an
`ImportBatch` so undo removes exactly those rows.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from app.services.errors import RowError
from app.services.views import TripView
from app.services.wording import _


class Proposed(NamedTuple):
    """One trip: proposed by a source (checked like a trip entered by hand), or accepted.

    `evidence` says where it came from in words ("event 'SK 4035 OSL–ARN'"; empty means "line
    N" of a table, built on demand to keep 100,000 proposals small), and `line` orders proposals
    and names them in messages (a row, an event or a point number). `merge_ids`, in an accepted
    trip, are the recorded trips it replaces (a merge).
    """

    line: int
    departure: date
    return_date: date | None
    destination: str | None
    purpose: str | None
    note: str
    evidence: str = ""
    merge_ids: tuple[int, ...] = ()

    def where(self) -> str:
        """Where in the file this trip came from, in words."""
        return self.evidence or _("line {line}").format(line=self.line)

    def key(self) -> tuple[date, date | None, str | None]:
        """What makes two trips the same trip: dates and destination."""
        return (self.departure, self.return_date, self.destination)

    def days(self, as_of: date) -> int:
        """Days on this trip, inclusive, counting to `as_of` if it is under way."""
        end = self.return_date if self.return_date is not None else max(as_of, self.departure)
        return (end - self.departure).days + 1


# What the commit stores: a proposal as the user accepted it (maybe edited, maybe a merge).
Accepted = Proposed


class Status(enum.Enum):
    """How a proposed trip compares with what is recorded."""

    NEW = "new"  # nothing recorded on any of its days
    DUPLICATE = "duplicate"  # the same dates and destination are recorded already
    REPEAT = "repeat"  # an earlier row of the same file proposes the same trip
    OVERLAP = "overlap"  # shares days with recorded trips that are not the same trip


class Action(enum.Enum):
    """What to do with a proposed trip."""

    ADD = "add"  # store it as it is (overlapping days are counted once anyway)
    SKIP = "skip"  # leave it out
    MERGE = "merge"  # replace it and the trips it overlaps by one trip covering them all


class Candidate(NamedTuple):
    """A proposed trip, how it compares, and the action proposed for it."""

    proposed: Proposed
    status: Status
    action: Action
    conflicts: tuple[TripView, ...] = ()  # the recorded trips it duplicates or overlaps
    reason: str = ""  # why the action is SKIP, as a clause ("already recorded")


@dataclass(frozen=True, slots=True)
class Proposal:
    """Everything one file proposes. `errors` non-empty means the file cannot be imported."""

    source: str  # the format that read it: "csv", "xlsx", "ics", "google", "borte"
    candidates: list[Candidate]
    errors: list[RowError] = field(default_factory=list)
    # What the source left out and why, as sentences ("12 events were not travel …").
    notes: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        """How many candidates have each status and each action."""
        # Counted by identity (each member is one object), then named: Enum's own hash and
        # `.value` are Python code, slow at 100,000 candidates.
        statuses = Counter([id(candidate.status) for candidate in self.candidates])
        actions = Counter([id(candidate.action) for candidate in self.candidates])
        out: dict[str, int] = {status.value: statuses[id(status)] for status in Status}
        out.update({f"to_{action.value}": actions[id(action)] for action in Action})
        return out


@dataclass(frozen=True, slots=True)
class ImportBatch:
    """What one commit wrote: the ids it added (one contiguous range) and the trips it merged.

    Ids are never reused (AUTOINCREMENT), and the rows are inserted while the transaction holds
    the write lock, so `first_id`..`last_id` are this batch's rows and no one else's.
    """

    person_id: int
    first_id: int
    last_id: int
    rows: tuple[Accepted, ...]  # in id order: rows[i] was stored as first_id + i
    removed: tuple[TripView, ...]  # recorded trips a merge replaced (undo puts them back)
    skipped_duplicates: int = 0  # accepted rows found recorded at commit time, left out

    @property
    def added(self) -> int:
        """How many trips this batch stored."""
        return len(self.rows)


# What `--format` and the sources accept ("auto": the sources tell by the file's name and
# first bytes). Here, beside the values, so the command line names them without loading the
# readers.
FORMATS: tuple[str, ...] = ("auto", "csv", "xlsx", "ics", "google", "borte")
