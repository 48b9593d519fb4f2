"""Garbage collection held off while Borte loads (`app.gc_pause`): holders nest, on any
thread, and the last to let go turns collection back on with what was made frozen."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from app import gc_pause


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    gc_pause.release_start()
    assert gc.isenabled()
    yield
    gc_pause.release_start()
    while gc_pause._holders > 0:  # a failed test's holds, so the next starts clean
        gc_pause.release()
    gc.enable()


def test_holds_nest_and_the_last_release_collects_again() -> None:
    frozen = gc.get_freeze_count()
    gc_pause.hold()
    gc_pause.hold()
    assert not gc.isenabled()
    gc_pause.release()
    assert not gc.isenabled()  # one holder is left
    gc_pause.release()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen  # what was made meanwhile is not walked again


def test_held_lets_go_when_the_block_raises() -> None:
    seen: list[bool] = []

    def read() -> None:
        with gc_pause.held():
            seen.append(gc.isenabled())
            raise ValueError("damaged row")

    with pytest.raises(ValueError, match="damaged row"):
        read()
    assert seen == [False]
    assert gc.isenabled()


def test_a_hold_on_another_thread_keeps_collection_off_until_it_ends() -> None:
    inside = threading.Event()
    leave = threading.Event()

    def read() -> None:
        with gc_pause.held():
            inside.set()
            leave.wait(10)

    worker = threading.Thread(target=read)
    with gc_pause.held():
        worker.start()
        inside.wait(10)
    assert not gc.isenabled()  # this thread let go; the worker still holds
    leave.set()
    worker.join(10)
    assert gc.isenabled()


def test_the_start_hold_is_taken_once_and_let_go_once() -> None:
    gc_pause.hold_for_start()
    gc_pause.hold_for_start()
    assert not gc.isenabled()
    with gc_pause.held():
        pass
    assert not gc.isenabled()  # a read ending during start-up does not end the start's hold
    gc_pause.release_start()
    assert gc.isenabled()
    gc_pause.release_start()  # again, or with no hold taken: nothing to let go
    assert gc.isenabled()
    assert gc_pause._holders == 0


def test_the_command_line_runs_its_command_with_collection_held(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import app.__main__
    import app.cli

    seen: list[bool] = []

    def command(argv: list[str]) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(app.cli, "main", command)
    monkeypatch.setattr("sys.argv", ["borte", "status"])
    assert app.__main__.main() == 0
    assert seen == [False]
