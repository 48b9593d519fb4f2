"""People: the users whose days abroad Borte counts, their key dates, and their `Profile`."""

from __future__ import annotations

import builtins
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from app.models.database import reading
from app.models.tables import ChecklistTick, Permit, Person, Trip
from app.services.errors import NotFoundError, ValidationError
from app.services.identity import EARLIEST_YEAR, LATEST_YEAR, check_identity
from app.services.permits import check_permit, permit_view
from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile, TripSpan
from app.services.trips import check_trip, trip_view
from app.services.views import PermitView, PersonView, TripView
from app.services.wording import _
from app.services.wording.formats import format_date

KEY_DATE_FIELDS: tuple[str, ...] = (
    "arrived_on",
    "reported_to_police_on",
    "pr_applied_on",
    "citizenship_applied_on",
    "abroad_permission_until",
)
# How each key date is named in messages.
KEY_DATE_LABELS: dict[str, str] = {
    "arrived_on": "arrival date",
    "reported_to_police_on": "date you reported to the police",
    "pr_applied_on": "permanent residence application date",
    "citizenship_applied_on": "citizenship application date",
    "abroad_permission_until": "end of the permission to stay abroad",
}
# Dates that cannot come before arrival in Norway.
_AFTER_ARRIVAL = ("reported_to_police_on", "pr_applied_on", "citizenship_applied_on")
MAX_NAME_LENGTH = 100


@dataclass(frozen=True, slots=True)
class PersonSnapshot:
    """A person with everything recorded for them, enough for `PersonService.restore`."""

    person: PersonView
    trips: tuple[TripView, ...]
    permits: tuple[PermitView, ...]
    # Checklist ticks (item id, date met), so undoing a removal puts them back too.
    ticks: tuple[tuple[str, date | None], ...] = ()


def _view(person: Person) -> PersonView:
    return PersonView(
        id=person.id,
        name=person.name,
        is_sample=person.is_sample,
        arrived_on=person.arrived_on,
        reported_to_police_on=person.reported_to_police_on,
        pr_applied_on=person.pr_applied_on,
        citizenship_applied_on=person.citizenship_applied_on,
        abroad_permission_until=person.abroad_permission_until,
        sufficient_income=person.sufficient_income,
        full_name=person.full_name,
        born_on=person.born_on,
        reference_number=person.reference_number,
    )


class PersonService:
    """Use cases for the people in the database."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def list(self) -> builtins.list[PersonView]:
        """Everyone, in the order they were added."""
        with reading(self._sessions) as session:
            return [_view(person) for person in session.scalars(select(Person).order_by(Person.id))]

    def default(self) -> PersonView:
        """The person to show at start: the first one added who is not sample data."""
        with reading(self._sessions) as session:
            person = session.scalars(
                select(Person).order_by(Person.is_sample, Person.id).limit(1)
            ).first()
            if person is None:
                raise NotFoundError(_("There is nobody in the database; add a person first."))
            return _view(person)

    def get(self, person_id: int) -> PersonView:
        """One person by id."""
        with reading(self._sessions) as session:
            return _view(_get_person(session, person_id))

    def by_name(self, name: str) -> PersonView:
        """The person called `name` (exact match first, then ignoring case)."""
        wanted = name.strip()
        with reading(self._sessions) as session:
            people = session.scalars(select(Person).order_by(Person.id)).all()
            for person in people:
                if person.name == wanted:
                    return _view(person)
            for person in people:
                if person.name.casefold() == wanted.casefold():
                    return _view(person)
            known = ", ".join(person.name for person in people) or "nobody yet"
            raise NotFoundError(
                _("Nobody is called {wanted!r}; use one of these names: {known}.").format(
                    wanted=wanted, known=known
                )
            )

    def add(self, name: str, *, is_sample: bool = False) -> PersonView:
        """Add a person with no trips, permits or key dates yet."""
        with self._sessions.begin() as session:
            person = Person(name=_check_name(session, name, exclude_id=None), is_sample=is_sample)
            session.add(person)
            session.flush()
            return _view(person)

    def rename(self, person_id: int, name: str) -> PersonView:
        """Give a person a new name."""
        with self._sessions.begin() as session:
            person = _get_person(session, person_id)
            person.name = _check_name(session, name, exclude_id=person_id)
            return _view(person)

    def remove(self, person_id: int) -> PersonView:
        """Delete a person with all their trips and permits; the last person cannot go."""
        with self._sessions.begin() as session:
            person = _get_person(session, person_id)
            if (session.scalar(select(func.count()).select_from(Person)) or 0) <= 1:
                raise ValidationError(
                    f"{person.name} is the only person, and Borte needs at least one; add "
                    "someone else before removing them, or rename them instead."
                )
            view = _view(person)
            session.delete(person)
            return view

    def snapshot(self, person_id: int) -> PersonSnapshot:
        """A person with their trips and permits, taken before removing them to allow undo."""
        with reading(self._sessions) as session:
            return snapshot_of(session, person_id)

    def restore(self, snapshot: PersonSnapshot) -> PersonView:
        """Re-create a removed person with their trips and permits, all in one transaction.

        The person, trips and permits keep their old ids (ids are never reused, so those are
        free), so undo commands that still name them point at the right rows.

        Raises:
            ValidationError: someone else now has the name, or a row no longer passes checks.
        """
        with self._sessions.begin() as session:
            return restore_into(session, snapshot)

    def set_key_dates(self, person_id: int, **dates: date | None) -> PersonView:
        """Set some of a person's key dates (see KEY_DATE_FIELDS); None clears one.

        Dates not passed keep their value.
        """
        unknown = sorted(set(dates) - set(KEY_DATE_FIELDS))
        if unknown:
            raise TypeError(_("Not key dates: {unknown}").format(unknown=", ".join(unknown)))
        with self._sessions.begin() as session:
            person = _get_person(session, person_id)
            merged = {field: getattr(person, field) for field in KEY_DATE_FIELDS} | dates
            _check_key_dates(merged)
            for field, value in dates.items():
                setattr(person, field, value)
            return _view(person)

    def set_sufficient_income(self, person_id: int, value: bool) -> PersonView:
        """Record whether the person's income is at least 3G (shortens the citizenship wait)."""
        with self._sessions.begin() as session:
            person = _get_person(session, person_id)
            person.sufficient_income = value
            return _view(person)

    def set_identity(
        self,
        person_id: int,
        *,
        full_name: str | None,
        born_on: date | None,
        reference_number: str | None,
    ) -> PersonView:
        """Record the name, date of birth and D-/DUF number the report shows; None clears one."""
        identity = check_identity(full_name, born_on, reference_number)
        with self._sessions.begin() as session:
            person = _get_person(session, person_id)
            person.full_name, person.born_on, person.reference_number = identity
            return _view(person)

    def profile(self, person_id: int, *, with_trips: bool = True) -> Profile:
        """Everything the rules engine needs about one person, as plain values.

        `with_trips=False` leaves `trips` empty, for a caller that has read the trips already
        (the window: one read of a long travel history instead of two).
        """
        with reading(self._sessions) as session:
            person = _get_person(session, person_id)
            # Plain column rows, not ORM objects: a long travel history loads several times
            # faster this way.
            trips = (
                session.execute(
                    select(Trip.departure, Trip.return_date, Trip.destination, Trip.purpose)
                    .where(Trip.person_id == person_id)
                    .order_by(Trip.departure, Trip.id)
                )
                if with_trips
                else ()
            )
            permits = session.execute(
                select(
                    Permit.kind,
                    Permit.valid_from,
                    Permit.valid_to,
                    Permit.forms_pr_basis,
                    Permit.granted_before_entry,
                    Permit.applied_on,
                )
                .where(Permit.person_id == person_id)
                .order_by(Permit.valid_from, Permit.id)
            )
            return Profile(
                trips=tuple(TripSpan(*row) for row in trips),
                permits=tuple(
                    PermitSpan(
                        kind=PermitKind(row.kind),
                        valid_from=row.valid_from,
                        valid_to=row.valid_to,
                        forms_pr_basis=row.forms_pr_basis,
                        granted_before_entry=row.granted_before_entry,
                        applied_on=row.applied_on,
                    )
                    for row in permits
                ),
                key_dates=KeyDates(
                    arrived_on=person.arrived_on,
                    reported_to_police_on=person.reported_to_police_on,
                    pr_applied_on=person.pr_applied_on,
                    citizenship_applied_on=person.citizenship_applied_on,
                    abroad_permission_until=person.abroad_permission_until,
                ),
                sufficient_income=person.sufficient_income,
            )


def _check_name(session: Session, name: str, *, exclude_id: int | None) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError(_("The name is empty; type a name for the person."))
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValidationError(
            _("The name has {cleaned} characters; shorten it to at most {max_name_length}.").format(
                cleaned=len(cleaned), max_name_length=MAX_NAME_LENGTH
            )
        )
    # Compare in Python: SQLite's lower() folds only ASCII, and "Ørjan" and "ØRJAN" should
    # count as the same name. There are only ever a handful of people.
    query = select(Person.name)
    if exclude_id is not None:
        query = query.where(Person.id != exclude_id)
    taken = [other for other in session.scalars(query) if other.casefold() == cleaned.casefold()]
    if taken:
        raise ValidationError(
            _("There is already a person called {taken}; choose a different name.").format(
                taken=taken[0]
            )
        )
    return cleaned


def _check_key_dates(dates: dict[str, date | None]) -> None:
    for field in KEY_DATE_FIELDS:
        value = dates.get(field)
        if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise ValidationError(
                _(
                    "The {field} {value} is outside the years {earliest_year}–{latest_year}; "
                    "check the year."
                ).format(
                    field=KEY_DATE_LABELS[field],
                    value=format_date(value),
                    earliest_year=EARLIEST_YEAR,
                    latest_year=LATEST_YEAR,
                )
            )
    arrived = dates.get("arrived_on")
    if arrived is None:
        return
    for field in _AFTER_ARRIVAL:
        value = dates.get(field)
        if value is not None and value < arrived:
            raise ValidationError(
                _(
                    "The {field} {value} is before the arrival date {arrived}; check both dates."
                ).format(
                    field=KEY_DATE_LABELS[field],
                    value=format_date(value),
                    arrived=format_date(arrived),
                )
            )


def _person_not_found(person_id: int) -> NotFoundError:
    return NotFoundError(
        _(
            "There is no person with id {person_id}; they may have been removed, so choose "
            "another person."
        ).format(person_id=person_id)
    )


def _get_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise _person_not_found(person_id)
    return person


def snapshot_of(session: Session, person_id: int) -> PersonSnapshot:
    """A person with their trips and permits, read in `session`."""
    person = _get_person(session, person_id)
    trip_rows = session.scalars(
        select(Trip).where(Trip.person_id == person_id).order_by(Trip.departure, Trip.id)
    )
    permit_rows = session.scalars(
        select(Permit).where(Permit.person_id == person_id).order_by(Permit.valid_from, Permit.id)
    )
    return PersonSnapshot(
        person=_view(person),
        trips=tuple(trip_view(t) for t in trip_rows),
        permits=tuple(permit_view(m) for m in permit_rows),
        ticks=tuple(
            (row.item_id, row.met_on)
            for row in session.scalars(
                select(ChecklistTick)
                .where(ChecklistTick.person_id == person_id)
                .order_by(ChecklistTick.item_id)
            )
        ),
    )


def restore_into(session: Session, snapshot: PersonSnapshot) -> PersonView:
    """Re-create a person with their trips and permits under their ids, in `session`.

    Raises:
        ValidationError: someone else now has the name, or a row no longer passes checks.
    """
    p = snapshot.person
    _check_key_dates({field: getattr(p, field) for field in KEY_DATE_FIELDS})
    if session.get(Person, p.id) is not None:
        raise ValidationError(f"{p.name} is already there; there is nothing to put back.")
    person = Person(
        id=p.id,
        name=_check_name(session, p.name, exclude_id=None),
        is_sample=p.is_sample,
        sufficient_income=p.sufficient_income,
        full_name=p.full_name,
        born_on=p.born_on,
        reference_number=p.reference_number,
        **{field: getattr(p, field) for field in KEY_DATE_FIELDS},
    )
    session.add(person)
    session.flush()
    trip_rows: builtins.list[dict[str, object]] = []
    for t in snapshot.trips:
        checked = check_trip(
            t.departure, t.return_date, t.destination, t.purpose, t.note, today=None
        )
        trip_rows.append({"id": t.id, "person_id": p.id, **checked._asdict()})
    permit_rows: builtins.list[dict[str, object]] = []
    for m in snapshot.permits:
        permit = check_permit(
            m.kind,
            m.valid_from,
            m.valid_to,
            m.forms_pr_basis,
            m.granted_before_entry,
            m.applied_on,
            m.note,
        )
        fields = asdict(permit) | {"kind": permit.kind.value}
        permit_rows.append({"id": m.id, "person_id": p.id, **fields})
    # One executemany INSERT each: a person can have thousands of trips.
    if trip_rows:
        session.execute(insert(Trip), trip_rows)
    if permit_rows:
        session.execute(insert(Permit), permit_rows)
    if snapshot.ticks:
        session.execute(
            insert(ChecklistTick),
            [
                {"person_id": p.id, "item_id": item_id, "met_on": met_on}
                for item_id, met_on in snapshot.ticks
            ],
        )
    return _view(person)
