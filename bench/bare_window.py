"""The baseline for the start-up benchmark: a bare PySide6 window, nothing else.

It prints the same `borte-trace` lines as `BORTE_TRACE_STARTUP=exit` (first paint, then quits),
so `bench_startup.py` reads both processes the same way. `--imports FILE` first imports the
modules listed in FILE (what borte had loaded at its first frame): the floor for borte's first
frame that only fewer imports can lower.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class _FirstPaint(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            print(f"borte-trace first-frame {time.time():.6f}", file=sys.stderr, flush=True)
            QTimer.singleShot(0, _done)
        return False


def _done() -> None:
    print(f"borte-trace status {time.time():.6f}", file=sys.stderr, flush=True)
    QApplication.quit()


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--imports":
        from bench.imports_of import replay

        replay(Path(sys.argv[2]))
    app = QApplication(sys.argv[:1])
    watcher = _FirstPaint()
    # As borte's trace does (app/ui/startup_trace.py): every event, or the window's alone.
    window_only = os.environ.get("BORTE_TRACE_OBSERVER", "app") == "window"
    if not window_only:
        app.installEventFilter(watcher)
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello", window))
    window.resize(1280, 800)
    if window_only:
        window.installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
