"""The assessment as `borte status --json` and as terminal text.

JSON keys are a contract: every key of `engine.evaluation_to_json` stays with its meaning;
this adds `headline`, `headline_status`, `under_way`, and per rule `explanation`,
`come_home_by` and `come_home_by_lenient`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.services.assessment.model import Assessment, Explanation, RuleAssessment
from app.services.engine import evaluation_to_json, format_status_text
from app.services.wording import _
from app.services.wording import explain as words


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def explanation_to_json(explanation: Explanation) -> dict[str, Any]:
    """One rule's explanation as JSON-ready values."""
    roll = explanation.roll_off
    return {
        "text": explanation.text,
        "window_start": _iso(explanation.window_start),
        "window_end": explanation.window_end.isoformat(),
        "trips": [
            {"departure": t.departure.isoformat(), "return": _iso(t.return_date), "days": t.days}
            for t in explanation.trips
        ],
        "roll_off": None
        if roll is None
        else {"on": roll.on.isoformat(), "days": roll.days, "until": roll.until.isoformat()},
        "why_not_earlier": explanation.why_not_earlier,
    }


def assessment_to_json(assessment: Assessment) -> dict[str, Any]:
    """The `borte status --json` document."""
    document = evaluation_to_json(assessment.evaluation)
    by_id = {r.id: r for r in assessment.rules}
    for rule in document["rules"]:
        found: RuleAssessment = by_id[rule["id"]]
        rule["explanation"] = explanation_to_json(found.explanation)
        rule["come_home_by"] = _iso(found.come_home_by)
        rule["come_home_by_lenient"] = _iso(found.come_home_by_lenient)
    under = assessment.under_way
    return {
        "headline": assessment.headline.text,
        "headline_status": assessment.headline.status.value,
        "headline_rule": assessment.headline.rule_id,
        "under_way": None
        if under is None
        else {"since": under.since.isoformat(), "days_so_far": under.days_so_far},
        **document,
    }


def format_assessment_text(assessment: Assessment, *, explain: bool = False) -> str:
    """The headline first, then every rule (with `explain`, why each stands where it does)."""
    extra: dict[str, list[str]] = {}
    for rule in assessment.rules:
        lines: list[str] = []
        if explain:
            lines.append("  " + _("Why: {text}").format(text=rule.explanation.text))
        elif assessment.under_way is not None and rule.come_home_by is not None:
            sentence = words.come_home_sentence(
                rule.come_home_by,
                assessment.evaluation.as_of,
                rule.result.status,
                rule.come_home_by_lenient,
            )
            lines.append(f"  {sentence}")
        extra[rule.id] = lines
    body = format_status_text(assessment.evaluation, extra=extra)
    return f"{assessment.headline.text}\n\n{body}"
