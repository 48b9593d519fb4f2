"""Command-line speed as whole processes, beside a process that only imports the same code.

Run: .venv/bin/python -m bench.bench_cli [--sizes 25,2000] [--runs 5] [--import-rows 100000]
     [--before OLD_CHECKOUT]
For `status --json`, `trips list`, `report` and `trips import` it times, in turn, `--runs`
fresh processes of the command and of `python -m bench.imports_of replay` (the modules that
command loaded, imported and nothing else: the floor no code change below the imports can
beat, and the issue's yardstick, so it ends the usual way; the "no teardown" column is the same
leaving as `borte` does, app/process_exit.py: the floor for Borte's own work),
`python -c "import sqlalchemy.orm"` (the issue's yardstick for `status`) and the same with
numpy (the rules' arrays: a floor for any command that counts days). It prints the medians and
the ratios, and the peak memory (max RSS) of `trips import`; with `--before`, the same commands
of an older checkout in turn (ratio to this tree's floors and to the ORM import).
Targets (issue 12): status ≤ 1.3× `import sqlalchemy.orm`; report with 2,000 trips ≤ 2 s and
≤ 1.3× its imports alone; import of 100,000 rows ≤ 2 s and ≤ 120 MiB.
Borte's modules are compiled first, as an installed Borte has them (see `compile_modules`);
`--source` skips that (a fresh checkout under PYTHONDONTWRITEBYTECODE=1 then compiles them at
every start).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.procs import (
    PYTHON,
    REPO,
    clean_env,
    compile_modules,
    history_csv,
    make_data_dir,
    median,
)


def timed(command: list[str], env: dict[str, str], cwd: Path = REPO) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of one process."""
    began = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    # wait4: this child's own peak. RUSAGE_CHILDREN is the largest of every child so far, so
    # a report run earlier (larger) would stand in for the import's peak.
    _, status, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - began
    err = process.stderr.read() if process.stderr else b""
    if process.stderr:
        process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {err.decode()[-400:]}")
    return took, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="25,2000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--import-rows", type=int, default=100_000, help="0: no import timing")
    parser.add_argument(
        "--source", action="store_true", help="do not compile Borte's modules first"
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="a checkout of an older Borte (e.g. a `git worktree`) to time in the same run",
    )
    args = parser.parse_args()
    if not args.source:
        compile_modules(REPO, *([] if args.before is None else [args.before]))
    with tempfile.TemporaryDirectory(prefix="borte-bench-") as tmp:
        root = Path(tmp)
        env = clean_env(root)
        sqlalchemy = [PYTHON, "-c", "import sqlalchemy.orm"]
        with_numpy = [PYTHON, "-c", "import sqlalchemy.orm, numpy"]
        print(
            f"{'command':<34} {'process':>8} {'imports':>8} {'ratio':>6} {'no teardown':>14}"
            f"  {'sqlalchemy.orm':>15}  {'+ numpy':>15}"
        )
        for size in (int(s) for s in args.sizes.split(",")):
            folder = root / f"data-{size}"
            make_data_dir(folder, size, root)
            data = ["--data-dir", str(folder)]
            commands = {
                f"status --json ({size} trips)": ["status", "--json", *data],
                f"trips list ({size} trips)": ["trips", "list", *data],
                f"report ({size} trips)": ["report", str(root / "r.pdf"), *data],
            }
            for name, argv in commands.items():
                listing = root / "modules.txt"
                timed([PYTHON, "-m", "bench.imports_of", "record", str(listing), *argv], env)
                own, floor, quick, base, numpy, old = [], [], [], [], [], []
                for _ in range(args.runs):
                    own.append(timed([PYTHON, "-m", "app", *argv], env)[0])
                    if args.before is not None:
                        old.append(timed([PYTHON, "-m", "app", *argv], env, args.before)[0])
                    replay = [PYTHON, "-m", "bench.imports_of", "replay", str(listing)]
                    floor.append(timed(replay, env)[0])
                    quick.append(timed([*replay, "--leave"], env)[0])
                    base.append(timed(sqlalchemy, env)[0])
                    numpy.append(timed(with_numpy, env)[0])
                o, f, b, n = median(own), median(floor), median(base), median(numpy)
                q = median(quick)
                print(
                    f"{name:<34} {o:7.2f}s {f:7.2f}s {o / f:5.2f}× {q:6.2f}s ({o / q:4.2f}×)"
                    f"  {b:6.2f}s ({o / b:4.2f}×)  {n:6.2f}s ({n / b:4.2f}× orm)",
                    flush=True,
                )
                if old:
                    was = median(old)
                    print(
                        f"{'  before':<34} {was:7.2f}s {'':8} {was / f:5.2f}× {'':6}  "
                        f"({was / q:4.2f}×)  {'':6}  ({was / b:4.2f}×)",
                        flush=True,
                    )
        rows = args.import_rows
        if rows <= 0:
            return
        csv_path = root / "import.csv"
        history_csv(csv_path, rows)
        own, floor, old = [], [], []
        peak = old_peak = 0
        listing = root / "import-modules.txt"
        for run in range(args.runs):
            folder = root / f"import-{run}"
            argv = ["trips", "import", str(csv_path), "--data-dir", str(folder)]
            if run == 0:
                timed([PYTHON, "-m", "bench.imports_of", "record", str(listing), *argv], env)
                shutil.rmtree(folder)
            took, rss = timed([PYTHON, "-m", "app", *argv], env)
            own.append(took)
            peak = max(peak, rss)
            floor.append(timed([PYTHON, "-m", "bench.imports_of", "replay", str(listing)], env)[0])
            if args.before is not None:
                argv[-1] = str(root / f"import-before-{run}")
                took, rss = timed([PYTHON, "-m", "app", *argv], env, args.before)
                old.append(took)
                old_peak = max(old_peak, rss)
        o, f = median(own), median(floor)
        print(
            f"{f'trips import ({rows} rows)':<34} {o:7.2f}s {f:7.2f}s {o / f:5.2f}×  "
            f"peak {peak / 1024:.0f} MiB",
            flush=True,
        )
        if old:
            was = median(old)
            print(
                f"{'  before':<34} {was:7.2f}s {'':8} {was / f:5.2f}×  "
                f"peak {old_peak / 1024:.0f} MiB",
                flush=True,
            )


if __name__ == "__main__":
    main()
