"""Sources: which reader a file needs, and each reader's rows with their evidence.

`read_rows(path, file_format)` picks the reader from `file_format` ("auto": from the file's
first bytes, then its name) and returns `SourceRows`. A file that is not any format Borte
reads, or not the one asked for, is refused with one sentence: what was expected, what was
found, what to do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from app.services import csvio
from app.services.errors import DataFileError, ImportRejected, RowError
from app.services.importing.table import NOT_IMPORTED, CsvTrip
from app.services.wording import N_, LazyLabels, _

log = logging.getLogger(__name__)

# progress(done, total): units are whatever the reader counts (bytes, rows); it returns False
# to ask the reader to stop (the user cancelled).
Progress = Callable[[int, int], bool]

_EXPECTED = N_(  # shown as _(_EXPECTED)
    "a CSV or TSV spreadsheet export, an Excel workbook (.xlsx), a calendar (.ics), Google "
    "location history (.json, or a Takeout folder or .zip) or a Borte export (.json)"
)


# The first bytes of files people pick by mistake: PDF, SQLite, old Excel, pictures, gzip.
_NOT_TEXT = (
    b"%PDF",
    b"SQLite format 3",
    b"\xd0\xcf\x11\xe0",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
)


class Cancelled(Exception):
    """The user stopped reading a file (progress returned False); nothing was changed."""


@dataclass(frozen=True, slots=True)
class SourceRows:
    """The rows a source found, and an error for each row it could not read."""

    format: str
    rows: list[CsvTrip]
    errors: list[RowError] = field(default_factory=list)
    # Sentences about what the source left out and why ("12 events were not travel …").
    notes: tuple[str, ...] = ()


def sniff(path: Path, head: bytes) -> str:
    """The format of a file from its first bytes and its name, or "" if none fits."""
    suffix = path.suffix.lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(_NOT_TEXT):
        return ""
    if head.startswith(b"PK\x03\x04"):
        return "google" if suffix == ".zip" else "xlsx"  # a Takeout archive, or a workbook
    if stripped.upper().startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    if stripped.startswith((b"{", b"[")):
        return "borte" if b'"borte-export"' in head else "google"
    if suffix in (".xlsx", ".xlsm", ".ics", ".json"):
        return ""  # the name promises a format the bytes do not have
    if b"\x00" in head[:4000] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        if csvio.utf16_codec(head) is not None:
            return "csv"
        return ""
    return "csv"


def _found(head: bytes) -> str:
    if not head.strip():
        return _("an empty file")
    if head.startswith(b"%PDF"):
        return _("a PDF document")
    if head.startswith(b"SQLite format 3"):
        return _("a database file")
    if head.startswith((b"\xd0\xcf\x11\xe0",)):
        return _("an old Excel (.xls) workbook")
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return _("a picture")
    return _("something else (not text Borte can read)")


_NAMES: LazyLabels[str] = LazyLabels(
    {
        "csv": N_("a CSV or TSV spreadsheet export"),
        "xlsx": N_("an Excel workbook (.xlsx)"),
        "ics": N_("a calendar (.ics)"),
        "google": N_("a JSON file"),
        "borte": N_("a Borte export"),
    }
)


def _wanted(wanted: str) -> str:
    """What a --format asks for, where that differs from what a file of it is called when found."""
    if wanted == "google":
        return _("Google location history (a .json file, or a Takeout folder or .zip)")
    return _NAMES.get(wanted, wanted)


def _refuse(path: Path, head: bytes, wanted: str | None, found: str) -> ImportRejected:
    expected = _(_EXPECTED) if wanted is None else _wanted(wanted)
    what = _NAMES[found] if found else _found(head)
    advice = (
        _("save the old workbook as .xlsx or CSV and try again")
        if head.startswith(b"\xd0\xcf\x11\xe0")
        else _("choose the export file itself, or give --format")
    )
    return ImportRejected(
        [],
        _(NOT_IMPORTED)
        + _("Borte expected {expected}, but {name} is {what}; {advice}.").format(
            expected=expected, name=path.name, what=what, advice=advice
        ),
    )


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(8192)
    except OSError as err:
        raise DataFileError.unreadable(path, err) from err


def read_rows(
    path: Path,
    file_format: str = "auto",
    *,
    progress: Progress | None = None,
    today: date,
) -> SourceRows:
    """The rows of `path` read as `file_format` ("auto": detect it).

    `today` tells a calendar which flights are still to come.

    Raises:
        ImportRejected: the file is not one Borte reads, or not the format asked for.
        DataFileError: the file cannot be read.
        Cancelled: `progress` returned False.
    """
    if path.is_dir() and file_format in ("auto", "google"):
        return _location(path, progress, today)  # a Takeout folder
    if path.is_dir():
        raise DataFileError(
            _("{path} is a folder, not a file; choose the file to import.").format(path=path)
        )
    head = _head(path)
    found = sniff(path, head)
    if found in ("", "csv") and path.stat().st_size > csvio.MAX_FILE_BYTES:
        raise csvio.too_big()  # before guessing at what a huge file holds
    chosen = found if file_format == "auto" else file_format
    if not found or (file_format != "auto" and found != file_format):
        raise _refuse(path, head, None if file_format == "auto" else file_format, found)
    if chosen == "csv":
        parsed = csvio.parse_csv(csvio.read_file(path))
        return SourceRows("csv", parsed.trips, parsed.errors)
    if chosen == "xlsx":
        from app.services.importing import xlsx  # openpyxl loads only for workbooks

        try:
            return xlsx.read(path)
        except ImportRejected:
            raise
        except Exception as err:  # noqa: BLE001 - openpyxl raises a dozen kinds on bad files
            log.info("Workbook %s refused: %s: %s", path.name, type(err).__name__, err)
            raise ImportRejected(
                [],
                _(NOT_IMPORTED)
                + _(
                    "Borte expected an Excel workbook (.xlsx), but {name} is damaged or not a "
                    "workbook; open it in the spreadsheet, save it again as .xlsx and try again."
                ).format(name=path.name),
            ) from err
    if chosen == "ics":
        from app.services.importing import calendar_source

        found_trips = calendar_source.read(path, today=today)
        return SourceRows("ics", found_trips.rows, [], tuple(found_trips.notes))
    if chosen == "google":
        return _location(path, progress, today)
    raise ImportRejected(
        [],
        _(NOT_IMPORTED)
        + _(
            "{name} is a Borte export of everything; import it with 'borte import --format "
            "borte' into an empty data folder, or File > Import everything."
        ).format(name=path.name),
    )


def _location(path: Path, progress: Progress | None, today: date) -> SourceRows:
    """Google location history: streamed, turned into trips (`location_trips`)."""
    from app.services.importing import location_files, location_trips

    # The end of today anywhere on Earth (UTC+14), so no real sighting of today is passed over.
    until = datetime.combine(today + timedelta(days=1), time(), UTC).timestamp() + 14 * 3600
    try:
        kept, tally = location_trips.stretches(
            location_files.sightings(path, progress), until=until
        )
    except (ImportRejected, Cancelled):
        raise
    except OSError as err:
        raise DataFileError(
            _("Could not read {path}: {reason}; check the file and try again.").format(
                path=path, reason=err.strerror or err
            )
        ) from err
    except Exception as err:  # noqa: BLE001 - ijson and zipfile raise many kinds on bad files
        log.info("Location history %s refused: %s: %s", path.name, type(err).__name__, err)
        raise ImportRejected(
            [],
            _(NOT_IMPORTED)
            + _(
                "Borte expected Google location history, but {name} is damaged or cut short; "
                "download the Takeout export again and try again."
            ).format(name=path.name),
        ) from err
    rows, notes = location_trips.to_trips(kept)
    return SourceRows("google", rows, [], (*notes, *location_trips.tally_notes(tally)))
