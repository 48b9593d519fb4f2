"""The assessment as `borte status --json` and as terminal text.

JSON keys are a contract: every key of `engine.evaluation_to_json` stays with its meaning;
this adds `headline`, `headline_status`, `under_way` (since, days so far, the booked return and
the planner's verdict on it, the come-home date and the banner's sentences), and per rule
`explanation`, `come_home_by` and `come_home_by_lenient`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.services.assessment.abroad import banner_sentences, come_home
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
    return {
        "headline": assessment.headline.text,
        "headline_status": assessment.headline.status.value,
        "headline_rule": assessment.headline.rule_id,
        "under_way": _under_way_to_json(assessment),
        **document,
    }


def _under_way_to_json(assessment: Assessment) -> dict[str, Any] | None:
    under = assessment.under_way
    found = come_home(assessment, warning_margin=0)
    if under is None or found is None:
        return None
    booked = under.booked
    return {
        "since": under.since.isoformat(),
        "days_so_far": under.days_so_far,
        "booked_return": _iso(under.booked_return),
        "booked_return_status": None if booked is None else booked.status.value,
        "booked_return_rule": None if booked is None else booked.rule_id,
        "come_home_by": _iso(found.by),
        "text": " ".join(banner_sentences(found)),
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
    found = come_home(assessment, warning_margin=0)
    if found is None:
        return f"{assessment.headline.text}\n\n{body}"
    # As the window's banner: the trip under way first, then the headline.
    abroad, back = banner_sentences(found)
    return f"{abroad}\n{back}\n{assessment.headline.text}\n\n{body}"
