"""The PyInstaller bundle: it builds, and the smoke test passes when run from the bundle alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="the bundle is built and tried on Linux"),
]


def test_the_bundle_builds_and_runs_on_its_own(tmp_path: Path) -> None:
    env = dict(os.environ, BORTE_BUILD_DIR=str(tmp_path / "work"), PYTHON=sys.executable)
    build = subprocess.run(
        [str(ROOT / "packaging" / "build-bundle.sh"), str(tmp_path / "dist")],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    exe = tmp_path / "dist" / "borte" / "borte"
    internal = exe.parent / "_internal"
    # What the app reads as files at run time is in the bundle, where the app looks for it.
    for needed in (
        "app/_resources/rules/rules.json",
        "app/_resources/countries.json",
        "app/_resources/icons/borte.svg",
        "app/_resources/linux/no.borte.Borte.desktop",
        "app/models/migrations/env.py",
        "app/models/migrations/versions/0001_initial.py",
        "matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf",
        "airportsdata/airports.csv",
        "tzdata/zoneinfo/zone.tab",
    ):
        assert (internal / needed).is_file(), needed
    # Nothing from the checkout or the virtual environment: a clean PATH and PYTHONPATH.
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"}
    smoke = subprocess.run(
        [str(ROOT / "packaging" / "smoke-test.sh"), str(exe)],
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert "smoke: all passed" in smoke.stdout
    # The import sources' data and native parts came along: airports, zones, polygons, ijson.
    data = ROOT / "tests" / "data" / "import"
    for fixture, file_format, trips in (("flights.ics", "ics", 6), ("Records.json", "google", 2)):
        run = subprocess.run(
            [str(exe), "import", str(data / fixture), "--format", file_format, "--dry-run"]
            + ["--json", "--data-dir", str(tmp_path / "data")],
            env={**clean, "BORTE_TODAY": "2025-12-01"},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        assert len(json.loads(run.stdout)["trips"]) == trips, fixture
