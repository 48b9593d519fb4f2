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
STATUS_WORDS = {Status.GREEN: "OK", Status.AMBER: "Borderline", Status.RED: "Over the limit"}
# A shape beside the word, so a status never rests on colour alone (as app/ui/labels.py).
STATUS_SYMBOLS = {Status.GREEN: "✔", Status.AMBER: "▲", Status.RED: "✖"}
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
}


def days_words(count: int) -> str:
    """ "1 day", "2 days"."""
    return f"{count} day" if count == 1 else f"{count} days"


def status_word(verdict: RuleVerdict, goals: tuple[GoalDates, ...] = ()) -> str:
    """The verdict's status in words (never colour alone)."""
    if not verdict.affected:
        return "Not affected"
    if verdict.status == Status.RED and _delays(verdict, goals):
        return "Delays your date"
    return STATUS_WORDS[verdict.status]


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
    words = f"Latest safe return: {safe.latest.isoformat()}"
    if safe.latest_green is None:
        words += " (any return is borderline)"
    elif safe.latest_green != safe.latest:
        words += f" ({safe.latest_green.isoformat()} to stay clear of the borderline)"
    return words + "."


def verdict_message(verdict: RuleVerdict, goals: tuple[GoalDates, ...]) -> str:
    """The verdict in one or two sentences."""
    noun = NOUNS.get(verdict.id, "abroad")
    peak = verdict.peak_days or 0
    parts: list[str] = []
    if verdict.id == "citizenship" and verdict.status != Status.GREEN:
        year = (verdict.first_warning or verdict.first_breach or date.min).year
        reading = "" if verdict.status == Status.RED else " under the strict reading"
        parts.append(
            f"{year} would reach {days_words(peak)} abroad (over {verdict.limit} from "
            f"{_iso(verdict.first_warning)}): all of that year's days abroad would be "
            f"deducted{reading}."
        )
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
    if latest is None:
        until = " No return keeps every limit for this departure."
    elif all(v.safe_return.horizon_hit for v in plan.verdicts if v.safe_return):
        until = f" No return limit within {horizon_words(plan.horizon_days)}."
    else:
        until = f" Latest return within every limit: {latest.isoformat()}."
    if plan.status == Status.GREEN:
        return f"{STATUS_SYMBOLS[Status.GREEN]} {trip} keeps every rule.{until}"
    problems: dict[str, list[str]] = {}
    for verdict in plan.verdicts:
        if verdict.status != Status.GREEN:
            word = status_word(verdict, plan.goals)
            problems.setdefault(word, []).append(SHORT_NAMES.get(verdict.id, verdict.title))
    parts = [
        PROBLEM_PHRASES.get(word, word.lower()).format(" and ".join(names))
        for word, names in problems.items()
    ]
    return f"{STATUS_SYMBOLS[plan.status]} {trip}: {'; '.join(parts)}.{until}"
