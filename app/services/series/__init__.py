"""Daily series and chart inputs, computed from the engine's own day masks and rule results.

The charts (`app/services/charts/`) draw only what this package returns, and this package takes
its figures from the engine: the day masks of `build_context` and the `RuleResult`s of the rule
functions themselves. The per-day counts use the same windows the rules use, so on the
evaluation date a series holds the rule's `days_abroad`, and its maximum over the history is the
rule's `peak_days` (tests/unit/test_series.py checks both, on random profiles too):

- rolling 365 days: abroad days in `[max(d − 364, lo), d]`, where `lo` is the start of the first
  permit the rule applies to (rules/temporary.py);
- permanent residence: abroad days in `(d − N years, d]` from the start of the qualifying period,
  N = 3 or 5 (rules/permanent.py);
- Schengen: days in other Schengen states in `[d − 179, d]`, always inclusive (rules/schengen.py);
- citizenship: the engine's own calendar-year totals (`RuleResult.years`).

Days up to the evaluation date count the record; later days count planned trips as well (the
engine's projection). Both come from one projected context: on days up to `as_of` its masks equal
the record's. Everything is vectorised: linear in trips plus days shown.
"""

from __future__ import annotations

from app.services.series.allowance import AllowanceChart, AllowanceRow, allowance
from app.services.series.counts import (
    CountChart,
    Marker,
    permanent_residence_window,
    pr_years,
    rolling_absence,
    schengen_days,
)
from app.services.series.source import (
    CONVENTION_WORDS,
    DEFAULT_WARNING_MARGIN,
    NO_TRIPS,
    RANGE_CHOICES,
    RULE_IDS,
    SHORT_TITLES,
    ChartSource,
    DailySeries,
    DateRange,
    RangeChoice,
)
from app.services.series.timeline import GROUPS, TimelineChart, trip_timeline
from app.services.series.years import YearChart, citizenship_years

__all__ = [
    "CONVENTION_WORDS",
    "DEFAULT_WARNING_MARGIN",
    "GROUPS",
    "NO_TRIPS",
    "RANGE_CHOICES",
    "RULE_IDS",
    "SHORT_TITLES",
    "AllowanceChart",
    "AllowanceRow",
    "ChartSource",
    "CountChart",
    "DailySeries",
    "DateRange",
    "Marker",
    "RangeChoice",
    "TimelineChart",
    "YearChart",
    "allowance",
    "citizenship_years",
    "permanent_residence_window",
    "pr_years",
    "rolling_absence",
    "schengen_days",
    "trip_timeline",
]
