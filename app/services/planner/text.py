"""The planner's sentences: one per verdict and per goal, shared by the panel and the CLI."""

from __future__ import annotations

from datetime import date

from app.services.countries import country_name
from app.services.planner.model import (
    RETURN_HORIZON_DAYS,
    GoalDates,
    PlanAnswer,
    RuleVerdict,
    SafeReturn,
)
from app.services.profile import Profile, Status
from app.services.results import RuleResult
from app.services.rules.unit import Change
from app.services.wording import STATUS_SYMBOLS, STATUS_WORDS, _
from app.services.wording import days_words as days_words
from app.services.wording.labels import STATUS_AT_RISK

# What each rule counts, for "N days <noun>".
NOUNS = {
    "temporary-365": "abroad in a 365-day period",
    "temporary-permit-period": "abroad in your permit period",
    "collective-protection": "abroad in your permit period or the year before it ends",
    "permanent-residence": "abroad in the qualifying window on the dates that matter",
    "permanent-residence-loss": "abroad that count toward losing it",
    "citizenship": "abroad in a calendar year",
    "schengen-90-180": "in other Schengen states in 180 days",
}
GOAL_NOUNS = {"permanent-residence": "permanent residence", "citizenship": "citizenship"}
GOAL_TITLES = {"permanent-residence": "Permanent residence", "citizenship": "Citizenship"}
# For the one-line answer: "over the limit for Schengen 90/180 and citizenship".
SHORT_NAMES = {
    "temporary-365": "182 days in any 365",
    "temporary-permit-period": "half the permit period",
    "collective-protection": "collective protection",
    "permanent-residence": "permanent residence",
    "permanent-residence-loss": "keeping permanent residence",
    "citizenship": "citizenship",
    "schengen-90-180": "Schengen 90/180",
}
PROBLEM_PHRASES = {
    "Over the limit": "over the limit for {}",
    "Borderline": "borderline for {}",
    "Delays your date": "delays your {} date",
    STATUS_AT_RISK: "at risk for {}",
}


def status_word(verdict: RuleVerdict, goals: tuple[GoalDates, ...] = ()) -> str:
    """The verdict's status in words (never colour alone)."""
    if not verdict.affected:
        return "Not affected"
    if verdict.status == Status.RED and _delays(verdict, goals):
        return "Delays your date"
    if verdict.status == Status.RED and (verdict.peak_days or 0) <= verdict.lenient_limit:
        # RED for a reason the count does not explain (a trip to Ukraine under collective
        # protection): "Over the limit" beside a small count would mislead.
        return STATUS_AT_RISK
    return STATUS_WORDS[verdict.status]


def _delays_earliest(verdict: RuleVerdict, goals: tuple[GoalDates, ...]) -> bool:
    return _delays(verdict, goals)


def _delays(verdict: RuleVerdict, goals: tuple[GoalDates, ...]) -> bool:
    """Whether a permanent-residence verdict is RED because the trip moves the earliest date."""
    return verdict.id == "permanent-residence" and any(
        g.id == verdict.id and g.moved for g in goals
    )


def _iso(day: date | None) -> str:
    return "no date within the next years" if day is None else day.isoformat()


def horizon_words(days: int = RETURN_HORIZON_DAYS) -> str:
    """ "2 years" for 730 days, else "N days"."""
    return f"{days // 365} years" if days % 365 == 0 and days >= 730 else f"{days} days"


def safe_return_words(safe: SafeReturn, horizon_days: int) -> str:
    """The latest safe return as a sentence."""
    if safe.latest is None:
        what = (
            "delays your earliest date or fails a date that matters"
            if safe.rule_id == "permanent-residence"
            else "breaks this rule"
        )
        return f"Latest safe return: none; even the shortest trip from this date {what}."
    if safe.horizon_hit:
        return f"Latest safe return: no limit within {horizon_words(horizon_days)}."
    if safe.latest_green is None:
        return (
            f"Latest safe return: none on the cautious reading (any return is borderline); "
            f"{safe.latest.isoformat()} on the lenient reading."
        )
    words = f"Latest safe return: {safe.latest_green.isoformat()}"
    if safe.latest_green != safe.latest:
        words += f" (up to {safe.latest.isoformat()} only on the lenient reading: borderline)"
    return words + "."


def _year_sentences(verdict: RuleVerdict, change: Change) -> list[str]:
    """One sentence per calendar year the trip makes worse, each with its own count."""
    found: list[str] = []
    for year in change.years:
        if year.status == Status.RED:
            found.append(
                _(
                    "{year} would reach {days} abroad: all of that year's days abroad would be "
                    "deducted."
                ).format(year=year.year, days=days_words(year.days))
            )
        else:
            found.append(
                _(
                    "{year} would reach {days} abroad: over {limit}, so all of that year's days "
                    "abroad would be deducted under the strict reading."
                ).format(year=year.year, days=days_words(year.days), limit=verdict.limit)
            )
    return found


def _pr_sentence(change: Change) -> str | None:
    """Permanent residence made to fail on a date that matters, and what it moves."""
    failing = [d for d in change.dated if d[3] != Status.GREEN]
    if not failing:
        return None
    label, on, days, _status = max(failing, key=lambda d: d[2])
    text = _("{label} ({on}) you would have {days} abroad in the qualifying window.").format(
        label=label, on=on.isoformat(), days=days_words(days)
    )
    if change.moved_to is not None and change.moved_to != change.moved_from:
        text += " " + _(
            "Apply before you leave, or your earliest date moves from {old} to {new}."
        ).format(old=_iso(change.moved_from), new=change.moved_to.isoformat())
    else:
        text += " " + _("Apply before you leave, or plan a shorter trip.")
    return text


def verdict_message(
    verdict: RuleVerdict, goals: tuple[GoalDates, ...], change: Change | None = None
) -> str:
    """The verdict in one or two sentences."""
    noun = NOUNS.get(verdict.id, "abroad")
    peak = verdict.peak_days or 0
    parts: list[str] = []
    pr_dated = (
        _pr_sentence(change)
        if change is not None
        and verdict.id == "permanent-residence"
        and verdict.status != Status.GREEN
        else None
    )
    if change is not None and change.years and verdict.status != Status.GREEN:
        parts.extend(_year_sentences(verdict, change))
    elif pr_dated is not None and not _delays_earliest(verdict, goals):
        parts.append(pr_dated)
    elif verdict.status == Status.RED and _delays(verdict, goals):
        parts.append(next(g.message for g in goals if g.id == verdict.id))
    elif verdict.status == Status.RED:
        line = verdict.lenient_limit if peak > verdict.lenient_limit else verdict.limit
        parts.append(
            f"Over the limit from {_iso(verdict.first_breach)}: {days_words(peak)} {noun}, "
            f"{days_words(verdict.over_by)} more than {line}."
        )
    elif verdict.status == Status.AMBER:
        parts.append(
            f"Borderline from {_iso(verdict.first_warning)}: {days_words(peak)} {noun}, over "
            f"{verdict.limit} but not over {verdict.lenient_limit} (it depends on how UDI "
            "counts months)."
        )
    elif verdict.peak_days is not None:
        parts.append(f"Fine: at most {days_words(peak)} {noun} (limit {verdict.limit}).")
    else:
        parts.append("Fine: this trip does not affect the dates that matter.")
    if verdict.already_breached is not None:
        parts.append(
            f"Your record already breaks this rule on {verdict.already_breached.isoformat()} "
            "without this trip."
        )
    return " ".join(parts)


def unaffected_verdict(
    base: RuleResult, destination: str | None, already: int | None
) -> RuleVerdict:
    """The verdict for a rule the trip cannot change (Schengen, other destination)."""
    if destination is None:
        message = "Not checked: no destination given. Choose the country to check this rule."
    else:
        message = (
            f"Not affected: {country_name(destination)} is not another Schengen state on "
            "these dates."
        )
    return RuleVerdict(
        id=base.id,
        title=base.title,
        status=Status.GREEN,
        affected=False,
        first_warning=None,
        first_breach=None,
        peak_days=None,
        limit=base.limit,
        lenient_limit=base.lenient_limit,
        over_by=0,
        already_breached=None if already is None else date.fromordinal(already),
        safe_return=None,
        message=message,
    )


def goal_dates(
    rule_id: str, now: date | None, planned: date | None, with_trip: date | None
) -> GoalDates:
    """A goal's dates with the sentence saying whether this trip moves them."""
    noun = GOAL_NOUNS[rule_id]
    if with_trip == planned:
        message = f"This trip does not change your earliest {noun} date ({_iso(planned)})."
    elif with_trip is None:
        message = (
            f"This trip moves your earliest {noun} date from {_iso(planned)} to beyond the next "
            "years."
        )
    else:
        message = f"This trip moves your earliest {noun} date from {_iso(planned)} to " + (
            f"{with_trip.isoformat()}."
        )
    return GoalDates(rule_id, GOAL_TITLES[rule_id], now, planned, with_trip, message)


def plan_notes(
    profile: Profile, as_of: date, destination: str | None, departure: date
) -> tuple[str, ...]:
    """Things worth saying about the question itself."""
    notes: list[str] = []
    under_way = [t for t in profile.trips if t.return_date is None and t.departure <= as_of]
    for trip in under_way:
        if trip.departure != departure:
            notes.append(
                f"You are abroad now (since {trip.departure.isoformat()}); that trip counts "
                f"through today. To plan your way home, set the departure to "
                f"{trip.departure.isoformat()}."
            )
    if destination is None:
        notes.append("No destination given, so the Schengen 90/180 rule is not checked.")
    return tuple(notes)


def plan_summary(answer: PlanAnswer) -> str:
    """The answer in one line: the trip, what it breaks, and the latest return within every
    limit ("✖ 2025-06-01 to 2025-08-12 (73 days): over the limit for 182 days in any 365. …")."""
    plan = answer.plan
    trip = (
        f"{plan.departure.isoformat()} to {plan.return_date.isoformat()} ({days_words(plan.days)})"
    )
    latest = plan.latest_safe_return
    lenient = plan.latest_lenient_return
    if latest is None:
        until = " No return keeps every limit for this departure."
    elif all(v.safe_return.horizon_hit for v in plan.verdicts if v.safe_return):
        until = f" No return limit within {horizon_words(plan.horizon_days)}."
    else:
        until = f" Latest return within every limit: {latest.isoformat()}."
        if lenient is not None and lenient != latest:
            until += f" ({lenient.isoformat()} only on the lenient reading.)"
    if plan.status == Status.GREEN:
        return f"{STATUS_SYMBOLS[Status.GREEN]} {trip} keeps every rule.{until}"
    problems: dict[str, list[str]] = {}
    for verdict in plan.verdicts:
        if verdict.status != Status.GREEN:
            word = status_word(verdict, plan.goals)
            problems.setdefault(word, []).append(SHORT_NAMES.get(verdict.id, verdict.title))
    parts = [PROBLEM_PHRASES[word].format(" and ".join(names)) for word, names in problems.items()]
    return f"{STATUS_SYMBOLS[plan.status]} {trip}: {'; '.join(parts)}.{until}"
