"""The CSV parser and writer on their own: format edges, file-level rejections, fuzzing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services import csvio
from app.services.csvio import CsvTrip, ParsedCsv, RowProblem, parse_csv, parse_date
from app.services.errors import DataFileError, ImportRejected, RowError
from app.services.views import TripView

HEADER = "departure,return,destination,note\n"


def _parse(text: str) -> ParsedCsv:
    return parse_csv(text.encode("utf-8"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02-29", date(2024, 2, 29)),  # leap day
        (" 2025-01-31 ", date(2025, 1, 31)),  # spaces around are fine
        ("", None),  # empty: no date (a return date: under way)
        ("   ", None),
        ("0001-01-01", date(1, 1, 1)),  # parses; the 1900–2100 range is check_trip's job
        ("05.03.2025", date(2025, 3, 5)),  # Norwegian spreadsheets: day first
        ("5.3.2025", date(2025, 3, 5)),
    ],
)
def test_parse_date_accepts_iso_dates(text: str, expected: date | None) -> None:
    assert parse_date(text, "return date") == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2025-02-30",
            "the return date 2025-02-30 is not a real date (use YYYY-MM-DD or DD.MM.YYYY).",
        ),
        (
            "2023-02-29",
            "the return date 2023-02-29 is not a real date (use YYYY-MM-DD or DD.MM.YYYY).",
        ),
        (
            "2025-13-01",
            "the return date 2025-13-01 is not a real date (use YYYY-MM-DD or DD.MM.YYYY).",
        ),
        (
            "0000-01-01",
            "the return date 0000-01-01 is not a real date (use YYYY-MM-DD or DD.MM.YYYY).",
        ),
        (
            "31.02.2025",
            "the return date 31.02.2025 is not a real date (use YYYY-MM-DD or DD.MM.YYYY).",
        ),
        ("01/02/2025", "the return date '01/02/2025' is not in the form YYYY-MM-DD or DD.MM.YYYY."),
        ("2025-1-2", "the return date '2025-1-2' is not in the form YYYY-MM-DD or DD.MM.YYYY."),
        (
            "20250102",
            "the return date '20250102' is not in the form YYYY-MM-DD or DD.MM.YYYY.",
        ),  # fromisoformat
        (
            "2025-W01-1",
            "the return date '2025-W01-1' is not in the form YYYY-MM-DD or DD.MM.YYYY.",
        ),  # takes these
        ("٢٠٢٥-٠١-٠٢", "the return date '٢٠٢٥-٠١-٠٢' is not in the form YYYY-MM-DD or DD.MM.YYYY."),
        (
            "2025-01-02T10:00",
            "the return date '2025-01-02T10:00' is not in the form YYYY-MM-DD or DD.MM.YYYY.",
        ),
    ],
)
def test_parse_date_explains_bad_dates(text: str, message: str) -> None:
    with pytest.raises(RowProblem) as caught:
        parse_date(text, "return date")

    assert caught.value.args[0] == message


def test_parse_date_shortens_long_garbage_in_messages() -> None:
    with pytest.raises(RowProblem) as caught:
        parse_date("x" * 500, "departure date")

    assert len(caught.value.args[0]) < 110


def test_rows_keep_their_physical_line_numbers() -> None:
    parsed = _parse(
        "\n"  # line 1: blank lines before the header are skipped
        + HEADER  # line 2
        + '2025-01-01,2025-01-02,SE,"two\nlines"\n'  # lines 3-4
        + ",,,\n"  # line 5: an all-blank row, ignored
        + "2025-02-01,,,\n"  # line 6
    )

    assert parsed.errors == []
    assert parsed.trips == [
        CsvTrip(3, date(2025, 1, 1), date(2025, 1, 2), "SE", None, "two\nlines"),
        CsvTrip(6, date(2025, 2, 1), None, None, None, ""),
    ]


def test_fields_are_stripped_except_the_note() -> None:
    parsed = _parse(
        "departure,return,destination,note,purpose\n 2025-01-01 , , se ,  note  , holiday \n"
    )

    # " se " is a country code: it comes out as the code.
    assert parsed.trips == [CsvTrip(2, date(2025, 1, 1), None, "SE", "holiday", "  note  ")]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "2025-01-01,2025-01-02,SE",
            "line 2: this row has 3 fields but the header has 4 "
            "(departure,return,destination,note); check for a missing or extra comma, or quote "
            "notes that contain commas.",
        ),
        (
            "2025-01-01,2025-01-02,SE,Oslo, then Bergen",
            "line 2: this row has 5 fields but the header has 4 "
            "(departure,return,destination,note); check for a missing or extra comma, or quote "
            "notes that contain commas.",
        ),
        (
            ",2025-01-02,SE,",
            "line 2: the departure date is missing (use YYYY-MM-DD or DD.MM.YYYY).",
        ),
        (
            "2025-02-30,,SE,",
            "line 2: the departure date 2025-02-30 is not a real date (use "
            "YYYY-MM-DD or DD.MM.YYYY).",
        ),
        (
            "2025-01-01,soon,SE,",
            "line 2: the return date 'soon' is not in the form YYYY-MM-DD or DD.MM.YYYY.",
        ),
    ],
)
def test_bad_rows_become_row_errors(row: str, message: str) -> None:
    parsed = _parse(HEADER + row + "\n")

    assert parsed.trips == []
    assert parsed.errors == [RowError(2, message)]


def test_semicolon_files_from_excel_are_read() -> None:
    parsed = _parse(
        "departure;return;destination;note\n"
        '2025-01-01;2025-01-03;SE;"Ski; Åre, day 2"\n'
        "2025-02-01;;DK\n"
    )

    assert parsed.trips == [
        CsvTrip(2, date(2025, 1, 1), date(2025, 1, 3), "SE", None, "Ski; Åre, day 2")
    ]
    assert parsed.errors == [
        RowError(
            3,
            "line 3: this row has 3 fields but the header has 4 "
            "(departure;return;destination;note); check for a missing or extra semicolon, or "
            "quote notes that contain semicolons.",
        )
    ]


def test_rows_the_csv_module_cannot_read_are_reported_and_reading_goes_on() -> None:
    huge = "x" * 200_000  # over the csv module's field size limit
    parsed = _parse(HEADER + f"2025-01-01,,,{huge}\n2025-02-01,,,\n")

    assert parsed.errors == [
        RowError(
            2,
            "line 2: this row could not be read as CSV (field larger than field limit (131072)).",
        )
    ]
    assert [trip.line for trip in parsed.trips] == [3]


def test_a_header_the_csv_module_cannot_read_rejects_the_file() -> None:
    with pytest.raises(ImportRejected, match="its first line could not be read as CSV"):
        _parse("x" * 200_000 + "\n")


def test_every_bad_row_is_reported_not_just_the_first() -> None:
    parsed = _parse(HEADER + "x,,,\n2025-01-01,,,\ny,,,\nz,,,\n")

    assert [error.line for error in parsed.errors] == [2, 4, 5]
    assert len(parsed.trips) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"",
            "The file was not imported: it is empty; the first line must be the header "
            "departure,return,destination,note.",
        ),
        (
            b"\n \n\r\n",
            "The file was not imported: it is empty; the first line must be the header "
            "departure,return,destination,note.",
        ),
        (
            b"\xef\xbb\xbf",  # just a byte-order mark
            "The file was not imported: it is empty; the first line must be the header "
            "departure,return,destination,note.",
        ),
        (
            b"departure,destination,note\n",
            "The file was not imported: the first line must name the columns departure and "
            "return, and may name destination, note and purpose (in English or Norwegian, such "
            "as Avreise;Retur;Land;Merknad), but it is 'departure,destination,note' (missing: "
            "return).",
        ),
        (
            b"2025-01-01,2025-01-02,SE,\n",
            # A trip, not a header: said without echoing it (notes are private).
            "The file was not imported: its first line is a trip, not the header; add the "
            "line departure,return,destination,note (and optionally purpose) above it.",
        ),
        (
            b"departure,return,destination,note,note\n",
            "The file was not imported: the first line must name the columns departure and "
            "return, and may name destination, note and purpose (in English or Norwegian, such "
            "as Avreise;Retur;Land;Merknad), but it is 'departure,return,destination,note,note' "
            "(more than once: note).",
        ),
        (
            # "country" is another name for the destination column.
            b"departure,return,destination,note,country\n",
            "The file was not imported: the first line must name the columns departure and "
            "return, and may name destination, note and purpose (in English or Norwegian, such "
            "as Avreise;Retur;Land;Merknad), but it is "
            "'departure,return,destination,note,country' (more than once: destination).",
        ),
        (
            b"departure,return,,note\n",
            "The file was not imported: the first line must name the columns departure and "
            "return, and may name destination, note and purpose (in English or Norwegian, such "
            "as Avreise;Retur;Land;Merknad), but it is 'departure,return,,note' (unknown: "
            "(no name)).",
        ),
        (
            b"departure,return,destination,note\n\x81\x8d\x8f\x90\x9d\n",
            "The file was not imported: it is neither UTF-8, UTF-16 nor Windows-1252 text; save "
            "it as CSV (UTF-8) and try again.",
        ),
    ],
)
def test_whole_file_problems_reject_the_file(content: bytes, message: str) -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_csv(content)

    assert str(caught.value) == message
    assert caught.value.errors == []


def test_too_many_rows_reject_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csvio, "MAX_ROWS", 3)
    rows = "2025-01-01,2025-01-02,SE,\n"

    assert len(_parse(HEADER + rows * 3).trips) == 3
    with pytest.raises(ImportRejected, match="it has more than 3 trips; split it into smaller"):
        _parse(HEADER + rows * 4)


def test_the_real_row_limit_is_100000() -> None:
    rows = "2025-01-01,2025-01-02,SE,\n"

    assert len(_parse(HEADER + rows * 100_000).trips) == 100_000
    with pytest.raises(ImportRejected, match="more than 100,000 trips"):
        _parse(HEADER + rows * 100_001)


def test_files_over_20_mb_are_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(HEADER.encode() + b" " * (20 * 1024 * 1024))

    with pytest.raises(ImportRejected) as caught:
        csvio.read_file(big)
    assert str(caught.value) == (
        "The file was not imported: it is larger than 20 MB; split it into smaller files."
    )
    with pytest.raises(ImportRejected, match="larger than 20 MB"):
        parse_csv(big.read_bytes())


def test_a_file_of_exactly_20_mb_is_read(tmp_path: Path) -> None:
    path = tmp_path / "edge.csv"
    content = HEADER.encode() + b"\n" * (20 * 1024 * 1024 - len(HEADER))
    path.write_bytes(content)

    assert csvio.read_file(path) == content


def test_read_file_turns_os_errors_into_data_file_errors(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as caught:
        csvio.read_file(tmp_path)  # a folder

    assert str(caught.value).startswith(f"Could not read {tmp_path}: Is a directory;")


def test_format_csv_quotes_only_what_needs_quoting() -> None:
    trips = [
        TripView(1, 1, date(2025, 1, 2), date(2025, 1, 5), "SE", None, 'Ski, "Åre"\nday 2'),
        TripView(2, 1, date(2025, 5, 1), None, None, "study", ""),
    ]

    assert csvio.format_csv(trips) == (
        "departure,return,destination,note,purpose\n"
        '2025-01-02,2025-01-05,SE,"Ski, ""Åre""\nday 2",\n'
        "2025-05-01,,,,study\n"
    )


notes = st.text(
    st.characters(codec="utf-8"), max_size=60
)  # any text a user can type, line breaks and quotes included


@given(
    st.lists(
        st.tuples(
            st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
            st.one_of(
                st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
            ),
            st.sampled_from([None, "SE", "SJ", "US"]),
            st.sampled_from([None, "holiday", "illness"]),
            notes,
        ),
        max_size=8,
    )
)
def test_format_then_parse_round_trips(
    rows: list[tuple[date, date | None, str | None, str | None, str]],
) -> None:
    views = [TripView(i, 1, *row) for i, row in enumerate(rows)]

    parsed = parse_csv(csvio.format_csv(views).encode("utf-8"))

    assert parsed.errors == []
    # A row whose every field is blank is ignored; format_csv always writes a departure.
    assert [
        (t.departure, t.return_date, t.destination, t.purpose, t.note) for t in parsed.trips
    ] == [(v.departure, v.return_date, v.destination, v.purpose, v.note) for v in views]


@given(st.text(max_size=300))
def test_random_text_after_a_header_yields_rows_or_row_errors(body: str) -> None:
    # With a good header the one thing that rejects the whole file at this size is a quote left
    # open (every line after it would be one field), so any other exception is a bug; bad rows
    # must come back as errors naming their line.
    rejected: ImportRejected | None = None
    try:
        parsed = _parse(HEADER + body)
    except ImportRejected as exc:
        rejected = exc
    if rejected is not None:
        assert '") that opens on line ' in str(rejected), rejected
        assert '"' in body
        return

    for error in parsed.errors:
        assert error.message.startswith(f"line {error.line}: ")
        assert error.line >= 2
    assert all(trip.line >= 2 for trip in parsed.trips)


def _parse_or_message(content: bytes) -> ParsedCsv | str:
    try:
        return parse_csv(content)
    except ImportRejected as rejected:
        return str(rejected)


@given(st.binary(max_size=300))
def test_random_bytes_never_raise_anything_but_import_rejected(content: bytes) -> None:
    outcome = _parse_or_message(content)

    if isinstance(outcome, str):
        assert outcome.startswith("The file was not imported: ")


def _date_or_message(text: str) -> date | str | None:
    try:
        return parse_date(text, "departure date")
    except RowProblem as problem:
        return str(problem.args[0])


@given(st.text(max_size=40))
def test_parse_date_raises_only_row_problems(text: str) -> None:
    outcome = _date_or_message(text)

    if isinstance(outcome, str):
        assert outcome.startswith("the departure date ")
