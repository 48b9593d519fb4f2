"""The one place where `datetime.date` and `QDate` meet, and the window's date and number
formats: those of the wording layer (`app.services.wording.formats`) for the language in use,
ISO dates in English (unambiguous and easy to type, as in the command line and the CSV files),
`05.03.2025` and `2 000` in Norwegian bokmål.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from app.services.wording import _, current_language
from app.services.wording.formats import format_date, format_number

# Date edits accept the years the services accept (app/services/trips.py EARLIEST/LATEST).
MIN_QDATE = QDate(1900, 1, 1)
MAX_QDATE = QDate(2100, 12, 31)
ISO_FORMAT = "yyyy-MM-dd"
NORWEGIAN_FORMAT = "dd.MM.yyyy"


def _norwegian() -> bool:
    return current_language() == "nb"


def edit_format() -> str:
    """The display format of date edits in the language in use."""
    return NORWEGIAN_FORMAT if _norwegian() else ISO_FORMAT


def to_qdate(day: date) -> QDate:
    """`day` as a QDate."""
    return QDate(day.year, day.month, day.day)


def to_date(qdate: QDate) -> date:
    """A valid QDate as a `date`."""
    return date(qdate.year(), qdate.month(), qdate.day())


def show_date(day: date | None, empty: str = "") -> str:
    """A date as the window shows it (2025-03-05, or 05.03.2025 in bokmål); `empty` for None."""
    return format_date(day, empty)


def show_span(start: date | None, end: date | None) -> str:
    """A date range as shown in the window: "2025-01-01 – 2025-12-31"."""
    return _("{start} – {end}").format(start=show_date(start, "…"), end=show_date(end, _("today")))


def show_number(n: int) -> str:
    """A whole number with the language's group separator: "2,000", or "2 000" in bokmål."""
    # English keeps the thousands comma the window has always shown ("2,000 trips").
    return format_number(n) if _norwegian() else f"{n:,}"


def show_decimal(x: float, decimals: int) -> str:
    """A number with `decimals` decimals in the language's way: "1.4", or "1,4" in bokmål."""
    return format_number(x, decimals)
