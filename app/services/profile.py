"""Plain values the rules engine reads: trips, permits and key dates of one person.

These are frozen dataclasses with no database or Qt behind them, so the engine stays pure and
tests can build them directly. `app/services/people.py` turns stored rows into a `Profile`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from app.services.wording.core import LazyLabels

Convention = Literal["inclusive", "whole_days", "nights"]
CONVENTIONS: tuple[Convention, ...] = ("inclusive", "whole_days", "nights")


def other_convention(convention: Convention) -> Convention:
    """The convention of the "UDI may count as few as …" figure shown beside the headline."""
    return "whole_days" if convention == "inclusive" else "inclusive"


class Status(StrEnum):
    """Traffic-light state of a rule (rules.md §0.3)."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class PermitKind(StrEnum):
    """Kinds of permit a user can record."""

    WORK = "work"
    SKILLED_WORKER = "skilled_worker"
    FAMILY = "family"
    STUDY = "study"
    AU_PAIR = "au_pair"
    PROTECTION = "protection"
    HUMANITARIAN = "humanitarian"
    # Temporary collective protection (utl. § 34; bokmål: kollektiv beskyttelse), rules.md §1.3a.
    COLLECTIVE_PROTECTION = "collective_protection"
    EEA_REGISTRATION = "eea_registration"
    PERMANENT = "permanent"
    OTHER = "other"


# Whether a permit of this kind forms a basis for permanent residence unless the decision letter
# says otherwise (rules.md §2.1: au pair and student permits do not; "other" is unknown, so no).
PR_BASIS_DEFAULT: dict[PermitKind, bool] = {
    PermitKind.WORK: True,
    PermitKind.SKILLED_WORKER: True,
    PermitKind.FAMILY: True,
    PermitKind.STUDY: False,
    PermitKind.AU_PAIR: False,
    PermitKind.PROTECTION: True,
    PermitKind.HUMANITARIAN: True,
    PermitKind.COLLECTIVE_PROTECTION: False,
    PermitKind.EEA_REGISTRATION: False,
    PermitKind.PERMANENT: False,
    PermitKind.OTHER: False,
}

# Kinds whose days never count toward permanent residence, whatever the decision letter's box
# says: collective protection is not a basis (rules.md §1.3a, Prop. 94 L (2023–2024)).
NEVER_PR_BASIS: frozenset[PermitKind] = frozenset({PermitKind.COLLECTIVE_PROTECTION})

PURPOSES: tuple[str, ...] = (
    "employer_assignment",
    "illness",
    "military_service",
    "study",
    "posting",
    "holiday",
    "family",
    "other",
)
# How each purpose reads: PURPOSE_WORDS, in app.services.wording.labels (translated when read),
# also importable from here (below).


def __getattr__(name: str) -> LazyLabels[str]:
    # The labels live with the other wording, which imports this module; loaded on first use.
    if name == "PURPOSE_WORDS":
        from app.services.wording.labels import PURPOSE_WORDS

        return PURPOSE_WORDS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class TripSpan:
    """One stay abroad: left Norway on `departure`, back on `return_date` (None: under way)."""

    departure: date
    return_date: date | None = None
    destination: str | None = None  # ISO 3166-1 alpha-2; "SJ" is Svalbard (and Jan Mayen)
    purpose: str | None = None  # one of PURPOSES


@dataclass(frozen=True, slots=True)
class PermitSpan:
    """One residence permit period."""

    kind: PermitKind
    valid_from: date
    valid_to: date | None = None  # None: permanent, or end not known
    forms_pr_basis: bool | None = None  # None: the kind's default (PR_BASIS_DEFAULT)
    granted_before_entry: bool = False
    applied_on: date | None = None  # when the application for this permit was submitted

    @property
    def pr_basis(self) -> bool:
        """Whether this permit counts toward permanent residence."""
        if self.kind in NEVER_PR_BASIS:
            return False
        if self.forms_pr_basis is not None:
            return self.forms_pr_basis
        return PR_BASIS_DEFAULT[self.kind]


@dataclass(frozen=True, slots=True)
class KeyDates:
    """Dates the rules need besides trips and permits (rules.md §0.1)."""

    arrived_on: date | None = None
    reported_to_police_on: date | None = None
    pr_applied_on: date | None = None
    citizenship_applied_on: date | None = None
    # A granted permission to stay abroad without losing permanent residence (rules.md §3.2).
    abroad_permission_until: date | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """Everything the engine knows about one person."""

    trips: tuple[TripSpan, ...] = ()
    permits: tuple[PermitSpan, ...] = ()
    key_dates: KeyDates = field(default_factory=KeyDates)
    sufficient_income: bool = False  # income ≥ 3G: citizenship after 6 of 10 years (§4.1)


def trips_under_way(trips: tuple[TripSpan, ...], as_of: date) -> tuple[TripSpan, ...]:
    """The trips the person is on on `as_of`: left on or before it, and not back by it (no
    return date yet, or a booked return after `as_of`). Earliest departure first."""
    found = [
        t
        for t in trips
        if t.departure <= as_of and (t.return_date is None or t.return_date > as_of)
    ]
    return tuple(sorted(found, key=lambda t: t.departure))


def home_today(profile: Profile, as_of: date) -> Profile:
    """The record as though the person came home today: the trips under way lose their booked
    returns (a trip with no return date counts through `as_of`, rules.md §0.2). The way home
    is planned on this record, so a booked return is judged against coming home today."""
    under_way = trips_under_way(profile.trips, as_of)
    if all(t.return_date is None for t in under_way):
        return profile
    trips = tuple(replace(t, return_date=None) if t in under_way else t for t in profile.trips)
    return replace(profile, trips=trips)
