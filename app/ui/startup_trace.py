"""Start-up timestamps for `bench/bench_startup.py`, printed only when asked for.

With `BORTE_TRACE_STARTUP=1` the window prints one line per milestone to stderr,
`borte-trace <milestone> <unix time>`, so a benchmark that noted the time before starting the
process can tell how long the user waited:

- `first-frame`: the first paint of any window of the process (the frame is on its way to the
  screen);
- `status`: the first paint after the status numbers were put on screen (`status_shown()`);
- `longest-stall`: the longest the event loop went without turning (in seconds, not a time),
  from the first frame until half a second after `status`: how long the window froze;
- and on the way, for reading a profile: `panes` (the status, trips and permits panes built),
  `data-open` (the database opened, SQLAlchemy imported) and `data-read` (the person read and
  assessed, on a worker thread).

With `BORTE_TRACE_STARTUP=exit` the process also quits after `longest-stall`, so the benchmark
needs no timeouts. With `BORTE_TRACE_MODULES=FILE` as well, the names of the modules loaded
at the first frame go to FILE (the benchmark then times a bare window importing just those).
Without the variables nothing is installed and nothing is printed.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

TRACE_ENV = "BORTE_TRACE_STARTUP"
MODULES_ENV = "BORTE_TRACE_MODULES"


def mark(milestone: str) -> None:
    """Print one milestone with the wall-clock time (the benchmark's clock, not the process's)."""
    print(f"borte-trace {milestone} {time.time():.6f}", file=sys.stderr, flush=True)


class _PaintWatcher(QObject):
    """An application-wide event filter that notes the first paints after each milestone."""

    def __init__(self, quit_after_status: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._quit = quit_after_status
        self._framed = False
        self._status_pending = False
        self._status_done = False
        # A 20 ms heartbeat: a late beat is a stall of the event loop (a frozen window).
        # (Faster beats would take the GIL from the worker threads often enough to slow them.)
        self._beat = QTimer(self)
        self._beat.setInterval(20)
        self._beat.timeout.connect(self._on_beat)
        self._last_beat = 0.0
        self.longest_stall = 0.0

    def status_shown(self) -> None:
        if not self._status_done:
            self._status_pending = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            if not self._framed:
                self._framed = True
                mark("first-frame")
                listing = os.environ.get(MODULES_ENV)
                if listing:
                    with open(listing, "w", encoding="utf-8") as out:
                        out.write("\n".join(name for name in sys.modules if name != "__main__"))
                self._last_beat = time.perf_counter()
                self._beat.start()
            if self._status_pending:
                self._status_pending = False
                self._status_done = True
                # The paint that is starting now carries the numbers; note it once it is done.
                QTimer.singleShot(0, self._on_status_painted)
        return False

    def _on_beat(self) -> None:
        now = time.perf_counter()
        self.longest_stall = max(self.longest_stall, now - self._last_beat)
        self._last_beat = now

    def _on_status_painted(self) -> None:
        mark("status")
        QTimer.singleShot(500, self._on_settled)

    def _on_settled(self) -> None:
        self._on_beat()
        self._beat.stop()
        print(f"borte-trace longest-stall {self.longest_stall:.6f}", file=sys.stderr, flush=True)
        if self._quit:
            QCoreApplication.quit()


_watcher: _PaintWatcher | None = None


def install(app: QCoreApplication) -> None:
    """Start watching paints if `$BORTE_TRACE_STARTUP` asks for it (once per process)."""
    global _watcher
    mode = os.environ.get(TRACE_ENV, "")
    if not mode or _watcher is not None:
        return
    _watcher = _PaintWatcher(quit_after_status=mode == "exit", parent=app)
    app.installEventFilter(_watcher)
    mark("qt-ready")


def milestone(name: str) -> None:
    """Note a step on the way to the numbers (only when tracing)."""
    if _watcher is not None:
        mark(name)


def status_shown() -> None:
    """The status numbers were just set: the next paint shows them."""
    if _watcher is not None:
        _watcher.status_shown()
