"""Whole-process timing and peak memory of `borte trips import` (and `borte import`).

Run: .venv/bin/python -m bench.bench_import [ROWS] [RUNS] [OTHER_TREE]
Writes a CSV of ROWS trips (default 100,000), then, in turn and alternating, runs
`borte trips import FILE` into a fresh data folder and a baseline process that only imports
what that command loads, and (given OTHER_TREE, a checkout of another commit, for example from
`git archive COMMIT | tar -x -C DIR`) the same import with that tree's `app` package. Prints
the median wall time and the peak resident memory of each (from /usr/bin/time-like rusage of
the child), and the ratios, to the imports alone and to the floor (`bench.import_floor`: a
plain csv.reader pass and one bare executemany of the same rows, which no import can beat).
A benchmark prints figures; it is not a timed test.
"""

from __future__ import annotations

import os
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


def run(argv: list[str], tree: str) -> tuple[float, float, float]:
    """Wall seconds, peak MiB and CPU seconds of one child process importing `app` from `tree`.

    CPU seconds (user + system) matter on a loaded machine: other processes stretch the wall
    time of every run, much less the CPU time each needs.
    """
    env = {**os.environ, "PYTHONPATH": tree}
    started = time.perf_counter()
    # Run from a neutral folder: `python -m` puts the working folder first on sys.path.
    child = subprocess.Popen(
        argv, env=env, cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    errors = child.stderr.read().decode() if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv} failed: {errors.strip()}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    other = sys.argv[3] if len(sys.argv) > 3 else None
    here = str(Path(__file__).resolve().parents[1])
    trees = {"this tree": here} | ({"other tree": other} if other is not None else {})
    with tempfile.TemporaryDirectory() as folder:
        csv_file = Path(folder) / "trips.csv"
        write_rows(csv_file, rows)
        figures: dict[str, list[tuple[float, float, float]]] = {name: [] for name in trees}
        figures["imports only"] = []
        figures["floor"] = []
        for i in range(runs):
            figures["imports only"].append(run([sys.executable, "-c", BASELINE], here))
            floor = [str(Path(folder) / f"floor{i}"), str(csv_file)]
            figures["floor"].append(run([sys.executable, "-m", "bench.import_floor", *floor], here))
            for name, tree in trees.items():
                data = Path(folder) / f"{name[:5]}{i}"
                command = ["-m", "app", "--data-dir", str(data), "trips", "import", str(csv_file)]
                figures[name].append(run([sys.executable, *command], tree))
        base = statistics.median(t for t, _, _ in figures["imports only"])
        least = statistics.median(t for t, _, _ in figures["floor"])
        least_cpu = statistics.median(c for _, _, c in figures["floor"])
        load = os.getloadavg()[0]
        print(f"rows: {rows:,}, runs: {runs} (medians; peaks are the largest run), load {load:.1f}")
        for name, measured in figures.items():
            median = statistics.median(t for t, _, _ in measured)
            peak = max(p for _, p, _ in measured)
            cpu = statistics.median(c for _, _, c in measured)
            print(
                f"{name:13} {median:6.2f} s  {median / base:4.1f}x imports only  "
                f"{median / least:4.2f}x floor  {peak:4.0f} MiB  "
                f"cpu {cpu:5.2f} s ({cpu / least_cpu:4.2f}x floor)"
            )


if __name__ == "__main__":
    main()
