"""What every chart shares: the colour-blind-safe palette, state styles, date axes, messages.

Colours are the Okabe–Ito palette (distinguishable with every common colour-vision deficiency).
Colour never carries meaning alone: states also differ by hatch and by a written word, and
planned values by a dashed line or outline.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import matplotlib.dates as _dates_module
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import Collection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import Formatter
from matplotlib.transforms import offset_copy

from app.services.profile import Status
from app.services.wording import STATUS_WORDS
from app.services.wording.formats import month_names

# matplotlib.dates ships without type annotations; calls go through an Any so the package needs
# no per-module mypy override.
_dates: Any = _dates_module

BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#6E6E6E"
LIGHT_GREY = "#BBBBBB"

FONT = "DejaVu Sans"  # ships with matplotlib; has æ, ø, å and the arrows used in labels
TITLE_SIZE = 11.0
TEXT_SIZE = 9.0
SMALL_SIZE = 8.0
CHAR_POINTS = 4.8  # average width of a SMALL_SIZE DejaVu Sans character, in points


class StateStyle:
    """Colour, hatch and word for one traffic-light state."""

    __slots__ = ("colour", "hatch", "word")

    def __init__(self, colour: str, hatch: str, word: str) -> None:
        self.colour = colour
        self.hatch = hatch
        self.word = word


class _States(Mapping[Status, StateStyle]):
    """The state styles, their words in the current language (the status words' one home)."""

    _LOOK = {Status.GREEN: (GREEN, ""), Status.AMBER: (ORANGE, "//"), Status.RED: (VERMILLION, "x")}

    def __getitem__(self, status: Status) -> StateStyle:
        colour, hatch = self._LOOK[status]
        return StateStyle(colour, hatch, STATUS_WORDS[status])

    def __iter__(self) -> Iterator[Status]:
        return iter(self._LOOK)

    def __len__(self) -> int:
        return len(self._LOOK)


STATES: Mapping[Status, StateStyle] = _States()


def date_num(day: date) -> float:
    """matplotlib's number for a date (`date2num`)."""
    return float(_dates.date2num(day))


# Month names come from the chosen language (CLDR), not the process locale that strftime's %b
# reads: the concise formats write the month number between these marks, replaced afterwards.
_MONTH = re.compile("\u00a7(\\d\\d)\u00a7")
_MONTH_FORMAT = "\u00a7%m\u00a7"


def _with_months(formats: list[str]) -> list[str]:
    return [f.replace("%b", _MONTH_FORMAT) for f in formats]


class _DateFormatter(Formatter):
    """`ConciseDateFormatter`, except that the first tick names its year when no tick or offset
    does (a range from March to the next spring would otherwise not say which March), and the
    months are named in the current language."""

    def __init__(self, locator: Any) -> None:
        defaults = _dates.ConciseDateFormatter(locator)
        self._concise = _dates.ConciseDateFormatter(
            locator,
            formats=_with_months(list(defaults.formats)),
            zero_formats=_with_months(list(defaults.zero_formats)),
            offset_formats=_with_months(list(defaults.offset_formats)),
        )
        self._months: list[str] = []

    def _named(self, text: str) -> str:
        if "\u00a7" not in text:
            return text  # years and days only: no month names to look up (Babel's CLDR data)
        if not self._months:
            self._months = month_names()
        return _MONTH.sub(lambda m: self._months[int(m[1]) - 1], text)

    def set_axis(self, axis: Any) -> None:
        super().set_axis(axis)
        self._concise.set_axis(axis)

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self._named(str(self._concise(x, pos)))

    def format_ticks(self, values: Any) -> list[str]:
        labels = [self._named(str(label)) for label in self._concise.format_ticks(values)]
        if labels and not self.get_offset() and not _YEAR.search(labels[0]):
            labels[0] = f"{labels[0]} {day_of(float(values[0])).year}"
        return labels

    def get_offset(self) -> str:
        return self._named(str(self._concise.get_offset()))


_YEAR = re.compile(r"\d{4}")


def set_date_axis(ax: Axes) -> None:
    """Concise date ticks that stay legible from a month to twenty years of data."""
    locator = _dates.AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(_DateFormatter(locator))


def day_of(x: float) -> date:
    """The date a matplotlib date number falls on."""
    return date.fromordinal(date(1970, 1, 1).toordinal() + math.floor(x - _epoch_offset()))


def _epoch_offset() -> float:
    return date_num(date(1970, 1, 1))


def tick_font(ax: Axes, axis: Literal["x", "y", "both"] = "both") -> None:
    """Tick labels in the charts' font, present and future ones. (Setting it label by label
    made matplotlib compute the ticks while the chart was still being built.)"""
    ax.tick_params(axis=axis, labelfontfamily=FONT)


def nice_top(value: float) -> int:
    """A round upper bound for a y axis: steps of 10 up to 100, 25 up to 250, then 50."""
    step = 10 if value <= 100 else 25 if value <= 250 else 50
    return max(step, int(math.ceil(value / step) * step))


def titles(ax: Axes, title: str, lines: tuple[str, ...] = ()) -> None:
    """A bold title and small explanatory lines under it, both left-aligned above the axes."""
    width = int(figure_points(ax)[0] * 0.92 / CHAR_POINTS)
    lines = tuple(part for line in lines for part in textwrap.wrap(line, width) or [""])
    # A fixed y (the top of the axes, where matplotlib would put it: no chart has tick labels
    # on top) spares matplotlib looking for decorations to lift the title over, which measured
    # every tick on every layout pass and draw.
    ax.set_title(
        title,
        loc="left",
        fontsize=TITLE_SIZE,
        fontweight="bold",
        fontfamily=FONT,
        pad=6 + 11 * len(lines),
        y=1.0,
    )
    if lines:
        ax.annotate(
            "\n".join(lines),
            xy=(0, 1),
            xycoords="axes fraction",
            xytext=(0, 4),
            textcoords="offset points",
            fontsize=SMALL_SIZE,
            color="#333333",
            va="bottom",
            ha="left",
            fontfamily=FONT,
        )


def draw_message(ax: Axes, title: str, message: str, hint: str = "") -> None:
    """A clear sentence instead of an empty box (no trips, or the rule does not apply)."""
    ax.set_axis_off()
    titles(ax, title)
    ax.text(
        0.5,
        0.56,
        message,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=14,
        color="#222222",
        wrap=True,
        fontfamily=FONT,
        gid="message",
    )
    if hint:
        ax.text(
            0.5,
            0.42,
            hint,
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=TEXT_SIZE,
            color=GREY,
            wrap=True,
            fontfamily=FONT,
        )


def new_figure(figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """A constrained-layout figure with one axes (no pyplot)."""
    figure = Figure(figsize=figsize, layout="constrained")
    return figure, figure.add_subplot()


def legend_below(
    ax: Axes, handles: list[Artist], labels: list[str], *, drop: float = 30, ncols: int = 0
) -> None:
    """A one-row legend a fixed `drop` (points) below the axes, clear of the tick labels at any
    figure size; constrained layout makes room for it."""
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    transform = offset_copy(ax.transAxes, fig=figure, y=-drop, units="points")
    if not ncols:
        # As many entries in a row as fit the figure's width (handle, gap and text each).
        room, used, ncols = figure_points(ax)[0] * 0.9, 0.0, 0
        for label in labels:
            used += 40 + len(label) * CHAR_POINTS
            if used > room and ncols:
                break
            ncols += 1
    ax.legend(
        handles,
        labels,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=transform,
        ncols=ncols,
        frameon=False,
        prop={"family": FONT, "size": SMALL_SIZE},
        handlelength=2.2,
        columnspacing=1.2,
    )


def figure_points(ax: Axes) -> tuple[float, float]:
    """The figure's width and height in points."""
    figure = ax.get_figure(root=True)
    if not isinstance(figure, Figure):
        return 720.0, 405.0
    width, height = figure.get_size_inches()
    return float(width * 72), float(height * 72)


def axes_points(ax: Axes) -> tuple[float, float]:
    """The axes' width and height in points (before layout: the figure's current estimate)."""
    figure = ax.get_figure(root=True)
    if not isinstance(figure, Figure):
        return 576.0, 324.0
    position = ax.get_position()
    width, height = figure.get_size_inches()
    return float(position.width * width * 72), float(position.height * height * 72)


# ---------------------------------------------------------------------------------------------
# Themes: the window's charts follow its light or dark palette; the PDF is always light.

Theme = Literal["light", "dark"]


@dataclass(frozen=True, slots=True)
class ThemeColours:
    """The neutral colours of a theme (the Okabe–Ito data colours are the same in both)."""

    background: str
    axes: str
    text: str
    muted: str  # secondary text, spines
    faint: str  # grid lines, light fills


THEMES: dict[Theme, ThemeColours] = {
    "light": ThemeColours("#FFFFFF", "#FFFFFF", "#000000", "#333333", "#DDDDDD"),
    "dark": ThemeColours("#1F1F1F", "#262626", "#E6E6E6", "#BDBDBD", "#4A4A4A"),
}


def _neutral(rgba: tuple[float, float, float, float]) -> bool:
    r, g, b, _ = rgba
    return max(r, g, b) - min(r, g, b) < 0.06


def _lightness(rgba: tuple[float, float, float, float]) -> float:
    r, g, b, _ = rgba
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _mapped(colour: Any, colours: ThemeColours, *, fill: bool) -> Any:
    """A light-theme neutral in the dark theme: dark ink becomes light, white paper dark, light
    grey rules dim; colours that carry meaning (not grey) stay as they are."""
    rgba = to_rgba(colour)
    if rgba[3] == 0 or not _neutral(rgba):
        return colour
    alpha = rgba[3]
    lightness = _lightness(rgba)
    if lightness < 0.45:
        target = colours.text if lightness < 0.1 else colours.muted
    elif lightness > 0.97:
        target = colours.axes if fill else colours.background
    else:
        target = colours.faint
    return to_rgba(target, alpha)


def apply_theme(figure: Figure, theme: Theme) -> None:
    """Recolour a drawn figure's neutral parts (paper, ink, rules) for `theme`.

    The charts are drawn for paper (light); "light" only puts white paper back, so the PDF is
    untouched.
    """
    colours = THEMES[theme]
    # The figure's own paper outlives `figure.clear()`, so it is set in both themes.
    figure.patch.set_facecolor(colours.background)
    if theme == "light":
        return
    for ax in figure.get_axes():
        ax.patch.set_facecolor(colours.axes)
        for spine in ax.spines.values():
            spine.set_edgecolor(colours.muted)
        ax.tick_params(colors=colours.muted, labelcolor=colours.text)
        legend = ax.get_legend()
        if legend is not None:
            legend.get_frame().set_facecolor(colours.axes)
    for artist in figure.findobj():
        if isinstance(artist, Text):
            artist.set_color(_mapped(artist.get_color(), colours, fill=False))
            box = artist.get_bbox_patch()
            if box is not None:
                box.set_facecolor(_mapped(box.get_facecolor(), colours, fill=True))
                box.set_edgecolor(_mapped(box.get_edgecolor(), colours, fill=False))
        elif isinstance(artist, Line2D):
            artist.set_color(_mapped(artist.get_color(), colours, fill=False))
        elif isinstance(artist, Patch) and artist is not figure.patch:
            if any(artist is ax.patch for ax in figure.get_axes()):
                continue
            artist.set_facecolor(_mapped(artist.get_facecolor(), colours, fill=True))
            artist.set_edgecolor(_mapped(artist.get_edgecolor(), colours, fill=False))
        elif isinstance(artist, Collection):
            edges = artist.get_edgecolor()
            if len(edges):
                artist.set_edgecolor([_mapped(e, colours, fill=False) for e in list(edges)])
