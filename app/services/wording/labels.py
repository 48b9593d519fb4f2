"""Status words, convention phrases and permit-kind labels: the one home of each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.services.profile import Convention, PermitKind, Status
from app.services.wording.core import N_, LazyLabels, _

if TYPE_CHECKING:
    # Types only: the results' module is not needed to say a word (the window's first frame).
    from app.services.results import Check, RuleResult

STATUS_WORDS: LazyLabels[Status] = LazyLabels(
    {
        Status.GREEN: N_("OK"),
        Status.AMBER: N_("Borderline"),
        Status.RED: N_("Over the limit"),
    }
)
# The status word of a RED that is not about the count (see `result_status_word`).
STATUS_AT_RISK = N_("At risk")  # shown as _(STATUS_AT_RISK)
STATUS_AT_RISK_IN_SENTENCE = N_("at risk")  # shown as _(STATUS_AT_RISK_IN_SENTENCE)
# A shape beside the word, so a status never rests on colour alone.
STATUS_SYMBOLS: dict[Status, str] = {Status.GREEN: "✔", Status.AMBER: "▲", Status.RED: "✖"}
# The colour a status is shown in, named in text ("OK (green)"); JSON keeps Status.value.
STATUS_COLOURS: LazyLabels[Status] = LazyLabels(
    {Status.GREEN: N_("green"), Status.AMBER: N_("amber"), Status.RED: N_("red")}
)
# "Status: …" inside a sentence (its own words, not a lower-cased label).
STATUS_IN_SENTENCE: LazyLabels[Status] = LazyLabels(
    {
        Status.GREEN: N_("OK"),
        Status.AMBER: N_("borderline"),
        Status.RED: N_("over the limit"),
    }
)

PERMIT_KIND_LABELS: LazyLabels[PermitKind] = LazyLabels(
    {
        PermitKind.WORK: N_("Work"),
        PermitKind.SKILLED_WORKER: N_("Skilled worker"),
        PermitKind.FAMILY: N_("Family immigration"),
        PermitKind.STUDY: N_("Study"),
        PermitKind.AU_PAIR: N_("Au pair"),
        PermitKind.PROTECTION: N_("Protection (refugee)"),
        PermitKind.HUMANITARIAN: N_("Humanitarian grounds"),
        PermitKind.COLLECTIVE_PROTECTION: N_("Collective protection (kollektiv beskyttelse)"),
        PermitKind.EEA_REGISTRATION: N_("EU/EEA registration"),
        PermitKind.PERMANENT: N_("Permanent residence"),
        PermitKind.OTHER: N_("Other"),
    }
)

# As a heading or a clause: "Departure and return days count as days abroad".
CONVENTION_PHRASES: LazyLabels[Convention] = LazyLabels(
    {
        "inclusive": N_("departure and return days count as days abroad"),
        "whole_days": N_("only whole days abroad count"),
        "nights": N_("nights abroad count"),
    }
)
# "Counting …: N" beside the headline figure.
CONVENTION_COUNTING: LazyLabels[Convention] = LazyLabels(
    {
        "inclusive": N_("Counting departure and return days too"),
        "whole_days": N_("Counting only whole days abroad"),
        "nights": N_("Counting nights abroad"),
    }
)
CONVENTION_SHORT: LazyLabels[Convention] = LazyLabels(
    {
        "inclusive": N_("counting departure and return days"),
        "whole_days": N_("counting only whole days"),
        "nights": N_("counting nights"),
    }
)


def result_status_word(result: RuleResult) -> str:
    """The status word for one rule's result: "At risk" for a RED the count does not explain
    (a trip to Ukraine under collective protection), so a small count never sits beside "Over
    the limit"; otherwise the status word."""
    return _(STATUS_AT_RISK) if result.red_beyond_count else STATUS_WORDS[result.status]


def alternative_status_word(result: RuleResult) -> str:
    """The status word of the other convention's figure, as `result_status_word` decides it."""
    alt = result.alternative
    assert alt is not None  # only asked where there is one
    if alt.status == Status.RED and alt.days_abroad <= result.limit:
        return _(STATUS_AT_RISK)
    return STATUS_WORDS[alt.status]


def result_status_in_sentence(result: RuleResult) -> str:
    """`result_status_word` inside a sentence: "at risk", else the status's own words."""
    if result.red_beyond_count:
        return _(STATUS_AT_RISK_IN_SENTENCE)
    return STATUS_IN_SENTENCE[result.status]


def check_status_text(check: Check) -> str:
    """Symbol and word for one test inside a rule: a RED test with no allowance (it counts
    flags, such as trips to Ukraine under collective protection) is "At risk"."""
    if check.status == Status.RED and check.lenient_limit == 0:
        return f"{STATUS_SYMBOLS[check.status]} {_(STATUS_AT_RISK)}"
    return status_text(check.status)


def status_text(status: Status) -> str:
    """Symbol and word: "✔ OK"."""
    return f"{STATUS_SYMBOLS[status]} {STATUS_WORDS[status]}"


# How each trip purpose reads, in the window and in the report (keys: profile.PURPOSES).
PURPOSE_WORDS: LazyLabels[str] = LazyLabels(
    {
        "holiday": N_("Holiday"),
        "family": N_("Family visit"),
        "employer_assignment": N_("Work trip for employer"),
        "posting": N_("Posted abroad"),
        "study": N_("Study"),
        "illness": N_("Illness"),
        "military_service": N_("Military service"),
        "other": N_("Other"),
    }
)

# The window's Settings choice of convention.
CONVENTION_LABELS: LazyLabels[Convention] = LazyLabels(
    {
        "inclusive": N_("Departure and return days too (cautious)"),
        "whole_days": N_("Only whole days abroad (lenient)"),
        "nights": N_("Nights abroad"),
    }
)
# Above the window's status cards.
CONVENTION_HEADINGS: LazyLabels[Convention] = LazyLabels(
    {
        "inclusive": N_("The days you leave and come back count as days abroad"),
        "whole_days": N_("Only whole days abroad count"),
        "nights": N_("Nights abroad count"),
    }
)
