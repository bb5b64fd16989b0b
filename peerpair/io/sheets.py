"""The look every workbook peerpair writes shares, so its sheets read as finished tables:
a bold, shaded header row that stays in view, filter buttons, columns as wide as their
content, dates shown day first, and a print layout that fits the page width.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, time

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "dd/mm/yyyy"  # UK schools read 03/09/2026 as the 3rd of September
TIME_FORMAT = "hh:mm"
_HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_MAX_WIDTH = 50  # wider than this and a column pushes the rest off screen; long text wraps
_MIN_WIDTH = 8
_FILTER_BUTTON = 3  # room for the filter arrow beside a header
# Top-aligned, so a row with a wrapped cell still reads across. Made once: a plan for a
# thousand people has tens of thousands of cells, and building an Alignment is not free.
_TOP = Alignment(vertical="top")
_TOP_WRAPPED = Alignment(vertical="top", wrap_text=True)


def write_table(
    sheet: Worksheet,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    frozen_columns: int = 0,
) -> None:
    """Write `header` and `rows` from A1 and give the sheet the shared look.

    `frozen_columns` keeps that many leading columns in view when scrolling right (e.g. a
    person's ID and name on a wide sheet)."""
    sheet.append(list(header))
    for row in rows:
        sheet.append([_as_cell_value(value) for value in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            _format_value(cell)
    _style_header(sheet)
    sheet.freeze_panes = sheet.cell(row=2, column=frozen_columns + 1)
    sheet.auto_filter.ref = sheet.dimensions
    _fit_columns(sheet)
    _fit_to_page_width(sheet)


def _style_header(sheet: Worksheet) -> None:
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = _TOP


def _fit_columns(sheet: Worksheet) -> None:
    """Set each column's width from its longest line of text, header included."""
    for column in sheet.iter_cols():
        header, *cells = column
        widest = max(
            [_text_width(header.value) + _FILTER_BUTTON] + [_text_width(c.value) + 2 for c in cells]
        )
        sheet.column_dimensions[header.column_letter].width = min(
            _MAX_WIDTH, max(_MIN_WIDTH, widest)
        )


def _as_cell_value(value: object) -> object:
    """Text exactly as given: never a formula, and without the control characters that
    Excel refuses to open (a CSV roster may carry them)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _format_value(cell) -> None:
    cell.alignment = _TOP_WRAPPED if _needs_wrapping(cell.value) else _TOP
    if isinstance(cell.value, str):
        # openpyxl stores text starting with "=" as a formula; a name or message is not one.
        cell.data_type = "s"
    elif isinstance(cell.value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(cell.value, time):
        cell.number_format = TIME_FORMAT


def _needs_wrapping(value: object) -> bool:
    """Several lines, or one longer than the widest column."""
    return isinstance(value, str) and ("\n" in value or len(value) > _MAX_WIDTH)


def _text_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return len(DATE_FORMAT)
    if isinstance(value, time):
        return len(TIME_FORMAT)
    return max(len(line) for line in str(value).split("\n"))


def _fit_to_page_width(sheet: Worksheet) -> None:
    """Printed, the table is landscape, one page wide, with the header on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
