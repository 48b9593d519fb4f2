"""Commands load only what they need (issue 12): checked in a fresh process, by `sys.modules`.

A module that slips onto a start path costs every run of the command (numpy about 0.16 s,
matplotlib 0.5 s, Qt 0.2 s on the development machine), so these fail when one does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Runs `borte ARGS` and prints, as JSON, which of the watched packages the run imported.
PROBE = """
import json, sys
from app.cli import main
code = main(sys.argv[1:])
watched = ("numpy", "matplotlib", "PySide6", "reportlab", "alembic", "app.services.planner")
print(json.dumps({"code": code, "loaded": [m for m in watched if m in sys.modules]}))
"""


def loaded_by(tmp_path: Path, *argv: str) -> list[str]:
    env = dict(os.environ)
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    env["BORTE_TODAY"] = "2025-06-30"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv, "--data-dir", str(tmp_path / "data")],
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


@pytest.fixture
def with_trip(tmp_path: Path) -> Path:
    loaded_by(tmp_path, "trips", "add", "--departure", "2025-01-10", "--return", "2025-01-12")
    return tmp_path


def test_trips_list_needs_no_numpy_matplotlib_or_qt(with_trip: Path) -> None:
    assert loaded_by(with_trip, "trips", "list") == []
    assert loaded_by(with_trip, "trips", "list", "--json") == []


def test_status_needs_no_matplotlib_or_qt(with_trip: Path) -> None:
    # The engine counts with numpy; nothing draws. The planner (for "come home by") only when
    # a trip is under way, which this one is not.
    assert loaded_by(with_trip, "status", "--json") == ["numpy"]


def test_status_with_a_trip_under_way_loads_the_planner(tmp_path: Path) -> None:
    loaded_by(tmp_path, "trips", "add", "--departure", "2025-06-20")
    assert loaded_by(tmp_path, "status", "--json") == ["numpy", "app.services.planner"]
