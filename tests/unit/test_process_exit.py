"""A `borte` process leaves without its teardown, and loses nothing by it: exit handlers run,
output is flushed (a failed flush is reported), the exit code is kept; with another thread
running or Qt loaded it leaves the usual way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Prints "teardown" if the interpreter tears its modules down (the object's __del__ runs then),
# "handler" from an exit handler, and output still in stdout's buffer when `leave` is called.
SCRIPT = """
import atexit, sys, threading, time
from app.process_exit import leave

class Witness:
    def __del__(self):
        sys.stderr.write("teardown\\n")

witness = Witness()
atexit.register(lambda: sys.stderr.write("handler\\n"))
sys.stdout.write("buffered output")
mode = sys.argv[1]
if mode == "thread":
    threading.Thread(target=lambda: (time.sleep(0.3), sys.stderr.write("thread done\\n"))).start()
if mode == "qt":
    import PySide6.QtCore
sys.exit(leave(int(sys.argv[2])))
"""


# Output buffered as a user's shell gives it (this machine's environment may say otherwise).
BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=ROOT,
        env=BUFFERED,
        capture_output="stdout" not in kwargs,
        text=True,
        timeout=60,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )


def test_it_leaves_without_the_teardown_but_runs_the_exit_handlers_and_flushes() -> None:
    done = _run("plain", "3")
    assert done.returncode == 3
    assert done.stdout == "buffered output"
    assert done.stderr.splitlines() == ["handler"]


@pytest.mark.parametrize("mode", ["thread", "qt"])
def test_it_leaves_the_usual_way_while_a_thread_runs_or_once_qt_is_loaded(mode: str) -> None:
    done = _run(mode, "0")
    assert done.returncode == 0
    assert done.stdout == "buffered output"
    lines = done.stderr.splitlines()
    assert "handler" in lines
    assert "teardown" in lines  # the usual way: the module was torn down
    if mode == "thread":
        assert lines.index("thread done") < lines.index("handler")  # Python waited for it


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_output_that_cannot_be_written_at_exit_is_one_sentence_and_exit_2() -> None:
    with open("/dev/full", "w") as full:
        done = _run("plain", "0", stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2  # as a command reports it (app.cli): a problem to fix
    assert done.stderr.startswith(
        "handler\nborte: The output could not be written (No space left on device); "
    )
    assert "Traceback" not in done.stderr


def test_a_reader_gone_away_is_a_broken_pipe_exit_and_no_message() -> None:
    read, write = os.pipe()
    os.close(read)  # nobody will ever read what the process writes
    try:
        done = _run("plain", "0", stdout=write, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    assert done.returncode == 141
    assert done.stderr == "handler\n"


# `python -m app` as a user runs it, with a witness that speaks if the modules are torn down.
REAL_ENTRY = """
import runpy, sys

class Witness:
    def __del__(self):
        sys.stderr.write("teardown\\n")

witness = Witness()
sys.argv = ["borte", *sys.argv[1:]]
runpy.run_module("app", run_name="__main__", alter_sys=True)
"""


def test_a_real_command_skips_the_teardown_and_leaves_its_data_folder_closed(
    data_dir: Path,
) -> None:
    def borte(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", REAL_ENTRY, "--data-dir", str(data_dir), *argv],
            cwd=ROOT,
            env=BUFFERED,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    added = borte("trips", "add", "--departure", "2025-01-02", "--return", "2025-01-09")
    assert added.returncode == 0, added.stderr
    status = borte("status", "--json")
    assert status.returncode == 0, status.stderr
    assert "teardown" not in added.stderr + status.stderr
    assert json.loads(status.stdout)  # all of it, flushed
    # Every connection was closed before the process left: SQLite removed its WAL files.
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith("borte.sqlite3-")) == []
    bad = borte("trips", "add", "--departure", "2025-13-01")
    assert bad.returncode == 2
    assert bad.stderr.startswith("borte: ")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_disk_under_a_redirect_is_one_sentence_during_a_command_or_at_its_end(
    data_dir: Path, tmp_path: Path
) -> None:
    csv = tmp_path / "trips.csv"
    rows = [f"2024-{m:02d}-{d:02d},2024-{m:02d}-{d:02d},SE" for m in range(1, 13) for d in (1, 15)]
    csv.write_text("departure,return,destination\n" + "\n".join(rows * 10) + "\n")

    def borte(*argv: str, env: dict[str, str] = BUFFERED) -> subprocess.CompletedProcess[str]:
        with open("/dev/full", "w") as full:
            return subprocess.run(
                [sys.executable, "-c", REAL_ENTRY, "--data-dir", str(data_dir), *argv],
                cwd=ROOT,
                env=env,
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                timeout=120,
                check=False,
            )

    assert borte("trips", "import", str(csv)).returncode == 2  # even its one line
    subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), "trips", "import", str(csv)],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    # 240 trips: more than one buffer, so a write inside the command fails; status: one
    # small JSON document, which fails only at the last flush, on the way out.
    unbuffered = {**BUFFERED, "PYTHONUNBUFFERED": "1"}  # every write goes out (and fails) at once
    for argv, env in (
        (("trips", "list"), BUFFERED),
        (("status", "--json"), BUFFERED),
        (("status", "--json"), unbuffered),
        (("backup", "list"), unbuffered),  # a command that prints without the Context
    ):
        done = borte(*argv, env=env)
        assert done.returncode == 2, argv
        assert done.stderr.splitlines() == [
            "borte: The output could not be written (No space left on device); make room "
            "where it goes, or send it elsewhere. This does not affect the data file."
        ], argv
