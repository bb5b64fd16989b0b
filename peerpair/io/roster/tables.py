"""From a roster file to tables: each known sheet's header found and its data rows keyed by
column (SPEC 2 "What real spreadsheets hold").

The header is the first row, within the first ten that hold anything, that has the sheet's
required columns, so a title and blank rows above it are fine. A merged block reads as every
cell holding its top-left value; rows hidden by a filter are read, and counted in a warning;
a formula never calculated and a cell longer than Excel allows are problems where they are.
Unknown sheets are never parsed, and columns right of the header's last heading never read.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

from openpyxl.utils import get_column_letter

from peerpair.io.cells import is_blank, normalise_header, show
from peerpair.io.roster.csv_file import NotACsv, read_csv
from peerpair.io.roster.problems import Problem, Report, RosterError
from peerpair.io.roster.schema import SHEETS, STAFF, UNREAD_SHEETS, SheetSpec
from peerpair.io.roster.xlsx import CELL_LIMIT, NotAWorkbook, Sheet, TooLong, Uncalculated, Workbook

_HEADER_SEARCH = 10  # rows holding anything, from the top, that may be the header
_SHEET_LIST = ", ".join(s.name for s in SHEETS)


@dataclass(frozen=True)
class Row:
    number: int  # as Excel numbers it
    cells: dict[str, object]  # canonical column -> value; blank cells left out
    unreadable: frozenset[str] = frozenset()  # columns whose cell is a problem already told


@dataclass(frozen=True)
class Table:
    sheet: SheetSpec
    columns: frozenset[str]  # the sheet's known columns that the header row has
    rows: list[Row]


def file_problem(path: Path, message: str) -> RosterError:
    return RosterError([Problem(path.name, None, None, message)])


def read_tables(path: Path, report: Report) -> dict[str, Table]:
    """The known sheets of the file, by canonical name."""
    if not path.is_file():
        where = path.resolve()
        raise file_problem(
            path, f"{where} is a folder" if path.exists() else f"there is no file at {where}"
        )
    suffix = path.suffix.lower()
    if suffix in (".ods", ".fods"):
        raise file_problem(
            path,
            "this is a LibreOffice Calc spreadsheet (.ods), and peerpair reads Excel workbooks: "
            "in LibreOffice, choose File > Save As, set the file type to "
            '"Excel 2007-365 (.xlsx)", keep that format, and give peerpair the .xlsx file',
        )
    if suffix not in (".xlsx", ".csv"):
        raise file_problem(
            path,
            "peerpair reads Excel workbooks (.xlsx) and .csv files: "
            "in Excel, use Save As and choose Excel Workbook (.xlsx)",
        )
    try:
        if suffix == ".csv":
            return _tables(_CsvFile(path), report)
        with Workbook(path) as workbook:
            return _tables(workbook, report)
    except OSError as error:
        raise file_problem(path, f"could not be opened ({error.strerror or error})") from error
    except NotACsv as error:
        raise file_problem(path, f"cannot be read as a CSV file ({error})") from error
    except NotAWorkbook as error:
        raise file_problem(
            path,
            "cannot be read as an Excel workbook: it may be damaged, password-protected "
            "or not really an .xlsx file",
        ) from error


class _CsvFile:
    """A .csv file, read as a workbook holding the Staff sheet alone."""

    titles = [STAFF.name]

    def __init__(self, path: Path) -> None:
        self.path = path

    def sheets(self, titles: list[str]) -> dict[str, Sheet]:
        return {title: read_csv(self.path.read_bytes()) for title in titles}


def _tables(workbook: Workbook | _CsvFile, report: Report) -> dict[str, Table]:
    known = {normalise_header(sheet.name): sheet for sheet in SHEETS}
    given = {normalise_header(title) for title in workbook.titles}
    if normalise_header(STAFF.name) not in given and normalise_header("Pairings") in given:
        # A plan where the roster goes (`check plan roster`): one line that says so, not a
        # warning for each of the plan's sheets.
        message = (
            "there is no Staff sheet: this workbook is a plan peerpair wrote, not a roster. "
            "Give the roster (the workbook with the Staff sheet); a command that takes both "
            "takes the roster first"
        )
        report.problems.append(Problem(STAFF.name, None, None, message))
        return {}
    titles: dict[str, str] = {}  # canonical name -> the title of the sheet that is it
    for title in workbook.titles:
        key = normalise_header(title)
        if key in UNREAD_SHEETS:
            continue
        sheet = known.get(key)
        if sheet is None:
            message = f"peerpair does not read this sheet (it reads {_SHEET_LIST}); ignored"
            report.warnings.append(Problem(title, None, None, message))
        elif sheet.name in titles:
            message = (
                f'"{titles[sheet.name]}" and "{title}" are both this sheet: delete or rename one'
            )
            report.problems.append(Problem(sheet.name, None, None, message))
        else:
            titles[sheet.name] = title
    cells = workbook.sheets(list(titles.values()))
    tables: dict[str, Table] = {}
    for sheet in SHEETS:
        if sheet.name in titles and (table := _table(sheet, cells[titles[sheet.name]], report)):
            tables[sheet.name] = table
    if STAFF.name not in titles:
        named = ", ".join(f'"{title}"' for title in workbook.titles)
        report.problems.append(
            Problem(STAFF.name, None, None, f"there is no Staff sheet (the sheets are {named})")
        )
    return tables


def _table(sheet: SheetSpec, cells: Sheet, report: Report) -> Table | None:
    """The sheet's data rows below its header, keyed by canonical column."""
    if not cells.rows:
        if sheet is STAFF:
            report.problems.append(Problem(sheet.name, None, None, "the sheet is empty"))
        return None
    numbers = sorted(cells.rows)
    header_number = _header_row(sheet, [(n, cells.rows[n]) for n in numbers[:_HEADER_SEARCH]])
    header = cells.rows[header_number]
    known = {normalise_header(name): name for name in sheet.names}
    columns: dict[int, str] = {}
    letters: dict[str, str] = {}
    extra: list[tuple[str, object]] = []  # (column letter, heading) of unknown columns
    for index, title in sorted(header.items()):
        letter = get_column_letter(index)
        if isinstance(title, TooLong | Uncalculated):
            report.problems.append(
                Problem(
                    sheet.name, header_number, None, f"column {letter}: {unreadable_message(title)}"
                )
            )
            continue
        name = known.get(normalise_header(title))
        if name is None:
            extra.append((letter, title))
        elif name in letters:
            message = f"columns {letters[name]} and {letter} are both {name}: delete or rename one"
            report.problems.append(Problem(sheet.name, header_number, name, message))
        else:
            letters[name] = letter
            columns[index] = name
    missing = [name for name in sheet.names if name not in letters]
    _report_extra_columns(sheet, extra, missing, report)
    for name in sheet.required:
        if name not in letters:
            message = f"no {name} column in the header row (row {header_number})"
            report.problems.append(Problem(sheet.name, None, None, message))
    # Right of the last heading is nobody's column: a stray cell at XFD is never read.
    last = max(header)
    below = numbers[numbers.index(header_number) + 1 :]
    _fill_merged(cells, below, last)
    rows = []
    for number in below:
        # Taken out of the sheet as it is read, so a large sheet is not held twice.
        row = {column: value for column, value in cells.rows.pop(number).items() if column <= last}
        if any(not is_blank(value) for value in row.values()):  # spaces only: a blank row
            rows.append(_row(sheet, number, row, columns, report))
    if hidden := sum(1 for row in rows if row.number in cells.hidden):
        count = "1 row is" if hidden == 1 else f"{hidden} rows are"
        message = f"{count} hidden (by a filter, perhaps); peerpair reads every row"
        report.warnings.append(Problem(sheet.name, None, None, message))
    return Table(sheet, frozenset(letters), rows)


def _header_row(sheet: SheetSpec, first: list[tuple[int, dict[int, object]]]) -> int:
    """The first of these rows that has all the sheet's required columns (and one at least);
    failing that, the one with most of its columns, so its problems can be named."""
    keys = {normalise_header(name) for name in sheet.names}
    required = {normalise_header(name) for name in sheet.required}

    def found(row: dict[int, object]) -> set[str]:
        return {normalise_header(v) for v in row.values() if isinstance(v, str | int | float)}

    for number, row in first:
        held = found(row) & keys
        if held and required <= held:
            return number
    return max(first, key=lambda item: len(found(item[1]) & keys))[0]


def _fill_merged(cells: Sheet, below: list[int], last: int) -> None:
    """Every cell of a merged block below the header holds its top-left value, as on screen.
    Only rows that hold data and columns up to `last` are filled: a merge over a million
    blank rows costs nothing. A block starting in the header or above is a heading or a
    title: its value is no row's data."""
    for first_column, first_row, last_column, last_row in cells.merged:
        value = cells.rows.get(first_row, {}).get(first_column)
        if value is None or first_column > last or not below or first_row < below[0]:
            continue
        for number in below[bisect_left(below, first_row) : bisect_right(below, last_row)]:
            row = cells.rows[number]
            for column in range(first_column, min(last_column, last) + 1):
                row.setdefault(column, value)


def _row(
    sheet: SheetSpec,
    number: int,
    values: dict[int, object],
    columns: dict[int, str],
    report: Report,
) -> Row:
    """One data row by canonical column; a cell that cannot be read is told once, here."""
    cells: dict[str, object] = {}
    unreadable: set[str] = set()
    for index, value in values.items():
        name = columns.get(index)
        if isinstance(value, TooLong) or (name and isinstance(value, Uncalculated)):
            where = name or f"column {get_column_letter(index)}"
            message = unreadable_message(value, quote=not sheet.confidential)
            report.problems.append(Problem(sheet.name, number, where, message))
            if name:
                unreadable.add(name)
        elif name is not None:
            cells[name] = value
    return Row(number, cells, frozenset(unreadable))


def unreadable_message(value: TooLong | Uncalculated, quote: bool = True) -> str:
    if isinstance(value, TooLong):
        return (
            f"holds {value.length:,} characters, more than a cell can hold in Excel "
            f"({CELL_LIMIT:,}): this is not a file Excel saved; shorten the cell"
        )
    formula = f" ({value.formula})" if quote and value.formula else ""
    return (
        f"holds a formula{formula} that was never calculated, so peerpair cannot see its value: "
        "open the file in Excel or LibreOffice, save it, and run peerpair again "
        "(or type the value instead of the formula)"
    )


def _report_extra_columns(
    sheet: SheetSpec, extra: list[tuple[str, object]], missing: list[str], report: Report
) -> None:
    if sheet.confidential and extra:
        count = "1 extra column" if len(extra) == 1 else f"{len(extra)} extra columns"
        message = f"{count} ignored: peerpair never reads or copies what they hold"
        # Only peerpair's own column names are said: the sheet's headings are not echoed.
        meant = sorted({m for _, title in extra if (m := _likely_meant(title, missing))})
        if meant:
            names = " or ".join(f'"{m}"' for m in meant)
            message += f". If one is the {' or '.join(meant)} column, name it {names}"
        report.warnings.append(Problem(sheet.name, None, None, message))
        return
    for letter, title in extra:
        message = f'column {letter} ("{show(title)}") is not one peerpair reads; ignored'
        if meant := _likely_meant(title, missing):
            message += f'. If it is the {meant} column, name it "{meant}"'
        report.warnings.append(Problem(sheet.name, None, None, message))


def _likely_meant(title: object, missing: list[str]) -> str | None:
    """The absent column an unknown heading most likely is: Start for "Start Date", Supervision
    Trained for "Suprevision Trained". Left unsaid, a Half Terms sheet headed "Start Date"
    would quietly give no session a date."""
    key = normalise_header(title)
    names = {normalise_header(name): name for name in missing}
    # A near-spelling first ("Receives From" is Receive From, not Receives), then a heading
    # that holds a column's whole name.
    if close := get_close_matches(key, list(names), n=1, cutoff=0.8):
        return names[close[0]]
    inside = [name for k, name in names.items() if k in key]
    return max(inside, key=len) if inside else None
