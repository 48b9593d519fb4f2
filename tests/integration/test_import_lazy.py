"""Each import source loads its own packages only: a spreadsheet never pays for airports,
time-zone polygons or a JSON stream parser. Checked in a fresh process, by `sys.modules`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
PROBE = """
import json, sys
from pathlib import Path
from datetime import date
from app.services.importing.sources import read_rows
read_rows(Path(sys.argv[1]), sys.argv[2], today=date(2025, 12, 1))
watched = ("icalendar", "airportsdata", "tzfpy", "ijson", "openpyxl")
print(json.dumps([m for m in watched if m in sys.modules]))
"""


@pytest.mark.parametrize(
    ("path", "file_format", "expected"),
    [
        (DATA / "norsk_excel.csv", "csv", []),
        (DATA / "import" / "flights.ics", "ics", ["icalendar", "airportsdata"]),
        (DATA / "import" / "Records.json", "google", ["tzfpy", "ijson"]),
    ],
)
def test_a_source_loads_only_what_it_reads_with(
    path: Path, file_format: str, expected: list[str]
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), file_format],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )

    assert json.loads(done.stdout.strip().splitlines()[-1]) == expected
