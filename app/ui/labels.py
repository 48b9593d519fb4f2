"""Words the window uses for stored values: purposes, permit kinds, conventions, statuses.

The tables hold the English words (read when a module is imported, before the language is
chosen); the functions below translate them when the window shows them.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.services.countries import country_name, is_known
from app.services.profile import PURPOSE_WORDS, PURPOSES, Convention, PermitKind
from app.services.wording import PERMIT_KIND_LABELS, STATUS_SYMBOLS, STATUS_WORDS, _
from app.services.wording.labels import CONVENTION_HEADINGS, CONVENTION_LABELS

__all__ = [
    "CONVENTION_HEADINGS",
    "CONVENTION_LABELS",
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
    known = PURPOSE_LABELS.get(purpose)
    return known if known is not None else purpose.replace("_", " ")  # translated as read


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


# Field → (label in the form, what it is used for).
def key_date_form() -> dict[str, tuple[str, str]]:
    """Each key date's label and what it is used for, in the language in use."""
    return {
        "arrived_on": (
            _("Arrived in Norway"),
            _("Residence time for citizenship counts from here."),
        ),
        "reported_to_police_on": (
            _("Reported to the police"),
            _("For a permit granted after you arrived, residence counts from this date."),
        ),
        "pr_applied_on": (
            _("Applied for permanent residence"),
            _("Borte then checks your days abroad on the application and decision dates."),
        ),
        "citizenship_applied_on": (_("Applied for citizenship"), ""),
        "abroad_permission_until": (
            _("Permission to stay abroad until"),
            _("A permission from UDI to stay abroad without losing permanent residence."),
        ),
    }
