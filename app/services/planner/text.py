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
from app.services.wording import N_, STATUS_SYMBOLS, STATUS_WORDS, LazyLabels, _, ngettext
from app.services.wording import days_words as days_words
from app.services.wording.formats import format_date
from app.services.wording.labels import STATUS_AT_RISK

# What each rule counts, for "N days <noun>".
NOUNS: LazyLabels[str] = LazyLabels(
    {
        "temporary-365": N_("abroad in a 365-day period"),
        "temporary-permit-period": N_("abroad in your permit period"),
        "collective-protection": N_("abroad in your permit period or the year before it ends"),
        "permanent-residence": N_("abroad in the qualifying window on the dates that matter"),
        "permanent-residence-loss": N_("abroad that count toward losing it"),
        "citizenship": N_("abroad in a calendar year"),
        "schengen-90-180": N_("in other Schengen states in 180 days"),
    }
)
GOAL_TITLES: LazyLabels[str] = LazyLabels(
    {"permanent-residence": N_("Permanent residence"), "citizenship": N_("Citizenship")}
)
# For the one-line answer: "over the limit for Schengen 90/180 and citizenship".
SHORT_NAMES: LazyLabels[str] = LazyLabels(
    {
        "temporary-365": N_("182 days in any 365"),
        "temporary-permit-period": N_("half the permit period"),
        "collective-protection": N_("collective protection"),
        "permanent-residence": N_("permanent residence"),
        "permanent-residence-loss": N_("keeping permanent residence"),
        "citizenship": N_("citizenship"),
        "schengen-90-180": N_("Schengen 90/180"),
    }
)


def status_key(verdict: RuleVerdict, goals: tuple[GoalDates, ...] = ()) -> str:
    """The verdict's status as a stable code: "none", "delays", "risk", "green", "amber", "red"."""
    if not verdict.affected:
        return "none"
    if verdict.status == Status.RED and _delays(verdict, goals):
        return "delays"
    if verdict.status == Status.RED and (verdict.peak_days or 0) <= verdict.lenient_limit:
        # RED for a reason the count does not explain (a trip to Ukraine under collective
        # protection): "Over the limit" beside a small count would mislead.
        return "risk"
    return verdict.status.value


def status_word(verdict: RuleVerdict, goals: tuple[GoalDates, ...] = ()) -> str:
    """The verdict's status in words (never colour alone)."""
    key = status_key(verdict, goals)
    if key == "none":
        return _("Not affected")
    if key == "delays":
        return _("Delays your date")
    if key == "risk":
        return _(STATUS_AT_RISK)
    return STATUS_WORDS[verdict.status]


def _problem_phrase(key: str, names: list[str]) -> str:
    """ "over the limit for A and B", "borderline for A", "delays your A date"."""
    listed = _("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])
    listed = listed if len(names) > 1 else names[0]
    if key == "delays":
        return _("delays your {rules} date").format(rules=listed)
    if key == "amber":
        return _("borderline for {rules}").format(rules=listed)
    if key == "risk":
        return _("at risk for {rules}").format(rules=listed)
    return _("over the limit for {rules}").format(rules=listed)


def _delays_earliest(verdict: RuleVerdict, goals: tuple[GoalDates, ...]) -> bool:
    return _delays(verdict, goals)


def _delays(verdict: RuleVerdict, goals: tuple[GoalDates, ...]) -> bool:
    """Whether a permanent-residence verdict is RED because the trip moves the earliest date."""
    return verdict.id == "permanent-residence" and any(
        g.id == verdict.id and g.moved for g in goals
    )


def _iso(day: date | None) -> str:
    return _("no date within the next years") if day is None else format_date(day)


def horizon_words(days: int = RETURN_HORIZON_DAYS) -> str:
    """ "2 years" for 730 days, else "N days"."""
    if days % 365 == 0 and days >= 730:
        return ngettext("{count} year", "{count} years", days // 365).format(count=days // 365)
    return days_words(days)


def safe_return_words(safe: SafeReturn, horizon_days: int) -> str:
    """The latest safe return as a sentence."""
    if safe.latest is None:
        if safe.rule_id == "permanent-residence":
            return _(
                "Latest safe return: none; even the shortest trip from this date delays your "
                "earliest date or fails a date that matters."
            )
        return _(
            "Latest safe return: none; even the shortest trip from this date breaks this rule."
        )
    if safe.horizon_hit:
        return _("Latest safe return: no limit within {horizon}.").format(
            horizon=horizon_words(horizon_days)
        )
    if safe.latest_green is None:
        return _(
            "Latest safe return: none on the cautious reading (any return is borderline); {date} "
            "on the lenient reading."
        ).format(date=format_date(safe.latest))
    if safe.latest_green != safe.latest:
        return _(
            "Latest safe return: {date} (up to {lenient} only on the lenient reading: borderline)."
        ).format(date=format_date(safe.latest_green), lenient=format_date(safe.latest))
    return _("Latest safe return: {date}.").format(date=format_date(safe.latest_green))


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
        label=label, on=format_date(on), days=days_words(days)
    )
    if change.moved_to is not None and change.moved_to != change.moved_from:
        text += " " + _(
            "Apply before you leave, or your earliest date moves from {old} to {new}."
        ).format(old=_iso(change.moved_from), new=format_date(change.moved_to))
    else:
        text += " " + _("Apply before you leave, or plan a shorter trip.")
    return text


def verdict_message(
    verdict: RuleVerdict, goals: tuple[GoalDates, ...], change: Change | None = None
) -> str:
    """The verdict in one or two sentences."""
    noun = NOUNS.get(verdict.id, _("abroad"))
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
            _("Over the limit from {date}: {days} {counted}, {over} more than {line}.").format(
                date=_iso(verdict.first_breach),
                days=days_words(peak),
                counted=noun,
                over=days_words(verdict.over_by),
                line=line,
            )
        )
    elif verdict.status == Status.AMBER:
        parts.append(
            _(
                "Borderline from {date}: {days} {counted}, over {limit} but not over {lenient} "
                "(it depends on how UDI counts months)."
            ).format(
                date=_iso(verdict.first_warning),
                days=days_words(peak),
                counted=noun,
                limit=verdict.limit,
                lenient=verdict.lenient_limit,
            )
        )
    elif verdict.peak_days is not None:
        parts.append(
            _("Fine: at most {days} {counted} (limit {limit}).").format(
                days=days_words(peak), counted=noun, limit=verdict.limit
            )
        )
    else:
        parts.append(_("Fine: this trip does not affect the dates that matter."))
    if verdict.already_breached is not None:
        parts.append(
            _("Your record already breaks this rule on {date} without this trip.").format(
                date=format_date(verdict.already_breached)
            )
        )
    return " ".join(parts)


def unaffected_verdict(
    base: RuleResult, destination: str | None, already: int | None
) -> RuleVerdict:
    """The verdict for a rule the trip cannot change (Schengen, other destination)."""
    if destination is None:
        message = _("Not checked: no destination given. Choose the country to check this rule.")
    else:
        message = _("Not affected: {country} is not another Schengen state on these dates.").format(
            country=country_name(destination)
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
    pr = rule_id == "permanent-residence"
    if with_trip == planned:
        message = (
            _("This trip does not change your earliest permanent residence date ({date}).")
            if pr
            else _("This trip does not change your earliest citizenship date ({date}).")
        ).format(date=_iso(planned))
    elif with_trip is None:
        message = (
            _(
                "This trip moves your earliest permanent residence date from {date} to beyond "
                "the next years."
            )
            if pr
            else _(
                "This trip moves your earliest citizenship date from {date} to beyond the next "
                "years."
            )
        ).format(date=_iso(planned))
    else:
        message = (
            _("This trip moves your earliest permanent residence date from {date} to {new}.")
            if pr
            else _("This trip moves your earliest citizenship date from {date} to {new}.")
        ).format(date=_iso(planned), new=format_date(with_trip))
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
                _(
                    "You are abroad now (since {date}); that trip counts through today. To plan "
                    "your way home, set the departure to {date}."
                ).format(date=format_date(trip.departure))
            )
    if destination is None:
        notes.append(_("No destination given, so the Schengen 90/180 rule is not checked."))
    return tuple(notes)


def plan_summary(answer: PlanAnswer) -> str:
    """The answer in one line: the trip, what it breaks, and the latest return within every
    limit ("✖ 2025-06-01 to 2025-08-12 (73 days): over the limit for 182 days in any 365. …")."""
    plan = answer.plan
    trip = _("{departure} to {back} ({days})").format(
        departure=format_date(plan.departure),
        back=format_date(plan.return_date),
        days=days_words(plan.days),
    )
    latest = plan.latest_safe_return
    lenient = plan.latest_lenient_return
    if latest is None:
        until = _("No return keeps every limit for this departure.")
    elif all(v.safe_return.horizon_hit for v in plan.verdicts if v.safe_return):
        until = _("No return limit within {horizon}.").format(
            horizon=horizon_words(plan.horizon_days)
        )
    elif lenient is not None and lenient != latest:
        until = _(
            "Latest return within every limit: {date}. ({lenient} only on the lenient reading.)"
        ).format(date=format_date(latest), lenient=format_date(lenient))
    else:
        until = _("Latest return within every limit: {date}.").format(date=format_date(latest))
    if plan.status == Status.GREEN:
        return _("{symbol} {trip} keeps every rule. {until}").format(
            symbol=STATUS_SYMBOLS[Status.GREEN], trip=trip, until=until
        )
    problems: dict[str, list[str]] = {}
    for verdict in plan.verdicts:
        if verdict.status != Status.GREEN:
            key = status_key(verdict, plan.goals)
            problems.setdefault(key, []).append(SHORT_NAMES.get(verdict.id, verdict.title))
    parts = [_problem_phrase(key, names) for key, names in problems.items()]
    return _("{symbol} {trip}: {problems}. {until}").format(
        symbol=STATUS_SYMBOLS[plan.status], trip=trip, problems="; ".join(parts), until=until
    )
