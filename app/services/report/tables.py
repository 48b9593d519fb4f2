"""The report's tables as reportlab flowables: summary, trips, permits, key dates, years.

Cells hold plain strings wherever the text is ours (dates, numbers, country names): reportlab
draws those without parsing markup. Text a user typed (names, permit notes) goes through
`fonts.paragraph_text` into a `Paragraph`, escaped and wrapping.

The trip list, up to thousands of rows, is a `TripList`: it draws its rows straight onto the
canvas, splitting at the foot of each page with the header row repeated on the next, in about
half the time of a reportlab `Table` (bench/bench_report.py). Every other table is a `Table`
with `repeatRows=1`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.rl_accel import escapePDF, fp_str  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    Paragraph,
    Table,
    TableStyle,
)

from app.services.profile import Status
from app.services.report import fonts
from app.services.report.content import (
    CONVENTION_SHORT,
    STATUS_WORDS,
    YEAR_STATUS_WORDS,
    PermitRow,
    ReportContent,
    SummaryRow,
    TripRow,
    YearRow,
)
from app.services.wording import N_, LazyLabels, _, ngettext
from app.services.wording.formats import format_count, format_date

CELL_SIZE = 8.0
LEADING = CELL_SIZE * 1.25
PAD = 2.5
TOP_PAD = 1.5
BOTTOM_PAD = 2.0
MIN_ROWS = 3  # the fewest trip rows left at the foot of a page, or carried to the next
# A trip whose cells wrap to more lines than this goes on in rows of its own below it, so no
# row is taller than a page (a note may hold 2,000 characters).
MAX_ROW_LINES = 50
KEEP_WHOLE = 12  # a trip list this short is never split

HEADER_BG = colors.HexColor("#E4EAF1")
STRIPE = colors.HexColor("#F4F6F8")
RULE = colors.HexColor("#9AA5B1")
GRID = colors.HexColor("#D5DAE0")
MUTED = colors.HexColor("#555555")
STATUS_TINT: dict[Status, Any] = {
    Status.GREEN: colors.HexColor("#D8F0E6"),
    Status.AMBER: colors.HexColor("#FBE8C4"),
    Status.RED: colors.HexColor("#F7D3C2"),
}


@dataclass(frozen=True, slots=True)
class Styles:
    """Paragraph styles, in the registered DejaVu fonts."""

    title: ParagraphStyle
    name: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    header: ParagraphStyle
    notice: ParagraphStyle
    intro: ParagraphStyle
    label: ParagraphStyle
    column: ParagraphStyle
    column_right: ParagraphStyle
    cell_right: ParagraphStyle


def make_styles() -> Styles:
    """The report's paragraph styles."""
    base = ParagraphStyle(
        "body", fontName=fonts.REGULAR, fontSize=9.5, leading=12.5, splitLongWords=1
    )
    return Styles(
        title=ParagraphStyle("title", base, fontName=fonts.BOLD, fontSize=20, leading=24),
        name=ParagraphStyle(
            "name", base, fontName=fonts.BOLD, fontSize=14, leading=18, spaceBefore=4
        ),
        heading=ParagraphStyle(
            "heading",
            base,
            fontName=fonts.BOLD,
            fontSize=13,
            leading=16,
            spaceBefore=14,
            spaceAfter=6,
            keepWithNext=1,
        ),
        subheading=ParagraphStyle(
            "subheading",
            base,
            fontName=fonts.BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=8,
            spaceAfter=2,
            keepWithNext=1,
        ),
        body=ParagraphStyle("body2", base, spaceAfter=4),
        small=ParagraphStyle(
            "small", base, fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=2
        ),
        cell=ParagraphStyle("cell", base, fontSize=CELL_SIZE, leading=CELL_SIZE * 1.25),
        cell_bold=ParagraphStyle(
            "cell_bold", base, fontName=fonts.BOLD, fontSize=CELL_SIZE, leading=CELL_SIZE * 1.25
        ),
        header=ParagraphStyle("header", base, fontSize=8, leading=10, textColor=MUTED),
        notice=ParagraphStyle(
            "notice",
            base,
            fontName=fonts.BOLD,
            fontSize=9.5,
            leading=13,
            borderColor=RULE,
            borderWidth=0.75,
            borderPadding=6,
            backColor=colors.HexColor("#F7F7F2"),
            spaceBefore=10,
            spaceAfter=6,
        ),
        intro=ParagraphStyle(
            "intro", base, fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=3, keepWithNext=1
        ),
        label=ParagraphStyle("label", base, fontName=fonts.BOLD, fontSize=9, leading=11.5),
        column=ParagraphStyle(
            "column", base, fontName=fonts.BOLD, fontSize=CELL_SIZE, leading=LEADING
        ),
        column_right=ParagraphStyle(
            "column_right",
            base,
            fontName=fonts.BOLD,
            fontSize=CELL_SIZE,
            leading=LEADING,
            alignment=TA_RIGHT,
        ),
        cell_right=ParagraphStyle(
            "cell_right", base, fontSize=CELL_SIZE, leading=LEADING, alignment=TA_RIGHT
        ),
    )


def iso(day: date | None, empty: str = "") -> str:
    """The date as the report's language writes it (2025-03-05 / 05.03.2025), or `empty`."""
    return empty if day is None else format_date(day)


def number(value: int) -> str:
    """1,234 / 1 234."""
    return format_count(value)


def _base_style(numeric: Sequence[int], *, header_rows: int = 1) -> list[tuple[Any, ...]]:
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, CELL_SIZE, LEADING),
        ("FONT", (0, 0), (-1, header_rows - 1), fonts.BOLD, CELL_SIZE, LEADING),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_BG),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.75, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.75, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD + 0.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD + 0.5),
        ("TOPPADDING", (0, 0), (-1, -1), TOP_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PAD),
        ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, STRIPE]),
    ]
    style.extend(("ALIGN", (col, 0), (col, -1), "RIGHT") for col in numeric)
    return style


def widths(total: float, shares: Sequence[float]) -> list[float]:
    """Column widths in points from relative shares."""
    whole = sum(shares)
    return [total * share / whole for share in shares]


# ---------------------------------------------------------------------------------------------
# Summary


def _limit(row: SummaryRow) -> str:
    return (
        str(row.limit) if row.lenient_limit == row.limit else f"{row.limit} ({row.lenient_limit})"
    )


def summary_table(content: ReportContent, width: float, styles: Styles) -> Table:
    """One row per rule: days used, limit, days left, status, window, the other convention."""
    other = CONVENTION_SHORT[content.other_convention]
    header = [
        _("Rule"),
        _("Days\nused"),
        _("Limit"),
        _("Days\nleft"),
        _("Status"),
        _("Window"),
        Paragraph(
            _("Days if {counting}").format(counting=fonts.paragraph_text(other)),
            styles.column_right,
        ),
    ]
    rows: list[list[Any]] = [header]
    style = _base_style((1, 2, 3, 6))
    for index, row in enumerate(content.summary, start=1):
        other_text = (
            "–"
            if row.other_days is None
            else f"{row.other_days} ({STATUS_WORDS[row.other_status or Status.GREEN]})"
        )
        rows.append(
            [
                Paragraph(fonts.paragraph_text(row.title), styles.cell),
                str(row.days_used),
                _limit(row),
                str(row.days_left),
                row.status_word or STATUS_WORDS[row.status],
                _("{start} to\n{end}").format(
                    start=iso(row.window_start, _("start")), end=iso(row.window_end)
                ),
                Paragraph(escape(other_text), styles.cell_right),
            ]
        )
        style.append(("BACKGROUND", (4, index), (4, index), STATUS_TINT[row.status]))
        style.append(("FONT", (4, index), (4, index), fonts.BOLD, CELL_SIZE))
    return Table(
        rows,
        colWidths=widths(width, (30, 8, 10, 8, 14, 17, 17)),
        repeatRows=1,
        style=TableStyle(style),
        hAlign="LEFT",
    )


def projection_table(content: ReportContent, width: float, styles: Styles) -> Table | None:
    """The rules again with planned trips counted, when there are plans."""
    projection = content.evaluation.projection
    if projection is None:
        return None
    rows: list[list[Any]] = [[_("Rule"), _("Days"), _("Status"), _("First over the limit")]]
    style = _base_style((1,))
    for index, result in enumerate(projection.rules, start=1):
        rows.append(
            [
                Paragraph(fonts.paragraph_text(result.title), styles.cell),
                str(result.days_abroad),
                STATUS_WORDS[result.status],
                iso(result.first_breach, "–"),
            ]
        )
        style.append(("BACKGROUND", (2, index), (2, index), STATUS_TINT[result.status]))
    return Table(
        rows,
        colWidths=widths(width, (46, 10, 20, 24)),
        repeatRows=1,
        style=TableStyle(style),
        hAlign="LEFT",
    )


def facts_table(
    pairs: Sequence[tuple[str, Any]], width: float, styles: Styles, *, label_share: float = 30
) -> Table:
    """Label and value pairs (the report's header facts, the key dates); labels wrap."""
    rows = [[Paragraph(escape(label), styles.label), value] for label, value in pairs]
    style = [
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 9, 11.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    return Table(
        rows,
        colWidths=widths(width, (label_share, 100 - label_share)),
        style=TableStyle(style),
        hAlign="LEFT",
    )


# ---------------------------------------------------------------------------------------------
# Trips

# Columns that wrap (destination, purpose, note) share what the others leave, in these shares.
WRAPPING = {3: 36.0, 4: 28.0, 8: 36.0}
RIGHT_COLUMNS = frozenset((0, 5, 6, 7))
# Typical widths as shares, for bench/bench_report.py's comparison with a reportlab Table.
TRIP_SHARES = (5, 11, 11, 18, 14, 6, 6, 7, 22)
_STATE_WORDS: LazyLabels[str] = LazyLabels(
    {
        "": "",
        "planned": N_("planned"),
        "abroad now": N_("abroad now"),
        "under way": N_("under way"),
    },
    translate=lambda text: _(text) if text else "",
)


def trip_header(content: ReportContent) -> list[str]:
    """The trip table's header row."""
    return [
        "#",
        _("Departure"),
        _("Return"),
        _("Destination"),
        _("Purpose"),
        _("Days\nabroad"),
        _("Whole\ndays"),
        _("{window}-day\ncount").format(window=content.window_days),
        _("Note"),
    ]


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` in lines no wider than `width` (a word too long for a line is cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if stringWidth(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        while stringWidth(word, font, size) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and stringWidth(word[:cut], font, size) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line or not lines:
        lines.append(line)
    return lines


@dataclass(frozen=True, slots=True, eq=False)
class _Rows:
    """The trip list's cells, laid out once and shared by every page's part."""

    header: list[list[str]]  # per column, its lines
    cells: list[list[list[str]]]  # per row, per column, its lines
    italic: list[bool]
    striped: list[bool]  # a trip's continuation rows share its stripe
    heights: list[float]
    widths: list[float]
    right: frozenset[int]
    header_height: float
    text: CellText = field(default_factory=lambda: CellText())


class TripList(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Table rows drawn straight onto the canvas, one part per page with the header on each.

    A reportlab `Table` styles every cell on its own; for 2,000 one-line rows of our own short
    text that is most of the report's time (bench/bench_report.py). This draws the same look
    (header band, stripes, right-aligned numbers, planned rows in italics) with one text block
    (`CellText`) and one stripe path per page. Cells are plain text (dates, numbers, country
    names, never markup), wrapped to their column when too long.
    """

    def __init__(self, rows: _Rows, first: int = 0, last: int | None = None) -> None:
        super().__init__()
        self.rows = rows
        self.first = first
        self.last = len(rows.cells) if last is None else last

    def _height(self, first: int, last: int) -> float:
        return self.rows.header_height + sum(self.rows.heights[first:last])

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = sum(self.rows.widths)
        self.height = self._height(self.first, self.last)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        room = available_height - self.rows.header_height
        end = self.first
        while end < self.last and room >= self.rows.heights[end]:
            room -= self.rows.heights[end]
            end += 1
        # What a fresh page holds: rows kept together that are taller than that (very long
        # notes) would move from page to page for ever, so they are split after all.
        frame = getattr(self, "_frame", None)
        page = getattr(frame, "_aH", None)
        at_top = bool(getattr(frame, "_atTop", False))  # a fresh page has no more room

        def fits_a_page(first: int, last: int) -> bool:
            return page is None or self._height(first, last) <= page

        if self.last - self.first <= KEEP_WHOLE and fits_a_page(self.first, self.last):
            return []  # a short list moves to the next page whole
        # No fewer than MIN_ROWS rows under a header at the foot of a page or on the next one.
        if 0 < self.last - end < MIN_ROWS and fits_a_page(self.last - MIN_ROWS, self.last):
            end = max(self.first, self.last - MIN_ROWS)
        if (
            end - self.first < MIN_ROWS
            and fits_a_page(self.first, self.first + MIN_ROWS)
            and not at_top
        ):
            return []  # start on the next page
        if end <= self.first:
            return []  # not one row fits here: the next page
        return [TripList(self.rows, self.first, end), TripList(self.rows, end, self.last)]

    def draw(self) -> None:
        rows, canvas = self.rows, self.canv
        width = sum(rows.widths)
        top = self._height(self.first, self.last)
        lefts = [sum(rows.widths[:i]) for i in range(len(rows.widths))]
        canvas.saveState()
        # Header band and stripes, each one filled path.
        canvas.setFillColor(HEADER_BG)
        canvas.rect(0, top - rows.header_height, width, rows.header_height, stroke=0, fill=1)
        stripes = canvas.beginPath()
        y = top - rows.header_height
        tops: list[float] = []
        for index in range(self.first, self.last):
            tops.append(y)
            if rows.striped[index]:
                stripes.rect(0, y - rows.heights[index], width, rows.heights[index])
            y -= rows.heights[index]
        canvas.setFillColor(STRIPE)
        canvas.drawPath(stripes, stroke=0, fill=1)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.75)
        canvas.line(0, top - rows.header_height, width, top - rows.header_height)
        canvas.line(0, y, width, y)
        text = rows.text.begin(canvas._doc)
        text.colour(_BLACK)
        self._cells(text, rows.header, top, fonts.BOLD, lefts, bottom_align=True)
        italic = None
        for index, row_top in zip(range(self.first, self.last), tops, strict=True):
            if rows.italic[index] != italic:  # one colour change per run of rows
                italic = rows.italic[index]
                text.colour(_MUTED if italic else _BLACK)
            font = fonts.face(italic=True) if italic else fonts.REGULAR
            self._cells(text, rows.cells[index], row_top, font, lefts)
        canvas.addLiteral(text.end())
        canvas.restoreState()

    def _cells(
        self,
        text: CellText,
        cells: list[list[str]],
        top: float,
        font: str,
        lefts: list[float],
        *,
        bottom_align: bool = False,
    ) -> None:
        rows = self.rows
        tallest = max(len(lines) for lines in cells)
        for column, lines in enumerate(cells):
            # The baseline of the first line: below the top padding, by the font's ascent.
            shift = (tallest - len(lines)) * LEADING if bottom_align else 0.0
            y = top - TOP_PAD - shift - CELL_SIZE
            for line in lines:
                if line:
                    if column in rows.right:
                        x = lefts[column] + rows.widths[column] - PAD - 0.5
                        x -= _width(line, font)
                    else:
                        x = lefts[column] + PAD + 0.5
                    text.show(x, y, font, line)
                y -= LEADING


_BLACK = "0 0 0 rg"
_MUTED = f"{fp_str(*MUTED.rgb())} rg"


class CellText:
    """The PDF text operators for table cells, each string encoded once per document.

    `PDFTextObject.textOut` encodes every string again (subset look-up, escaping, a width for
    the cursor) and formats every position with `fp_str`; for a 2,000-row list that is most of
    the list's time. This writes the same operators (`Tf`, `Tm`, `Tj`) itself, following
    reportlab's recipe for subset fonts (`ttfonts`: `splitString`, `getSubsetInternalName`),
    and keeps each string's encoding for the document it was made for: subsets are per
    document, so a new document starts an empty cache.
    """

    def __init__(self) -> None:
        self._doc: Any = None
        self._encoded: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        self._ops: list[str] = []
        self._font = ""

    def begin(self, doc: Any) -> CellText:
        """Start a text block (`BT`) on a page of `doc`."""
        if doc is not self._doc:
            self._doc, self._encoded = doc, {}
        self._ops = ["BT"]
        self._font = ""
        return self

    def colour(self, operator: str) -> None:
        """Set the fill colour (an `rg` operator) for what follows."""
        self._ops.append(operator)

    def show(self, x: float, y: float, font: str, line: str) -> None:
        """`line` in `font` at CELL_SIZE with its baseline starting at (x, y)."""
        key = (font, line)
        pieces = self._encoded.get(key)
        if pieces is None:
            pieces = self._encoded[key] = self._encode(font, line)
        ops = self._ops
        ops.append(f"1 0 0 1 {_coordinate(x)} {_coordinate(y)} Tm")
        for subset, shown in pieces:
            if subset != self._font:
                ops.append(f"{subset} {_coordinate(CELL_SIZE)} Tf {_coordinate(LEADING)} TL")
                self._font = subset
            ops.append(shown)

    def _encode(self, font: str, line: str) -> tuple[tuple[str, str], ...]:
        face = pdfmetrics.getFont(font)
        return tuple(
            (face.getSubsetInternalName(subset, self._doc), f"({escapePDF(chunk)}) Tj")
            for subset, chunk in face.splitString(line, self._doc)
        )

    def end(self) -> str:
        """The block's operators, closed (`ET`)."""
        self._ops.append("ET")
        return " ".join(self._ops)


@lru_cache(maxsize=4096)
def _coordinate(value: float) -> str:
    """A number as reportlab writes it (`fp_str`); a list's columns and rows repeat the same few
    hundred positions, so each is formatted once."""
    return str(fp_str(value))


@lru_cache(maxsize=8192)
def _width(text: str, font: str) -> float:
    """Cell text width; the dates and numbers in a trip list repeat, so each is measured once."""
    return float(stringWidth(text, font, CELL_SIZE))


def trip_column_widths(
    header: Sequence[Sequence[str]], rows: Sequence[Sequence[str]], width: float
) -> list[float]:
    """Widths that fit each date and number column's widest text; the wrapping columns share
    the rest (but take no more than their widest text needs)."""
    pad = 2 * PAD + 1
    count = len(header)
    widest = [
        max(
            [_width(line, fonts.BOLD) for line in header[c]]
            # DejaVu's oblique has the regular face's advance widths, so planned (italic) rows
            # measure the same without parsing the oblique font for every report. Each
            # distinct text is measured once (dates and numbers repeat down a column).
            + [_width(text, fonts.REGULAR) for text in {row[c] for row in rows}],
            default=0.0,
        )
        + pad
        for c in range(count)
    ]
    out = [0.0 if c in WRAPPING else widest[c] for c in range(count)]
    room = width - sum(out)
    flexible = dict(WRAPPING)
    # A wrapping column that needs less than its share keeps only what it needs; the others
    # share what is left.
    while flexible:
        whole = sum(flexible.values())
        narrow = {c for c, share in flexible.items() if widest[c] <= room * share / whole}
        if not narrow:
            for c, share in flexible.items():
                out[c] = room * share / whole
            break
        for c in narrow:
            out[c] = widest[c]
            room -= widest[c]
            del flexible[c]
    # Left over (everything fitted): the note column takes it, so the table spans the width.
    out[8] += width - sum(out)
    return out


def trip_tables(content: ReportContent, width: float, styles: Styles) -> list[Flowable]:
    """Every trip (a `TripList`), then the totals."""
    header = [value.split("\n") for value in trip_header(content)]
    raw = [_trip_cells(trip) for trip in content.trips]
    column_widths = trip_column_widths(header, raw, width)
    inner = [w - 2 * PAD - 1 for w in column_widths]
    wrapped: dict[tuple[int, str], list[str]] = {}

    def lines(column: int, value: str) -> list[str]:
        if column not in WRAPPING:  # numbers and dates always fit
            return [value]
        key = (column, value)
        if key not in wrapped:
            wrapped[key] = wrap_text(
                fonts.plain_text(value), fonts.REGULAR, CELL_SIZE, inner[column]
            )
        return wrapped[key]

    cells: list[list[list[str]]] = []
    italic: list[bool] = []
    striped: list[bool] = []
    for n, (trip, values) in enumerate(zip(content.trips, raw, strict=True)):
        row = [lines(column, value) for column, value in enumerate(values)]
        tall = max(len(c) for c in row)
        for start in range(0, tall, MAX_ROW_LINES):  # one row, or more for a very long note
            cells.append([c[start : start + MAX_ROW_LINES] for c in row])
            italic.append(trip.state == "planned")
            striped.append(n % 2 == 1)
    rows = _Rows(
        header=header,
        cells=cells,
        italic=italic,
        striped=striped,
        heights=[max(len(c) for c in row) * LEADING + TOP_PAD + BOTTOM_PAD for row in cells],
        widths=column_widths,
        right=RIGHT_COLUMNS,
        header_height=max(len(c) for c in header) * LEADING + TOP_PAD + BOTTOM_PAD,
    )
    out: list[Flowable] = [TripList(rows)]
    if content.totals:
        totals = [
            [
                total.label + f" ({_trips_words(total.trips)})",
                "",
                "",
                "",
                "",
                number(total.days_inclusive),
                number(total.days_whole),
                "",
                "",
            ]
            for total in content.totals
        ]
        out.append(
            Table(
                totals,
                colWidths=column_widths,
                style=TableStyle(
                    [
                        ("FONT", (0, 0), (-1, -1), fonts.BOLD, CELL_SIZE, LEADING),
                        *(("SPAN", (0, r), (4, r)) for r in range(len(totals))),
                        ("ALIGN", (5, 0), (6, -1), "RIGHT"),
                        ("LINEBELOW", (0, -1), (-1, -1), 0.75, RULE),
                        ("BACKGROUND", (0, 0), (-1, -1), HEADER_BG),
                        ("LEFTPADDING", (0, 0), (-1, -1), PAD + 0.5),
                        ("RIGHTPADDING", (0, 0), (-1, -1), PAD + 0.5),
                        ("TOPPADDING", (0, 0), (-1, -1), PAD),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
                    ]
                ),
                hAlign="LEFT",
            )
        )
    return out


def _trips_words(n: int) -> str:
    return ngettext("{count} trip", "{count} trips", n).format(count=number(n))


def _trip_cells(trip: TripRow) -> list[str]:
    return [
        str(trip.number),
        iso(trip.departure),
        iso(trip.return_date, "–"),
        trip.destination,
        trip.purpose,
        str(trip.days_inclusive),
        str(trip.days_whole),
        str(trip.count_365),
        _note(trip),
    ]


def _note(trip: TripRow) -> str:
    """The note, after the trip's state ("planned") when it is not an ordinary past trip."""
    state = _STATE_WORDS[trip.state]
    if not state:
        return trip.note
    return state + (f" – {trip.note}" if trip.note else "")


def signature_lines(width: float, styles: Styles) -> Table:
    """Two lines to write on: place and date, and the signature."""
    rows = [["", "", ""], [_("Place and date"), "", _("Signature")]]
    return Table(
        rows,
        colWidths=[width * 0.42, width * 0.08, width * 0.5],
        rowHeights=[22, None],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8, 10),
                ("TEXTCOLOR", (0, 1), (-1, 1), MUTED),
                ("LINEBELOW", (0, 0), (0, 0), 0.75, colors.black),
                ("LINEBELOW", (2, 0), (2, 0), 0.75, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
        hAlign="LEFT",
    )


# ---------------------------------------------------------------------------------------------
# Permits, years


def permit_table(permits: Sequence[PermitRow], width: float, styles: Styles) -> Table:
    """The permits, with their notes (user text) wrapped and escaped."""
    header = [
        Paragraph(text, styles.column)
        for text in (
            _("Kind"),
            _("From"),
            _("To"),
            _("PR basis"),
            _("Granted before entry"),
            _("Applied on"),
            _("Note"),
        )
    ]
    rows: list[list[Any]] = [header]
    for permit in permits:
        rows.append(
            [
                Paragraph(fonts.paragraph_text(permit.kind), styles.cell),
                iso(permit.valid_from),
                iso(permit.valid_to, _("open")),
                _("yes") if permit.pr_basis else _("no"),
                _("yes") if permit.granted_before_entry else _("no"),
                iso(permit.applied_on),
                Paragraph(fonts.paragraph_text(permit.note), styles.cell) if permit.note else "",
            ]
        )
    # The PR basis column fits its header's longest word in bokmål ("permanent", 50 points
    # in bold): at 7 % it was split mid-word.
    return Table(
        rows,
        colWidths=widths(width, (17, 12, 12, 12, 11, 12, 24)),
        repeatRows=1,
        splitInRow=1,  # a 2,000-character note is taller than a page
        style=TableStyle(_base_style(())),
        hAlign="LEFT",
    )


def year_table(content: ReportContent, width: float, styles: Styles) -> Table:
    """Days abroad per calendar year, with plans, the other convention and the deduction."""
    other = CONVENTION_SHORT[content.other_convention]
    header = [
        Paragraph(escape(_("Year")), styles.column),
        Paragraph(escape(_("Days abroad")), styles.column_right),
        Paragraph(escape(_("With planned trips")), styles.column_right),
        Paragraph(escape(_("Days if {counting}").format(counting=other)), styles.column_right),
        Paragraph(escape(_("Citizenship")), styles.column),
    ]
    rows: list[list[Any]] = [header]
    style = _base_style((1, 2, 3))
    for index, row in enumerate(content.years, start=1):
        rows.append(_year_cells(row, content.as_of))
        if row.status is not None:
            style.append(("BACKGROUND", (4, index), (4, index), STATUS_TINT[row.status]))
    return Table(
        rows,
        colWidths=widths(width, (16, 15, 17, 22, 30)),
        repeatRows=1,
        style=TableStyle(style),
        hAlign="LEFT",
    )


def _year_cells(row: YearRow, as_of: date) -> list[str]:
    year = _("{year} (so far)").format(year=row.year) if row.year == as_of.year else str(row.year)
    return [
        year,
        number(row.days),
        "" if row.with_planned is None else number(row.with_planned),
        number(row.other_days),
        "" if row.status is None else YEAR_STATUS_WORDS[row.status],
    ]
