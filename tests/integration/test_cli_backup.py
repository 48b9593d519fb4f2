"""`borte backup list` and `borte backup restore ID`, run in-process on a temporary data folder."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from app import cli
from app.main import open_services
from app.models.database import DATABASE_FILENAME
from app.services import backups


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BORTE_TODAY", "2025-06-30")
    monkeypatch.delenv("BORTE_DATA_DIR", raising=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Run:
    def run(*argv: str) -> Result:
        code = cli.main([*argv, "--data-dir", str(data_dir)])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def _add(run: Run, departure: str) -> None:
    result = run("trips", "add", "--departure", departure, "--return", departure)
    assert result.code == 0, result.err


def test_list_with_no_backups_says_when_they_are_made(run: Run) -> None:
    result = run("backup", "list")

    assert result.code == 0
    assert "There are no backups in " in result.out
    assert "Borte makes one when it starts, once a day." in result.out


def test_list_shows_the_days_backup_as_a_table_and_as_json(run: Run, data_dir: Path) -> None:
    _add(run, "2025-01-02")  # the first command creates the file and the day's backup
    _add(run, "2025-01-09")
    backups.backup_now(data_dir / DATABASE_FILENAME, "manual")

    table = run("backup", "list")
    listed = json.loads(run("backup", "list", "--json").out)

    assert table.code == 0
    header, *rows = table.out.splitlines()
    assert header.split() == ["ID", "Made", "(local", "time)", "Reason", "Trips", "Size", "Check"]
    # Each command that changed something left the one rolling "latest" copy.
    assert len(rows) == 3
    assert "Z_manual" in rows[0].split()[0]
    assert rows[0].split()[3:5] == ["manual", "2"]
    assert rows[1].split()[3:5] == ["latest", "2"]
    assert rows[2].split()[3:5] == ["daily", "0"]
    assert [(b["reason"], b["trips"]) for b in listed] == [
        ("manual", 2),
        ("latest", 2),
        ("daily", 0),
    ]
    assert set(listed[0]) == {"id", "created", "reason", "trips", "size_bytes", "path", "damaged"}


def test_restore_brings_back_the_backup_and_keeps_the_replaced_file(
    run: Run, data_dir: Path
) -> None:
    _add(run, "2025-01-02")
    saved = backups.backup_now(data_dir / DATABASE_FILENAME, "manual")
    _add(run, "2025-01-09")

    result = run("backup", "restore", saved.id)

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"Restored the data file from the backup {saved.label()}."
    assert re.fullmatch(
        r"The file it replaced is kept as the backup [0-9T-]+Z_before-restore(_[0-9]+)?\.",
        lines[1],
    )
    trips = json.loads(run("trips", "list", "--json").out)
    assert [t["departure"] for t in trips] == ["2025-01-02"]


def test_a_damaged_file_names_the_command_that_restores_it(run: Run, data_dir: Path) -> None:
    _add(run, "2025-01-02")
    saved = backups.backup_now(data_dir / DATABASE_FILENAME, "manual")
    path = data_dir / DATABASE_FILENAME
    path.write_bytes(b"PK\x03\x04 a zip file, not a database" * 50)

    refused = run("trips", "list")

    assert refused.code == 2
    assert refused.out == ""
    assert refused.err.startswith(f"borte: {path} is not a Borte data file, nor any database")
    assert f"restore the newest good backup, {saved.id} (1 trip, made " in refused.err
    assert refused.err.rstrip().endswith(
        f"To restore it, run: borte backup restore {saved.id} --data-dir {data_dir}"
    )
    assert len(refused.err.splitlines()) == 1

    restored = run("backup", "restore", saved.id)

    assert restored.code == 0, restored.err
    assert "The damaged file it replaced is kept, unchanged, as " in restored.out
    trips = json.loads(run("trips", "list", "--json").out)
    assert [t["departure"] for t in trips] == ["2025-01-02"]


def test_restore_of_an_unknown_id_is_bad_input(run: Run) -> None:
    _add(run, "2025-01-02")

    result = run("backup", "restore", "2020-01-01T00-00-00Z_daily")

    assert result.code == 2
    assert result.err.startswith("borte: There is no backup called '2020-01-01T00-00-00Z_daily'")


def test_restore_is_refused_while_another_borte_has_the_file_open(run: Run, data_dir: Path) -> None:
    _add(run, "2025-01-02")
    saved = backups.backup_now(data_dir / DATABASE_FILENAME, "manual")
    window = open_services(data_dir)  # stands in for the open window
    try:
        window.people.list()
        result = run("backup", "restore", saved.id)
    finally:
        window.close()

    assert result.code == 2
    assert "another Borte (the window or a command) is using this data folder" in result.err


def test_backup_without_an_action_asks_for_one(run: Run) -> None:
    result = run("backup")

    assert result.code == 2
    assert "Say what to do: list or restore." in result.err
