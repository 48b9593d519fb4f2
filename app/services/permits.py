"""Residence permits: add, edit, remove and restore, list (one transaction each)."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models.database import reading
from app.models.tables import Permit, Person
from app.services.dates import EARLIEST, LATEST
from app.services.errors import NotFoundError, ValidationError
from app.services.profile import PermitKind
from app.services.views import PermitView
from app.services.wording import _
from app.services.wording.formats import format_date

MAX_NOTE_LENGTH = 2000


@dataclass(frozen=True, slots=True)
class CheckedPermit:
    """A permit's fields after `check_permit`, with `kind` as a PermitKind."""

    kind: PermitKind
    valid_from: date
    valid_to: date | None
    forms_pr_basis: bool | None
    granted_before_entry: bool
    applied_on: date | None
    note: str


def check_permit(
    kind: PermitKind | str,
    valid_from: date,
    valid_to: date | None,
    forms_pr_basis: bool | None,
    granted_before_entry: bool,
    applied_on: date | None,
    note: str,
) -> CheckedPermit:
    """Validate one permit's fields.

    Raises:
        ValidationError: naming the first problem found.
    """
    try:
        permit_kind = PermitKind(kind.strip().lower() if isinstance(kind, str) else kind)
    except ValueError:
        raise ValidationError(
            f"{kind!r} is not a kind of permit Borte knows; use one of "
            f"{', '.join(member.value for member in PermitKind)}."
        ) from None
    for what, day in (
        ("start date", valid_from),
        ("end date", valid_to),
        ("application date", applied_on),
    ):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise ValidationError(
                _(
                    "The permit's {what} {day} is outside the years {year}–{year2}; check the year."
                ).format(what=what, day=format_date(day), year=EARLIEST.year, year2=LATEST.year)
            )
    if permit_kind is PermitKind.PERMANENT and valid_to is not None:
        raise ValidationError(
            _("A permanent residence permit does not expire; leave its end date empty.")
        )
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(
            _(
                "The permit's end date {valid_to} is before its start date {valid_from}; check "
                "both dates."
            ).format(valid_to=format_date(valid_to), valid_from=format_date(valid_from))
        )
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(
            _(
                "The note has {note:,} characters; shorten it to at most {max_note_length:,}."
            ).format(note=len(note), max_note_length=MAX_NOTE_LENGTH)
        )
    return CheckedPermit(
        permit_kind, valid_from, valid_to, forms_pr_basis, granted_before_entry, applied_on, note
    )


def permit_view(permit: Permit) -> PermitView:
    return PermitView(
        id=permit.id,
        person_id=permit.person_id,
        kind=PermitKind(permit.kind),
        valid_from=permit.valid_from,
        valid_to=permit.valid_to,
        forms_pr_basis=permit.forms_pr_basis,
        granted_before_entry=permit.granted_before_entry,
        applied_on=permit.applied_on,
        note=permit.note,
    )


def _apply(permit: Permit, checked: CheckedPermit) -> Permit:
    permit.kind = checked.kind.value
    permit.valid_from = checked.valid_from
    permit.valid_to = checked.valid_to
    permit.forms_pr_basis = checked.forms_pr_basis
    permit.granted_before_entry = checked.granted_before_entry
    permit.applied_on = checked.applied_on
    permit.note = checked.note
    return permit


class PermitService:
    """Use cases for one person's residence permits."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def add(
        self,
        person_id: int,
        kind: PermitKind | str,
        valid_from: date,
        valid_to: date | None = None,
        forms_pr_basis: bool | None = None,
        granted_before_entry: bool = False,
        applied_on: date | None = None,
        note: str = "",
    ) -> PermitView:
        """Record a permit; `forms_pr_basis` None means "as usual for this kind"."""
        checked = check_permit(
            kind, valid_from, valid_to, forms_pr_basis, granted_before_entry, applied_on, note
        )
        with self._sessions.begin() as session:
            _require_person(session, person_id)
            permit = _apply(Permit(person_id=person_id), checked)
            session.add(permit)
            session.flush()
            return permit_view(permit)

    def update(
        self,
        permit_id: int,
        *,
        kind: PermitKind | str,
        valid_from: date,
        valid_to: date | None,
        forms_pr_basis: bool | None,
        granted_before_entry: bool,
        applied_on: date | None,
        note: str,
    ) -> PermitView:
        """Replace every field of a permit."""
        checked = check_permit(
            kind, valid_from, valid_to, forms_pr_basis, granted_before_entry, applied_on, note
        )
        with self._sessions.begin() as session:
            permit = _apply(_get_permit(session, permit_id), checked)
            session.flush()
            return permit_view(permit)

    def remove(self, permit_id: int) -> PermitView:
        """Delete a permit and return it, so the caller can offer undo through `restore`."""
        with self._sessions.begin() as session:
            permit = _get_permit(session, permit_id)
            view = permit_view(permit)
            session.delete(permit)
            return view

    def restore(self, view: PermitView) -> PermitView:
        """Put back a removed permit with the same data, under its old id when that is free."""
        with self._sessions.begin() as session:
            if session.get(Person, view.person_id) is None:
                raise NotFoundError(
                    _("The permit cannot be put back because its person has been removed.")
                )
            permit_id = view.id if session.get(Permit, view.id) is None else None
            checked = check_permit(
                view.kind,
                view.valid_from,
                view.valid_to,
                view.forms_pr_basis,
                view.granted_before_entry,
                view.applied_on,
                view.note,
            )
            permit = _apply(Permit(id=permit_id, person_id=view.person_id), checked)
            session.add(permit)
            session.flush()
            return permit_view(permit)

    def get(self, permit_id: int) -> PermitView:
        """One permit by id."""
        with reading(self._sessions) as session:
            return permit_view(_get_permit(session, permit_id))

    def list(self, person_id: int) -> builtins.list[PermitView]:
        """A person's permits, by start date."""
        with reading(self._sessions) as session:
            _require_person(session, person_id)
            permits = session.scalars(
                select(Permit)
                .where(Permit.person_id == person_id)
                .order_by(Permit.valid_from, Permit.id)
            )
            return [permit_view(permit) for permit in permits]


def _require_person(session: Session, person_id: int) -> None:
    if session.get(Person, person_id) is None:
        raise NotFoundError(
            _(
                "There is no person with id {person_id}; they may have been removed, so choose "
                "another person."
            ).format(person_id=person_id)
        )


def _get_permit(session: Session, permit_id: int) -> Permit:
    permit = session.get(Permit, permit_id)
    if permit is None:
        raise NotFoundError(
            _(
                "There is no permit with id {permit_id}; it may have been removed already, so "
                "refresh the list and try again."
            ).format(permit_id=permit_id)
        )
    return permit
