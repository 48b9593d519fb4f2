"""Every word Borte says about a rule result, in one place below the UI.

Sentences are whole, with named placeholders, and pass through `_` (singular) or `ngettext`
(plural forms), which return the English text for now; a translation layer (gettext) replaces
them without touching the callers. No sentence is built by changing a word's case or gluing
fragments whose order another language would change.
"""

from __future__ import annotations

from app.services.wording.core import _, days_words, ngettext
from app.services.wording.labels import (
    CONVENTION_COUNTING,
    CONVENTION_PHRASES,
    CONVENTION_SHORT,
    PERMIT_KIND_LABELS,
    STATUS_IN_SENTENCE,
    STATUS_SYMBOLS,
    STATUS_WORDS,
    result_status_word,
    status_text,
)

__all__ = [
    "CONVENTION_COUNTING",
    "CONVENTION_PHRASES",
    "CONVENTION_SHORT",
    "PERMIT_KIND_LABELS",
    "STATUS_IN_SENTENCE",
    "STATUS_SYMBOLS",
    "STATUS_WORDS",
    "_",
    "days_words",
    "ngettext",
    "result_status_word",
    "status_text",
]
