"""Issue 11 item 7: backups keep working, failures are shown, the newest holds the newest data."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.models.database import DATABASE_FILENAME
from app.services import backups
from tests.integration.conftest import Borte


def _listed(borte: Borte) -> list[dict[str, object]]:
    result = borte("backup", "list", "--json")
    assert result.code == 0, result.err
    return list(json.loads(result.out))


def test_future_dated_backups_do_not_stop_the_daily_copy(borte: Borte, tmp_path: Path) -> None:
    assert borte("trips", "add", "--departure", "2025-01-01", "--return", "2025-01-02").code == 0
    db_path = tmp_path / "data" / DATABASE_FILENAME
    future = datetime.now(UTC) + timedelta(days=400)
    for day in range(10):  # a clock that was once a year ahead
        backups.backup_now(db_path, "daily", now=future + timedelta(days=day))
    for leftover in backups.list_backups(db_path.parent):
        if leftover.created < future:
            leftover.path.unlink()

    assert borte("trips", "list").code == 0  # a start: the daily copy is due
    kept = [b for b in _listed(borte) if str(b["created"]) < future.isoformat()]
    assert [b["reason"] for b in kept] == ["daily"]
    assert kept[0]["trips"] == 1
    assert borte("trips", "list").code == 0  # and it counts as today's copy from now on
    assert len([b for b in _listed(borte) if str(b["created"]) < future.isoformat()]) == 1


def test_an_unwritable_backups_folder_is_told_on_stderr(borte: Borte, tmp_path: Path) -> None:
    assert borte("people", "list").code == 0
    folder = tmp_path / "data" / "backups"
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    folder.write_text("in the way")  # even root cannot make a folder here

    result = borte("trips", "add", "--departure", "2025-01-01", "--return", "2025-01-02")
    assert result.code == 0
    assert "Added trip 1." in result.out
    warnings = [line for line in result.err.splitlines() if line.startswith("borte: warning: ")]
    assert warnings, result.err
    assert "backups folder" in warnings[0] or "could not back up" in warnings[0]


def test_the_newest_backup_holds_the_latest_changes(borte: Borte, tmp_path: Path) -> None:
    rows = ["departure,return,destination,note"]
    rows += [
        f"19{60 + i // 12}-{i % 12 + 1:02d}-01,19{60 + i // 12}-{i % 12 + 1:02d}-05,SE,"
        for i in range(300)
    ]
    csv_file = tmp_path / "trips.csv"
    csv_file.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = borte("trips", "import", str(csv_file))
    assert result.code == 0, result.err

    newest = _listed(borte)[0]
    assert (newest["reason"], newest["trips"]) == ("latest", 300)
    assert borte("trips", "add", "--departure", "2025-01-01", "--return", "2025-01-02").code == 0
    listed = _listed(borte)
    assert [b["reason"] for b in listed].count("latest") == 1  # one rolling copy
    assert (listed[0]["reason"], listed[0]["trips"]) == ("latest", 301)

    (tmp_path / "data" / DATABASE_FILENAME).write_bytes(b"\0" * 4096)
    line = borte("trips", "list").one_line_error()
    assert "(301 trips," in line  # the offered backup is the one with everything in it


def test_removing_a_trip_backs_up_first(borte: Borte) -> None:
    assert borte("trips", "add", "--departure", "2025-01-01", "--return", "2025-01-02").code == 0
    assert borte("trips", "remove", "1").code == 0
    reasons = {(b["reason"], b["trips"]) for b in _listed(borte)}
    assert ("before-delete", 1) in reasons
