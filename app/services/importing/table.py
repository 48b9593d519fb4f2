"""Rows of a spreadsheet (CSV, TSV or XLSX) to trip rows: headers, dates, countries, notes.

A table's first non-blank row names the columns, in English or Norwegian, in any order and
case (see `COLUMN_NAMES`). Dates are ISO `YYYY-MM-DD` or `DD.MM.YYYY` (`D.M.YYYY` too), or real
date cells in an XLSX file; an empty return date means the trip is under way. Destinations are
country codes or names (`country_names.match_country`). Cells are stripped, except notes, which
are kept exactly as written so they round-trip.

Export puts a `'` before any cell that a spreadsheet would run as a formula (one starting with
`=`, `+`, `-`, `@`, a tab or a carriage return: "CSV injection"), and import takes exactly that
`'` off again, so a note such as "-2 days, =sum" survives the round trip.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from app.services.errors import ImportRejected
from app.services.importing.country_names import match_country
from app.services.wording import N_, _

Cell = str | date | int | float | None

NOT_IMPORTED = N_("The file was not imported: ")  # used as _(NOT_IMPORTED) + sentence
REQUIRED_COLUMNS: tuple[str, ...] = ("departure", "return")
COLUMNS: tuple[str, ...] = ("departure", "return", "destination", "note", "purpose")
# Columns people keep beside their trips that Borte works out itself; read and ignored.
IGNORED = "ignored"

# Every name a column may have, folded to lower case. Norwegian first where both exist.
COLUMN_NAMES: dict[str, str] = {
    **dict.fromkeys(
        ("departure", "departure date", "depart", "departed", "start", "start date", "from"),
        "departure",
    ),
    **dict.fromkeys(
        ("avreise", "avreisedato", "utreise", "utreisedato", "fra", "fra dato"), "departure"
    ),
    **dict.fromkeys(
        ("return", "return date", "returned", "back", "end", "end date", "to"), "return"
    ),
    **dict.fromkeys(
        ("retur", "returdato", "hjemkomst", "hjemreise", "innreise", "tilbake", "til", "til dato"),
        "return",
    ),
    **dict.fromkeys(
        ("destination", "country", "land", "reisemål", "reisemal", "destinasjon", "sted"),
        "destination",
    ),
    **dict.fromkeys(
        ("note", "notes", "comment", "description", "merknad", "notat", "kommentar", "beskrivelse"),
        "note",
    ),
    **dict.fromkeys(("purpose", "formål", "formal"), "purpose"),
    **dict.fromkeys(("days", "dager", "antall dager", "døgn"), IGNORED),
}

_ISO_LIKE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_NUMERIC_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
# A spreadsheet runs a cell as a formula when it starts with one of these (OWASP, "CSV
# Injection"). Export quotes every cell matching _NEEDS_QUOTE: a trigger, or quotes and then a
# trigger, so a note that itself starts with "'=" keeps its own quote. Import removes one quote
# from exactly the cells export can have quoted (_QUOTED), which undoes it in every case.
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")
_DATE_FORMS = N_("YYYY-MM-DD or DD.MM.YYYY")  # shown as _(_DATE_FORMS)
_DEPARTURE = N_("departure date")  # what a date problem names, shown as _(what)
_RETURN = N_("return date")
_DESTINATIONS_KEPT = 1000  # distinct destinations remembered per table (bounds the memory)


class RowProblem(ValueError):
    """A row that cannot be parsed; the argument is a lower-case clause for "line N: …"."""


class CsvTrip(NamedTuple):
    """One data row, parsed but not yet checked; `line` is where the row starts in the file.

    A NamedTuple rather than a frozen dataclass: as immutable, and several times quicker to
    build, which 100,000 rows notice (a frozen dataclass sets each field through
    object.__setattr__).
    """

    line: int
    departure: date
    return_date: date | None
    destination: str | None  # a code when the text named a country, else as written, stripped
    purpose: str | None
    note: str  # exactly as written, so notes round-trip
    evidence: str = ""  # where it came from when not just "line N" (an event, a place visit)


def neutralise(cell: str) -> str:
    """`cell` with a `'` before it if a spreadsheet would otherwise run it as a formula."""
    return "'" + cell if _NEEDS_QUOTE.match(cell) else cell


def unneutralise(cell: str) -> str:
    """Undo `neutralise`: drop the one `'` it adds (and leave every other cell alone)."""
    # The startswith test first: most cells have no quote, and the regex is the slow part.
    return cell[1:] if cell.startswith("'") and _QUOTED.match(cell) else cell


def shorten(text: str, limit: int) -> str:
    """`text`, cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_date(text: str, what: str) -> date | None:
    """Parse `YYYY-MM-DD` or `DD.MM.YYYY` (or `D.M.YYYY`); empty text gives None.

    Raises:
        RowProblem: with a clause naming `what` ("return date") and the bad text.
    """
    text = text.strip()
    if not text:
        return None
    # The ISO shape checked by hand first: fromisoformat alone also takes 20250102 and
    # 2025-W01-1, but of ten ASCII characters with "-" at 4 and 7 it takes only YYYY-MM-DD.
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        try:
            return date.fromisoformat(text)
        except ValueError:
            parts = (text[:4], text[5:7], text[8:])
            if all(part.isdigit() for part in parts):
                return _real_date(int(parts[0]), int(parts[1]), int(parts[2]), text, what)
    match = _NUMERIC_DATE.fullmatch(text)
    if match is None:
        raise RowProblem(
            _("the {what} {text!r} is not in the form {_date_forms}.").format(
                what=what, text=shorten(text, 40), _date_forms=_(_DATE_FORMS)
            )
        )
    day, month, year = (int(part) for part in match.groups())
    return _real_date(year, month, day, text, what)


def _real_date(year: int, month: int, day: int, text: str, what: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise RowProblem(
            _("the {what} {text} is not a real date (use {_date_forms}).").format(
                what=what, text=text, _date_forms=_(_DATE_FORMS)
            )
        ) from None


def cell_date(cell: Cell, what: str) -> date | None:
    """A date from a cell: a real date cell (XLSX), or text as `parse_date` reads it."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if cell is None:
        return None
    if isinstance(cell, int | float):
        raise RowProblem(
            _("the {what} is the number {cell!r}, not a date; format the cell as a date.").format(
                what=what, cell=cell
            )
        )
    return parse_date(cell, what)


def cell_text(cell: Cell) -> str:
    """A cell as text: numbers without a trailing .0, dates as ISO."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


class Header:
    """Which position holds which column, read from a table's first row."""

    def __init__(self, fields: Sequence[Cell], delimiter: str = ",") -> None:
        self.delimiter = delimiter
        written = [cell_text(field).strip() for field in fields]
        # Trailing empty header cells (a spreadsheet's unused columns) are not columns.
        while written and not written[-1]:
            written.pop()
        self.fields = written
        names = [field.casefold() for field in self.fields]
        self.positions: dict[str, int] = {}
        seen: dict[str, str] = {}
        unknown: list[str] = []
        repeated: list[str] = []
        for position, name in enumerate(names):
            column = COLUMN_NAMES.get(name)
            if column is None:
                unknown.append(repr(self.fields[position]) if name else "(no name)")
                continue
            if column == IGNORED:
                continue
            if column in seen:
                repeated.append(column)
                continue
            seen[column] = name
            self.positions[column] = position
        missing_names = [name for name in REQUIRED_COLUMNS if name not in self.positions]
        if missing_names or unknown or repeated:
            problems = []
            if missing_names:
                problems.append("missing: " + ", ".join(missing_names))
            if unknown:
                problems.append("unknown: " + ", ".join(unknown))
            if repeated:
                problems.append(_("more than once: ") + ", ".join(sorted(set(repeated))))
            first = self.fields[0].strip() if self.fields else ""
            if missing_names and (_ISO_LIKE.fullmatch(first) or _NUMERIC_DATE.fullmatch(first)):
                # A trip where the header should be: said without echoing it (notes are private).
                raise ImportRejected(
                    [],
                    _(NOT_IMPORTED)
                    + _(
                        "its first line is a trip, not the header; add the line "
                        "departure,return,destination,note (and optionally purpose) above it."
                    ),
                )
            found = shorten(",".join(self.fields), 120)
            raise ImportRejected(
                [],
                _(NOT_IMPORTED)
                + _(
                    "the first line must name the columns departure and return, and may name "
                    "destination, note and purpose (in English or Norwegian, such as "
                    "Avreise;Retur;Land;Merknad), but it is {found!r} ({problems})."
                ).format(found=found, problems="; ".join(problems)),
            )
        self.width = len(self.fields)
        self._departure = self.positions["departure"]
        self._return = self.positions["return"]
        self._destination = self.positions.get("destination", -1)
        self._purpose = self.positions.get("purpose", -1)
        self._note = self.positions.get("note", -1)
        # Destination as written (formula quote removed) → as parsed; a file names few places.
        self._destinations: dict[str, str | None] = {}

    def row(self, line: int, fields: Sequence[Cell]) -> CsvTrip:
        """One data row as a `CsvTrip`.

        Raises:
            RowProblem: naming what is wrong with the row.
        """
        if len(fields) != self.width:
            self._check_width(fields)
        # Written for speed (100,000 rows in well under a second): positions looked up once,
        # text cells (every CSV cell) taken as they are, words for messages translated only
        # when there is a problem, and each distinct destination worked out once.
        departure = _day(fields[self._departure], _DEPARTURE)
        if departure is None:
            raise RowProblem(
                _("the departure date is missing (use {_date_forms}).").format(
                    _date_forms=_(_DATE_FORMS)
                )
            )
        return_date = _day(fields[self._return], _RETURN)
        written = _text(fields, self._destination)
        try:
            destination = self._destinations[written]
        except KeyError:
            destination = _destination(written)
            if len(self._destinations) < _DESTINATIONS_KEPT:
                self._destinations[written] = destination
        return CsvTrip(
            line,
            departure,
            return_date,
            destination,
            _text(fields, self._purpose).strip() or None,
            _text(fields, self._note),
        )

    def _check_width(self, fields: Sequence[Cell]) -> None:
        # A spreadsheet's trailing empty cells are not a wrong field count.
        count = len(fields)
        if count > self.width and is_blank(fields[self.width :]):
            return
        mark = {",": "comma", ";": "semicolon", "\t": "tab"}.get(self.delimiter, "separator")
        separator = self.delimiter if self.delimiter != "\t" else ", "
        raise RowProblem(
            _(
                "this row has {count} fields but the header has {width} ({fields}); check for a "
                "missing or extra {mark}, or quote notes that contain {mark}s."
            ).format(count=count, width=self.width, fields=separator.join(self.fields), mark=mark)
        )


def _text(fields: Sequence[Cell], position: int) -> str:
    if position < 0:
        return ""
    cell = fields[position]
    if type(cell) is not str:
        return unneutralise(cell_text(cell))
    # Most cells have no formula quote to take off: no call for them.
    return unneutralise(cell) if cell[:1] == "'" else cell


def _destination(written: str) -> str | None:
    """A destination cell: a code when the text names a country, else as written, stripped."""
    stripped = written.strip()
    return (match_country(stripped) or stripped) if stripped else None


def _day(cell: Cell, what: str) -> date | None:
    """`parse_date` (text) or `cell_date` of a cell; `what` is untranslated (`N_`).

    The fast path takes a bare ISO date (almost every cell) straight to `date.fromisoformat`:
    text of ten ASCII characters with "-" at 4 and 7 that it accepts is YYYY-MM-DD, which
    `parse_date` would read the same way (no spaces to strip, no formula quote to remove).
    Anything else, and anything it refuses, goes the whole way, so the messages are the same.
    """
    if type(cell) is str:
        if len(cell) == 10 and cell[4] == "-" and cell[7] == "-" and cell.isascii():
            try:
                return date.fromisoformat(cell)
            except ValueError:
                pass
        return parse_date(unneutralise(cell), _(what))
    return cell_date(cell, _(what))


def is_blank(fields: Sequence[Cell]) -> bool:
    """Whether every cell of a row is empty or spaces."""
    if all(type(field) is str for field in fields):
        return not "".join(fields).strip()  # type: ignore[arg-type]
    return all(cell_text(field).strip() == "" for field in fields)
