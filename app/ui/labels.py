"""Words the window uses for stored values: purposes, permit kinds, conventions, statuses."""

from __future__ import annotations

from collections.abc import Mapping

from app.services.countries import country_name, is_known
from app.services.profile import PURPOSE_WORDS, PURPOSES, PermitKind
from app.services.wording import PERMIT_KIND_LABELS, STATUS_SYMBOLS, STATUS_WORDS
from app.services.wording.labels import CONVENTION_HEADINGS, CONVENTION_LABELS, COUNTING_PHRASES

__all__ = [
    "CONVENTION_HEADINGS",
    "CONVENTION_LABELS",
    "COUNTING_PHRASES",
    "PERMIT_KIND_LABELS",
    "STATUS_SYMBOLS",
    "STATUS_WORDS",
]

PURPOSE_LABELS: Mapping[str, str] = PURPOSE_WORDS
assert set(PURPOSE_LABELS) == set(PURPOSES)

assert set(PERMIT_KIND_LABELS) == set(PermitKind)


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
