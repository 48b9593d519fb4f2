"""The one place where `datetime.date` and `QDate` meet."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

# Date edits accept the years the services accept (app/services/trips.py EARLIEST/LATEST).
MIN_QDATE = QDate(1900, 1, 1)
MAX_QDATE = QDate(2100, 12, 31)
# ISO dates everywhere in the window, as in the command line and the CSV files: unambiguous
# in every locale and easy to type.
EDIT_FORMAT = "yyyy-MM-dd"


def to_qdate(day: date) -> QDate:
    """`day` as a QDate."""
    return QDate(day.year, day.month, day.day)


def to_date(qdate: QDate) -> date:
    """A valid QDate as a `date`."""
    return date(qdate.year(), qdate.month(), qdate.day())


def show_date(day: date | None, empty: str = "") -> str:
    """A date as shown in the window (ISO), or `empty` for None."""
    return empty if day is None else day.isoformat()


def show_span(start: date | None, end: date | None) -> str:
    """A date range as shown in the window: "2025-01-01 – 2025-12-31"."""
    return f"{show_date(start, '…')} – {show_date(end, 'today')}"
