"""`borte report FILE.pdf`, run in-process on a temporary data folder (today pinned).

The record is rules.md E2: a work permit for 2024–2026 and two trips, 184 days in one 365-day
window counting both travel days (over the limit), 180 counting whole days.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import cli

TODAY = "2025-08-12"


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the CLI on a data folder of the test's own, with today pinned."""
    for name, folder in (("XDG_STATE_HOME", "state"), ("XDG_DATA_HOME", "xdg-data")):
        monkeypatch.setenv(name, str(tmp_path / folder))
    monkeypatch.setenv("BORTE_TODAY", TODAY)
    monkeypatch.delenv("BORTE_DATA_DIR", raising=False)

    def run_in_dir(*argv: str) -> Result:
        code = cli.main([*argv, "--data-dir", str(tmp_path / "data")])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run_in_dir


@pytest.fixture
def e2(run: Run) -> Run:
    for argv in (
        ("permits", "add", "--kind", "work", "--from", "2024-01-01", "--to", "2026-12-31"),
        ("trips", "add", "--departure", "2025-01-10", "--return", "2025-04-30"),
        ("trips", "add", "--departure", "2025-06-01", "--return", "2025-08-12"),
    ):
        assert run(*argv).code == 0
    return run


def text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def one_line_error(result: Result) -> str:
    assert result.code == 2, (result.out, result.err)
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("borte: ")
    assert result.out == ""
    return lines[0]


def test_report_writes_the_pdf_and_says_where(e2: Run, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    result = e2("report", str(path))
    assert result.code == 0, result.err
    assert result.err == ""
    pages = len(PdfReader(path).pages)
    assert result.out == f"Wrote a {pages}-page report for Me (2 trips) to {path}.\n"
    body = text(path)
    assert "evaluated on 2025-08-12" in body
    assert "Temporary permit: 182 days in any 365 184 182 0 Over the limit" in body
    assert f"Page {pages} of {pages}" in body


def test_on_person_and_paper(e2: Run, tmp_path: Path) -> None:
    assert e2("people", "add", "Åse Ødegård").code == 0
    path = tmp_path / "åse.pdf"
    result = e2("report", str(path), "--on", "2025-05-01", "--person", "åse ødegård",
                "--paper", "Letter")  # fmt: skip
    assert result.code == 0, result.err
    assert "for Åse Ødegård (0 trips)" in result.out
    reader = PdfReader(path)
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (612.0, 792.0)
    body = text(path)
    assert "Åse Ødegård · evaluated on 2025-05-01" in body
    assert "Generated on 2025-08-12" in body
    assert "No trips recorded." in body


def test_the_evaluation_date_can_be_before_trips_end(e2: Run, tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    assert e2("report", str(path), "--on", "2025-07-01").code == 0
    body = text(path)
    # The second trip is under way on 2025-07-01 (it returns later): listed as abroad now.
    assert "2 2025-06-01 2025-08-12 73 71" in body
    assert "abroad now" in body


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("missing/r.pdf",), "does not exist; choose an existing folder"),
        (
            (".",),
            "is a folder, not a regular file, so Borte left it alone",
        ),
        (("r.pdf", "--on", "2025-02-30"), "'2025-02-30' is not a valid date: use YYYY-MM-DD."),
        (("r.pdf", "--paper", "a5"), "'a5' is not a valid --paper: choose from 'a4', 'letter'."),
        (("r.pdf", "--person", "Nobody"), "Nobody is called 'Nobody'"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(
    e2: Run, tmp_path: Path, arguments: tuple[str, ...], message: str
) -> None:
    file, *rest = arguments
    target = tmp_path if file == "." else tmp_path / file
    line = one_line_error(e2("report", str(target), *rest))
    assert message in line
    assert not list(tmp_path.glob("*.pdf"))
    assert not list(tmp_path.glob(".*.part"))


def test_a_folder_that_cannot_be_written(e2: Run, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    target = locked / "r.pdf"
    try:
        if os.access(locked, os.W_OK):  # an administrator: permissions do not stop us
            if not Path("/proc/self").is_dir():
                pytest.skip("no folder this user cannot write to")
            target = Path("/proc/borte-report.pdf")  # nobody can create files there
        line = one_line_error(e2("report", str(target)))
        assert f"Borte cannot write the report to {target}" in line
    finally:
        locked.chmod(0o700)


def test_help_names_the_options(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["report", "--help"]) == 0
    help_text = capsys.readouterr().out
    for word in ("FILE.pdf", "--on", "--paper", "--person", "letter"):
        assert word in help_text


# --- Identity, period, planned trips ----------------------------------------------------------


def test_people_identity_sets_shows_and_clears(run: Run) -> None:
    result = run("people", "identity", "--full-name", "Kari Ås Nordmann", "--born", "1990-04-12",
                 "--number", "1234 5678 9012")  # fmt: skip
    assert result.code == 0, result.err
    assert "Full name:     Kari Ås Nordmann" in result.out
    assert "D-/DUF number: 1234 5678 9012" in result.out
    shown = run("people", "identity", "--json")
    assert '"reference_number": "123456789012"' in shown.out
    assert '"born_on": "1990-04-12"' in shown.out
    listed = run("people", "list", "--json")
    assert '"full_name": "Kari Ås Nordmann"' in listed.out
    cleared = run("people", "identity", "--born", "", "--number", "")
    assert "Date of birth: not recorded" in cleared.out
    assert "D-/DUF number: not recorded" in cleared.out
    assert "Full name:     Kari Ås Nordmann" in cleared.out  # not given: kept
    line = one_line_error(run("people", "identity", "--number", "12ab"))
    assert "is not a D-number (11 digits) or a DUF number (12 digits)" in line


def test_report_names_the_person_and_covers_the_period_asked(e2: Run, tmp_path: Path) -> None:
    assert run_ok(e2, "people", "identity", "--full-name", "Kari Nordmann", "--number",
                  "41018812345")  # fmt: skip
    assert run_ok(e2, "trips", "add", "--departure", "2025-09-01", "--return", "2025-09-05",
                  "--purpose", "holiday", "--note", "Planned, booked")  # fmt: skip
    path = tmp_path / "r.pdf"
    assert run_ok(e2, "report", str(path))
    body = text(path)
    assert "Full name Kari Nordmann" in body
    assert "D-number 410188 12345" in body
    # Default: from the earliest date a rule looks at, never before the permit; no plans.
    assert "Period covered 2024-01-01 to 2025-08-12 (from the start of residence)" in body
    assert "Planned trips Not included" in body
    assert "2025-09-01" not in body
    planned = tmp_path / "p.pdf"
    assert run_ok(e2, "report", str(planned), "--planned", "--from", "2025-02-01")
    body = text(planned)
    assert "Period covered 2025-02-01 to 2025-09-05 (from the date chosen for this report)" in body
    assert "3 2025-09-01 2025-09-05 Holiday 5 3" in body
    assert "planned – Planned, booked" in body
    # The first trip began before the period but ends inside it: still listed.
    assert "1 2025-01-10 2025-04-30" in body
    # The declaration, and the fingerprint on every page, equal for equal data.
    assert "declare that the trips listed in this report for 2025-02-01 to 2025-09-05" in body
    prints = fingerprints(planned)
    assert len(prints) == 1
    first = fingerprints(path)
    assert first == prints  # same data, other period and options: same fingerprint


def run_ok(run: Run, *argv: str) -> bool:
    result = run(*argv)
    assert result.code == 0, result.err
    return True


def fingerprints(path: Path) -> set[str]:
    """The data fingerprint in each page's footer."""
    found = set()
    for page in PdfReader(path).pages:
        match = re.search(r"Data fingerprint (\w{4}-\w{4}-\w{4})", page.extract_text())
        assert match is not None
        found.add(match[1])
    return found
