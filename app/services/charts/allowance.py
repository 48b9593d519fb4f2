"""Allowance left: one bar per rule, days used against the limit, in the rule's state.

Limits differ (90, 182, 210, 58, 730 days), so bars are drawn as a share of each rule's limit,
with the limit at 100 %. The numbers are written on every bar: "184 of 182 days", the days left
or over, and the state as a word; the state also sets colour and hatch. With planned trips a
dashed outline shows where the bar would reach.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from app.services.charts._style import (
    BLACK,
    CHAR_POINTS,
    FONT,
    SMALL_SIZE,
    STATES,
    TEXT_SIZE,
    axes_points,
    draw_message,
    legend_below,
    new_figure,
    tick_font,
    titles,
)
from app.services.profile import Status
from app.services.series import AllowanceChart, AllowanceRow
from app.services.wording import _
from app.services.wording.formats import format_date

MAX_SHARE = 1.6  # bars are cut here (and say so) so one huge overrun keeps the others readable
BAR_HEIGHT = 0.42


@dataclass(frozen=True, slots=True)
class AllowanceFrame:
    """What the static layer depends on: the rows' names and the scale."""

    title: str
    labels: tuple[str, ...]
    x_top: float
    has_planned: bool
    message: str | None  # shown instead of the bars (no trips yet, no rule applies)
    hint: str


def _share(used: int, limit: int) -> float:
    return used / limit if limit > 0 else (0.0 if used == 0 else MAX_SHARE)


def allowance_frame(data: AllowanceChart) -> AllowanceFrame:
    """The frame: row labels and the x scale (100 % or enough for the largest bar)."""
    if data.message is not None or not data.rows:
        names = ", ".join(r.label for r in data.rows)
        hint = (
            _("Add a trip to see how much of each allowance it uses ({names}).").format(names=names)
            if names
            else ""
        )
        return AllowanceFrame(data.title, (), 1.0, False, data.message or "", hint)
    shares = [_share(r.used, r.limit) for r in data.rows]
    shares += [_share(r.planned_used, r.limit) for r in data.rows if r.planned_used is not None]
    top = 1.25 if max(shares) <= 1.1 else MAX_SHARE + 0.05
    return AllowanceFrame(
        title=data.title,
        labels=tuple(_row_label(r) for r in data.rows),
        x_top=top,
        has_planned=any(r.planned_used is not None for r in data.rows),
        message=None,
        hint="",
    )


def _row_label(row: AllowanceRow) -> str:
    return "\n".join(textwrap.wrap(row.label, 20))


def draw_allowance_frame(ax: Axes, frame: AllowanceFrame) -> None:
    """Row names, the 100 % line and the legend."""
    if frame.message is not None:
        draw_message(ax, frame.title, frame.message, frame.hint)
        return
    titles(ax, frame.title, (_("Bars show each rule's days used as a share of its limit."),))
    count = len(frame.labels)
    ax.set_ylim(count - 0.45, -0.75)
    ax.set_xlim(0, frame.x_top)
    ax.set_yticks(range(count), frame.labels, fontfamily=FONT, fontsize=TEXT_SIZE)
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0] + ([1.5] if frame.x_top > 1.3 else []))
    ax.axvline(1.0, color=BLACK, linewidth=1.3, gid="limit")
    ax.grid(axis="x", color="#E2E2E2", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles: list[Artist] = [
        Patch(facecolor=STATES[s].colour, hatch=STATES[s].hatch, edgecolor="white")
        for s in (Status.GREEN, Status.AMBER, Status.RED)
    ]
    labels = [STATES[s].word for s in (Status.GREEN, Status.AMBER, Status.RED)]
    handles.append(Line2D([], [], color=BLACK, linewidth=1.3))
    labels.append(_("Limit (100 %)"))
    if frame.has_planned:
        handles.append(Patch(facecolor="none", edgecolor=BLACK, linestyle="--"))
        labels.append(_("At the end of your plans"))
    legend_below(ax, handles, labels, drop=22)
    tick_font(ax, "x")


def draw_allowance_data(ax: Axes, data: AllowanceChart, frame: AllowanceFrame) -> None:
    """The bars, and the numbers above each bar."""
    if frame.message is not None:
        return
    room = int(axes_points(ax)[0] / CHAR_POINTS)  # characters that fit across the axes
    for index, row in enumerate(data.rows):
        style = STATES[row.status]
        share = min(_share(row.used, row.limit), MAX_SHARE)
        ax.barh(
            index,
            share,
            height=BAR_HEIGHT,
            color=style.colour,
            hatch=style.hatch,
            edgecolor="white",
            linewidth=0.8,
            gid="used",
        )
        if row.planned_used is not None and row.planned_used != row.used:
            planned = min(_share(row.planned_used, row.limit), MAX_SHARE)
            ax.barh(
                index,
                planned,
                height=BAR_HEIGHT,
                facecolor="none",
                edgecolor=STATES[row.planned_status or row.status].colour,
                linestyle="--",
                linewidth=1.6,
                gid="planned",
            )
        ax.text(
            0.004,
            index - BAR_HEIGHT / 2 - 0.04,
            _bar_text(row, clipped=_share(row.used, row.limit) > MAX_SHARE, room=room),
            ha="left",
            va="bottom",
            fontsize=SMALL_SIZE,
            fontfamily=FONT,
            gid="bar-label",
        )


def _bar_text(row: AllowanceRow, *, clipped: bool, room: int = 200) -> str:
    left = row.limit - row.used
    word = STATES[row.status].word
    state = _("{status} but close to the limit").format(status=word) if row.close else word
    amount = (
        _("{days} left").format(days=left) if left >= 0 else _("{days} over").format(days=-left)
    )
    text = _("{used} of {limit} days · {amount} · {state}").format(
        used=row.used, limit=row.limit, amount=amount, state=state
    )
    if clipped:
        text += " " + _("(bar cut at 160 %)")
    if row.planned_used is not None and row.planned_used != row.used and row.planned_on:
        planned_state = STATES[row.planned_status or row.status].word
        plans = _("with plans, on {date}: {used} · {state}").format(
            date=format_date(row.planned_on), used=row.planned_used, state=planned_state
        )
        text += f"   |   {plans}" if len(text) + len(plans) + 7 <= room else f"\n{plans}"
    return text


def draw_allowance(ax: Axes, data: AllowanceChart) -> None:
    """Draw the allowance chart into `ax`."""
    frame = allowance_frame(data)
    draw_allowance_frame(ax, frame)
    draw_allowance_data(ax, data, frame)


def allowance_figure(data: AllowanceChart, *, figsize: tuple[float, float] = (10, 5.6)) -> Figure:
    """A figure holding the allowance chart."""
    figure, ax = new_figure(figsize)
    draw_allowance(ax, data)
    return figure


def allowance_hover(data: AllowanceChart, x: float, y: float) -> str | None:
    """Tooltip: the rule under the pointer with its window and figures."""
    index = int(round(y))
    if data.message is not None or not 0 <= index < len(data.rows):
        return None
    row = data.rows[index]
    text = _("{rule}: {used} of {limit} days ({window}), {status}").format(
        rule=row.label,
        used=row.used,
        limit=row.limit,
        window=row.window,
        status=STATES[row.status].word,
    )
    if row.lenient_limit != row.limit:
        text += "\n" + _("Up to {limit} on the most lenient reading").format(
            limit=row.lenient_limit
        )
    if row.planned_used is not None and row.planned_on is not None:
        text += "\n" + _("With planned trips, on {date}: {used}").format(
            date=format_date(row.planned_on), used=row.planned_used
        )
    return text
