"""`borte status` loads none of Borte's import readers or CSV code (issue 12): the command
runs on every shell prompt of some users, and those modules cost it a tenth of its start.
Checked in a fresh process, by `sys.modules`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOT_NEEDED = (
    "app.services.importing.sources",
    "app.services.csvio",
    "app.services.report",
    # Checklists, the planner (with no trip under way), charts and Qt are other commands' work.
    "app.services.checklists",
    "app.services.planner",
    "app.services.series",
    "matplotlib",
    "PySide6",
)
PROBE = """
import json, sys
from app.cli import main
code = main(sys.argv[2:])
print(json.dumps({"code": code, "loaded": [m for m in sys.argv[1].split(",") if m in sys.modules]}))
"""


def loaded_by(tmp_path: Path, *argv: str) -> list[str]:
    env = dict(os.environ)
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    env["BORTE_TODAY"] = "2025-06-30"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(NOT_NEEDED), *argv, "--data-dir", str(tmp_path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, done.stderr
    loaded: list[str] = result["loaded"]
    return loaded


@pytest.mark.parametrize("argv", [("status", "--json"), ("status",), ("status", "--explain")])
def test_status_loads_no_readers_csv_or_report(tmp_path: Path, argv: tuple[str, ...]) -> None:
    loaded_by(tmp_path, "trips", "add", "--departure", "2025-01-10", "--return", "2025-01-12")
    assert loaded_by(tmp_path, *argv) == []
