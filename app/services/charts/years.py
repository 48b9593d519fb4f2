"""Citizenship: days abroad per calendar year against the two-month line, deducted years marked.

A year over two months has all of its days deducted from the residence time (rules.md §4.2):
such bars are vermillion, cross-hatched and labelled "deducted"; a year that depends on how UDI
reads "two months" is orange, hatched and labelled "maybe". Days from planned trips sit on top of
a bar with a dashed outline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from app.services.charts._style import (
    BLACK,
    CHAR_POINTS,
    FONT,
    ORANGE,
    SMALL_SIZE,
    STATES,
    VERMILLION,
    axes_points,
    draw_message,
    legend_below,
    new_figure,
    nice_top,
    tick_font,
    titles,
)
from app.services.profile import Status
from app.services.series import YearChart
from app.services.wording import N_, LazyLabels, _

STATE_WORDS: LazyLabels[Status] = LazyLabels(
    {Status.GREEN: "", Status.AMBER: N_("maybe"), Status.RED: N_("deducted")},
    translate=lambda text: _(text) if text else "",
)


@dataclass(frozen=True, slots=True)
class YearFrame:
    """What the static layer of the citizenship chart depends on."""

    title: str
    lines: tuple[str, ...]
    years: tuple[int, ...]
    as_of: date
    y_top: int
    no_deduction_max: int
    always_deducted_min: int
    has_planned: bool
    message: str | None


def year_frame(data: YearChart) -> YearFrame:
    """The frame: axes, the two-month lines and zones, year ticks."""
    if data.message is not None:
        return YearFrame(data.title, (), (), data.as_of, 0, 0, 0, False, data.message)
    totals = data.record + data.planned
    peak = max(int(totals.max()) if totals.size else 0, data.always_deducted_min)
    return YearFrame(
        title=data.title,
        lines=(data.subtitle, *data.notes),
        years=tuple(int(y) for y in data.years),
        as_of=data.as_of,
        y_top=nice_top(peak * 1.18),
        no_deduction_max=data.no_deduction_max,
        always_deducted_min=data.always_deducted_min,
        has_planned=bool(data.planned.any()),
        message=None,
    )


def draw_year_frame(ax: Axes, frame: YearFrame) -> None:
    """Axes, zones, lines and legend."""
    if frame.message is not None:
        draw_message(ax, frame.title, frame.message)
        return
    titles(ax, frame.title, frame.lines)
    years = frame.years
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    ax.set_ylim(0, frame.y_top)
    step = 1 if len(years) <= 14 else 2 if len(years) <= 28 else 5
    ticks = [y for y in years if (y - years[0]) % step == 0]
    ax.set_xticks(
        ticks,
        [_("{year}\n(so far)").format(year=y) if y == frame.as_of.year else str(y) for y in ticks],
    )
    ax.set_ylabel(_("Days abroad"), fontfamily=FONT)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    never, always = frame.no_deduction_max, frame.always_deducted_min
    edge = blended_transform_factory(ax.transAxes, ax.transData)
    ax.axhspan(never, always - 1, facecolor=ORANGE, alpha=0.18, linewidth=0)
    ax.axhspan(
        never, always - 1, facecolor="none", hatch="//", edgecolor=ORANGE, linewidth=0, alpha=0.6
    )
    ax.axhspan(always - 1, frame.y_top, facecolor=VERMILLION, alpha=0.06, linewidth=0)
    ax.axhline(never, color=BLACK, linewidth=1.3, gid="limit")
    ax.axhline(always - 1, color=BLACK, linewidth=1.0, linestyle="--", gid="lenient-limit")
    ax.text(
        1.006,
        (never + always - 1) / 2,
        _("Two months\n({low}–{high} days)").format(low=never, high=always - 1),
        transform=edge,
        ha="left",
        va="center",
        fontsize=SMALL_SIZE,
        fontfamily=FONT,
    )
    handles: list[Artist] = [
        Patch(facecolor=STATES[s].colour, hatch=STATES[s].hatch, edgecolor="white")
        for s in (Status.GREEN, Status.AMBER, Status.RED)
    ]
    labels = [
        _("Not deducted"),
        _("Maybe deducted (how UDI counts months)"),
        _("Deducted: all its days"),
    ]
    if frame.has_planned:
        handles.append(Patch(facecolor="white", edgecolor=BLACK, linestyle="--"))
        labels.append(_("Planned trips"))
    legend_below(ax, handles, labels, drop=40 if frame.as_of.year in ticks else 28)
    tick_font(ax)


def draw_year_data(ax: Axes, data: YearChart, frame: YearFrame) -> None:
    """The bars, their numbers and the deducted marks."""
    if frame.message is not None:
        return
    years = data.years.astype(np.float64)
    # One collection per state (not one patch per bar): the state's hatch, fewer artists.
    for status in (Status.GREEN, Status.AMBER, Status.RED):
        pick = np.array([s == status for s in data.statuses], dtype=bool) & (data.record > 0)
        if pick.any():
            ax.add_collection(
                PolyCollection(
                    _bar_verts(years[pick], data.record[pick], np.zeros(int(pick.sum()))),
                    facecolors=STATES[status].colour,
                    edgecolors="white",
                    hatch=STATES[status].hatch or None,
                    linewidths=0.8,
                    gid=f"record-{status.value}",
                ),
                autolim=False,
            )
    planned = np.flatnonzero(data.planned)
    if planned.size:
        ax.add_collection(
            PolyCollection(
                _bar_verts(years[planned], data.planned[planned], data.record[planned]),
                facecolors=[STATES[data.planned_statuses[i]].colour for i in planned.tolist()],
                alpha=0.45,
                edgecolors=BLACK,
                linestyles="--",
                linewidths=1.0,
                gid="planned",
            ),
            autolim=False,
        )
    labels = []
    for index, year in enumerate(years.tolist()):
        record, extra = int(data.record[index]), int(data.planned[index])
        status = data.planned_statuses[index] if extra else data.statuses[index]
        total = record + extra
        if total == 0 and int(year) != data.as_of.year:
            continue
        number = f"{record}+{extra}" if record and extra else f"+{extra}" if extra else f"{record}"
        labels.append((year, total, number, STATE_WORDS[status], status))
    per_year = axes_points(ax)[0] / (len(years) + 0.2)
    mode = label_mode(per_year, [n for _, _, n, _, _ in labels], any(w for *_, w, _ in labels))
    if mode is None:
        return  # too narrow for any number: the hover tooltip gives each year's figure
    for year, total, number, word, status in labels:
        # Where the words would collide the hatch and the legend say it instead.
        text = f"{number}\n{word}" if word and mode == "words" else number
        ax.text(
            year,
            total + frame.y_top * 0.012,
            text,
            ha="center",
            va="bottom",
            rotation=90 if mode == "upright" else 0,
            fontsize=SMALL_SIZE,
            fontfamily=FONT,
            fontweight="bold" if status == Status.RED else "normal",
            gid="bar-label",
        )


LabelMode = Literal["words", "numbers", "upright"]
# "deducted", the longest state word, in SMALL_SIZE characters.
_WORD_CHARS = max(len(word) for word in STATE_WORDS.values())


def label_mode(per_year: float, numbers: list[str], has_words: bool) -> LabelMode | None:
    """How the bar labels fit `per_year` points each without touching their neighbours:
    number and word, the number alone, the number turned upright, or no labels at all."""
    if not numbers:
        return "numbers"
    # Bold digits run about a tenth wider than CHAR_POINTS; keep a point or two between labels.
    room = per_year - 2
    widest = max(len(n) for n in numbers) * CHAR_POINTS * 1.1
    if room >= max(widest, _WORD_CHARS * CHAR_POINTS * 1.1 if has_words else 0):
        return "words"
    if room >= widest:
        return "numbers"
    if room >= SMALL_SIZE * 1.25:  # one upright line is a line's height wide
        return "upright"
    return None


BAR_WIDTH = 0.7


def _bar_verts(xs: np.ndarray, heights: np.ndarray, bottoms: np.ndarray) -> list[np.ndarray]:
    """Rectangles centred on `xs`, each as its four corners."""
    left, right = xs - BAR_WIDTH / 2, xs + BAR_WIDTH / 2
    top = bottoms + heights
    corners = np.stack(
        [
            np.column_stack([left, bottoms]),
            np.column_stack([left, top]),
            np.column_stack([right, top]),
            np.column_stack([right, bottoms]),
        ],
        axis=1,
    ).astype(np.float64)
    return list(corners)


def draw_citizenship_years(ax: Axes, data: YearChart) -> None:
    """Draw the citizenship chart into `ax`."""
    frame = year_frame(data)
    draw_year_frame(ax, frame)
    draw_year_data(ax, data, frame)


def citizenship_years_figure(
    data: YearChart, *, figsize: tuple[float, float] = (10, 5.6)
) -> Figure:
    """A figure holding the citizenship chart."""
    figure, ax = new_figure(figsize)
    draw_citizenship_years(ax, data)
    return figure


def year_hover(data: YearChart, x: float, y: float) -> str | None:
    """Tooltip: the year under the pointer, its days and what happens to them."""
    if data.message is not None or not data.years.size:
        return None
    year = int(round(x))
    index = year - int(data.years[0])
    if not 0 <= index < data.years.size or abs(x - year) > 0.4:
        return None
    record, planned = int(data.record[index]), int(data.planned[index])
    status = data.planned_statuses[index] if planned else data.statuses[index]
    verdict = {
        Status.GREEN: _("not deducted"),
        Status.AMBER: _("deducted only if UDI reads two months strictly"),
        Status.RED: _("all of them deducted from the residence time"),
    }[status]
    if planned:
        return _("{year}: {days} days abroad + {planned} planned, {verdict}").format(
            year=year, days=record, planned=planned, verdict=verdict
        )
    return _("{year}: {days} days abroad, {verdict}").format(
        year=year, days=record, verdict=verdict
    )
