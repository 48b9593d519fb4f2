"""The trips CSV format: reading it into plain rows, and writing it.

The format, as users see it::

    departure,return,destination,note,purpose
    2025-03-05,2025-03-09,SE,"Conference, Gothenburg",employer_assignment
    2025-06-20,,DE,,

* The first line names the columns: `departure`, `return`, `destination`, `note`, and
  optionally `purpose`, in any order and any case, spaces around names ignored.
* Dates are ISO `YYYY-MM-DD`; an empty `return` means the trip is under way.
* Text is UTF-8 (with or without a byte-order mark); files that are not valid UTF-8 are read as
  Windows-1252, which is what Excel on Windows writes for "CSV" in Western Europe.
* Blank lines, and rows whose fields are all blank, are ignored.
* A file whose header line has semicolons and no commas is read with ";" between fields: that
  is what Excel writes as "CSV" where the comma is the decimal mark, Norway included.
* Export puts a `'` before any cell that a spreadsheet would run as a formula (one starting
  with `=`, `+`, `-`, `@`, a tab or a carriage return: "CSV injection"), and import takes
  exactly that `'` off again, so a note such as "-2 days, =sum" survives the round trip.

This module only parses and formats. Whether a parsed trip is acceptable (known country, dates in
range, only one trip under way) is `app.services.trips.check_trip`'s job, shared with adding a
trip by hand, so a file can never hold what the dialog would refuse.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.services import safe_write
from app.services.errors import DataFileError, ImportRejected, RowError
from app.services.views import TripView

REQUIRED_COLUMNS: tuple[str, ...] = ("departure", "return", "destination", "note")
OPTIONAL_COLUMNS: tuple[str, ...] = ("purpose",)
EXPORT_COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# A spreadsheet runs a cell as a formula when it starts with one of these (OWASP, "CSV
# Injection"). Export quotes every cell matching _NEEDS_QUOTE: a trigger, or quotes and then a
# trigger, so a note that itself starts with "'=" keeps its own quote. Import removes one quote
# from exactly the cells export can have quoted (_QUOTED), which undoes it in every case.
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")
_NOT_IMPORTED = "The file was not imported: "


@dataclass(frozen=True, slots=True)
class CsvTrip:
    """One data row, parsed but not yet checked; `line` is where the row starts in the file."""

    line: int
    departure: date
    return_date: date | None
    destination: str | None  # as written, stripped; check_trip normalizes and validates it
    purpose: str | None
    note: str  # exactly as written, so notes round-trip


@dataclass(frozen=True, slots=True)
class ParsedCsv:
    """The rows that parsed, and one error for each row that did not."""

    trips: list[CsvTrip]
    errors: list[RowError]


class RowProblem(ValueError):
    """A row that cannot be parsed; the argument is a lower-case clause for "line N: …"."""


def _too_big() -> ImportRejected:
    megabytes = MAX_FILE_BYTES // (1024 * 1024)
    return ImportRejected(
        [], _NOT_IMPORTED + f"it is larger than {megabytes} MB; split it into smaller files."
    )


def read_file(path: Path) -> bytes:
    """The bytes of `path`, refusing files over MAX_FILE_BYTES before reading them whole."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        reason = err.strerror or str(err)
        raise DataFileError(
            f"Could not read {path}: {reason}; check the file name and try again."
        ) from err
    if len(data) > MAX_FILE_BYTES:
        raise _too_big()
    return data


def decode(data: bytes) -> str:
    """The text of a file: UTF-8 (a byte-order mark is dropped), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:2]:
        # UTF-16 ("Unicode text" in Excel) would decode as Windows-1252 into a wall of NULs;
        # without a byte-order mark, the header's first letter has a NUL byte beside it.
        raise ImportRejected(
            [],
            _NOT_IMPORTED + "it is UTF-16 text, not UTF-8; save it as CSV (UTF-8) and try again.",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as err:
            raise ImportRejected(
                [],
                _NOT_IMPORTED + "it is neither UTF-8 nor Windows-1252 text; "
                "save it as CSV (UTF-8) and try again.",
            ) from err
    return text


def parse_csv(data: bytes) -> ParsedCsv:
    """Parse a whole file, collecting an error for every bad row.

    Raises:
        ImportRejected: for problems with the file as a whole (too big, not text, empty, wrong
            header, too many rows). Row problems are returned in `errors`, not raised, so the
            caller can add its own checks and report everything at once.
    """
    if len(data) > MAX_FILE_BYTES:
        raise _too_big()
    text = decode(data)
    first_line = next((line for line in io.StringIO(text, newline="") if line.strip()), "")
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    # newline="": keep line breaks inside quoted notes as written (csv module docs).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = _read_header(reader)
    trips: list[CsvTrip] = []
    errors: list[RowError] = []
    rows = 0
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            errors.append(
                RowError(start, f"line {start}: this row could not be read as CSV ({err}).")
            )
            continue
        if all(not field.strip() for field in fields):
            continue
        rows += 1
        if rows > MAX_ROWS:
            raise ImportRejected(
                [],
                _NOT_IMPORTED
                + f"it has more than {MAX_ROWS:,} trips; split it into smaller files.",
            )
        try:
            trips.append(_parse_row(start, fields, columns, delimiter))
        except RowProblem as problem:
            errors.append(RowError(start, f"line {start}: {problem.args[0]}"))
    return ParsedCsv(trips, errors)


def _read_header(reader: Iterable[list[str]]) -> dict[str, int]:
    """Map each column name to its position, or reject the file naming what is wrong."""
    expected = ",".join(REQUIRED_COLUMNS)
    try:
        # Blank lines before the header are skipped.
        fields = next((row for row in reader if any(field.strip() for field in row)), None)
    except csv.Error as err:
        raise ImportRejected(
            [], _NOT_IMPORTED + f"its first line could not be read as CSV ({err})."
        ) from err
    if fields is None:
        raise ImportRejected(
            [], _NOT_IMPORTED + f"it is empty; the first line must be the header {expected}."
        )
    names = [field.strip().lower() for field in fields]
    columns: dict[str, int] = {}
    for position, name in enumerate(names):
        columns.setdefault(name, position)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    unknown = [name for name in columns if name not in EXPORT_COLUMNS]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if missing and fields and _ISO_DATE.fullmatch(fields[0].strip()):
        # A trip where the header should be: say so without echoing it (notes are private).
        raise ImportRejected(
            [],
            _NOT_IMPORTED + "its first line is a trip, not the header; add the line "
            f"{expected} (and optionally purpose) above it.",
        )
    if missing or unknown or repeated:
        found = ",".join(field.strip() for field in fields)  # as written, but comma-separated
        problems = []
        if missing:
            problems.append("missing: " + ", ".join(missing))
        if unknown:
            problems.append(
                "unknown: " + ", ".join(repr(name) if name else "(no name)" for name in unknown)
            )
        if repeated:
            problems.append("more than once: " + ", ".join(repeated))
        raise ImportRejected(
            [],
            _NOT_IMPORTED + f"the first line must name the columns {expected} (and optionally "
            f"purpose), but it is {_shorten(found, 120)!r} ({'; '.join(problems)}).",
        )
    return columns


def _parse_row(
    line: int, fields: Sequence[str], columns: dict[str, int], delimiter: str
) -> CsvTrip:
    if len(fields) != len(columns):
        header = delimiter.join(sorted(columns, key=columns.__getitem__))
        mark = "comma" if delimiter == "," else "semicolon"
        raise RowProblem(
            f"this row has {len(fields)} fields but the header has {len(columns)} ({header}); "
            f"check for a missing or extra {mark}, or quote notes that contain {mark}s."
        )

    def field(name: str) -> str:
        return unneutralise(fields[columns[name]]) if name in columns else ""

    departure = parse_date(field("departure"), "departure date")
    if departure is None:
        raise RowProblem("the departure date is missing (use YYYY-MM-DD).")
    return CsvTrip(
        line=line,
        departure=departure,
        return_date=parse_date(field("return"), "return date"),
        destination=field("destination").strip() or None,
        purpose=field("purpose").strip() or None,
        note=field("note"),
    )


def parse_date(text: str, what: str) -> date | None:
    """Parse an ISO date; empty text gives None.

    Raises:
        RowProblem: with a clause naming `what` ("return date") and the bad text.
    """
    text = text.strip()
    if not text:
        return None
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        raise RowProblem(f"the {what} {_shorten(text, 40)!r} is not in the form YYYY-MM-DD.")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise RowProblem(f"the {what} {text} is not a real date (use YYYY-MM-DD).") from None


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def neutralise(cell: str) -> str:
    """`cell` with a `'` before it if a spreadsheet would otherwise run it as a formula."""
    return "'" + cell if _NEEDS_QUOTE.match(cell) else cell


def unneutralise(cell: str) -> str:
    """Undo `neutralise`: drop the one `'` it adds (and leave every other cell alone)."""
    return cell[1:] if _QUOTED.match(cell) else cell


def format_csv(trips: Iterable[TripView]) -> str:
    """The CSV text for `trips`, in the order given, with the header; lines end in "\n"."""
    # The csv module quotes a field only for characters in its line terminator, so with "\n" a
    # note holding a lone "\r" would go out bare and split the row on reading. Write "\r\n"
    # rows, which quotes both, and swap each row's own terminator for "\n".
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    lines: list[str] = []

    def add(row: Sequence[str]) -> None:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        lines.append(buffer.getvalue().removesuffix("\r\n") + "\n")

    add(EXPORT_COLUMNS)
    for trip in trips:
        cells = (
            trip.departure.isoformat(),
            trip.return_date.isoformat() if trip.return_date is not None else "",
            trip.destination or "",
            trip.note,
            trip.purpose or "",
        )
        add([neutralise(cell) for cell in cells])
    return "".join(lines)


def write_csv(path: Path, trips: Sequence[TripView]) -> int:
    """Write `trips` to `path` (UTF-8), replacing it only once the new file is complete."""
    # Regular files only, links followed, modes kept: see app.services.safe_write.
    safe_write.write_bytes(path, format_csv(trips).encode("utf-8"), example="trips.csv")
    return len(trips)
