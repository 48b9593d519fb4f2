"""Whole-process timing and peak memory of `borte trips import` (and `borte import`).

Run: .venv/bin/python -m bench.bench_import [ROWS] [RUNS]
Writes a CSV of ROWS trips (default 100,000), then, in turn and alternating, runs
`borte trips import FILE` into a fresh data folder and a baseline process that only imports
what that command loads. Prints the median wall time and the peak resident memory of each
(from the child's rusage), and the ratio. A benchmark prints figures; it is not a timed test.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

DESTINATIONS = ("SE", "DE", "DK", "FR", "ES", "IT", "US", "GB")
BASELINE = "import app.cli, app.services.trips, app.services.importing.pipeline"


def write_rows(path: Path, rows: int) -> None:
    """ROWS distinct one- to three-day trips between 1900 and 2100."""
    start = date(1900, 1, 1)
    span = (date(2100, 1, 1) - start).days
    lines = ["departure,return,destination,note"]
    for i in range(rows):
        day = start + timedelta(days=i % span)
        back = day + timedelta(days=i % 3)
        where = DESTINATIONS[(i // span) % len(DESTINATIONS)]
        lines.append(f"{day.isoformat()},{back.isoformat()},{where},trip {i}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak MiB of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{argv} failed ({done.returncode}): {done.stderr.strip()}")
    # RUSAGE_CHILDREN keeps the largest child so far: a child smaller than an earlier one
    # shows the earlier figure. Baseline and import alternate, and the import is the larger.
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return elapsed, peak


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    borte = str(Path(sys.executable).with_name("borte"))
    with tempfile.TemporaryDirectory() as folder:
        csv_file = Path(folder) / "trips.csv"
        write_rows(csv_file, rows)
        base_times: list[float] = []
        times: list[float] = []
        peaks: list[float] = []
        for i in range(runs):
            base_times.append(run([sys.executable, "-c", BASELINE])[0])
            data = Path(folder) / f"data{i}"
            elapsed, peak = run([borte, "--data-dir", str(data), "trips", "import", str(csv_file)])
            times.append(elapsed)
            peaks.append(peak)
        base = statistics.median(base_times)
        median = statistics.median(times)
        print(f"rows: {rows:,}, runs: {runs}")
        print(f"imports only:        {base:.2f} s")
        print(
            f"borte trips import:  {median:.2f} s ({median / base:.1f}x), peak {max(peaks):.0f} MiB"
        )


if __name__ == "__main__":
    main()
