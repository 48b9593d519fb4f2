"""`assess`: evaluate a person once and build the read model every view reads."""

from __future__ import annotations

from datetime import date

from app.services.assessment import abroad
from app.services.assessment.explain import explain
from app.services.assessment.model import (
    Assessment,
    Headline,
    RuleAssessment,
    UnderWay,
)
from app.services.engine import evaluate
from app.services.profile import Convention, Profile, Status
from app.services.reminders import reminders_for
from app.services.results import Evaluation, RuleResult
from app.services.ruledata import RuleData
from app.services.rules.basis import Basis
from app.services.rules.context import PreparedTrips
from app.services.setup_check import missing_permit
from app.services.wording import explain as words


def _headline(
    evaluation: Evaluation,
    rules: tuple[RuleAssessment, ...],
    under_way: UnderWay | None,
    *,
    has_permit: bool = True,
) -> Headline:
    """The most urgent thing, in one sentence."""
    as_of = evaluation.as_of
    # Abroad now, when to be back is the banner's (`abroad.banner_sentences`), said once: the
    # headline says where the rules stand, as it does at home.
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
    under_way, come_home = abroad.abroad_now(basis)
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
