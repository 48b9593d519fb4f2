"""A planner answer as JSON (`borte plan --json`) and as text for the terminal.

JSON keys are a contract, as for `borte status --json`: add, never rename.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.services.countries import country_name
from app.services.planner.model import PlanAnswer, RuleVerdict, TripPlan
from app.services.planner.text import (
    days_words,
    horizon_words,
    safe_return_words,
    status_key,
)
from app.services.profile import Status
from app.services.wording import CONVENTION_PHRASES, _, ngettext, pgettext
from app.services.wording.formats import format_date

DISCLAIMER = "Borte is not legal advice. udi.no is the authority."  # JSON; text: _(DISCLAIMER)


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
        return _("destination not given")
    where = (
        _("{code} {country}, another Schengen state")
        if plan.schengen
        else _("{code} {country}, not a Schengen state")
    )
    return where.format(code=plan.destination, country=country_name(plan.destination))


def format_plan_text(answer: PlanAnswer) -> str:
    """The answer for the terminal."""
    plan = answer.plan
    checked = (
        ngettext(
            "Checked on {date} with your {count} planned trip; {convention}.",
            "Checked on {date} with your {count} planned trips; {convention}.",
            plan.planned_trips,
        )
        if plan.planned_trips
        else _("Checked on {date} with no other planned trips; {convention}.")
    )
    if answer.return_given:
        head = _("Trip: {departure} to {back} ({days}; {where}).")
    elif plan.status == Status.RED:
        head = _(
            "Shortest trip (even this breaks a rule): {departure} to {back} ({days}; {where})."
        )
    else:
        head = _("Longest trip within every limit: {departure} to {back} ({days}; {where}).")
    lines = [
        head.format(
            departure=format_date(plan.departure),
            back=format_date(plan.return_date),
            days=days_words(plan.days),
            where=_where(plan),
        ),
        checked.format(
            date=format_date(plan.as_of),
            count=plan.planned_trips,
            convention=CONVENTION_PHRASES[plan.convention],
        ),
        "",
    ]
    # The status column in capitals is the English layout; other languages keep their case
    # (its own words per language, not a changed case: pgettext "column").
    words = {v.id: _status_column(v, plan) for v in plan.verdicts}
    width = max((len(w) for w in words.values()), default=0) + 2
    for verdict in plan.verdicts:
        lines.append(f"{words[verdict.id]:<{width}}{verdict.title}")
        lines.append(f"{'':<{width}}{verdict.message}")
        if verdict.safe_return is not None:
            safe = safe_return_words(verdict.safe_return, plan.horizon_days)
            lines.append(f"{'':<{width}}{safe}")
    if not plan.verdicts:
        lines.append(_("No rule applies to this trip with what is on record."))
    lines.append("")
    for goal in plan.goals:
        lines.append(f"{goal.title}: {goal.message}")
    budget = plan.year_budget
    lines.append(
        _(
            "Days you can still spend abroad in {year} without a citizenship deduction: "
            "{planned} with your planned trips, {after} after this trip."
        ).format(year=budget.year, planned=budget.with_planned, after=budget.with_trip)
    )
    latest = plan.latest_safe_return
    if any(v.safe_return is not None for v in plan.verdicts):
        if latest is None:
            lines.append(_("No return date keeps every rule within its limit for this departure."))
        elif all(v.safe_return.horizon_hit for v in plan.verdicts if v.safe_return is not None):
            lines.append(
                _("No limit on the return within {horizon}.").format(
                    horizon=horizon_words(plan.horizon_days)
                )
            )
        else:
            lines.append(
                _("Latest return that keeps every rule within its limit: {date}.").format(
                    date=format_date(latest)
                )
            )
            lenient = plan.latest_lenient_return
            if lenient is not None and lenient != latest:
                lines.append(
                    _("Only if UDI reads months generously: up to {date} (borderline).").format(
                        date=format_date(lenient)
                    )
                )
    earliest = answer.earliest
    if earliest is not None:
        if earliest.departure is None:
            lines.append(
                _("No departure up to {date} keeps every rule OK for a trip of {days}.").format(
                    date=format_date(earliest.searched_until), days=days_words(earliest.days)
                )
            )
        else:
            lines.append(
                _(
                    "Earliest departure for {days} that keeps every rule OK: {date} (back {back})."
                ).format(
                    days=days_words(earliest.days),
                    date=format_date(earliest.departure),
                    back=format_date(earliest.return_date),
                )
            )
    lines.extend(plan.notes)
    lines.extend(["", _(DISCLAIMER)])
    return "\n".join(lines)


def _status_column(verdict: RuleVerdict, plan: TripPlan) -> str:
    """The verdict's status as the plan's first column ("OVER THE LIMIT")."""
    key = status_key(verdict, plan.goals)
    if key == "none":
        return pgettext("plan column", "NOT AFFECTED")
    if key == "delays":
        return pgettext("plan column", "DELAYS YOUR DATE")
    if key == "red":
        return pgettext("plan column", "OVER THE LIMIT")
    if key == "risk":
        return pgettext("plan column", "AT RISK")
    if key == "amber":
        return pgettext("plan column", "BORDERLINE")
    return pgettext("plan column", "OK")
