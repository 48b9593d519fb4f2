"""Dates, numbers and month names in the current language.

English keeps the ISO dates Borte has always printed (2025-03-05); bokmål writes 05.03.2025,
as Norwegian forms and UDI's letters do. Numbers use the language's separators (CLDR: bokmål
groups thousands with a no-break space and writes a decimal comma). `--json` never goes through
here: it stays ISO and plain numbers.

Dates and numbers are formatted without Babel (they are on every command's path); month names
come from CLDR through Babel, loaded only by the charts that need them.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal

from app.services.wording.core import current_language, is_pseudo, pseudo

__all__ = ["format_count", "format_date", "format_long_date", "format_number", "month_names"]

_NBSP = "\u00a0"


def format_date(day: dt.date | None, empty: str = "") -> str:
    """`day` as the current language writes it ("2025-03-05" / "05.03.2025")."""
    if day is None:
        return empty
    if current_language() == "nb":
        return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
    return day.isoformat()


def format_long_date(day: dt.date) -> str:
    """A date with its weekday, for tooltips: "Mon 11 Aug 2025" / "man. 11. aug. 2025" (CLDR
    names through Babel, not the process locale)."""
    from babel.dates import format_date as cldr_date

    code = current_language()
    if code == "nb":
        return str(cldr_date(day, "EEE d. MMM y", locale="nb"))
    text = str(cldr_date(day, "EEE d MMM y", locale="en"))
    return pseudo(text) if is_pseudo(code) else text


def format_number(value: float, decimals: int = 0) -> str:
    """`value` with the current language's separators ("1234.5" / "1 234,5", as Babel's CLDR
    data writes bokmål: a no-break space between thousands, a decimal comma)."""
    if current_language() != "nb":
        return f"{value:.{decimals}f}"
    return f"{value:,.{decimals}f}".replace(",", _NBSP).replace(".", ",")


def format_count(value: int) -> str:
    """A count of things: "2,000" / "2 000" (English keeps the comma it always had)."""
    return format_number(value) if current_language() == "nb" else f"{value:,}"


def month_names(
    language: str | None = None, width: Literal["abbreviated", "narrow", "wide"] = "abbreviated"
) -> list[str]:
    """The twelve month names (January first) in `language` (default: the current one)."""
    return list(_month_names(language or current_language(), width))


@cache
def _month_names(code: str, width: Literal["abbreviated", "narrow", "wide"]) -> tuple[str, ...]:
    # Babel's CLDR look-up costs 15-30 ms, and every date axis asks (six charts in a report).
    from babel.dates import get_month_names

    if is_pseudo(code):
        # The pseudo-language marks the English names, so a test sees they were translated.
        english = get_month_names(width, locale="en")
        return tuple(pseudo(str(english[m]), code) for m in range(1, 13))
    names = get_month_names(width, locale=code)
    return tuple(str(names[m]).rstrip(".") for m in range(1, 13))
