"""Planning many trips at once, over the planner's public questions.

- `longest_safe_trips`: for each departure in a range, the longest trip that keeps every rule
  OK (the calendar strip in the planner tab). Each departure is `Planner.latest_safe_returns`;
  the longest trip is the earliest of the rules' cautious latest returns, as `Planner.answer`
  picks it when no return is given.
- `judge_together`: several proposed trips judged as one set, none of them saved: each trip's
  verdicts with the other proposed trips on the record as planned trips, so their days add up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from app.services.errors import ValidationError
from app.services.planner.core import Planner
from app.services.planner.model import TripPlan
from app.services.profile import Convention, Profile, Status, TripSpan
from app.services.results import worst
from app.services.ruledata import RuleData, load_rule_data
from app.services.wording import _

# The most proposed trips judged together (each costs one planner baseline).
MAX_WHAT_IFS = 12


@dataclass(frozen=True, slots=True)
class LongestTrip:
    """The longest trip from `departure` that keeps every rule OK (cautious reading)."""

    departure: date
    return_date: date | None  # the latest such return; None: even a one-day trip strains a rule
    rule_id: str | None  # the rule that sets it (None: no rule limits it within the horizon)
    horizon_hit: bool  # no limit found within the planner's horizon: "at least" `days`

    @property
    def days(self) -> int:
        """The trip's length, both travel days counted (0 when none is safe)."""
        if self.return_date is None:
            return 0
        return (self.return_date - self.departure).days + 1


def longest_safe_trips(
    planner: Planner, departures: Iterable[date], destination: str | None = None
) -> tuple[LongestTrip, ...]:
    """For each departure, the longest trip to `destination` that keeps every rule OK."""
    found: list[LongestTrip] = []
    for departure in departures:
        safe = planner.latest_safe_returns(departure, destination)
        limiting = [s for s in safe if not s.horizon_hit]
        if any(s.latest_green is None for s in limiting):
            rule = next(s.rule_id for s in limiting if s.latest_green is None)
            found.append(LongestTrip(departure, None, rule, horizon_hit=False))
            continue
        dated = [(s.latest_green, s.rule_id) for s in limiting if s.latest_green is not None]
        if dated:
            back, rule_id = min(dated)
            found.append(LongestTrip(departure, back, rule_id, horizon_hit=False))
            continue
        # No rule limits the trip within the horizon: the horizon's end, as "at least".
        ends = [s.latest_green for s in safe if s.latest_green is not None]
        back = min(ends) if ends else departure + timedelta(days=planner.horizon_days)
        found.append(LongestTrip(departure, back, None, horizon_hit=True))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class WhatIf:
    """Proposed trips judged together: each trip's plan with the others counted too."""

    trips: tuple[TripSpan, ...]
    plans: tuple[TripPlan, ...]  # in the order of `trips`

    @property
    def status(self) -> Status:
        """The worst verdict of any trip on any rule it affects."""
        return worst(
            Status.GREEN,
            *(v.status for plan in self.plans for v in plan.verdicts if v.affected),
        )


def check_what_ifs(trips: Sequence[TripSpan]) -> None:
    """Raise ValidationError unless `trips` can be judged together."""
    if len(trips) > MAX_WHAT_IFS:
        raise ValidationError(_("Try at most {count} trips together.").format(count=MAX_WHAT_IFS))
    if any(trip.return_date is None for trip in trips):
        raise ValidationError(_("Give each proposed trip a return date."))


def judge_one(
    profile: Profile,
    as_of: date,
    trips: Sequence[TripSpan],
    index: int,
    convention: Convention = "inclusive",
    *,
    pr_waiting_months: int = 24,
    data: RuleData | None = None,
) -> TripPlan:
    """Trip `index` of `trips` planned on a record that also holds every other proposed trip
    as a planned trip (one step of `judge_together`, so a window can take one per turn)."""
    check_what_ifs(trips)
    trip = trips[index]
    assert trip.return_date is not None  # checked above
    others = tuple(t for i, t in enumerate(trips) if i != index)
    record = replace(profile, trips=(*profile.trips, *others))
    planner = Planner(record, as_of, convention, pr_waiting_months=pr_waiting_months, data=data)
    return planner.plan(trip.departure, trip.return_date, trip.destination)


def judge_together(
    profile: Profile,
    as_of: date,
    trips: Sequence[TripSpan],
    convention: Convention = "inclusive",
    *,
    pr_waiting_months: int = 24,
    data: RuleData | None = None,
) -> WhatIf:
    """Judge `trips` (proposed, not saved) as one set: trip i is planned on a record that also
    holds every other proposed trip as a planned trip. Raises ValidationError for a bad trip."""
    check_what_ifs(trips)
    data = data or load_rule_data()
    plans = tuple(
        judge_one(
            profile, as_of, trips, index, convention, pr_waiting_months=pr_waiting_months, data=data
        )
        for index in range(len(trips))
    )
    return WhatIf(tuple(trips), plans)
