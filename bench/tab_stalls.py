"""One window, each tab opened in turn: the longest event-loop stall for each (issue 12).

Run by `bench/bench_tabs.py` in a fresh process per measurement:
    python bench/tab_stalls.py DATA_DIR
It opens the window on DATA_DIR as `borte` does (the data read on a worker thread), waits until
the numbers are on screen and the window has settled, then switches to each tab in turn
(permits, charts, planner, back to trips) and prints one JSON object: for each tab, the longest
gap of a 20 ms heartbeat while the tab opened and filled in (its panel built, the chart drawn,
the planner's answer and strip in) and `SETTLE_S` after, in seconds. The chart and planner
panels are built when first shown, so each switch is a first opening.

Self-contained (only `app` and PySide6), so it also runs against an older checkout on
PYTHONPATH.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

SETTLE_S = 0.5  # after a tab has filled in, for what its paints and timers still do
FILL_TIMEOUT_S = 120.0
TABS = (("permits", 1), ("charts", 2), ("planner", 3), ("trips", 0))


class Heartbeat:
    """A 20 ms timer; a late beat is a stall of the event loop."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._beat)
        self.last = 0.0
        self.longest = 0.0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def _beat(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def stop(self) -> float:
        self._beat()
        self.timer.stop()
        return self.longest


def run_for(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def filled(window: Any, name: str) -> bool:
    """Whether the tab on show has its content (older checkouts lack some of these names)."""
    slot = window.tabs.currentWidget()
    if not getattr(slot, "loaded", True):
        return False
    panel = getattr(slot, "panel", None)
    if name == "charts":
        return panel is not None and panel.chart_widget.paints > 0
    if name == "planner":
        return (
            panel is not None
            and not getattr(panel, "preparing", False)
            and panel.answer is not None
            and panel.strip.done
        )
    return True


def main() -> int:
    data_dir = Path(sys.argv[1])
    qt_app = QApplication([])
    from app.main import open_services, today
    from app.ui.main_window import MainWindow, WindowServices

    services = open_services(data_dir)
    window_services = WindowServices(
        people=services.people,
        trips=services.trips,
        permits=services.permits,
        settings=services.settings,
        checklists=services.checklists,
        data_dir=services.data_dir,
        today=today,
    )
    with tempfile.TemporaryDirectory() as tmp:
        qsettings = QSettings(str(Path(tmp) / "window.ini"), QSettings.Format.IniFormat)
        window = MainWindow(None, qsettings=qsettings, load_panels_after_paint=False)
        window.resize(1280, 800)
        window.show()
        while not window.has_painted():
            qt_app.processEvents()
        window.attach(window_services, background=True)
        while window.loading or getattr(window.status_panel, "building", False):
            run_for(0.05)
        run_for(1.0)
        stalls: dict[str, float] = {}
        beat = Heartbeat()
        for name, index in TABS:
            beat.start()
            QTimer.singleShot(0, lambda index=index: window.tabs.setCurrentIndex(index))
            deadline = time.monotonic() + FILL_TIMEOUT_S
            run_for(0.05)
            while not filled(window, name) and time.monotonic() < deadline:
                run_for(0.05)
            run_for(SETTLE_S)
            stalls[name] = beat.stop()
        print(json.dumps(stalls))
        window.close()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
