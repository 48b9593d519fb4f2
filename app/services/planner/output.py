"""A planner answer as JSON (`borte plan --json`) and as text for the terminal.

JSON keys are a contract, as for `borte status --json`: add, never rename.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.services.countries import country_name
from app.services.planner.model import PlanAnswer, RuleVerdict, TripPlan
from app.services.planner.text import days_words, horizon_words, safe_return_words, status_word
from app.services.profile import Status
from app.services.wording import CONVENTION_PHRASES

DISCLAIMER = "Borte is not legal advice. udi.no is the authority."


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _verdict_json(verdict: RuleVerdict) -> dict[str, Any]:
    safe = verdict.safe_return
    return {
        "id": verdict.id,
        "title": verdict.title,
        "status": verdict.status.value,
        "affected": verdict.affected,
        "first_warning": _iso(verdict.first_warning),
        "first_breach": _iso(verdict.first_breach),
        "peak_days": verdict.peak_days,
        "limit": verdict.limit,
        "lenient_limit": verdict.lenient_limit,
        "over_by": verdict.over_by,
        "already_breached": _iso(verdict.already_breached),
        "latest_safe_return": None if safe is None else _iso(safe.latest_green),
        "latest_green_return": None if safe is None else _iso(safe.latest_green),
        "latest_lenient_return": None if safe is None else _iso(safe.latest),
        "no_limit_within_horizon": False if safe is None else safe.horizon_hit,
        "message": verdict.message,
    }


def plan_to_json(answer: PlanAnswer) -> dict[str, Any]:
    """The `borte plan --json` document.

    `latest_safe_return` maps each rule the trip can affect to the latest return keeping it OK
    under the cautious reading, the one that decides "safe" (`latest_lenient_return`: free of
    RED, on the lenient reading of months) (null: even the shortest trip breaks it; where no
    limit was found within the horizon, the horizon's last day, and the verdict's
    `no_limit_within_horizon` is true). Schengen is left out unless the destination is another
    Schengen state.
    """
    plan = answer.plan
    earliest = answer.earliest
    return {
        "as_of": plan.as_of.isoformat(),
        "convention": plan.convention,
        "departure": plan.departure.isoformat(),
        "return": plan.return_date.isoformat(),
        "return_given": answer.return_given,
        "days": plan.days,
        "destination": plan.destination,
        "schengen": plan.schengen,
        "planned_trips": plan.planned_trips,
        "status": plan.status.value,
        "latest_safe_return": {
            v.id: _iso(v.safe_return.latest_green)
            for v in plan.verdicts
            if v.safe_return is not None
        },
        "latest_lenient_return": {
            v.id: _iso(v.safe_return.latest) for v in plan.verdicts if v.safe_return is not None
        },
        "latest_safe_return_all_rules": _iso(plan.latest_safe_return),
        "latest_lenient_return_all_rules": _iso(plan.latest_lenient_return),
        "horizon_days": plan.horizon_days,
        "verdicts": [_verdict_json(v) for v in plan.verdicts],
        "goals": [
            {
                "id": g.id,
                "title": g.title,
                "without_planned": _iso(g.without_planned),
                "with_planned": _iso(g.with_planned),
                "with_trip": _iso(g.with_trip),
                "moved": g.moved,
                "message": g.message,
            }
            for g in plan.goals
        ],
        "days_left_this_year": {
            "year": plan.year_budget.year,
            "limit": plan.year_budget.limit,
            "with_planned": plan.year_budget.with_planned,
            "with_trip": plan.year_budget.with_trip,
        },
        "earliest_departure": None
        if earliest is None
        else {
            "days": earliest.days,
            "departure": _iso(earliest.departure),
            "return": _iso(earliest.return_date),
            "searched_until": earliest.searched_until.isoformat(),
        },
        "notes": list(plan.notes),
        "disclaimer": DISCLAIMER,
    }


def _where(plan: TripPlan) -> str:
    if plan.destination is None:
        return "destination not given"
    kind = "another Schengen state" if plan.schengen else "not a Schengen state"
    return f"{plan.destination} {country_name(plan.destination)}, {kind}"


def format_plan_text(answer: PlanAnswer) -> str:
    """The answer for the terminal."""
    plan = answer.plan
    planned = (
        f"with your {plan.planned_trips} planned trip{'s' if plan.planned_trips != 1 else ''}"
        if plan.planned_trips
        else "with no other planned trips"
    )
    head = "Trip" if answer.return_given else "Longest trip within every limit"
    if not answer.return_given and plan.status == Status.RED:
        head = "Shortest trip (even this breaks a rule)"
    lines = [
        f"{head}: {plan.departure.isoformat()} to {plan.return_date.isoformat()} "
        f"({days_words(plan.days)}; {_where(plan)}).",
        f"Checked on {plan.as_of.isoformat()} {planned}; {CONVENTION_PHRASES[plan.convention]}.",
        "",
    ]
    words = {v.id: status_word(v, plan.goals) for v in plan.verdicts}
    width = max((len(w) for w in words.values()), default=0) + 2
    for verdict in plan.verdicts:
        lines.append(f"{words[verdict.id].upper():<{width}}{verdict.title}")
        lines.append(f"{'':<{width}}{verdict.message}")
        if verdict.safe_return is not None:
            safe = safe_return_words(verdict.safe_return, plan.horizon_days)
            lines.append(f"{'':<{width}}{safe}")
    if not plan.verdicts:
        lines.append("No rule applies to this trip with what is on record.")
    lines.append("")
    for goal in plan.goals:
        lines.append(f"{goal.title}: {goal.message}")
    budget = plan.year_budget
    lines.append(
        f"Days you can still spend abroad in {budget.year} without a citizenship deduction: "
        f"{budget.with_planned} with your planned trips, {budget.with_trip} after this trip."
    )
    latest = plan.latest_safe_return
    if any(v.safe_return is not None for v in plan.verdicts):
        if latest is None:
            lines.append("No return date keeps every rule within its limit for this departure.")
        elif all(v.safe_return.horizon_hit for v in plan.verdicts if v.safe_return is not None):
            lines.append(f"No limit on the return within {horizon_words(plan.horizon_days)}.")
        else:
            lines.append(f"Latest return that keeps every rule within its limit: {latest}.")
            lenient = plan.latest_lenient_return
            if lenient is not None and lenient != latest:
                lines.append(
                    f"Only if UDI reads months generously: up to {lenient.isoformat()} "
                    "(borderline)."
                )
    earliest = answer.earliest
    if earliest is not None:
        if earliest.departure is None:
            lines.append(
                f"No departure up to {earliest.searched_until.isoformat()} keeps every rule OK "
                f"for a trip of {days_words(earliest.days)}."
            )
        else:
            lines.append(
                f"Earliest departure for {days_words(earliest.days)} that keeps every rule OK: "
                f"{earliest.departure.isoformat()} (back {_iso(earliest.return_date)})."
            )
    lines.extend(plan.notes)
    lines.extend(["", DISCLAIMER])
    return "\n".join(lines)
