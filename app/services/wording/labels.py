"""Status words, convention phrases and permit-kind labels: the one home of each."""

from __future__ import annotations

from app.services.profile import Convention, PermitKind, Status
from app.services.results import RuleResult
from app.services.wording.core import _

STATUS_WORDS: dict[Status, str] = {
    Status.GREEN: _("OK"),
    Status.AMBER: _("Borderline"),
    Status.RED: _("Over the limit"),
}
# The status word of a RED that is not about the count (see `result_status_word`).
STATUS_AT_RISK = _("At risk")
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


def status_text(status: Status) -> str:
    """Symbol and word: "✔ OK"."""
    return f"{STATUS_SYMBOLS[status]} {STATUS_WORDS[status]}"
