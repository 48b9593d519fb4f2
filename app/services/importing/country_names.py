"""Country codes and names as people write them in spreadsheets, to ISO 3166-1 alpha-2 codes.

`match_country` (in app.services.countries, the one home of country names) turns a written
destination into a code: a two-letter code, or the name in English or bokmål from CLDR
(through Babel), in any case, with or without accents, plus a few informal names.
"""

from __future__ import annotations

from app.services.countries import match_country

__all__ = ["match_country"]
