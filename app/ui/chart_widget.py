"""A matplotlib canvas that shows one prepared chart and redraws only what changed.

A chart comes in two layers (`app.services.charts.PreparedChart`): the frame (axes, limits,
zones, legend) and the data (lines, bars, markers). A full redraw draws both with `draw_idle`
and keeps the frame's pixels. When the next chart has the same frame (one trip edited), only the
data layer is redrawn over those pixels and blitted: no layout, ticks or text of the frame are
rendered again, and nothing flickers. See matplotlib's "Faster rendering by using blitting".

Text is the slow part of a matplotlib draw (several ms per label in 3.11, glyph by glyph), so
the data layer's labels are reused too: a label drawn last time with the same text, style and
place is copied back from its pixels instead of being rendered again, if those pixels cannot
hold anything else (its box is opaque, or no other data artist overlaps it).

A full draw is laid out on one turn of the event loop and rendered on a later one (`_Canvas`), so
the window never freezes for both at once: at 2,000 trips each is 50–70 ms, together 100–150 ms.

Importing this module imports matplotlib's Qt backend (about 0.4 s), so the main window builds
the chart panel after its first paint.
"""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Hashable

import numpy as np
import shiboken6
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import DrawEvent, Event, MouseEvent, RendererBase
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox
from PySide6.QtCore import QEvent, QPoint, QSize, QTimer
from PySide6.QtGui import QColor, QCursor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QVBoxLayout, QWidget

from app.services.charts import PreparedChart, Theme, apply_theme
from app.ui.colors import is_dark

log = logging.getLogger(__name__)


class _Canvas(FigureCanvasQTAgg):
    """The Qt canvas: a draw it is asked for is laid out on one turn and rendered on a later one.

    Either half alone keeps the event loop waiting well under 100 ms; both in one turn (as
    matplotlib's `draw_idle` does) froze the window for 100–150 ms on opening the charts. While
    the render waits, a paint shows the last rendered frame. It counts the paints that show a
    rendered frame (tests and the benchmarks wait for one).
    """

    def __init__(self, figure: Figure) -> None:
        super().__init__(figure)
        self.paints = 0
        self.layouts_ahead = 0  # layouts computed a turn before their render (for tests)
        self._laid_out = False  # the figure is laid out for the next draw: it skips the layout
        # The renderer of the last render: its buffer is the frame shown while a render waits.
        self._rendered: RendererAgg | None = None

    def draw_idle(self) -> None:
        """Ask for a draw: laid out on a later turn of the event loop, rendered on the one
        after that, each behind every timer already due when the turn before it ends."""
        self._laid_out = False  # whatever asks for a draw may have changed what to lay out
        if not (self._draw_pending or self._is_drawing):
            self._draw_pending = True
            QTimer.singleShot(0, self._after_this_turn)

    def _after_this_turn(self) -> None:
        # A zero timer runs as soon as the turn that asked ends, ahead of timers already due
        # (a 1 ms timer started then could still be due before them); this one queues behind.
        QTimer.singleShot(1, self._draw_idle)

    def _draw_idle(self) -> None:
        if (
            self._draw_pending
            and not self._laid_out
            and not self._is_drawing
            and shiboken6.isValid(self)
            and self.width() > 0
            and self.height() > 0
        ):
            self._lay_out()
            QTimer.singleShot(1, self._draw_idle)  # the render
            return
        super()._draw_idle()
        self._laid_out = False  # drawn, or not at all (no size): a later draw lays out afresh

    def _lay_out(self) -> None:
        engine = self.figure.get_layout_engine()
        if engine is not None and self.figure.axes:
            # As `Figure.draw` does: a figure too small to lay out is drawn as it is.
            with contextlib.suppress(ValueError):
                engine.execute(self.figure)
        self._laid_out = True
        self.layouts_ahead += 1

    def draw(self) -> None:
        if not self._laid_out:
            super().draw()
        else:
            self._laid_out = False
            engine = self.figure.get_layout_engine()
            self.figure.set_layout_engine("none")  # laid out a turn ago: not again
            try:
                super().draw()
            finally:
                self.figure.set_layout_engine(engine)
        # Its buffer keeps this frame (and the blits onto it) until the next render clears it,
        # even when a layout for a new size has put a fresh renderer on the canvas.
        self._rendered = self.renderer

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._draw_pending:
            super().paintEvent(event)  # its own `_draw_idle` call finds nothing pending
            self.paints += 1
            return
        # A draw is on its way (its timer does it, not this paint): the last frame meanwhile.
        painter = QPainter(self)
        try:
            painter.fillRect(event.rect(), QColor.fromRgbF(*to_rgba(self.figure.get_facecolor())))
            if self._rendered is not None:
                frame = np.asarray(self._rendered.buffer_rgba())
                height, width = frame.shape[:2]
                image = QImage(frame.data, width, height, width * 4, QImage.Format.Format_RGBA8888)
                image.setDevicePixelRatio(self.device_pixel_ratio)
                painter.drawImage(QPoint(0, 0), image)
        finally:
            painter.end()


class ChartWidget(QWidget):
    """One figure with one axes; `show_chart` puts a prepared chart on it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure = Figure(layout="constrained")
        self.canvas = _Canvas(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumSize(QSize(420, 260))
        self.axes = self.figure.add_subplot()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)

        self.chart: PreparedChart | None = None
        self._dynamic: list[Artist] = []
        self._background: object | None = None
        self._text_pixels: dict[Hashable, object] = {}  # label key → its pixels, last draw
        self.reused_labels = 0  # labels copied back instead of rendered (for tests)
        self._tooltip = ""
        self.full_draws = 0  # how often the whole figure was laid out and drawn
        self.fast_draws = 0  # how often only the data layer was redrawn
        self.canvas.mpl_connect("draw_event", self._on_draw)
        self.canvas.mpl_connect("motion_notify_event", self._on_motion)
        self.canvas.mpl_connect("figure_leave_event", self._on_leave)
        self.canvas.mpl_connect("resize_event", self._on_resize)

    @property
    def paints(self) -> int:
        """Paint events the canvas has handled."""
        return self.canvas.paints

    def show_chart(self, chart: PreparedChart) -> None:
        """Show `chart`: only its data layer when the frame is unchanged, else everything."""
        previous, self.chart = self.chart, chart
        can_blit = (
            previous is not None
            and previous.chart_id == chart.chart_id
            and previous.frame_key == chart.frame_key
            and self._background is not None
            and not getattr(self.canvas, "_draw_pending", False)
            and self.canvas.isVisible()
        )
        if can_blit:
            self._redraw_data(chart)
        else:
            self._redraw_all(chart)

    def _take_dynamic(self, chart: PreparedChart) -> None:
        """Draw the data layer and mark its artists as animated (drawn by us, not by draw())."""
        before = set(self.axes.get_children())
        chart.draw_data(self.axes)
        apply_theme(self.figure, self.theme)
        self._dynamic = sorted(
            (a for a in self.axes.get_children() if a not in before), key=lambda a: a.get_zorder()
        )
        for artist in self._dynamic:
            artist.set_animated(True)

    @property
    def theme(self) -> Theme:
        """The charts' theme: the window palette's."""
        return "dark" if is_dark(self.palette()) else "light"

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The theme changed: the frame's pixels are in the old colours, so draw everything.
        if event.type() == QEvent.Type.PaletteChange and self.chart is not None:
            self._redraw_all(self.chart)

    def _redraw_all(self, chart: PreparedChart) -> None:
        self._background = None
        # A fresh axes: charts switch spines, axis visibility and locators, which clear() keeps.
        self.figure.clear()
        self.axes = self.figure.add_subplot()
        chart.draw_frame(self.axes)
        self._take_dynamic(chart)
        self.full_draws += 1
        self.canvas.draw_idle()

    def _redraw_data(self, chart: PreparedChart) -> None:
        for artist in self._dynamic:
            artist.remove()
        self._take_dynamic(chart)
        self.canvas.restore_region(self._background)
        self._draw_dynamic(reuse=True)
        self.fast_draws += 1
        self.canvas.blit(self.figure.bbox)

    def _draw_dynamic(self, *, reuse: bool = False) -> None:
        """Draw the data layer; reuse labels' pixels from the last draw where that is safe."""
        renderer = self.canvas.get_renderer()
        extents = _extents(self.axes, self._dynamic, renderer)
        isolated = _isolated(self._dynamic, extents)
        previous, self._text_pixels = self._text_pixels, {}
        keep: list[tuple[Hashable, Bbox]] = []
        for index, artist in enumerate(self._dynamic):
            extent = extents[index]
            key = _label_key(artist, extent) if isolated[index] else None
            if reuse and key is not None and key in previous:
                self.canvas.restore_region(previous[key])
                self._text_pixels[key] = previous[key]
                self.reused_labels += 1
                continue
            self.axes.draw_artist(artist)
            if key is not None and extent is not None:
                keep.append((key, extent))
        for key, extent in keep:
            self._text_pixels[key] = self.canvas.copy_from_bbox(extent)

    def _on_draw(self, event: Event) -> None:
        """After a full draw: keep the frame's pixels, then draw the data layer on top."""
        assert isinstance(event, DrawEvent)
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._draw_dynamic()

    def _on_resize(self, _event: Event) -> None:
        """Build the chart again for the new size (legend rows and title wrapping depend on
        it); the canvas draws it once the resizing settles."""
        if self.chart is not None:
            self._redraw_all(self.chart)

    def _on_motion(self, event: Event) -> None:
        """Tooltip with the date (or bar) under the pointer and its figure."""
        assert isinstance(event, MouseEvent)
        text = ""
        if (
            self.chart is not None
            and event.inaxes is self.axes
            and event.xdata is not None
            and event.ydata is not None
        ):
            text = self.chart.hover(float(event.xdata), float(event.ydata)) or ""
        if text == self._tooltip:
            return
        self._tooltip = text
        if text:
            QToolTip.showText(QCursor.pos(), text, self.canvas)
        else:
            QToolTip.hideText()

    def _on_leave(self, _event: Event) -> None:
        self._tooltip = ""
        QToolTip.hideText()

    @property
    def tooltip(self) -> str:
        """The tooltip text now showing ("" for none)."""
        return self._tooltip


def _extents(axes: Axes, artists: list[Artist], renderer: RendererBase) -> list[Bbox | None]:
    """Every artist's area on the canvas; bars (rectangles in data units) in one transform."""
    found: list[Bbox | None] = [None] * len(artists)
    bars = [
        i
        for i, a in enumerate(artists)
        if type(a) is Rectangle and a.get_angle() == 0 and a.get_data_transform() == axes.transData
    ]
    if bars:
        corners = np.array(
            [
                (r.get_x(), r.get_y(), r.get_x() + r.get_width(), r.get_y() + r.get_height())
                for r in (artists[i] for i in bars)
                if isinstance(r, Rectangle)
            ]
        )
        low = axes.transData.transform(corners[:, :2])
        high = axes.transData.transform(corners[:, 2:])
        for row, index in enumerate(bars):
            box = Bbox([np.minimum(low[row], high[row]), np.maximum(low[row], high[row])])
            found[index] = box.padded(2.0)  # the edge line
    for index, artist in enumerate(artists):
        if found[index] is None:
            found[index] = _extent(artist, renderer)
    return found


def _extent(artist: Artist, renderer: RendererBase) -> Bbox | None:
    """The artist's area on the canvas (a label's with its box), padded by a pixel."""
    try:
        box = artist.get_window_extent(renderer)
        if isinstance(artist, Text) and (patch := artist.get_bbox_patch()) is not None:
            artist.update_bbox_position_size(renderer)
            box = Bbox.union([box, patch.get_window_extent(renderer)])
    except (RuntimeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in box.bounds):
        return None  # an empty collection has an infinite extent
    return box.padded(1.0)


def _label_key(artist: Artist, extent: Bbox | None) -> Hashable | None:
    """What decides a label's pixels: its text, style and place (None: not a reusable label)."""
    if not isinstance(artist, Text) or extent is None or not artist.get_text():
        return None
    if isinstance(artist, Annotation) and artist.arrow_patch is not None:
        return None
    patch = artist.get_bbox_patch()
    box = None
    if patch is not None:
        box = (
            tuple(patch.get_facecolor()),
            tuple(patch.get_edgecolor()),
            patch.get_linestyle(),
            patch.get_alpha(),
        )
    return (
        artist.get_text(),
        tuple(round(v, 1) for v in extent.bounds),
        str(artist.get_color()),
        artist.get_fontsize(),
        str(artist.get_fontweight()),
        artist.get_rotation(),
        box,
    )


def _opaque(artist: Text) -> bool:
    patch = artist.get_bbox_patch()
    return (
        patch is not None
        and patch.get_alpha() in (None, 1.0)
        and to_rgba(patch.get_facecolor())[3] == 1.0
    )


def _isolated(artists: list[Artist], extents: list[Bbox | None]) -> list[bool]:
    """For each artist, whether it is a label whose pixels hold nothing but the frame and
    itself: its box is opaque and nothing is drawn above it, or no other data artist reaches
    into it (an artist of unknown extent reaches everywhere)."""
    if not artists:
        return []
    boxes = np.array(
        [(-np.inf, -np.inf, np.inf, np.inf) if e is None else e.extents for e in extents]
    )
    zorders = np.array([a.get_zorder() for a in artists])
    found: list[bool] = []
    for index, artist in enumerate(artists):
        if not isinstance(artist, Text) or extents[index] is None:
            found.append(False)
            continue
        others = np.ones(len(artists), dtype=bool)
        others[index] = False
        if _opaque(artist) and not (zorders[others] > zorders[index]).any():
            found.append(True)
            continue
        x0, y0, x1, y1 = boxes[index]
        overlap = (boxes[:, 0] < x1) & (boxes[:, 2] > x0) & (boxes[:, 1] < y1) & (boxes[:, 3] > y0)
        found.append(not (overlap & others).any())
    return found
