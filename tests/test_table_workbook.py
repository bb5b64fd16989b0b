"""A table written a row at a time (io/sheets.py's TableWorkbook, which writes the plan) is
the table openpyxl writes cell by cell (write_table): the same cells, values, types and
looks, row heights, column widths, frozen panes, filter and print settings, compared as
openpyxl reads them back (benchmarks/same_workbook.py)."""

import zipfile
from datetime import date, datetime, time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from benchmarks.same_workbook import differences
from peerpair.domain.plan import Plan
from peerpair.domain.roster import HalfTerm, Person, Roster
from peerpair.io.plan_workbook import write_plan
from peerpair.io.sheets import TableWorkbook, write_table

LONG = "a session moved because the supervisor is away that week " * 3
HEADER = ["Name", "Date", "Start", "Count", "Note", "Text", "Supervisor ID"]
ROWS = [
    ["Ann", date(2026, 9, 3), time(15, 30), 4, None, "=1+1", "101"],
    [LONG, datetime(2026, 9, 4, 9, 0), time(9, 0), 2.5, "x", "short", ""],
    ["  spaced  ", "no date", None, True, "#N/A", "a\nb\nc", "T01"],
    ["Bo & <Cy>", date(1999, 12, 31), time(23, 59, 59), -7, "", "tab\there", "+44"],
    ["Di\x07", None, time(0, 0), 10**12, 0.1, "@SUM(1)", "-1"],
]
DATE_COLUMN = 2
WEEKDAY_FORMAT = "ddd dd/mm/yyyy"


def _both(tmp_path, header, rows, frozen_columns=0, widest=None, formats=None):
    """The table written cell by cell by openpyxl, and a row at a time."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Table"
    write_table(sheet, header, rows, frozen_columns, widest)
    for column, number_format in (formats or {}).items():
        # What the plan did before it was written a row at a time (its weekday dates).
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = number_format
        dimension = sheet.column_dimensions[get_column_letter(column)]
        dimension.width = max(dimension.width, len(number_format) + 2)
    by_cell = tmp_path / "by-cell.xlsx"
    workbook.save(by_cell)
    streamed = TableWorkbook()
    streamed.add_table("Table", header, rows, frozen_columns, widest, formats)
    by_row = tmp_path / "by-row.xlsx"
    streamed.save(by_row)
    return by_cell, by_row


def test_a_table_of_every_kind_of_value_is_written_as_openpyxl_writes_it(tmp_path):
    formats = {DATE_COLUMN: WEEKDAY_FORMAT}
    by_cell, by_row = _both(tmp_path, HEADER, ROWS, 1, {1: 12}, formats)
    assert differences(by_cell, by_row) == []
    sheet = load_workbook(by_row)["Table"]
    assert sheet["F2"].value == "=1+1" and sheet["F2"].data_type == "s"
    assert sheet["B2"].number_format == WEEKDAY_FORMAT
    assert sheet.row_dimensions[3].height > 15  # the long text wraps, its row is tall
    # openpyxl reads spaces at either end either way; Excel keeps them only when told to.
    with zipfile.ZipFile(by_row) as archive:
        assert (
            '<t xml:space="preserve">  spaced  </t>'
            in archive.read("xl/worksheets/sheet1.xml").decode()
        )


def test_an_empty_table_is_written_as_openpyxl_writes_it(tmp_path):
    assert differences(*_both(tmp_path, ["Half Term", "Reason"], [])) == []


def test_the_comparison_sees_a_cell_of_another_look(tmp_path):
    """The checks here can fail: one date shown another way is a difference."""
    by_cell, by_row = _both(tmp_path, HEADER, ROWS)
    workbook = load_workbook(by_row)
    workbook["Table"]["B2"].number_format = "yyyy"
    workbook.save(by_row)
    found = differences(by_cell, by_row)
    assert len(found) == 1 and found[0].startswith("Table!B2: ")


_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)
_VALUES = st.one_of(
    st.none(),
    _TEXT,
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(date(1950, 1, 1), date(2100, 12, 31)),
    st.times(),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.lists(_TEXT, min_size=1, max_size=5),
    rows=st.lists(st.lists(_VALUES, max_size=6), max_size=6),
    frozen=st.integers(0, 2),
)
def test_any_table_is_written_as_openpyxl_writes_it(tmp_path, header, rows, frozen):
    assert differences(*_both(tmp_path, header, rows, frozen)) == []


def test_a_half_term_called_like_a_formula_heads_its_columns_as_text(tmp_path):
    """SPEC 'Nothing peerpair writes can run as a formula': a half term's name, typed by
    anyone, is part of the People sheet's headers."""
    roster = Roster(
        people=(Person(id="101", name="Priya Sharma", school="Oakfield"),),
        half_terms=(HalfTerm(name="=HYPERLINK(1)"),),
    )
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, Plan(), [], [])
    header = load_workbook(path)["People"][1]
    assert header[3].value == "=HYPERLINK(1) supervises"
    assert [cell.data_type for cell in header] == ["s"] * len(header)
