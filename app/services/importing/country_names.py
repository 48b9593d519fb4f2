"""Country codes and names as people write them in spreadsheets, to ISO 3166-1 alpha-2 codes.

`match_country` is the one place that turns a written destination into a code, so it can be
swapped for a fuller table (CLDR names through Babel) without touching the sources. It takes a
two-letter code, the English short name of resources/countries.json, or a name from the small
table below (Norwegian bokmål names of the places people travel to most, and common English
variants), in any case, with or without accents.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

from app.services import countries

# Bokmål (and a few nynorsk and English) names that differ from the English short name.
_EXTRA_NAMES: dict[str, str] = {
    "norge": "NO",
    "noreg": "NO",
    "sverige": "SE",
    "danmark": "DK",
    "tyskland": "DE",
    "frankrike": "FR",
    "spania": "ES",
    "italia": "IT",
    "hellas": "GR",
    "storbritannia": "GB",
    "england": "GB",
    "skottland": "GB",
    "wales": "GB",
    "nord-irland": "GB",
    "uk": "GB",
    "great britain": "GB",
    "united kingdom": "GB",
    "usa": "US",
    "u.s.a.": "US",
    "united states": "US",
    "united states of america": "US",
    "amerika": "US",
    "nederland": "NL",
    "holland": "NL",
    "belgia": "BE",
    "sveits": "CH",
    "osterrike": "AT",
    "tsjekkia": "CZ",
    "ungarn": "HU",
    "kroatia": "HR",
    "tyrkia": "TR",
    "kina": "CN",
    "litauen": "LT",
    "irland": "IE",
    "russland": "RU",
    "ukraina": "UA",
    "marokko": "MA",
    "kypros": "CY",
    "slovakia": "SK",
    "sor-afrika": "ZA",
    "de forente arabiske emirater": "AE",
    "forente arabiske emirater": "AE",
    "filippinene": "PH",
    "etiopia": "ET",
    "bosnia-hercegovina": "BA",
    "nord-makedonia": "MK",
    "hviterussland": "BY",
    "aserbajdsjan": "AZ",
    "kasakhstan": "KZ",
    "svalbard": "SJ",
    "jan mayen": "SJ",
    "island": "IS",
    "polen": "PL",
    "estland": "EE",
    "latvia": "LV",
    "finland": "FI",
    "portugal": "PT",
    "romania": "RO",
    "bulgaria": "BG",
    "serbia": "RS",
    "slovenia": "SI",
    "luxembourg": "LU",
    "malta": "MT",
    "egypt": "EG",
    "thailand": "TH",
    "japan": "JP",
    "india": "IN",
    "canada": "CA",
    "mexico": "MX",
    "brasil": "BR",
    "australia": "AU",
    "new zealand": "NZ",
    "indonesia": "ID",
    "vietnam": "VN",
    "pakistan": "PK",
    "iran": "IR",
    "irak": "IQ",
    "syria": "SY",
    "somalia": "SO",
    "eritrea": "ER",
    "afghanistan": "AF",
    "sri lanka": "LK",
    "nepal": "NP",
    "montenegro": "ME",
    "albania": "AL",
    "kosovo": "XK",
    "georgia": "GE",
    "armenia": "AM",
    "sor-korea": "KR",
    "south korea": "KR",
    "nord-korea": "KP",
    "north korea": "KP",
    "tsjad": "TD",
    "elfenbenskysten": "CI",
    "kamerun": "CM",
    "kongo": "CG",
    "saudi-arabia": "SA",
    "jordan": "JO",
    "libanon": "LB",
    "israel": "IL",
    "palestina": "PS",
    "tunisia": "TN",
    "algerie": "DZ",
    "kenya": "KE",
    "tanzania": "TZ",
    "uganda": "UG",
    "nigeria": "NG",
    "ghana": "GH",
    "colombia": "CO",
    "argentina": "AR",
    "chile": "CL",
    "peru": "PE",
    "cuba": "CU",
    "moldova": "MD",
    "monaco": "MC",
    "liechtenstein": "LI",
    "andorra": "AD",
    "san marino": "SM",
    "vatikanstaten": "VA",
    "faeroyene": "FO",
    "faroyane": "FO",
    "gronland": "GL",
    "aland": "AX",
}


def _fold(text: str) -> str:
    """Lower case without accents or surrounding spaces: "Østerrike " → "osterrike"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    # NFKD does not decompose these letters.
    return folded.replace("ø", "o").replace("æ", "ae").replace("đ", "d").replace("ł", "l")


@cache
def _names() -> dict[str, str]:
    table = {_fold(name): code for code, name in countries.all_countries()}
    table.update(_EXTRA_NAMES)
    return table


@lru_cache(maxsize=4096)  # a file names the same few countries over and over
def match_country(text: str) -> str | None:
    """The ISO code for a written destination (code or name), or None if it is not one."""
    stripped = text.strip()
    if len(stripped) == 2 and countries.is_known(stripped):
        return countries.normalize(stripped)
    return _names().get(_fold(stripped))
