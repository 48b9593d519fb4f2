"""Chart builders shared by the screen and the PDF report (no Qt, no pyplot).

Each chart has `draw_<chart>(ax, data)` and `<chart>_figure(data, *, figsize)`; the data comes
from `app.services.series`, which takes its figures from the engine. `prepare_chart` bundles one
chart's data with its two drawing layers (frame and data) and tooltip for the chart panel, which
redraws only the data layer when an edit leaves the frame unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Literal

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from app.services.charts._style import Theme, apply_theme, new_figure
from app.services.charts.allowance import (
    allowance_figure,
    allowance_frame,
    allowance_hover,
    draw_allowance,
    draw_allowance_data,
    draw_allowance_frame,
)
from app.services.charts.counts import (
    count_frame,
    count_hover,
    counts_figure,
    draw_count_data,
    draw_count_frame,
    draw_counts,
)
from app.services.charts.timeline import (
    draw_timeline_data,
    draw_timeline_frame,
    draw_trip_timeline,
    timeline_frame,
    timeline_hover,
    trip_timeline_figure,
)
from app.services.charts.years import (
    citizenship_years_figure,
    draw_citizenship_years,
    draw_year_data,
    draw_year_frame,
    year_frame,
    year_hover,
)
from app.services.series import (
    AllowanceChart,
    ChartSource,
    CountChart,
    DateRange,
    allowance,
    citizenship_years,
    permanent_residence_window,
    rolling_absence,
    schengen_days,
    trip_timeline,
)
from app.services.wording import N_, LazyChoices

__all__ = [
    "CHARTS",
    "ChartId",
    "PreparedChart",
    "Theme",
    "apply_theme",
    "allowance_figure",
    "citizenship_years_figure",
    "draw_allowance",
    "draw_citizenship_years",
    "draw_permanent_residence",
    "draw_rolling_absence",
    "draw_schengen",
    "draw_trip_timeline",
    "permanent_residence_figure",
    "prepare_chart",
    "rolling_absence_figure",
    "schengen_figure",
    "trip_timeline_figure",
]

ChartId = Literal["rolling", "allowance", "permanent", "citizenship", "timeline", "schengen"]
CHARTS: LazyChoices[ChartId] = LazyChoices(
    (
        ("rolling", N_("182 days in 365")),
        ("allowance", N_("Allowance left")),
        ("permanent", N_("Permanent residence")),
        ("citizenship", N_("Citizenship")),
        ("timeline", N_("Trips")),
        ("schengen", N_("Schengen 90/180")),
    )
)
FIGSIZE = (10.0, 5.6)


def draw_rolling_absence(ax: Axes, data: CountChart, *, show_alternative: bool = False) -> None:
    """Days abroad in the 365 days ending on each day, against the 182-day limit."""
    draw_counts(ax, data, show_alternative=show_alternative)


def rolling_absence_figure(
    data: CountChart, *, figsize: tuple[float, float] = FIGSIZE, show_alternative: bool = False
) -> Figure:
    """The rolling 365-day chart as a figure."""
    return counts_figure(data, figsize=figsize, show_alternative=show_alternative)


def draw_permanent_residence(ax: Axes, data: CountChart) -> None:
    """Days abroad in the permanent-residence window ending on each day, with the 210/215 lines
    and the earliest date the person qualifies."""
    draw_counts(ax, data)


def permanent_residence_figure(
    data: CountChart, *, figsize: tuple[float, float] = FIGSIZE
) -> Figure:
    """The permanent-residence chart as a figure."""
    return counts_figure(data, figsize=figsize)


def draw_schengen(ax: Axes, data: CountChart) -> None:
    """Days in other Schengen states in the 180 days ending on each day, against 90."""
    draw_counts(ax, data)


def schengen_figure(data: CountChart, *, figsize: tuple[float, float] = FIGSIZE) -> Figure:
    """The Schengen 90/180 chart as a figure."""
    return counts_figure(data, figsize=figsize)


@dataclass(frozen=True, slots=True, eq=False)
class PreparedChart:
    """One chart's data, ready to draw: `frame_key` changes only when the frame layer does."""

    chart_id: ChartId
    frame_key: Hashable
    draw_frame: Callable[[Axes], None]
    draw_data: Callable[[Axes], None]
    hover: Callable[[float, float], str | None]
    data: object

    def draw(self, ax: Axes) -> None:
        """Both layers into `ax`."""
        self.draw_frame(ax)
        self.draw_data(ax)

    def figure(self, figsize: tuple[float, float] = FIGSIZE, theme: Theme = "light") -> Figure:
        """A new figure holding the chart (for saving and the report, which stays light)."""
        figure, ax = new_figure(figsize)
        self.draw(ax)
        apply_theme(figure, theme)
        return figure


def prepare_chart(
    chart_id: ChartId, source: ChartSource, span: DateRange, *, show_alternative: bool = False
) -> PreparedChart:
    """Compute one chart's data (and nothing for the other charts)."""
    if chart_id in ("rolling", "permanent", "schengen"):
        if chart_id == "rolling":
            counts = rolling_absence(source, span, with_alternative=show_alternative)
        elif chart_id == "permanent":
            counts = permanent_residence_window(source, span)
        else:
            counts = schengen_days(source, span)
        frame = count_frame(counts, show_alternative=show_alternative)
        return PreparedChart(
            chart_id,
            frame,
            lambda ax: draw_count_frame(ax, frame),
            lambda ax: draw_count_data(ax, counts, frame, show_alternative=show_alternative),
            lambda x, y: count_hover(counts, x, y, show_alternative=show_alternative),
            counts,
        )
    if chart_id == "allowance":
        rows: AllowanceChart = allowance(source)
        a_frame = allowance_frame(rows)
        return PreparedChart(
            chart_id,
            a_frame,
            lambda ax: draw_allowance_frame(ax, a_frame),
            lambda ax: draw_allowance_data(ax, rows, a_frame),
            lambda x, y: allowance_hover(rows, x, y),
            rows,
        )
    if chart_id == "citizenship":
        years = citizenship_years(source, span)
        y_frame = year_frame(years)
        return PreparedChart(
            chart_id,
            y_frame,
            lambda ax: draw_year_frame(ax, y_frame),
            lambda ax: draw_year_data(ax, years, y_frame),
            lambda x, y: year_hover(years, x, y),
            years,
        )
    trips = trip_timeline(source, span)
    t_frame = timeline_frame(trips)
    return PreparedChart(
        chart_id,
        t_frame,
        lambda ax: draw_timeline_frame(ax, t_frame),
        lambda ax: draw_timeline_data(ax, trips, t_frame),
        lambda x, y: timeline_hover(trips, x, y),
        trips,
    )
