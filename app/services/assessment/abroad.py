"""Abroad now: the trip under way, when to be back, and what a booked return does.

A trip is under way on `as_of` when it left on or before that day and is not back by it: no
return date yet, or a booked return after `as_of` (`profile.trips_under_way`). The figures on
the day assume the person is back today (rules.md §0.2). When to be back is the planner's latest
safe return for the way home, asked on the record as though no return were booked
(`profile.home_today`), and a booked return is the planner's verdict on that same way home: so
the banner, the status, the notification and `borte plan` give one answer, and no rule is
re-derived here.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from app.services.assessment.model import Assessment, BookedReturn, UnderWay
from app.services.days import trip_days
from app.services.errors import ValidationError
from app.services.profile import Status, TripSpan, trips_under_way
from app.services.results import worst
from app.services.rules.basis import Basis
from app.services.rules.unit import LEVELS
from app.services.wording import explain as words

if TYPE_CHECKING:
    from app.services.planner import Planner, SafeReturn


def under_way(basis: Basis) -> UnderWay | None:
    """The trip under way on the basis's date, or None when at home."""
    trips = trips_under_way(basis.profile.trips, basis.as_of)
    if not trips:
        return None
    trip = trips[0]
    booked = None if any(t.return_date is None for t in trips) else _last_return(trips)
    # Days so far as the engine counts a trip under way: through today, booked return or not.
    days = trip_days(replace(trip, return_date=None), basis.convention, basis.as_of)
    return UnderWay(trip.departure, days, booked_return=booked, destination=trip.destination)


def _last_return(trips: tuple[TripSpan, ...]) -> date:
    return max(t.return_date for t in trips if t.return_date is not None)


def abroad_now(basis: Basis) -> tuple[UnderWay | None, dict[str, tuple[date, date | None]]]:
    """The trip under way (with the verdict on its booked return) and, per rule, the latest
    return keeping it OK (cautious) and free of RED (lenient); (None, {}) at home. Rules with
    no limit within the planner's horizon have no date."""
    found = under_way(basis)
    if found is None:
        return None, {}
    # Only for a trip under way: the planner's import stays off every other start.
    from app.services.planner import Planner

    planner = Planner.of(basis)
    safe = _safe_returns(planner, found)
    dates = {
        # None: even coming home tomorrow breaks it, so today is the day to be back.
        s.rule_id: (s.latest_green or basis.as_of, s.latest)
        for s in safe
        if not s.horizon_hit
    }
    if found.booked_return is not None:
        found = replace(found, booked=_booked(planner, found, found.booked_return, safe))
    return found, dates


def _safe_returns(planner: Planner, found: UnderWay) -> tuple[SafeReturn, ...]:
    try:
        return planner.latest_safe_returns(found.since, found.destination)
    except ValidationError:
        # A destination the planner does not know (an old free-text entry): judged without it,
        # as the planner does for "not given".
        return planner.latest_safe_returns(found.since, None)


def _booked(
    planner: Planner, found: UnderWay, on: date, safe: tuple[SafeReturn, ...]
) -> BookedReturn | None:
    """The planner's verdict on coming home on `on` instead of today. A rule's level only grows
    with the return date, so it is read off the latest safe returns already found: RED past
    the latest return free of RED, AMBER past the latest still OK. A booked return beyond the
    searched horizon is asked about as a plan; None when the planner cannot judge it (more
    than ten years ahead)."""
    if any(s.horizon_hit and s.latest is not None and s.latest < on for s in safe):
        try:
            plan = planner.plan(found.since, on, found.destination)
        except ValidationError:
            return None
        levels = [(v.id, LEVELS.index(v.status)) for v in plan.verdicts]
    else:
        levels = [
            (
                s.rule_id,
                2
                if s.latest is None or s.latest < on
                else 1
                if s.latest_green is None or s.latest_green < on
                else 0,
            )
            for s in safe
        ]
    worst_level = max((level for _, level in levels), default=0)
    rule_id = (
        next((r for r, level in levels if level == worst_level), None) if worst_level else None
    )
    return BookedReturn(on, LEVELS[worst_level], rule_id)


@dataclass(frozen=True, slots=True)
class ComeHome:
    """The trip under way and its tightest come-home-by date over the rules on screen."""

    since: date
    days_so_far: int
    by: date | None  # None: no rule limits the trip within the planner's horizon
    days_left: int  # days from today to `by` (0: come home today)
    rule_title: str
    status: Status  # RED: act today; AMBER: within the warning margin or booked too late
    # The tightest rule's own verdict now: not GREEN with `days_left` 0 means "today" cannot
    # keep it OK any more.
    rule_status: Status = Status.GREEN
    booked_return: date | None = None
    booked_status: Status | None = None  # the planner's verdict on the booked return
    booked_rule_title: str = ""  # the rule the booked return breaks (or makes borderline)

    def worth_a_notice(self, warning_margin: int) -> bool:
        """Whether to tell the person now: a booked return that breaks a rule or makes one
        borderline (whatever the margin), or, with no verdict on a booked return, a come-home
        date within the warning margin."""
        if self.booked_status is not None:
            return self.booked_status is not Status.GREEN
        return self.by is not None and self.days_left <= warning_margin


def come_home(
    assessment: Assessment, warning_margin: int, shown: Collection[str] | None = None
) -> ComeHome | None:
    """The trip under way and its tightest come-home-by date over the rules in `shown` (the
    rules on screen; all by default); None when at home."""
    under = assessment.under_way
    if under is None:
        return None
    since, days = under.since, under.days_so_far
    dated = [
        (r.come_home_by, r.result.title, r.result.status)
        for r in assessment.rules
        if r.come_home_by and (shown is None or r.id in shown)
    ]
    if dated:
        by, title, verdict = min(dated, key=lambda row: (row[0], row[1]))
        left = max((by - assessment.as_of).days, 0)
        status = (
            Status.RED if left == 0 else Status.AMBER if left <= warning_margin else Status.GREEN
        )
        found = ComeHome(since, days, by, left, title, status, verdict)
    else:
        found = ComeHome(since, days, None, 0, "", Status.GREEN)
    booked = under.booked
    if booked is None:
        return found
    title = next((r.result.title for r in assessment.rules if r.id == booked.rule_id), "")
    # A booked return that keeps every rule OK needs nothing done; one that does not is at least
    # a warning, whatever the margin.
    status = (
        Status.GREEN
        if booked.status is Status.GREEN
        else worst(found.status, Status.AMBER, booked.status)
    )
    return replace(
        found,
        status=status,
        booked_return=booked.on,
        booked_status=booked.status,
        booked_rule_title=title,
    )


def banner_sentences(found: ComeHome) -> tuple[str, str]:
    """The two lines the banner, the status text and the notification show: where the trip
    stands, and when to be back (or what the booked return does)."""
    abroad = words.abroad_since_sentence(found.since, found.days_so_far)
    back = _back_sentence(found)
    if found.booked_return is None or found.booked_status is None:
        return abroad, back
    if found.booked_status is Status.GREEN:
        return abroad, words.booked_return_ok_sentence(found.booked_return)
    if found.by is not None and found.days_left and found.booked_rule_title == found.rule_title:
        # The rule it is too late for sets the come-home date too: said in one sentence.
        return abroad, words.booked_return_too_late_sentence(
            found.booked_return, found.rule_title, found.booked_status, found.by, found.days_left
        )
    booked = words.booked_return_not_ok_sentence(
        found.booked_return, found.booked_rule_title, found.booked_status
    )
    return abroad, f"{booked} {back}"


def _back_sentence(found: ComeHome) -> str:
    if found.by is None:
        return words.no_limit_on_trip_sentence()
    if found.days_left == 0:
        return words.come_home_today_sentence(found.rule_title, found.rule_status)
    return words.come_home_by_sentence(found.by, found.days_left, found.rule_title)
