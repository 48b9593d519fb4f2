"""Start-up timestamps for `bench/bench_startup.py`, printed only when asked for.

With `BORTE_TRACE_STARTUP=1` the window prints one line per milestone to stderr,
`borte-trace <milestone> <unix time>`, so a benchmark that noted the time before starting the
process can tell how long the user waited:

- `first-frame`: the first paint of any window of the process (the frame is on its way to the
  screen);
- `status`: the first repaint of that window after the status numbers were put on screen
  (`status_shown()`);
- `longest-stall`: the longest the event loop went without turning (in seconds, not a time),
  from the first frame until half a second after `status`: how long the window froze;
- and on the way, for reading a profile: `panes` (the status, trips and permits panes built),
  `data-open` (the database opened, SQLAlchemy imported) and `data-read` (the person read and
  assessed, on a worker thread).

With `BORTE_TRACE_STARTUP=exit` the process also quits after `longest-stall`, so the benchmark
needs no timeouts. With `BORTE_TRACE_MODULES=FILE` as well, the names of the modules loaded
at the first frame go to FILE, and those loaded when the numbers were painted to FILE.status
(the benchmark then times a bare window importing just those).
With `BORTE_TRACE_STALLS=1` as well, a thread samples the GUI thread's stack every 10 ms
while a heartbeat is late and prints, per stall over 50 ms, its length and the innermost
frames of Borte's own code it caught (`borte-stall ...` lines): where a freeze comes from.
With `BORTE_TRACE_OBSERVER=window` the first paint is watched on the main window alone
(`watch`) instead of through a filter on every event of the application: PySide wraps each
event it hands to a Python filter (and makes each event type's Python class on first sight),
which costs a start about 40 ms the user never pays. `bench/bare_window.py` reads it too.
Without the variables nothing is installed and nothing is printed.
"""

from __future__ import annotations

import collections
import os
import sys
import threading
import time
from types import FrameType

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

TRACE_ENV = "BORTE_TRACE_STARTUP"
MODULES_ENV = "BORTE_TRACE_MODULES"
STALLS_ENV = "BORTE_TRACE_STALLS"
OBSERVER_ENV = "BORTE_TRACE_OBSERVER"  # "app" (the default) or "window"


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
        kind = event.type()
        if kind == QEvent.Type.Paint or (self._framed and kind == QEvent.Type.UpdateRequest):
            if not self._framed:
                self._framed = True
                mark("first-frame")
                self._watch_only(watched)
                _note_modules("")
                self._last_beat = time.perf_counter()
                self._beat.start()
            if self._status_pending:
                self._status_pending = False
                self._status_done = True
                # The paint that is starting now carries the numbers; note it once it is done.
                QTimer.singleShot(0, self._on_status_painted)
        return False

    def _watch_only(self, painted: QObject) -> None:
        """From the first frame on, watch the painted window alone, not every event of the
        application: a Python filter on each event takes the GIL for each, which a worker
        thread holds for milliseconds at a time, and so slowed and froze what it measured.
        (Any repaint in a window reaches it as an `UpdateRequest` first.)"""
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if isinstance(painted, QWidget):
            painted.window().installEventFilter(self)

    def beat_is_late(self, by: float) -> bool:
        return self._beat.isActive() and time.perf_counter() - self._last_beat > by

    def _on_beat(self) -> None:
        now = time.perf_counter()
        self.longest_stall = max(self.longest_stall, now - self._last_beat)
        self._last_beat = now

    def _on_status_painted(self) -> None:
        mark("status")
        _note_modules(".status")
        QTimer.singleShot(500, self._on_settled)

    def _on_settled(self) -> None:
        self._on_beat()
        self._beat.stop()
        print(f"borte-trace longest-stall {self.longest_stall:.6f}", file=sys.stderr, flush=True)
        if self._quit:
            QCoreApplication.quit()


def _note_modules(suffix: str) -> None:
    """The names of the modules loaded so far into `$BORTE_TRACE_MODULES` + `suffix`."""
    listing = os.environ.get(MODULES_ENV)
    if listing:
        with open(listing + suffix, "w", encoding="utf-8") as out:
            out.write("\n".join(name for name in sys.modules if name != "__main__"))


def _where(frame: FrameType) -> str:
    """The innermost few frames of Borte's own code of a stack; in a library, the innermost
    frame first, then from which of ours."""
    ours: list[str] = []
    innermost = ""
    current: FrameType | None = frame
    while current is not None:
        code = current.f_code
        here = f"{os.path.basename(code.co_filename)}:{current.f_lineno}:{code.co_name}"
        innermost = innermost or here
        if f"{os.sep}app{os.sep}" in code.co_filename and len(ours) < 4:
            ours.append(here)
        current = current.f_back
    if not ours:
        return innermost
    if ours[0] != innermost:
        return " < ".join([innermost, *ours[:2]])
    return " < ".join(ours)


def _sample_stalls(watcher: _PaintWatcher, gui_thread: int) -> None:
    """Sample the threads while the GUI thread's heartbeat is late; print, per stall, what
    the GUI thread and the others (one of them holding the GIL, perhaps) were doing."""
    mine = threading.get_ident()
    gui: collections.Counter[str] = collections.Counter()
    others: collections.Counter[str] = collections.Counter()
    began = 0.0
    while True:
        time.sleep(0.01)
        try:
            late = watcher.beat_is_late(0.03)
        except RuntimeError:  # the application is gone
            return
        if late:
            began = began or time.perf_counter() - 0.03
            for ident, frame in sys._current_frames().items():
                if ident == gui_thread:
                    gui[_where(frame)] += 1
                elif ident != mine:
                    others[_where(frame)] += 1
        elif began:
            length = time.perf_counter() - began
            if length > 0.05:
                print(
                    f"borte-stall {length * 1000:.0f}ms gui: {_top(gui)} | others: {_top(others)}",
                    file=sys.stderr,
                    flush=True,
                )
            gui.clear()
            others.clear()
            began = 0.0


def _top(samples: collections.Counter[str]) -> str:
    return "; ".join(f"{n}× {where}" for where, n in samples.most_common(3)) or "-"


_watcher: _PaintWatcher | None = None


def install(app: QCoreApplication) -> None:
    """Start watching paints if `$BORTE_TRACE_STARTUP` asks for it (once per process)."""
    global _watcher
    mode = os.environ.get(TRACE_ENV, "")
    if not mode or _watcher is not None:
        return
    _watcher = _PaintWatcher(quit_after_status=mode == "exit", parent=app)
    if not window_observer():
        app.installEventFilter(_watcher)
    if os.environ.get(STALLS_ENV):
        gui = threading.get_ident()
        threading.Thread(target=_sample_stalls, args=(_watcher, gui), daemon=True).start()
    mark("qt-ready")


def window_observer() -> bool:
    """True when the first paint is to be watched on the main window only."""
    return os.environ.get(OBSERVER_ENV, "app") == "window"


def watch(window: QWidget) -> None:
    """With the window observer, watch `window` (before it is shown) for the first paint."""
    if _watcher is not None and window_observer():
        window.installEventFilter(_watcher)


def milestone(name: str) -> None:
    """Note a step on the way to the numbers (only when tracing)."""
    if _watcher is not None:
        mark(name)


def status_shown() -> None:
    """The status numbers were just set: the next paint shows them."""
    if _watcher is not None:
        _watcher.status_shown()
