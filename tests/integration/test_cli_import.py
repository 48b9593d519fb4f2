"""`borte import` and `borte export`, run in-process on temporary data folders."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app import cli

TODAY = "2025-06-30"
DATA = Path(__file__).parent.parent / "data"


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("BORTE_TODAY", TODAY)
    monkeypatch.delenv("BORTE_DATA_DIR", raising=False)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Run:
    def run(*argv: str, folder: str = "data") -> Result:
        code = cli.main([*argv, "--data-dir", str(tmp_path / folder)])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    assert result.err == ""
    return result


def refused(result: Result) -> str:
    assert result.code == 2, result
    assert result.out == ""
    assert result.err.startswith("borte: ")
    assert "Traceback" not in result.err
    return result.err


def test_dry_run_prints_the_proposal_and_saves_nothing(run: Run) -> None:
    out = ok(run("import", str(DATA / "norsk_excel.csv"), "--dry-run")).out

    assert "norsk_excel.csv (csv): 4 trips: 3 new, 1 repeated in the file." in out
    assert "line 5: the same trip as line 2" in out
    assert "Nothing was saved (--dry-run)." in out
    assert ok(run("trips", "list", "--json")).json() == []


def test_import_saves_every_accepted_trip_and_a_second_run_adds_nothing(run: Run) -> None:
    first = ok(run("import", str(DATA / "norsk_excel.csv"), "--json")).json()
    second = ok(run("import", str(DATA / "norsk_excel.csv"), "--json")).json()

    assert first["saved"] == 3
    assert first["format"] == "csv"
    assert first["skipped"] == [{"line": 5, "reason": "the same trip as line 2"}]
    assert [t["destination"] for t in first["trips"]] == ["SE", "DE", "DK", "SE"]
    assert first["trips"][0]["days"] == 5
    assert second["saved"] == 0
    assert second["counts"]["duplicate"] == 4
    assert len(ok(run("trips", "list", "--json")).json()) == 3


def test_overlapping_trips_can_be_merged(run: Run, tmp_path: Path) -> None:
    ok(
        run(
            "trips",
            "add",
            "--departure",
            "2025-03-01",
            "--return",
            "2025-03-06",
            "--destination",
            "SE",
        )
    )
    path = tmp_path / "more.csv"
    path.write_text("departure,return,destination\n2025-03-05,2025-03-09,SE\n", encoding="utf-8")

    out = ok(run("import", str(path), "--overlaps", "merge")).out

    assert "overlaps recorded trips  merge" in out
    [trip] = ok(run("trips", "list", "--json")).json()
    assert (trip["departure"], trip["return"]) == ("2025-03-01", "2025-03-09")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"%PDF-1.7\n...", "but bad.csv is a PDF document"),
        (b"SQLite format 3\x00", "but bad.csv is a database file"),
        (b'departure,return\n2025-01-01,2025-01-05\n2025-02-01,"x\n', "never closed"),
        (b"", "it is empty"),
    ],
)
def test_a_bad_file_is_one_sentence_exit_2_and_saves_nothing(
    run: Run, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)

    assert words in refused(run("import", str(path)))
    assert ok(run("trips", "list", "--json")).json() == []


def test_a_bad_row_lists_its_line_and_saves_nothing(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Avreise;Retur;Land\n01.01.2025;05.01.2025;SE\n03.02.2025;x;DK\n", "utf-8")

    err = refused(run("import", str(path)))

    assert "line 3: the return date 'x' is not in the form YYYY-MM-DD or DD.MM.YYYY." in err
    assert ok(run("trips", "list", "--json")).json() == []


def test_full_export_into_an_empty_folder_gives_the_same_status(run: Run, tmp_path: Path) -> None:
    ok(run("people", "add", "Kari"))
    ok(
        run(
            "trips",
            "add",
            "--departure",
            "2024-03-01",
            "--return",
            "2024-03-20",
            "--destination",
            "SE",
            "--note",
            "Påske",
        )
    )
    ok(run("trips", "add", "--departure", "2025-06-20"))
    ok(
        run(
            "trips",
            "add",
            "--departure",
            "2024-05-01",
            "--return",
            "2024-05-09",
            "--person",
            "Kari",
        )
    )
    ok(run("permits", "add", "--kind", "work", "--from", "2021-01-10", "--to", "2024-01-09"))
    ok(
        run(
            "permits",
            "add",
            "--kind",
            "skilled_worker",
            "--from",
            "2024-01-10",
            "--to",
            "2027-01-09",
        )
    )
    ok(run("dates", "set", "arrival", "2021-01-05"))
    ok(run("people", "identity", "--full-name", "Kari Nordmann", "--born", "1990-02-03"))
    export = tmp_path / "all.json"

    assert "Exported 2 people, 3 trips and 2 permits" in ok(run("export", str(export))).out
    assert (
        "Imported 2 people, 3 trips and 2 permits"
        in ok(run("import", str(export), folder="copy")).out
    )

    for command in (
        ("status", "--json"),
        ("trips", "list", "--json"),
        ("permits", "list", "--json"),
        ("dates", "list", "--json"),
        ("people", "identity", "--json"),
    ):
        assert ok(run(*command)).json() == ok(run(*command, folder="copy")).json(), command
    kari = ("status", "--json", "--person", "Kari")
    assert ok(run(*kari)).json() == ok(run(*kari, folder="copy")).json()
    data = json.loads(export.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("borte-export", 2)
    assert export.stat().st_mode & 0o777 == 0o600


def test_a_full_export_is_refused_by_a_folder_that_has_data(run: Run, tmp_path: Path) -> None:
    ok(run("trips", "add", "--departure", "2024-03-01", "--return", "2024-03-02"))
    export = tmp_path / "all.json"
    ok(run("export", str(export)))

    assert "goes into an empty data folder" in refused(run("import", str(export)))
    assert len(ok(run("trips", "list", "--json")).json()) == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"format": "borte-export", "version": 9, "people": []}', "version 9 Borte export"),
        (
            '{"format": "borte-export", "version": 1, "people": [{"id": 1}]}',
            "person 1 has no 'name'",
        ),
        ('{"format": "borte-export", "version": 1', "not valid JSON"),
    ],
)
def test_a_damaged_full_export_is_refused(
    run: Run, tmp_path: Path, content: str, words: str
) -> None:
    path = tmp_path / "all.json"
    path.write_text(content, encoding="utf-8")

    assert words in refused(run("import", str(path), "--format", "borte"))
