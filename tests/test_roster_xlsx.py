"""peerpair's own .xlsx reader (peerpair/io/roster/xlsx.py) reads what openpyxl reads: every
cell of a workbook openpyxl wrote, of every type a roster holds, has the value openpyxl's own
reader gives it."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from peerpair.io.roster.xlsx import Workbook

_text = st.text(
    st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_categories=("Cs",)), max_size=12
).filter(lambda t: not ILLEGAL_CHARACTERS_RE.search(t) and not t.startswith("="))
_cells = st.one_of(
    st.none(),
    _text,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.dates(date(1901, 1, 1), date(2099, 12, 31)),
    st.datetimes(datetime(1901, 1, 1), datetime(2099, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.times().map(lambda t: t.replace(microsecond=0)),
)


@given(
    st.lists(st.lists(_cells, max_size=6), max_size=8),
    st.sampled_from(["Staff", "Half Terms", "Notes & more"]),
)
def test_every_cell_reads_as_openpyxl_reads_it(rows, title):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        book = OpenpyxlWorkbook()
        sheet = book.active
        sheet.title = title
        for number, values in enumerate(rows, start=1):
            for column, value in enumerate(values, start=1):
                sheet.cell(number, column, value)
        book.save(path)
        expected = {
            (cell.row, cell.column): cell.value
            for line in load_workbook(path, data_only=True)[title].iter_rows()
            for cell in line
            if cell.value is not None and cell.value != ""
        }
        with Workbook(path) as ours:
            assert ours.titles == [title]
            read = ours.sheets([title])[title]
    got = {(r, c): v for r, values in read.rows.items() for c, v in values.items()}
    assert got == expected
    assert all(type(got[k]) is type(expected[k]) for k in got)


def test_only_worksheets_are_listed_in_tab_order(tmp_path):
    book = OpenpyxlWorkbook()
    book.active.title = "Staff"
    book.create_sheet("Half Terms")
    book.create_sheet("Closures", 1)
    book.create_chartsheet("Chart")
    book.save(tmp_path / "book.xlsx")
    with Workbook(tmp_path / "book.xlsx") as ours:
        assert ours.titles == ["Staff", "Closures", "Half Terms"]


def test_a_time_cell_is_a_time_and_a_date_cell_a_datetime(tmp_path):
    book = OpenpyxlWorkbook()
    book.active.append([time(9, 30), date(2026, 9, 3), 9.3])
    book.active.title = "Settings"
    book.save(tmp_path / "book.xlsx")
    with Workbook(tmp_path / "book.xlsx") as ours:
        assert ours.sheets(["Settings"])["Settings"].rows == {
            1: {1: time(9, 30), 2: datetime(2026, 9, 3), 3: 9.3}
        }


def test_each_cell_keeps_its_own_format_when_values_repeat(tmp_path):
    """Date and time values are converted once per value (issue 17): the same number is
    still a number, a date or a duration as each cell's format says, and a date beyond the
    calendar is "#VALUE!" wherever it appears."""
    book = OpenpyxlWorkbook()
    formats = ["General", "yyyy-mm-dd", "[h]:mm", "yyyy-mm-dd", "General", "yyyy-mm-dd"]
    for column, number_format in enumerate(formats, start=1):
        book.active.cell(1, column, 46000).number_format = number_format
        book.active.cell(2, column, 10**10).number_format = number_format
    book.active.title = "Settings"
    book.save(tmp_path / "book.xlsx")
    with Workbook(tmp_path / "book.xlsx") as ours:
        rows = ours.sheets(["Settings"])["Settings"].rows
    day, hours = datetime(2025, 12, 9), timedelta(days=46000)
    assert rows[1] == {1: 46000, 2: day, 3: hours, 4: day, 5: 46000, 6: day}
    types = [int, datetime, timedelta, datetime, int, datetime]
    assert [type(v) for v in rows[1].values()] == types
    assert rows[2][1] == 10**10 and rows[2][2] == rows[2][6] == "#VALUE!"
