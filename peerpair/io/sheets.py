"""The look every workbook peerpair writes shares, so its sheets read as finished tables:
a bold, shaded header row that stays in view, filter buttons, columns as wide as their
content, rows as tall as their wrapped text, dates shown day first, and a print layout that
is readable on A4 (SPEC 4): the header row on every page, landscape where the table is wide,
and a title on every page.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from datetime import date, time
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "dd/mm/yyyy"  # UK schools read 03/09/2026 as the 3rd of September
TIME_FORMAT = "hh:mm"
# The workbook's own face named: a bold font with no name prints in LibreOffice's fallback,
# a serif, beside the sans-serif rows.
BODY_FONT = dict(name="Calibri", family=2, scheme="minor")
_HEADER_FONT = Font(bold=True, size=11, **BODY_FONT)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_MAX_WIDTH = 50  # wider than this and a column pushes the rest off screen; long text wraps
_MIN_WIDTH = 8
_FILTER_BUTTON = 3  # room for the filter arrow beside a header
_LINE_HEIGHT = 15  # points: one line of the default 11-point font
_MAX_TEXT = 32_767  # characters in a cell, Excel's limit
_ROWS_PER_WRITE = 1000  # rows of XML joined before each write: few writes, little held
# Narrow margins (inches), as Excel's own "Narrow", leave the table more of the page.
_MARGINS = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
# An A4 page's printable width in column-width units at those margins, measured in
# LibreOffice's PDF: a unit prints 0.247 cm. Wider tables print landscape.
_PORTRAIT_WIDTH = 75
_LANDSCAPE_WIDTH = 110
_HEADER_SLACK = 4  # a header wraps between words only when that narrows its column more
# Top-aligned, so a row with a wrapped cell still reads across. Dates, times and numbers sit
# left, as text does, so a time never runs into the ID beside it, nor a count into the text
# after it. Made once: a plan for a thousand people has tens of thousands of cells, and
# building an Alignment is not free.
_TOP = Alignment(vertical="top")
_TOP_LEFT = Alignment(vertical="top", horizontal="left")
_TOP_WRAPPED = Alignment(vertical="top", wrap_text=True)


def write_table(
    sheet: Worksheet,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    frozen_columns: int = 0,
    widest: Mapping[int, int] | None = None,
) -> None:
    """Write `header` and `rows` from A1 and give the sheet the shared look.

    `frozen_columns` keeps that many leading columns in view when scrolling right (e.g. a
    person's ID and name on a wide sheet). `widest` caps some columns' widths (by column
    number, from 1) below the usual fifty: their longer text wraps."""
    table = _Table(header, rows, widest or {})
    _lay_out(sheet, table, frozen_columns)
    styles: dict[tuple, object] = {}
    for number, row in enumerate(table.rows, start=2):
        sheet.append(row)
        cells = zip(sheet[number], table.widths, strict=True)
        lines = max(_format_value(cell, width, styles) for cell, width in cells)
        # Excel and LibreOffice keep a saved row's height: a wrapped cell needs its row made tall.
        if lines > 1:
            sheet.row_dimensions[number].height = lines * _LINE_HEIGHT


class TableWorkbook:
    """A workbook of tables in the shared look, for tables too large to build cell by cell
    in openpyxl: a plan for 5,000 people has 400,000 cells. openpyxl holds each sheet's
    header row and settings (widths, row heights, filter, print layout, drop-downs), and
    `save` writes the data rows straight into its sheets, a row at a time, as openpyxl
    would have written them: the same cells, values and styles."""

    def __init__(self) -> None:
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self._tables: dict[str, tuple[_Table, Mapping[int, str]]] = {}
        self._style_ids: dict[tuple[str, str | None], int] = {}

    @property
    def worksheets(self) -> list[Worksheet]:
        return self.workbook.worksheets

    def add_table(
        self,
        title: str,
        header: Sequence[str],
        rows: Iterable[Sequence[object]],
        frozen_columns: int = 0,
        widest: Mapping[int, int] | None = None,
        formats: Mapping[int, str] | None = None,
    ) -> Worksheet:
        """Add a sheet holding `header` and `rows` in the shared look, as `write_table`
        does; `formats` gives some columns (by number, from 1) a number format of their
        own in every row, in a column at least wide enough for it. The rows are kept until
        `save`: give the sheet no other cells."""
        sheet = self.workbook.create_sheet(title)
        table = _Table(header, rows, widest or {})
        _lay_out(sheet, table, frozen_columns)
        formats = formats or {}
        for column, number_format in formats.items():
            dimension = sheet.column_dimensions[get_column_letter(column)]
            dimension.width = max(dimension.width, len(number_format) + 2)
        self._tables[title] = (table, formats)
        return sheet

    def save(self, path: Path) -> None:
        """Write the workbook to `path`: openpyxl's file, each table's rows written into
        its sheet."""
        cells = {
            title: _CellWriter(table.widths, formats, self._style_id)
            for title, (table, formats) in self._tables.items()
        }
        for kind in _KINDS:  # every look a data cell may take, registered before saving
            for writer in cells.values():
                writer.register(kind)
        skeleton = io.BytesIO()
        self.workbook.save(skeleton)
        parts = {s.path.lstrip("/"): s.title for s in self.workbook.worksheets}
        with (
            zipfile.ZipFile(skeleton) as source,
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for info in source.infolist():
                title = parts.get(info.filename)
                if title not in self._tables:
                    target.writestr(info, source.read(info))
                    continue
                table, _ = self._tables[title]
                with target.open(info.filename, "w") as part:
                    _fill_sheet(part, source.read(info).decode(), table, cells[title])

    def _style_id(self, kind: str, number_format: str | None) -> int:
        """The workbook's index of a data cell's look: a scratch cell is styled through
        openpyxl, which registers the look in the workbook's styles."""
        key = (kind, number_format)
        if key not in self._style_ids:
            scratch = self.workbook.create_sheet()
            cell = scratch.cell(row=1, column=1)
            _style_cell(cell, kind)
            if number_format is not None:
                cell.number_format = number_format
            self._style_ids[key] = cell.style_id
            self.workbook.remove(scratch)
        return self._style_ids[key]


def print_title(sheet: Worksheet, title: str) -> None:
    """Title every printed page: `title` (the trust and year) at the top, and the sheet's
    name and the page number at the foot."""
    # "&" starts a code in a header ("&P" is the page number): a trust's own "&" is doubled.
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddHeader.center.font = "-,Bold"
    # The title has the top line to itself: a long trust name on a portrait page ran into
    # the sheet's name beside it.
    sheet.oddFooter.left.text = "&A"  # the sheet's name
    sheet.oddFooter.center.text = "Page &P of &N"


class _Table:
    """A table's header and rows as its cells will hold them, every row as long as the
    widest, and each column's width."""

    def __init__(
        self, header: Sequence[str], rows: Iterable[Sequence[object]], widest: Mapping[int, int]
    ) -> None:
        cleaned = [[_as_cell_value(value) for value in row] for row in rows]
        columns = max([len(header), *map(len, cleaned)])
        self.header = [*(_as_cell_value(h) for h in header), *[None] * (columns - len(header))]
        self.rows = [row + [None] * (columns - len(row)) for row in cleaned]
        self.widths = [
            _column_width(number, self.header[number - 1], self.rows, widest)
            for number in range(1, columns + 1)
        ]

    @property
    def last_row(self) -> int:
        """The last row the table's filter and used range reach: at least the first row
        under the header, so an empty table's filter still shows its buttons."""
        return max(2, len(self.rows) + 1)


def _column_width(
    number: int, header: object, rows: list[list[object]], widest: Mapping[int, int]
) -> float:
    """A column's width from its longest line of text, header included."""
    content = max([_text_width(row[number - 1]) + 2 for row in rows], default=0)
    title = _text_width(header) + _FILTER_BUTTON
    if title > content + _HEADER_SLACK:  # "Supervisor ID" over "101" wraps after a word
        words = str(header or "").split()
        title = max(len(word) for word in words or [""]) + _FILTER_BUTTON
    longest = max(content, title)
    return min(widest.get(number, _MAX_WIDTH), _MAX_WIDTH, max(_MIN_WIDTH, longest))


def _lay_out(sheet: Worksheet, table: _Table, frozen_columns: int) -> None:
    """Everything of the shared look but the data rows' cells: the header row, the columns'
    widths, the frozen panes, the filter and the print layout."""
    sheet.append(table.header)
    for cell in sheet[1]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # a half term called "=1" heads a column, never a formula
        cell.font = _HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = _TOP_WRAPPED
    lines = max(
        _lines(value, width - _FILTER_BUTTON)
        for value, width in zip(table.header, table.widths, strict=True)
    )
    if lines > 1:
        sheet.row_dimensions[1].height = lines * _LINE_HEIGHT
    for number, width in enumerate(table.widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.widths))}{table.last_row}"
    _print_layout(sheet, table.widths)


def _as_cell_value(value: object) -> object:
    """Text exactly as given: never a formula, and without the control characters that
    Excel refuses to open (a CSV roster may carry them); cut to the 32,767 characters a
    cell holds, as openpyxl cuts it."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:_MAX_TEXT]
    return value


# The looks a data cell takes: by its value, and for text by whether it wraps.
_KINDS = ("top", "wrapped", "date", "time", "number")


def _kind(value: object, lines: int) -> str:
    if isinstance(value, str):
        return "wrapped" if lines > 1 else "top"
    if isinstance(value, date):
        return "date"
    if isinstance(value, time):
        return "time"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "number"
    return "top"  # an empty cell takes one line


def _format_value(cell, width: float, styles: dict[tuple, object]) -> int:
    """Format the cell for its value and column; return how many lines it takes.

    A cell's look is one of a few: the first cell of each is styled through openpyxl, and
    the rest take a copy of its style, as openpyxl's own sheet copy does. Setting a style
    cell by cell hashes and looks it up in the workbook's list every time."""
    lines = _lines(cell.value, width)
    if isinstance(cell.value, str):
        # openpyxl stores text starting with "=" as a formula; a name or message is not one.
        cell.data_type = "s"
    kind = _kind(cell.value, lines)
    key = (kind, tuple(cell._style or ()))  # None until openpyxl styles the cell
    style = styles.get(key)
    if style is None:
        _style_cell(cell, kind)
        styles[key] = copy(cell._style)
    else:
        cell._style = copy(style)
    return lines


def _style_cell(cell, kind: str) -> None:
    if kind == "date":
        cell.number_format = DATE_FORMAT
        cell.alignment = _TOP_LEFT
    elif kind == "time":
        cell.number_format = TIME_FORMAT
        cell.alignment = _TOP_LEFT
    elif kind == "number":
        cell.alignment = _TOP_LEFT
    else:
        cell.alignment = _TOP_WRAPPED if kind == "wrapped" else _TOP


class _CellWriter:
    """Writes a table's data rows as the XML of a sheet's rows (ECMA-376 part 1, 18.3.1),
    cell for cell as openpyxl writes them: text inline and always text (never a formula),
    dates and times as Excel's serial numbers, each cell with its look's style."""

    def __init__(self, widths: list[float], formats: Mapping[int, str], style_id) -> None:
        self.widths = widths
        self.formats = [formats.get(n) for n in range(1, len(widths) + 1)]
        self.style_id = style_id
        self.letters = [get_column_letter(n) for n in range(1, len(widths) + 1)]
        self.styles: dict[tuple[str, str | None], str] = {}

    def register(self, kind: str) -> None:
        """Fix the style of `kind` in each of this table's number formats."""
        for number_format in set(self.formats):
            self.styles[kind, number_format] = str(self.style_id(kind, number_format))

    def row(self, number: int, values: list[object]) -> str:
        cells = []
        most = 1
        for value, width, letter, number_format in zip(
            values, self.widths, self.letters, self.formats, strict=True
        ):
            lines = _lines(value, width)
            most = max(most, lines)
            style = self.styles[_kind(value, lines), number_format]
            cells.append(_cell_xml(f"{letter}{number}", style, value))
        # Excel and LibreOffice keep a saved row's height: a wrapped cell needs its row made tall.
        height = f' ht="{most * _LINE_HEIGHT}" customHeight="1"' if most > 1 else ""
        return f'<row r="{number}"{height}>{"".join(cells)}</row>'


def _cell_xml(reference: str, style: str, value: object) -> str:
    start = f'<c r="{reference}" s="{style}"'
    if isinstance(value, str):
        if not value:
            return f'{start} t="inlineStr"/>'
        # Kept whole by a reader: spaces at either end of text (xml:space, XML 1.0 2.10).
        space = ' xml:space="preserve"' if value.strip() and value != value.strip() else ""
        return f'{start} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'
    if value is None:
        return f'{start} t="n"/>'
    if isinstance(value, bool):
        return f'{start} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, date | time):  # a datetime is a date
        value = to_excel(value)
    elif not isinstance(value, int | float):
        raise TypeError(f"a cell cannot hold {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        return f'{start} t="n"/>'
    return f'{start} t="n"><v>{value:.16g}</v></c>'


def _fill_sheet(part: IO[bytes], skeleton: str, table: _Table, cells: _CellWriter) -> None:
    """Write the sheet's XML: openpyxl's, with the table's data rows after its header row
    and the used range (dimension) reaching the last of them."""
    head, tail = skeleton.split("</sheetData>", 1)
    used = f"A1:{get_column_letter(len(table.widths))}{table.last_row}"
    head = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{used}"', head, count=1)
    part.write(head.encode())
    batch = []
    for number, row in enumerate(table.rows, start=2):
        batch.append(cells.row(number, row))
        if len(batch) == _ROWS_PER_WRITE:
            part.write("".join(batch).encode())
            batch = []
    part.write("".join(batch).encode())
    part.write(f"</sheetData>{tail}".encode())


def _lines(value: object, width: float) -> int:
    """The lines text takes wrapped in a column `width` wide: its own lines, each broken
    between words where it is wider than the column. A column-width unit is the width of a
    "0"; LibreOffice fits about 1.15 characters of names and words a unit in DejaVu Sans,
    and Excel's Calibri more: 1.1 errs towards a row too tall rather than text hidden."""
    if not isinstance(value, str):
        return 1
    room = max(1, int(width * 1.1))
    if len(value) <= room and "\n" not in value:
        return 1  # most cells: a name or ID, shorter than its column
    lines = 0
    for line in value.split("\n"):
        lines += 1
        used = 0
        for word in line.split(" "):
            if used and used + 1 + len(word) > room:
                lines += 1
                used = 0
            used += (1 if used else 0) + len(word)
            while used > room:  # a word longer than the column breaks anywhere
                lines += 1
                used -= room
    return lines


def _text_width(value: object) -> int:
    if isinstance(value, str) and "\n" not in value:
        return len(value)
    if value is None:
        return 0
    if isinstance(value, date):
        return len(DATE_FORMAT)
    if isinstance(value, time):
        return len(TIME_FORMAT)
    return max(len(line) for line in str(value).split("\n"))


def print_in_parts(sheet: Worksheet, repeated: int, parts: Sequence[int]) -> None:
    """Print a table too wide for one page in parts across pages instead of shrinking it:
    the first `repeated` columns on every page, then one part per page, each part ending at
    a column number in `parts`. Scaled down only as far as the widest page needs."""
    widths = [sheet.column_dimensions[get_column_letter(n)].width for n in range(1, parts[-1] + 1)]
    start, widest = repeated, 0.0
    for end in parts:
        widest = max(widest, sum(widths[:repeated]) + sum(widths[start:end]))
        start = end
    sheet.print_title_cols = f"A:{get_column_letter(repeated)}"
    for end in parts[:-1]:
        sheet.col_breaks.append(Break(id=end))
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = False
    sheet.page_setup.scale = min(100, math.floor(100 * _LANDSCAPE_WIDTH / widest))


def _print_layout(sheet: Worksheet, widths: list[float]) -> None:
    """Printed: the header row on every page, landscape when the table is wider than a
    portrait page, and one page wide."""
    sheet.print_title_rows = "1:1"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_margins = _MARGINS
    wide = sum(widths) > _PORTRAIT_WIDTH
    sheet.page_setup.orientation = "landscape" if wide else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
