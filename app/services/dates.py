"""The one parser for dates typed by users: command-line options, `$BORTE_TODAY`, the window.

Dates are ISO `YYYY-MM-DD` with ASCII digits, nothing else: Python's `date.fromisoformat`
also takes `20250101` and `2025-W01-1`, which nobody means as a date in Borte. Every date
must fall within EARLIEST…LATEST, the years the dialogs offer: beyond them the rule windows
and the planner's searches would run off the calendar (`date.max` is 9999-12-31).
"""

from __future__ import annotations

import re
from datetime import date

from app.services.errors import ValidationError

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)


def parse_date(text: str) -> date:
    """Parse a user's `YYYY-MM-DD` date within EARLIEST…LATEST.

    Raises:
        ValidationError: one sentence quoting the bad text.
    """
    shown = repr(text) if len(text) <= 40 else repr(text[:40] + "…")
    match = _ISO_DATE.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValidationError(f"{shown} is not a valid date: use YYYY-MM-DD.") from None
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            f"{shown} is outside the years Borte works with, {EARLIEST.year}–{LATEST.year}: "
            "check the year."
        )
    return day
