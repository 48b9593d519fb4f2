"""Draw a matplotlib `Figure` straight onto a reportlab canvas: vectors, with text as real text.

The usual route saves the figure as SVG and parses it back with svglib. With a
20-year history that costs about 3 s for the six charts (matplotlib writing SVG, then svglib
re-reading every bar with its clip path; bench/bench_report.py measures both), against a 2 s
budget for the whole report. This renderer skips the SVG round trip: matplotlib's own drawing
pass calls it with paths and strings, and it writes them as PDF path operators (one literal per
path) and reportlab text in the embedded DejaVu fonts. The output stays vector, and chart
labels are selectable, searchable text.

It implements what the charts use: filled and stroked paths with alpha, dashes, caps and
joins, clip rectangles and clip paths, hatches (one-inch cells, as in matplotlib's own PDF
backend), text at any angle, and images (drawn as images). Markers and collections come through
`RendererBase`'s fallbacks as single paths. The figure is drawn at 72 dpi, so one display unit
is one PDF point.

Each chart is drawn once at a fixed size, so it is laid out once (`fit_axes`: constrained
layout's first pass) rather than by constrained layout's two passes, which measure every tick
label and text twice more; that was the largest part of the charts' time. The report places
each chart as a form (`chart_forms`), which may draw it in a second process.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import math
from collections.abc import Sequence
from typing import Any, Literal, cast

import numpy as np
from matplotlib import _path as _mpl_path
from matplotlib.backend_bases import FigureCanvasBase, GraphicsContextBase, RendererBase
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.path import Path
from matplotlib.transforms import Affine2D, Affine2DBase, Bbox, Transform
from matplotlib.typing import ColorType, LineStyleType
from numpy.typing import ArrayLike
from reportlab.lib.utils import ImageReader  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]

from app.services.report import fonts

# Private, but what matplotlib's own PDF and PostScript backends format paths with.
_convert_to_string: Any = getattr(_mpl_path, "convert_to_string", None)

log = logging.getLogger(__name__)

HATCH_CELL = 72.0  # one inch, as matplotlib's PDF and Agg backends tile hatches
_CAPS = {"butt": 0, "round": 1, "projecting": 2}
_JOINS = {"miter": 0, "round": 1, "bevel": 2}
_BOLD_WEIGHTS = {"semibold", "demibold", "demi", "bold", "heavy", "extra bold", "black"}


def _num(value: float) -> str:
    """A number for the content stream: two decimals (1/7200 inch) is finer than any printer,
    and keeps long series small. Trailing zeros go, as matplotlib's own PDF output does."""
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


_PDF_CODES = [b"m", b"l", b"", b"c", b"h"]  # MOVETO LINETO CURVE3 (as cubic) CURVE4 CLOSEPOLY


def path_operators(
    path: Path,
    transform: Transform | None,
    clip: tuple[float, float, float, float] | None = None,
    simplify: bool = False,
) -> str:
    """The path as PDF path-construction operators (m, l, c, h) after the affine `transform`.

    matplotlib's PDF and PostScript backends format paths with the compiled
    `matplotlib._path.convert_to_string`; it is about ten times faster than Python here, so it
    is used when present, with `python_path_operators` (the same output) as the fallback.
    """
    global _convert_to_string
    if _convert_to_string is not None:
        try:
            data = _convert_to_string(path, transform, clip, simplify, None, 2, _PDF_CODES, True)
            return bytes(data).decode("ascii").rstrip("\n")
        except (TypeError, ValueError) as exc:  # a newer matplotlib changed the private API
            log.warning("Using the slower path conversion: %s", exc)
            _convert_to_string = None
    return python_path_operators(path, transform, clip, simplify)


def python_path_operators(
    path: Path,
    transform: Transform | None,
    clip: tuple[float, float, float, float] | None = None,
    simplify: bool = False,
) -> str:
    """`path_operators` in plain Python (public matplotlib API only)."""
    cleaned = path.cleaned(
        transform=transform, remove_nans=True, clip=clip, simplify=simplify, curves=True
    )
    if cleaned.codes is None:
        return ""
    vertices: list[list[float]] = np.asarray(cleaned.vertices, dtype=np.float64).tolist()
    for_code: list[int] = np.asarray(cleaned.codes).tolist()
    out: list[str] = []
    i, size = 0, len(for_code)
    last_x = last_y = start_x = start_y = 0.0
    while i < size:
        code = for_code[i]
        if code == Path.LINETO:
            x, y = vertices[i]
            out.append(f"{_num(x)} {_num(y)} l")
            last_x, last_y = x, y
            i += 1
        elif code == Path.MOVETO:
            x, y = vertices[i]
            out.append(f"{_num(x)} {_num(y)} m")
            last_x, last_y = start_x, start_y = x, y
            i += 1
        elif code == Path.CURVE4:
            (x1, y1), (x2, y2), (x3, y3) = vertices[i : i + 3]
            out.append(f"{_num(x1)} {_num(y1)} {_num(x2)} {_num(y2)} {_num(x3)} {_num(y3)} c")
            last_x, last_y = x3, y3
            i += 3
        elif code == Path.CURVE3:
            # PDF has only cubic curves; a quadratic one is the cubic with these controls.
            (qx, qy), (x3, y3) = vertices[i : i + 2]
            x1, y1 = last_x + 2 / 3 * (qx - last_x), last_y + 2 / 3 * (qy - last_y)
            x2, y2 = x3 + 2 / 3 * (qx - x3), y3 + 2 / 3 * (qy - y3)
            out.append(f"{_num(x1)} {_num(y1)} {_num(x2)} {_num(y2)} {_num(x3)} {_num(y3)} c")
            last_x, last_y = x3, y3
            i += 2
        elif code == Path.CLOSEPOLY:
            out.append("h")
            last_x, last_y = start_x, start_y
            i += 1
        else:  # STOP
            break
    return "\n".join(out)


# matplotlib 3.11 made `hatchcolors` a required keyword of RendererBase._iter_collection; 3.10,
# the oldest we support, has no such argument.
_ITER_COLLECTION: Any = getattr(RendererBase, "_iter_collection")  # noqa: B009 (not in the stubs)
_ITER_TAKES_HATCHCOLORS = "hatchcolors" in inspect.signature(_ITER_COLLECTION).parameters


def _hatch_arguments(hatchcolors: object) -> dict[str, object]:
    """The `hatchcolors` keyword for `_iter_collection`, where this matplotlib has it."""
    if not _ITER_TAKES_HATCHCOLORS:
        return {}
    return {"hatchcolors": [] if hatchcolors is None else hatchcolors}


def _rgb(color: Any) -> tuple[float, float, float, float]:
    values = tuple(float(c) for c in color)
    return (values[0], values[1], values[2], values[3] if len(values) > 3 else 1.0)


def _color(rgba: tuple[float, float, float, float], operator: str) -> str:
    return f"{_num(rgba[0])} {_num(rgba[1])} {_num(rgba[2])} {operator}"


class CanvasRenderer(RendererBase):
    """A matplotlib renderer whose output is a reportlab canvas, at 72 dpi."""

    def __init__(self, canvas: Any, width: float, height: float) -> None:
        super().__init__()
        self.canvas = canvas
        self.width = width
        self.height = height

    # What matplotlib asks of every renderer

    def flipy(self) -> bool:
        return False

    def get_canvas_width_height(self) -> tuple[float, float]:
        return self.width, self.height

    def points_to_pixels(self, points: ArrayLike) -> ArrayLike:
        return points

    def option_image_nocomposite(self) -> bool:
        return True

    def get_text_width_height_descent(
        self, s: str, prop: FontProperties, ismath: bool | Literal["TeX"]
    ) -> tuple[float, float, float]:
        width, height, descent = super().get_text_width_height_descent(s, prop, ismath)
        if ismath:
            return width, height, descent
        # The width reportlab will draw, so centred and right-aligned labels land exactly.
        return stringWidth(s, _font_name(prop), prop.get_size_in_points()), height, descent

    # Drawing

    def _begin(self, gc: GraphicsContextBase) -> None:
        """Save the state and clip to the gc's rectangle and path (restore when done)."""
        self.canvas.saveState()
        clip = self._clip_ops(gc)
        if clip:
            self.canvas.addLiteral(clip)

    def _clip_ops(self, gc: GraphicsContextBase) -> str:
        ops: list[str] = []
        rect = gc.get_clip_rectangle()
        if rect is not None:
            x0, y0, w, h = rect.bounds
            ops.append(f"{_num(x0)} {_num(y0)} {_num(w)} {_num(h)} re W n")
        clip_path, clip_transform = gc.get_clip_path()
        if clip_path is not None:
            # At run time this is the already transformed Path (the stubs say TransformedPath).
            ops.append(path_operators(cast(Path, clip_path), clip_transform) + " W n")
        return "\n".join(ops)

    def draw_path_collection(
        self,
        gc: GraphicsContextBase,
        master_transform: Transform,
        paths: Sequence[Path],
        all_transforms: Sequence[ArrayLike],
        offsets: ArrayLike | Sequence[ArrayLike],
        offset_trans: Transform,
        facecolors: ColorType | Sequence[ColorType],
        edgecolors: ColorType | Sequence[ColorType],
        linewidths: float | Sequence[float],
        linestyles: LineStyleType | Sequence[LineStyleType],
        antialiaseds: bool | Sequence[bool],
        urls: str | Sequence[str],
        offset_position: Any,
        *,
        hatchcolors: ColorType | Sequence[ColorType] | None = None,
    ) -> None:
        """Shapes that are only filled, in one opaque colour (a timeline's bars): one state,
        clip and colour for each run of them, then a fill per shape; anything else shape by
        shape, as `RendererBase` draws collections.

        Each shape keeps its own fill (one path for all would look lighter on screen, where
        thin bars' edges are smoothed once instead of once per bar), without a saved state,
        clip and alpha around every one.
        """
        # The two generators RendererBase's docstring asks backends to use (not in the stubs).
        path_ids = list(
            self._iter_collection_raw_paths(  # type: ignore[attr-defined]
                master_transform, paths, all_transforms
            )
        )
        run_key: tuple[object, ...] | None = None
        run: list[str] = []
        run_state = ("", (0.0, 0.0, 0.0, 1.0))

        def flush() -> None:
            if run:
                clip, face = run_state
                self.canvas.saveState()
                if clip:
                    self.canvas.addLiteral(clip)
                self.canvas.setFillAlpha(1.0)
                self.canvas.addLiteral(f"{_color(face, 'rg')}\n" + "\n".join(run))
                self.canvas.restoreState()
                run.clear()

        for xo, yo, path_id, gc0, rgb_face in self._iter_collection(  # type: ignore[attr-defined]
            gc,
            path_ids,
            offsets,
            offset_trans,
            facecolors,
            edgecolors,
            linewidths,
            linestyles,
            antialiaseds,
            urls,
            offset_position,
            **_hatch_arguments(hatchcolors),
        ):
            path, transform = path_id
            if xo != 0 or yo != 0:
                transform = transform.frozen()
                transform.translate(xo, yo)
            key = self._plain_fill_key(gc0, rgb_face)
            if key is None:
                flush()
                run_key = None
                self.draw_path(gc0, path, transform, rgb_face)
                continue
            if key != run_key:
                flush()
                run_key = key
                run_state = (self._clip_ops(gc0), _rgb(rgb_face))
            outline = path_operators(path, transform)
            if outline:
                run.append(f"{outline} f")
        flush()

    def _plain_fill_key(
        self, gc: GraphicsContextBase, face: ColorType | None
    ) -> tuple[object, ...] | None:
        """What a shape's drawing depends on when it is only filled, opaque; else None."""
        if face is None or gc.get_hatch() or gc.get_url():
            return None
        rgba = _rgb(face)
        edge = _rgb(gc.get_rgb())
        fill_alpha, stroke_alpha = self._alpha(gc, rgba[3], edge[3])
        if fill_alpha < 1 or (gc.get_linewidth() > 0 and stroke_alpha > 0):
            return None
        rect = gc.get_clip_rectangle()
        clip_path, _ = gc.get_clip_path()
        return (rgba[:3], None if rect is None else tuple(rect.bounds), id(clip_path))

    def _alpha(self, gc: GraphicsContextBase, fill: float, stroke: float) -> tuple[float, float]:
        if gc.get_forced_alpha():
            forced = float(gc.get_alpha())
            return forced, forced
        return fill, stroke

    def draw_path(
        self,
        gc: GraphicsContextBase,
        path: Path,
        transform: Transform,
        rgbFace: ColorType | None = None,
    ) -> None:
        face = None if rgbFace is None else _rgb(rgbFace)
        edge = _rgb(gc.get_rgb())
        hatched = gc.get_hatch() is not None
        fill_alpha, stroke_alpha = self._alpha(gc, face[3] if face is not None else 0.0, edge[3])
        fill = face is not None and fill_alpha > 0
        stroke = gc.get_linewidth() > 0 and stroke_alpha > 0
        if not (fill or stroke or hatched):
            return
        # Lines are clipped to the page so a wild data value cannot make an enormous path;
        # filled shapes are kept whole (as matplotlib's PDF backend does).
        open_line = face is None and not hatched
        outline = path_operators(
            path,
            transform,
            clip=(0.0, 0.0, self.width, self.height) if open_line else None,
            simplify=bool(path.should_simplify) if open_line else False,
        )
        if not outline:
            return
        canvas = self.canvas
        self._begin(gc)
        # Each state change goes through the canvas (it tracks alpha), so the literal path
        # operators are added in order between them.
        if fill and face is not None:
            canvas.setFillAlpha(fill_alpha)
            canvas.addLiteral(f"{_color(face, 'rg')}\n{outline} f")
        if hatched:
            self._hatch(gc, path, transform, outline)
        if stroke:
            canvas.setStrokeAlpha(stroke_alpha)
            style = "\n".join(self._line_style(gc))
            canvas.addLiteral(f"{style}\n{_color(edge, 'RG')}\n{outline} S")
        canvas.restoreState()

    def _line_style(self, gc: GraphicsContextBase) -> list[str]:
        ops = [
            f"{_num(gc.get_linewidth())} w",
            f"{_CAPS.get(gc.get_capstyle(), 0)} J",
            f"{_JOINS.get(gc.get_joinstyle(), 0)} j",
        ]
        offset, dashes = gc.get_dashes()
        if dashes is not None and len(np.atleast_1d(dashes)):
            pattern = " ".join(_num(float(d)) for d in np.atleast_1d(np.asarray(dashes, float)))
            ops.append(f"[{pattern}] {_num(float(offset or 0))} d")
        return ops

    def _hatch(
        self, gc: GraphicsContextBase, path: Path, transform: Transform, outline: str
    ) -> None:
        """Hatch lines tiled over the visible part of the path, clipped to the path."""
        # Only where the path can show: a zone such as "over the limit" may reach far beyond
        # the axes, and tiling all of it would write megabytes of invisible lines.
        visible = Bbox.from_extents(0, 0, self.width, self.height)
        clip = gc.get_clip_rectangle()
        if clip is not None:
            visible = Bbox.intersection(visible, clip) or Bbox.null()
        extents = Bbox.intersection(path.get_extents(transform), visible)
        if (
            extents is None
            or not np.all(np.isfinite(extents.extents))
            or extents.width <= 0
            or extents.height <= 0
        ):
            return
        colour = _rgb(gc.get_hatch_color())
        alpha, _ = self._alpha(gc, colour[3], colour[3])
        pattern = gc.get_hatch_path()
        if alpha <= 0 or pattern is None or pattern.codes is None:
            return
        linewidth = float(getattr(gc, "get_hatch_linewidth", lambda: 1.0)())
        form = self._hatch_cell(gc.get_hatch() or "", colour, linewidth, pattern)
        # Cells counted down from the top edge, where matplotlib anchors the pattern.
        columns = range(
            math.floor(extents.x0 / HATCH_CELL), math.floor(extents.x1 / HATCH_CELL) + 1
        )
        rows = range(
            math.floor((self.height - extents.y1) / HATCH_CELL),
            math.floor((self.height - extents.y0) / HATCH_CELL) + 1,
        )
        canvas = self.canvas
        canvas.saveState()
        canvas.addLiteral(f"{outline} W n")
        canvas.setFillAlpha(alpha)
        canvas.setStrokeAlpha(alpha)
        for i in columns:
            for j in rows:
                x, y = i * HATCH_CELL, self.height - (j + 1) * HATCH_CELL
                canvas.addLiteral(f"q 1 0 0 1 {_num(x)} {_num(y)} cm")
                canvas.doForm(form)
                canvas.addLiteral("Q")
        canvas.restoreState()

    def _hatch_cell(
        self,
        hatch: str,
        colour: tuple[float, float, float, float],
        linewidth: float,
        pattern: Path,
    ) -> str:
        """A form holding one one-inch cell of the hatch, written once per document (as
        matplotlib's PDF backend writes a tiling pattern), so each tile is one line."""
        key = f"{hatch}|{colour[:3]}|{linewidth}"
        name = "hatch" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
        canvas = self.canvas
        if not canvas.hasForm(name):
            canvas.beginForm(name, 0, 0, HATCH_CELL, HATCH_CELL)
            canvas.addLiteral(
                f"{_color(colour, 'rg')} {_color(colour, 'RG')}\n"
                f"{_num(linewidth)} w 0 J 0 j [] 0 d\n"
                f"{path_operators(pattern, Affine2D().scale(HATCH_CELL))} B"
            )
            canvas.endForm()
        return name

    def draw_image(
        self,
        gc: GraphicsContextBase,
        x: float,
        y: float,
        im: ArrayLike,
        transform: Affine2DBase | None = None,
    ) -> None:
        from PIL import Image

        pixels = np.asarray(im)
        height, width = pixels.shape[:2]
        if width == 0 or height == 0:
            return
        self._begin(gc)
        if transform is None:
            target = (x, y, width, height)
        else:
            # An affine image transform maps the unit square; only scale and offset are used
            # by matplotlib's own images here.
            a, _, _, d, e, f = transform.frozen().to_values()
            target = (x + e, y + f, a, d)
        image = Image.fromarray(pixels, "RGBA" if pixels.shape[2] == 4 else "RGB")
        self.canvas.drawImage(ImageReader(image), *target, mask="auto")
        self.canvas.restoreState()

    def draw_text(
        self,
        gc: GraphicsContextBase,
        x: float,
        y: float,
        s: str,
        prop: FontProperties,
        angle: float,
        ismath: bool | Literal["TeX"] = False,
        mtext: Any = None,
    ) -> None:
        if ismath:  # mathtext: the base class draws it as paths
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            return
        colour = _rgb(gc.get_rgb())
        alpha, _ = self._alpha(gc, colour[3], colour[3])
        if alpha <= 0 or not s:
            return
        self._begin(gc)
        self.canvas.addLiteral(_color(colour, "rg"))
        self.canvas.setFillAlpha(alpha)
        self.canvas.translate(x, y)
        if angle:
            self.canvas.rotate(angle)
        self.canvas.setFont(_font_name(prop), prop.get_size_in_points())
        self.canvas.drawString(0, 0, s)
        self.canvas.restoreState()


def _font_name(prop: FontProperties) -> str:
    weight = prop.get_weight()
    bold = (weight in _BOLD_WEIGHTS) if isinstance(weight, str) else int(weight) >= 600
    italic = prop.get_style() in ("italic", "oblique")
    return fonts.face(bold=bold, italic=italic)


class _ReportCanvas(FigureCanvasBase):
    """Hands the layout our renderer, so it is measured with the text widths that will be
    drawn (and no Agg renderer is made just to measure)."""

    def __init__(self, figure: Figure, renderer: CanvasRenderer) -> None:
        super().__init__(figure)
        self._renderer = renderer

    def get_renderer(self) -> CanvasRenderer:
        return self._renderer


def fit_axes(figure: Figure, renderer: RendererBase) -> bool:
    """Lay out a one-axes figure once, as constrained layout's first pass does: the axes take
    the figure less what their decorations (ticks, labels, title, legend) need, plus the
    layout's padding. Returns False, changing nothing, for other figures.

    Constrained layout measures everything twice (the second pass follows tick labels that
    moved in the first) and again on every draw: 0.1 s a chart, the largest part of the
    report's charts. The report draws each chart once at a fixed size, and the second pass
    moves an edge by under a point, well inside the padding, so nothing is clipped.
    """
    axes = figure.get_axes()
    engine = figure.get_layout_engine()
    if len(axes) != 1 or not isinstance(engine, ConstrainedLayoutEngine):
        return False
    ax = axes[0]
    tight = ax.get_tightbbox(renderer, for_layout_only=True)
    if tight is None:
        return False
    width, height = figure.get_size_inches()
    params = engine.get()
    w_pad, h_pad = float(params["w_pad"]) / width, float(params["h_pad"]) / height
    position = ax.get_position(original=True)
    box = tight.transformed(figure.transFigure.inverted())
    left = position.x0 - box.x0 + w_pad
    right = box.x1 - position.x1 + w_pad
    bottom = position.y0 - box.y0 + h_pad
    top = box.y1 - position.y1 + h_pad
    if left + right >= 1 or bottom + top >= 1:  # decorations larger than the figure
        return False
    ax.set_position((left, bottom, 1 - left - right, 1 - bottom - top))
    ax.set_in_layout(True)  # set_position takes it out; a later layout may move it again
    return True


def pin_empty_axis_labels(figure: Figure) -> None:
    """Fix where each axis without a label puts its (empty, never drawn) label.

    Otherwise matplotlib places it beyond the tick labels on every layout and draw, measuring
    them all again; most of the charts' axes have no label (dates, rule names). Only the
    report's own figures come here, so an axis of a window's chart that gets a label later
    is not pinned.
    """
    for ax in figure.get_axes():
        for axis in (ax.xaxis, ax.yaxis):
            if not axis.get_label_text():
                axis.set_label_coords(0.5, 0.5)


def draw_figure(
    figure: Figure, canvas: Any, x: float, y: float, width: float, height: float
) -> None:
    """Draw `figure` resized to `width` × `height` points with its lower left corner at (x, y)."""
    figure.set_dpi(72)
    figure.set_size_inches(width / 72, height / 72)
    renderer = CanvasRenderer(canvas, width, height)
    previous = figure.canvas
    engine = figure.get_layout_engine()
    _ReportCanvas(figure, renderer)
    canvas.saveState()
    canvas.translate(x, y)
    try:
        pin_empty_axis_labels(figure)
        if fit_axes(figure, renderer):
            figure.set_layout_engine("none")  # laid out: the draw must not do it again
        figure.draw(renderer)
    finally:
        canvas.restoreState()
        figure.set_layout_engine(engine)
        figure.set_canvas(previous)
