"""`assess`: evaluate a person once and build the read model every view reads."""

from __future__ import annotations

from datetime import date

from app.services.assessment.explain import explain
from app.services.assessment.model import (
    Assessment,
    Headline,
    RuleAssessment,
    UnderWay,
)
from app.services.days import trip_days
from app.services.engine import evaluate
from app.services.profile import Convention, Profile, Status
from app.services.reminders import reminders_for
from app.services.results import Evaluation, RuleResult, worst
from app.services.ruledata import RuleData
from app.services.rules.basis import Basis
from app.services.rules.context import PreparedTrips
from app.services.setup_check import missing_permit
from app.services.wording import explain as words


def _under_way(profile: Profile, as_of: date, convention: Convention) -> UnderWay | None:
    trip = next((t for t in profile.trips if t.return_date is None and t.departure <= as_of), None)
    if trip is None:
        return None
    return UnderWay(trip.departure, trip_days(trip, convention, as_of))


def _come_home_by(basis: Basis, under_way: UnderWay) -> dict[str, tuple[date, date | None]]:
    """Per rule, the latest return keeping it OK (cautious) and free of RED (lenient), for the
    trip under way. Rules with no limit within the planner's horizon are left out."""
    as_of = basis.as_of
    trip = next(
        t for t in basis.profile.trips if t.return_date is None and t.departure == under_way.since
    )
    # Only for a trip under way: the planner's import (~0.1 s) stays off every other start.
    from app.services.planner import Planner

    planner = Planner.of(basis)
    found: dict[str, tuple[date, date | None]] = {}
    for safe in planner.latest_safe_returns(trip.departure, trip.destination):
        if safe.horizon_hit:
            continue
        # None: even coming home tomorrow breaks it, so today is the day to be back.
        found[safe.rule_id] = (safe.latest_green or as_of, safe.latest)
    return found


def _headline(
    evaluation: Evaluation,
    rules: tuple[RuleAssessment, ...],
    under_way: UnderWay | None,
    *,
    has_permit: bool = True,
) -> Headline:
    """The most urgent thing, in one sentence."""
    as_of = evaluation.as_of
    if under_way is not None:
        dated = [(r.come_home_by, r.id) for r in rules if r.come_home_by is not None]
        if dated:
            on, rule_id = min(dated)
            if on <= as_of:  # even coming home tomorrow makes it worse
                title = next(r.result.title for r in rules if r.id == rule_id)
                return Headline(words.headline_come_home_now(title), Status.RED, rule_id)
            goal = words.come_home_goal(rule_id, on.year)
            # A date to act on, not a breach yet: amber (red if a rule is over already).
            already = worst(*(r.result.status for r in rules))
            status = Status.RED if already == Status.RED else Status.AMBER
            return Headline(words.headline_come_home(on, goal), status, rule_id)
    for r in rules:
        if r.result.status == Status.RED:
            text = words.headline_over(r.result.title, r.result.days_abroad, r.result.limit)
            if r.result.red_beyond_count:
                # Red for a reason that is not the count (a trip to Ukraine under collective
                # protection): "over the limit, 56 against 180" would mislead; the rule's own
                # summary says why.
                text = r.result.summary
            if r.id == "citizenship":
                text = words.headline_year_deducted(r.result.window_end.year, r.result.days_abroad)
            return Headline(text, Status.RED, r.id)
    for r in rules:
        projected = r.projected
        if projected is None or projected.status != Status.RED:
            continue
        if r.id == "citizenship":
            year = next(
                (y for y in projected.years if y.year >= as_of.year and y.status == Status.RED),
                None,
            )
            if year is not None:
                text = words.headline_plans_year(year.year, year.days)
                return Headline(text, Status.RED, r.id)
        first = r.projected.first_breach if r.projected is not None else None
        return Headline(words.headline_plans_break(projected.title, first), Status.RED, r.id)
    for r in rules:
        if r.result.status == Status.AMBER:
            text = words.headline_borderline(r.result.title, r.result.days_abroad, r.result.limit)
            return Headline(text, Status.AMBER, r.id)
    for r in rules:
        if r.projected is not None and r.projected.status == Status.AMBER:
            return Headline(words.headline_plans_borderline(r.projected.title), Status.AMBER, r.id)
    if not has_permit:
        # Without a permit most rules cannot be judged: "every rule is OK" would be a guess.
        return Headline(words.headline_no_permit(), Status.AMBER, None)
    if rules:
        tightest = min(rules, key=lambda r: (r.result.days_left, r.id))
        text = words.headline_ok(tightest.result.title, tightest.result.days_left)
        return Headline(text, Status.GREEN, tightest.id)
    return Headline(words.headline_nothing(), Status.GREEN, None)


def assess(
    profile: Profile,
    as_of: date,
    convention: Convention = "inclusive",
    *,
    pr_waiting_months: int = 24,
    data: RuleData | None = None,
    prepared: PreparedTrips | None = None,
) -> Assessment:
    """Every rule once, with the plans, explanations, reminders and the headline.

    Until a permit is recorded, the rules that need one are set aside with what is missing
    (`setup_check`): the CLI, the window and the report all read this, so they agree.
    `prepared`: the trips already prepared (`prepared_after_edit`), else prepared here."""
    basis = Basis(
        profile,
        as_of,
        convention,
        pr_waiting_months=pr_waiting_months,
        data=data,
        prepared=prepared,
    )
    evaluation = missing_permit(
        evaluate(profile, as_of, convention, pr_waiting_months=pr_waiting_months, basis=basis),
        profile,
    )
    ctx = basis.context()
    under_way = _under_way(profile, as_of, convention)
    come_home = _come_home_by(basis, under_way) if under_way is not None else {}
    projected: dict[str, RuleResult] = (
        {r.id: r for r in evaluation.projection.rules} if evaluation.projection else {}
    )
    rules: list[RuleAssessment] = []
    for result in evaluation.rules:
        cautious, lenient = come_home.get(result.id, (None, None))
        rules.append(
            RuleAssessment(
                id=result.id,
                result=result,
                projected=projected.get(result.id),
                explanation=explain(ctx, result, under_way, cautious, lenient),
                come_home_by=cautious,
                come_home_by_lenient=lenient,
            )
        )
    frozen = tuple(rules)
    return Assessment(
        as_of=as_of,
        convention=convention,
        evaluation=evaluation,
        rules=frozen,
        not_applicable=evaluation.not_applicable,
        headline=_headline(evaluation, frozen, under_way, has_permit=bool(profile.permits)),
        under_way=under_way,
        reminders=tuple(reminders_for(profile, evaluation)),
        basis=basis,
    )
