"""Helpers shared by the whole-process benchmarks: data folders, a clean environment, Xvfb.

The benchmarks run `borte` as the user would (a fresh process each time), so these helpers
build data folders through the command line itself and keep every run away from the
developer's own settings, logs and data (XDG folders point into a temporary directory).
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
AS_OF = date(2025, 12, 31)
DESTINATIONS = ("SE", "DE", "ES", "GB", "US", "SJ", "TH", "DK", "FR")


def borte_command(*args: str) -> list[str]:
    """`borte ARGS` through this interpreter (the same venv as the benchmark)."""
    return [PYTHON, "-m", "app", *args]


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for one benchmark process: XDG folders in `home`, today pinned."""
    env = dict(os.environ)
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        env[name] = str(home / name.lower())
    env["BORTE_TODAY"] = AS_OF.isoformat()
    env.pop("BORTE_TRACE_STARTUP", None)
    env.update(extra)
    return env


def compile_modules(*trees: Path) -> None:
    """Compile `trees`' own modules now (into their `__pycache__`, which git ignores).

    An installed Borte (pip, pipx, the bundle) has its modules compiled already. A checkout
    run with `PYTHONDONTWRITEBYTECODE=1`, as on the development machine, compiles each of its
    modules at every start instead (about 0.2 s before the first frame) while the bare window,
    all of it installed, does not: that would time the compiler, not Borte. (Python still reads
    compiled modules it may not write.)
    """
    for tree in trees:
        command = [PYTHON, "-m", "compileall", "-q", "app", "bench"]
        subprocess.run(command, cwd=tree, capture_output=True, check=True)


def history_csv(path: Path, trips: int, seed: int = 5) -> date:
    """Write `trips` short trips ending at `AS_OF` as a trips CSV; returns the first departure.

    A departure every ~3.5 days, 0–2 nights away, the last three planned; histories too long
    for the years Borte accepts (from 1900) are packed closer, so trips overlap.
    """
    rng = random.Random(seed)
    earliest = date(1901, 1, 1)
    span = min(int(trips * 3.5), (AS_OF - earliest).days - 10)
    first = AS_OF - timedelta(days=span)
    step = span / trips
    rows = ["departure,return,destination,note,purpose"]
    for i in range(trips):
        left = first + timedelta(days=int(i * step))
        if i >= trips - 3:
            left = AS_OF + timedelta(days=5 + 7 * (i - trips + 3))
        back = left + timedelta(days=rng.randint(0, 2))
        note = "Conference, Gothenburg" if i % 7 == 0 else ""
        rows.append(f'{left},{back},{rng.choice(DESTINATIONS)},"{note}",')
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return first


def make_data_dir(folder: Path, trips: int, home: Path) -> float:
    """A data folder with `trips` trips, a work permit and an arrival date; returns how long
    `borte trips import` took (seconds)."""
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder.parent / f"{folder.name}.csv"
    first = history_csv(csv_path, trips)
    env = clean_env(home)
    data = ["--data-dir", str(folder)]
    began = time.perf_counter()
    run(borte_command("trips", "import", str(csv_path), *data), env)
    took = time.perf_counter() - began
    start = (first - timedelta(days=1)).isoformat()
    run(borte_command("permits", "add", "--kind", "work", "--from", start, *data), env)
    run(borte_command("dates", "set", "arrival", start, *data), env)
    return took


def run(command: Sequence[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[:500]}")


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


class Xvfb:
    """A virtual X server for the duration of a `with` block (DISPLAY is `display`)."""

    def __init__(self, size: str = "1280x800") -> None:
        self.size = size
        self.display = ""
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Xvfb:
        if shutil.which("Xvfb") is None:
            raise SystemExit("Xvfb is missing: apt-get install xvfb")
        for number in range(150, 400):
            if (
                not Path(f"/tmp/.X11-unix/X{number}").exists()
                and not Path(f"/tmp/.X{number}-lock").exists()
            ):
                break
        self.display = f":{number}"
        self._process = subprocess.Popen(
            ["Xvfb", self.display, "-screen", "0", f"{self.size}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline:
                raise SystemExit("Xvfb did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
