"""Status words, convention phrases and permit-kind labels: the one home of each."""

from __future__ import annotations

from app.services.profile import Convention, PermitKind, Status
from app.services.results import Check, RuleResult
from app.services.wording.core import _

STATUS_WORDS: dict[Status, str] = {
    Status.GREEN: _("OK"),
    Status.AMBER: _("Borderline"),
    Status.RED: _("Over the limit"),
}
# The status word of a RED that is not about the count (see `result_status_word`).
STATUS_AT_RISK = _("At risk")
STATUS_AT_RISK_IN_SENTENCE = _("at risk")
# A shape beside the word, so a status never rests on colour alone.
STATUS_SYMBOLS: dict[Status, str] = {Status.GREEN: "✔", Status.AMBER: "▲", Status.RED: "✖"}
# "Status: …" inside a sentence (its own words, not a lower-cased label).
STATUS_IN_SENTENCE: dict[Status, str] = {
    Status.GREEN: _("OK"),
    Status.AMBER: _("borderline"),
    Status.RED: _("over the limit"),
}

PERMIT_KIND_LABELS: dict[PermitKind, str] = {
    PermitKind.WORK: _("Work"),
    PermitKind.SKILLED_WORKER: _("Skilled worker"),
    PermitKind.FAMILY: _("Family immigration"),
    PermitKind.STUDY: _("Study"),
    PermitKind.AU_PAIR: _("Au pair"),
    PermitKind.PROTECTION: _("Protection (refugee)"),
    PermitKind.HUMANITARIAN: _("Humanitarian grounds"),
    PermitKind.COLLECTIVE_PROTECTION: _("Collective protection (kollektiv beskyttelse)"),
    PermitKind.EEA_REGISTRATION: _("EU/EEA registration"),
    PermitKind.PERMANENT: _("Permanent residence"),
    PermitKind.OTHER: _("Other"),
}

# As a heading or a clause: "Departure and return days count as days abroad".
CONVENTION_PHRASES: dict[Convention, str] = {
    "inclusive": _("departure and return days count as days abroad"),
    "whole_days": _("only whole days abroad count"),
    "nights": _("nights abroad count"),
}
# "Counting …: N" beside the headline figure.
CONVENTION_COUNTING: dict[Convention, str] = {
    "inclusive": _("Counting departure and return days too"),
    "whole_days": _("Counting only whole days abroad"),
    "nights": _("Counting nights abroad"),
}
CONVENTION_SHORT: dict[Convention, str] = {
    "inclusive": _("counting departure and return days"),
    "whole_days": _("counting only whole days"),
    "nights": _("counting nights"),
}


def result_status_word(result: RuleResult) -> str:
    """The status word for one rule's result: "At risk" for a RED the count does not explain
    (a trip to Ukraine under collective protection), so a small count never sits beside "Over
    the limit"; otherwise the status word."""
    return STATUS_AT_RISK if result.red_beyond_count else STATUS_WORDS[result.status]


def alternative_status_word(result: RuleResult) -> str:
    """The status word of the other convention's figure, as `result_status_word` decides it."""
    alt = result.alternative
    assert alt is not None  # only asked where there is one
    if alt.status == Status.RED and alt.days_abroad <= result.limit:
        return STATUS_AT_RISK
    return STATUS_WORDS[alt.status]


def result_status_in_sentence(result: RuleResult) -> str:
    """`result_status_word` inside a sentence: "at risk", else the status's own words."""
    if result.red_beyond_count:
        return STATUS_AT_RISK_IN_SENTENCE
    return STATUS_IN_SENTENCE[result.status]


def check_status_text(check: Check) -> str:
    """Symbol and word for one test inside a rule: a RED test with no allowance (it counts
    flags, such as trips to Ukraine under collective protection) is "At risk"."""
    if check.status == Status.RED and check.lenient_limit == 0:
        return f"{STATUS_SYMBOLS[check.status]} {STATUS_AT_RISK}"
    return status_text(check.status)


def status_text(status: Status) -> str:
    """Symbol and word: "✔ OK"."""
    return f"{STATUS_SYMBOLS[status]} {STATUS_WORDS[status]}"
