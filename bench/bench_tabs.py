"""The longest freeze while each tab opens, at 2,000 and 100,000 trips (issue 12).

Run: .venv/bin/python -m bench.bench_tabs [--sizes 2000,100000] [--runs 3] [--before DIR]
For each history size it runs `bench/tab_stalls.py` under Xvfb `--runs` times (a fresh
process each, since the chart and planner panels are built when first shown) and prints,
for each tab, the median of the longest gap of a 20 ms heartbeat while it opened and filled
in. With `--before` (a checkout of an older Borte, e.g. from `git archive`), the same runs
against it, in turn with these, and the ratio (the machine is shared: only figures taken in
turn compare). Target: no stall over ~100 ms at 100,000 trips.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

from bench.procs import PYTHON, REPO, Xvfb, clean_env, make_data_dir, median

CHILD = REPO / "bench" / "tab_stalls.py"
TIMEOUT_S = 300.0


def stalls(data_dir: Path, env: dict[str, str], checkout: Path) -> dict[str, float]:
    """One run of the child against the Borte in `checkout`."""
    env = {**env, "PYTHONPATH": str(checkout)}
    done = subprocess.run(
        [PYTHON, str(CHILD), str(data_dir)],
        env=env,
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"tab_stalls failed: {done.stderr.strip()[-800:]}")
    result: dict[str, float] = json.loads(lines[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="an older checkout to time in turn")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="borte-bench-") as tmp, Xvfb() as xvfb:
        root = Path(tmp)
        for size in sizes:
            folder = root / f"data-{size}"
            make_data_dir(folder, size, root)
            now: dict[str, list[float]] = {}
            before: dict[str, list[float]] = {}
            for run in range(args.runs):
                env = clean_env(root / f"home-{size}-{run}", DISPLAY=xvfb.display)
                env["QT_QPA_PLATFORM"] = "xcb"
                for tab, stall in stalls(folder, env, REPO).items():
                    now.setdefault(tab, []).append(stall)
                if args.before is not None:
                    for tab, stall in stalls(folder, env, args.before).items():
                        before.setdefault(tab, []).append(stall)
            for tab, values in now.items():
                line = f"{size:>7} trips  {tab:<8} longest stall {median(values) * 1000:5.0f} ms"
                if tab in before:
                    old = median(before[tab])
                    line += f"  (before: {old * 1000:5.0f} ms, {median(values) / old:4.2f}×)"
                print(line, flush=True)


if __name__ == "__main__":
    main()
