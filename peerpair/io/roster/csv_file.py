"""A Staff sheet saved as .csv, in whichever encoding and separator the saving program chose.

Excel on Windows saves "CSV (Comma delimited)" as Windows-1252, "CSV UTF-8" with a byte
order mark, and "Unicode Text" as UTF-16 with tabs; a European locale separates with
semicolons. All of them are the same table here.
"""

from __future__ import annotations

import codecs
import csv
import io

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from peerpair.io.cells import is_blank
from peerpair.io.roster.xlsx import CELL_LIMIT, Sheet, TooLong

_SEPARATORS = (",", ";", "\t")


class NotACsv(Exception):
    """The file cannot be read as CSV; the message says why."""


def read_csv(data: bytes) -> Sheet:
    """The CSV file's rows as a sheet: row n is the file's n-th line (as a spreadsheet
    numbers it), holding its non-blank fields by column number (A is 1)."""
    text = _decode(data)
    # Control characters cannot be in an .xlsx (so an ID holding one would not match the plan's
    # copy), and old Windows tools end a file with Ctrl-Z: as in Excel, they are not there.
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    sheet = Sheet()
    # The field limit is the reader's, not Excel's: a longer field is reported, not refused.
    limit = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)  # the largest every platform accepts
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text))
        for number, fields in enumerate(reader, start=1):
            row: dict[int, object] = {
                column: TooLong(len(value)) if len(value) > CELL_LIMIT else value
                for column, value in enumerate(fields, start=1)
                if not is_blank(value)
            }
            if row:
                sheet.rows[number] = row
    except csv.Error as error:
        raise NotACsv(str(error)) from error
    finally:
        csv.field_size_limit(limit)
    return sheet


def _decode(data: bytes) -> str:
    """UTF-16 by its byte order mark (or the zero bytes of ASCII text in it), then UTF-8 with
    or without a mark, else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    head = data[:2000]
    if head and head.count(0) * 3 > len(head):
        # Mostly zero bytes: UTF-16 saved without a mark; ASCII puts its zero second (LE).
        return data.decode("utf-16-le" if head[1:2] == b"\0" else "utf-16-be", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _separator(text: str) -> str:
    """The separator the header line uses most: comma, semicolon or tab (comma on a tie)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {separator: 0 for separator in _SEPARATORS}
    quoted = False
    for character in header:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in counts:
            counts[character] += 1
    return max(_SEPARATORS, key=lambda separator: counts[separator])
