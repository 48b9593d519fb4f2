"""Words the window uses for stored values: purposes, permit kinds, conventions, statuses.

The tables hold the English words (read when a module is imported, before the language is
chosen); the functions below translate them when the window shows them.
"""

from __future__ import annotations

from app.services.countries import country_name, is_known
from app.services.profile import PURPOSE_WORDS, PURPOSES, Convention, PermitKind
from app.services.wording import (
    N_,
    PERMIT_KIND_LABELS,
    STATUS_SYMBOLS,
    STATUS_WORDS,
    LazyLabels,
    _,
)

__all__ = ["PERMIT_KIND_LABELS", "STATUS_SYMBOLS", "STATUS_WORDS"]

PURPOSE_LABELS: dict[str, str] = PURPOSE_WORDS
assert set(PURPOSE_LABELS) == set(PURPOSES)

assert set(PERMIT_KIND_LABELS) == set(PermitKind)

# In the Settings choice (translated as they are read).
CONVENTION_LABELS: LazyLabels[Convention] = LazyLabels(
    {
        "inclusive": N_("Departure and return days too (cautious)"),
        "whole_days": N_("Only whole days abroad (lenient)"),
        "nights": N_("Nights abroad"),
    }
)
# Above the status cards.
CONVENTION_HEADINGS: LazyLabels[Convention] = LazyLabels(
    {
        "inclusive": N_("The days you leave and come back count as days abroad"),
        "whole_days": N_("Only whole days abroad count"),
        "nights": N_("Nights abroad count"),
    }
)


def purpose_label(purpose: str | None) -> str:
    """The purpose as a user reads it ("" for none)."""
    if not purpose:
        return ""
    known = PURPOSE_LABELS.get(purpose)
    return _(known) if known is not None else purpose.replace("_", " ")


def permit_kind_label(kind: PermitKind | str) -> str:
    """The kind of permit as a user reads it."""
    for known, words in PERMIT_KIND_LABELS.items():  # translated as they are read
        if known == kind:
            return words
    return str(kind)


def convention_label(convention: Convention) -> str:
    """The counting convention as the Settings choice names it."""
    return CONVENTION_LABELS[convention]


def destination_label(code: str | None) -> str:
    """ "Sweden (SE)" for a known code, the code itself otherwise, "" for none."""
    if not code:
        return ""
    return f"{country_name(code)} ({code})" if is_known(code) else code
