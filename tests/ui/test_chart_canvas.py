"""The chart canvas lays a full draw out on one turn of the event loop and renders it on the
next: the same pixels as one draw doing both, the layout done once, the last frame on show
while the render waits."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.services.charts import ChartId, PreparedChart, prepare_chart
from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile, TripSpan
from app.services.series import ChartSource
from app.ui.chart_widget import ChartWidget

D = date
PROFILE = Profile(
    (TripSpan(D(2025, 1, 10), D(2025, 4, 30), "US"), TripSpan(D(2025, 6, 1), D(2025, 8, 12), "SE")),
    (PermitSpan(PermitKind.WORK, D(2024, 1, 1), D(2026, 12, 31)),),
    KeyDates(arrived_on=D(2024, 1, 1)),
)
SOURCE = ChartSource(PROFILE, D(2025, 9, 30))


def chart(chart_id: ChartId = "rolling") -> PreparedChart:
    return prepare_chart(chart_id, SOURCE, SOURCE.span("last_3_years"))


def shown(qtbot: QtBot, width: int = 900, height: int = 500) -> ChartWidget:
    widget = ChartWidget()
    qtbot.addWidget(widget)
    widget.setFixedSize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def drawn(qtbot: QtBot, widget: ChartWidget, prepared: PreparedChart) -> None:
    paints = widget.paints
    widget.show_chart(prepared)
    qtbot.waitUntil(lambda: widget.paints > paints and not widget.canvas._draw_pending)


def pixels(widget: ChartWidget) -> np.ndarray:
    return np.array(widget.canvas.buffer_rgba())  # type: ignore[no-untyped-call]


def in_one_step(qtbot: QtBot, prepared: PreparedChart, width: int, height: int) -> np.ndarray:
    """The chart as matplotlib's own draw makes it: layout and render in one call."""
    widget = shown(qtbot, width, height)
    widget.show_chart(prepared)
    widget.canvas.draw()
    return pixels(widget)


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every run of the constrained layout engine, by figure."""
    runs: list[object] = []
    execute = ConstrainedLayoutEngine.execute

    def counted(self: ConstrainedLayoutEngine, figure: Figure) -> object:
        runs.append(figure)
        return execute(self, figure)

    monkeypatch.setattr(ConstrainedLayoutEngine, "execute", counted)
    return runs


def test_a_draw_is_laid_out_once_and_looks_as_one_draw_would(
    qtbot: QtBot, layouts: list[object]
) -> None:
    widget = shown(qtbot)
    drawn(qtbot, widget, chart())
    assert widget.canvas.layouts_ahead == 1
    assert layouts.count(widget.figure) == 1  # the render did not lay it out again
    assert isinstance(widget.figure.get_layout_engine(), ConstrainedLayoutEngine)
    assert (pixels(widget) == in_one_step(qtbot, chart(), 900, 500)).all()


def test_the_request_layout_and_render_each_let_due_timers_run_first(qtbot: QtBot) -> None:
    widget = shown(qtbot)
    canvas = widget.canvas
    ticks = [0]
    ticker = QTimer()
    ticker.setInterval(0)  # due on every turn of the event loop
    ticker.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    seen: dict[str, int] = {}
    lay_out, draw = canvas._lay_out, canvas.draw

    def laid_out() -> None:
        seen["layout"] = ticks[0]
        lay_out()

    def rendered() -> None:
        seen["render"] = ticks[0]
        draw()

    canvas._lay_out = laid_out  # type: ignore[method-assign]
    canvas.draw = rendered  # type: ignore[method-assign]
    ticker.start()
    widget.show_chart(chart())
    asked = ticks[0]
    qtbot.waitUntil(lambda: "render" in seen and not canvas._draw_pending)
    ticker.stop()
    assert asked < seen["layout"] < seen["render"]
    assert widget.full_draws == 1


def test_a_resize_between_layout_and_render_is_laid_out_again(
    qtbot: QtBot, layouts: list[object]
) -> None:
    widget = shown(qtbot)
    drawn(qtbot, widget, chart())
    widget.show_chart(chart("schengen"))
    canvas = widget.canvas
    canvas._draw_idle()  # the step its timer takes: the layout, at 900 x 500
    assert canvas.layouts_ahead == 2
    widget.setFixedSize(700, 420)  # before the render: the layout made for 900 x 500 is stale
    qtbot.waitUntil(lambda: not canvas._draw_pending and canvas.layouts_ahead >= 3)
    assert (pixels(widget) == in_one_step(qtbot, chart("schengen"), 700, 420)).all()


def test_while_the_render_waits_a_paint_shows_the_last_frame(qtbot: QtBot) -> None:
    widget = shown(qtbot)
    drawn(qtbot, widget, chart())
    before: QImage = widget.canvas.grab().toImage()
    paints = widget.paints
    widget.show_chart(chart("permanent"))
    canvas = widget.canvas
    canvas._draw_idle()  # the step its timer takes: the layout; the render is a turn away
    assert canvas.layouts_ahead == 2
    assert canvas._draw_pending
    assert canvas.grab().toImage() == before  # not a blank canvas
    assert widget.paints == paints  # no rendered frame was painted
    qtbot.waitUntil(lambda: not canvas._draw_pending and widget.paints > paints)
    assert canvas.grab().toImage() != before


def test_a_paint_before_the_layout_shows_the_newest_frame_not_an_older_one(qtbot: QtBot) -> None:
    widget = shown(qtbot)
    drawn(qtbot, widget, chart())
    drawn(qtbot, widget, chart("permanent"))
    newest = widget.canvas.grab().toImage()
    widget.show_chart(chart("schengen"))  # asked for, not yet laid out
    assert widget.canvas._draw_pending
    assert widget.canvas.grab().toImage() == newest


def test_the_first_paint_before_any_render_is_the_charts_background(qtbot: QtBot) -> None:
    widget = shown(qtbot)
    widget.show_chart(chart())
    canvas = widget.canvas
    assert canvas._draw_pending
    image = canvas.grab().toImage()  # a paint: it renders nothing, it fills the background
    assert widget.paints == 0
    seen = {image.pixelColor(x, y).name() for x in range(0, 900, 30) for y in range(0, 500, 25)}
    assert seen == {to_hex(widget.figure.get_facecolor())}
