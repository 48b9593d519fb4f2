"""The rules engine's front door: evaluate every rule for one person on one date.

`evaluate` is pure: plain values in (`Profile`), frozen results out (`Evaluation`). Figures
count only days on or before `as_of`; trips (or the rest of a trip) after it are planned and
reported separately under `projection`. Each result also carries the headline figure under the
other convention (`inclusive` ↔ `whole_days`), the "UDI may count as few as …" line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from app.services.days import trip_days
from app.services.profile import Convention, Profile
from app.services.results import (
    Alternative,
    Evaluation,
    NotApplicable,
    Projection,
    RuleResult,
)
from app.services.ruledata import RuleData, load_rule_data, rules_checked_sentence
from app.services.rules.citizenship import citizenship
from app.services.rules.collective import collective_protection
from app.services.rules.context import Context, PreparedTrips, build_context
from app.services.rules.loss import permanent_residence_loss
from app.services.rules.permanent import permanent_residence
from app.services.rules.schengen import schengen_90_180
from app.services.rules.temporary import temporary_365, temporary_permit_period

__all__ = ["evaluate", "evaluation_to_json", "format_status_text", "trip_days"]

RuleFunction = Callable[[Context], RuleResult | NotApplicable]


def _rules(pr_waiting_months: int) -> tuple[RuleFunction, ...]:
    return (
        temporary_365,
        temporary_permit_period,
        collective_protection,
        lambda ctx: permanent_residence(ctx, pr_waiting_months),
        permanent_residence_loss,
        citizenship,
        schengen_90_180,
    )


def _other(convention: Convention) -> Convention:
    return "whole_days" if convention == "inclusive" else "inclusive"


def evaluate(
    profile: Profile,
    as_of: date,
    convention: Convention = "inclusive",
    *,
    pr_waiting_months: int = 24,
    data: RuleData | None = None,
) -> Evaluation:
    """Every rule that applies to `profile` on `as_of`, under `convention`."""
    data = data or load_rule_data()
    rules = _rules(pr_waiting_months)
    prepared = PreparedTrips.of(profile)
    ctx = build_context(profile, as_of, convention, data, prepared=prepared)
    alt_ctx = build_context(
        profile, as_of, _other(convention), data, headline_only=True, prepared=prepared
    )

    results: list[RuleResult] = []
    skipped: list[NotApplicable] = []
    for rule in rules:
        result = rule(ctx)
        if isinstance(result, NotApplicable):
            skipped.append(result)
            continue
        other = rule(alt_ctx)
        if isinstance(other, RuleResult) and other.convention != result.convention:
            result = replace(
                result,
                alternative=Alternative(other.convention, other.days_abroad, other.status),
            )
        results.append(result)

    projection: Projection | None = None
    planned = [t for t in profile.trips if t.return_date is not None and t.return_date > as_of]
    if planned:
        future = build_context(profile, as_of, convention, data, projected=True, prepared=prepared)
        future = replace(future, since=as_of + timedelta(days=1))
        projected = [r for rule in rules if isinstance(r := rule(future), RuleResult)]
        projection = Projection(
            through=future.end, planned_trips=len(planned), rules=tuple(projected)
        )
    return Evaluation(
        as_of=as_of,
        convention=convention,
        rules=tuple(results),
        not_applicable=tuple(skipped),
        projection=projection,
    )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def rule_to_json(result: RuleResult) -> dict[str, Any]:
    """One rule result as JSON-ready values (keys are a contract: add, never rename)."""
    return {
        "id": result.id,
        "title": result.title,
        "status": result.status.value,
        "convention": result.convention,
        "days_abroad": result.days_abroad,
        "limit": result.limit,
        "lenient_limit": result.lenient_limit,
        "days_left": result.days_left,
        "window_start": _iso(result.window_start),
        "window_end": _iso(result.window_end),
        "peak_days": result.peak_days,
        "peak_date": _iso(result.peak_date),
        "first_warning": _iso(result.first_warning),
        "first_breach": _iso(result.first_breach),
        "earliest_met": _iso(result.earliest_met),
        "alternative": None
        if result.alternative is None
        else {
            "convention": result.alternative.convention,
            "days_abroad": result.alternative.days_abroad,
            "status": result.alternative.status.value,
        },
        "checks": [
            {
                "id": c.id,
                "label": c.label,
                "status": c.status.value,
                "value": c.value,
                "limit": c.limit,
                "lenient_limit": c.lenient_limit,
            }
            for c in result.checks
        ],
        "evaluations": [
            {
                "label": e.label,
                "on": e.on.isoformat(),
                "days_abroad": e.days_abroad,
                "status": e.status.value,
                "window_start": e.window_start.isoformat(),
                "includes_planned": e.includes_planned,
            }
            for e in result.evaluations
        ],
        "routes": [
            {
                "id": r.id,
                "title": r.title,
                "years": r.years,
                "lookback_years": r.lookback_years,
                "applies": r.applies,
                "earliest_met": _iso(r.earliest_met),
                "note": r.note,
            }
            for r in result.routes
        ],
        "years": [{"year": y.year, "days": y.days, "status": y.status.value} for y in result.years],
        "notes": list(result.notes),
        "summary": result.summary,
        "source": result.source,
    }


def evaluation_to_json(evaluation: Evaluation) -> dict[str, Any]:
    """The `borte status --json` document."""
    projection = evaluation.projection
    return {
        "as_of": evaluation.as_of.isoformat(),
        "convention": evaluation.convention,
        "rules": [rule_to_json(r) for r in evaluation.rules],
        "not_applicable": [
            {"id": n.id, "title": n.title, "reason": n.reason} for n in evaluation.not_applicable
        ],
        "projection": None
        if projection is None
        else {
            "through": projection.through.isoformat(),
            "planned_trips": projection.planned_trips,
            "rules": [rule_to_json(r) for r in projection.rules],
        },
        "disclaimer": "Borte is not legal advice. udi.no is the authority.",
        "rules_checked_on": _iso(load_rule_data().checked_on),
    }


_STATUS_WORDS = {"green": "OK", "amber": "borderline", "red": "over the limit"}
_CONVENTION_WORDS = {
    "inclusive": "departure and return days count as days abroad",
    "whole_days": "only whole days abroad count",
    "nights": "nights abroad count",
}
_COUNTING_WORDS = {
    "inclusive": "Counting departure and return days too",
    "whole_days": "Counting only whole days abroad",
    "nights": "Counting nights abroad",
}


def _rule_lines(result: RuleResult) -> list[str]:
    head = f"{result.title}: {_STATUS_WORDS[result.status.value]} ({result.status.value})"
    window = (
        f" between {_iso(result.window_start)} and {_iso(result.window_end)}"
        if result.window_start
        else ""
    )
    lines = [
        head,
        f"  {result.days_abroad} days abroad{window}; limit {result.limit}"
        + (
            f" (up to {result.lenient_limit} on a lenient reading)"
            if result.lenient_limit != result.limit
            else ""
        )
        + f"; {result.days_left} left.",
    ]
    if result.alternative is not None:
        lines.append(
            f"  {_COUNTING_WORDS[result.alternative.convention]}: "
            f"{result.alternative.days_abroad} ({result.alternative.status.value})."
        )
    if result.first_breach is not None:
        lines.append(f"  First over the limit on {result.first_breach.isoformat()}.")
    for route in result.routes:
        when = _iso(route.earliest_met) or "not within the next years"
        flag = "" if route.applies else " [if it applies to you]"
        lines.append(f"  {route.title}: met {when}{flag}.")
    if result.earliest_met is not None and not result.routes:
        lines.append(f"  Met from {result.earliest_met.isoformat()}.")
    for evaluation in result.evaluations[1:]:
        lines.append(
            f"  {evaluation.label} ({evaluation.on.isoformat()}): {evaluation.days_abroad} days,"
            f" {evaluation.status.value}."
        )
    lines.extend(f"  {note}" for note in result.notes)
    lines.append(f"  Source: {result.source}")
    return lines


def format_status_text(evaluation: Evaluation) -> str:
    """A human-readable status report for the terminal."""
    lines = [
        f"Status on {evaluation.as_of.isoformat()} ({_CONVENTION_WORDS[evaluation.convention]}).",
        "",
    ]
    for result in evaluation.rules:
        lines.extend(_rule_lines(result))
        lines.append("")
    if evaluation.not_applicable:
        lines.append("Not applied:")
        lines.extend(f"  {n.title}: {n.reason}" for n in evaluation.not_applicable)
        lines.append("")
    if evaluation.projection is not None:
        p = evaluation.projection
        lines.append(
            f"With your {p.planned_trips} planned trip(s), through {p.through.isoformat()}:"
        )
        for result in p.rules:
            extra = (
                f", first over the limit on {result.first_breach.isoformat()}"
                if result.first_breach
                else ""
            )
            lines.append(
                f"  {result.title}: {result.status.value} ({result.days_abroad} days){extra}."
            )
        lines.append("")
    lines.append(rules_checked_sentence())
    lines.append("Borte is not legal advice. udi.no is the authority.")
    return "\n".join(lines)
