"""The look every workbook peerpair writes shares, so its sheets read as finished tables:
a bold, shaded header row that stays in view, filter buttons, columns as wide as their
content, rows as tall as their wrapped text, dates shown day first, and a print layout that
is readable on A4 (SPEC 4): the header row on every page, landscape where the table is wide,
and a title on every page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from datetime import date, time

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "dd/mm/yyyy"  # UK schools read 03/09/2026 as the 3rd of September
TIME_FORMAT = "hh:mm"
_HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_MAX_WIDTH = 50  # wider than this and a column pushes the rest off screen; long text wraps
_MIN_WIDTH = 8
_FILTER_BUTTON = 3  # room for the filter arrow beside a header
_LINE_HEIGHT = 15  # points: one line of the default 11-point font
# Narrow margins (inches), as Excel's own "Narrow", leave the table more of the page.
_MARGINS = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
# An A4 page's printable width in column-width units at those margins, measured in
# LibreOffice's PDF: a unit prints 0.247 cm. Wider tables print landscape.
_PORTRAIT_WIDTH = 75
_LANDSCAPE_WIDTH = 110
_HEADER_SLACK = 4  # a header wraps between words only when that narrows its column more
# Top-aligned, so a row with a wrapped cell still reads across. Dates and times sit left, as
# text does, so a time never runs into the ID beside it. Made once: a plan for a thousand
# people has tens of thousands of cells, and building an Alignment is not free.
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
    sheet.append(list(header))
    for row in rows:
        sheet.append([_as_cell_value(value) for value in row])
    widths = _fit_columns(sheet, widest or {})
    lines_by_row: dict[int, int] = {}
    styles: dict[tuple, object] = {}
    for row in sheet.iter_rows(min_row=2):
        for cell, width in zip(row, widths, strict=False):
            lines = _format_value(cell, width, styles)
            if lines > lines_by_row.get(cell.row, 1):
                lines_by_row[cell.row] = lines
    lines_by_row[1] = max(
        _lines(cell.value, width - _FILTER_BUTTON)
        for cell, width in zip(sheet[1], widths, strict=True)
    )
    # Excel and LibreOffice keep a saved row's height: a wrapped cell needs its row made tall.
    for number, lines in lines_by_row.items():
        if lines > 1:
            sheet.row_dimensions[number].height = lines * _LINE_HEIGHT
    _style_header(sheet)
    sheet.freeze_panes = sheet.cell(row=2, column=frozen_columns + 1)
    sheet.auto_filter.ref = sheet.dimensions
    _print_layout(sheet, widths)


def print_title(sheet: Worksheet, title: str) -> None:
    """Title every printed page: `title` (the trust and year) at the top with the sheet's
    name, and the page number at the foot."""
    # "&" starts a code in a header ("&P" is the page number): a trust's own "&" is doubled.
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddHeader.center.font = "-,Bold"
    sheet.oddHeader.right.text = "&A"  # the sheet's name
    sheet.oddFooter.center.text = "Page &P of &N"


def _style_header(sheet: Worksheet) -> None:
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = _TOP_WRAPPED


def _fit_columns(sheet: Worksheet, widest: Mapping[int, int]) -> list[float]:
    """Set each column's width from its longest line of text, header included, and return
    the widths in column order."""
    widths = []
    for number, column in enumerate(sheet.iter_cols(), start=1):
        header, *cells = column
        content = max([_text_width(c.value) + 2 for c in cells], default=0)
        title = _text_width(header.value) + _FILTER_BUTTON
        if title > content + _HEADER_SLACK:  # "Supervisor ID" over "101" wraps after a word
            words = str(header.value or "").split()
            title = max(len(word) for word in words or [""]) + _FILTER_BUTTON
        longest = max(content, title)
        width = min(widest.get(number, _MAX_WIDTH), _MAX_WIDTH, max(_MIN_WIDTH, longest))
        sheet.column_dimensions[header.column_letter].width = width
        widths.append(width)
    return widths


def _as_cell_value(value: object) -> object:
    """Text exactly as given: never a formula, and without the control characters that
    Excel refuses to open (a CSV roster may carry them)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _format_value(cell, width: float, styles: dict[tuple, object]) -> int:
    """Format the cell for its value and column; return how many lines it takes.

    A cell's look is one of a few: the first cell of each is styled through openpyxl, and
    the rest take a copy of its style, as openpyxl's own sheet copy does. Setting a style
    cell by cell hashes and looks it up in the workbook's list every time: at 5,000 people
    that was most of the time spent writing the plan."""
    lines = _lines(cell.value, width)
    value = cell.value
    if isinstance(value, str):
        # openpyxl stores text starting with "=" as a formula; a name or message is not one.
        cell.data_type = "s"
        kind = "wrapped" if lines > 1 else "top"
    elif isinstance(value, date):
        kind = "date"
    elif isinstance(value, time):
        kind = "time"
    else:
        kind = "top"  # a number or an empty cell takes one line
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
    else:
        cell.alignment = _TOP_WRAPPED if kind == "wrapped" else _TOP


def _lines(value: object, width: float) -> int:
    """The lines text takes wrapped in a column `width` wide: its own lines, each broken
    between words where it is wider than the column. A column-width unit is the width of a
    "0"; LibreOffice fits about 1.15 characters of names and words a unit in DejaVu Sans,
    and Excel's Calibri more: 1.1 errs towards a row too tall rather than text hidden."""
    if not isinstance(value, str):
        return 1
    room = max(1, int(width * 1.1))
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
