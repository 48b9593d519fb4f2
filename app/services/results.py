"""Frozen results the rules engine returns; the UI, the CLI and the report only read these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from app.services.profile import Convention, Status

_ORDER = {Status.GREEN: 0, Status.AMBER: 1, Status.RED: 2}


def worst(*statuses: Status) -> Status:
    """The most serious of the statuses (GREEN when none are given)."""
    return max(statuses, key=_ORDER.__getitem__, default=Status.GREEN)


def status_for(count: int, conservative: int, lenient: int) -> Status:
    """GREEN up to the conservative limit, AMBER up to the lenient one, RED above (§0.3)."""
    if count <= conservative:
        return Status.GREEN
    if count <= lenient:
        return Status.AMBER
    return Status.RED


@dataclass(frozen=True, slots=True)
class Check:
    """One test inside a rule, such as the time without a permit inside the PR window."""

    id: str
    label: str
    status: Status
    value: int
    limit: int
    lenient_limit: int


@dataclass(frozen=True, slots=True)
class DatedCheck:
    """A rule evaluated on another date (PR: on the application and expected decision dates)."""

    label: str
    on: date
    days_abroad: int
    status: Status
    window_start: date
    includes_planned: bool


@dataclass(frozen=True, slots=True)
class Route:
    """One way to meet a goal (citizenship: 8 of 11, 7 of 10 after protection, 6 of 10)."""

    id: str
    title: str
    years: int
    lookback_years: int
    applies: bool  # whether the person's record says this route is open to them
    earliest_met: date | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class YearTotal:
    """Days abroad in one calendar year and what that does to the rule."""

    year: int
    days: int
    status: Status  # citizenship: GREEN no deduction, AMBER depends on reading, RED deducted
    warning_on: date | None = None  # citizenship: the day the year's total passed the limit
    breach_on: date | None = None  # … and the lenient limit


@dataclass(frozen=True, slots=True)
class Alternative:
    """The same rule's headline figure under the other counting convention."""

    convention: Convention
    days_abroad: int
    status: Status


@dataclass(frozen=True, slots=True)
class RuleResult:
    """Where a person stands under one rule on one evaluation date."""

    id: str
    title: str
    summary: str
    source: str
    convention: Convention
    status: Status
    days_abroad: int  # in the rule's window ending on the evaluation date
    limit: int  # GREEN while days_abroad <= limit
    lenient_limit: int  # RED once days_abroad > lenient_limit
    window_start: date | None
    window_end: date
    peak_days: int | None = None
    peak_date: date | None = None
    first_warning: date | None = None  # first date at AMBER or worse
    first_breach: date | None = None  # first date at RED
    earliest_met: date | None = None  # goals: first date of the run of met days (see engine)
    # Permanent residence: the first application date from the evaluation (or plans') end whose
    # expected decision date meets every test.
    apply_from: date | None = None
    applied_on: date | None = None  # permanent residence: the recorded application date
    checks: tuple[Check, ...] = ()
    evaluations: tuple[DatedCheck, ...] = ()
    routes: tuple[Route, ...] = ()
    years: tuple[YearTotal, ...] = ()
    notes: tuple[str, ...] = ()
    alternative: Alternative | None = None

    @property
    def days_left(self) -> int:
        """Days that may still be spent abroad in the current window before leaving GREEN."""
        return max(0, self.limit - self.days_abroad)

    @property
    def red_beyond_count(self) -> bool:
        """RED while the count is within the limit: something other than the days abroad
        breaks the rule (a trip to Ukraine under collective protection, rules.md §1.3a), so
        "over the limit" beside the count would mislead."""
        return self.status == Status.RED and self.days_abroad <= self.limit


NotApplicableKind = Literal["not_now", "needs_permit", "never"]


@dataclass(frozen=True, slots=True)
class NotApplicable:
    """A rule that does not apply to this person now, and why (one sentence)."""

    id: str
    title: str
    reason: str
    # "not_now": applies at another time or to another permit; "needs_permit": waits for a
    # permit to be recorded; "never": nothing on record makes it relevant (views may omit it).
    kind: NotApplicableKind = "not_now"


@dataclass(frozen=True, slots=True)
class Projection:
    """The rules again with planned trips (after the evaluation date) counted."""

    through: date
    planned_trips: int
    rules: tuple[RuleResult, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every rule for one person on one date."""

    as_of: date
    convention: Convention
    rules: tuple[RuleResult, ...]
    not_applicable: tuple[NotApplicable, ...]
    projection: Projection | None

    def rule(self, rule_id: str) -> RuleResult | None:
        """The result for one rule id, or None when it does not apply."""
        return next((r for r in self.rules if r.id == rule_id), None)
