"""Calendar arithmetic on single dates and single trips, without numpy.

What the trip table, the dialogs and `borte trips list` need: moving a date by years or months
(rules.md §0.4) and the days of one trip under a counting convention (rules.md §0.2, as in
`app.services.days`, which re-exports these and adds the vectorised counts). Kept apart so that
those callers start without loading numpy.

It is also the one parser for dates typed by users: command-line options, `$BORTE_TODAY`.
Those are ISO `YYYY-MM-DD` with ASCII digits, nothing else: Python's `date.fromisoformat`
also takes `20250101` and `2025-W01-1`, which nobody means as a date in Borte. Every date
must fall within EARLIEST…LATEST, the years the dialogs offer: beyond them the rule windows
and the planner's searches would run off the calendar (`date.max` is 9999-12-31).
"""

from __future__ import annotations

import re
from datetime import date

from app.services.errors import ValidationError
from app.services.profile import Convention, TripSpan
from app.services.wording import _

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)


def add_years(day: date, years: int) -> date:
    """`day` moved by whole calendar years; 29 February becomes 28 February (rules.md §0.4)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """`day` moved by calendar months, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has at least 28 days")


def trip_interval(trip: TripSpan, convention: Convention, as_of: date) -> tuple[int, int] | None:
    """The trip's abroad dates under `convention` as inclusive ordinals, or None if empty.

    A trip under way ends on `as_of`, which counts as abroad under every convention. A trip under
    way that has not started by `as_of` has no days yet.
    """
    start = trip.departure.toordinal()
    if trip.return_date is None:
        end = as_of.toordinal()
        if end < start:
            return None
        if convention == "whole_days":
            start += 1
        return (start, end) if start <= end else None
    end = trip.return_date.toordinal()
    if convention == "whole_days":
        start, end = start + 1, end - 1
    elif convention == "nights":
        end -= 1
    return (start, end) if start <= end else None


def trip_days(trip: TripSpan, convention: Convention, as_of: date) -> int:
    """Days abroad on one trip under `convention` (a trip under way counts through `as_of`)."""
    interval = trip_interval(trip, convention, as_of)
    return 0 if interval is None else interval[1] - interval[0] + 1


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
        raise ValidationError(
            _("{text} is not a valid date: use YYYY-MM-DD.").format(text=shown)
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _(
                "{text} is outside the years Borte works with, {first}–{last}: check the year."
            ).format(text=shown, first=EARLIEST.year, last=LATEST.year)
        )
    return day
