"""The chart panel offscreen: what it draws, what it skips, tooltips and saving."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backend_bases import MouseEvent
from matplotlib.dates import date2num
from matplotlib.lines import Line2D
from matplotlib.text import Text
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.services import charts
from app.services.charts.counts import CountFrame
from app.services.profile import KeyDates, PermitKind, PermitSpan, Profile, TripSpan
from app.services.series import DEFAULT_WARNING_MARGIN, ChartSource, CountChart
from app.services.settings import DEFAULT_WARNING_MARGIN as SETTINGS_WARNING_MARGIN
from app.ui import chart_panel as chart_panel_module
from app.ui import messages
from app.ui.chart_panel import ChartPanel

D = date
E2 = Profile(
    (TripSpan(D(2025, 1, 10), D(2025, 4, 30), "US"), TripSpan(D(2025, 6, 1), D(2025, 8, 12), "SE")),
    (PermitSpan(PermitKind.WORK, D(2024, 1, 1), D(2026, 12, 31)),),
    KeyDates(arrived_on=D(2024, 1, 1)),
)
AS_OF = D(2025, 9, 30)


@pytest.fixture
def panel(qtbot: QtBot) -> ChartPanel:
    shown = ChartPanel()
    qtbot.addWidget(shown)
    shown.resize(1000, 600)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def _show(qtbot: QtBot, panel: ChartPanel, profile: Profile = E2, as_of: date = AS_OF) -> None:
    """Show `profile` and wait until the canvas has painted it."""
    paints = panel.chart_widget.paints
    panel.show_evaluation(profile, as_of, "inclusive")
    qtbot.waitUntil(lambda: panel.chart_widget.paints > paints)


def _lines(panel: ChartPanel) -> dict[str, Line2D]:
    return {str(line.get_gid()): line for line in panel.chart_widget.axes.lines}


def test_shows_the_rolling_chart_with_the_engine_series(qtbot: QtBot, panel: ChartPanel) -> None:
    _show(qtbot, panel)
    assert panel.chart_id == "rolling"
    assert panel.range_choice == "last_3_years"
    source = ChartSource(E2, AS_OF)
    expected = source.span("last_3_years")
    record = _lines(panel)["record"]
    x, y = record.get_xydata().T
    assert x[0] == date2num(expected.start)
    assert y[-1] == 184  # E2 on the evaluation date
    assert list(_lines(panel)["limit"].get_ydata()) == [182, 182]
    assert panel.chart_widget.full_draws == 1


def test_an_edit_redraws_only_the_data_layer(qtbot: QtBot, panel: ChartPanel) -> None:
    _show(qtbot, panel)
    longer = replace(E2, trips=(E2.trips[0], replace(E2.trips[1], return_date=D(2025, 8, 14))))
    _show(qtbot, panel, longer)
    widget = panel.chart_widget
    assert (widget.full_draws, widget.fast_draws) == (1, 1)
    assert _lines(panel)["record"].get_ydata()[-1] == 186
    texts = [t.get_text() for t in widget.axes.findobj(Text)]
    assert "First over the 182-day limit\n2025-08-11: 183 days" in texts
    # The label did not change, so its pixels were reused rather than rendered again.
    _show(qtbot, panel, replace(longer, trips=(longer.trips[1], longer.trips[0])))
    assert widget.reused_labels >= 1


def test_a_new_frame_redraws_everything(qtbot: QtBot, panel: ChartPanel) -> None:
    _show(qtbot, panel)
    paints = panel.chart_widget.paints
    panel.set_range("all")
    qtbot.waitUntil(lambda: panel.chart_widget.paints > paints)
    assert panel.chart_widget.full_draws == 2
    chart = panel.chart
    assert chart is not None
    assert isinstance(chart.data, CountChart)
    assert chart.data.span == ChartSource(E2, AS_OF).span("all")


def test_hidden_panel_does_no_work_until_shown(qtbot: QtBot) -> None:
    hidden = ChartPanel()
    qtbot.addWidget(hidden)
    hidden.show_evaluation(E2, AS_OF, "inclusive")
    assert hidden.chart is None
    hidden.resize(900, 520)
    hidden.show()
    qtbot.waitUntil(lambda: hidden.chart is not None)


def test_only_the_chart_on_show_is_computed(
    qtbot: QtBot, panel: ChartPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    real = chart_panel_module.prepare_chart

    def spy(chart_id: charts.ChartId, *args: object, **kwargs: object) -> charts.PreparedChart:
        asked.append(chart_id)
        return real(chart_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(chart_panel_module, "prepare_chart", spy)
    _show(qtbot, panel)
    panel.set_chart("citizenship")
    assert asked == ["rolling", "citizenship"]
    assert not panel.alternative_box.isVisible()
    panel.set_chart("allowance")
    assert not panel.range_box.isEnabled()


@pytest.mark.parametrize("chart_id", [c for c, _ in charts.CHARTS])
def test_every_chart_appears_in_the_panel(
    qtbot: QtBot, panel: ChartPanel, chart_id: charts.ChartId
) -> None:
    _show(qtbot, panel)
    paints = panel.chart_widget.paints
    panel.set_chart(chart_id)
    if chart_id != "rolling":
        qtbot.waitUntil(lambda: panel.chart_widget.paints > paints)
    assert panel.chart is not None
    assert panel.chart.chart_id == chart_id
    assert panel.chart_widget.axes.has_data() or panel.chart_widget.axes.texts


def test_whole_days_toggle(qtbot: QtBot, panel: ChartPanel) -> None:
    _show(qtbot, panel)
    assert panel.alternative_box.text() == "Show whole-days line"
    assert "alternative" not in _lines(panel)
    panel.alternative_box.setChecked(True)
    alternative = _lines(panel)["alternative"]
    assert alternative.get_linestyle() == ":"
    assert alternative.get_ydata().max() == 180
    panel.show_evaluation(E2, AS_OF, "whole_days")
    assert panel.alternative_box.text() == "Show line counting travel days"


def test_empty_history_says_no_trips(qtbot: QtBot, panel: ChartPanel) -> None:
    _show(qtbot, panel, Profile())
    texts = [t.get_text() for t in panel.chart_widget.axes.findobj(Text)]
    assert "No trips yet" in texts


def test_hover_shows_the_date_and_the_count(qtbot: QtBot, panel: ChartPanel) -> None:
    _show(qtbot, panel)
    axes = panel.chart_widget.axes
    x, y = axes.transData.transform((date2num(D(2025, 8, 11)), 100))
    MouseEvent("motion_notify_event", panel.chart_widget.canvas, x, y)._process()
    assert panel.chart_widget.tooltip == (
        "Mon 11 Aug 2025: 183 days in the 365 days ending that day\nLimit: 182"
    )
    MouseEvent("motion_notify_event", panel.chart_widget.canvas, 2, 2)._process()
    assert panel.chart_widget.tooltip == ""


@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_save_chart(
    qtbot: QtBot,
    panel: ChartPanel,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    suffix: str,
    magic: bytes,
) -> None:
    _show(qtbot, panel)
    target = tmp_path / f"chart{suffix}"
    monkeypatch.setattr(ChartPanel, "ask_save_path", lambda self: target)
    panel.save_button.click()
    assert target.read_bytes().startswith(magic)


def test_save_dialog_adds_the_chosen_suffix(
    qtbot: QtBot, panel: ChartPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _show(qtbot, panel)
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *args, **kwargs: (str(tmp_path / "mine"), "SVG image (*.svg)"),
    )
    assert panel.ask_save_path() == tmp_path / "mine.svg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: ("", ""))
    assert panel.ask_save_path() is None


def test_save_failure_is_told_in_a_sentence(
    qtbot: QtBot, panel: ChartPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _show(qtbot, panel)
    told: list[str] = []
    monkeypatch.setattr(ChartPanel, "ask_save_path", lambda self: tmp_path / "no" / "x.png")
    monkeypatch.setattr(messages, "tell", lambda _parent, _title, text, *_: told.append(text))
    panel.save_button.click()
    assert len(told) == 1
    assert told[0].startswith("Borte cannot write ")


def test_warning_margin_sets_the_close_band(qtbot: QtBot, panel: ChartPanel) -> None:
    assert DEFAULT_WARNING_MARGIN == SETTINGS_WARNING_MARGIN
    paints = panel.chart_widget.paints
    panel.show_evaluation(E2, AS_OF, "inclusive", warning_margin=30)
    qtbot.waitUntil(lambda: panel.chart_widget.paints > paints)
    chart = panel.chart
    assert chart is not None
    frame = chart.frame_key
    assert isinstance(frame, CountFrame)
    assert frame.close_from == 152


def test_redraw_of_a_long_history_is_fast(qtbot: QtBot, panel: ChartPanel) -> None:
    """A smoke version of bench/bench_chart_redraw.py (the figure itself comes from there)."""
    from bench.bench_chart_redraw import edited
    from bench.bench_rules import synthetic_profile

    profile, as_of = synthetic_profile(2_000)
    _show(qtbot, panel, profile, as_of)
    for run in range(3):
        _show(qtbot, panel, edited(profile, run), as_of)
    assert panel.chart_widget.fast_draws == 3
    span = ChartSource(profile, as_of).span("last_3_years")
    record = _lines(panel)["record"].get_ydata()
    assert len(record) == (as_of - span.start).days + 1
    assert np.isfinite(record).all()
