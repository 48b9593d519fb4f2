"""Window start-up against a bare PySide6 window, as whole processes under Xvfb (issue 12).

Run: .venv/bin/python -m bench.bench_startup [--sizes 25,2000,100000] [--runs 5]
For each history size it starts, in turn, a bare PySide6 window (`bench/bare_window.py`) and
the real `borte` with `BORTE_TRACE_STARTUP=exit`, `--runs` times each, and prints the medians of

- first frame: from just before the process starts to its first paint;
- status on screen: to the first paint after the status numbers were set (the bare window has
  no numbers: its figure is its first frame);
- the longest stall of borte's event loop from its first frame to half a second after the
  numbers (a 20 ms heartbeat: how long the window froze while it filled in);

and "imports": the bare window after importing the modules borte had loaded at its first frame,
and then those it had loaded by the status numbers (the floors for the first frame and the
status that only fewer imports can lower), with the ratios to the bare window in
the same run (the machine is shared: only ratios taken
in turn compare). Building the data folders goes through `borte trips import` and is timed too.
Borte's modules are compiled first, as an installed Borte has them; `--source` skips that
(a fresh checkout under `PYTHONDONTWRITEBYTECODE=1` then compiles them at every start).
`--observer window` watches the first paint on each main window alone instead of through a
filter on every event of the application (the default, and how the issue's figures were
taken): the filter costs both processes about 40 ms that no user pays, and the ratios come out
higher without it (`BORTE_TRACE_OBSERVER`, app/ui/startup_trace.py).
Targets: first frame ≤ 1.5× bare (25 trips), ≤ 2× (2,000), ≤ 3 s (100,000); status ≤ 0.8 s
and ≤ 4× bare (25 trips).
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

from bench.procs import (
    PYTHON,
    REPO,
    Xvfb,
    borte_command,
    clean_env,
    compile_modules,
    make_data_dir,
    median,
)

TIMEOUT_S = 180.0


def trace(command: list[str], env: dict[str, str], cwd: Path = REPO) -> dict[str, float]:
    """Start `command`, wait for it to quit, and return each milestone's delay in seconds."""
    began = time.time()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        _, err = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    marks: dict[str, float] = {}
    for line in err.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "borte-trace":
            # Times are wall-clock stamps; the stall is a length already.
            value = float(parts[2])
            marks.setdefault(parts[1], value if parts[1] == "longest-stall" else value - began)
    if "status" not in marks:
        tail = "\n".join(err.splitlines()[-5:])
        raise RuntimeError(f"{' '.join(command)} printed no status mark:\n{tail}")
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="25,2000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--before",
        type=Path,
        help="a checkout of an older Borte (e.g. from `git archive`) to time in the same run",
    )
    parser.add_argument(
        "--source",
        action="store_true",
        help="do not compile first: time the trees as they are (a fresh checkout under "
        "PYTHONDONTWRITEBYTECODE=1 has no compiled modules and compiles them at every start)",
    )
    parser.add_argument(
        "--observer",
        choices=("app", "window"),
        default="app",
        help="watch the first paint through every event of the application (the issue's way) "
        "or on the main window alone (a --before tree older than this option keeps the first)",
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="borte-bench-") as tmp, Xvfb() as xvfb:
        root = Path(tmp)
        extra = {
            "DISPLAY": xvfb.display,
            "QT_QPA_PLATFORM": "xcb",
            "BORTE_TRACE_OBSERVER": args.observer,
        }
        print(f"{'trips':>7}  {'bare':>6}  {'first frame':>16}  {'status on screen':>16}")
        if not args.source:
            compile_modules(REPO, *([] if args.before is None else [args.before]))
        for size in sizes:
            folder = root / f"data-{size}"
            took = make_data_dir(folder, size, root)
            bare: list[float] = []
            frame: list[float] = []
            status: list[float] = []
            stall: list[float] = []
            floor: list[float] = []
            status_floor: list[float] = []
            listing = root / f"modules-{size}.txt"
            old_frame: list[float] = []
            old_status: list[float] = []
            old_stall: list[float] = []
            for run in range(args.runs):
                home = root / f"home-{size}-{run}"
                env = clean_env(home, **extra)
                bare.append(trace([PYTHON, "-m", "bench.bare_window"], env)["first-frame"])
                if run > 0:
                    command = [PYTHON, "-m", "bench.bare_window", "--imports", str(listing)]
                    floor.append(trace(command, env)["first-frame"])
                    command[-1] = f"{listing}.status"
                    status_floor.append(trace(command, env)["first-frame"])
                env = clean_env(
                    home, BORTE_TRACE_STARTUP="exit", BORTE_TRACE_MODULES=str(listing), **extra
                )
                marks = trace(borte_command("--data-dir", str(folder)), env)
                frame.append(marks["first-frame"])
                status.append(marks["status"])
                stall.append(marks.get("longest-stall", float("nan")))
                if args.before is not None:
                    marks = trace(borte_command("--data-dir", str(folder)), env, args.before)
                    old_frame.append(marks["first-frame"])
                    old_status.append(marks["status"])
                    old_stall.append(marks.get("longest-stall", float("nan")))
            b, f, s = median(bare), median(frame), median(status)
            print(
                f"{size:>7}  {b:5.2f}s  {f:6.2f}s {f / b:5.1f}× bare  "
                f"{s:6.2f}s {s / b:5.1f}× bare   longest stall after the first frame "
                f"{median(stall) * 1000:.0f} ms (import of {size} rows: {took:.2f}s)",
                flush=True,
            )
            i, j = median(floor), median(status_floor)
            print(
                f"{'imports':>7}  {'':6}  {i:6.2f}s {i / b:5.1f}× bare  "
                f"{j:6.2f}s {j / b:5.1f}× bare"
                f"   (a bare window after importing what borte had loaded at its first frame, "
                f"and by its numbers on screen; borte {f / i:4.2f}× and {s / j:4.2f}× these)",
                flush=True,
            )
            if args.before is not None:
                f, s = median(old_frame), median(old_status)
                print(
                    f"{'before':>7}  {'':6}  {f:6.2f}s {f / b:5.1f}× bare  "
                    f"{s:6.2f}s {s / b:5.1f}× bare   longest stall after the first frame "
                    f"{median(old_stall) * 1000:.0f} ms",
                    flush=True,
                )


if __name__ == "__main__":
    main()
