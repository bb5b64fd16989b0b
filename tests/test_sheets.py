"""The shared look of every table (io/sheets.py): each cell styled for its own value, and no
cell's style shared with another's, so styling one cell later (a Cover Needed row's fill)
never restyles the rest."""

from datetime import date, datetime, time

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from peerpair.io.sheets import DATE_FORMAT, TIME_FORMAT, write_table


def _table():
    sheet = Workbook().active
    long_text = "a session moved because the supervisor is away that week " * 3
    rows = [
        ["Ann", date(2026, 9, 3), time(15, 30), 4, None, "=1+1"],
        [long_text, datetime(2026, 9, 4, 9, 0), time(9, 0), 2.5, "x", "short"],
        ["Bo", date(2026, 9, 5), time(16, 0), 1, None, long_text],
        ["Cy", date(2026, 9, 6), time(16, 30), 7, None, "Cy"],
        ["Di", date(2026, 9, 7), time(17, 0), 8, None, "Di"],
    ]
    write_table(sheet, ["Name", "Date", "Start", "Count", "Note", "Text"], rows)
    return sheet


def test_each_cell_takes_the_look_of_its_own_value():
    sheet = _table()
    for row in sheet.iter_rows(min_row=2):
        name, day, start, count, note, text = row
        assert day.number_format == DATE_FORMAT
        assert day.alignment.horizontal == "left"
        assert start.number_format == TIME_FORMAT
        assert start.alignment.horizontal == "left"
        assert count.number_format == "General"
        # Left, as dates and times sit: a count never runs into the text beside it ("0" then
        # "30 (100%)" read "030 (100%)" in the report's workbook).
        assert count.alignment.horizontal == "left" and count.alignment.vertical == "top"
        assert note.alignment.vertical == "top"
        for cell in (name, text):
            assert cell.data_type == "s"  # "=1+1" stays text, never a formula
            assert bool(cell.alignment.wrap_text) == ("session moved" in cell.value)
            assert cell.alignment.vertical == "top"


def test_styling_one_cell_afterwards_leaves_the_others_alone():
    sheet = _table()
    for row in (2, 4, 5):  # the first cell of a look, and two that took it after
        sheet[f"A{row}"].fill = PatternFill("solid", fgColor="FFC7CE")
        sheet[f"B{row}"].number_format = "yyyy"
        for other in range(2, 7):
            if other != row:
                assert sheet[f"A{other}"].fill.fill_type is None, (row, other)
                assert sheet[f"B{other}"].number_format == DATE_FORMAT, (row, other)
        sheet[f"A{row}"].fill = PatternFill()
        sheet[f"B{row}"].number_format = DATE_FORMAT
    assert sheet["A2"].alignment.vertical == "top"
