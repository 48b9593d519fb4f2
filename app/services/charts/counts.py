"""Daily counts against a limit: the rolling 365 days, the permanent-residence window, and
Schengen 90/180 (one builder, three charts).

The drawing is split in two layers so the screen can redraw fast: the *frame* (titles, axes,
limit lines, zones, today, legend) depends only on a `CountFrame`; the *data* (the lines and the
markers) is everything else. When an edit leaves the frame unchanged the panel keeps the frame's
pixels and redraws the data only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from app.services.charts._style import (
    BLACK,
    BLUE,
    FONT,
    GREEN,
    GREY,
    ORANGE,
    PURPLE,
    SMALL_SIZE,
    VERMILLION,
    axes_points,
    date_num,
    day_of,
    draw_message,
    legend_below,
    new_figure,
    nice_top,
    set_date_axis,
    tick_font,
    titles,
)
from app.services.series import CountChart, DailySeries, DateRange, Marker
from app.services.wording import N_, LazyLabels, _
from app.services.wording.formats import format_date, format_long_date

LineStyle = Literal["-", "--", ":"]
# Line styles by role: (colour, width, dash). Planned days are dashed, the other convention dotted.
LINE_STYLES: dict[str, tuple[str, float, LineStyle]] = {
    "record": (BLUE, 1.8, "-"),
    "planned": (BLUE, 1.8, "--"),
    "alternative": (PURPLE, 1.4, ":"),
}
HINTS: LazyLabels[str] = LazyLabels(
    {
        "temporary-365": N_("Add a trip to see your days abroad in any 365 days."),
        "schengen-90-180": N_("Add a trip with its destination to see your Schengen days."),
    }
)
ZONE_WORDS: LazyLabels[str] = LazyLabels(
    {
        "close": N_("Close to the limit"),
        "borderline": N_("Borderline"),
        "over": N_("Over the limit"),
    }
)
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5}
OPAQUE_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 1.5}


def _style_line(role: str, xs: np.ndarray | None = None, ys: np.ndarray | None = None) -> Line2D:
    colour, width, dash = LINE_STYLES[role]
    return Line2D(
        [] if xs is None else xs,
        [] if ys is None else ys,
        color=colour,
        linewidth=width,
        linestyle=dash,
        gid=role,
    )


@dataclass(frozen=True, slots=True)
class CountFrame:
    """Everything the static layer of a count chart depends on."""

    rule_id: str
    title: str
    lines: tuple[str, ...]
    span: DateRange
    as_of: date
    y_top: int
    limit: int
    lenient_limit: int
    limit_label: str
    close_from: int | None
    legend: tuple[tuple[str, str], ...]  # (role, label): "record", "planned", "alternative"
    message: str | None


def _outside_text(marker: Marker, span: DateRange) -> str:
    # No count here: this line is part of the frame, and the date alone changes far less often.
    text = (
        _("{label}: {date}, before this range.")
        if marker.on < span.start
        else _("{label}: {date}, after this range.")
    )
    return text.format(label=marker.label, date=format_date(marker.on))


def count_frame(data: CountChart, *, show_alternative: bool = False) -> CountFrame:
    """The frame of a count chart; the y axis is rounded so small edits keep it."""
    if data.message is not None:
        return CountFrame(
            data.rule_id,
            data.title,
            (),
            data.span,
            data.as_of,
            0,
            0,
            0,
            "",
            None,
            (),
            data.message,
        )
    alternative = data.alternative if show_alternative else None
    shown = [s for s in (data.record, data.planned, alternative) if s is not None and len(s)]
    peak = max([int(s.values.max()) for s in shown] + [int(data.lenient_limit * 1.15), 10])
    legend: list[tuple[str, str]] = []
    if data.record is not None:
        legend.append(("record", _("Recorded")))
    if data.planned is not None:
        legend.append(("planned", data.planned_label))
    if alternative is not None:
        legend.append(("alternative", data.alternative_label))
    outside = tuple(
        _outside_text(m, data.span) for m in data.markers if not data.span.contains(m.on)
    )
    return CountFrame(
        rule_id=data.rule_id,
        title=data.title,
        lines=(data.subtitle, *data.notes, *outside),
        span=data.span,
        as_of=data.as_of,
        y_top=nice_top(peak * 1.1),
        limit=data.limit,
        lenient_limit=data.lenient_limit,
        limit_label=data.limit_label,
        close_from=data.close_from,
        legend=tuple(legend),
        message=None,
    )


def _zone(ax: Axes, low: float, high: float, colour: str, alpha: float, hatch: str) -> None:
    ax.axhspan(low, high, facecolor=colour, alpha=alpha, linewidth=0)
    if hatch:
        ax.axhspan(
            low, high, facecolor="none", hatch=hatch, edgecolor=colour, linewidth=0, alpha=0.3
        )


def draw_count_frame(ax: Axes, frame: CountFrame) -> None:
    """Axes, zones, limit lines, today and the legend."""
    if frame.message is not None:
        draw_message(ax, frame.title, frame.message, HINTS.get(frame.rule_id, ""))
        return
    titles(ax, frame.title, frame.lines)
    left, right = date_num(frame.span.start), date_num(frame.span.end)
    # A little room after the last day, so a marker there is not cut in half.
    ax.set_xlim(left, right + max(1.0, (right - left) * 0.012))
    ax.set_ylim(0, frame.y_top)
    set_date_axis(ax)
    ax.set_ylabel(_("Days"), fontfamily=FONT)
    ax.grid(axis="y", color="#E2E2E2", linewidth=0.6)
    ax.set_axisbelow(True)
    tick_font(ax)

    edge = blended_transform_factory(ax.transAxes, ax.transData)
    limit, lenient, top = frame.limit, frame.lenient_limit, frame.y_top
    zone_handles: list[Artist] = []
    zone_labels: list[str] = []
    if frame.close_from is not None:
        _zone(ax, frame.close_from, limit, ORANGE, 0.10, "..")
        zone_handles.append(Patch(facecolor=ORANGE, alpha=0.35, hatch="..", edgecolor=ORANGE))
        zone_labels.append(ZONE_WORDS["close"])
    if lenient > limit:
        _zone(ax, limit, lenient, ORANGE, 0.22, "//")
        zone_handles.append(Patch(facecolor=ORANGE, alpha=0.45, hatch="//", edgecolor=ORANGE))
        zone_labels.append(ZONE_WORDS["borderline"])
    _zone(ax, lenient, top, VERMILLION, 0.06, "x")
    zone_handles.append(Patch(facecolor=VERMILLION, alpha=0.25, hatch="x", edgecolor=VERMILLION))
    zone_labels.append(ZONE_WORDS["over"])
    ax.text(
        0.006,
        top * 0.985,
        ZONE_WORDS["over"],
        transform=edge,
        ha="left",
        va="top",
        fontsize=SMALL_SIZE,
        color="#9A3D00",
        fontweight="bold",
        fontfamily=FONT,
        bbox=LABEL_BOX,
    )
    ax.axhline(limit, color=BLACK, linewidth=1.3, gid="limit")
    if lenient > limit:
        ax.axhline(lenient, color=BLACK, linewidth=1.0, linestyle="--", gid="lenient-limit")
    ax.text(
        0.006,
        lenient + top * 0.012,
        frame.limit_label,
        transform=edge,
        ha="left",
        va="bottom",
        fontsize=SMALL_SIZE,
        fontfamily=FONT,
        bbox=LABEL_BOX,
    )
    if frame.span.contains(frame.as_of):
        today = date_num(frame.as_of)
        ax.axvline(today, color=GREY, linewidth=1.0, linestyle=(0, (1, 2)), gid="today")
        ax.text(
            today,
            1.0,
            _("Today"),
            transform=blended_transform_factory(ax.transData, ax.transAxes),
            ha="center",
            va="bottom",
            fontsize=SMALL_SIZE,
            color="#333333",
            fontfamily=FONT,
        )
    handles: list[Artist] = [_style_line(role) for role, _ in frame.legend]
    labels = [label for _, label in frame.legend]
    handles.append(Line2D([], [], color=BLACK, linewidth=1.3))
    labels.append(_("Limit"))
    legend_below(ax, handles + zone_handles, labels + zone_labels)


def _left_half(span: DateRange, x: float) -> bool:
    left, right = date_num(span.start), date_num(span.end)
    return x - left < (right - left) / 2


def _xs(series: DailySeries) -> np.ndarray:
    return date_num(series.start) + np.arange(len(series), dtype=np.float64)


class _Placer:
    """Chooses where a marker's label box goes: the corner around the point that covers the
    fewest points of the lines and no earlier label, inside the axes."""

    CANDIDATES = ((1, -1), (-1, -1), (1, 1), (-1, 1))  # (right?, up?) in display directions

    def __init__(self, ax: Axes, frame: CountFrame, lines: list[tuple[np.ndarray, np.ndarray]]):
        width, height = axes_points(ax)
        self.left, right = ax.get_xlim()
        self.x_per_pt = (right - self.left) / max(width, 1.0)
        self.y_per_pt = frame.y_top / max(height, 1.0)
        self.right, self.top = right, frame.y_top
        self.lines = lines
        self.taken: list[tuple[float, float, float, float]] = []

    def place(self, x: float, y: float, text: str, gap_pt: float = 16) -> tuple[float, float]:
        """Offset in points (dx, dy) for a box whose near corner sits `gap_pt` from (x, y)."""
        rows = text.split("\n")
        width = max(len(r) for r in rows) * 4.7 + 8  # 8-point DejaVu Sans, with the box padding
        height = len(rows) * 10 + 6
        best: tuple[float, tuple[int, int], tuple[float, float, float, float]] | None = None
        for order, (sx, sy) in enumerate(self.CANDIDATES):
            x0 = x + sx * gap_pt * self.x_per_pt
            x1 = x0 + sx * width * self.x_per_pt
            y0 = y + sy * gap_pt * self.y_per_pt
            y1 = y0 + sy * height * self.y_per_pt
            box = (min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1))
            score: float = order * 0.1
            if box[0] < self.left or box[1] > self.right or box[2] < 0 or box[3] > self.top:
                score += 1000
            for xs, ys in self.lines:
                inside = (xs >= box[0]) & (xs <= box[1]) & (ys >= box[2]) & (ys <= box[3])
                score += float(np.count_nonzero(inside))
            for other in self.taken:
                if (
                    box[0] < other[1]
                    and other[0] < box[1]
                    and box[2] < other[3]
                    and other[2] < box[3]
                ):
                    score += 500
            if best is None or score < best[0]:
                best = (score, (sx, sy), box)
        assert best is not None
        self.taken.append(best[2])
        return best[1][0] * gap_pt, best[1][1] * gap_pt


def draw_count_data(
    ax: Axes, data: CountChart, frame: CountFrame, *, show_alternative: bool = False
) -> None:
    """The lines (recorded solid, planned dashed, the other convention dotted) and markers."""
    if frame.message is not None:
        return
    alternative = data.alternative if show_alternative else None
    lines: list[tuple[np.ndarray, np.ndarray]] = []
    for role, series in (
        ("alternative", alternative),
        ("planned", data.planned),
        ("record", data.record),
    ):
        if series is not None:
            xs = _xs(series)
            ax.add_line(_style_line(role, xs, series.values))
            lines.append((xs, series.values))
    placer = _Placer(ax, frame, lines)
    goals = 0
    for marker in data.markers:
        if not frame.span.contains(marker.on):
            continue  # written under the title by the frame
        if marker.value is None:
            _draw_date_marker(ax, marker, frame, goals)
            goals += 1
        else:
            _draw_value_marker(ax, marker, placer)


def _draw_value_marker(ax: Axes, marker: Marker, placer: _Placer) -> None:
    x, y = date_num(marker.on), float(marker.value or 0)
    ax.plot(
        [x],
        [y],
        marker="o",
        markersize=7,
        markerfacecolor="white",
        markeredgecolor=VERMILLION,
        markeredgewidth=2,
        linestyle="none",
        gid="marker",
        zorder=5,
    )
    text = _("{label}\n{date}: {days} days").format(
        label=marker.label, date=format_date(marker.on), days=marker.value
    )
    dx, dy = placer.place(x, y, text)
    # The connector and the label are two artists, and the label has an opaque box, so the
    # screen can reuse the label's pixels while the lines under it change.
    ax.annotate(
        "",
        xy=(x, y),
        xytext=(dx, dy),
        textcoords="offset points",
        arrowprops={"arrowstyle": "-", "color": VERMILLION, "linewidth": 1, "shrinkB": 4},
        gid="marker-connector",
    )
    ax.annotate(
        text,
        xy=(x, y),
        xytext=(dx, dy),
        textcoords="offset points",
        ha="left" if dx > 0 else "right",
        va="bottom" if dy > 0 else "top",
        fontsize=SMALL_SIZE,
        fontfamily=FONT,
        zorder=6,
        bbox={
            "boxstyle": "square,pad=0.35",
            "facecolor": "white",
            "edgecolor": VERMILLION,
            "linestyle": "--" if marker.planned else "-",
        },
        gid="marker-label",
    )


def _draw_date_marker(ax: Axes, marker: Marker, frame: CountFrame, number: int) -> None:
    x = date_num(marker.on)
    ax.axvline(
        x, color=GREEN, linewidth=1.8, linestyle="--" if marker.planned else "-.", gid="goal"
    )
    left = _left_half(frame.span, x)
    ax.annotate(
        f"{marker.label}\n{format_date(marker.on)}",
        xy=(x, 0.04 + 0.12 * number),
        xycoords=blended_transform_factory(ax.transData, ax.transAxes),
        xytext=(5 if left else -5, 0),
        textcoords="offset points",
        ha="left" if left else "right",
        va="bottom",
        fontsize=SMALL_SIZE,
        color="#00563F",
        fontweight="bold",
        fontfamily=FONT,
        gid="goal-label",
        bbox=OPAQUE_BOX,
    )


def draw_counts(ax: Axes, data: CountChart, *, show_alternative: bool = False) -> None:
    """Draw a count chart (frame and data) into `ax`."""
    frame = count_frame(data, show_alternative=show_alternative)
    draw_count_frame(ax, frame)
    draw_count_data(ax, data, frame, show_alternative=show_alternative)


def counts_figure(
    data: CountChart, *, figsize: tuple[float, float] = (10, 5.6), show_alternative: bool = False
) -> Figure:
    """A figure holding one count chart."""
    figure, ax = new_figure(figsize)
    draw_counts(ax, data, show_alternative=show_alternative)
    return figure


def count_hover(
    data: CountChart, x: float, y: float, *, show_alternative: bool = False
) -> str | None:
    """Tooltip text for the day under the pointer: the date and the count."""
    if data.message is not None:
        return None
    day = day_of(x + 0.5)
    parts: list[str] = []
    record, planned = data.record, data.planned
    if record is not None and record.start <= day <= record.end:
        parts.append(
            _("{date}: {days} days {window} that day").format(
                date=format_long_date(day), days=record.at(day), window=data.window_words
            )
        )
    elif planned is not None and planned.start <= day <= planned.end:
        parts.append(
            _("{date}: {days} days {window} that day ({planned})").format(
                date=format_long_date(day),
                days=planned.at(day),
                window=data.window_words,
                planned=data.planned_label,
            )
        )
    if not parts:
        return None
    alternative = data.alternative
    if show_alternative and alternative is not None and alternative.start <= day <= alternative.end:
        parts.append(f"{data.alternative_label}: {alternative.at(day)}")
    parts.append(_("Limit: {limit}").format(limit=data.limit))
    return "\n".join(parts)
