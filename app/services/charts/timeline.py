"""Trip timeline: trips as bars on a date axis, one row each for Schengen, outside Schengen and
no destination, labelled by destination where there is room.

Rows carry their meaning in words as well as colour. Planned trips are hatched with a dashed
outline; a trip under way is dotted up to today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from app.services.charts._style import (
    BLUE,
    FONT,
    GREY,
    LIGHT_GREY,
    ORANGE,
    SMALL_SIZE,
    TEXT_SIZE,
    axes_points,
    date_num,
    day_of,
    draw_message,
    legend_below,
    new_figure,
    set_date_axis,
    tick_font,
    titles,
)
from app.services.series import GROUPS, DateRange, TimelineChart
from app.services.wording import _, ngettext
from app.services.wording.formats import format_date

GROUP_COLOURS = (BLUE, ORANGE, LIGHT_GREY)
GROUP_HATCHES = ("", "", "..")
BAR_HEIGHT = 0.6
CHAR_PX = 4.8  # average width in points of an 8-point DejaVu Sans character
MAX_LABELS = 120
BESIDE_UP_TO = 40  # trips shown; with more, only labels that fit inside a bar


@dataclass(frozen=True, slots=True)
class TimelineFrame:
    """What the static layer depends on."""

    title: str
    span: DateRange
    as_of: date
    rows: tuple[int, ...]  # group indexes shown, top to bottom
    has_planned: bool
    has_under_way: bool
    message: str | None


def timeline_frame(data: TimelineChart) -> TimelineFrame:
    """The frame: the rows present, the date range and the legend entries."""
    rows = tuple(int(g) for g in np.unique(data.group)) if data.group.size else ()
    return TimelineFrame(
        title=data.title,
        span=data.span,
        as_of=data.as_of,
        rows=rows,
        has_planned=bool(data.planned.any()),
        has_under_way=bool(data.under_way.any()),
        message=data.message,
    )


def draw_timeline_frame(ax: Axes, frame: TimelineFrame) -> None:
    """Date axis, row names, today and the legend."""
    if frame.message is not None:
        draw_message(ax, frame.title, frame.message, _("Trips you record appear here as bars."))
        return
    titles(ax, frame.title, (_("Bars run from the day you left Norway to the day you came back."),))
    left, right = date_num(frame.span.start), date_num(frame.span.end) + 1
    pad = (right - left) * 0.01  # bars at the very edge stay visible
    ax.set_xlim(left - pad, right + pad)
    ax.set_ylim(len(frame.rows) - 0.5, -0.5)
    ax.set_yticks(
        range(len(frame.rows)),
        [_(GROUPS[g]) for g in frame.rows],
        fontfamily=FONT,
        fontsize=TEXT_SIZE,
    )
    set_date_axis(ax)
    ax.grid(axis="x", color="#E4E4E4", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if frame.span.contains(frame.as_of):
        today = date_num(frame.as_of) + 1  # the end of today
        ax.axvline(today, color=GREY, linewidth=1.0, linestyle=(0, (1, 2)), gid="today")
        top = blended_transform_factory(ax.transData, ax.transAxes)
        ax.text(
            today,
            1.0,
            _("Today"),
            transform=top,
            ha="center",
            va="bottom",
            fontsize=SMALL_SIZE,
            color="#333333",
            fontfamily=FONT,
        )
    handles: list[Artist] = [
        Patch(facecolor=GROUP_COLOURS[g], hatch=GROUP_HATCHES[g]) for g in frame.rows
    ]
    labels = [_(GROUPS[g]) for g in frame.rows]
    if frame.has_planned:
        handles.append(Patch(facecolor="white", edgecolor=GREY, hatch="///", linestyle="--"))
        labels.append(_("Planned"))
    if frame.has_under_way:
        handles.append(Patch(facecolor="white", edgecolor=GREY, hatch="..."))
        labels.append(_("Under way"))
    legend_below(ax, handles, labels)
    tick_font(ax, "x")


def draw_timeline_data(ax: Axes, data: TimelineChart, frame: TimelineFrame) -> None:
    """The bars, and destination labels where they do not overlap."""
    if frame.message is not None:
        return
    offset = date_num(date.fromordinal(1)) - 1  # ordinal → matplotlib date number
    starts = data.departure + offset
    widths = (data.back - data.departure + 1).astype(np.float64)
    row_of = {g: i for i, g in enumerate(frame.rows)}
    for group in frame.rows:
        y = row_of[group]
        for kind in ("done", "planned", "under_way"):
            pick = data.group == group
            if kind == "done":
                pick &= ~data.planned & ~data.under_way
            elif kind == "planned":
                pick &= data.planned
            else:
                pick &= data.under_way
            if not pick.any():
                continue
            ranges = list(zip(starts[pick].tolist(), widths[pick].tolist(), strict=True))
            ax.broken_barh(
                ranges,
                (y - BAR_HEIGHT / 2, BAR_HEIGHT),
                facecolors=GROUP_COLOURS[group] if kind == "done" else "white",
                edgecolors=GROUP_COLOURS[group] if kind != "done" else "none",
                hatch={"done": GROUP_HATCHES[group], "planned": "///", "under_way": "..."}[kind],
                linestyles="--" if kind == "planned" else "-",
                linewidth=1.0,
                gid=kind,
            )
    _draw_labels(ax, data, frame, starts, widths, row_of)


def _draw_labels(
    ax: Axes,
    data: TimelineChart,
    frame: TimelineFrame,
    starts: np.ndarray,
    widths: np.ndarray,
    row_of: dict[int, int],
) -> None:
    """Destination names inside bars that are wide enough, else codes beside them, skipping any
    that would overlap the previous label in the row."""
    px_per_day = axes_points(ax)[0] / max(1, frame.span.days)  # points, in fact
    last_end: dict[tuple[int, int], float] = {}
    drawn = 0
    order = np.argsort(starts, kind="stable")
    for i in order.tolist():
        if drawn >= MAX_LABELS:
            break
        code, name = data.codes[i], data.names[i] or data.codes[i]
        if not code:
            continue
        bar_px = widths[i] * px_per_day
        y = row_of[int(data.group[i])]
        centre_px = (starts[i] - starts.min() + widths[i] / 2) * px_per_day
        beside = data.departure.size <= BESIDE_UP_TO
        choices = (
            ((name, 0), (code, 0), (code, 1), (code, -1)) if beside else ((name, 0), (code, 0))
        )
        for text, level in choices:
            text_px = len(text) * CHAR_PX + 4
            if level == 0 and text_px > bar_px:
                continue
            lo, hi = centre_px - text_px / 2, centre_px + text_px / 2
            if last_end.get((y, level), -1e9) > lo:
                continue
            last_end[(y, level)] = hi
            inside = level == 0
            ax.text(
                float(starts[i] + widths[i] / 2),
                y + level * (BAR_HEIGHT / 2 + 0.04),
                text,
                ha="center",
                # The y axis runs downwards: level 1 is under the bar, level −1 above it.
                va="center" if inside else ("top" if level > 0 else "bottom"),
                fontsize=SMALL_SIZE,
                color="white" if inside and int(data.group[i]) == 0 else "#222222",
                fontfamily=FONT,
                clip_on=True,
                gid="trip-label",
            )
            drawn += 1
            break


def draw_trip_timeline(ax: Axes, data: TimelineChart) -> None:
    """Draw the trip timeline into `ax`."""
    frame = timeline_frame(data)
    draw_timeline_frame(ax, frame)
    draw_timeline_data(ax, data, frame)


def trip_timeline_figure(
    data: TimelineChart, *, figsize: tuple[float, float] = (10, 4.2)
) -> Figure:
    """A figure holding the trip timeline."""
    figure, ax = new_figure(figsize)
    draw_trip_timeline(ax, data)
    return figure


def timeline_hover(data: TimelineChart, x: float, y: float) -> str | None:
    """Tooltip: the trip under the pointer (destination, dates, length)."""
    if data.message is not None:
        return None
    rows = tuple(int(g) for g in np.unique(data.group))
    row = int(round(y))
    if not 0 <= row < len(rows) or abs(y - row) > BAR_HEIGHT / 2 + 0.1:
        return None
    day = day_of(x).toordinal()
    hits = np.flatnonzero((data.group == rows[row]) & (data.departure <= day) & (data.back >= day))
    if not hits.size:
        return None
    lines = []
    for i in hits[:3].tolist():
        first, last = date.fromordinal(int(data.departure[i])), date.fromordinal(int(data.back[i]))
        where = data.names[i] or _("No destination")
        if data.codes[i] and data.names[i] != data.codes[i]:
            where += f" ({data.codes[i]})"  # the name and its code
        days = (last - first).days + 1
        if data.planned[i]:
            text = ngettext(
                "{where}: {first} → {last}, {count} calendar day (planned)",
                "{where}: {first} → {last}, {count} calendar days (planned)",
                days,
            )
        elif data.under_way[i]:
            text = ngettext(
                "{where}: {first} → {last}, {count} calendar day (under way)",
                "{where}: {first} → {last}, {count} calendar days (under way)",
                days,
            )
        else:
            text = ngettext(
                "{where}: {first} → {last}, {count} calendar day",
                "{where}: {first} → {last}, {count} calendar days",
                days,
            )
        lines.append(
            text.format(where=where, first=format_date(first), last=format_date(last), count=days)
        )
    return "\n".join(lines)
