"""What services hand to the UI: frozen snapshots, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.services.profile import PR_BASIS_DEFAULT, PermitKind


@dataclass(frozen=True, slots=True)
class PersonView:
    """One person and their key dates."""

    id: int
    name: str
    is_sample: bool
    arrived_on: date | None
    reported_to_police_on: date | None
    pr_applied_on: date | None
    citizenship_applied_on: date | None
    abroad_permission_until: date | None
    sufficient_income: bool
    # Identity for the caseworker's report; all optional.
    full_name: str | None = None
    born_on: date | None = None
    reference_number: str | None = None  # D-number (11 digits) or DUF number (12 digits)


@dataclass(frozen=True, slots=True)
class TripView:
    """One stored trip; `return_date` None means the trip is under way."""

    id: int
    person_id: int
    departure: date
    return_date: date | None
    destination: str | None  # ISO 3166-1 alpha-2, upper case
    purpose: str | None  # one of profile.PURPOSES
    note: str


@dataclass(frozen=True, slots=True)
class PermitView:
    """One stored residence permit."""

    id: int
    person_id: int
    kind: PermitKind
    valid_from: date
    valid_to: date | None
    forms_pr_basis: bool | None  # None: the kind's default
    granted_before_entry: bool
    applied_on: date | None
    note: str

    @property
    def pr_basis(self) -> bool:
        """Whether this permit counts toward permanent residence."""
        if self.forms_pr_basis is not None:
            return self.forms_pr_basis
        return PR_BASIS_DEFAULT[self.kind]


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: trips added, rows skipped because the trip was already stored, and
    rows skipped because an earlier row of the same file holds the same trip."""

    added: int
    skipped_duplicates: int
    skipped_in_file: int = 0
