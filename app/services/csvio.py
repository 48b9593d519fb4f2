"""The trips CSV format: reading delimited text into plain rows, and writing Borte's own CSV.

The format Borte writes::

    departure,return,destination,note,purpose
    2025-03-05,2025-03-09,SE,"Conference, Gothenburg",employer_assignment
    2025-06-20,,DE,,

What it reads is wider, so that spreadsheet exports work as they are:

* The first line names the columns, in English or Norwegian (`Avreise;Retur;Land;Merknad`),
  see `app.services.importing.table` for the names, dates (ISO or `DD.MM.YYYY`) and countries
  (codes or names).
* Fields are separated by commas, semicolons (what Excel writes as "CSV" where the comma is the
  decimal mark, Norway included) or tabs (Excel's "Unicode text"); the header line decides.
* Text is UTF-8 (with or without a byte-order mark), UTF-16 (with a byte-order mark, or
  recognisable by its zero bytes) or, failing those, Windows-1252, which is what Excel on
  Windows writes for "CSV" in Western Europe.
* Blank lines, and rows whose fields are all blank, are ignored.
* A quote that is opened and never closed rejects the file, naming the line where it opens:
  read leniently it would swallow every row after it into one note.

This module only parses and formats. Whether a parsed trip is acceptable (known country, dates in
range, only one trip under way) is `app.services.trips.check_trip`'s job, shared with adding a
trip by hand, so a file can never hold what the dialog would refuse.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.services import safe_write
from app.services.errors import DataFileError, ImportRejected, RowError
from app.services.importing.table import (
    NOT_IMPORTED,
    CsvTrip,
    Header,
    RowProblem,
    is_blank,
    neutralise,
    parse_date,
    unneutralise,
)
from app.services.views import TripView
from app.services.wording import _

__all__ = [
    "CsvTrip",
    "ParsedCsv",
    "RowProblem",
    "decode",
    "format_csv",
    "neutralise",
    "parse_csv",
    "parse_date",
    "read_file",
    "unneutralise",
    "write_csv",
]

EXPORT_COLUMNS: tuple[str, ...] = ("departure", "return", "destination", "note", "purpose")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
_NOT_IMPORTED = NOT_IMPORTED
_HEADER_HINT = "departure,return,destination,note"


@dataclass(frozen=True, slots=True)
class ParsedCsv:
    """The rows that parsed, and one error for each row that did not."""

    trips: list[CsvTrip]
    errors: list[RowError]


def too_big() -> ImportRejected:
    """The refusal of a file over MAX_FILE_BYTES."""
    megabytes = MAX_FILE_BYTES // (1024 * 1024)
    return ImportRejected(
        [],
        _(_NOT_IMPORTED)
        + _("it is larger than {megabytes} MB; split it into smaller files.").format(
            megabytes=megabytes
        ),
    )


def read_file(path: Path) -> bytes:
    """The bytes of `path`, refusing files over MAX_FILE_BYTES before reading them whole."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise DataFileError.unreadable(path, err) from err
    if len(data) > MAX_FILE_BYTES:
        raise too_big()
    return data


def utf16_codec(data: bytes) -> str | None:
    """The codec of UTF-16 text without a byte-order mark, told by its zero bytes, or None."""
    sample = data[:400]
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    if sample[1::2].count(0) > half * 0.6 and sample[0::2].count(0) < half * 0.1:
        return "utf-16-le"
    if sample[0::2].count(0) > half * 0.6 and sample[1::2].count(0) < half * 0.1:
        return "utf-16-be"
    return None


def decode(data: bytes) -> str:
    """The text of a file: UTF-16 or UTF-8 by byte-order mark or shape, else Windows-1252."""
    return data.decode(text_codec(data))


def text_codec(data: bytes) -> str:
    """The codec that `decode` reads `data` with, having checked that all of it decodes.

    Raises:
        ImportRejected: `data` is damaged UTF-16, or not text in any of those codecs.
    """
    with_mark = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    codec = "utf-16" if with_mark else utf16_codec(data)
    if codec is not None:
        try:
            data.decode(codec)
        except UnicodeDecodeError as err:
            raise ImportRejected(
                [],
                _(_NOT_IMPORTED)
                + _(
                    "it looks like UTF-16 text but is damaged or cut short; save it again from "
                    "the spreadsheet (as CSV UTF-8 or Unicode text) and try again."
                ),
            ) from err
        return codec
    if data.isascii():  # the usual export: UTF-8 without a check that decodes it all
        return "utf-8-sig"
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError as err:
            raise ImportRejected(
                [],
                _(_NOT_IMPORTED)
                + _(
                    "it is neither UTF-8, UTF-16 nor Windows-1252 text; save it as CSV (UTF-8) "
                    "and try again."
                ),
            ) from err
        return "cp1252"
    return "utf-8-sig"


def _lines(data: bytes) -> tuple[str, Iterator[str]]:
    """The first non-blank line of the text of `data`, and every line from the first on.

    Lines are split as `open(..., newline="")` splits them (at "\n", "\r\n" and "\r", kept
    on the line), decoded a block at a time: the text of a large file never sits in memory
    whole beside its bytes (a 100,000-row file: about 18 MB less at the peak than a StringIO,
    which holds four bytes a character).
    """
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=text_codec(data), newline="")
    head: list[str] = []
    for line in stream:
        head.append(line)
        if line.strip():
            return line, itertools.chain(head, stream)
    return "", iter(head)


def _delimiter(first_line: str) -> str:
    """The separator the header line uses most: tab, semicolon or comma (comma on a tie)."""
    counts = {mark: first_line.count(mark) for mark in (",", ";", "\t")}
    best = max(counts.values())
    if best == 0 or counts[","] == best:
        return ","
    return ";" if counts[";"] == best else "\t"


def _unclosed_quote(line: int) -> ImportRejected:
    return ImportRejected(
        [
            RowError(
                line,
                _('line {line}: a quote (") opens here and is never closed.').format(line=line),
            )
        ],
        _(_NOT_IMPORTED)
        + _(
            'the quote (") that opens on line {line} is never closed, so every line after it '
            "would become part of one field; close the quote or remove it, and try again."
        ).format(line=line),
    )


def _looks_like_rows(field: str, delimiter: str) -> bool:
    """Whether a multi-line field holds lines that start like a trip row (a date, then a mark)."""
    for part in field.splitlines()[1:]:
        head = part.split(delimiter, 1)
        if len(head) == 2:
            try:
                if parse_date(head[0], "date") is not None:
                    return True
            except RowProblem:
                continue
    return False


def parse_csv(data: bytes) -> ParsedCsv:
    """Parse a whole file, collecting an error for every bad row.

    Raises:
        ImportRejected: for problems with the file as a whole (too big, not text, empty, wrong
            header, an unclosed quote, too many rows). Row problems are returned in `errors`,
            not raised, so the caller can add its own checks and report everything at once.
    """
    if len(data) > MAX_FILE_BYTES:
        raise too_big()
    first_line, lines = _lines(data)
    delimiter = _delimiter(first_line)
    # Lines split as newline="" splits them: keep line breaks inside quoted notes as written
    # (csv module docs). strict: an unclosed quote is an error at the end of the file, not a
    # field that swallows it.
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    header = _read_header(reader, delimiter)
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
            if "unexpected end of data" in str(err):
                raise _unclosed_quote(start) from err
            errors.append(
                RowError(
                    start,
                    _("line {start}: this row could not be read as CSV ({err}).").format(
                        start=start, err=err
                    ),
                )
            )
            continue
        if not "".join(fields).strip():  # a blank row (is_blank, quicker for text)
            continue
        rows += 1
        if rows > MAX_ROWS:
            raise ImportRejected(
                [],
                _(_NOT_IMPORTED)
                + _("it has more than {max_rows:,} trips; split it into smaller files.").format(
                    max_rows=MAX_ROWS
                ),
            )
        if reader.line_num > start and any(
            "\n" in field and _looks_like_rows(field, delimiter) for field in fields
        ):
            errors.append(
                RowError(
                    start,
                    _(
                        'line {start}: a quote (") opens on this line and runs over lines '
                        "{start2}–{line_num}, which look like trips of their own; close the "
                        "quote where the note ends."
                    ).format(start=start, start2=start + 1, line_num=reader.line_num),
                )
            )
            continue
        try:
            trips.append(header.row(start, fields))
        except RowProblem as problem:
            errors.append(
                RowError(start, _("line {start}: {args}").format(start=start, args=problem.args[0]))
            )
    return ParsedCsv(trips, errors)


def _read_header(reader: Iterable[list[str]], delimiter: str) -> Header:
    """The header, or reject the file naming what is wrong."""
    try:
        # Blank lines before the header are skipped.
        fields = next((row for row in reader if not is_blank(row)), None)
    except csv.Error as err:
        raise ImportRejected(
            [],
            _(_NOT_IMPORTED)
            + _("its first line could not be read as CSV ({err}).").format(err=err),
        ) from err
    if fields is None:
        raise ImportRejected(
            [],
            _(_NOT_IMPORTED)
            + _("it is empty; the first line must be the header {_header_hint}.").format(
                _header_hint=_HEADER_HINT
            ),
        )
    return Header(fields, delimiter)


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
