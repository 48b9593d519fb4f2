"""Words the window uses for stored values: purposes, permit kinds, conventions, statuses."""

from __future__ import annotations

from app.services.countries import country_name, is_known
from app.services.profile import PURPOSES, Convention, PermitKind, Status

PURPOSE_LABELS: dict[str, str] = {
    "holiday": "Holiday",
    "family": "Family visit",
    "employer_assignment": "Work trip for employer",
    "posting": "Posted abroad",
    "study": "Study",
    "illness": "Illness",
    "military_service": "Military service",
    "other": "Other",
}
assert set(PURPOSE_LABELS) == set(PURPOSES)

PERMIT_KIND_LABELS: dict[PermitKind, str] = {
    PermitKind.WORK: "Work",
    PermitKind.SKILLED_WORKER: "Skilled worker",
    PermitKind.FAMILY: "Family immigration",
    PermitKind.STUDY: "Study",
    PermitKind.AU_PAIR: "Au pair",
    PermitKind.PROTECTION: "Protection (refugee)",
    PermitKind.HUMANITARIAN: "Humanitarian grounds",
    PermitKind.COLLECTIVE_PROTECTION: "Collective protection (kollektiv beskyttelse)",
    PermitKind.EEA_REGISTRATION: "EU/EEA registration",
    PermitKind.PERMANENT: "Permanent residence",
    PermitKind.OTHER: "Other",
}
assert set(PERMIT_KIND_LABELS) == set(PermitKind)

# In the Settings choice.
CONVENTION_LABELS: dict[Convention, str] = {
    "inclusive": "Departure and return days too (cautious)",
    "whole_days": "Only whole days abroad (lenient)",
    "nights": "Nights abroad",
}
# Above the status cards.
CONVENTION_HEADINGS: dict[Convention, str] = {
    "inclusive": "The days you leave and come back count as days abroad",
    "whole_days": "Only whole days abroad count",
    "nights": "Nights abroad count",
}

# The "counting only whole days abroad: N" line names the other convention's figure.
COUNTING_PHRASES: dict[Convention, str] = {
    "inclusive": "counting departure and return days too",
    "whole_days": "counting only whole days abroad",
    "nights": "counting nights abroad",
}

STATUS_WORDS: dict[Status, str] = {
    Status.GREEN: "OK",
    Status.AMBER: "Borderline",
    Status.RED: "Over the limit",
}

# A shape beside the word, so the status never rests on colour alone.
STATUS_SYMBOLS: dict[Status, str] = {
    Status.GREEN: "✔",
    Status.AMBER: "▲",
    Status.RED: "✖",
}


def purpose_label(purpose: str | None) -> str:
    """The purpose as a user reads it ("" for none)."""
    if not purpose:
        return ""
    return PURPOSE_LABELS.get(purpose, purpose.replace("_", " "))


def destination_label(code: str | None) -> str:
    """ "Sweden (SE)" for a known code, the code itself otherwise, "" for none."""
    if not code:
        return ""
    return f"{country_name(code)} ({code})" if is_known(code) else code
