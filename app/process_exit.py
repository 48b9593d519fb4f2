"""The end of a `borte` process: it leaves without taking its objects apart one by one.

A Python process that ends the usual way, after its exit handlers, empties every module and
runs the garbage collector over all they held. For `borte status` that is some 100,000 objects
(SQLAlchemy's and numpy's classes and caches, the data just read) and about a fifth of the
whole run (measured 0.41 → 0.32 s with 25 trips): time the user waits for the prompt, and a
tool reading the output waits for its end, to free memory the operating system takes back at
once anyway.

So `leave` does what the usual way out does that matters: it runs the exit handlers
(`logging`'s flush, `weakref.finalize` clean-ups), flushes stdout and stderr (output that
cannot be written is reported as a command reports it, `app.cli.context.OutputError`), and
then ends the process with `os._exit`. Every command has closed its files and its database
before it returns, so nothing is lost. It takes the usual way out instead while another thread
runs (Python would wait for it) or once Qt has been loaded (the window's objects want their
destructors).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from typing import TextIO

from app.process_state import no_threads_no_qt

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a reader that went away
EXIT_FLUSH_FAILED = 2  # as `app.cli` reports output it could not write: a problem to fix


def leave(code: int) -> int:
    """End the process with `code`, skipping the teardown when `no_threads_no_qt()`.

    Returns `code` (for `sys.exit`) only when the process must leave the usual way.
    """
    if not no_threads_no_qt():
        return code
    # The usual exit runs these too, in the same order (after waiting for other threads).
    atexit._run_exitfuncs()
    code = _flushed(sys.stdout, code)
    code = _flushed(sys.stderr, code)
    os._exit(code)


def _flushed(stream: TextIO | None, code: int) -> int:
    """Flush `stream`; the exit code to report: `code`, or 141 or 2 if it was 0 and that failed."""
    if stream is None:  # a window program on Windows has no console streams
        return code
    try:
        stream.flush()
    except BrokenPipeError:
        return code or EXIT_BROKEN_PIPE  # nobody left to read a message
    except (OSError, ValueError) as exc:  # a full disk under `> file`; a stream closed
        from app.cli.context import output_not_written, printable

        if sys.stderr is not None and stream is not sys.stderr:
            with contextlib.suppress(OSError, ValueError):
                print(f"borte: {printable(output_not_written(exc))}", file=sys.stderr)
        return code or EXIT_FLUSH_FAILED
    return code
