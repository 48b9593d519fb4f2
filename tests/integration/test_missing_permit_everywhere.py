"""No permit recorded: `borte status` (text and --json), the assessment, the charts and the
report agree.

The check that the permit-dependent rules wait for a permit used to run in the window only,
after the assessment, so the CLI said "OK" where the window asked for the permit."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app import cli
from app.services.assessment import assess
from app.services.profile import Profile, TripSpan
from app.services.report.content import gather
from app.services.series import ChartSource
from app.services.series.allowance import allowance
from app.services.setup_check import MISSING_PERMIT

TODAY = date(2025, 6, 30)
TRIPS = (
    TripSpan(date(2025, 3, 1), date(2025, 3, 20), "DE"),
    TripSpan(date(2025, 8, 1), date(2025, 8, 10), "SE"),  # planned
)


def _status(data_dir: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    for trip in TRIPS:
        assert trip.return_date is not None
        assert trip.destination is not None
        cli.main(
            [
                "trips",
                "add",
                "--departure",
                trip.departure.isoformat(),
                "--return",
                trip.return_date.isoformat(),
                "--destination",
                trip.destination,
                "--data-dir",
                str(data_dir),
            ]
        )
    capsys.readouterr()
    assert cli.main(["status", *extra, "--data-dir", str(data_dir)]) == 0
    return capsys.readouterr().out


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin today and keep settings and logs inside tmp_path."""
    monkeypatch.setenv("BORTE_TODAY", TODAY.isoformat())
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def test_status_json_assessment_and_report_agree_without_a_permit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(_status(tmp_path / "data", capsys, "--json"))
    assessment = assess(Profile(trips=TRIPS), TODAY)
    report = gather(Profile(trips=TRIPS), "Kari", [], TODAY, TODAY, "inclusive")

    judged = {rule["id"] for rule in document["rules"]}
    waiting = {r["id"] for r in document["not_applicable"] if r["reason"] == MISSING_PERMIT}
    # Only the rule that holds whatever the permit is judged; the others ask for the permit.
    assert judged == {"schengen-90-180"}
    assert "temporary-365" in waiting  # PR and citizenship give their own reason (no arrival)
    assert judged == {r.id for r in assessment.rules} == {r.id for r in report.evaluation.rules}
    assert (
        waiting
        == {r.id for r in assessment.not_applicable if r.reason == MISSING_PERMIT}
        == {r.id for r in report.evaluation.not_applicable if r.reason == MISSING_PERMIT}
    )
    # The charts read the same: the allowance chart has a row for the judged rule only.
    source = ChartSource(Profile(trips=TRIPS), TODAY, basis=assessment.basis)
    assert {row.rule_id for row in allowance(source).rows} == judged
    # The planned trip still shows under the rule that is judged.
    assert [r["id"] for r in document["projection"]["rules"]] == ["schengen-90-180"]
    # The headline asks for the permit instead of "every rule is OK".
    assert document["headline_status"] == "amber"
    assert document["headline"] == assessment.headline.text == report.headline


def test_status_text_says_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _status(tmp_path / "data", capsys)
    assert "Record your residence permit" in text
    assert "Temporary permit: 182 days in any 365" in text
