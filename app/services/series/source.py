"""The record prepared once for every chart: ranges, contexts and rule results on demand."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

import numpy as np

from app.services.days import IntArray, add_years
from app.services.profile import Convention, Profile, other_convention
from app.services.results import NotApplicable, RuleResult
from app.services.ruledata import RuleData
from app.services.rules.basis import Basis
from app.services.rules.context import Context
from app.services.rules.registry import RULE_IDS as RULE_IDS  # the allowance chart order
from app.services.rules.registry import unit
from app.services.rules.unit import Daily
from app.services.setup_check import waiting_for_permit
from app.services.wording import N_, LazyChoices, LazyLabels

RangeChoice = Literal["last_year", "last_3_years", "all", "next_12_months"]
RANGE_CHOICES: LazyChoices[RangeChoice] = LazyChoices(
    (
        ("last_year", N_("Last year")),
        ("last_3_years", N_("Last 3 years")),
        ("all", N_("All time")),
        ("next_12_months", N_("Next 12 months")),
    )
)
NO_TRIPS = N_("No trips yet")  # translated where shown: _(NO_TRIPS)
ONE_DAY = timedelta(days=1)

SHORT_TITLES: LazyLabels[str] = LazyLabels(
    {
        "temporary-365": N_("182 days in any 365"),
        "temporary-permit-period": N_("Half the permit period"),
        "collective-protection": N_("Collective protection"),
        "permanent-residence": N_("Permanent residence"),
        "permanent-residence-loss": N_("Keeping permanent residence"),
        "citizenship": N_("Citizenship: this year"),
        "schengen-90-180": N_("Schengen 90/180"),
    }
)
CONVENTION_WORDS: LazyLabels[Convention] = LazyLabels(
    {
        "inclusive": N_("departure and return days count"),
        "whole_days": N_("only whole days abroad count"),
        "nights": N_("nights abroad count"),
    }
)
# "Close to the limit": this many days left or fewer, as the status panel shows it (the user's
# warning margin; this is settings.DEFAULT_WARNING_MARGIN, not imported to keep SQLAlchemy out).
DEFAULT_WARNING_MARGIN = 14


@dataclass(frozen=True, slots=True, eq=False)
class DailySeries:
    """One count per day from `start`, consecutive days."""

    start: date
    values: IntArray

    def __len__(self) -> int:
        return int(self.values.size)

    @property
    def end(self) -> date:
        """The last day with a value (the day before `start` when empty)."""
        return self.start + timedelta(days=len(self) - 1)

    def ordinals(self) -> IntArray:
        """The days as date ordinals."""
        first = self.start.toordinal()
        return np.arange(first, first + len(self), dtype=np.int64)

    def at(self, day: date) -> int:
        """The value on `day` (KeyError outside the series)."""
        index = (day - self.start).days
        if not 0 <= index < len(self):
            raise KeyError(day)
        return int(self.values[index])

    def between(self, first: date, last: date) -> DailySeries:
        """The part from `first` to `last` inclusive (clipped to the series)."""
        lo = max(0, (first - self.start).days)
        hi = min(len(self), (last - self.start).days + 1)
        hi = max(hi, lo)
        return DailySeries(self.start + timedelta(days=lo), self.values[lo:hi])


@dataclass(frozen=True, slots=True)
class DateRange:
    """Inclusive first and last day shown."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """Number of days in the range."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        """Whether `day` lies in the range."""
        return self.start <= day <= self.end


class ChartSource:
    """One person's record prepared once for every chart: contexts and rule results on demand.

    Only what a chart asks for is computed (the panel draws one chart at a time), and each
    context or result at most once.
    """

    def __init__(
        self,
        profile: Profile,
        as_of: date,
        convention: Convention = "inclusive",
        *,
        pr_waiting_months: int = 24,
        warning_margin: int = DEFAULT_WARNING_MARGIN,
        data: RuleData | None = None,
        basis: Basis | None = None,
    ) -> None:
        # `basis`: the record already prepared for these inputs (the assessment's), whose
        # contexts and rule results the charts read instead of evaluating again.
        if basis is None or not basis.same_inputs(profile, as_of, convention, pr_waiting_months):
            basis = Basis(
                profile, as_of, convention, pr_waiting_months=pr_waiting_months, data=data
            )
        self.basis = basis
        self.profile = profile
        self.warning_margin = warning_margin
        self.as_of = as_of
        self.convention: Convention = convention
        self.data = basis.data
        self.prepared = basis.prepared
        self.pr_waiting_months = pr_waiting_months
        self.planned = tuple(
            t for t in profile.trips if t.return_date is not None and t.return_date > as_of
        )

    @property
    def has_trips(self) -> bool:
        """Whether any trip is recorded (planned ones included)."""
        return bool(self.profile.trips)

    @property
    def other_convention(self) -> Convention:
        """The convention of the "UDI may count as few as …" figure."""
        return other_convention(self.convention)

    def context(self, convention: Convention | None = None, *, projected: bool = False) -> Context:
        """The engine's context: the record, or with planned trips (a projection from tomorrow,
        as `engine.evaluate` builds it)."""
        return self.basis.context(convention, projected=projected)

    def result(
        self, rule_id: str, *, projected: bool = False, convention: Convention | None = None
    ) -> RuleResult | NotApplicable | None:
        """One rule's result, as in `evaluate(...).rules` (or `.projection.rules` when
        `projected`); None for a projection without planned trips (the engine makes none)."""
        if projected and not self.planned:
            return None
        # Until a permit is recorded, the rules that need one wait for it, as in the status.
        found = waiting_for_permit(
            self.basis.result(rule_id, convention, projected=projected), self.profile
        )
        if projected and isinstance(found, RuleResult):
            found = replace(found, status=unit(rule_id).period_status(found))
        return found

    def daily(self, rule_id: str, days: IntArray, convention: Convention | None = None) -> IntArray:
        """The rule's own count on each of `days` (record, then planned trips from tomorrow)."""
        ctx = self.context(convention or self.convention, projected=True)
        rule = unit(rule_id)
        assert rule.daily is not None, rule_id  # every charted rule has a daily series
        found: Daily = rule.daily(ctx, days)
        return found.values

    def applied(self, rule_id: str, *, projected: bool = False) -> RuleResult | None:
        """The rule's result when it applies, else None."""
        found = self.result(rule_id, projected=projected)
        return found if isinstance(found, RuleResult) else None

    def first_day(self) -> date:
        """The earliest date the record mentions (trips, permits, arrival), or `as_of`."""
        found = [self.as_of]
        found.extend(t.departure for t in self.profile.trips)
        found.extend(p.valid_from for p in self.profile.permits)
        key = self.profile.key_dates
        found.extend(d for d in (key.arrived_on, key.reported_to_police_on) if d is not None)
        return min(found)

    def plans_end(self) -> date:
        """The last planned day abroad, or `as_of` without plans."""
        return max((t.return_date for t in self.planned if t.return_date), default=self.as_of)

    def span(self, choice: RangeChoice) -> DateRange:
        """The days a range choice shows. Past ranges run on into planned trips (up to 3 months
        ahead for the last year, 12 for the last 3 years), so plans show up beside the record."""
        as_of, plans = self.as_of, self.plans_end()
        if choice == "last_year":
            return DateRange(add_years(as_of, -1) + ONE_DAY, min(plans, as_of + timedelta(days=92)))
        if choice == "last_3_years":
            return DateRange(add_years(as_of, -3) + ONE_DAY, min(plans, add_years(as_of, 1)))
        if choice == "next_12_months":
            return DateRange(as_of - timedelta(days=30), max(plans, add_years(as_of, 1)))
        # From the first record (a permit, the arrival) but no more than a year before the first
        # trip, so a long quiet start does not squeeze the trips into a corner.
        first = self.first_day()
        if self.has_trips:
            first_trip = min(t.departure for t in self.profile.trips)
            first = max(min(first, first_trip - timedelta(days=30)), add_years(first_trip, -1))
        first = min(first, as_of - timedelta(days=60))
        return DateRange(first, plans)
