"""The entry point keeps numpy's OpenBLAS to one thread: Borte does no linear algebra."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import app.__main__ as entry
import app.cli

ROOT = Path(__file__).resolve().parents[2]

# Runs the real entry point with a command that loads numpy and counts the process's threads.
COUNT_THREADS = """
import os, sys
import app.__main__ as entry, app.cli

def command(argv):
    import numpy  # noqa: F401  (its BLAS starts its threads as it loads)
    print(len(os.listdir("/proc/self/task")))
    return 0

app.cli.main = command
sys.exit(entry.main())
"""


def test_the_entry_point_asks_for_one_blas_thread_and_keeps_a_users_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app.cli, "main", lambda argv: 0)
    monkeypatch.setattr("sys.argv", ["borte", "status"])
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    assert entry.main() == 0
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    assert entry.main() == 0
    assert os.environ["OPENBLAS_NUM_THREADS"] == "3"


@pytest.mark.skipif(
    not Path("/proc/self/task").is_dir() or (os.cpu_count() or 1) < 2,
    reason="counts threads through Linux's /proc on a machine with more than one core",
)
def test_numpy_loaded_under_the_entry_point_starts_no_idle_threads() -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run(
        [sys.executable, "-c", COUNT_THREADS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert int(done.stdout.strip()) == 1, done.stdout + done.stderr
