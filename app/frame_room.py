"""Calls run with room on CPython's frame stack, so the frames below them are not mapped and
unmapped again and again.

CPython (3.11 and later) keeps each thread's Python frames in chunks of 16 KiB, and hands a
chunk back to the operating system (munmap) as soon as the frame at its base returns. Code that
calls and returns across a chunk's edge in a loop maps and unmaps 16 KiB each time, and faults
fresh pages in each time. Measured under strace: 3,200 such pairs, about 70 ms of kernel time,
while the window's first read imported numpy and the rules (which import deep, at just such an
edge), and 1,000–1,400 in every command.

`roomy(work, ...)` calls `work` from a frame that reserves 512 KiB of value stack. CPython then
makes one chunk large enough for it and puts the frames of everything `work` calls in the rest
of that chunk: an edge is crossed only below some thousands of frames. The reserved slots are
never written, so the memory is only mapped, never touched.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_T = TypeVar("_T")

ROOM_SLOTS = 1 << 16  # value-stack slots of 8 bytes: 512 KiB


def _call(work: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    return work(*args, **kwargs)


# The same function with a larger value stack than it needs: the frame is sized from it.
_roomy = types.FunctionType(
    _call.__code__.replace(co_stacksize=ROOM_SLOTS), _call.__globals__, "roomy"
)


def roomy(work: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    """`work(*args, **kwargs)`, with its frames (and theirs) in one large chunk."""
    result: _T = _roomy(work, *args, **kwargs)
    return result
