"""Issue 11 item 9: private folders whatever the umask, and no personal text in the log."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import cli
from app.cli import commands
from tests.integration.conftest import file_mode


def test_every_folder_borte_creates_is_0700_under_umask_000(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask_000: None
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("BORTE_TODAY", "2025-06-30")
    monkeypatch.delenv("BORTE_DATA_DIR", raising=False)

    assert cli.main(["trips", "add", "--departure", "2025-01-01", "--return", "2025-01-02"]) == 0

    created = [p for p in home.rglob("*") if p.is_dir()] + [home]
    assert {str(p.relative_to(tmp_path)) for p in created} >= {
        "home/.local/share/borte",
        "home/.local/share/borte/backups",
        "home/.local/state/borte/log",
    }
    assert {str(p): oct(file_mode(p)) for p in created} == {str(p): "0o700" for p in created}
    files = [p for p in home.rglob("*") if p.is_file()]
    assert {str(p): oct(file_mode(p)) for p in files} == {str(p): "0o600" for p in files}


def test_an_unexpected_error_logs_no_note_name_or_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("BORTE_TODAY", "2025-06-30")

    def broken(*_args: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(commands, "trips_add", broken)  # the parser looks it up at build time
    code = cli.main(
        ["trips", "add", "--departure", "2025-01-01", "--note", "Visiting Dr. Secret"]
        + ["--person", "Åse Hemmelig", "--data-dir", str(tmp_path / "data")]
    )
    assert code == 1
    log = (tmp_path / "state" / "borte" / "log" / "borte.log").read_text(encoding="utf-8")
    assert "Unexpected error in: borte trips add" in log
    for secret in ("Secret", "Hemmelig"):
        assert secret not in log


def test_a_file_without_a_header_is_refused_without_echoing_its_first_trip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("BORTE_TODAY", "2025-06-30")
    csv_file = tmp_path / "trips.csv"
    csv_file.write_text("2025-01-01,2025-01-05,SE,Visiting Dr. Secret\n", encoding="utf-8")
    code = cli.main(["trips", "import", str(csv_file), "--data-dir", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code == 2
    assert "its first line is a trip, not the header" in err
    assert "Secret" not in err
