"""One window, each tab opened in turn: the longest event-loop stall for each (issue 12).

Run by `bench/bench_tabs.py` in a fresh process per measurement:
    python bench/tab_stalls.py DATA_DIR
It opens the window on DATA_DIR as `borte` does (the data read on a worker thread), waits until
the numbers are on screen and the window has settled, then switches to each tab in turn
(permits, charts, planner, back to trips) and prints one JSON object: for each tab, the longest
gap of a 20 ms heartbeat while the tab opened and filled in (`SETTLE_S`), in seconds. The chart
and planner panels are built when first shown, so each switch is a first opening.

Self-contained (only `app` and PySide6), so it also runs against an older checkout on
PYTHONPATH.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

SETTLE_S = 2.5  # long enough for the planner's worker and strip at 100,000 trips
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
            run_for(SETTLE_S)
            stalls[name] = beat.stop()
        print(json.dumps(stalls))
        window.close()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
