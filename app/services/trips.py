"""Trips: add, edit, remove and restore, list, import and export (one transaction each).

`check_trip` holds every rule a single trip must meet. Adding by hand, editing and importing a
CSV all go through it, so no path can store what another would refuse.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models.database import reading
from app.models.tables import Person, Trip
from app.services import countries
from app.services.dates import EARLIEST, LATEST
from app.services.errors import NotFoundError, ValidationError
from app.services.profile import PURPOSES
from app.services.views import ImportResult, TripView
from app.services.wording import _
from app.services.wording.formats import format_count, format_date

if TYPE_CHECKING:
    from app.services.importing.pipeline import ImportService

MAX_NOTE_LENGTH = 2000


class CheckedTrip(NamedTuple):
    """A trip's fields after `check_trip`: destination upper case, empty strings as None.

    A NamedTuple (as immutable as a frozen dataclass, and quicker to build): an import checks
    100,000 of them.
    """

    departure: date
    return_date: date | None
    destination: str | None
    purpose: str | None
    note: str


def check_trip(
    departure: date,
    return_date: date | None,
    destination: str | None,
    purpose: str | None,
    note: str,
    *,
    today: date | None,
) -> CheckedTrip:
    """Validate and normalize one trip on its own (the one-trip-under-way rule needs the rest).

    `today` None skips the "an open trip cannot start in the future" check (for restoring a
    trip exactly as it was).

    Raises:
        ValidationError: naming the first problem found.
    """
    # Each test written out rather than looped over: an import runs this 100,000 times.
    if departure is not None and not EARLIEST <= departure <= LATEST:
        raise _outside_years("departure", departure)
    if return_date is not None and not EARLIEST <= return_date <= LATEST:
        raise _outside_years("return", return_date)
    if return_date is not None and return_date < departure:
        raise ValidationError.from_clause(
            _("the return date {back} is before the departure date {departure}.").format(
                back=format_date(return_date), departure=format_date(departure)
            )
        )
    if return_date is None and today is not None and departure > today:
        raise ValidationError.from_clause(
            _(
                "the trip departs on {departure}, after today ({today}), so it needs a return "
                "date; only a trip that has started can be under way."
            ).format(departure=format_date(departure), today=format_date(today))
        )
    code, known = _destination_code(destination) if destination else ("", True)
    if code == countries.HOME:
        raise ValidationError.from_clause(
            _(
                "Norway is home, not a destination; leave the destination empty or choose the "
                "country you travelled to."
            )
        )
    if code and not known:
        raise ValidationError.from_clause(
            _(
                "the destination {destination!r} is not a known country code or name; use a "
                "two-letter ISO code such as SE, DE or US (SJ for Svalbard), a country's name, or "
                "leave it empty."
            ).format(destination=destination)
        )
    purpose_key = purpose.strip().lower() if purpose else ""
    if purpose_key and purpose_key not in PURPOSES:
        raise ValidationError.from_clause(
            _(
                "the purpose {purpose!r} is not one Borte knows; use one of {purposes}, or leave "
                "it empty."
            ).format(purpose=purpose, purposes=", ".join(PURPOSES))
        )
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError.from_clause(
            _("the note has {count} characters; shorten it to at most {limit}.").format(
                count=format_count(len(note)), limit=format_count(MAX_NOTE_LENGTH)
            )
        )
    return CheckedTrip(departure, return_date, code or None, purpose_key or None, note)


def _outside_years(kind: str, day: date) -> ValidationError:
    clause = (
        _("the departure date {date} is outside the years {first}–{last}; check the year.")
        if kind == "departure"
        else _("the return date {date} is outside the years {first}–{last}; check the year.")
    )
    return ValidationError.from_clause(
        clause.format(date=format_date(day), first=EARLIEST.year, last=LATEST.year)
    )


@lru_cache(maxsize=4096)  # a file names the same few places over and over
def _destination_code(destination: str) -> tuple[str, bool]:
    """The code a written destination is stored as, and whether Borte knows that country.

    A country's name in English or bokmål is taken for its code ("Tyskland" → DE).
    """
    code = countries.match_country(destination) or countries.normalize(destination)
    return code, countries.is_known(code)


# Lists select these columns rather than ORM objects: building 100,000 TripViews from rows
# takes a fraction of the time that loading as many Trip instances does.
VIEW_COLUMNS = (
    Trip.id,
    Trip.person_id,
    Trip.departure,
    Trip.return_date,
    Trip.destination,
    Trip.purpose,
    Trip.note,
)


def trip_view(trip: Trip) -> TripView:
    return TripView(
        id=trip.id,
        person_id=trip.person_id,
        departure=trip.departure,
        return_date=trip.return_date,
        destination=trip.destination,
        purpose=trip.purpose,
        note=trip.note,
    )


def under_way_clause(departure: date) -> str:
    return _(
        "the trip that departed on {date} is still under way (it has no return date); give it a "
        "return date first, since only one trip can be under way."
    ).format(date=format_date(departure))


class TripService:
    """Use cases for one person's trips."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @property
    def sessions(self) -> sessionmaker[Session]:
        """The sessionmaker, for the services that span tables (import pipeline, full export)."""
        return self._sessions

    def importer(self) -> ImportService:
        """The import pipeline over the same database."""
        # Imported here: the pipeline builds on this module's check_trip.
        from app.services.importing.pipeline import ImportService

        return ImportService(self._sessions)

    def add(
        self,
        person_id: int,
        departure: date,
        return_date: date | None = None,
        destination: str | None = None,
        purpose: str | None = None,
        note: str = "",
        *,
        today: date,
    ) -> TripView:
        """Record a trip; `return_date` None means it is under way."""
        checked = check_trip(departure, return_date, destination, purpose, note, today=today)
        with self._sessions.begin() as session:
            require_person(session, person_id)
            self._check_single_under_way(session, person_id, checked, exclude_id=None)
            trip = _apply(Trip(person_id=person_id), checked)
            session.add(trip)
            session.flush()
            return trip_view(trip)

    def update(
        self,
        trip_id: int,
        *,
        departure: date,
        return_date: date | None,
        destination: str | None,
        purpose: str | None,
        note: str,
        today: date,
    ) -> TripView:
        """Replace every field of a trip."""
        checked = check_trip(departure, return_date, destination, purpose, note, today=today)
        with self._sessions.begin() as session:
            trip = _get_trip(session, trip_id)
            self._check_single_under_way(session, trip.person_id, checked, exclude_id=trip_id)
            _apply(trip, checked)
            session.flush()
            return trip_view(trip)

    def remove(self, trip_id: int) -> TripView:
        """Delete a trip and return it, so the caller can offer undo through `restore`."""
        with self._sessions.begin() as session:
            trip = _get_trip(session, trip_id)
            view = trip_view(trip)
            session.delete(trip)
            return view

    def restore(self, view: TripView) -> TripView:
        """Put back a removed trip with the same data, under its old id when that is free."""
        checked = check_trip(
            view.departure, view.return_date, view.destination, view.purpose, view.note, today=None
        )
        with self._sessions.begin() as session:
            require_person(session, view.person_id)
            self._check_single_under_way(session, view.person_id, checked, exclude_id=None)
            # Ids are never reused (AUTOINCREMENT), so the old id is free unless the trip was
            # never removed; then the copy gets a new one.
            trip_id = view.id if session.get(Trip, view.id) is None else None
            trip = _apply(Trip(id=trip_id, person_id=view.person_id), checked)
            session.add(trip)
            session.flush()
            return trip_view(trip)

    def remove_many(self, trip_ids: Iterable[int]) -> builtins.list[TripView]:
        """Delete several trips at once (all or none) and return them for `restore_many`."""
        with self._sessions.begin() as session:
            trips = [_get_trip(session, trip_id) for trip_id in trip_ids]
            views = [trip_view(trip) for trip in trips]
            for trip in trips:
                session.delete(trip)
            return views

    def restore_many(self, views: Iterable[TripView]) -> builtins.list[TripView]:
        """Put back trips removed by `remove_many`, all or none, under their old ids when free."""
        with self._sessions.begin() as session:
            restored: builtins.list[Trip] = []
            for view in views:
                checked = check_trip(
                    view.departure,
                    view.return_date,
                    view.destination,
                    view.purpose,
                    view.note,
                    today=None,
                )
                require_person(session, view.person_id)
                # Autoflush makes the trips added above visible to this check.
                self._check_single_under_way(session, view.person_id, checked, exclude_id=None)
                trip_id = view.id if session.get(Trip, view.id) is None else None
                trip = _apply(Trip(id=trip_id, person_id=view.person_id), checked)
                session.add(trip)
                restored.append(trip)
            session.flush()
            return [trip_view(trip) for trip in restored]

    def get(self, trip_id: int) -> TripView:
        """One trip by id."""
        with reading(self._sessions) as session:
            return trip_view(_get_trip(session, trip_id))

    def list(self, person_id: int) -> builtins.list[TripView]:
        """A person's trips, by departure date (then by when they were added)."""
        with reading(self._sessions) as session:
            require_person(session, person_id)
            # Through Core, not the ORM's row loading (a quarter less time for a long history),
            # and in batches: one fetch of 100,000 rows holds the GIL for ~100 ms, which
            # freezes the window while it reads on a worker thread.
            rows = session.connection().execute(
                select(*VIEW_COLUMNS)
                .where(Trip.person_id == person_id)
                .order_by(Trip.departure, Trip.id)
                .execution_options(yield_per=5000)
            )
            return [TripView(*row) for row in rows]

    def among(self, person_id: int, trip_ids: Iterable[int]) -> builtins.list[TripView]:
        """Those of `trip_ids` that are `person_id`'s trips now (a removed one is absent), by
        departure date: what the window reads back after an edit instead of every trip."""
        ids = sorted(set(trip_ids))
        found: builtins.list[TripView] = []
        with reading(self._sessions) as session:
            # In chunks: SQLite takes at most 32,766 parameters in one statement.
            for start in range(0, len(ids), 10_000):
                rows = session.execute(
                    select(*VIEW_COLUMNS).where(
                        Trip.person_id == person_id, Trip.id.in_(ids[start : start + 10_000])
                    )
                )
                found.extend(TripView(*row) for row in rows)
        found.sort(key=lambda t: (t.departure, t.id))
        return found

    def overlapping(
        self,
        person_id: int,
        departure: date,
        return_date: date | None,
        exclude_id: int | None = None,
    ) -> builtins.list[TripView]:
        """Trips sharing at least one day with `departure`..`return_date` (None: open-ended)."""
        with reading(self._sessions) as session:
            query = select(*VIEW_COLUMNS).where(
                Trip.person_id == person_id,
                (Trip.return_date.is_(None)) | (Trip.return_date >= departure),
            )
            if return_date is not None:
                query = query.where(Trip.departure <= return_date)
            if exclude_id is not None:
                query = query.where(Trip.id != exclude_id)
            rows = session.execute(query.order_by(Trip.departure, Trip.id))
            return [TripView(*row) for row in rows]

    def import_csv(self, person_id: int, path: Path, *, today: date) -> ImportResult:
        """Add every trip in a spreadsheet file (CSV, TSV, XLSX), or none if a row has a problem.

        Trips already stored with the same departure, return date and destination are skipped
        and counted, and so are repeats of a trip earlier in the same file, so importing the
        same file twice adds nothing the second time. This is the import pipeline
        (`app.services.importing`) with every proposal accepted as it is.

        Raises:
            ImportRejected: listing every bad row (or what is wrong with the whole file).
            DataFileError: if the file cannot be read.
        """
        from app.services.importing.pipeline import import_result

        proposal, batch = self.importer().import_file(
            person_id, path, today=today, file_format="auto"
        )
        return import_result(proposal, batch)

    def export_csv(self, person_id: int, path: Path) -> int:
        """Write a person's trips to a CSV file that `import_csv` reads back; returns the count.

        Raises:
            DataFileError: if the file cannot be written.
        """
        from app.services import csvio  # the CSV writer: not on every command's start

        return csvio.write_csv(path, self.list(person_id))

    @staticmethod
    def _check_single_under_way(
        session: Session, person_id: int, checked: CheckedTrip, *, exclude_id: int | None
    ) -> None:
        if checked.return_date is not None:
            return
        query = select(Trip).where(Trip.person_id == person_id, Trip.return_date.is_(None))
        if exclude_id is not None:
            query = query.where(Trip.id != exclude_id)
        other = session.scalars(query.limit(1)).first()
        if other is not None:
            raise ValidationError.from_clause(under_way_clause(other.departure))


def _apply(trip: Trip, checked: CheckedTrip) -> Trip:
    trip.departure = checked.departure
    trip.return_date = checked.return_date
    trip.destination = checked.destination
    trip.purpose = checked.purpose
    trip.note = checked.note
    return trip


def require_person(session: Session, person_id: int) -> None:
    if session.get(Person, person_id) is None:
        raise NotFoundError(
            _(
                "There is no person with id {person_id}; they may have been removed, so choose "
                "another person."
            ).format(person_id=person_id)
        )


def _get_trip(session: Session, trip_id: int) -> Trip:
    trip = session.get(Trip, trip_id)
    if trip is None:
        raise NotFoundError(
            _(
                "There is no trip with id {trip_id}; it may have been removed already, so "
                "refresh the list and try again."
            ).format(trip_id=trip_id)
        )
    return trip
