"""What a rule counts, said once: the shape of its count on a context's date.

A rule whose level is a count at a few places describes that count here, and uses the same
description for its own figures; the planner's vectorised "what if" (`planner/probes.py`)
reads the description and never re-derives a window, a limit or a start. A rule with none of
these shapes is asked through its unit, one candidate at a time.

- `RollingWindow`: at most `cap` days of `mask` in any `window`-day window (182/365, 90/180);
- `PeriodTotal`: at most a number of days of `mask` in one fixed period (half a short permit);
- `CalendarYears`: days of `mask` in each calendar year against two lines (the citizenship
  deduction).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services.days import DayMask


@dataclass(frozen=True, slots=True, eq=False)
class RollingWindow:
    """At most `cap` days of `mask` in the `window` days ending on each judged day.

    Windows count no day before `floor`; days before `in_force` are not judged. With
    `judged_when_present` a day is judged only when it is itself in the mask (Schengen: "for
    every date on which the person is in another Schengen state", rules.md §6).
    """

    mask: DayMask
    window: int
    cap: int
    floor: int
    in_force: int
    judged_when_present: bool = False
    # The mask holds days in other Schengen states only (a trip elsewhere adds none).
    schengen: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class PeriodTotal:
    """Days of `mask` in [start, stop]: GREEN up to `conservative`, AMBER up to `lenient`."""

    mask: DayMask
    start: int
    stop: int
    conservative: int
    lenient: int


@dataclass(frozen=True, slots=True, eq=False)
class CalendarYears:
    """Days of `mask` in each calendar year (from `start`): GREEN up to `conservative`, AMBER
    up to `lenient`, RED above."""

    mask: DayMask
    start: int
    conservative: int
    lenient: int


Counting = RollingWindow | PeriodTotal | CalendarYears
