"""The import pipeline: a source's rows → checked proposals → compared → one committed batch.

1. A source (`sources.read_rows`) turns a file into rows, each with its evidence.
2. `check_rows` checks every row like a trip typed by hand (`trips.check_trip`); a row that
   fails is an error, and a file with errors is not imported at all.
3. `compare` sets each proposal beside the recorded trips: new, a duplicate of a recorded trip
   (skipped), a repeat of an earlier row of the same file (skipped: a trip is imported once),
   or overlapping recorded trips (add as it is, skip, or merge into one trip).
4. `ImportService.commit` stores the accepted trips in one transaction and returns an
   `ImportBatch` naming exactly the ids it wrote; `undo` and `redo` each take one transaction
   and a handful of statements, however many rows, so they cannot half-happen and never touch
   a trip added by anyone else meanwhile.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
from collections.abc import Iterator, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Result, bindparam, delete, func, insert, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, sessionmaker

from app.models.tables import Trip
from app.services.errors import ImportRejected, NotFoundError, RowError, ValidationError
from app.services.importing.model import (
    Accepted,
    Action,
    Candidate,
    ImportBatch,
    Proposal,
    Proposed,
    Status,
)
from app.services.importing.sources import Cancelled, Progress, read_rows
from app.services.importing.table import CsvTrip
from app.services.trips import (
    VIEW_COLUMNS,
    check_trip,
    require_person,
    under_way_clause,
)
from app.services.views import ImportResult, TripView
from app.services.wording import _


def check_rows(
    rows: list[CsvTrip], *, today: date, progress: Progress | None = None
) -> tuple[list[Proposed], list[RowError]]:
    """Every row checked like a trip typed by hand: the proposals, and an error per bad row.

    `rows` is emptied as it is read, so a large file's rows and proposals do not both sit in
    memory in full (100,000 rows: about 10 MB less at the peak).

    Raises:
        Cancelled: `progress` returned False.
    """
    proposed: list[Proposed] = []
    errors: list[RowError] = []
    total = len(rows)
    rows.reverse()
    take, keep = rows.pop, proposed.append  # looked up once: this loop runs once per row
    number = 0
    while rows:
        row = take()
        if progress is not None and number % 2000 == 0 and not progress(number, total):
            raise Cancelled
        number += 1
        line, departure, return_date, destination, purpose, note, evidence = row
        try:
            checked = check_trip(departure, return_date, destination, purpose, note, today=today)
        except ValidationError as err:
            errors.append(RowError(line, f"{_where(row)}: {err.clause}"))
            continue
        departure, return_date, destination, purpose, note = checked
        keep(Proposed(line, departure, return_date, destination, purpose, note, evidence))
    return proposed, errors


def _where(row: CsvTrip) -> str:
    return row.evidence or _("line {line}").format(line=row.line)


class _Overlaps:
    """Recorded trips by departure, to find those sharing a day with a span quickly."""

    def __init__(self, recorded: Sequence[TripView]) -> None:
        closed = sorted(
            (t for t in recorded if t.return_date is not None), key=lambda t: t.departure
        )
        self._open = [t for t in recorded if t.return_date is None]
        self._trips = closed
        self._starts = [t.departure for t in closed]
        self._longest = max(
            ((t.return_date - t.departure).days for t in closed if t.return_date), default=0
        )

    def same(
        self, departure: date, return_date: date | None, destination: str | None
    ) -> TripView | None:
        """The recorded trip with these dates and destination (the last given, if several).

        Found among the trips leaving that day (a bisection), not in a dict of every trip's
        key: 100,000 recorded trips made 13 MB of key tuples.
        """
        found = None
        if return_date is None:
            for trip in self._open:
                if trip.departure == departure and trip.destination == destination:
                    found = trip
            return found
        at = bisect.bisect_left(self._starts, departure)
        while at < len(self._starts) and self._starts[at] == departure:
            trip = self._trips[at]
            if trip.return_date == return_date and trip.destination == destination:
                found = trip
            at += 1
        return found

    def find(self, departure: date, return_date: date | None) -> list[TripView]:
        if not self._trips and not self._open:
            return []
        found = [t for t in self._open if return_date is None or t.departure <= return_date]
        end = (
            len(self._trips)
            if return_date is None
            else bisect.bisect_right(self._starts, return_date)
        )
        index = end - 1
        while index >= 0:
            trip = self._trips[index]
            if (departure - trip.departure).days > self._longest:
                break
            assert trip.return_date is not None
            if trip.return_date >= departure:
                found.append(trip)
            index -= 1
        return sorted(found, key=lambda t: (t.departure, t.id))


def _repeats(proposed: Sequence[Proposed]) -> dict[int, int]:
    """The proposals that repeat an earlier proposal's trip (`Proposed.key()`): for the index
    of each, the line of the first.

    A sweep over the proposals in order of departure (a stable sort: file order within a day),
    looking closer only at days that more than one proposal leaves on. A dict of every key
    would hold 100,000 tuples (13 MB at the peak of an import); this holds two lists.
    """
    repeats: dict[int, int] = {}
    departures = [trip.departure for trip in proposed]
    order = sorted(range(len(departures)), key=departures.__getitem__)
    count = len(order)
    start = 0
    while start < count:
        day = departures[order[start]]
        end = start + 1
        while end < count and departures[order[end]] == day:
            end += 1
        if end - start > 1:
            first: dict[tuple[date | None, str | None], int] = {}
            for index in order[start:end]:
                trip = proposed[index]
                rest = (trip.return_date, trip.destination)
                if rest in first:
                    repeats[index] = first[rest]
                else:
                    first[rest] = trip.line
        start = end
    return repeats


def compare(
    proposed: Sequence[Proposed], recorded: Sequence[TripView], *, overlaps: Action = Action.ADD
) -> tuple[list[Candidate], list[RowError]]:
    """Each proposal beside the recorded trips, with the action proposed for it.

    Returns the candidates and an error for each trip that would break the one-trip-under-way
    rule (the file cannot be imported as it is).
    """
    index = _Overlaps(recorded) if recorded else None
    open_recorded = next((t for t in recorded if t.return_date is None), None)
    repeats = _repeats(proposed)
    open_line: int | None = None
    candidates: list[Candidate] = []
    errors: list[RowError] = []
    new, overlap, add, skip = Status.NEW, Status.OVERLAP, Action.ADD, Action.SKIP
    for position, trip in enumerate(proposed):
        if index is not None:
            same = index.same(trip.departure, trip.return_date, trip.destination)
            if same is not None:
                candidates.append(
                    Candidate(trip, Status.DUPLICATE, skip, (same,), "already recorded")
                )
                continue
        line = repeats.get(position) if repeats else None
        if line is not None:
            reason = _("the same trip as line {key}").format(key=line)
            candidates.append(Candidate(trip, Status.REPEAT, skip, (), reason))
            continue
        others = tuple(index.find(trip.departure, trip.return_date)) if index else ()
        if trip.return_date is None:
            action = overlaps if others else add
            if action is not skip:
                if open_recorded is not None and not (
                    action is Action.MERGE and open_recorded in others
                ):
                    clause = under_way_clause(open_recorded.departure)
                    errors.append(RowError(trip.line, f"{trip.where()}: {clause}"))
                elif open_line is not None:
                    errors.append(
                        RowError(
                            trip.line,
                            f"{trip.where()}: this trip and the one on line {open_line} both "
                            "have no return date, but only one trip can be under way.",
                        )
                    )
                open_line = trip.line
        if others:
            candidates.append(Candidate(trip, overlap, overlaps, others))
        else:
            candidates.append(Candidate(trip, new, add))
    return candidates, errors


def accept(candidate: Candidate) -> Accepted | None:
    """What storing a candidate as proposed means (None: it is skipped)."""
    if candidate.action is Action.SKIP:
        return None
    if candidate.action is Action.ADD or not candidate.conflicts:
        return candidate.proposed
    return merged(candidate.proposed, candidate.conflicts)


def merged(trip: Proposed, others: Sequence[TripView]) -> Accepted:
    """One trip covering `trip` and every trip in `others` (their union, dates inclusive)."""
    returns = [trip.return_date, *(t.return_date for t in others)]
    ends = [day for day in returns if day is not None]
    notes = [trip.note, *(t.note for t in others)]
    return Accepted(
        line=trip.line,
        departure=min([trip.departure, *(t.departure for t in others)]),
        # One open end makes the whole journey open: it is still under way.
        return_date=max(ends) if len(ends) == len(returns) else None,
        destination=trip.destination
        or next((t.destination for t in others if t.destination), None),
        purpose=trip.purpose or next((t.purpose for t in others if t.purpose), None),
        note="; ".join(dict.fromkeys(note for note in notes if note)),
        evidence=trip.evidence,
        merge_ids=tuple(t.id for t in others),
    )


_INSERT_SLICE = 5000
# The column order of _INSERT_SQL's parameters.
_INSERT_COLUMNS = ("id", "person_id", "departure", "return_date", "destination", "purpose", "note")


@cache
def _insert_sql() -> str:
    """The INSERT statement, compiled once from the table by SQLAlchemy for SQLite."""
    statement = insert(Trip).values({name: bindparam(name) for name in _INSERT_COLUMNS})
    return str(statement.compile(dialect=sqlite.dialect(paramstyle="qmark")))


def _parameters(
    rows: Sequence[Accepted], person_id: int, first_id: int | None
) -> list[tuple[object, ...]]:
    # Dates as SQLAlchemy's SQLite Date type stores them (ISO text); None lets AUTOINCREMENT
    # choose the id.
    start = first_id if first_id is not None else 0
    return [
        (
            start + i if first_id is not None else None,
            person_id,
            row.departure.isoformat(),
            row.return_date.isoformat() if row.return_date is not None else None,
            row.destination,
            row.purpose,
            row.note,
        )
        for i, row in enumerate(rows)
    ]


def _take_write_lock(session: Session) -> None:
    # A write that changes nothing takes the write lock now, so what is read next cannot be
    # changed by another process before this transaction commits.
    session.execute(delete(Trip).where(text("0")).execution_options(synchronize_session=False))


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector for the duration.

    100,000 rows make several hundred thousand small tuples, none of them in a cycle; the
    collector would walk them all again and again as they pile up (measured: a third of the
    time of a 100,000-row import).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class ImportService:
    """Use cases of importing: propose what a file holds, commit, undo and redo a commit."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def recorded(self, person_id: int) -> list[TripView]:
        """A person's recorded trips, as the comparison sees them."""
        with self._sessions.begin() as session:
            require_person(session, person_id)
            return _recorded(session, person_id)

    def propose(
        self,
        person_id: int,
        path: Path,
        *,
        today: date,
        file_format: str = "auto",
        overlaps: Action = Action.ADD,
        progress: Progress | None = None,
    ) -> Proposal:
        """What importing `path` would do, without changing anything.

        Raises:
            ImportRejected: for a file that cannot be read as the format at all.
            DataFileError: if the file cannot be read.
            Cancelled: `progress` returned False.
        """
        with _gc_paused():
            source = read_rows(path, file_format, progress=progress, today=today)
            proposed, errors = check_rows(source.rows, today=today, progress=progress)
            candidates, rule_errors = compare(proposed, self.recorded(person_id), overlaps=overlaps)
        all_errors = sorted([*source.errors, *errors, *rule_errors], key=lambda e: e.line)
        return Proposal(source.format, candidates, all_errors, source.notes)

    def commit(self, person_id: int, accepted: Sequence[Accepted], *, today: date) -> ImportBatch:
        """Store `accepted` (checked again: review may have edited them) in one transaction."""
        checked = []
        for row in accepted:
            try:
                values = check_trip(
                    row.departure,
                    row.return_date,
                    row.destination,
                    row.purpose,
                    row.note,
                    today=today,
                )
            except ValidationError as err:
                line = _("line {line}").format(line=row.line) if row.line else "a trip"
                raise ImportRejected([RowError(row.line, f"{line}: {err.clause}")]) from err
            checked.append(
                row._replace(
                    departure=values.departure,
                    return_date=values.return_date,
                    destination=values.destination,
                    purpose=values.purpose,
                    note=values.note,
                )
            )
        return self._commit(person_id, checked)

    def _commit(self, person_id: int, accepted: Sequence[Accepted]) -> ImportBatch:
        with _gc_paused(), self._sessions.begin() as session:
            require_person(session, person_id)
            _take_write_lock(session)
            wanted = {trip_id for row in accepted for trip_id in row.merge_ids}
            by_id, open_ids, again = _recorded_now(session, person_id, accepted, wanted)
            removed: dict[int, TripView] = {}
            rows: list[Accepted] = []
            skipped = 0
            for index, row in enumerate(accepted):
                for trip_id in row.merge_ids:
                    if trip_id not in by_id:
                        raise NotFoundError(
                            _(
                                "A trip to merge with (id {trip_id}) is no longer recorded; it "
                                "was changed meanwhile, so review the import again."
                            ).format(trip_id=trip_id)
                        )
                    removed[trip_id] = by_id[trip_id]
                if index in again:
                    skipped += 1  # recorded since the proposal was made
                    continue
                rows.append(row)
            open_left = [i for i in open_ids if i not in removed] + [
                row for row in rows if row.return_date is None
            ]
            if len(open_left) > 1:
                raise ValidationError(
                    _(
                        "The trips were not imported: only one trip can be under way (without a "
                        "return date), and this import would leave {open_left}; give all but one "
                        "a return date."
                    ).format(open_left=len(open_left))
                )
            if removed:
                session.execute(
                    delete(Trip)
                    .where(Trip.id.in_(list(removed)))
                    .execution_options(synchronize_session=False)
                )
            first_id, last_id = _insert(session, person_id, rows, first_id=None)
            return ImportBatch(
                person_id, first_id, last_id, tuple(rows), tuple(removed.values()), skipped
            )

    def undo(self, batch: ImportBatch) -> None:
        """Remove exactly the trips `batch` added and put back those it merged (one transaction)."""
        with self._sessions.begin() as session:
            session.execute(
                delete(Trip)
                .where(
                    Trip.person_id == batch.person_id,
                    Trip.id.between(batch.first_id, batch.last_id),
                )
                .execution_options(synchronize_session=False)
            )
            if batch.removed:
                session.execute(
                    insert(Trip),
                    [
                        {
                            "id": t.id,
                            "person_id": t.person_id,
                            "departure": t.departure,
                            "return_date": t.return_date,
                            "destination": t.destination,
                            "purpose": t.purpose,
                            "note": t.note,
                        }
                        for t in batch.removed
                    ],
                )

    def redo(self, batch: ImportBatch) -> ImportBatch:
        """Store `batch` again under the same ids (one transaction); refuses if that now clashes."""
        with self._sessions.begin() as session:
            require_person(session, batch.person_id)
            _take_write_lock(session)
            if batch.removed:
                ids = [t.id for t in batch.removed]
                present = set(session.scalars(select(Trip.id).where(Trip.id.in_(ids))))
                if len(present) != len(ids):
                    raise NotFoundError(
                        _("The import cannot be redone: trips it merged were changed meanwhile.")
                    )
                session.execute(
                    delete(Trip)
                    .where(Trip.id.in_(ids))
                    .execution_options(synchronize_session=False)
                )
            if any(row.return_date is None for row in batch.rows):
                other = session.scalars(
                    select(Trip.departure).where(
                        Trip.person_id == batch.person_id, Trip.return_date.is_(None)
                    )
                ).first()
                if other is not None:
                    raise ValidationError.from_clause(under_way_clause(other))
            _insert(session, batch.person_id, batch.rows, first_id=batch.first_id)
            return batch

    def import_file(
        self,
        person_id: int,
        path: Path,
        *,
        today: date,
        file_format: str = "auto",
        overlaps: Action = Action.ADD,
    ) -> tuple[Proposal, ImportBatch]:
        """Propose and commit every accepted trip, or nothing if the file has any problem.

        Raises:
            ImportRejected: listing every bad row (or what is wrong with the whole file).
        """
        proposal = self.propose(
            person_id, path, today=today, file_format=file_format, overlaps=overlaps
        )
        if proposal.errors:
            raise ImportRejected(proposal.errors)
        accepted = [row for row in map(accept, proposal.candidates) if row is not None]
        return proposal, self._commit(person_id, accepted)


def import_result(proposal: Proposal, batch: ImportBatch) -> ImportResult:
    """The counts `TripService.import_csv` has always returned."""
    counts = proposal.counts()
    return ImportResult(
        added=batch.added,
        skipped_duplicates=counts[Status.DUPLICATE.value] + batch.skipped_duplicates,
        skipped_in_file=counts[Status.REPEAT.value],
    )


def _recorded(session: Session, person_id: int) -> list[TripView]:
    return [TripView(*row) for row in _recorded_rows(session, person_id)]


def _recorded_rows(session: Session, person_id: int) -> Result[*tuple[Any, ...]]:
    """A person's recorded trips as rows of `VIEW_COLUMNS`, by departure and id."""
    # Through the session's Core connection: the same rows, streamed as they are read, where
    # the ORM result holds every row until the last (100,000 rows: 30 MB more at the peak).
    return session.connection().execute(
        select(*VIEW_COLUMNS).where(Trip.person_id == person_id).order_by(Trip.departure, Trip.id)
    )


def _recorded_now(
    session: Session, person_id: int, accepted: Sequence[Accepted], wanted: set[int]
) -> tuple[dict[int, TripView], list[int], set[int]]:
    """What the commit must know of the trips recorded now, read in one sweep.

    Returns the recorded trips whose ids are in `wanted` (by id), the ids of the recorded
    trips under way, and the positions in `accepted` of the rows that are not merges and
    whose trip (`Proposed.key()`) is recorded already. The recorded trips stream past in
    departure order beside the accepted rows in departure order, so neither a list of every
    recorded trip nor a set of every key is built (100,000 recorded trips: 36 MB at the peak).
    """
    by_id: dict[int, TripView] = {}
    open_ids: list[int] = []
    again: set[int] = set()
    departures = [row.departure for row in accepted]
    order: list[int] | None = None  # sorted when the first recorded trip comes by
    at = 0
    for row in _recorded_rows(session, person_id):
        trip_id, departure, return_date, destination = row[0], row[2], row[3], row[4]
        if trip_id in wanted:
            by_id[trip_id] = TripView(*row)
        if return_date is None:
            open_ids.append(trip_id)
        if order is None:
            order = sorted(range(len(departures)), key=departures.__getitem__)
        while at < len(order) and departures[order[at]] < departure:
            at += 1
        ahead = at
        while ahead < len(order) and departures[order[ahead]] == departure:
            same_day = accepted[order[ahead]]
            if (
                not same_day.merge_ids
                and same_day.return_date == return_date
                and same_day.destination == destination
            ):
                again.add(order[ahead])
            ahead += 1
    return by_id, open_ids, again


def _insert(
    session: Session, person_id: int, rows: Sequence[Accepted], *, first_id: int | None
) -> tuple[int, int]:
    """Insert `rows` (Core executemany), returning the first and last id they got."""
    if not rows:
        return (0, -1)
    # One executemany through SQLAlchemy's connection, inside the session's transaction. The
    # statement is SQLAlchemy's own compilation; the parameters skip its per-row bind
    # processing, which cost as much as SQLite's own work (bench/bench_import.py).
    # In slices, so the parameter tuples of 100,000 rows never all exist at once (peak memory).
    connection = session.connection()
    for start in range(0, len(rows), _INSERT_SLICE):
        part = rows[start : start + _INSERT_SLICE]
        part_first = None if first_id is None else first_id + start
        connection.exec_driver_sql(_insert_sql(), _parameters(part, person_id, part_first))
    if first_id is not None:
        return first_id, first_id + len(rows) - 1
    # The write lock has been held since the first write of this transaction, and ids come
    # from AUTOINCREMENT, so the rows just inserted hold the last len(rows) ids handed out.
    last = session.execute(
        text("SELECT seq FROM sqlite_sequence WHERE name = 'trips'")
    ).scalar_one()
    first = int(last) - len(rows) + 1
    stored = session.execute(
        select(func.count()).where(Trip.person_id == person_id, Trip.id.between(first, last))
    ).scalar_one()
    if stored != len(rows):  # pragma: no cover - would mean the ids were not contiguous
        raise RuntimeError(_("imported trips did not get contiguous ids"))
    return first, int(last)
