"""Bad input everywhere: the CSV importer and the date parsers under random input.

Every fuzzed input must end in one of two ways: imported (and then exactly the trips reported
as added are new), or refused with a clear message and the database exactly as it was. Any
other exception fails the test. A table of named bad inputs (wrong headers, impossible dates,
year 1 and 9999, huge files, encodings, formulas) pins the messages users see, and export must
neutralise cells a spreadsheet would run as formulas while still round-tripping every note.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from app.cli.context import InputError
from app.cli.parser import iso_date
from app.models.database import close_database, open_database
from app.services import csvio
from app.services.csvio import RowProblem, parse_date
from app.services.errors import ImportRejected, ValidationError
from app.services.trips import TripService
from app.services.views import TripView

TODAY = date(2025, 6, 30)
HEADER = "departure,return,destination,note"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def sessions() -> Iterator[sessionmaker[Session]]:
    """One database for all examples of a module: migrating one per example would be slow."""
    factory = open_database(None)
    yield factory
    close_database(factory)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _snapshot(sessions: sessionmaker[Session]) -> list[tuple[object, ...]]:
    with sessions() as session:
        trips = session.execute(text("SELECT * FROM trips ORDER BY id")).all()
        people = session.execute(text("SELECT * FROM people ORDER BY id")).all()
    return [tuple(row) for row in [*trips, *people]]


def _import_checked(sessions: sessionmaker[Session], path: Path, content: bytes) -> None:
    """Import `content` and check the outcome was all-or-nothing, with a clear refusal."""
    path.write_bytes(content)
    before = _snapshot(sessions)
    refusal: ImportRejected | None = None
    try:
        result = TripService(sessions).import_csv(1, path, today=TODAY)
    except ImportRejected as rejected:
        refusal = rejected
    after = _snapshot(sessions)
    event("imported" if refusal is None else "refused")  # see --hypothesis-show-statistics
    if refusal is None:
        assert len(after) == len(before) + result.added
        assert set(before) <= set(after)  # nothing stored before was changed
        return
    message = str(refusal)
    assert message.startswith("The file was not imported: ")
    assert message.endswith(".")
    for error in refusal.errors:
        assert error.message.startswith(f"line {error.line}: ")
        assert error.line >= 2
    assert after == before


# ---------------------------------------------------------------------------------------------
# Fuzzing the importer

FIELDS = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat),
    st.sampled_from(
        [
            "",
            " ",
            "2025-02-30",
            "2023-02-29",
            "0000-01-01",
            "01.02.2025",
            "2025-1-2",
            "20250102",
            "2025-01-02T10:00",
            "SE",
            "se",
            "NO",
            "XX",
            "SJ",
            "Sverige",
            "holiday",
            "employer_assignment",
            '=HYPERLINK("http://x","y")',
            "+47 123",
            "-5",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "'=1",
            "''-2",
            'quote " inside',
            "a,b;c",
            "line\nbreak",
            "Blåbærsyltetøy",
            "\ufeff",
            "\x00",
        ]
    ),
    st.text(max_size=30),
)
ROWS = st.lists(st.lists(FIELDS, min_size=0, max_size=6), max_size=12)
HEADERS = st.one_of(
    st.just(["departure", "return", "destination", "note"]),
    st.just(["Departure ", "RETURN", "destination", "note", "purpose"]),
    st.permutations(["departure", "return", "destination", "note", "purpose"]).map(list),
    st.lists(st.sampled_from(["departure", "return", "note", "dest", "", "x"]), max_size=6),
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])


def _csv_bytes(header: list[str], rows: list[list[str]], delimiter: str, encoding: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


@given(header=HEADERS, rows=ROWS, delimiter=st.sampled_from([",", ";"]), encoding=ENCODINGS)
def test_random_rows_are_imported_whole_or_refused_with_nothing_changed(
    sessions: sessionmaker[Session],
    folder: Path,
    header: list[str],
    rows: list[list[str]],
    delimiter: str,
    encoding: str,
) -> None:
    _import_checked(sessions, folder / "rows.csv", _csv_bytes(header, rows, delimiter, encoding))


@given(st.binary(max_size=2000))
def test_random_bytes_are_refused_or_imported_never_crash(
    sessions: sessionmaker[Session], folder: Path, content: bytes
) -> None:
    _import_checked(sessions, folder / "bytes.csv", content)


@given(st.binary(max_size=2000))
def test_random_bytes_after_a_good_header_are_refused_or_imported(
    sessions: sessionmaker[Session], folder: Path, content: bytes
) -> None:
    _import_checked(sessions, folder / "tail.csv", (HEADER + "\n").encode() + content)


# ---------------------------------------------------------------------------------------------
# Fuzzing the date parsers


def _outcome(parse: Callable[[str], date | None], value: str) -> date | str | None:
    """What a parser makes of `value`: a date, None, or the message of its refusal."""
    try:
        return parse(value)
    except RowProblem as problem:
        return str(problem.args[0])
    except (InputError, ValidationError) as problem:
        return str(problem)


@given(st.text(max_size=40))
def test_csv_date_parsing_returns_a_date_or_explains(value: str) -> None:
    outcome = _outcome(lambda text: parse_date(text, "departure date"), value)

    if isinstance(outcome, str):
        assert outcome.startswith("the departure date ")
        assert "YYYY-MM-DD" in outcome
    elif outcome is not None:
        assert outcome.isoformat() == value.strip()


@given(st.text(max_size=40))
def test_command_line_date_parsing_returns_a_date_or_explains(value: str) -> None:
    outcome = _outcome(iso_date, value)

    if isinstance(outcome, str):
        assert outcome in (
            f"{value!r} is not a valid date: use YYYY-MM-DD.",
            f"{value!r} is outside the years Borte works with, 1900–2100: check the year.",
        )
    else:
        assert outcome is not None
        assert outcome.isoformat() == value


# ---------------------------------------------------------------------------------------------
# Named bad inputs: what the user reads, and that nothing changed

BAD_FILES: list[tuple[str, bytes, str]] = [
    (
        "wrong header",
        b"date,back,country,comment\n2025-01-01,2025-01-02,SE,\n",
        "The file was not imported: the first line must name the columns departure and return, "
        "and may name destination, note and purpose (in English or Norwegian, such as "
        "Avreise;Retur;Land;Merknad), but it is 'date,back,country,comment' (missing: "
        "departure; unknown: 'date').",
    ),
    (
        "bad date",
        b"departure,return,destination,note\n2025-02-30,2025-03-02,SE,\n",
        "line 2: the departure date 2025-02-30 is not a real date (use YYYY-MM-DD or DD.MM.YYYY).",
    ),
    (
        "US month-first date",
        b"departure,return,destination,note\n02/13/2025,,SE,\n",
        "line 2: the departure date '02/13/2025' is not in the form YYYY-MM-DD or DD.MM.YYYY.",
    ),
    (
        "return before departure",
        b"departure,return,destination,note\n2025-03-05,2025-03-01,SE,\n",
        "line 2: the return date 2025-03-01 is before the departure date 2025-03-05.",
    ),
    (
        "year 1",
        b"departure,return,destination,note\n0001-01-01,0001-01-02,SE,\n",
        "line 2: the departure date 0001-01-01 is outside the years 1900–2100; check the year.",
    ),
    (
        "year 9999",
        b"departure,return,destination,note\n2025-01-01,9999-12-31,SE,\n",
        "line 2: the return date 9999-12-31 is outside the years 1900–2100; check the year.",
    ),
    (
        "not text in any encoding Borte reads",
        b"departure,return,destination,note\n2025-01-01,,SE,\x81\x8d\x8f\x90\x9d\n",
        "The file was not imported: it is neither UTF-8, UTF-16 nor Windows-1252 text; save it "
        "as CSV (UTF-8) and try again.",
    ),
    (
        "UTF-16 cut short in the middle of a letter",
        "departure,return,destination,note\n2025-01-01,,SE,\n".encode("utf-16")[:-1],
        "The file was not imported: it looks like UTF-16 text but is damaged or cut short",
    ),
    (
        "unclosed quote",
        b'departure,return,destination,note\n2025-01-01,2025-01-02,SE,"Oslo\n'
        b"2025-02-01,2025-02-03,DK,\n",
        'The file was not imported: the quote (") that opens on line 2 is never closed',
    ),
    (
        "a quote that swallows rows",
        b'departure,return,destination,note\n2025-01-01,2025-01-02,SE,"Oslo\n'
        b'2025-02-01,2025-02-03,DK,"\n',
        'line 2: a quote (") opens on this line and runs over lines 3–3',
    ),
    (
        "empty",
        b"",
        "The file was not imported: it is empty; the first line must be the header "
        "departure,return,destination,note.",
    ),
]


@pytest.mark.parametrize(
    ("content", "words"), [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES]
)
def test_named_bad_files_are_refused_clearly_and_change_nothing(
    sessions: sessionmaker[Session], folder: Path, content: bytes, words: str
) -> None:
    path = folder / "bad.csv"
    path.write_bytes(content)
    before = _snapshot(sessions)

    with pytest.raises(ImportRejected) as caught:
        TripService(sessions).import_csv(1, path, today=TODAY)

    shown = [str(caught.value), *(error.message for error in caught.value.errors)]
    assert any(line.startswith(words) for line in shown), shown
    assert _snapshot(sessions) == before


def test_a_huge_file_is_refused_before_it_is_read(
    sessions: sessionmaker[Session], folder: Path
) -> None:
    path = folder / "huge.csv"
    with path.open("wb") as file:
        file.write((HEADER + "\n").encode())
        file.truncate(csvio.MAX_FILE_BYTES + 1)  # sparse: no 20 MB written
    before = _snapshot(sessions)

    with pytest.raises(ImportRejected, match="larger than 20 MB; split it into smaller files"):
        TripService(sessions).import_csv(1, path, today=TODAY)

    assert _snapshot(sessions) == before


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("latin-1", b""), ("cp1252", b"")],
    ids=["UTF-8", "UTF-8 with BOM", "Latin-1", "Windows-1252"],
)
def test_norwegian_letters_arrive_intact_in_every_encoding_borte_reads(
    folder: Path, encoding: str, prefix: bytes
) -> None:
    sessions = open_database(None)
    try:
        path = folder / f"{encoding}.csv"
        note = "Hytta på Ærøy: blåbær og søl"
        path.write_bytes(prefix + f"{HEADER}\n2025-01-02,2025-01-05,DK,{note}\n".encode(encoding))

        TripService(sessions).import_csv(1, path, today=TODAY)

        [trip] = TripService(sessions).list(1)
        assert trip.note == note
    finally:
        close_database(sessions)


# ---------------------------------------------------------------------------------------------
# Formulas


def test_export_neutralises_formulas_and_import_restores_them(folder: Path) -> None:
    sessions = open_database(None)
    try:
        trips = TripService(sessions)
        notes = ["=1+1", "+47 99", "-2 days", "@home", "\tindent", "'=kept quote", "plain"]
        for day, note in enumerate(notes, start=1):
            trips.add(1, date(2025, 1, day), date(2025, 1, day), note=note, today=TODAY)
        path = folder / "export.csv"

        trips.export_csv(1, path)

        cells = [row[3] for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8")))]
        assert cells[1:] == [
            "'=1+1",
            "'+47 99",
            "'-2 days",
            "'@home",
            "'\tindent",
            "''=kept quote",
            "plain",
        ]
    finally:
        close_database(sessions)

    fresh = open_database(None)
    try:
        TripService(fresh).import_csv(1, path, today=TODAY)
        assert [trip.note for trip in TripService(fresh).list(1)] == notes
    finally:
        close_database(fresh)


@given(st.text(max_size=40))
def test_no_exported_cell_starts_like_a_formula_and_every_note_round_trips(note: str) -> None:
    view = TripView(1, 1, date(2025, 1, 1), None, None, None, note)

    exported = csvio.format_csv([view])

    [_, row] = list(csv.reader(io.StringIO(exported, newline="")))
    assert not row[3].startswith(TRIGGERS)
    [parsed] = csvio.parse_csv(exported.encode("utf-8")).trips
    assert parsed.note == note
    assert csvio.unneutralise(csvio.neutralise(note)) == note


# ---------------------------------------------------------------------------------------------
# Every kind of file the import pipeline reads: random bytes behind each format's first bytes


_PREFIXES = [
    b"",
    b"PK\x03\x04",
    b"BEGIN:VCALENDAR\r\n",
    b'{"format": "borte-export", ',
    b"{",
    b"\xff\xfe",
    b'{"locations": [{"latitudeE7": ',
    b'{"timelineObjects": [',
    b'{"semanticSegments": [{"startTime": ',
    b'[{"startTime": "2025-01-01T00:00:00Z", ',
]


@given(
    prefix=st.sampled_from(_PREFIXES),
    body=st.binary(max_size=300),
    suffix=st.sampled_from([".csv", ".tsv", ".txt", ".xlsx", ".json", ".ics", ".zip", ""]),
)
def test_random_files_of_every_kind_are_refused_cleanly_and_change_nothing(
    sessions: sessionmaker[Session], folder: Path, prefix: bytes, body: bytes, suffix: str
) -> None:
    from app.services.errors import DataFileError
    from app.services.importing.pipeline import ImportService

    path = folder / f"random{suffix}"
    path.write_bytes(prefix + body)
    before = _snapshot(sessions)
    message = ""
    try:
        ImportService(sessions).import_file(1, path, today=TODAY)
    except (ImportRejected, DataFileError) as refusal:
        message = str(refusal)
    if message:
        assert message.endswith("."), message
        assert "\x00" not in message
        assert _snapshot(sessions) == before
