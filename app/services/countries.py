"""Country codes, names and Schengen membership, from resources/countries.json.

Codes are ISO 3166-1 alpha-2 (plus XK, Kosovo). Every function takes codes in any case and
with surrounding spaces. "SJ" (Svalbard and Jan Mayen) is never Schengen (rules.md §0.5), and
neither is "NO": the Schengen rule counts days in states *other* than Norway.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from app.services.resources import resource_path
from app.services.wording import N_, LazyLabels, current_language
from app.services.wording.core import is_pseudo, pseudo

HOME = "NO"
SVALBARD = "SJ"


@dataclass(frozen=True, slots=True)
class _Country:
    name: str
    schengen_since: date | None


@cache
def _countries() -> dict[str, _Country]:
    raw = json.loads(resource_path("countries.json").read_text(encoding="utf-8"))
    return {
        entry["code"]: _Country(
            name=entry["name"],
            schengen_since=(
                date.fromisoformat(entry["schengen_since"]) if "schengen_since" in entry else None
            ),
        )
        for entry in raw["countries"]
    }


def normalize(code: str) -> str:
    """`code` as stored: stripped and upper case."""
    return code.strip().upper()


def is_known(code: str) -> bool:
    """Whether `code` is a country code Borte knows (case does not matter)."""
    return normalize(code) in _countries()


def country_name(code: str, language: str | None = None) -> str:
    """The name of `code` in `language` (default: the current one): English keeps the short
    names of countries.json, bokmål has CLDR's (through Babel). An unknown code comes back as
    given, upper-cased."""
    code = normalize(code)
    country = _countries().get(code)
    if country is None:
        return code
    chosen = language or current_language()
    if chosen == "en":
        return country.name
    if is_pseudo(chosen):
        return pseudo(country.name, chosen)
    return _cldr_names(chosen).get(code, country.name)


@cache
def _cldr_names(language: str) -> dict[str, str]:
    """CLDR's territory names in `language` (Babel is loaded only when a name is asked for)."""
    from babel import Locale

    return {str(code): str(name) for code, name in Locale.parse(language).territories.items()}


# Names people write that neither language's table has (older or informal names, parts of a
# country, nynorsk), folded as `_fold` folds them.
_VARIANTS: dict[str, str] = {
    "noreg": "NO",
    "england": "GB",
    "skottland": "GB",
    "wales": "GB",
    "nord-irland": "GB",
    "uk": "GB",
    "great britain": "GB",
    "u.s.a.": "US",
    "united states of america": "US",
    "amerika": "US",
    "holland": "NL",
    "forente arabiske emirater": "AE",
    "hviterussland": "BY",
    "svalbard": "SJ",
    "jan mayen": "SJ",
    "kongo": "CG",
    "palestina": "PS",
    "faroyane": "FO",
}


def _fold(text: str) -> str:
    """Lower case without accents or surrounding spaces: "Østerrike " → "osterrike"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    # NFKD does not decompose these letters.
    return folded.replace("ø", "o").replace("æ", "ae").replace("đ", "d").replace("ł", "l")


@cache
def _names_to_codes() -> dict[str, str]:
    """Every name Borte accepts for a country, in both languages, folded."""
    table: dict[str, str] = {}
    for code, country in _countries().items():
        for name in (country.name, _cldr_names("en").get(code), _cldr_names("nb").get(code)):
            if name:
                table.setdefault(_fold(name), code)
    table.update(_VARIANTS)
    return table


@lru_cache(maxsize=4096)  # a file names the same few countries over and over
def match_country(text: str) -> str | None:
    """The ISO code for a written destination: a two-letter code, or the country's name in
    English or bokmål (CLDR), in any case, with or without accents; None if it is neither."""
    stripped = text.strip()
    if len(stripped) == 2 and is_known(stripped):
        return normalize(stripped)
    if len(stripped) < 2:
        return None
    return _names_to_codes().get(_fold(stripped))


def is_schengen(code: str, on: date) -> bool:
    """Whether a day spent in `code` on `on` was a day in a Schengen state other than Norway."""
    country = _countries().get(normalize(code))
    return (
        country is not None and country.schengen_since is not None and on >= country.schengen_since
    )


def schengen_since(code: str) -> date | None:
    """The day `code` joined Schengen (None: never, or not a country Borte knows)."""
    country = _countries().get(normalize(code))
    return None if country is None else country.schengen_since


def _sort_key(name: str) -> str:
    # "Åland Islands" sorts with the A's, not after "Zimbabwe".
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def all_countries() -> list[tuple[str, str]]:
    """Every (code, name) pair in the current language, sorted by name."""
    return sorted(
        ((code, country_name(code)) for code in _countries()),
        key=lambda pair: _sort_key(pair[1]),
    )


def destination_choices() -> list[tuple[str, str]]:
    """`all_countries()` without Norway: the places a trip can go to."""
    return [pair for pair in all_countries() if pair[0] != HOME]


UKRAINE = "UA"
# Places whose trips need a word of explanation when chosen (rules.md §0.5, §1.3a).
DESTINATION_HINTS: LazyLabels[str] = LazyLabels(
    {
        SVALBARD: (
            N_(
                "Svalbard is part of Norway, but the Immigration Act does not apply there and it "
                "is outside Schengen: Borte counts days on Svalbard as days abroad (a cautious "
                "reading)."
            )
        ),
        UKRAINE: (
            N_(
                "If you hold collective protection, a trip to Ukraine can make UDI open a case to "
                "revoke your permit, however short the trip; only a strictly necessary, documented "
                "purpose is accepted."
            )
        ),
    }
)


def destination_hint(code: str | None) -> str:
    """What to know about a trip to `code` ("" for most places)."""
    return DESTINATION_HINTS.get(normalize(code), "") if code else ""


def flag(code: str) -> str:
    """The flag emoji for a two-letter code (two regional indicator letters)."""
    letters = normalize(code)
    return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in letters if "A" <= c <= "Z")
