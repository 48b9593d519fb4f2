"""The chart builders, read back from what they drew: line data equals the engine's daily
series, limit lines sit at the rule's limits, planned days are dashed, markers name the right
dates, and an empty history says so. Figures are built without pyplot and rendered with Agg."""

from __future__ import annotations

import io
from datetime import date, timedelta

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.lines import Line2D
from matplotlib.text import Text

from app.services.charts import (
    CHARTS,
    allowance_figure,
    draw_allowance,
    draw_citizenship_years,
    draw_permanent_residence,
    draw_rolling_absence,
    draw_schengen,
    draw_trip_timeline,
    prepare_chart,
    rolling_absence_figure,
)
from app.services.charts._style import FONT, date_num, day_of, draw_message, nice_top, titles
from app.services.charts.counts import count_hover
from app.services.charts.timeline import timeline_hover
from app.services.charts.years import year_hover
from app.services.engine import evaluate
from app.services.profile import Profile, TripSpan
from app.services.series import (
    NO_TRIPS,
    ChartSource,
    DateRange,
    allowance,
    citizenship_years,
    permanent_residence_window,
    rolling_absence,
    schengen_days,
    trip_timeline,
)
from tests.unit.test_series import EXAMPLES, realistic_history

D = date


def _axes(figsize: tuple[float, float] = (10, 5.6)) -> Axes:
    figure = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(figure)
    return figure.add_subplot()


def _line(ax: Axes, gid: str) -> Line2D:
    found = [line for line in ax.lines if line.get_gid() == gid]
    assert len(found) == 1, f"{gid}: {[line.get_gid() for line in ax.lines]}"
    return found[0]


def _texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.findobj(Text)]


def _render(ax: Axes) -> None:
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    figure.savefig(io.BytesIO(), format="png", dpi=40)


def _source(name: str, convention: str = "inclusive") -> ChartSource:
    profile, as_of = EXAMPLES[name]
    return ChartSource(profile, as_of, convention)  # type: ignore[arg-type]


# --- Rolling 365 days -------------------------------------------------------------------------


def test_rolling_line_is_the_engine_series_and_the_limit_is_182() -> None:
    source = _source("E2")
    data = rolling_absence(source, source.span("all"))
    ax = _axes()
    draw_rolling_absence(ax, data)
    record = _line(ax, "record")
    assert data.record is not None
    x, y = record.get_xydata().T
    assert x[0] == date2num(data.record.start)
    assert np.array_equal(np.diff(x), np.ones(len(x) - 1))  # one point a day
    assert np.array_equal(y, data.record.values)
    rule = evaluate(*EXAMPLES["E2"]).rule("temporary-365")
    assert rule is not None
    assert y[-1] == rule.days_abroad  # the last recorded day is as_of
    assert y.max() == rule.peak_days
    assert record.get_linestyle() == "-"
    assert list(_line(ax, "limit").get_ydata()) == [182, 182]
    assert list(_line(ax, "today").get_xdata()) == [date2num(D(2025, 9, 30))] * 2
    assert ax.get_ylim()[1] >= 182 * 1.15
    _render(ax)


def test_rolling_first_breach_is_annotated() -> None:
    source = _source("E2")
    ax = _axes()
    draw_rolling_absence(ax, rolling_absence(source, source.span("all")))
    assert "First over the 182-day limit\n2025-08-11: 183 days" in _texts(ax)
    marker = _line(ax, "marker")
    assert list(marker.get_xydata()[0]) == [date2num(D(2025, 8, 11)), 183]


def test_rolling_breach_outside_the_range_is_written_under_the_title() -> None:
    profile, _ = EXAMPLES["E2"]
    source = ChartSource(profile, D(2026, 10, 1))
    span = DateRange(D(2026, 1, 1), D(2026, 10, 1))
    ax = _axes()
    draw_rolling_absence(ax, rolling_absence(source, span))
    lines = "\n".join(_texts(ax)).split("\n")
    assert "First over the 182-day limit: 2025-08-11, before this range." in lines
    assert not [line for line in ax.lines if line.get_gid() == "marker"]


def test_planned_days_are_dashed_and_start_today() -> None:
    source = _source("E7")  # the New Year trip is planned
    data = rolling_absence(source, source.span("next_12_months"))
    ax = _axes()
    draw_rolling_absence(ax, data)
    planned = _line(ax, "planned")
    assert planned.get_linestyle() == "--"
    assert _line(ax, "record").get_linestyle() == "-"
    x, y = planned.get_xydata().T
    assert x[0] == date2num(D(2025, 6, 30))
    assert data.planned is not None
    assert np.array_equal(y, data.planned.values)
    assert y[(D(2026, 1, 3) - D(2025, 6, 30)).days] == 8  # 2024 has left the window
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()][:2] == ["Recorded", "With planned trips"]


def test_whole_days_line_is_dotted_and_only_on_request() -> None:
    source = _source("E2")
    data = rolling_absence(source, source.span("all"))
    plain, toggled = _axes(), _axes()
    draw_rolling_absence(plain, data)
    draw_rolling_absence(toggled, data, show_alternative=True)
    assert "alternative" not in [line.get_gid() for line in plain.lines]
    alternative = _line(toggled, "alternative")
    assert alternative.get_linestyle() == ":"
    assert alternative.get_ydata().max() == 180  # E2: no breach counting whole days
    legend = toggled.get_legend()
    assert legend is not None
    assert "If only whole days abroad count" in [t.get_text() for t in legend.get_texts()]


def test_states_are_written_and_hatched_not_only_coloured() -> None:
    source = _source("E2")
    ax = _axes()
    draw_rolling_absence(ax, rolling_absence(source, source.span("all")))
    assert "Over the limit" in _texts(ax)
    hatched = [p.get_hatch() for p in ax.patches if p.get_hatch()]
    assert "x" in hatched
    assert ".." in hatched  # the close-to-the-limit band


# --- Permanent residence ----------------------------------------------------------------------


def test_pr_chart_has_the_210_and_215_lines_and_the_qualifying_date() -> None:
    source = _source("E5")
    data = permanent_residence_window(source, source.span("next_12_months"))
    ax = _axes()
    draw_permanent_residence(ax, data)
    assert list(_line(ax, "limit").get_ydata()) == [210, 210]
    assert list(_line(ax, "lenient-limit").get_ydata()) == [215, 215]
    assert _line(ax, "lenient-limit").get_linestyle() == "--"
    rule = evaluate(*EXAMPLES["E5"]).rule("permanent-residence")
    assert rule is not None
    assert rule.earliest_met is not None
    assert list(_line(ax, "goal").get_xdata()) == [date2num(rule.earliest_met)] * 2
    assert f"Qualifies from\n{rule.earliest_met.isoformat()}" in _texts(ax)
    planned = _line(ax, "planned")
    # rules.md E5: 217 days on 2025-10-01 with the planned trip.
    assert planned.get_ydata()[(D(2025, 10, 1) - D(2025, 9, 1)).days] == 217
    assert any(t.startswith("With your plans: over the limit") for t in _texts(ax))


def test_pr_chart_of_a_pr_holder_says_why_instead_of_an_empty_box() -> None:
    source = _source("E9a")
    ax = _axes()
    draw_permanent_residence(ax, permanent_residence_window(source, source.span("all")))
    assert "You already hold permanent residence." in _texts(ax)
    assert not ax.axison
    assert not ax.lines


# --- Schengen ---------------------------------------------------------------------------------


def test_schengen_line_and_limit() -> None:
    source = _source("E10")
    data = schengen_days(source, source.span("all"))
    ax = _axes()
    draw_schengen(ax, data)
    y = _line(ax, "record").get_ydata()
    assert y[-1] == 90
    assert list(_line(ax, "limit").get_ydata()) == [90, 90]
    assert any("A fresh 90-day stay is possible from 2025-09-13." in t for t in _texts(ax))


# --- Citizenship ------------------------------------------------------------------------------


def _bars(ax: Axes, gid: str) -> dict[float, tuple[float, float]]:
    """Bar centre → (bottom, top) of a bar collection."""
    found: dict[float, tuple[float, float]] = {}
    for collection in ax.collections:
        if collection.get_gid() == gid:
            assert isinstance(collection, PolyCollection)
            for path in collection.get_paths():
                xs, ys = path.vertices[:, 0], path.vertices[:, 1]
                centre = (float(xs.min()) + float(xs.max())) / 2
                found[round(centre, 3)] = (float(ys.min()), float(ys.max()))
    return found


def test_citizenship_bars_mark_the_deducted_year() -> None:
    source = _source("E7")
    data = citizenship_years(source, DateRange(D(2023, 1, 1), D(2026, 12, 31)))
    ax = _axes()
    draw_citizenship_years(ax, data)
    assert _bars(ax, "record-red") == {2024.0: (0.0, 73.0)}
    assert _bars(ax, "planned") == {2025.0: (0.0, 5.0), 2026.0: (0.0, 3.0)}
    assert "73\ndeducted" in _texts(ax)
    assert list(_line(ax, "limit").get_ydata()) == [58, 58]
    assert list(_line(ax, "lenient-limit").get_ydata()) == [62, 62]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "2025\n(so far)" in labels


def test_citizenship_hover_names_the_year() -> None:
    data = citizenship_years(_source("E7"), DateRange(D(2024, 1, 1), D(2025, 12, 31)))
    assert year_hover(data, 2024.1, 30) == (
        "2024: 73 days abroad, all of them deducted from the residence time"
    )
    assert year_hover(data, 2025.0, 3) == "2025: 0 days abroad + 5 planned, not deducted"
    assert year_hover(data, 2024.5, 3) is None  # between the bars


# --- Allowance --------------------------------------------------------------------------------


def test_allowance_bars_are_the_share_of_each_limit_with_numbers() -> None:
    source = _source("E5")
    data = allowance(source)
    ax = _axes()
    draw_allowance(ax, data)
    used = [p for p in ax.patches if p.get_gid() == "used"]
    assert [round(p.get_width(), 4) for p in used] == [
        round(r.used / r.limit, 4) for r in data.rows
    ]
    assert used[1].get_facecolor()[:3] == pytest.approx((0, 0x9E / 255, 0x73 / 255))  # green
    planned = [p for p in ax.patches if p.get_gid() == "planned"]
    assert all(p.get_linestyle() == "--" for p in planned)
    texts = _texts(ax)
    assert any(
        t.startswith("208 of 210 days · 2 left · OK") and "217 · Over the limit" in t for t in texts
    )
    assert list(_line(ax, "limit").get_xdata()) == [1.0, 1.0]


def test_allowance_for_an_empty_history_says_no_trips() -> None:
    ax = _axes()
    draw_allowance(ax, allowance(ChartSource(Profile(), D(2025, 6, 30))))
    assert NO_TRIPS in _texts(ax)
    # No permit recorded: the 182-day rule waits for one (as in the status), Schengen holds.
    assert any("(Schengen 90/180)" in t for t in _texts(ax))


# --- Trip timeline ----------------------------------------------------------------------------


def test_timeline_bars_by_schengen_and_planned_dashed() -> None:
    profile = Profile(
        (
            TripSpan(D(2025, 1, 1), D(2025, 1, 20), "SE"),
            TripSpan(D(2025, 2, 1), D(2025, 2, 3), "AX"),  # Åland: Schengen, name with Å
            TripSpan(D(2025, 3, 1), D(2025, 3, 30), "US"),
            TripSpan(D(2025, 8, 1), D(2025, 8, 20), "DK"),
        )
    )
    source = ChartSource(profile, D(2025, 6, 30))
    data = trip_timeline(source, source.span("all"))
    ax = _axes()
    draw_trip_timeline(ax, data)
    done = [c for c in ax.collections if c.get_gid() == "done"]
    planned = [c for c in ax.collections if c.get_gid() == "planned"]
    assert len(done) == 2  # a Schengen row and an outside row
    assert len(planned) == 1
    assert planned[0].get_linestyle()[0][1] is not None  # dashed
    first = done[0].get_paths()[0].vertices
    assert first[:, 0].min() == date2num(D(2025, 1, 1))
    assert first[:, 0].max() == date2num(D(2025, 1, 21))  # through the end of the return day
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Schengen", "Outside Schengen"]
    # Each trip is labelled: by name where the bar is wide enough, else by its code.
    texts = set(_texts(ax))
    for name, code in (
        ("Sweden", "SE"),
        ("Åland Islands", "AX"),
        ("United States", "US"),
        ("Denmark", "DK"),
    ):
        assert name in texts or code in texts, name
    assert "Sweden" in texts
    hover = timeline_hover(data, date_num(D(2025, 3, 10)) + 0.5, 1.0)
    assert hover == "United States (US): 2025-03-01 → 2025-03-30, 30 calendar days"
    _render(ax)  # DejaVu Sans has Å: no missing-glyph warning (warnings are errors)


# --- Every chart, every example ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty", *EXAMPLES, "twenty_years"])
def test_every_chart_draws_for_every_example(name: str) -> None:
    if name == "empty":
        profile, as_of = Profile(), D(2025, 6, 30)
    elif name == "twenty_years":
        profile, as_of = realistic_history(), D(2026, 6, 30)
    else:
        profile, as_of = EXAMPLES[name]
    source = ChartSource(profile, as_of)
    for chart_id, _title in CHARTS:
        chart = prepare_chart(chart_id, source, source.span("all"), show_alternative=True)
        figure = chart.figure((8, 4.5))
        texts = [t.get_text() for t in figure.findobj(Text)]
        if name == "empty":
            # A sentence in the middle instead of an empty box: "No trips yet", or why the
            # rule cannot be charted (no permit recorded for permanent residence).
            assert [t for t in figure.findobj(Text) if t.get_gid() == "message"], chart_id
            assert not figure.axes[0].axison
        else:
            assert not any(t == NO_TRIPS for t in texts), chart_id
        if name in ("empty", "E2") or (name == "twenty_years" and chart_id == "timeline"):
            figure.savefig(io.BytesIO(), format="png", dpi=40)


def test_figures_save_as_png_and_svg_without_pyplot() -> None:
    source = _source("E2")
    span = source.span("all")
    for figure in (
        rolling_absence_figure(rolling_absence(source, span), figsize=(6, 3.4)),
        allowance_figure(allowance(source), figsize=(6, 3.4)),
    ):
        assert isinstance(figure, Figure)
        png, svg = io.BytesIO(), io.BytesIO()
        figure.savefig(png, format="png", dpi=40)
        figure.savefig(svg, format="svg")
        assert png.getvalue().startswith(b"\x89PNG")
        assert b"<svg" in svg.getvalue()


# --- Axes and tooltips ------------------------------------------------------------------------


def _tick_labels_do_not_overlap(ax: Axes) -> list[str]:
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    labels = [t for t in ax.get_xticklabels() if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in labels]
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert left.x1 < right.x0, "tick labels overlap"
    return [t.get_text() for t in labels]


@pytest.mark.parametrize(
    "span",
    [
        DateRange(D(2025, 6, 1), D(2025, 6, 30)),  # a month
        DateRange(D(2024, 7, 1), D(2025, 6, 30)),  # a year
        DateRange(D(2006, 7, 1), D(2026, 6, 30)),  # twenty years
    ],
)
def test_date_axis_stays_legible(span: DateRange) -> None:
    source = ChartSource(realistic_history(), D(2025, 6, 30))
    ax = _axes((8, 4.5))
    draw_rolling_absence(ax, rolling_absence(source, span))
    labels = _tick_labels_do_not_overlap(ax)
    assert 3 <= len(labels) <= 13


def test_hover_gives_the_date_and_the_count() -> None:
    source = _source("E2")
    data = rolling_absence(source, source.span("all"))
    text = count_hover(data, date_num(D(2025, 8, 11)) + 0.2, 100)
    assert text == "Mon 11 Aug 2025: 183 days in the 365 days ending that day\nLimit: 182"
    assert count_hover(data, date_num(D(2030, 1, 1)), 100) is None
    with_alt = count_hover(data, date_num(D(2025, 8, 11)), 100, show_alternative=True)
    assert with_alt is not None
    assert "If only whole days abroad count: 180" in with_alt  # E2: 109 + 71


def test_date_numbers_round_trip() -> None:
    for day in (D(1999, 12, 31), D(2024, 2, 29), D(2026, 1, 1)):
        assert day_of(date_num(day)) == day
        assert day_of(date_num(day) + 0.99) == day
        assert day_of(date_num(day + timedelta(days=1)) - 0.01) == day


@pytest.mark.parametrize(("value", "top"), [(0, 10), (57, 60), (101, 125), (251, 300)])
def test_nice_top(value: float, top: int) -> None:
    assert nice_top(value) == top


def test_norwegian_letters_render_in_dejavu_sans() -> None:
    """Labels with æ, ø and å render without a missing-glyph warning (warnings are errors)."""
    assert findfont(FontProperties(family=FONT)).endswith("DejaVuSans.ttf")
    ax = _axes((5, 3))
    titles(ax, "Dager i utlandet: Tromsø, Ærøskøbing, Åland", ("Blåbærsyltetøy ÆØÅ æøå",))
    draw_message(ax, "Reiser", "Ingen reiser ennå – «æøå»")
    _render(ax)
    assert "Ingen reiser ennå – «æøå»" in _texts(ax)


# --- Bar labels and themes (issue 17) ------------------------------------------------------------


def _twenty_years_source() -> ChartSource:
    from bench.bench_report import twenty_years

    profile, as_of = twenty_years()
    return ChartSource(profile, as_of, "inclusive")


@pytest.mark.parametrize("figsize", [(10, 5.6), (6.0, 3.6), (4.2, 2.6)])
def test_citizenship_bar_labels_never_overlap(figsize: tuple[float, float]) -> None:
    # 2,000 trips over 20 years: once read "111112" where twenty labels ran into each other.
    source = _twenty_years_source()
    data = citizenship_years(source, DateRange(D(2005, 1, 1), D(2025, 12, 31)))
    ax = _axes(figsize)
    draw_citizenship_years(ax, data)
    _render(ax)
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_gid() == "bar-label"]
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert left.x1 <= right.x0, (figsize, left, right)
    if figsize[0] >= 10:
        assert len(boxes) >= 20  # the figures are there when there is room


def test_label_mode_steps_down_as_room_shrinks() -> None:
    from app.services.charts.years import label_mode

    assert label_mode(60, ["197"], True) == "words"
    assert label_mode(20, ["197"], True) == "numbers"
    assert label_mode(12, ["197"], True) == "upright"
    assert label_mode(6, ["197"], True) is None


def test_dark_theme_recolours_paper_and_ink_but_not_the_data() -> None:
    from matplotlib.colors import to_hex

    from app.services.charts import apply_theme

    source = _source("E7")
    data = citizenship_years(source, DateRange(D(2023, 1, 1), D(2026, 12, 31)))
    ax = _axes()
    draw_citizenship_years(ax, data)
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    red = [c for c in ax.collections if c.get_gid() == "record-red"][0]
    before = to_hex(red.get_facecolor()[0])
    apply_theme(figure, "light")
    assert to_hex(figure.patch.get_facecolor()) == "#ffffff"
    apply_theme(figure, "dark")
    assert to_hex(figure.patch.get_facecolor()) == "#1f1f1f"
    assert to_hex(ax.patch.get_facecolor()) == "#262626"
    title = ax.title.get_color()
    assert to_hex(title) == "#e6e6e6"
    assert to_hex(_line(ax, "limit").get_color()) == "#e6e6e6"
    assert to_hex(red.get_facecolor()[0]) == before  # meaning-carrying colours stay
