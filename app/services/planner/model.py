"""Frozen results of the trip planner; the panel, the CLI and the JSON only read these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.services.profile import Convention, Status
from app.services.results import worst

# How far the searches look (the bounds): a return up to two years after the
# departure, a departure up to five years after today.
RETURN_HORIZON_DAYS = 730
DEPARTURE_HORIZON_DAYS = 5 * 365 + 1
# The longest trip the planner checks, so every window it reads stays inside the engine's masks
# (they reach 12 years past the last recorded date).
MAX_TRIP_DAYS = 5 * 365 + 1

# The order rules are shown in, the same as the engine's.
RULE_ORDER = (
    "temporary-365",
    "temporary-permit-period",
    "collective-protection",
    "permanent-residence",
    "permanent-residence-loss",
    "citizenship",
    "schengen-90-180",
)


@dataclass(frozen=True, slots=True)
class SafeReturn:
    """The latest return for one departure under one rule.

    `latest` keeps the rule free of RED, `latest_green` keeps it GREEN (no AMBER either); None
    when even the first possible return (the departure day, or tomorrow for a trip already
    under way) breaks it. With `horizon_hit` no limit was found within the horizon, and the
    dates are the horizon's last day.
    """

    rule_id: str
    latest: date | None
    latest_green: date | None
    horizon_hit: bool


@dataclass(frozen=True, slots=True)
class RuleVerdict:
    """What one proposed trip does to one rule, judged against the record with planned trips.

    `status` is what the trip introduces: GREEN nothing, AMBER a borderline date, RED a breach
    (for permanent residence also: it pushes the earliest date). Breaches the record already
    has without this trip are in `already_breached` and do not count against the trip.
    """

    id: str
    title: str
    status: Status
    affected: bool  # False: the trip cannot change this rule (Schengen, other destination)
    first_warning: date | None  # first date the trip makes AMBER or worse
    first_breach: date | None  # first date the trip makes RED
    peak_days: int | None  # the highest count the trip leads to (None: not a count rule)
    limit: int
    lenient_limit: int
    over_by: int  # peak minus the line crossed (lenient for RED, conservative for AMBER)
    already_breached: date | None
    safe_return: SafeReturn | None
    message: str


@dataclass(frozen=True, slots=True)
class GoalDates:
    """The earliest date of a goal (permanent residence, citizenship) three ways."""

    id: str
    title: str
    without_planned: date | None  # if you travel no more
    with_planned: date | None  # with the planned trips on record
    with_trip: date | None  # with the planned trips and this trip
    message: str

    @property
    def moved(self) -> bool:
        """Whether this trip changes the date."""
        return self.with_trip != self.with_planned


@dataclass(frozen=True, slots=True)
class YearBudget:
    """Days that may still be spent abroad in one calendar year without a citizenship
    deduction (rules.md §4.2: at most 58 under the conservative reading)."""

    year: int
    limit: int
    with_planned: int
    with_trip: int


@dataclass(frozen=True, slots=True)
class EarliestDeparture:
    """The first departure from tomorrow for a trip of `days` days that keeps every rule
    GREEN, or None if there is none up to `searched_until`."""

    days: int
    departure: date | None
    searched_until: date

    @property
    def return_date(self) -> date | None:
        """The return day of that trip."""
        if self.departure is None:
            return None
        return date.fromordinal(self.departure.toordinal() + self.days - 1)


@dataclass(frozen=True, slots=True)
class TripPlan:
    """Every rule's verdict on one proposed trip, with the goal dates it moves."""

    as_of: date
    convention: Convention
    departure: date
    return_date: date
    destination: str | None
    schengen: bool  # whether the destination is a Schengen state other than Norway
    planned_trips: int
    verdicts: tuple[RuleVerdict, ...]
    goals: tuple[GoalDates, ...]
    year_budget: YearBudget
    horizon_days: int
    notes: tuple[str, ...] = ()

    @property
    def days(self) -> int:
        """The trip's length, counting both travel days."""
        return (self.return_date - self.departure).days + 1

    @property
    def status(self) -> Status:
        """The worst verdict."""
        return worst(*(v.status for v in self.verdicts))

    @property
    def latest_safe_return(self) -> date | None:
        """The latest return that keeps every rule free of RED (None: none does)."""
        dates = [v.safe_return for v in self.verdicts if v.safe_return is not None]
        if any(s.latest is None for s in dates):
            return None
        return min((s.latest for s in dates if s.latest is not None), default=None)

    def verdict(self, rule_id: str) -> RuleVerdict | None:
        """The verdict for one rule id, or None when the rule does not apply."""
        return next((v for v in self.verdicts if v.id == rule_id), None)


@dataclass(frozen=True, slots=True)
class PlanAnswer:
    """The answer to "may I leave on D, and until when?".

    `plan` holds the verdicts on one trip: the one asked about, or, when only a departure was
    given (`return_given` False), the longest trip that keeps every rule free of RED (the
    shortest possible one when none does). `earliest` answers the question for a length.
    """

    plan: TripPlan
    return_given: bool
    earliest: EarliestDeparture | None
