"""What the user entered in a dialog, as plain values: a trip, a permit, the key dates.

They live apart from the dialogs so that the undo commands, which replay them, load no dialog:
the window builds its undo context while it opens, and the dialogs come on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.services.profile import PermitKind
from app.services.views import PermitView, PersonView, TripView


@dataclass(frozen=True, slots=True)
class TripInput:
    """What the user entered; `merge_with` lists trips to fold into this one (may be empty)."""

    departure: date
    return_date: date | None
    destination: str | None = None
    purpose: str | None = None
    note: str = ""
    merge_with: tuple[TripView, ...] = ()

    @classmethod
    def from_view(cls, trip: TripView) -> TripInput:
        return cls(trip.departure, trip.return_date, trip.destination, trip.purpose, trip.note)


@dataclass(frozen=True, slots=True)
class PermitInput:
    """A permit as entered; `forms_pr_basis` None means "as usual for this kind"."""

    kind: PermitKind
    valid_from: date
    valid_to: date | None
    forms_pr_basis: bool | None = None
    granted_before_entry: bool = False
    applied_on: date | None = None
    note: str = ""

    @classmethod
    def from_view(cls, permit: PermitView) -> PermitInput:
        return cls(
            permit.kind,
            permit.valid_from,
            permit.valid_to,
            permit.forms_pr_basis,
            permit.granted_before_entry,
            permit.applied_on,
            permit.note,
        )


@dataclass(frozen=True, slots=True)
class KeyDatesInput:
    """The key dates (see `KEY_DATE_FIELDS`) and the 3G income answer."""

    dates: dict[str, date | None]
    sufficient_income: bool

    @classmethod
    def from_person(cls, person: PersonView) -> KeyDatesInput:
        from app.services.people import KEY_DATE_FIELDS

        return cls(
            {field: getattr(person, field) for field in KEY_DATE_FIELDS},
            person.sufficient_income,
        )
