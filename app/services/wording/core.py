"""The translation layer: gettext catalogues (domain "borte") for every sentence Borte says.

`_("…")` translates a whole sentence, `ngettext(singular, plural, n)` picks the plural form the
language needs, `pgettext(context, "…")` tells apart two uses of one English word, and `N_("…")`
only marks a text for extraction (translated later, at use: see `LazyLabels`).

The language is process-wide (`set_language`), chosen in Settings or by `--lang`, else from
$LANGUAGE / $LC_ALL / $LC_MESSAGES / $LANG as gettext reads them. `using_language(code)`
overrides it for one piece of work in the current thread or task only (the report is written
in the language chosen at export while the window keeps its own).

Catalogues: `app/locale/<lang>/LC_MESSAGES/borte.po` are the sources; the install compiles
them to `.mo` (hatch_build.py). A missing or older `.mo` is compiled from the `.po` in memory,
so a checkout run from source is never silently English.

"qps" is a pseudo-language for tests: every translated text comes back as "⟦…⟧", so a test can
find any text that did not pass through the catalogue. "qpa" also writes the translated text's
letters as accented look-alikes (placeholders kept), so an English fragment glued into a translated
sentence (through a placeholder) still shows as plain ASCII words.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import os
import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import TypeVar, overload

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "PSEUDO_ACCENTED",
    "PSEUDO_LANGUAGE",
    "LazyChoices",
    "LazyLabels",
    "N_",
    "_",
    "current_language",
    "days_abroad_words",
    "days_words",
    "language_from_environment",
    "locale_dir",
    "ngettext",
    "normalize_language",
    "is_pseudo",
    "pgettext",
    "pseudo",
    "sentence_start",
    "set_language",
    "using_language",
]

DOMAIN = "borte"
DEFAULT_LANGUAGE = "en"
PSEUDO_LANGUAGE = "qps"
PSEUDO_ACCENTED = "qpa"
# The languages a user can choose, with their own names (shown untranslated in a chooser).
LANGUAGES: dict[str, str] = {"en": "English", "nb": "Norsk bokmål"}
# Locale names that mean bokmål here. Nynorsk readers get bokmål rather than English, and
# plain "no" is how many systems still name Norwegian.
_ALIASES = {
    "nb": "nb",
    "no": "nb",
    "nn": "nb",
    "en": "en",
    PSEUDO_LANGUAGE: PSEUDO_LANGUAGE,
    PSEUDO_ACCENTED: PSEUDO_ACCENTED,
}
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"

_LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"


def locale_dir() -> Path:
    """The folder holding `<lang>/LC_MESSAGES/borte.po` (and the built `.mo`)."""
    return _LOCALE_DIR


def normalize_language(code: str | None) -> str | None:
    """ "nb_NO.UTF-8" → "nb", "en_GB" → "en", "C"/"POSIX"/"" → None; unknown → "en"."""
    if not code:
        return None
    base = code.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    if base in ("c", "posix", ""):
        return None
    return _ALIASES.get(base, DEFAULT_LANGUAGE)


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for, read in gettext's order; English if none."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        # $LANGUAGE is a priority list ("nn:nb:en"): the first one Borte speaks wins.
        for part in value.split(":") if name == "LANGUAGE" else [value]:
            code = normalize_language(part)
            if code is not None:
                return code
        if name != "LANGUAGE":
            # LC_ALL etc. say "C": gettext stops there too.
            return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


# Placeholders, markup tags and entities keep their letters.
_PLACEHOLDER = re.compile(r"(\{[^{}]*\}|<[^<>]*>|&\w+;)")


# Each ASCII letter and a look-alike with a diacritic that DejaVu Sans (the report's and the
# charts' font) has.
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áḃçďéḟğĥíĵķĺḿñóṕǫŕšťúṽŵẋýžÁḂÇĎÉḞĞĤÍĴĶĹḾÑÓṔǪŔŠŤÚṼŴẊÝŽ",
)


def _fullwidth(text: str) -> str:
    """ASCII letters outside {placeholders} as accented look-alikes ("Trip" → "Ťŕíṕ")."""
    parts = _PLACEHOLDER.split(text)
    return "".join(
        part
        if part[:1] in ("{", "<", "&") and _PLACEHOLDER.fullmatch(part)
        else part.translate(_ACCENTED)
        for part in parts
    )


def pseudo(text: str, language: str | None = None) -> str:
    """`text` as the pseudo-language in force (or `language`) shows a translated text."""
    code = language or current_language()
    shown = _fullwidth(text) if code == PSEUDO_ACCENTED else text
    return f"{PSEUDO_OPEN}{shown}{PSEUDO_CLOSE}"


def is_pseudo(language: str | None = None) -> bool:
    """Whether `language` (default: the current one) is a pseudo-language."""
    return (language or current_language()) in (PSEUDO_LANGUAGE, PSEUDO_ACCENTED)


class _Pseudo(gettext.NullTranslations):
    """Every text wrapped in markers, plural forms too (English plural rule)."""

    def __init__(self, accented: bool = False) -> None:
        super().__init__()
        self._accented = accented

    def gettext(self, message: str) -> str:
        shown = _fullwidth(message) if self._accented else message
        return f"{PSEUDO_OPEN}{shown}{PSEUDO_CLOSE}"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self.ngettext(msgid1, msgid2, n)


_cache: dict[str, gettext.NullTranslations] = {}
_cache_lock = threading.Lock()


def _load(code: str) -> gettext.NullTranslations:
    with _cache_lock:
        found = _cache.get(code)
        if found is None:
            found = _read_catalogue(code)
            _cache[code] = found
        return found


def _read_catalogue(code: str) -> gettext.NullTranslations:
    if code in (PSEUDO_LANGUAGE, PSEUDO_ACCENTED):
        return _Pseudo(accented=code == PSEUDO_ACCENTED)
    if code == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    folder = _LOCALE_DIR / code / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po.is_file():
        return gettext.GNUTranslations(io.BytesIO(compile_po(po)))
    raise FileNotFoundError(f"No catalogue for language {code!r} in {folder}.")


def compile_po(po: Path) -> bytes:
    """The `.mo` bytes of a `.po` file (Babel, loaded only when a `.mo` must be made)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


_language = DEFAULT_LANGUAGE
_translations: gettext.NullTranslations = gettext.NullTranslations()
_override: ContextVar[tuple[str, gettext.NullTranslations] | None] = ContextVar(
    "borte_language", default=None
)


def set_language(code: str | None) -> str:
    """Use `code` ("en", "nb", "qps"; None = follow the environment) from now on; returns the
    language in force. An unknown code means English."""
    global _language, _translations
    chosen = normalize_language(code) if code else language_from_environment()
    chosen = chosen or DEFAULT_LANGUAGE
    _translations = _load(chosen)
    _language = chosen
    return chosen


def current_language() -> str:
    """The language texts are translated into right now (an override first)."""
    override = _override.get()
    return _language if override is None else override[0]


@contextlib.contextmanager
def using_language(code: str | None) -> Iterator[str]:
    """Translate into `code` inside the block (this thread or task only); None changes nothing."""
    if code is None:
        yield current_language()
        return
    chosen = normalize_language(code) or DEFAULT_LANGUAGE
    token = _override.set((chosen, _load(chosen)))
    try:
        yield chosen
    finally:
        _override.reset(token)


def _active() -> gettext.NullTranslations:
    override = _override.get()
    return _translations if override is None else override[1]


def _(message: str) -> str:
    """A whole sentence (or label), translated into the current language."""
    return _active().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a sentence the language needs for `count` ("{count} day" / "{count} days")."""
    return _active().ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` translated in `context`, for one English word with two meanings."""
    return _active().pgettext(context, message)


def sentence_start(text: str) -> str:
    """`text` with its first letter made a capital, for a translated clause that opens a
    sentence ("line 7: the return date …" / "The return date …"); the one place Borte changes
    case, and only of a whole clause's first letter, which both languages capitalise alike."""
    return text[:1].upper() + text[1:]


def N_(message: str) -> str:
    """Marks `message` for the catalogue without translating it (translate it where it is used)."""
    return message


def days_words(count: int) -> str:
    """ "1 day", "2 days" ("1 dag", "2 dager")."""
    return ngettext("{count} day", "{count} days", count).format(count=count)


def days_abroad_words(count: int) -> str:
    """ "1 day abroad", "17 days abroad"."""
    return ngettext("{count} day abroad", "{count} days abroad", count).format(count=count)


K = TypeVar("K")


class LazyLabels(Mapping[K, str]):
    """A table of labels kept as msgids and translated on every access, so a module-level
    table does not freeze the language that was active when it was imported."""

    def __init__(self, msgids: Mapping[K, str], translate: Callable[[str], str] = _) -> None:
        self._msgids = dict(msgids)
        self._translate = translate

    def __getitem__(self, key: K) -> str:
        return self._translate(self._msgids[key])

    def __iter__(self) -> Iterator[K]:
        return iter(self._msgids)

    def __len__(self) -> int:
        return len(self._msgids)

    def msgid(self, key: K) -> str:
        """The English text, untranslated (for a stable value in JSON)."""
        return self._msgids[key]

    def __repr__(self) -> str:
        return f"LazyLabels({self._msgids!r})"


class LazyChoices(Sequence[tuple[K, str]]):
    """(key, label) pairs, as a chooser lists them, with the label translated when read."""

    def __init__(self, pairs: Sequence[tuple[K, str]]) -> None:
        self._pairs = tuple(pairs)

    @overload
    def __getitem__(self, index: int) -> tuple[K, str]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[K, str]]: ...
    def __getitem__(self, index: int | slice) -> tuple[K, str] | Sequence[tuple[K, str]]:
        if isinstance(index, slice):
            return [(key, _(label)) for key, label in self._pairs[index]]
        key, label = self._pairs[index]
        return key, _(label)

    def __len__(self) -> int:
        return len(self._pairs)
