"""What one rule is, as the rest of Borte sees it: a `RuleUnit`.

A unit answers the three questions every view asks of a rule, so no view re-derives any part
of it (window starts, tracks, thresholds):

- `evaluate(ctx)`: where the person stands on the context's date (the engine);
- `daily(ctx, days)`: the rule's own count on each of `days` (the charts), equal on every date
  to the figure `evaluate` gives with that date as the evaluation date;
- `compare(before, after)`: what one more trip changes (the planner's "what if"), from the
  rule's results on the record without and with the trip;
- `period_status(result)`: the worst status over the period a projection covers;
- `breached_on(result)`: the first date the result is over the limit;
- `counting(ctx)`: the shape of the rule's count on the context's date (`counting.py`, or a
  rule's own, such as permanent residence's daily tests), the one description both the rule's
  figures and the planner's vectorised "what if" read; None: asked through `evaluate`;
- `needs_permit`: whether the rule can be judged before any permit is recorded.

Units are listed once, in `registry.RULES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from app.services.days import BoolArray, IntArray
from app.services.profile import Status
from app.services.results import NotApplicable, RuleResult, worst
from app.services.rules.context import Context

LEVELS = (Status.GREEN, Status.AMBER, Status.RED)
LEVEL_OF = {status: number for number, status in enumerate(LEVELS)}


@dataclass(frozen=True, slots=True, eq=False)
class Daily:
    """A rule's count on each requested day, and whether the rule applies on that day."""

    values: IntArray
    applies: BoolArray


@dataclass(frozen=True, slots=True)
class YearChange:
    """A calendar year a trip makes worse (citizenship, loss of permanent residence)."""

    year: int
    days: int
    status: Status


@dataclass(frozen=True, slots=True)
class Change:
    """What one more trip does to a rule, judged against the record with the planned trips.

    `level` is what the trip introduces (0 nothing, 1 borderline, 2 over the limit); breaches
    the record already has without it are not held against it.
    """

    level: int
    first_warning: date | None
    first_breach: date | None
    peak: int | None
    years: tuple[YearChange, ...] = ()
    moved_from: date | None = None  # goals: the earliest date without the trip …
    moved_to: date | None = None  # … and with it (None with `moved`: not within the years)
    moved: bool = False
    dated: tuple[tuple[str, date, int, Status], ...] = field(default=())  # label, on, days, status


def _earlier(new: date | None, old: date | None) -> bool:
    return new is not None and (old is None or new < old)


def compare_first_dates(before: RuleResult, after: RuleResult) -> Change:
    """Default "what if": the trip introduces a level when it brings that level's first date
    forward (or creates it), over the period the projection searches (from tomorrow)."""
    if _earlier(after.first_breach, before.first_breach):
        level = 2
    elif _earlier(after.first_warning, before.first_warning):
        level = 1
    else:
        level = 0
    return Change(
        level=level,
        first_warning=after.first_warning if level else None,
        first_breach=after.first_breach if level == 2 else None,
        peak=after.peak_days,
    )


def worst_over_search(result: RuleResult) -> Status:
    """Default period status: the worst of the status on the last day and any warning or breach
    found in the searched period (a projection searches from tomorrow to the end of plans)."""
    return worst(
        result.status,
        Status.AMBER if result.first_warning is not None else Status.GREEN,
        Status.RED if result.first_breach is not None else Status.GREEN,
    )


def first_breach(result: RuleResult) -> date | None:
    """Default: the first day over the limit the result found."""
    return result.first_breach


@dataclass(frozen=True, slots=True)
class RuleUnit:
    """One rule: see the module docstring."""

    id: str
    evaluate: Callable[[Context], RuleResult | NotApplicable]
    daily: Callable[[Context, IntArray], Daily] | None = None
    compare: Callable[[RuleResult, RuleResult], Change] = compare_first_dates
    period_status: Callable[[RuleResult], Status] = worst_over_search
    breached_on: Callable[[RuleResult], date | None] = first_breach
    counting: Callable[[Context], object | None] | None = None
    needs_permit: bool = True
