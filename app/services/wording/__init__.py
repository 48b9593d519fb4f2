"""Every word Borte says, in one place below the UI, and the translation layer under it.

Sentences are whole, with named placeholders, and pass through `_` (singular) or `ngettext`
(plural forms) from `app.services.wording.core`, backed by gettext catalogues in app/locale. No
sentence is built by changing a word's case or gluing fragments whose order another language
would change. Tables of labels are `LazyLabels`: translated when read, not when imported.
"""

from __future__ import annotations

from app.services.wording.core import (
    LANGUAGES,
    N_,
    LazyChoices,
    LazyLabels,
    _,
    current_language,
    days_abroad_words,
    days_words,
    ngettext,
    pgettext,
    set_language,
    using_language,
)
from app.services.wording.labels import (
    CONVENTION_COUNTING,
    CONVENTION_PHRASES,
    CONVENTION_SHORT,
    PERMIT_KIND_LABELS,
    STATUS_COLOURS,
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
    "LANGUAGES",
    "N_",
    "PERMIT_KIND_LABELS",
    "STATUS_COLOURS",
    "STATUS_IN_SENTENCE",
    "STATUS_SYMBOLS",
    "STATUS_WORDS",
    "LazyChoices",
    "LazyLabels",
    "_",
    "current_language",
    "days_abroad_words",
    "days_words",
    "ngettext",
    "pgettext",
    "result_status_word",
    "set_language",
    "status_text",
    "using_language",
]
