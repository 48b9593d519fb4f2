"""The rules engine's front door: evaluate every rule for one person on one date.

`evaluate` is pure: plain values in (`Profile`), frozen results out (`Evaluation`). Figures
count only days on or before `as_of`; trips (or the rest of a trip) after it are planned and
reported separately under `projection`. Each result also carries the headline figure under the
other convention (`inclusive` ↔ `whole_days`), the "UDI may count as few as …" line.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from app.services.days import trip_days
from app.services.profile import Convention, Profile, other_convention
from app.services.results import (
    Alternative,
    Evaluation,
    NotApplicable,
    Projection,
    RuleResult,
)
from app.services.ruledata import RuleData, load_rule_data, rules_checked_sentence
from app.services.rules.basis import Basis
from app.services.rules.registry import RULES
from app.services.wording import (
    CONVENTION_COUNTING,
    CONVENTION_PHRASES,
    STATUS_COLOURS,
    _,
    days_abroad_words,
    days_words,
    ngettext,
)
from app.services.wording.explain import projection_line
from app.services.wording.formats import format_date
from app.services.wording.labels import result_status_in_sentence

__all__ = ["evaluate", "evaluation_to_json", "format_status_text", "trip_days"]


def evaluate(
    profile: Profile,
    as_of: date,
    convention: Convention = "inclusive",
    *,
    pr_waiting_months: int = 24,
    data: RuleData | None = None,
    basis: Basis | None = None,
) -> Evaluation:
    """Every rule that applies to `profile` on `as_of`, under `convention` (`basis`: the
    record already prepared for these inputs, whose contexts and results are shared)."""
    if basis is None:
        basis = Basis(profile, as_of, convention, pr_waiting_months=pr_waiting_months, data=data)
    other = other_convention(convention)

    results: list[RuleResult] = []
    skipped: list[NotApplicable] = []
    for unit in RULES:
        result = basis.result(unit.id, convention)
        if isinstance(result, NotApplicable):
            skipped.append(result)
            continue
        alt = basis.result(unit.id, other, headline_only=True)
        if isinstance(alt, RuleResult) and alt.convention != result.convention:
            result = replace(
                result,
                alternative=Alternative(alt.convention, alt.days_abroad, alt.status),
            )
        results.append(result)

    projection: Projection | None = None
    # Trips (or their rest) after as_of; a trip under way (back −1) is not planned.
    planned = int((basis.prepared.arrays.back > as_of.toordinal()).sum())
    if planned:
        # A projection's status is the worst over the whole period the plans cover (every
        # window, every calendar year, every date that matters), as each rule judges it.
        projected = [
            replace(r, status=unit.period_status(r))
            for unit in RULES
            if isinstance(r := basis.result(unit.id, convention, projected=True), RuleResult)
        ]
        projection = Projection(
            through=basis.context(convention, projected=True).end,
            planned_trips=planned,
            rules=tuple(projected),
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


def _rule_lines(result: RuleResult, extra: list[str] | None = None) -> list[str]:
    head = _("{rule}: {status} ({colour})").format(
        rule=result.title,
        status=result_status_in_sentence(result),
        colour=STATUS_COLOURS[result.status],
    )
    figures = {
        "days": days_abroad_words(result.days_abroad),
        "start": format_date(result.window_start),
        "end": format_date(result.window_end),
        "limit": result.limit,
        "lenient": result.lenient_limit,
        "left": result.days_left,
    }
    windowed = result.window_start is not None
    if result.lenient_limit != result.limit:
        count = (
            _(
                "{days} between {start} and {end}; limit {limit} (up to {lenient} on a lenient "
                "reading); {left} left."
            )
            if windowed
            else _("{days}; limit {limit} (up to {lenient} on a lenient reading); {left} left.")
        )
    else:
        count = (
            _("{days} between {start} and {end}; limit {limit}; {left} left.")
            if windowed
            else _("{days}; limit {limit}; {left} left.")
        )
    lines = [head, "  " + count.format(**figures)]
    if result.alternative is not None:
        lines.append(
            "  "
            + _("{counting}: {days} ({colour}).").format(
                counting=CONVENTION_COUNTING[result.alternative.convention],
                days=result.alternative.days_abroad,
                colour=STATUS_COLOURS[result.alternative.status],
            )
        )
    if result.first_breach is not None:
        lines.append(
            "  "
            + _("First over the limit on {date}.").format(date=format_date(result.first_breach))
        )
    for route in result.routes:
        if route.earliest_met is None:
            line = (
                _("{route}: met not within the next years.")
                if route.applies
                else _("{route}: met not within the next years [if it applies to you].")
            )
        else:
            line = (
                _("{route}: met {date}.")
                if route.applies
                else _("{route}: met {date} [if it applies to you].")
            )
        lines.append("  " + line.format(route=route.title, date=format_date(route.earliest_met)))
    if result.earliest_met is not None and not result.routes:
        lines.append("  " + _("Met from {date}.").format(date=format_date(result.earliest_met)))
    for evaluation in result.evaluations[1:]:
        lines.append(
            "  "
            + _("{label} ({date}): {days}, {colour}.").format(
                label=evaluation.label,
                date=format_date(evaluation.on),
                days=days_words(evaluation.days_abroad),
                colour=STATUS_COLOURS[evaluation.status],
            )
        )
    lines.extend(f"  {note}" for note in result.notes)
    lines.extend(extra or ())
    lines.append("  " + _("Source: {url}").format(url=result.source))
    return lines


def format_status_text(evaluation: Evaluation, *, extra: dict[str, list[str]] | None = None) -> str:
    """A human-readable status report for the terminal (`extra`: more lines per rule id)."""
    lines = [
        _("Status on {date} ({convention}).").format(
            date=format_date(evaluation.as_of),
            convention=CONVENTION_PHRASES[evaluation.convention],
        ),
        "",
    ]
    for result in evaluation.rules:
        lines.extend(_rule_lines(result, (extra or {}).get(result.id)))
        lines.append("")
    if evaluation.not_applicable:
        lines.append(_("Not applied:"))
        lines.extend(f"  {n.title}: {n.reason}" for n in evaluation.not_applicable)
        lines.append("")
    if evaluation.projection is not None:
        p = evaluation.projection
        lines.append(
            ngettext(
                "With your {count} planned trip, through {through}:",
                "With your {count} planned trips, through {through}:",
                p.planned_trips,
            ).format(count=p.planned_trips, through=format_date(p.through))
        )
        for result in p.rules:
            lines.append(f"  {projection_line(result, evaluation.as_of)}")
        lines.append("")
    lines.append(rules_checked_sentence())
    lines.append(_("Borte is not legal advice. udi.no is the authority."))
    return "\n".join(lines)
