"""What the rules still need from a newcomer before their verdicts mean anything.

The engine answers for whatever it is given: with no permit recorded, the 182-day rule counts a
window of one day and shows OK. That green is a guess, not a verdict, so until a permit is
recorded the rules that depend on it say what is missing instead. A rule that holds whatever
the permit (Schengen 90/180) says so in its unit (`RuleUnit.needs_permit`) and stays. The
assessment applies this, so `borte status`, the window and the report agree.
"""

from __future__ import annotations

from dataclasses import replace

from app.services.profile import Profile
from app.services.results import Evaluation, NotApplicable, RuleResult
from app.services.rules.registry import unit
from app.services.wording import N_, _

MISSING_PERMIT = N_(
    "Record your residence permit (Permits and key dates, or the set-up guide) to see this "
    "rule: which limit applies depends on the kind of permit and its dates."
)


def waiting_for_permit(
    found: RuleResult | NotApplicable, profile: Profile
) -> RuleResult | NotApplicable:
    """One rule's result, or what is missing while no permit is recorded (the charts)."""
    if profile.permits or isinstance(found, NotApplicable) or not unit(found.id).needs_permit:
        return found
    return NotApplicable(found.id, found.title, _(MISSING_PERMIT), kind="needs_permit")


def missing_permit(evaluation: Evaluation, profile: Profile) -> Evaluation:
    """`evaluation` with the permit-dependent rules set aside while no permit is recorded."""
    if profile.permits:
        return evaluation
    kept = tuple(r for r in evaluation.rules if not unit(r.id).needs_permit)
    waiting = tuple(
        NotApplicable(r.id, r.title, _(MISSING_PERMIT), kind="needs_permit")
        for r in evaluation.rules
        if unit(r.id).needs_permit
    )
    projection = evaluation.projection
    if projection is not None:
        planned = tuple(r for r in projection.rules if not unit(r.id).needs_permit)
        projection = replace(projection, rules=planned) if planned else None
    # Rules the engine already set aside keep their own reason.
    return replace(
        evaluation,
        rules=kept,
        not_applicable=waiting + evaluation.not_applicable,
        projection=projection,
    )
