"""A person's identity on the report: full name, date of birth, D-number or DUF number.

Kept apart from `people` (which needs the database layer) so the window's dialogs can check
and format these without loading SQLAlchemy before the first frame.
"""

from __future__ import annotations

from datetime import date

from app.services.errors import ValidationError
from app.services.wording import _
from app.services.wording.formats import format_date

MAX_FULL_NAME_LENGTH = 200
# A D-number has 11 digits (like a national identity number), a DUF number 12.
REFERENCE_LENGTHS = (11, 12)
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


def check_identity(
    full_name: str | None, born_on: date | None, reference_number: str | None
) -> tuple[str | None, date | None, str | None]:
    """The identity fields cleaned (blank text becomes None), or `ValidationError`."""
    name = " ".join((full_name or "").split()) or None
    if name is not None and len(name) > MAX_FULL_NAME_LENGTH:
        raise ValidationError(
            _(
                "The full name has {name} characters; shorten it to at most {max_full_name_length}."
            ).format(name=len(name), max_full_name_length=MAX_FULL_NAME_LENGTH)
        )
    if born_on is not None and not EARLIEST_YEAR <= born_on.year <= LATEST_YEAR:
        raise ValidationError(
            _(
                "The date of birth {born_on} is outside the years {earliest_year}–{latest_year}; "
                "check the year."
            ).format(
                born_on=format_date(born_on), earliest_year=EARLIEST_YEAR, latest_year=LATEST_YEAR
            )
        )
    number = "".join(ch for ch in (reference_number or "") if ch not in " .-") or None
    if number is not None and not (number.isdigit() and len(number) in REFERENCE_LENGTHS):
        raise ValidationError(
            f"{reference_number!r} is not a D-number (11 digits) or a DUF number (12 digits); "
            "type the digits as they stand on your letter from UDI, or leave it empty."
        )
    return name, born_on, number


def format_reference(number: str) -> str:
    """A D-number as DDMMYY NNNNN, a DUF number in groups of four, as UDI writes them."""
    if len(number) == 11:
        return f"{number[:6]} {number[6:]}"
    if len(number) == 12:
        return f"{number[:4]} {number[4:8]} {number[8:]}"
    return number
