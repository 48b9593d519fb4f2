"""`roomy`: calls made with room on CPython's frame stack, so calls and returns across the edge
of a 16 KiB frame chunk stop mapping and unmapping (and faulting in) fresh memory each time."""

from __future__ import annotations

import resource

import pytest

from app.frame_room import ROOM_SLOTS, roomy

CALLS = 50  # per depth: a chunk mapped afresh on each call faults in at least a page each time
DEPTHS = 260  # more frames of `_down` than one 16 KiB chunk holds, so one edge is among them


def _down(depth: int) -> int:
    return 0 if depth == 0 else _down(depth - 1)


def _faults_at(depth: int) -> int:
    _down(depth)  # once first, so what stays mapped is counted no more
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(CALLS):
        _down(depth)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def _worst_depth() -> int:
    """The most page faults that `CALLS` calls to any one depth below here set off."""
    return max(_faults_at(depth) for depth in range(DEPTHS))


def test_calls_under_roomy_cross_no_chunk_edge() -> None:
    plain = _worst_depth()
    if plain < CALLS:
        pytest.skip(f"this Python keeps its frame chunks ({plain} faults at the worst depth)")
    assert roomy(_worst_depth) < CALLS // 5, plain


def test_roomy_passes_arguments_results_and_errors_through() -> None:
    assert roomy(divmod, 17, 5) == (3, 2)
    assert roomy(int, "ff", base=16) == 255
    with pytest.raises(ZeroDivisionError):
        roomy(divmod, 1, 0)


def test_the_room_is_only_reserved() -> None:
    """The frame is sized by its value stack, never written: 512 KiB mapped, not touched."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(20):
        roomy(_down, 5)
    touched = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    assert touched < 20 * (ROOM_SLOTS * 8 // 4096) // 10
