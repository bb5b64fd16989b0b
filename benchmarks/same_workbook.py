"""Whether two workbooks are the same to whoever opens them, as openpyxl reads them: the
same sheets in the same order, and in each every cell's value, type and look (number
format, font, fill, alignment, border, protection), the rows' heights, the columns'
widths, frozen panes, filter, drop-downs, print settings, page breaks, header and footer,
and the workbook's defined names (print titles, filter ranges).

    python -m benchmarks.same_workbook before.xlsx after.xlsx

prints each difference and exits 1 when there is one. Used to show that writing the plan
a row at a time (io/sheets.py's TableWorkbook) writes the plan openpyxl wrote cell by cell.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.xml.functions import tostring

# Sheet settings, compared as the XML openpyxl would write for each.
_SETTINGS = (
    "sheet_properties",
    "sheet_format",
    "page_setup",
    "page_margins",
    "print_options",
    "HeaderFooter",
    "col_breaks",
    "row_breaks",
    "protection",
    "auto_filter",
    "data_validations",
    "views",
)


def differences(before: Path, after: Path, ignore: frozenset[tuple[str, str]] = frozenset()):
    """Each difference between the two workbooks, in words; `ignore` holds (sheet,
    coordinate) pairs of cells whose values may differ (Summary's "Time taken")."""
    a, b = load_workbook(before), load_workbook(after)
    found = []
    if a.sheetnames != b.sheetnames:
        return [f"sheets {a.sheetnames} != {b.sheetnames}"]
    found += _compare("defined names", _names(a.defined_names), _names(b.defined_names))
    for old, new in zip(a.worksheets, b.worksheets, strict=True):
        title = old.title
        found += _compare(f"{title} used range", old.dimensions, new.dimensions)
        found += _compare(f"{title} freeze panes", old.freeze_panes, new.freeze_panes)
        found += _compare(f"{title} print rows", old.print_title_rows, new.print_title_rows)
        found += _compare(f"{title} print columns", old.print_title_cols, new.print_title_cols)
        found += _compare(f"{title} print area", old.print_area, new.print_area)
        found += _compare(f"{title} names", _names(old.defined_names), _names(new.defined_names))
        for setting in _SETTINGS:
            found += _compare(
                f"{title} {setting}", _xml(getattr(old, setting)), _xml(getattr(new, setting))
            )
        found += _compare(f"{title} rows", _rows(old), _rows(new))
        found += _compare(f"{title} columns", _columns(old), _columns(new))
        cells = sorted(set(old._cells) | set(new._cells))
        for row, column in cells:
            one, other = old.cell(row, column), new.cell(row, column)
            if (title, one.coordinate) in ignore:
                one, other = _look(one), _look(other)
            else:
                one, other = (
                    (one.value, one.data_type, *_look(one)),
                    (
                        other.value,
                        other.data_type,
                        *_look(other),
                    ),
                )
            found += _compare(f"{title}!{old.cell(row, column).coordinate}", one, other)
    return found


def _compare(what: str, one: object, other: object) -> list[str]:
    return [] if one == other else [f"{what}: {one!r} != {other!r}"]


def _look(cell) -> tuple:
    return (
        cell.number_format,
        _xml(cell.font),
        _xml(cell.fill),
        _xml(cell.alignment),
        _xml(cell.border),
        _xml(cell.protection),
    )


def _xml(setting) -> str:
    tree = setting.to_tree()
    return "" if tree is None else tostring(tree).decode()


def _names(names) -> list[tuple[str, str, object]]:
    return sorted((n, d.value, d.localSheetId) for n, d in names.items())


def _rows(sheet) -> dict:
    return {n: dict(d) for n, d in sheet.row_dimensions.items() if dict(d)}


def _columns(sheet) -> dict:
    return {letter: dict(d) for letter, d in sheet.column_dimensions.items() if dict(d)}


def main(before: str, after: str) -> int:
    found = differences(Path(before), Path(after))
    for line in found:
        print(line)
    print(f"{len(found)} differences")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
