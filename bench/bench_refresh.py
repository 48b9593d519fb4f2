"""The whole window's refresh after one edit (issue 12 target: < 50 ms with 2,000 trips,
< 500 ms with 100,000).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_refresh [--sizes 2000,100000]
     [--runs 7] [--charts] [--profile]
For each size it builds a data folder (through `borte trips import`), opens the real
`MainWindow` on it in this process and edits one trip through the editor, as the Edit
dialog's Save does (an undoable command: the write, the change signal, every view's refresh),
then lets the window paint. `--edits`: the note (nothing the rules count) and the destination
(every rule recounts). It prints the median of `--runs` edits: from the edit until the
figures are painted (with a long history the recount runs on a worker thread), and how long
the GUI thread was held (the longest stretch the window could not repaint); with `--profile`
the functions that cost most. `--charts` opens the chart tab first, so it redraws too.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.procs import AS_OF, make_data_dir

if TYPE_CHECKING:
    from app.main import Services
    from app.services.views import TripView
    from app.ui.main_window import MainWindow

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,100000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--charts", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--edits",
        default="note,destination",
        help="note: a change no rule counts; destination: one every rule recounts",
    )
    args = parser.parse_args()

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.main import open_services
    from app.ui.main_window import MainWindow, WindowServices

    qt_app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="borte-bench-") as tmp:
        root = Path(tmp)
        for size in (int(s) for s in args.sizes.split(",")):
            folder = root / f"data-{size}"
            make_data_dir(folder, size, root)
            services = open_services(folder)
            window = MainWindow(
                WindowServices(
                    people=services.people,
                    trips=services.trips,
                    permits=services.permits,
                    settings=services.settings,
                    checklists=services.checklists,
                    data_dir=folder,
                    today=lambda: AS_OF,
                ),
                qsettings=QSettings(str(root / f"w{size}.ini"), QSettings.Format.IniFormat),
                load_panels_after_paint=False,
            )
            window.resize(1280, 800)
            window.show()
            qt_app.processEvents()
            if args.charts:
                window.show_page(window.chart_slot)
                qt_app.processEvents()
            person = services.people.default().id
            trip = services.trips.list(person)[size // 2]
            for edit in args.edits.split(","):
                trip = _measure(window, services, trip, edit, size, args)
            window.close()
            services.close()


def _measure(
    window: MainWindow,
    services: Services,
    trip: TripView,
    edit: str,
    size: int,
    args: argparse.Namespace,
) -> TripView:
    """Edit `trip` `args.runs` times; print the medians. Returns the trip as last saved."""
    from PySide6.QtWidgets import QApplication

    from app.ui.trip_dialog import TripInput
    from app.ui.undo_commands import EditTripCommand

    qt_app = QApplication.instance()
    assert qt_app is not None
    shows: list[float] = []
    real_show = window._show

    def timed_show(*a: Any, **k: Any) -> None:
        began = time.perf_counter()
        real_show(*a, **k)
        shows.append(time.perf_counter() - began)

    window._show = timed_show  # type: ignore[method-assign]
    totals: list[float] = []
    blocked: list[float] = []
    profiler = cProfile.Profile() if args.profile else None
    for run in range(args.runs):
        if edit == "note":
            entered = replace(TripInput.from_view(trip), note=f"edit {run}")
        else:
            entered = replace(
                TripInput.from_view(trip), destination="DE" if trip.destination != "DE" else "SE"
            )
        command = EditTripCommand(window.editor.ctx, trip, entered)
        shows.clear()
        if profiler is not None:
            profiler.enable()
        began = time.perf_counter()
        window.editor.run(command)
        ran = time.perf_counter() - began
        while window.updating:  # a refresh on a worker thread: wait for its figures
            qt_app.processEvents()
            time.sleep(0.001)
        qt_app.processEvents()  # the repaint
        totals.append(time.perf_counter() - began)
        if profiler is not None:
            profiler.disable()
        # The GUI thread is held by the write and the refresh (at once), or by the write and
        # the showing of what the worker thread read.
        blocked.append(ran if not shows or ran > shows[-1] else ran + shows[-1])
        trip = services.trips.get(trip.id)
    window._show = real_show  # type: ignore[method-assign]
    total, held = statistics.median(totals), statistics.median(blocked)
    print(
        f"{size:>7} trips, {edit:>11} edit: edit → figures painted {total * 1000:7.1f} ms, "
        f"GUI thread held {held * 1000:7.1f} ms{' with charts' if args.charts else ''}",
        flush=True,
    )
    if profiler is not None:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return trip


if __name__ == "__main__":
    main()
