"""Python's cyclic garbage collector, held off while Borte loads its code and reads its data.

Loading SQLAlchemy, numpy and Qt makes a few hundred thousand long-lived objects and no garbage
cycles, yet every few hundred allocations set off a collection that walks them: about a tenth of
the time from `borte` to its answer (measured: `status --json` 0.41 → 0.37 s, `report` of 2,000
trips 1.29 → 1.15 s, peak memory the same to 2 MiB). Reading 100,000 trips makes millions of
objects; each collection the allocations set off walked them all, holding the GIL for
100–270 ms while the window froze.

Holders nest and may be on any thread: the collector runs again when the last one lets go, and
what was made meanwhile goes into the permanent generation (`gc.freeze`), so a collection later
does not walk it all the same. A command-line process holds it for its whole (short) life; the
window lets go once its first read is done (`release_start`).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_holders = 0
_start_held = False


def hold() -> None:
    """Stop collections until the matching `release`."""
    global _holders
    with _lock:
        _holders += 1
        gc.disable()


def release() -> None:
    """Let go of one `hold`; the last one freezes what exists and collects again."""
    global _holders
    with _lock:
        _holders -= 1
        if _holders == 0:
            gc.freeze()
            gc.enable()


@contextlib.contextmanager
def held() -> Iterator[None]:
    """No collections inside the block (a read that makes many objects)."""
    hold()
    try:
        yield
    finally:
        release()


def hold_for_start() -> None:
    """Hold collections while the process starts (once; `release_start` lets go)."""
    global _start_held
    if not _start_held:
        _start_held = True
        hold()


def release_start() -> None:
    """Let go of `hold_for_start`'s hold, if there is one (safe to call again)."""
    global _start_held
    if _start_held:
        _start_held = False
        release()
