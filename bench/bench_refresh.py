"""The whole window's refresh after one edit (issue 12 target: < 50 ms with 2,000 trips,
< 500 ms with 100,000).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_refresh [--sizes 2000,100000]
     [--runs 7] [--charts] [--profile]
For each size it builds a data folder (through `borte trips import`), opens the real
`MainWindow` on it in this process and edits one trip's note through the editor, as the Edit
dialog's Save does (an undoable command: the write, the change signal, every view's refresh),
then lets the window paint. It prints the median of `--runs` edits, split into the write and
the window's refresh (`MainWindow.refresh`), and with `--profile` the functions that cost most.
`--charts` opens the chart tab first, so the chart panel redraws too.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bench.procs import AS_OF, make_data_dir

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,100000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--charts", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.main import open_services
    from app.ui.main_window import MainWindow, WindowServices
    from app.ui.trip_dialog import TripInput
    from app.ui.undo_commands import EditTripCommand

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
            refresh_times: list[float] = []
            real_refresh = window.refresh

            def timed_refresh(
                real: Callable[[], None] = real_refresh, times: list[float] = refresh_times
            ) -> None:
                began = time.perf_counter()
                real()
                times.append(time.perf_counter() - began)

            window.refresh = timed_refresh  # type: ignore[method-assign]
            totals: list[float] = []
            profiler = cProfile.Profile() if args.profile else None
            for run in range(args.runs):
                entered = replace(TripInput.from_view(trip), note=f"edit {run}")
                command = EditTripCommand(window.editor.ctx, trip, entered)
                if profiler is not None:
                    profiler.enable()
                began = time.perf_counter()
                window.editor.run(command)
                qt_app.processEvents()  # the repaint
                totals.append(time.perf_counter() - began)
                if profiler is not None:
                    profiler.disable()
                trip = services.trips.get(trip.id)
            total = statistics.median(totals)
            refresh = statistics.median(refresh_times)
            print(
                f"{size:>7} trips: edit → painted {total * 1000:7.1f} ms "
                f"(window refresh {refresh * 1000:7.1f} ms, write and paint "
                f"{(total - refresh) * 1000:6.1f} ms){' with charts' if args.charts else ''}",
                flush=True,
            )
            if profiler is not None:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            window.close()
            services.close()


if __name__ == "__main__":
    main()
