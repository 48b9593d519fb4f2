"""Peak memory and time of reading a large Google Records.json (location history).

Run: .venv/bin/python -m bench.bench_import_location [MEGABYTES] [RUNS]
Writes a Records.json of about MEGABYTES (default 300) in the shape Takeout writes (a point
every minute or so, with its nested "activity" list), alternating weeks in Oslo and trips to
Stockholm, then runs `borte import FILE --format google --dry-run --json` in a fresh process
RUNS times (default 1), a baseline process that only imports what that command loads, and
(once) a process that reads the file the naive way, `json.load`, for comparison. Prints the
median wall time, the peak resident memory of each (rusage of the child) and the trips found.
A benchmark prints figures; it is not a timed test.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BASELINE = (
    "import app.cli, app.services.importing.pipeline, app.services.importing.location_files, "
    "app.services.importing.location_trips, tzfpy, ijson"
)
# What a reader that loads the whole file would cost (json.load, then walking the points).
NAIVE = (
    "import json, sys; data = json.load(open(sys.argv[1], 'rb')); "
    "print(sum(1 for p in data['locations'] if 'latitudeE7' in p))"
)
OSLO = (599139000, 107522000)
STOCKHOLM = (593293000, 180686000)


def write_records(path: Path, megabytes: int) -> int:
    """About `megabytes` of Records.json; returns the number of points written."""
    target = megabytes * 1024 * 1024
    start = datetime(2015, 1, 1, tzinfo=UTC).timestamp()
    written = 0
    points = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n  "locations": [')
        while written < target:
            t = start + points * 61
            week = int((t - start) // (7 * 86400))
            lat, lng = STOCKHOLM if week % 5 == 4 else OSLO
            moment = datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            record = {
                "latitudeE7": lat + (points % 97) * 10,
                "longitudeE7": lng + (points % 89) * 10,
                "accuracy": 12 + points % 30,
                "source": "WIFI",
                "deviceTag": 1234567,
                "timestamp": moment,
                "activity": [
                    {"activity": [{"type": "STILL", "confidence": 87}], "timestamp": moment}
                ],
            }
            chunk = ("," if points else "") + "\n    " + json.dumps(record)
            out.write(chunk)
            written += len(chunk)
            points += 1
        out.write("\n  ]\n}\n")
    return points


def measure(argv: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB, from wait4's rusage) and stdout of one child process."""
    began = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None
    assert child.stderr is not None
    out = child.stdout.read()
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - began
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{argv[:4]} failed: {err.decode(errors='replace').strip()}")
    return wall, usage.ru_maxrss / 1024, out.decode()


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Records.json"
        began = time.perf_counter()
        points = write_records(path, megabytes)
        size = path.stat().st_size / 1024 / 1024
        print(f"wrote {size:,.0f} MB, {points:,} points in {time.perf_counter() - began:.1f} s")
        importing: list[tuple[float, float]] = []
        baseline: list[tuple[float, float]] = []
        trips = 0
        for number in range(runs):
            data = Path(folder) / f"data{number}"
            argv = [sys.executable, "-m", "app", "import", str(path), "--format", "google"]
            wall, peak, out = measure([*argv, "--dry-run", "--json", "--data-dir", str(data)])
            importing.append((wall, peak))
            trips = len(json.loads(out)["trips"])
            wall, peak, _ = measure([sys.executable, "-c", BASELINE])
            baseline.append((wall, peak))
        naive = [measure([sys.executable, "-c", NAIVE, str(path)])[:2]]
        for name, rows in (
            ("import --dry-run", importing),
            ("baseline imports", baseline),
            ("json.load (naive)", naive),
        ):
            print(
                f"{name:18} median {statistics.median(w for w, _ in rows):7.2f} s, "
                f"peak RSS {max(p for _, p in rows):7.1f} MB"
            )
        wall = statistics.median(w for w, _ in importing)
        print(
            f"{trips:,} trips; {size / wall:,.1f} MB/s; peak RSS over baseline "
            f"{max(p for _, p in importing) - max(p for _, p in baseline):,.1f} MB "
            f"for a {size:,.0f} MB file"
        )


if __name__ == "__main__":
    main()
