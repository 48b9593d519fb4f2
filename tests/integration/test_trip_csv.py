"""Importing and exporting trips as CSV through TripService."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.services.errors import DataFileError, ImportRejected, RowError
from app.services.people import PersonService
from app.services.trips import TripService
from app.services.views import ImportResult, TripView

TODAY = date(2025, 6, 1)
HEADER = "departure,return,destination,note\n"


@pytest.fixture
def trips(sessions: sessionmaker[Session]) -> TripService:
    return TripService(sessions)


@pytest.fixture
def me(sessions: sessionmaker[Session]) -> int:
    return PersonService(sessions).default().id


def _write(folder: Path, content: str | bytes, name: str = "trips.csv") -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def _spans(trips: list[TripView]) -> list[tuple[date, date | None, str | None, str | None, str]]:
    return [(t.departure, t.return_date, t.destination, t.purpose, t.note) for t in trips]


def test_import_adds_every_row(trips: TripService, me: int, data_dir: Path) -> None:
    path = _write(
        data_dir,
        HEADER + "2025-01-02,2025-01-05,se,Ski\n"
        "2025-03-01,2025-03-01,,\n"
        '2025-05-20,,US,"Work, then holiday"\n',
    )

    result = trips.import_csv(me, path, today=TODAY)

    assert result == ImportResult(added=3, skipped_duplicates=0)
    assert _spans(trips.list(me)) == [
        (date(2025, 1, 2), date(2025, 1, 5), "SE", None, "Ski"),
        (date(2025, 3, 1), date(2025, 3, 1), None, None, ""),
        (date(2025, 5, 20), None, "US", None, "Work, then holiday"),
    ]


def test_import_reads_columns_by_name_in_any_order_and_case(
    trips: TripService, me: int, data_dir: Path
) -> None:
    path = _write(
        data_dir,
        " Note , PURPOSE,Destination , Return,departure\r\n"
        "Conference,employer_assignment,DE,2025-02-03,2025-02-01\r\n",
    )

    trips.import_csv(me, path, today=TODAY)

    assert _spans(trips.list(me)) == [
        (date(2025, 2, 1), date(2025, 2, 3), "DE", "employer_assignment", "Conference")
    ]


def test_import_with_three_bad_rows_imports_nothing_and_names_each_line(
    trips: TripService, me: int, data_dir: Path
) -> None:
    path = _write(
        data_dir,
        HEADER
        + "2025-01-02,2025-01-05,SE,ok\n"  # line 2
        + "2025-02-01,2025-02-30,SE,bad date\n"  # line 3
        + "2025-03-01,2025-03-04,DK,ok\n"  # line 4
        + "\n"  # line 5: blank, ignored
        + "2025-04-10,2025-04-01,DE,return before departure\n"  # line 6
        + '2025-05-01,2025-05-02,FI,"a note\nover two lines"\n'  # lines 7-8
        + "2025-05-03,2025-05-04,NO,home\n",  # line 9
    )

    with pytest.raises(ImportRejected) as caught:
        trips.import_csv(me, path, today=TODAY)

    assert str(caught.value) == "The file was not imported: 3 rows have problems."
    assert caught.value.errors == [
        RowError(
            3,
            "line 3: the return date 2025-02-30 is not a real date (use YYYY-MM-DD or DD.MM.YYYY).",
        ),
        RowError(6, "line 6: the return date 2025-04-01 is before the departure date 2025-04-10."),
        RowError(
            9,
            "line 9: Norway is home, not a destination; leave the destination empty or choose "
            "the country you travelled to.",
        ),
    ]
    assert trips.list(me) == []


def test_import_checks_rows_like_adding_by_hand(
    trips: TripService, me: int, data_dir: Path
) -> None:
    path = _write(
        data_dir,
        "departure,return,destination,note,purpose\n"
        "2025-07-01,,SE,,\n"  # under way but in the future
        "2025-01-01,2025-01-02,ZZ,,\n"
        "2025-01-01,2025-01-02,SE,,party\n"
        f"2025-01-01,2025-01-02,SE,{'x' * 2001},\n"
        "1800-01-01,1800-01-02,SE,,\n",
    )

    with pytest.raises(ImportRejected) as caught:
        trips.import_csv(me, path, today=TODAY)

    messages = [error.message for error in caught.value.errors]
    assert messages == [
        "line 2: the trip departs on 2025-07-01, after today (2025-06-01), so it needs a return "
        "date; only a trip that has started can be under way.",
        "line 3: the destination 'ZZ' is not a known country code or name; use a two-letter ISO "
        "code such as SE, DE or US (SJ for Svalbard), a country's name, or leave it empty.",
        "line 4: the purpose 'party' is not one Borte knows; use one of employer_assignment, "
        "illness, military_service, study, posting, holiday, family, other, or leave it empty.",
        "line 5: the note has 2,001 characters; shorten it to at most 2,000.",
        "line 6: the departure date 1800-01-01 is outside the years 1900–2100; check the year.",
    ]


def test_import_allows_only_one_trip_under_way(trips: TripService, me: int, data_dir: Path) -> None:
    path = _write(data_dir, HEADER + "2025-05-01,,SE,\n2025-05-10,,DK,\n")

    with pytest.raises(ImportRejected) as caught:
        trips.import_csv(me, path, today=TODAY)

    assert caught.value.errors == [
        RowError(
            3,
            "line 3: this trip and the one on line 2 both have no return date, but only one "
            "trip can be under way.",
        )
    ]
    assert str(caught.value) == "The file was not imported: 1 row has a problem."


def test_import_refuses_a_second_trip_under_way_beside_a_stored_one(
    trips: TripService, me: int, data_dir: Path
) -> None:
    trips.add(me, date(2025, 4, 1), None, today=TODAY)
    path = _write(data_dir, HEADER + "2025-05-01,,SE,\n")

    with pytest.raises(ImportRejected) as caught:
        trips.import_csv(me, path, today=TODAY)

    assert caught.value.errors[0].message.startswith(
        "line 2: the trip that departed on 2025-04-01 is still under way"
    )


def test_import_skips_trips_already_stored(trips: TripService, me: int, data_dir: Path) -> None:
    trips.add(me, date(2025, 1, 2), date(2025, 1, 5), "SE", note="typed by hand", today=TODAY)
    trips.add(me, date(2025, 4, 1), None, "DE", today=TODAY)
    path = _write(
        data_dir,
        HEADER
        + "2025-01-02,2025-01-05,se,another note\n"  # same trip: skipped
        + "2025-01-02,2025-01-05,DK,\n"  # another destination: new
        + "2025-04-01,,DE,\n"  # the trip under way itself: skipped, not a second one
        + "2025-03-01,2025-03-02,,\n",
    )

    result = trips.import_csv(me, path, today=TODAY)

    assert result == ImportResult(added=2, skipped_duplicates=2)
    assert len(trips.list(me)) == 4
    # A second import of the same file adds nothing.
    assert trips.import_csv(me, path, today=TODAY) == ImportResult(0, 4)


def test_import_skips_a_trip_repeated_within_one_file(
    trips: TripService, me: int, data_dir: Path
) -> None:
    # The same dates and destination twice is one trip written twice, as it is for a trip
    # already recorded; days abroad would be the same either way.
    path = _write(data_dir, HEADER + "2025-01-02,2025-01-05,SE,a\n2025-01-02,2025-01-05,SE,b\n")

    assert trips.import_csv(me, path, today=TODAY) == ImportResult(1, 0, skipped_in_file=1)
    assert [trip.note for trip in trips.list(me)] == ["a"]


def test_import_reads_utf8_with_a_byte_order_mark(
    trips: TripService, me: int, data_dir: Path
) -> None:
    path = _write(
        data_dir, (HEADER + "2025-01-02,2025-01-05,SE,Blåbær i Åre\n").encode("utf-8-sig")
    )

    trips.import_csv(me, path, today=TODAY)

    assert trips.list(me)[0].note == "Blåbær i Åre"


def test_import_falls_back_to_windows_1252(trips: TripService, me: int, data_dir: Path) -> None:
    content = (HEADER + "2025-01-02,2025-01-05,SE,Blåbær – søndag\n").encode("cp1252")
    path = _write(data_dir, content)

    trips.import_csv(me, path, today=TODAY)

    assert trips.list(me)[0].note == "Blåbær – søndag"


def test_import_of_a_file_with_only_a_header_adds_nothing(
    trips: TripService, me: int, data_dir: Path
) -> None:
    assert trips.import_csv(me, _write(data_dir, HEADER), today=TODAY) == ImportResult(0, 0)


def test_import_rejects_a_wrong_header_naming_the_columns(
    trips: TripService, me: int, data_dir: Path
) -> None:
    path = _write(data_dir, "date,back,destination,note\n2025-01-01,2025-01-02,SE,\n")

    with pytest.raises(ImportRejected) as caught:
        trips.import_csv(me, path, today=TODAY)

    assert str(caught.value) == (
        "The file was not imported: the first line must name the columns departure and return, "
        "and may name destination, note and purpose (in English or Norwegian, such as "
        "Avreise;Retur;Land;Merknad), but it is 'date,back,destination,note' (missing: "
        "departure; unknown: 'date')."
    )
    assert caught.value.errors == []


def test_import_of_a_missing_file_is_a_data_file_error(
    trips: TripService, me: int, data_dir: Path
) -> None:
    with pytest.raises(DataFileError, match="^Could not read .*missing.csv: No such file"):
        trips.import_csv(me, data_dir / "missing.csv", today=TODAY)


def test_export_then_import_into_a_new_person_round_trips_exactly(
    sessions: sessionmaker[Session], trips: TripService, me: int, data_dir: Path
) -> None:
    notes = [
        "plain",
        "comma, inside",
        'quotes "inside" here',
        "line one\nline two",
        "windows\r\nline break",
        "æøå ÆØÅ – “typographic” ✈",
        "  spaces kept  ",
        "",
        "=SUM(A1)",
    ]
    for day, note in enumerate(notes, start=1):
        trips.add(
            me, date(2024, 1, day), date(2024, 1, day + 3), "FR", "holiday", note, today=TODAY
        )
    trips.add(me, date(2024, 3, 1), date(2024, 3, 1), None, None, today=TODAY)
    trips.add(me, date(2024, 3, 1), date(2024, 3, 1), None, None, today=TODAY)  # twice
    trips.add(me, date(2025, 5, 1), None, "SJ", "study", "Longyearbyen", today=TODAY)
    path = data_dir / "export.csv"

    count = trips.export_csv(me, path)
    kari = PersonService(sessions).add("Kari")
    result = trips.import_csv(kari.id, path, today=TODAY)

    # The trip recorded twice comes in once (a trip is imported once); the full JSON export
    # is the form that keeps even that.
    assert count == len(notes) + 3
    assert result == ImportResult(added=count - 1, skipped_duplicates=0, skipped_in_file=1)
    assert sorted(set(_spans(trips.list(kari.id)))) == sorted(set(_spans(trips.list(me))))


def test_export_writes_the_documented_format(trips: TripService, me: int, data_dir: Path) -> None:
    trips.add(me, date(2025, 1, 2), date(2025, 1, 5), "SE", None, "Ski, Åre", today=TODAY)
    trips.add(me, date(2025, 5, 1), None, None, "illness", today=TODAY)
    path = data_dir / "export.csv"

    trips.export_csv(me, path)

    assert (
        path.read_bytes()
        == (
            "departure,return,destination,note,purpose\n"
            '2025-01-02,2025-01-05,SE,"Ski, Åre",\n'
            "2025-05-01,,,,illness\n"
        ).encode()
    )


def test_export_replaces_an_existing_file_and_leaves_no_temporary(
    trips: TripService, me: int, data_dir: Path
) -> None:
    path = _write(data_dir, "old content that is longer than the new content " * 10, "out.csv")

    assert trips.export_csv(me, path) == 0

    assert path.read_text(encoding="utf-8") == "departure,return,destination,note,purpose\n"
    assert sorted(p.name for p in data_dir.iterdir()) == ["out.csv"]


def test_export_to_a_missing_folder_is_a_data_file_error(
    trips: TripService, me: int, data_dir: Path
) -> None:
    with pytest.raises(DataFileError, match="^Borte cannot write .*: the folder .* does not exist"):
        trips.export_csv(me, data_dir / "nowhere" / "out.csv")
