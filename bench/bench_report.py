"""PDF report speed: a 20-year history of 2,000 trips (target, issue 5: under 2 s).

Run: .venv/bin/python -m bench.bench_report [--skip-cli]
Prints
- `build_report` in this process: the first call (fonts, caches) and the median of warm calls,
  and warm calls with the charts' helper process (report/chart_forms.py) allowed and not;
- where the time goes: the engine's figures, the six charts, the trip list;
- the ways of putting a chart in the PDF: SVG parsed by svglib, and matplotlib's own PDF
  output (its layout and drawing with no renderer of ours), against drawing the figure straight
  onto the canvas (`app/services/report/vector.py`);
- the trip list as one 2,000-row reportlab `Table` against `TripList`;
- `borte report` as a whole process (imports, database, report), best of three.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile, TripSpan

DESTINATIONS = ("SE", "DE", "ES", "GB", "US", "SJ", "TH", "DK", "FR", "GS", "CD")
TARGET_S = 2.0
AS_OF = date(2025, 12, 31)
REPO = Path(__file__).resolve().parents[1]


def twenty_years(trips: int = 2_000, seed: int = 5) -> tuple[Profile, date]:
    """`trips` trips spread evenly over the 20 years to 2025-12-31 (a departure every ~3.7
    days, 0–2 nights away), a work permit from the start, and the last three trips planned."""
    rng = random.Random(seed)
    start = AS_OF - timedelta(days=20 * 365 + 4)
    step = (AS_OF - start).days / trips
    spans = []
    for i in range(trips):
        left = start + timedelta(days=int(i * step))
        spans.append(
            TripSpan(left, left + timedelta(days=rng.randint(0, 2)), rng.choice(DESTINATIONS))
        )
    # Move the last three past the evaluation date: planned trips.
    for offset, i in enumerate(range(trips - 3, trips)):
        left = AS_OF + timedelta(days=10 + 7 * offset)
        spans[i] = TripSpan(left, left + timedelta(days=3), spans[i].destination)
    permits = (PermitSpan(PermitKind.WORK, start, None),)
    return Profile(tuple(spans), permits, KeyDates(arrived_on=start)), AS_OF


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def median_s(action: Callable[[], object], runs: int) -> float:
    return statistics.median(timed(action) for _ in range(runs))


def bench_build(profile: Profile, as_of: date, folder: Path) -> None:
    from app.services.report import build_report

    path = folder / "report.pdf"

    def build() -> None:
        build_report(profile, "Åse Ødegård", [], as_of, as_of, "inclusive", path=path)

    first = timed(build)
    warm = median_s(build, 5)
    from app.services.report import content as report_content

    gather = median_s(
        lambda: report_content.gather(profile, "Åse", [], as_of, as_of, "inclusive"), 5
    )
    pages = _pages(path)
    status = "OK" if max(first, warm) < TARGET_S else "OVER TARGET"
    print(
        f"build_report, {len(profile.trips):,} trips, {pages} pages, {path.stat().st_size:,} bytes"
    )
    print(f"  first call in process  {first * 1000:7.0f} ms")
    print(f"  warm (median of 5)     {warm * 1000:7.0f} ms   target < {TARGET_S:.0f} s: {status}")
    print(f"  of which the figures   {gather * 1000:7.0f} ms   (engine, series, masks)")
    bench_helper(build)


def bench_helper(build: Callable[[], None]) -> None:
    """Warm builds with the charts' helper process allowed and not, taken in turn."""
    from app.services.report import chart_forms

    if not chart_forms.may_fork():
        print("  (no chart helper here: one core, threads running, Qt loaded or not Linux)")
        return
    times: dict[bool, list[float]] = {True: [], False: []}
    may_fork = chart_forms.may_fork
    try:
        for _ in range(5):
            for allowed in (True, False):
                chart_forms.may_fork = lambda allowed=allowed: allowed  # type: ignore[misc]
                times[allowed].append(timed(build))
    finally:
        chart_forms.may_fork = may_fork  # type: ignore[misc]
    helper, alone = (statistics.median(times[allowed]) for allowed in (True, False))
    print(
        f"  warm, charts beside in a helper {helper * 1000:5.0f} ms, all here"
        f" {alone * 1000:5.0f} ms  ({helper / alone:.2f}×, taken in turn, medians of 5)"
    )


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def bench_charts(profile: Profile, as_of: date) -> None:
    import matplotlib
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas
    from svglib.fonts import register_font
    from svglib.svglib import svg2rlg

    from app.services.charts import prepare_chart
    from app.services.report import fonts
    from app.services.report.builder import CHART_HEIGHT, SHOWN_CHARTS
    from app.services.report.content import gather
    from app.services.report.vector import draw_figure

    fonts.register_fonts()
    folder = fonts.font_folder()
    register_font("DejaVu Sans", str(folder / "DejaVuSans.ttf"), rlgFontName=fonts.REGULAR)
    register_font(
        "DejaVu Sans", str(folder / "DejaVuSans-Bold.ttf"), weight="bold", rlgFontName=fonts.BOLD
    )
    # The report's own source and span (report_span takes the period covered, not a source).
    content = gather(profile, "A", [], as_of, as_of, "inclusive")
    source, span = content.source, content.span
    width, height = 495.0, CHART_HEIGHT
    print("Charts, per chart: prepare + figure, then into the PDF (ms)")
    print(
        f"  {'chart':12} {'figure':>7} {'direct':>7} {'svg save':>9} {'svglib':>7} {'draw':>6}"
        f" {'pdf save':>9}"
    )
    totals = [0.0, 0.0, 0.0, 0.0]
    for chart_id in SHOWN_CHARTS:

        def figure(chart_id: str = chart_id) -> object:
            return prepare_chart(
                chart_id, source, span, show_alternative=chart_id == "rolling"
            ).figure((width / 72, height / 72))

        make = median_s(figure, 3)
        canvas = Canvas(io.BytesIO())

        def direct_draw(canvas: Canvas = canvas, figure: Callable[[], object] = figure) -> None:
            draw_figure(figure(), canvas, 0, 0, width, height)

        direct = median_s(direct_draw, 3) - make
        buffer = io.BytesIO()
        fig = figure()
        began = time.perf_counter()
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            fig.savefig(buffer, format="svg")
        save = time.perf_counter() - began
        buffer.seek(0)
        began = time.perf_counter()
        drawing = svg2rlg(buffer)
        parse = time.perf_counter() - began
        began = time.perf_counter()
        renderPDF.draw(drawing, canvas, 0, 0)
        draw = time.perf_counter() - began
        # matplotlib's own PDF of the same figure: what the layout and drawing cost with no
        # renderer of ours (the floor for "the charts cost less" without fewer artists).
        pdf = median_s(lambda: figure().savefig(io.BytesIO(), format="pdf"), 3) - make
        totals[0] += make + direct
        totals[1] += make + save + parse + draw
        totals[2] += make
        totals[3] += make + pdf
        print(
            f"  {chart_id:12} {make * 1000:7.0f} {direct * 1000:7.0f} {save * 1000:9.0f} "
            f"{parse * 1000:7.0f} {draw * 1000:6.0f} {pdf * 1000:9.0f}"
        )
    print(
        f"  six charts: direct {totals[0] * 1000:.0f} ms, via SVG + svglib "
        f"{totals[1] * 1000:.0f} ms, matplotlib's own PDF {totals[3] * 1000:.0f} ms "
        f"(figures alone {totals[2] * 1000:.0f} ms)"
    )


def bench_trip_list(profile: Profile, as_of: date) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from app.services.report import fonts
    from app.services.report.content import gather
    from app.services.report.tables import (
        TRIP_SHARES,
        _base_style,
        make_styles,
        trip_header,
        trip_tables,
        widths,
    )

    fonts.register_fonts()
    content = gather(profile, "A", [], as_of, as_of, "inclusive")
    styles = make_styles()
    width = A4[0] - 100

    def paged() -> None:
        story = trip_tables(content, width, styles)
        SimpleDocTemplate(io.BytesIO(), pagesize=A4).build(story)

    def single() -> None:
        rows = [cells for cells in _rows(content)]
        table = Table(
            [trip_header(content), *rows],
            colWidths=widths(width, TRIP_SHARES),
            repeatRows=1,
            style=TableStyle(_base_style((0, 5, 6, 7))),
        )
        SimpleDocTemplate(io.BytesIO(), pagesize=A4).build([table])

    def _rows(content: object) -> list[list[str]]:
        return [
            [
                str(t.number),
                t.departure.isoformat(),
                str(t.return_date),
                t.destination,
                t.purpose,
                str(t.days_inclusive),
                str(t.days_whole),
                str(t.count_365),
                t.note,
            ]
            for t in content.trips
        ]

    print(f"Trip list alone, {len(content.trips):,} rows (median of 3)")
    print(f"  TripList (drawn directly)        {median_s(paged, 3) * 1000:6.0f} ms")
    print(f"  one reportlab Table, repeatRows  {median_s(single, 3) * 1000:6.0f} ms")


def bench_cli(profile: Profile, as_of: date, folder: Path) -> None:
    """`borte report` as a process, on a data folder holding the same trips."""
    data = folder / "data"
    csv = folder / "trips.csv"
    lines = ["departure,return,destination,note"]
    lines += [f"{t.departure},{t.return_date},{t.destination}," for t in profile.trips]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "BORTE_TODAY": as_of.isoformat(), "XDG_STATE_HOME": str(folder / "s")}
    borte = [sys.executable, "-m", "app"]

    def run(*args: str) -> None:
        subprocess.run(
            [*borte, *args, "--data-dir", str(data)],
            env=env,
            check=True,
            cwd=REPO,
            capture_output=True,
        )

    run("trips", "import", str(csv))
    run("permits", "add", "--kind", "work", "--from", profile.permits[0].valid_from.isoformat())
    run("dates", "set", "arrival", profile.permits[0].valid_from.isoformat())
    times = [timed(lambda: run("report", str(folder / "cli.pdf"))) for _ in range(3)]
    print(
        f"borte report FILE.pdf as a process (imports, database, report): best of 3 "
        f"{min(times) * 1000:.0f} ms, median {statistics.median(times) * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-cli", action="store_true", help="leave out the process timing")
    args = parser.parse_args()
    profile, as_of = twenty_years()
    first, last = profile.trips[0].departure, profile.trips[-1].return_date
    print(f"History: {len(profile.trips):,} trips from {first} to {last}, evaluated on {as_of}")
    with tempfile.TemporaryDirectory() as folder:
        bench_build(profile, as_of, Path(folder))
        print()
        bench_charts(profile, as_of)
        print()
        bench_trip_list(profile, as_of)
        if not args.skip_cli:
            print()
            bench_cli(profile, as_of, Path(folder))


if __name__ == "__main__":
    main()
