"""The import's fast paths give exactly what the slow paths they skip would give.

Each fast path (a bare ISO date straight to `date.fromisoformat`, destinations worked out once
per distinct text, the destination check cached, lines decoded a block at a time instead of
from one StringIO, repeats found by a sweep over the proposals sorted by departure) is set
beside the plain code it replaces, written out here as it was, on random input that includes
the awkward cases: byte-order marks, DD.MM.YYYY, blanks, formula quotes, spaces, line breaks.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from app.models.database import close_database, open_database
from app.services import countries, csvio
from app.services.countries import match_country
from app.services.errors import ImportRejected, ValidationError
from app.services.importing.model import Proposed, Status
from app.services.importing.pipeline import ImportService, compare
from app.services.importing.table import (
    CsvTrip,
    Header,
    RowProblem,
    parse_date,
    unneutralise,
)
from app.services.trips import check_trip
from app.services.views import TripView
from app.services.wording import _

TODAY = date(2025, 6, 30)
DAYS = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
DATE_CELLS = st.one_of(
    DAYS.map(date.isoformat),
    DAYS.map(lambda d: f"{d.day:02}.{d.month:02}.{d.year:04}"),
    DAYS.map(lambda d: f"{d.day}.{d.month}.{d.year}"),
    st.builds(
        lambda d, before, after: before + d.isoformat() + after,
        DAYS,
        st.sampled_from(["", " ", "\t", "'", "''", "'=", "=", "\ufeff", "+"]),
        st.sampled_from(["", " ", "\t", "\r", "\n", "x"]),
    ),
    st.sampled_from(
        [
            "",
            " ",
            "  \t ",
            "2025-02-30",
            "2023-02-29",
            "2024-02-29",
            "0000-01-01",
            "2025-1-2",
            "2025-01-1 ",
            "20250102",
            "2025-W01-1",
            "2025-01-02T10:00",
            "31.12.2025",
            "32.01.2025",
            "'2025-01-01",
            "'=2025-01-01",
            "２０２５-01-01",
            "2025-0١-01",
            "\ufeff2025-01-01",
        ]
    ),
    st.text(max_size=12),
)
DESTINATION_CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "SE",
            " se ",
            "NO",
            "XX",
            "Sverige",
            " Tyskland",
            "Østerrike",
            "holland",
            "'=SE",
            "'SE",
            "=SE",
            "\ufeffSE",
            "S",
        ]
    ),
    st.text(max_size=6),
)
TEXT_CELLS = st.one_of(
    st.sampled_from(["", " ", "holiday", " Holiday ", "'=1", "''-2", "'x", "-5", "\ufeff"]),
    st.text(max_size=8),
)


def _outcome(parse: object, *args: object) -> object:
    try:
        return ("ok", parse(*args))  # type: ignore[operator]
    except RowProblem as problem:
        return ("problem", problem.args)


def _slow_row(header: Header, line: int, fields: list[str]) -> CsvTrip:
    """`Header.row` as it was before its fast paths: every cell the whole way, every time."""
    if len(fields) != header.width:
        header._check_width(fields)
    positions = header.positions

    def cell(name: str) -> str:
        return unneutralise(fields[positions[name]]) if name in positions else ""

    departure = parse_date(cell("departure"), _("departure date"))
    if departure is None:
        raise RowProblem(
            _("the departure date is missing (use {_date_forms}).").format(
                _date_forms=_("YYYY-MM-DD or DD.MM.YYYY")
            )
        )
    written = cell("destination").strip()
    return CsvTrip(
        line,
        departure,
        parse_date(cell("return"), _("return date")),
        (match_country(written) or written) if written else None,
        cell("purpose").strip() or None,
        cell("note"),
    )


@given(
    st.lists(
        st.tuples(DATE_CELLS, DATE_CELLS, DESTINATION_CELLS, TEXT_CELLS, TEXT_CELLS),
        min_size=1,
        max_size=25,
    )
)
def test_row_fast_path_reads_every_row_as_the_slow_path(
    rows: list[tuple[str, str, str, str, str]],
) -> None:
    # One header for all rows, as in a file: its destination memo sees repeats and misses.
    header = Header(["Departure", "return", "destination", "note", "purpose"])
    for line, (departure, back, where, note, purpose) in enumerate(rows * 2, start=2):
        fields = [departure, back, where, note, purpose]
        assert _outcome(header.row, line, fields) == _outcome(_slow_row, header, line, fields)


@given(DATE_CELLS)
def test_a_date_cell_reads_as_parse_date_reads_it(cell: str) -> None:
    header = Header(["departure", "return"])

    def fast() -> date | None:
        return header.row(2, [cell, ""]).departure

    def slow() -> date | None:
        return parse_date(unneutralise(cell), _("departure date"))

    if not cell.strip():
        return  # a missing departure: the row test above pins that sentence
    assert _outcome(fast) == _outcome(slow)


def _slow_check(destination: str | None) -> tuple[str, object]:
    """check_trip's destination rule as it was, before its cache."""
    code = (
        (countries.match_country(destination) or countries.normalize(destination))
        if destination
        else ""
    )
    if code == countries.HOME:
        return ("problem", "home")
    if code and not countries.is_known(code):
        return ("problem", "unknown")
    return ("ok", code or None)


@given(st.lists(st.one_of(st.none(), DESTINATION_CELLS), min_size=1, max_size=20))
def test_cached_destination_check_gives_the_uncached_answer(
    destinations: list[str | None],
) -> None:
    for destination in destinations * 2:  # the second time round from the cache
        try:
            checked = check_trip(date(2025, 1, 1), None, destination, None, "", today=TODAY)
            outcome: tuple[str, object] = ("ok", checked.destination)
        except ValidationError as err:
            outcome = ("problem", "home" if "Norway is home" in str(err) else "unknown")
        assert outcome == _slow_check(destination)


LINE_PIECES = st.lists(
    st.one_of(
        st.sampled_from(["\n", "\r\n", "\r", "\r\r\n", ",", '"', "Blåbær", "\u2028", "\x85"]),
        st.text(alphabet="abc,;\t\"' æø€\r\n\x0b\x0c\x1c", max_size=40),
    ),
    max_size=60,
)


@given(
    LINE_PIECES,
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"]),
    st.integers(min_value=0, max_value=9000),
)
def test_lines_decoded_a_block_at_a_time_are_the_stringio_lines(
    pieces: list[str], encoding: str, padding: int
) -> None:
    # The padding moves line ends (a "\r\n" above all) across the decoder's 8 KB blocks.
    text = "x" * padding + "".join(pieces)
    data = text.encode(encoding, errors="replace")
    try:
        expected = io.StringIO(csvio.decode(data), newline="").readlines()
    except ImportRejected as err:  # then the same refusal from the streaming reader
        refusal = str(err)
        with pytest.raises(ImportRejected) as same:
            csvio._lines(data)
        assert str(same.value) == refusal
        return
    first, lines = csvio._lines(data)
    assert list(lines) == expected
    assert first == next((line for line in expected if line.strip()), "")


def _slow_repeats(proposed: list[Proposed]) -> dict[int, str]:
    """The repeats as compare found them before the sweep: one dict of every trip's key."""
    first_line: dict[tuple[date, date | None, str | None], int] = {}
    reasons: dict[int, str] = {}
    for index, trip in enumerate(proposed):
        if trip.key() in first_line:
            reasons[index] = f"the same trip as line {first_line[trip.key()]}"
        else:
            first_line[trip.key()] = trip.line
    return reasons


SOME_DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 1, 8))


@given(
    st.lists(
        st.tuples(
            SOME_DAYS,
            st.one_of(st.none(), st.integers(min_value=0, max_value=2)),
            st.sampled_from([None, "SE", "DE"]),
            st.integers(min_value=1, max_value=5),
        ),
        max_size=40,
    )
)
def test_repeats_found_by_the_sweep_are_those_a_dict_of_keys_finds(
    rows: list[tuple[date, int | None, str | None, int]],
) -> None:
    # Lines may repeat (a calendar event can propose two trips) and days cluster, so the
    # sweep's groups of one departure day are exercised hard.
    proposed = [
        Proposed(
            line,
            day,
            None if back is None else date.fromordinal(day.toordinal() + back),
            where,
            None,
            "",
        )
        for day, back, where, line in rows
    ]
    candidates, _errors = compare(proposed, [])
    found = {
        index: candidate.reason
        for index, candidate in enumerate(candidates)
        if candidate.status is Status.REPEAT
    }
    assert found == _slow_repeats(proposed)
    assert [c.proposed for c in candidates] == proposed


RECORDED = st.lists(
    st.tuples(
        SOME_DAYS,
        st.one_of(st.none(), st.integers(min_value=0, max_value=2)),
        st.sampled_from([None, "SE", "DE"]),
    ),
    max_size=30,
)


def _view(number: int, day: date, back: int | None, where: str | None) -> TripView:
    end = None if back is None else date.fromordinal(day.toordinal() + back)
    return TripView(number, 1, day, end, where, None, f"recorded {number}")


@given(RECORDED, RECORDED)
def test_duplicates_found_by_departure_are_those_a_dict_of_keys_finds(
    recorded_rows: list[tuple[date, int | None, str | None]],
    proposed_rows: list[tuple[date, int | None, str | None]],
) -> None:
    # Recorded in any order, with repeated keys: the dict kept the last one given.
    recorded = [_view(i, *row) for i, row in enumerate(recorded_rows, start=1)]
    proposed = [
        Proposed(line, view.departure, view.return_date, view.destination, None, "")
        for line, view in enumerate((_view(0, *row) for row in proposed_rows), start=2)
    ]
    by_key = {(t.departure, t.return_date, t.destination): t for t in recorded}
    candidates, _errors = compare(proposed, recorded)
    for trip, candidate in zip(proposed, candidates, strict=True):
        same = by_key.get(trip.key())
        assert (candidate.status is Status.DUPLICATE) == (same is not None)
        if same is not None:
            assert candidate.conflicts == (same,)


@pytest.fixture(scope="module")
def sessions() -> Iterator[sessionmaker[Session]]:
    factory = open_database(None)
    yield factory
    close_database(factory)


@given(
    st.lists(
        st.tuples(SOME_DAYS, st.integers(min_value=0, max_value=2), st.sampled_from(["SE", "DE"])),
        max_size=25,
    ),
    st.lists(
        st.tuples(
            SOME_DAYS,
            st.integers(min_value=0, max_value=2),
            st.sampled_from(["SE", "DE"]),
            st.lists(st.integers(min_value=0, max_value=30), max_size=2),
        ),
        max_size=25,
    ),
)
def test_commit_sweep_skips_and_merges_as_a_list_of_every_recorded_trip_would(
    sessions: sessionmaker[Session],
    recorded_rows: list[tuple[date, int, str]],
    accepted_rows: list[tuple[date, int, str, list[int]]],
) -> None:
    with sessions.begin() as session:
        session.execute(text("DELETE FROM trips"))
        person = session.execute(text("SELECT id FROM people")).scalar_one()
        for day, back, where in recorded_rows:
            end = date.fromordinal(day.toordinal() + back)
            session.execute(
                text(
                    "INSERT INTO trips (person_id, departure, return_date, destination, note) "
                    "VALUES (:p, :d, :r, :w, '')"
                ),
                {"p": person, "d": day.isoformat(), "r": end.isoformat(), "w": where},
            )
    importer = ImportService(sessions)
    recorded = importer.recorded(person)
    ids = [t.id for t in recorded]
    accepted = [
        Proposed(
            line,
            day,
            date.fromordinal(day.toordinal() + back),
            where,
            None,
            "",
            merge_ids=tuple(dict.fromkeys(ids[i] for i in picks if i < len(ids))),
        )
        for line, (day, back, where, picks) in enumerate(accepted_rows, start=2)
    ]
    # What the commit did before the sweep: every recorded trip in a list and a set of keys.
    known = {(t.departure, t.return_date, t.destination) for t in recorded}
    by_id = {t.id: t for t in recorded}
    removed = {i: by_id[i] for row in accepted for i in row.merge_ids}
    kept = [row for row in accepted if row.merge_ids or row.key() not in known]

    batch = importer.commit(person, accepted, today=TODAY)

    assert batch.rows == tuple(kept)
    assert batch.skipped_duplicates == len(accepted) - len(kept)
    assert batch.removed == tuple(removed.values())
