"""Issue 11 items 6 and 8: hostile command lines exit 2 with one sentence, never a traceback.

One date parser (app.services.dates) serves every option and `$BORTE_TODAY`, with the years
the dialogs offer; ids stop at SQLite's largest integer; bytes that are not UTF-8 (in a note,
a name, a path or Borte's variables) are refused before anything is opened or logged.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.dates import parse_date
from app.services.errors import ValidationError
from tests.integration.conftest import Borte

NOT_UTF8 = b"x\xff".decode("utf-8", "surrogateescape")

HOSTILE = [
    ("trips", "remove", "9223372036854775808"),
    ("trips", "remove", "99999999999999999999999"),
    ("trips", "export", ""),
    ("plan", "--departure", "9999-12-31", "--days", "5"),
    ("plan", "--departure", "2025-07-01", "--days", "99999999999"),
    ("report", "x.pdf", "--on", "0001-01-01"),
    ("report", "x.pdf", "--on", "9999-12-31"),
    ("status", "--on", "20250101"),
    ("status", "--on", "2025-W01-1"),
    ("status", "--on", "２０２５-01-01"),
    ("dates", "set", "arrival", "9999-12-31"),
    ("permits", "add", "--kind", "work", "--from", "0001-01-01"),
    ("trips", "add", "--departure", "2025-01-01", "--note", NOT_UTF8),
    ("people", "add", NOT_UTF8),
    ("trips", "export", f"/tmp/{NOT_UTF8}.csv"),
]


@pytest.mark.parametrize("argv", HOSTILE, ids=lambda argv: " ".join(argv)[:40])
def test_hostile_arguments_are_one_sentence_and_exit_2(
    borte: Borte, argv: tuple[str, ...], tmp_path: Path
) -> None:
    line = borte(*argv).one_line_error()
    assert "Traceback" not in line
    assert "\udcff" not in line


@pytest.mark.parametrize(
    "value", ["0001-01-01", "9999-12-31", "20250101", "2025-W01-1", "2025-02-30", " 2025-01-01"]
)
def test_bad_borte_today_is_refused_before_anything_runs(
    borte: Borte, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("BORTE_TODAY", value)
    line = borte("status").one_line_error()
    assert line.startswith("borte: BORTE_TODAY: ")


def test_the_date_parser_accepts_its_bounds_and_nothing_beyond() -> None:
    assert parse_date("1900-01-01").isoformat() == "1900-01-01"
    assert parse_date("2100-12-31").isoformat() == "2100-12-31"
    for text in ("1899-12-31", "2101-01-01", "2025-1-01", "2025-01-01T00:00", "٢٠٢٥-01-01"):
        with pytest.raises(ValidationError):
            parse_date(text)


def test_the_bounds_themselves_evaluate_report_and_plan(borte: Borte, tmp_path: Path) -> None:
    for argv in (
        ("status", "--on", "1900-01-01"),
        ("status", "--on", "2100-12-31"),
        ("report", str(tmp_path / "a.pdf"), "--on", "2100-12-31"),
    ):
        result = borte(*argv)
        assert result.code == 0, (argv, result.err)


def test_non_utf8_bytes_on_a_real_command_line_exit_2_and_log_nothing(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "BORTE_TODAY": "2025-06-30",
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    argv = [sys.executable, "-m", "app", "trips", "add", "--departure", "2025-01-01"]
    argv += ["--note", os.fsencode(NOT_UTF8).decode("utf-8", "surrogateescape")]
    result = subprocess.run(
        [os.fsencode(a) for a in argv] + [b"--data-dir", os.fsencode(tmp_path / "data")],
        env=env,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert b"not valid UTF-8" in result.stderr
    assert not (tmp_path / "data").exists()  # refused before anything was opened
