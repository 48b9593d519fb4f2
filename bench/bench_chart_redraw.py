"""Chart redraw speed after one trip is edited, with 2,000 trips on record.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_chart_redraw
An offscreen `ChartPanel` (1000 × 600) shows the rolling 365-day chart. Each run edits one trip
(a new `Profile`, as the main window gets after a save), calls `show_evaluation` and waits until
the canvas has painted. Prints the median and 90th percentile over the runs, for the default
chart and range (the target, issue 4: under 50 ms), then for reference a full redraw (a new range)
and an edit on every chart and range.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import replace
from datetime import timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402 - after choosing the Qt platform

from app.services.charts import CHARTS, ChartId  # noqa: E402
from app.services.profile import Profile  # noqa: E402
from app.services.series import RANGE_CHOICES, RangeChoice  # noqa: E402
from app.ui.chart_panel import ChartPanel  # noqa: E402
from bench.bench_rules import synthetic_profile  # noqa: E402

RUNS = 30
TARGET_MS = 50.0


def edited(profile: Profile, run: int) -> Profile:
    """The profile with one trip in the middle of the record one day longer or shorter."""
    trips = list(profile.trips)
    index = len(trips) // 2 + run % 50
    trip = trips[index]
    assert trip.return_date is not None
    trips[index] = replace(trip, return_date=trip.return_date + timedelta(days=run % 2))
    return replace(profile, trips=tuple(trips))


def wait_for_paint(app: QApplication, panel: ChartPanel, paints: int) -> None:
    """Process events until the canvas has painted at least once more."""
    deadline = time.perf_counter() + 5
    while panel.chart_widget.paints <= paints:
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("the canvas did not paint")


def measure(
    app: QApplication, panel: ChartPanel, profile: Profile, as_of: object, runs: int = RUNS
) -> tuple[float, float, int]:
    """Median and 90th-percentile ms from `show_evaluation` to the paint; fast redraws."""
    times: list[float] = []
    fast_before = panel.chart_widget.fast_draws
    for run in range(runs):
        changed = edited(profile, run)
        paints = panel.chart_widget.paints
        began = time.perf_counter()
        panel.show_evaluation(changed, as_of, "inclusive")  # type: ignore[arg-type]
        wait_for_paint(app, panel, paints)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return (
        statistics.median(times),
        times[int(len(times) * 0.9) - 1],
        (panel.chart_widget.fast_draws - fast_before),
    )


def main() -> None:
    """Print the figures."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    profile, as_of = synthetic_profile(2_000)
    panel = ChartPanel()
    panel.resize(1000, 600)
    panel.show()
    paints = panel.chart_widget.paints
    panel.show_evaluation(profile, as_of, "inclusive")
    wait_for_paint(app, panel, paints)

    median, p90, fast = measure(app, panel, profile, as_of)
    verdict = "meets" if median < TARGET_MS else "MISSES"
    print(
        f"2,000 trips, rolling 365-day chart, {panel.range_choice}: median {median:.1f} ms, "
        f"p90 {p90:.1f} ms over {RUNS} edits ({fast} data-only redraws); {verdict} the "
        f"{TARGET_MS:.0f} ms target"
    )
    full: list[float] = []
    for run in range(10):
        paints = panel.chart_widget.paints
        began = time.perf_counter()
        panel.set_range("last_year" if run % 2 == 0 else "last_3_years")
        wait_for_paint(app, panel, paints)
        full.append((time.perf_counter() - began) * 1000)
    print(
        f"For reference, a full redraw (new range: layout, ticks, text): median "
        f"{statistics.median(full):.1f} ms"
    )
    print(f"{'chart':<12} {'range':<15} {'median ms':>10} {'p90 ms':>8} {'fast':>5}")
    chart_id: ChartId
    choice: RangeChoice
    for chart_id, _title in CHARTS:
        panel.set_chart(chart_id)
        for choice, _label in RANGE_CHOICES:
            panel.set_range(choice)
            wait_for_paint(app, panel, panel.chart_widget.paints - 1)
            median, p90, fast = measure(app, panel, profile, as_of, runs=10)
            print(f"{chart_id:<12} {choice:<15} {median:>10.1f} {p90:>8.1f} {fast:>5}")
    panel.close()


if __name__ == "__main__":
    main()
