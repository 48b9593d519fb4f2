"""Helpers for `bench_cli.py`: run `borte` and note what it imported, or import that alone.

    python -m bench.imports_of record OUT.txt ARGS...   # runs `borte ARGS`, writes sys.modules
    python -m bench.imports_of replay IN.txt            # imports those modules, nothing else
    python -m bench.imports_of replay IN.txt --leave    # ... and leaves as borte does

The replay is the floor for a command: a process that loads the same code and does no work
(with garbage collection held off while it does, as borte holds it, and the same modules
deferred, app/deferred_imports.py). It ends the usual way, tearing its modules down; with
`--leave` it skips that as `borte` does (app/process_exit.py), the floor for Borte's own work.
"""

from __future__ import annotations

import gc
import importlib
import sys
from pathlib import Path


def record(out: Path, argv: list[str]) -> int:
    from app import deferred_imports

    deferred_imports.defer()  # as `borte` does: the stand-ins are listed, their modules not
    before = set(sys.modules)
    from app.cli import main

    try:
        return main(argv)
    finally:
        # Insertion order is import order, so the replay imports parents before children.
        names = [name for name in sys.modules if name not in before and name != "__main__"]
        out.write_text("\n".join(names) + "\n", encoding="utf-8")


def replay(listing: Path, leave: bool = False) -> int:
    # As borte loads (collections held off, app/gc_pause.py; its frames in one large chunk,
    # app/frame_room.py): the floor is the quickest a process loads this code.
    from app import deferred_imports
    from app.frame_room import roomy

    gc.disable()
    deferred_imports.defer()
    roomy(_import_all, listing.read_text(encoding="utf-8").split())
    if leave:
        from app import process_exit

        return process_exit.leave(0)
    return 0


def _import_all(names: list[str]) -> None:
    for name in names:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except Exception:  # noqa: S112 - a few private modules only import through a parent
            continue


if __name__ == "__main__":
    if sys.argv[1] == "record":
        sys.exit(record(Path(sys.argv[2]), sys.argv[3:]))
    sys.exit(replay(Path(sys.argv[2]), leave="--leave" in sys.argv[3:]))
