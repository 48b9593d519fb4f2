"""The read model every view reads: one person's assessment on one date (frozen values)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from app.services.profile import Convention, Status
from app.services.reminders import Reminder
from app.services.results import Evaluation, NotApplicable, RuleResult

if TYPE_CHECKING:
    from app.services.rules.basis import Basis


@dataclass(frozen=True, slots=True)
class TripShare:
    """One trip's days inside a rule's binding window."""

    departure: date
    return_date: date | None
    days: int


@dataclass(frozen=True, slots=True)
class RollOff:
    """Days that leave the window if no more travel is added: `days` regained from `on`
    through `until` (the same day for a single day or a year's reset)."""

    on: date
    days: int
    until: date


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a rule stands where it stands."""

    text: str  # the whole explanation as sentences
    window_start: date | None
    window_end: date
    trips: tuple[TripShare, ...]  # largest first
    roll_off: RollOff | None
    why_not_earlier: str | None  # goals (PR, citizenship): what blocks an earlier date


@dataclass(frozen=True, slots=True)
class RuleAssessment:
    """One rule for the views: today, with the plans, why, and (abroad now) when to be back."""

    id: str
    result: RuleResult
    projected: RuleResult | None
    explanation: Explanation
    come_home_by: date | None = None  # cautious reading: the last return keeping it OK
    come_home_by_lenient: date | None = None  # lenient reading: the last return free of RED

    @property
    def period_status(self) -> Status:
        """The status with the planned trips (the worst over their period), else today's."""
        return (self.projected or self.result).status


@dataclass(frozen=True, slots=True)
class BookedReturn:
    """The booked return of the trip under way, as the planner judges staying until then
    against coming home today."""

    on: date
    status: Status  # GREEN: keeps every rule OK; AMBER: makes one borderline; RED: breaks one
    rule_id: str | None  # the first rule (in rule order) it breaks, else makes borderline


@dataclass(frozen=True, slots=True)
class UnderWay:
    """The trip under way (with no return date, or with a booked return after today): the
    figures on the day assume the person is back today."""

    since: date
    days_so_far: int
    booked_return: date | None = None
    destination: str | None = None
    booked: BookedReturn | None = None  # the verdict on `booked_return` (None: not judged)


@dataclass(frozen=True, slots=True)
class Headline:
    """The one sentence that says the most urgent thing."""

    text: str
    status: Status
    rule_id: str | None


@dataclass(frozen=True, slots=True)
class Assessment:
    """Everything the status views show, evaluated once per refresh or command."""

    as_of: date
    convention: Convention
    evaluation: Evaluation
    rules: tuple[RuleAssessment, ...]
    not_applicable: tuple[NotApplicable, ...]
    headline: Headline
    under_way: UnderWay | None
    reminders: tuple[Reminder, ...]
    # The record prepared once (contexts, rule results): the charts and the planner read it
    # instead of evaluating the rules again. None for an assessment made by hand in a test.
    basis: Basis | None = field(default=None, compare=False, repr=False)

    def rule(self, rule_id: str) -> RuleAssessment | None:
        """One rule's assessment, or None when the rule does not apply."""
        return next((r for r in self.rules if r.id == rule_id), None)
