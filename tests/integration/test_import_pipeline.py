"""The import pipeline: sources to proposals, comparison, one commit, and its undo and redo."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from app.models.database import close_database, open_database
from app.services.errors import ImportRejected
from app.services.importing.model import Action, Status
from app.services.importing.pipeline import ImportService, accept
from app.services.people import PersonService
from app.services.trips import TripService

TODAY = date(2025, 9, 1)
DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def me(sessions: sessionmaker[Session]) -> int:
    return PersonService(sessions).default().id


def _spans(sessions: sessionmaker[Session], person: int) -> list[tuple[object, ...]]:
    return [
        (t.departure, t.return_date, t.destination, t.note)
        for t in TripService(sessions).list(person)
    ]


def test_a_norwegian_excel_csv_is_read(sessions: sessionmaker[Session], me: int) -> None:
    # cp1252, semicolons, dd.mm.yyyy, Norwegian headers and country names, a repeated row.
    proposal = ImportService(sessions).propose(me, DATA / "norsk_excel.csv", today=TODAY)

    assert proposal.errors == []
    assert [(c.proposed.key(), c.status) for c in proposal.candidates] == [
        ((date(2025, 3, 5), date(2025, 3, 9), "SE"), Status.NEW),
        ((date(2025, 6, 20), date(2025, 7, 4), "DE"), Status.NEW),
        ((date(2025, 8, 1), date(2025, 8, 3), "DK"), Status.NEW),
        ((date(2025, 3, 5), date(2025, 3, 9), "SE"), Status.REPEAT),
    ]
    assert proposal.candidates[0].proposed.note == "Påskeferie i Åre"
    assert proposal.candidates[1].proposed.note == "Sommer; Berlin"
    assert proposal.candidates[3].reason == "the same trip as line 2"


def test_a_utf16_tab_separated_export_is_read(sessions: sessionmaker[Session], me: int) -> None:
    result = TripService(sessions).import_csv(me, DATA / "unicode_text.txt", today=TODAY)

    assert result.added == 2
    assert _spans(sessions, me) == [
        (date(2024, 11, 2), date(2024, 11, 10), "FR", "Østersjøen – no, Paris"),
        (date(2024, 12, 20), date(2025, 1, 2), "GB", "Christmas"),
    ]


def test_an_xlsx_with_date_cells_and_text_dates_is_read(
    sessions: sessionmaker[Session], me: int, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Avreise", "Retur", "Land", "Merknad", None])
    # Excel date cells are naive datetimes.
    when = datetime(2025, 2, 1, 0, 0)  # noqa: DTZ001
    sheet.append([when, date(2025, 2, 4), "Spania", "date cells", None])
    sheet.append(["10.04.2025", "2025-04-12", "IT", 42, None])
    sheet.append([None, None, None, None, None])
    sheet.append([date(2025, 5, 1), None, "Sverige", None, None])  # under way
    path = tmp_path / "reiser.xlsx"
    book.save(path)

    proposal = ImportService(sessions).propose(me, path, today=TODAY)

    assert proposal.source == "xlsx"
    assert proposal.errors == []
    assert [(c.proposed.key(), c.proposed.note, c.proposed.line) for c in proposal.candidates] == [
        ((date(2025, 2, 1), date(2025, 2, 4), "ES"), "date cells", 2),
        ((date(2025, 4, 10), date(2025, 4, 12), "IT"), "42", 3),
        ((date(2025, 5, 1), None, "SE"), "", 5),
    ]


def test_an_xlsx_number_where_a_date_belongs_names_the_row(
    sessions: sessionmaker[Session], me: int, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["departure", "return"])
    sheet.append([45000, "2025-01-01"])
    path = tmp_path / "numbers.xlsx"
    book.save(path)

    proposal = ImportService(sessions).propose(me, path, today=TODAY)

    assert [e.message for e in proposal.errors] == [
        "line 2: the departure date is the number 45000, not a date; format the cell as a date."
    ]


def test_recorded_trips_are_compared_and_overlaps_can_be_merged(
    sessions: sessionmaker[Session], me: int, tmp_path: Path
) -> None:
    trips = TripService(sessions)
    same = trips.add(me, date(2025, 1, 1), date(2025, 1, 5), "SE", today=TODAY)
    near = trips.add(me, date(2025, 2, 1), date(2025, 2, 3), "DK", note="old", today=TODAY)
    path = tmp_path / "t.csv"
    path.write_text(
        "departure,return,destination,note\n"
        "2025-01-01,2025-01-05,SE,\n"  # recorded already
        "2025-02-02,2025-02-06,DK,new\n"  # overlaps the DK trip
        "2025-03-01,2025-03-02,FI,\n",  # new
        encoding="utf-8",
    )
    importer = ImportService(sessions)

    proposal = importer.propose(me, path, today=TODAY, overlaps=Action.MERGE)

    assert [(c.status, c.action) for c in proposal.candidates] == [
        (Status.DUPLICATE, Action.SKIP),
        (Status.OVERLAP, Action.MERGE),
        (Status.NEW, Action.ADD),
    ]
    assert proposal.candidates[0].conflicts == (same,)
    assert proposal.candidates[1].conflicts == (near,)
    accepted = [a for a in map(accept, proposal.candidates) if a is not None]
    batch = importer.commit(me, accepted, today=TODAY)
    assert _spans(sessions, me) == [
        (date(2025, 1, 1), date(2025, 1, 5), "SE", ""),
        (date(2025, 2, 1), date(2025, 2, 6), "DK", "new; old"),
        (date(2025, 3, 1), date(2025, 3, 2), "FI", ""),
    ]

    importer.undo(batch)
    assert trips.list(me) == [same, near]  # the merged trip back under its own id
    importer.redo(batch)
    assert len(trips.list(me)) == 3


def test_undo_removes_only_the_import_not_a_trip_added_meanwhile(
    sessions: sessionmaker[Session], me: int, tmp_path: Path
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "departure,return,destination,note\n2025-01-01,2025-01-05,SE,\n2025-03-01,,FI,\n",
        encoding="utf-8",
    )
    importer = ImportService(sessions)
    proposal = importer.propose(me, path, today=TODAY)
    trips = TripService(sessions)
    # Between reading the file and saving it, and again after: someone else adds trips.
    before = trips.add(me, date(2024, 5, 1), date(2024, 5, 2), "DE", today=TODAY)
    batch = importer.commit(me, [c.proposed for c in proposal.candidates], today=TODAY)
    after = trips.add(me, date(2024, 6, 1), date(2024, 6, 2), "DE", today=TODAY)

    assert batch.added == 2
    importer.undo(batch)

    assert trips.list(me) == [before, after]


def test_a_trip_recorded_between_proposal_and_commit_is_not_stored_twice(
    sessions: sessionmaker[Session], me: int, tmp_path: Path
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("departure,return\n2025-01-01,2025-01-05\n", encoding="utf-8")
    importer = ImportService(sessions)
    proposal = importer.propose(me, path, today=TODAY)
    TripService(sessions).add(me, date(2025, 1, 1), date(2025, 1, 5), today=TODAY)

    batch = importer.commit(me, [c.proposed for c in proposal.candidates], today=TODAY)

    assert (batch.added, batch.skipped_duplicates) == (0, 1)


def test_commit_refuses_a_second_trip_under_way_made_by_editing(
    sessions: sessionmaker[Session], me: int, tmp_path: Path
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("departure,return\n2025-01-01,\n2025-02-01,2025-02-03\n", encoding="utf-8")
    importer = ImportService(sessions)
    rows = [c.proposed for c in importer.propose(me, path, today=TODAY).candidates]
    edited = [rows[0], rows[1]._replace(return_date=None)]

    with pytest.raises(Exception, match="only one trip can be under way"):
        importer.commit(me, edited, today=TODAY)
    assert TripService(sessions).list(me) == []


def test_undo_and_redo_of_20000_trips_are_a_few_statements(
    sessions: sessionmaker[Session], me: int, tmp_path: Path
) -> None:
    path = tmp_path / "big.csv"
    lines = ["departure,return,destination,note"]
    lines += [
        f"{date.fromordinal(700_000 + i)},{date.fromordinal(700_000 + i)},SE,"
        for i in range(20_000)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    importer = ImportService(sessions)
    _, batch = importer.import_file(me, path, today=TODAY)
    engine = sessions.kw["bind"]
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        importer.undo(batch)
        undo_statements = len(statements)
        importer.redo(batch)
    finally:
        event.remove(engine, "before_cursor_execute", count)

    # Not one DELETE per trip (issue: 20,000 transactions, 347 s for 100,000 trips).
    assert undo_statements <= 3, statements
    # Redo: the checks, then one INSERT per slice of 5,000 rows.
    assert len(statements) - undo_statements <= 5 + 20_000 // 5_000, statements
    assert len(TripService(sessions).list(me)) == 20_000


def test_a_trip_added_by_another_process_survives_undo(data_dir: Path, tmp_path: Path) -> None:
    sessions = open_database(data_dir / "borte.sqlite3")
    try:
        me = PersonService(sessions).default().id
        path = tmp_path / "t.csv"
        path.write_text("departure,return\n2025-01-01,2025-01-05\n", encoding="utf-8")
        importer = ImportService(sessions)
        _, batch = importer.import_file(me, path, today=TODAY)
        env = {**os.environ, "BORTE_TODAY": TODAY.isoformat()}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "app",
                "--data-dir",
                str(data_dir),
                "trips",
                "add",
                "--departure",
                "2025-02-01",
                "--return",
                "2025-02-02",
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        importer.undo(batch)
        assert [t.departure for t in TripService(sessions).list(me)] == [date(2025, 2, 1)]
    finally:
        close_database(sessions)


_UNDO_SCRIPT = """
import sys, pickle
from pathlib import Path
from app.models.database import open_database
from app.services.importing.pipeline import ImportService
sessions = open_database(Path(sys.argv[1]))
batch = pickle.loads(Path(sys.argv[2]).read_bytes())
print("ready", flush=True)
ImportService(sessions).undo(batch)
print("done", flush=True)
"""


def test_undo_killed_midway_leaves_all_or_nothing(data_dir: Path, tmp_path: Path) -> None:
    import pickle

    database = data_dir / "borte.sqlite3"
    sessions = open_database(database)
    me = PersonService(sessions).default().id
    path = tmp_path / "big.csv"
    lines = ["departure,return"]
    lines += [
        f"{date.fromordinal(700_000 + i)},{date.fromordinal(700_000 + i)}" for i in range(20_000)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, batch = ImportService(sessions).import_file(me, path, today=TODAY)
    close_database(sessions)
    pickled = tmp_path / "batch.pickle"
    pickled.write_bytes(pickle.dumps(batch))
    counts = set()
    for delay in (0.0, 0.05, 0.15):
        with subprocess.Popen(
            [sys.executable, "-c", _UNDO_SCRIPT, str(database), str(pickled)],
            stdout=subprocess.PIPE,
            text=True,
        ) as child:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
            time.sleep(delay)
            child.kill()
            child.wait()
        check = open_database(database)
        try:
            count = len(TripService(check).list(me))
            counts.add(count)
            assert count in (0, 20_000)
            if count == 0:  # undone: put it back for the next kill
                ImportService(check).redo(batch)
        finally:
            close_database(check)
    assert counts  # at least one kill was checked


def test_a_file_with_any_bad_row_saves_nothing(
    sessions: sessionmaker[Session], me: int, tmp_path: Path
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "Avreise;Retur;Land\n01.01.2025;05.01.2025;Sverige\n02.02.2025;01.02.2025;Atlantis\n",
        encoding="utf-8",
    )

    with pytest.raises(ImportRejected) as caught:
        ImportService(sessions).import_file(me, path, today=TODAY)

    assert [e.message for e in caught.value.errors] == [
        "line 3: the return date 2025-02-01 is before the departure date 2025-02-02."
    ]
    assert TripService(sessions).list(me) == []
