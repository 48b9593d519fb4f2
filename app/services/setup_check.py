"""What the rules still need from a newcomer before their verdicts mean anything.

The engine answers for whatever it is given: with no permit recorded, the 182-day rule counts a
window of one day and shows OK. That green is a guess, not a verdict, so until a permit is
recorded the rules that depend on it say what is missing instead. The Schengen 90/180 rule
applies whatever the permit, so it stays.
"""

from __future__ import annotations

from dataclasses import replace

from app.services.profile import Profile
from app.services.results import Evaluation, NotApplicable

# Rules that hold whatever permit a person has (or none).
PERMIT_FREE_RULES = frozenset({"schengen-90-180"})
MISSING_PERMIT = (
    "Record your residence permit (Permits and key dates, or the set-up guide) to see this "
    "rule: which limit applies depends on the kind of permit and its dates."
)


def missing_permit(evaluation: Evaluation, profile: Profile) -> Evaluation:
    """`evaluation` with the permit-dependent rules set aside while no permit is recorded."""
    if profile.permits:
        return evaluation
    kept = tuple(r for r in evaluation.rules if r.id in PERMIT_FREE_RULES)
    waiting = tuple(
        NotApplicable(r.id, r.title, MISSING_PERMIT, kind="needs_permit")
        for r in evaluation.rules
        if r.id not in PERMIT_FREE_RULES
    )
    # Rules the engine already set aside keep their own reason.
    return replace(
        evaluation,
        rules=kept,
        not_applicable=waiting + evaluation.not_applicable,
        projection=None,
    )
