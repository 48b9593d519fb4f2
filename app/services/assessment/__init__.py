"""One person's assessment on one date: the read model every status view reads.

`assess` evaluates every rule once (through the rule registry), with the planned trips, the
explanations, the reminders, the trip under way and the headline sentence. The CLI, the window
and the report read the result; none of them asks a rule anything itself.
"""

from __future__ import annotations

from app.services.assessment.abroad import ComeHome, banner_sentences, come_home
from app.services.assessment.build import assess
from app.services.assessment.model import (
    Assessment,
    BookedReturn,
    Explanation,
    Headline,
    RollOff,
    RuleAssessment,
    TripShare,
    UnderWay,
)
from app.services.assessment.output import (
    assessment_to_json,
    explanation_to_json,
    format_assessment_text,
)

__all__ = [
    "Assessment",
    "BookedReturn",
    "ComeHome",
    "Explanation",
    "Headline",
    "RollOff",
    "RuleAssessment",
    "TripShare",
    "UnderWay",
    "assess",
    "banner_sentences",
    "come_home",
    "assessment_to_json",
    "explanation_to_json",
    "format_assessment_text",
]
