"""`borte plan` and `borte reminders`, run in-process on a temporary data folder.

`BORTE_TODAY` pins today to 2025-05-15. The record is rules.md E2: a work permit for
2024–2026 and a trip 2025-01-10 → 04-30 (111 days counting both travel days).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import icalendar
import pytest

from app import cli

TODAY = "2025-05-15"


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Run = Callable[..., Result]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the CLI on a data folder of the test's own, with today pinned."""
    for name, folder in (("XDG_STATE_HOME", "state"), ("XDG_DATA_HOME", "xdg-data")):
        monkeypatch.setenv(name, str(tmp_path / folder))
    monkeypatch.setenv("BORTE_TODAY", TODAY)
    monkeypatch.delenv("BORTE_DATA_DIR", raising=False)

    def run_in_dir(*argv: str, today: str = TODAY) -> Result:
        monkeypatch.setenv("BORTE_TODAY", today)
        code = cli.main([*argv, "--data-dir", str(tmp_path / "data")])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run_in_dir


@pytest.fixture
def e2(run: Run) -> Run:
    for argv in (
        ("permits", "add", "--kind", "work", "--from", "2024-01-01", "--to", "2026-12-31"),
        ("trips", "add", "--departure", "2025-01-10", "--return", "2025-04-30"),
    ):
        assert run(*argv).code == 0
    return run


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    assert result.err == ""
    return result


def test_plan_json_keys_and_verdicts(e2: Run) -> None:
    found = ok(
        e2("plan", "--departure", "2025-06-01", "--return", "2025-08-12", "--destination", "DE",
           "--json")
    ).json()  # fmt: skip
    assert found["departure"] == "2025-06-01"
    assert found["return"] == "2025-08-12"
    # E2: back by 08-10 at the latest; 08-11 is the 183rd day.
    assert found["latest_safe_return"]["temporary-365"] == "2025-08-10"
    assert set(found["latest_safe_return"]) == {
        "temporary-365",
        "permanent-residence",
        "citizenship",
        "schengen-90-180",
    }
    verdicts = {v["id"]: v for v in found["verdicts"]}
    assert all({"id", "status", "first_breach"} <= set(v) for v in found["verdicts"])
    assert verdicts["temporary-365"]["status"] == "red"
    assert verdicts["temporary-365"]["first_breach"] == "2025-08-11"
    assert verdicts["temporary-365"]["over_by"] == 2
    assert found["status"] == "red"
    assert found["disclaimer"].startswith("Borte is not legal advice")


def test_plan_non_schengen_leaves_schengen_out(e2: Run) -> None:
    found = ok(
        e2("plan", "--departure", "2025-06-01", "--return", "2025-06-10", "--destination", "US",
           "--json")
    ).json()  # fmt: skip
    assert "schengen-90-180" not in found["latest_safe_return"]
    schengen = next(v for v in found["verdicts"] if v["id"] == "schengen-90-180")
    assert (schengen["affected"], schengen["status"]) == (False, "green")


def test_plan_departure_only_gives_the_longest_safe_trip(e2: Run) -> None:
    # In 2026 (E2's 2025 days out of the 365-day window, 2026 free): 58 days for citizenship.
    found = ok(e2("plan", "--departure", "2026-05-01", "--json", today="2026-04-20")).json()
    assert found["return_given"] is False
    assert found["return"] == found["latest_safe_return_all_rules"] == "2026-06-27"
    text = ok(e2("plan", "--departure", "2026-05-01", today="2026-04-20")).out
    assert "Longest trip within every limit: 2026-05-01 to 2026-06-27" in text
    assert "Latest safe return: 2026-06-27 (up to 2026-07-01 only on the lenient" in text


def test_plan_departure_only_in_a_deducted_year_gives_the_shortest_trip(e2: Run) -> None:
    # E2's 2025 is deducted for citizenship already: every further day abroad in it counts.
    found = ok(e2("plan", "--departure", "2025-06-01", "--json")).json()
    assert (found["return"], found["latest_safe_return_all_rules"]) == ("2025-06-01", None)
    assert found["latest_safe_return"]["temporary-365"] == "2025-08-10"
    text = ok(e2("plan", "--departure", "2025-06-01")).out
    assert "Shortest trip (even this breaks a rule): 2025-06-01 to 2025-06-01" in text


def test_plan_with_days_finds_the_earliest_departure(e2: Run) -> None:
    found = ok(e2("plan", "--departure", "2025-06-01", "--days", "90", "--json")).json()
    assert found["return"] == "2025-08-29"  # 90 days counting both travel days
    earliest = found["earliest_departure"]
    assert earliest["days"] == 90
    # 111 days Jan–Apr: a 90-day trip keeps 182 of 365 once 19 of them leave the window, and
    # the calendar year 2025 is past its 58 days anyway, so it waits for 2026.
    assert earliest["departure"] is not None
    assert earliest["departure"] > "2025-05-15"
    text = ok(e2("plan", "--departure", "2025-06-01", "--days", "90")).out
    assert f"Earliest departure for 90 days that keeps every rule OK: {earliest['departure']}" in (
        text
    )


def test_plan_text(e2: Run) -> None:
    text = ok(e2("plan", "--departure", "2025-06-01", "--return", "2025-08-12")).out
    assert text.startswith("Trip: 2025-06-01 to 2025-08-12 (73 days; destination not given).")
    assert "OVER THE LIMIT" in text
    assert "Over the limit from 2025-08-11" in text
    assert "No destination given, so the Schengen 90/180 rule is not checked." in text
    assert text.rstrip().endswith("udi.no is the authority.")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--departure", "2025-06-01", "--return", "2025-05-01"), "before the departure date"),
        (("--departure", "2025-05-01", "--return", "2025-05-20"), "leaves after today"),
        (("--departure", "2025-06-01", "--days", "0"), "not a number of days"),
        (("--departure", "2025-06-01", "--destination", "NO"), "Norway is home"),
        (("--departure", "2025-06-01", "--return", "2025-06-02", "--days", "2"), "not allowed"),
        (
            (
                "--return",
                "2025-06-02",
            ),
            "required",
        ),
    ],
)
def test_plan_bad_input_is_one_sentence(e2: Run, argv: tuple[str, ...], message: str) -> None:
    result = e2("plan", *argv)
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 1
    assert message in lines[0]
    assert "Traceback" not in result.err


def test_reminders_table_json_and_ics(e2: Run, tmp_path: Path) -> None:
    table = ok(e2("reminders")).out
    # Permit to 2026-12-31: start 2026-09-30, online 2026-11-24, last day 2026-11-30.
    rows = [line.split(maxsplit=1) for line in table.splitlines()[1:4]]
    assert rows == [
        ["2026-09-30", "Start renewing your residence permit"],
        ["2026-11-24", "Last day to register your renewal online"],
        ["2026-11-30", "Last day to apply for renewal and keep your rights"],
    ]
    found = ok(e2("reminders", "--json")).json()
    assert [r["on"] for r in found] == sorted(r["on"] for r in found)
    assert {"on", "kind", "title", "detail", "source", "uid"} <= set(found[0])

    path = tmp_path / "borte.ics"
    out = ok(e2("reminders", "--ics", str(path))).out
    assert out.startswith(f"Wrote {len(found)} reminders to {path}.")
    events = list(icalendar.Calendar.from_ical(path.read_text(encoding="utf-8")).walk("VEVENT"))
    assert [e["DTSTART"].dt.isoformat() for e in events] == [r["on"] for r in found]
    assert [str(e["SUMMARY"]) for e in events] == [r["title"] for r in found]
    # With --json as well, stdout stays pure JSON.
    assert ok(e2("reminders", "--json", "--ics", str(path))).json() == found


def test_reminders_with_nothing_recorded(run: Run) -> None:
    assert ok(run("reminders")).out.startswith("No deadlines coming up for")
    assert ok(run("reminders", "--json")).json() == []


def test_reminders_ics_to_a_folder_is_one_sentence(e2: Run, tmp_path: Path) -> None:
    result = e2("reminders", "--ics", str(tmp_path))
    assert result.code == 2
    assert "is a folder, not a regular file" in result.err


def test_status_headline_first_and_explain(e2: Run) -> None:
    """Issue 10: the headline sentence is the first line of `borte status` and a key of its
    JSON; `--explain` says why, and every rule carries an `explanation` object."""
    plain = e2("status")
    assert plain.code == 0
    first = plain.out.splitlines()[0]
    # E2's 111 days in 2025 are over two months: the citizenship deduction comes first.
    assert first == (
        "2025 has 111 days abroad: all of them would be deducted from your residence time for "
        "citizenship."
    )
    explained = e2("status", "--explain")
    assert explained.code == 0
    assert "Why: 111 days abroad between 2024-05-16 and 2025-05-15" in explained.out
    assert "Trips in it, largest first: 2025-01-10 to 2025-04-30: 111 days." in explained.out
    document = e2("status", "--json").json()
    assert document["headline"] == first
    rule = next(r for r in document["rules"] if r["id"] == "temporary-365")
    assert rule["explanation"]["trips"] == [
        {"departure": "2025-01-10", "return": "2025-04-30", "days": 111}
    ]
    # 2025-01-10 leaves the window ending 2026-01-10, then one day a day to 2026-04-30.
    assert rule["explanation"]["roll_off"] == {
        "on": "2026-01-10",
        "days": 111,
        "until": "2026-04-30",
    }


def test_plan_for_a_long_trip_with_pr_met_and_no_application_is_not_fine(run: Run) -> None:
    """Issue 10, case 2: PR already met, nothing applied for, a 300-day trip from tomorrow."""
    for argv in (
        ("permits", "add", "--kind", "work", "--from", "2021-01-01", "--to", "2027-12-31"),
        ("trips", "add", "--departure", "2024-07-01", "--return", "2024-07-10"),
    ):
        assert run(*argv).code == 0
    answer = run("plan", "--departure", "2025-05-16", "--days", "300", "--json").json()
    pr = next(v for v in answer["verdicts"] if v["id"] == "permanent-residence")
    assert pr["status"] == "red"
    assert "Apply before you leave" in pr["message"]


def test_plan_names_the_other_conditions_still_open(e2: Run) -> None:
    ok(e2("checklist", "tick", "pr-social-studies"))
    text = ok(e2("plan", "--departure", "2025-06-01", "--return", "2025-06-10")).out
    assert "Permanent residence: other conditions: Still open: 6 of 7 other conditions." in text
    assert text.rstrip().endswith("udi.no is the authority.")
    document = ok(
        e2("plan", "--departure", "2025-06-01", "--return", "2025-06-10", "--json")
    ).json()
    assert "pr-social-studies" not in document["other_conditions"]["permanent-residence"]
    assert "pr-norwegian" in document["other_conditions"]["permanent-residence"]


def test_plan_warns_before_a_trip_to_ukraine(run: Run) -> None:
    ok(run("permits", "add", "--kind", "collective", "--from", "2025-03-01", "--to", "2026-02-28"))
    plan = ("--departure", "2025-06-01", "--return", "2025-06-01", "--destination", "UA")
    document = ok(run("plan", *plan, "--json")).json()
    [verdict] = [v for v in document["verdicts"] if v["id"] == "collective-protection"]
    assert verdict["status"] == "red"
    assert "UDI may open a case to revoke your permit" in verdict["message"]
