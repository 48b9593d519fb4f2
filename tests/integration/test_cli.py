"""The `borte` command line, run in-process on a temporary data folder, plus a few real processes.

In-process runs call `app.cli.main(argv)` and read stdout/stderr with capsys; the subprocess runs
prove that what reaches a terminal is one sentence and the right exit code, never a traceback.
`BORTE_TODAY` pins "today" to 2025-06-30 throughout.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from app import __version__, cli

TODAY = "2025-06-30"
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    """Keep the log and any default data folder inside tmp_path, and pin today."""
    env = {
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "BORTE_TODAY": TODAY,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("BORTE_DATA_DIR", raising=False)
    return env


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder of its own, so CSV files and logs in tmp_path stay out of it."""
    return tmp_path / "data"


@pytest.fixture
def run_raw(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the CLI with exactly these arguments."""

    def run(*argv: str) -> Result:
        code = cli.main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def run(run_raw: Run, data_dir: Path) -> Run:
    """Run the CLI on the test's data folder (`--data-dir` after the command)."""

    def run_in_dir(*argv: str) -> Result:
        return run_raw(*argv, "--data-dir", str(data_dir))

    return run_in_dir


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    assert result.err == ""
    return result


def one_line_error(result: Result, code: int = 2) -> str:
    """Assert a failure printed exactly one line on stderr (no traceback) and return it."""
    assert result.code == code, (result.out, result.err)
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("borte: ")
    assert "Traceback" not in result.err
    return lines[0]


def added_id(result: Result) -> int:
    first = ok(result).out.splitlines()[0]
    assert first.startswith("Added trip ")
    return int(first.removeprefix("Added trip ").rstrip("."))


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("departure,return,destination,note,purpose\n" + "\n".join(rows) + "\n")
    return path


# --- trips ------------------------------------------------------------------------------------


def test_add_list_remove_trip(run: Run) -> None:
    trip_id = added_id(
        run("trips", "add", "--departure", "2025-01-01", "--return", "2025-01-10",
            "--destination", "se", "--purpose", "holiday", "--note", "Skiing, Åre")
    )  # fmt: skip

    listed = ok(run("trips", "list", "--json")).json()
    assert listed == [
        {
            "id": trip_id,
            "departure": "2025-01-01",
            "return": "2025-01-10",
            "destination": "SE",
            "purpose": "holiday",
            "note": "Skiing, Åre",
            "days_inclusive": 10,  # 1 … 10 January
            "days_whole": 8,  # 2 … 9 January
        }
    ]

    table = ok(run("trips", "list")).out
    assert "2025-01-10" in table
    assert "SE Sweden" in table
    assert "Skiing, Åre" in table

    removed = ok(run("trips", "remove", str(trip_id))).out
    assert f"Removed trip {trip_id}" in removed
    assert ok(run("trips", "list", "--json")).json() == []
    assert "No trips recorded" in ok(run("trips", "list")).out


def test_trip_under_way_counts_to_today(run: Run) -> None:
    ok(run("trips", "add", "--departure", "2025-06-21", "--destination", "DK"))
    [trip] = ok(run("trips", "list", "--json")).json()
    assert trip["return"] is None
    assert trip["days_inclusive"] == 10  # 21 … 30 June, today pinned to 30 June
    assert "under way" in ok(run("trips", "list")).out


@pytest.mark.parametrize(("back", "verdict"), [("2025-07-05", "green"), ("2025-09-30", "red")])
def test_status_abroad_with_a_booked_return(run: Run, back: str, verdict: str) -> None:
    """`borte status` says the trip under way first, as the window's banner does, with the
    planner's verdict on the booked return; `--json` has it under `under_way`."""
    ok(run("permits", "add", "--kind", "work", "--from", "2020-01-01", "--to", "2030-12-31"))
    ok(run("trips", "add", "--departure", "2025-01-02", "--return", "2025-01-31"))
    ok(run("trips", "add", "--departure", "2025-06-21", "--return", back, "--destination", "DK"))
    lines = ok(run("status")).out.splitlines()
    assert lines[0] == "Abroad since 2025-06-21: 10 days so far."
    if verdict == "green":
        assert lines[1] == f"Your booked return on {back} keeps every rule OK."
    else:
        assert lines[1].startswith(f"Your booked return on {back} is too late for ")
    assert "come home" not in lines[2].lower()  # the headline does not say it again
    under = ok(run("status", "--json")).json()["under_way"]
    assert (under["since"], under["days_so_far"]) == ("2025-06-21", 10)
    assert (under["booked_return"], under["booked_return_status"]) == (back, verdict)
    assert under["text"] == " ".join(lines[:2])
    plan = ok(run("plan", "--departure", "2025-06-21", "--destination", "DK", "--json")).json()
    assert under["come_home_by"] == plan["latest_safe_return_all_rules"]


def test_overlapping_trip_gets_a_note(run: Run) -> None:
    first = added_id(run("trips", "add", "--departure", "2025-03-01", "--return", "2025-03-10"))
    result = ok(run("trips", "add", "--departure", "2025-03-05", "--return", "2025-03-15"))
    lines = result.out.splitlines()
    assert len(lines) == 2
    assert f"trip {first}" in lines[1]
    assert "counted once" in lines[1]


def test_bad_date_is_one_sentence_exit_2(run: Run) -> None:
    line = one_line_error(run("trips", "add", "--departure", "2025-02-30"))
    assert line == "borte: '2025-02-30' is not a valid date: use YYYY-MM-DD."


@pytest.mark.parametrize("text", ["20250101", "2025-1-5", "yesterday", "2025-W01-1"])
def test_only_iso_dates_are_accepted(run: Run, text: str) -> None:
    assert "is not a valid date" in one_line_error(run("trips", "add", "--departure", text))


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["trips", "add"], "borte trips add --help"),  # --departure missing
        (["trips"], "borte trips --help"),  # no action
        (["trips", "fly"], "borte trips --help"),
        (["travel"], "borte --help"),
        (["trips", "list", "--colour"], "borte --help"),
        (["permits", "add", "--kind", "tourist", "--from", "2025-01-01"], "--help"),
        (["permits", "add", "--kind", "work", "--from", "2025-01-01", "--basis", "--no-basis"], ""),
    ],
)
def test_usage_errors_are_one_sentence_and_a_hint(run: Run, argv: list[str], hint: str) -> None:
    line = one_line_error(run(*argv))
    assert hint in line
    assert "usage:" not in line


def test_unknown_trip_id_exit_2(run: Run) -> None:
    line = one_line_error(run("trips", "remove", "999"))
    assert "999" in line


def test_invalid_id_exit_2(run: Run) -> None:
    assert "not a valid id" in one_line_error(run("trips", "remove", "abc"))


def test_return_before_departure_is_refused(run: Run) -> None:
    one_line_error(run("trips", "add", "--departure", "2025-03-10", "--return", "2025-03-01"))
    assert ok(run("trips", "list", "--json")).json() == []


# --- import and export ------------------------------------------------------------------------


def test_import_good_csv(run: Run, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "trips.csv",
        ["2025-01-01,2025-01-05,SE,,holiday", '2025-02-01,2025-02-03,DE,"Berlin, work",'],
    )
    assert "Imported 2 trips" in ok(run("trips", "import", str(path))).out
    trips = ok(run("trips", "list", "--json")).json()
    assert [t["destination"] for t in trips] == ["SE", "DE"]
    assert trips[1]["note"] == "Berlin, work"


def test_import_bad_csv_reports_every_line_and_imports_nothing(run: Run, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [
            "2025-01-01,2025-01-05,SE,,",  # line 2: fine
            "2025-02-30,2025-03-01,DE,,",  # line 3: no 30 February
            "2025-04-01,2025-04-05,SE,,",  # line 4: fine
            "2025-05-10,2025-05-01,SE,,",  # line 5: returns before it leaves
        ],
    )
    result = run("trips", "import", str(path))
    assert result.code == 2
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert lines[0].startswith("borte: ")
    assert [line.split(":")[0] for line in lines[1:]] == ["line 3", "line 5"]
    assert ok(run("trips", "list", "--json")).json() == []


def test_import_missing_file(run: Run, tmp_path: Path) -> None:
    line = one_line_error(run("trips", "import", str(tmp_path / "nope.csv")))
    assert "nope.csv" in line


def test_export_import_round_trip(run: Run, run_raw: Run, tmp_path: Path) -> None:
    ok(
        run(
            "trips",
            "add",
            "--departure",
            "2024-12-20",
            "--return",
            "2025-01-03",
            "--destination",
            "ES",
            "--purpose",
            "family",
            "--note",
            'Jul, "hjemme"',
        )
    )
    ok(run("trips", "add", "--departure", "2025-02-01", "--return", "2025-02-01"))
    ok(run("trips", "add", "--departure", "2025-06-20", "--destination", "SJ"))  # fmt: skip
    exported = tmp_path / "out.csv"
    assert "Exported 3 trips" in ok(run("trips", "export", str(exported))).out

    other = str(tmp_path / "other")
    assert (
        "Imported 3 trips" in ok(run_raw("trips", "import", str(exported), "--data-dir", other)).out
    )

    def without_ids(trips: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in t.items() if k != "id"} for t in trips]

    original = ok(run("trips", "list", "--json")).json()
    copied = ok(run_raw("trips", "list", "--json", "--data-dir", other)).json()
    assert without_ids(copied) == without_ids(original)


def test_export_to_missing_folder(run: Run, tmp_path: Path) -> None:
    line = one_line_error(run("trips", "export", str(tmp_path / "no" / "such" / "out.csv")))
    assert "out.csv" in line


def test_import_2000_rows_then_status(run: Run, tmp_path: Path) -> None:
    # 2,000 short trips, one every 3 days back from 2025-06-01: 2 days away, 1 day home.
    start = date(2025, 6, 1)
    rows = []
    for i in range(2000):
        departure = start - timedelta(days=3 * (i + 1))
        rows.append(f"{departure},{departure + timedelta(days=1)},SE,trip {i},")
    path = write_csv(tmp_path / "big.csv", rows)
    assert "Imported 2,000 trips" in ok(run("trips", "import", str(path))).out
    assert len(ok(run("trips", "list", "--json")).json()) == 2000
    status = ok(run("status", "--json")).json()
    assert status["as_of"] == TODAY
    assert status["rules"]


# --- permits, key dates, income, people -------------------------------------------------------


def test_permits_add_list_remove(run: Run) -> None:
    out = ok(run("permits", "add", "--kind", "work", "--from", "2022-01-15", "--to", "2025-01-14",
                 "--applied-on", "2021-11-01")).out  # fmt: skip
    permit_id = int(out.removeprefix("Added permit ").strip().rstrip("."))
    ok(run("permits", "add", "--kind", "study", "--from", "2019-08-01", "--basis",
           "--granted-before-entry"))  # fmt: skip

    permits = {p["kind"]: p for p in ok(run("permits", "list", "--json")).json()}
    assert permits["work"] == {
        "id": permit_id,
        "kind": "work",
        "valid_from": "2022-01-15",
        "valid_to": "2025-01-14",
        "forms_pr_basis": None,
        "pr_basis": True,  # the default for a work permit
        "granted_before_entry": False,
        "applied_on": "2021-11-01",
        "note": "",
    }
    assert permits["study"]["forms_pr_basis"] is True
    assert permits["study"]["granted_before_entry"] is True
    assert "skilled_worker" not in permits
    assert "2022-01-15" in ok(run("permits", "list")).out

    ok(run("permits", "remove", str(permit_id)))
    assert [p["kind"] for p in ok(run("permits", "list", "--json")).json()] == ["study"]
    one_line_error(run("permits", "remove", str(permit_id)))


def test_key_dates_set_list_clear(run: Run) -> None:
    ok(run("dates", "set", "arrival", "2020-09-01"))
    ok(run("dates", "set", "police", "2020-09-03"))
    dates = ok(run("dates", "list", "--json")).json()
    assert dates == {
        "arrival": "2020-09-01",
        "police": "2020-09-03",
        "pr-application": None,
        "citizenship-application": None,
        "abroad-permission": None,
    }
    ok(run("dates", "clear", "police"))
    assert ok(run("dates", "list", "--json")).json()["police"] is None
    assert "not set" in ok(run("dates", "list")).out
    one_line_error(run("dates", "set", "birthday", "2020-01-01"))


def test_income(run: Run) -> None:
    assert ok(run("income")).out.rstrip().endswith("no.")
    ok(run("income", "--sufficient", "yes"))
    assert ok(run("income")).out.rstrip().endswith("yes.")
    one_line_error(run("income", "--sufficient", "maybe"))


def test_people_and_person_option(run: Run) -> None:
    ok(run("people", "add", "Kari"))
    people = ok(run("people", "list", "--json")).json()
    assert [p["name"] for p in people] == ["Me", "Kari"]
    assert [p["default"] for p in people] == [True, False]

    ok(
        run(
            "trips",
            "add",
            "--departure",
            "2025-01-01",
            "--return",
            "2025-01-02",
            "--person",
            "Kari",
        )
    )
    assert len(ok(run("--person", "Kari", "trips", "list", "--json")).json()) == 1
    assert ok(run("trips", "list", "--json")).json() == []  # the default person has none
    assert "Nobody" in one_line_error(run("trips", "list", "--person", "Nobody"))


# --- status -----------------------------------------------------------------------------------


def test_status_json_keys(run: Run) -> None:
    ok(run("permits", "add", "--kind", "work", "--from", "2023-01-01", "--to", "2026-12-31"))
    ok(run("dates", "set", "arrival", "2023-01-10"))
    ok(
        run(
            "trips",
            "add",
            "--departure",
            "2025-02-01",
            "--return",
            "2025-02-20",
            "--destination",
            "SE",
        )
    )

    status = ok(run("status", "--json")).json()
    assert status["as_of"] == TODAY
    assert status["convention"] == "inclusive"
    assert {"rules", "not_applicable", "projection"} <= status.keys()
    for rule in status["rules"]:
        assert {"id", "status", "days_abroad", "limit", "window_start", "window_end"} <= rule.keys()
    by_id = {rule["id"]: rule for rule in status["rules"]}
    temporary = by_id["temporary-365"]
    assert {"peak_days", "first_breach"} <= temporary.keys()
    assert temporary["days_abroad"] == 20

    whole = ok(run("status", "--json", "--convention", "whole_days", "--on", "2025-03-01")).json()
    assert whole["convention"] == "whole_days"
    assert whole["as_of"] == "2025-03-01"
    assert {r["id"]: r for r in whole["rules"]}["temporary-365"]["days_abroad"] == 18

    text = ok(run("status")).out
    assert text.strip()


def test_status_rejects_nights(run: Run) -> None:
    one_line_error(run("status", "--convention", "nights"))


# --- data folder, today, help -----------------------------------------------------------------


def test_data_dir_before_and_after_command(run_raw: Run, tmp_path: Path) -> None:
    before, after = str(tmp_path / "before"), str(tmp_path / "after")
    ok(run_raw("--data-dir", before, "trips", "add", "--departure", "2025-01-01"))
    ok(
        run_raw(
            "trips",
            "add",
            "--departure",
            "2025-02-01",
            "--return",
            "2025-02-02",
            "--data-dir",
            after,
        )
    )
    ok(run_raw("trips", "add", "--departure", "2025-03-01", "--data-dir", after))

    assert len(ok(run_raw("trips", "list", "--json", "--data-dir", before)).json()) == 1
    assert len(ok(run_raw("--data-dir", after, "trips", "list", "--json")).json()) == 2
    # Given twice, the one after the command wins.
    both = ok(run_raw("--data-dir", before, "trips", "list", "--json", "--data-dir", after)).json()
    assert len(both) == 2


def test_borte_data_dir_variable(
    run_raw: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_env = tmp_path / "from-env"
    monkeypatch.setenv("BORTE_DATA_DIR", str(from_env))
    ok(run_raw("trips", "add", "--departure", "2025-01-01"))
    assert (from_env / "borte.sqlite3").is_file()
    # --data-dir beats the variable.
    assert ok(run_raw("trips", "list", "--json", "--data-dir", str(tmp_path / "x"))).json() == []


def test_default_data_dir_is_the_user_data_folder(run_raw: Run, tmp_path: Path) -> None:
    ok(run_raw("trips", "add", "--departure", "2025-01-01"))
    assert (tmp_path / "xdg-data" / "borte" / "borte.sqlite3").is_file()


def test_data_dir_that_is_a_file(run_raw: Run, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert "not a folder" in one_line_error(
        run_raw("trips", "list", "--data-dir", str(not_a_folder))
    )


def test_damaged_data_file(run: Run, data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "borte.sqlite3").write_bytes(b"this is not a database" * 100)
    assert "not a Borte data file" in one_line_error(run("trips", "list"))


def test_bad_borte_today(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BORTE_TODAY", "tomorrow")
    assert "BORTE_TODAY" in one_line_error(run("trips", "list"))


def test_help_and_version(run_raw: Run) -> None:
    result = run_raw("--help")
    assert result.code == 0
    assert "trips" in result.out
    assert "status" in result.out
    assert run_raw("trips", "add", "--help").code == 0
    version = run_raw("--version")
    assert version.code == 0
    assert version.out.strip() == f"borte {__version__}"


def test_no_command_opens_the_window(
    run_raw: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    languages: list[str | None] = []

    def fake_gui(
        data_dir: Path,
        *,
        log_file: Path | None,
        argv: list[str] | None = None,
        language: str | None = None,
    ) -> int:
        calls.append(data_dir)
        languages.append(language)
        return 0

    monkeypatch.setattr(cli, "run_gui", fake_gui)
    assert run_raw().code == 0
    assert run_raw("--data-dir", str(tmp_path / "d")).code == 0
    assert calls == [tmp_path / "xdg-data" / "borte", tmp_path / "d"]
    assert run_raw("--lang", "nb").code == 0  # the window opens in that language
    assert languages == [None, None, "nb"]


def test_unexpected_error_is_logged_and_named(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from app.services.trips import TripService

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(TripService, "list", boom)
    with caplog.at_level(logging.ERROR):
        line = one_line_error(run("trips", "list"), code=1)
    log_file = tmp_path / "state" / "borte" / "log" / "borte.log"
    assert str(log_file) in line
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged
    assert "RuntimeError: boom" in logged


# --- real processes ---------------------------------------------------------------------------


def borte(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **env, "PYTHONIOENCODING": "utf-8"},
        cwd=REPO,
        timeout=120,
        check=False,
    )


def test_import_cli_loads_neither_qt_nor_matplotlib() -> None:
    code = (
        "import sys, app.cli, app.__main__\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6', "
        "'matplotlib'})\n"
        "print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "[]"


def test_subprocess_exit_codes_and_no_tracebacks(
    isolated_env: dict[str, str], data_dir: Path
) -> None:
    env = {**isolated_env, "BORTE_DATA_DIR": str(data_dir)}

    added = borte(env, "trips", "add", "--departure", "2025-05-01", "--return", "2025-05-04")
    assert (added.returncode, added.stderr) == (0, "")
    listed = borte(env, "trips", "list", "--json")
    assert listed.returncode == 0
    assert json.loads(listed.stdout)[0]["days_inclusive"] == 4

    status = borte(env, "status", "--json")
    assert status.returncode == 0, status.stderr
    document = json.loads(status.stdout)
    # No permit recorded: the 182-day rule waits for one (as in the window and the report).
    assert {rule["id"] for rule in document["rules"]} == {"schengen-90-180"}
    assert "temporary-365" in {rule["id"] for rule in document["not_applicable"]}

    for argv, code in [
        (["trips", "add", "--departure", "2025-02-30"], 2),
        (["trips", "remove", "4242"], 2),
        (["no-such-command"], 2),
        (["status", "--on", "soon"], 2),
    ]:
        result = borte(env, *argv)
        assert result.returncode == code, (argv, result.stderr)
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == ""


def test_subprocess_help(isolated_env: dict[str, str]) -> None:
    result = borte(isolated_env, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: borte")


@pytest.mark.parametrize("columns", [50, 120])
def test_help_wraps_to_the_terminal_width(isolated_env: dict[str, str], columns: int) -> None:
    """The width is asked for once per process (not once per argument) and still followed."""
    result = borte({**isolated_env, "COLUMNS": str(columns)}, "trips", "add", "--help")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns - 2
    assert max(len(line) for line in lines) > columns - 20  # the room is used, too


def test_unwritable_log_does_not_stop_borte(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from app.services.trips import TripService

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))  # the log folder cannot be made
    ok(run("trips", "add", "--departure", "2025-01-01", "--return", "2025-01-02"))

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(TripService, "list", boom)
    line = one_line_error(run("trips", "list"), code=1)
    assert "RuntimeError: boom" in line


def test_status_shows_collective_protection_and_the_ukraine_warning(run: Run) -> None:
    # "collective" is the short name of the collective_protection kind.
    ok(run("permits", "add", "--kind", "collective", "--from", "2025-03-01", "--to", "2026-02-28"))
    ok(
        run(
            "trips",
            "add",
            "--departure",
            "2025-05-10",
            "--return",
            "2025-05-10",
            "--destination",
            "UA",
        )
    )
    status = ok(run("status", "--json")).json()
    assert status["rules_checked_on"] == "2026-12-01"
    [rule] = [r for r in status["rules"] if r["id"] == "collective-protection"]
    assert rule["status"] == "red"
    assert {c["id"] for c in rule["checks"]} == {"half-time", "extension", "ukraine"}
    assert any("UDI may open a case to revoke your permit" in n for n in rule["notes"])
    not_applied = {n["id"] for n in status["not_applicable"]}
    assert {"temporary-365", "temporary-permit-period", "permanent-residence"} <= not_applied
    text = ok(run("status")).out
    # Red for the trip, not for a count (one day abroad): "at risk", not "over the limit".
    assert "Collective protection: time abroad and trips to Ukraine: at risk (red)" in text
    assert "Rules checked against UDI's sources on 2026-12-01." in text
    listed = ok(run("permits", "list", "--json")).json()
    assert listed[0]["kind"] == "collective_protection"
