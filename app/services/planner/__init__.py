"""The trip planner (issue 6): "may I leave on D, and until when?" against every rule.

`Planner(profile, as_of, convention)` builds the baseline once (the engine's projection with
the planned trips on record); its methods answer each question in a few milliseconds:
`plan` (verdicts on one trip), `latest_safe_returns`, `earliest_departure`, and `answer`
(the three together, as the panel and `borte plan` ask them). `plan_to_json` and
`format_plan_text` render an answer for the command line.
"""

from __future__ import annotations

from app.services.planner.core import Planner
from app.services.planner.model import (
    DEPARTURE_HORIZON_DAYS,
    MAX_TRIP_DAYS,
    RETURN_HORIZON_DAYS,
    RULE_ORDER,
    EarliestDeparture,
    GoalDates,
    PlanAnswer,
    RuleVerdict,
    SafeReturn,
    TripPlan,
    YearBudget,
)
from app.services.planner.output import format_plan_text, plan_to_json

__all__ = [
    "DEPARTURE_HORIZON_DAYS",
    "MAX_TRIP_DAYS",
    "RETURN_HORIZON_DAYS",
    "RULE_ORDER",
    "EarliestDeparture",
    "GoalDates",
    "PlanAnswer",
    "Planner",
    "RuleVerdict",
    "SafeReturn",
    "TripPlan",
    "YearBudget",
    "format_plan_text",
    "plan_to_json",
]
