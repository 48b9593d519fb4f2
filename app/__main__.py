"""`python -m app` and the `borte` console script: the same command line.

The Python check comes first and in syntax any Python 3 reads, so `python3 -m app` on a too-old
interpreter (a checkout run by hand) says what to do instead of failing on an import.
"""

from __future__ import annotations

import os
import sys

MINIMUM_PYTHON = (3, 11)


def python_problem(
    version: tuple[int, ...] = (
        sys.version_info.major,
        sys.version_info.minor,
        sys.version_info.micro,
    ),
) -> str:
    """One sentence saying this Python is too old, or "" when it will do."""
    if tuple(version[:2]) >= MINIMUM_PYTHON:
        return ""
    have = ".".join(str(part) for part in version[:3])
    return (
        f"Borte needs Python 3.11 or newer and this is Python {have}: install python3.11 or "
        "newer, for example 'sudo apt-get install python3.11 python3.11-venv' on Ubuntu 22.04 "
        "or a build from python.org, then run Borte with it."
    )


def main() -> int:
    """Run `borte` with the process's arguments and return its exit code."""
    problem = python_problem()
    if problem:
        print(f"borte: {problem}", file=sys.stderr)
        return 2
    # numpy's OpenBLAS starts a thread per core as numpy loads, and each spins about 0.1 s of
    # CPU waiting for work Borte never gives it (it does no linear algebra): on two cores that
    # is the core the window's data worker or GUI thread needed. A user's own setting wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from app import deferred_imports, frame_room, gc_pause

    gc_pause.hold_for_start()  # no garbage collections while the code loads
    deferred_imports.defer()  # asyncio and importlib.metadata: loaded only if used
    from app.cli import main as cli_main

    return frame_room.roomy(cli_main, sys.argv[1:])


def run() -> int:
    """The process entry point: `main`, then out without the teardown (see `process_exit`)."""
    code = main()
    from app import process_exit

    return process_exit.leave(code)


if __name__ == "__main__":
    sys.exit(run())
