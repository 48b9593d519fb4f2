"""Excel workbooks (.xlsx, from Excel or LibreOffice): the first sheet, read as a table.

Real date cells arrive as dates; text cells as `table.parse_date` reads them. Line numbers are
the sheet's row numbers, as the spreadsheet shows them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from app.services.errors import ImportRejected, RowError
from app.services.importing.sources import SourceRows
from app.services.importing.table import NOT_IMPORTED, Cell, CsvTrip, Header, RowProblem, is_blank
from app.services.wording import _

MAX_ROWS = 100_000


def read(path: Path) -> SourceRows:
    """The trips on the first sheet of the workbook at `path`."""
    # read_only streams the sheet instead of building every cell object at once.
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise ImportRejected(
                [], _(NOT_IMPORTED) + _("the workbook {name} has no sheets.").format(name=path.name)
            )
        header: Header | None = None
        trips: list[CsvTrip] = []
        errors: list[RowError] = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells: list[Cell] = [_cell(value) for value in values]
            if is_blank(cells):
                continue
            if header is None:
                header = Header(cells, ",")
                continue
            if len(trips) + len(errors) >= MAX_ROWS:
                raise ImportRejected(
                    [],
                    _(NOT_IMPORTED)
                    + _("it has more than {max_rows:,} trips; split it into smaller files.").format(
                        max_rows=MAX_ROWS
                    ),
                )
            try:
                trips.append(header.row(line, cells))
            except RowProblem as problem:
                errors.append(
                    RowError(line, _("line {line}: {args}").format(line=line, args=problem.args[0]))
                )
        if header is None:
            raise ImportRejected(
                [],
                _(NOT_IMPORTED)
                + _(
                    "the first sheet of {name} is empty; its first row must name the columns, "
                    "such as departure, return, destination, note."
                ).format(name=path.name),
            )
        return SourceRows("xlsx", trips, errors)
    finally:
        book.close()


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | date):
        return value
    return str(value)  # a time of day, an error value: text, which the checks then refuse
