"""What real spreadsheets hold (SPEC 2): titles above the header, merged cells, formulas,
filters, CSV dialects, month-first dates, times typed 9.30, roles with abbreviations, and
files from LibreOffice. Each test builds its own file."""

from __future__ import annotations

import codecs
import shutil
import subprocess
from datetime import date, time
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from benchmarks.hostile_files import staff_rows
from benchmarks.hostile_files import write_xlsx as write_xml_xlsx
from peerpair.domain.tiers import roles_in
from peerpair.io.roster_reader import RosterError, read_roster
from tests.test_roster_reader import STAFF, write_xlsx

HALF_TERMS = [
    ["Half Term", "Start", "End"],
    ["Autumn 1", "2026-09-02", "2026-10-23"],
    ["Autumn 2", "2026-11-02", "2026-12-18"],
]


def problems_of(path: Path) -> list[str]:
    with pytest.raises(RosterError) as raised:
        read_roster(path)
    return [str(p) for p in raised.value.problems]


# --- the header -------------------------------------------------------------------------


def test_a_title_and_blank_rows_above_the_header(tmp_path):
    """SPEC 2: the header is the first row (within the first ten) that holds the sheet's
    required columns; rows are still named as Excel numbers them."""
    staff = [
        ["Peer supervision 2026/27: staff"],
        ["Kept by the trust safeguarding lead", None, None, "updated 01/09/2026"],
        [],
        ["ID", "Name", "School", "Capacity"],
        ["101", "Ann Able", "Oak Primary", 1],
        ["102", "Ben Best", "Elm Academy", "lots"],
    ]
    path = write_xlsx(tmp_path / "roster.xlsx", {"Staff": staff})
    assert problems_of(path) == ['Staff row 6, Capacity: "lots" is not a whole number']


def test_a_row_holding_only_spaces_is_a_blank_row(tmp_path):
    """SPEC 2: spaces are stripped everywhere and blank rows skipped, so a row whose only
    cells hold spaces (a cleared cell, a stray space bar) is skipped, not a person with no
    Name or School."""
    staff = [*STAFF[:2], ["   ", None, " "], *STAFF[2:], [None, "\t "]]
    reading = read_roster(write_xlsx(tmp_path / "roster.xlsx", {"Staff": staff}))
    assert [p.id for p in reading.roster.people] == ["101", "102", "103"]


def test_a_title_row_naming_a_column_is_not_the_header(tmp_path):
    """A title that happens to be one column's name ("School") is passed over for the
    row that has every required column."""
    staff = [["School"], *STAFF]
    reading = read_roster(write_xlsx(tmp_path / "roster.xlsx", {"Staff": staff}))
    assert [p.id for p in reading.roster.people] == ["101", "102", "103"]


def test_with_no_header_row_the_missing_columns_are_named(tmp_path):
    staff = [["Staff list"], ["ID", "Name"], ["101", "Ann Able"]]
    path = write_xlsx(tmp_path / "roster.xlsx", {"Staff": staff})
    assert problems_of(path) == ["Staff: no School column in the header row (row 2)"]


# --- merged cells, formulas, filters ------------------------------------------------------


def test_merged_cells_read_as_every_cell_holding_the_top_left_value(tmp_path):
    """SPEC 2: a merged block reads as the lead sees it on screen: the school typed once for
    three people, and two of them sharing a merged Working Days."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Staff"
    rows = [
        ["ID", "Name", "School", "Working Days"],
        ["101", "Ann Able", "Oak Primary", "Mon, Tue"],
        ["102", "Ben Best", None, None],
        ["103", "Cat Cole", None, "Fri"],
        ["104", "Dan Dee", "Elm Academy", None],
    ]
    for values in rows:
        sheet.append(values)
    sheet.merge_cells("C2:C4")
    sheet.merge_cells("D2:D3")
    workbook.save(tmp_path / "roster.xlsx")
    people = read_roster(tmp_path / "roster.xlsx").roster.people
    assert [p.school for p in people] == ["Oak Primary"] * 3 + ["Elm Academy"]
    assert [sorted(p.working_days) for p in people[:3]] == [["Mon", "Tue"]] * 2 + [["Fri"]]


def test_a_heading_merged_down_into_a_row_is_not_that_rows_value(tmp_path):
    """A heading cell merged over the first data row (ID over A1:A2) names the column; it is
    not an ID for that row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Staff"
    for values in [STAFF[0], [None, "Ann Able", "Oak Primary"], *STAFF[2:]]:
        sheet.append(values)
    sheet.merge_cells("A1:A2")
    workbook.save(tmp_path / "roster.xlsx")
    assert problems_of(tmp_path / "roster.xlsx") == ["Staff row 2, ID: required, but blank"]


def test_a_formula_never_calculated_is_an_error_saying_how_to_fix_it(tmp_path):
    """SPEC 2: a formula saved by a program that never calculated it (openpyxl here) is an
    error that says so and how to fix it, not a blank."""
    staff = [STAFF[0], ["101", "Ann Able", "Oak Primary"], ["102", '=CONCAT("Ben"," Best")', "Elm"]]
    path = write_xlsx(tmp_path / "roster.xlsx", {"Staff": staff})
    assert problems_of(path) == [
        'Staff row 3, Name: holds a formula (=CONCAT("Ben"," Best")) that was never calculated, '
        "so peerpair cannot see its value: open the file in Excel or LibreOffice, save it, and "
        "run peerpair again (or type the value instead of the formula)"
    ]


def test_a_calculated_formula_is_its_saved_value(tmp_path):
    """A formula Excel or LibreOffice saved carries its value, and that value is read."""
    rows = list(staff_rows(2))
    rows[2] = (
        '<row r="3"><c r="A3" t="inlineStr"><is><t>P2</t></is></c>'
        '<c r="B3" t="str"><f>CONCAT("Ben"," Best")</f><v>Ben Best</v></c>'
        '<c r="C3" t="inlineStr"><is><t>Elm</t></is></c></row>'
    )
    path = write_xml_xlsx(tmp_path / "roster.xlsx", {"Staff": rows})
    assert read_roster(path).roster.people[1].name == "Ben Best"


def test_rows_hidden_by_a_filter_are_read_with_one_warning(tmp_path):
    """SPEC 2: rows hidden by a filter are read, with one warning naming how many."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Staff"
    for values in [*STAFF, ["104", "Dan Dee", "Fir School"]]:
        sheet.append(values)
    sheet.auto_filter.ref = "A1:C5"
    sheet.row_dimensions[3].hidden = True
    sheet.row_dimensions[5].hidden = True
    workbook.save(tmp_path / "roster.xlsx")
    reading = read_roster(tmp_path / "roster.xlsx")
    assert len(reading.roster.people) == 4
    assert [str(w) for w in reading.warnings] == [
        "Staff: 2 rows are hidden (by a filter, perhaps); peerpair reads every row"
    ]


# --- CSV ------------------------------------------------------------------------------------

_CSV_ROWS = [["ID", "Name", "School"], ["101", "Zoë Ål", "Oak; Primary"], ["102", "Ben", "Elm"]]


def _csv(rows: list[list[str]], separator: str) -> str:
    return "\r\n".join(
        separator.join(f'"{v}"' if separator in v or ";" in v else v for v in line) for line in rows
    )


@pytest.mark.parametrize(
    ("separator", "encode"),
    [
        (",", lambda text: text.encode("utf-8")),  # CSV UTF-8 without a byte order mark
        (",", lambda text: codecs.BOM_UTF8 + text.encode("utf-8")),  # Excel's "CSV UTF-8"
        (";", lambda text: text.encode("cp1252")),  # Excel in a European locale, Windows
        ("\t", lambda text: text.encode("utf-16")),  # Excel's "Unicode Text": UTF-16, tabs
        ("\t", lambda text: text.encode("utf-16-le")),  # the same without its mark
        (";", lambda text: text.encode("utf-16-be")),
    ],
)
def test_csv_separator_and_encoding_are_detected(tmp_path, separator, encode):
    """SPEC 2: comma, semicolon or tab separated, UTF-8 with or without BOM, UTF-16 (Excel's
    "Unicode Text") or Windows-1252."""
    path = tmp_path / "staff.csv"
    path.write_bytes(encode(_csv(_CSV_ROWS, separator)))
    people = read_roster(path).roster.people
    assert [(p.id, p.name, p.school) for p in people] == [
        ("101", "Zoë Ål", "Oak; Primary"),
        ("102", "Ben", "Elm"),
    ]


def test_a_csv_field_longer_than_excel_allows_is_an_error_where_it_is(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text("ID,Name,School\n101,Ann," + "x" * 200_000 + "\n102,Ben,Elm\n")
    assert problems_of(path) == [
        "Staff row 2, School: holds 200,000 characters, more than a cell can hold in Excel "
        "(32,767): this is not a file Excel saved; shorten the cell"
    ]


# --- dates and times --------------------------------------------------------------------------


def test_a_month_first_date_makes_every_ambiguous_text_date_of_the_file_an_error(tmp_path):
    """SPEC 2: a text date that can only be month first (09/25/2026) makes every ambiguous
    text date of that file an error too, Closures included; unambiguous ones stand."""
    staff = [
        [*STAFF[0], "DSL Training Date"],
        [*STAFF[1], "09/25/2025"],
        [*STAFF[2], "03/09/2025"],
        [*STAFF[3], "13/09/2025"],
    ]
    sheets = {
        "Staff": staff,
        "Half Terms": [["Half Term", "Start", "End"], ["Autumn 1", "2026-09-02", "10/23/2026"]],
        "Closures": [["Date"], ["10/05/2026"], ["07/07/2026"]],
    }
    assert problems_of(write_xlsx(tmp_path / "roster.xlsx", sheets)) == [
        'Staff row 2, DSL Training Date: "09/25/2025" is month first, and peerpair reads dates '
        "day first: write it 25/09/2025, or 2025-09-25",
        'Staff row 3, DSL Training Date: "03/09/2025" could be 3 September 2025 or 9 March '
        '2025, and this file has month-first dates ("09/25/2025" on Staff row 2): write it '
        "year first, like 2025-09-03 for 3 September 2025",
        'Half Terms row 2, End: "10/23/2026" is month first, and peerpair reads dates day '
        "first: write it 23/10/2026, or 2026-10-23",
        'Closures row 2, Date: "10/05/2026" could be 10 May 2026 or 5 October 2026, and this '
        'file has month-first dates ("09/25/2025" on Staff row 2): write it year first, like '
        "2026-05-10 for 10 May 2026",
    ]


def test_ambiguous_text_dates_are_day_first_when_nothing_says_otherwise(tmp_path):
    staff = [[*STAFF[0], "DSL Training Date"], [*STAFF[1], "03/09/2025"], STAFF[2], STAFF[3]]
    reading = read_roster(write_xlsx(tmp_path / "roster.xlsx", {"Staff": staff}))
    assert reading.roster.people[0].dsl_training_date == date(2025, 9, 3)


@pytest.mark.parametrize(
    ("cell", "times"),
    [
        (9.3, (time(9, 30),)),  # 9.30 typed: Excel keeps the number 9.3
        (14, (time(14, 0),)),
        ("9.30, 13.45", (time(9, 30), time(13, 45))),
        (time(9, 30), (time(9, 30),)),
    ],
)
def test_a_time_typed_with_a_dot_is_that_time(tmp_path, cell, times):
    """SPEC 2: a time typed 9.30 (which Excel stores as the number 9.3) is 09:30."""
    sheets = {"Staff": STAFF, "Settings": [["Setting", "Value"], ["Session Times", cell]]}
    reading = read_roster(write_xlsx(tmp_path / "roster.xlsx", sheets))
    assert reading.roster.settings.session_times == times


def test_a_number_that_cannot_be_a_time_is_refused(tmp_path):
    sheets = {"Staff": STAFF, "Settings": [["Setting", "Value"], ["Session Times", 9.75]]}
    assert problems_of(write_xlsx(tmp_path / "roster.xlsx", sheets)) == [
        'Settings row 2, Value: "9.75" is not a time: write it on the 24-hour clock, like 13:30'
    ]


# --- roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "roles"),
    [
        ("Designated Safeguarding Lead (DSL)", {"designated safeguarding lead", "dsl"}),
        ("SEN Co-ordinator (SENCo) / Deputy DSL", {"sen co-ordinator", "senco", "deputy dsl"}),
        ("DSL (part-time)", {"dsl"}),  # a note in brackets is not a role
        ("Head (Deputy)", {"head"}),
    ],
)
def test_a_role_with_its_abbreviation_in_brackets_holds_both(cell, roles):
    """SPEC 2: "Designated Safeguarding Lead (DSL)" is a member of role:DSL and of
    role:Designated Safeguarding Lead."""
    assert roles_in(cell) == roles


def test_a_group_of_role_dsl_takes_the_lead_named_in_full(tmp_path):
    staff = [
        [*STAFF[0], "Role", "Supervision Trained"],
        [*STAFF[1], "Designated Safeguarding Lead (DSL)", "Yes"],
        [*STAFF[2], "DSL", "Yes"],
        [*STAFF[3], "Teacher", "Yes"],
    ]
    sheets = {
        "Staff": staff,
        "Half Terms": HALF_TERMS,
        "Groups": [["Group", "Facilitator IDs", "Members"], ["DSL forum", "103", "role:DSL"]],
    }
    roster = read_roster(write_xlsx(tmp_path / "roster.xlsx", sheets)).roster
    assert {p.id for p in roster.people if "dsl" in roles_in(p.role)} == {"101", "102"}


# --- other programs ---------------------------------------------------------------------------


def test_an_ods_file_is_answered_in_libreoffice_words(tmp_path):
    path = tmp_path / "roster.ods"
    path.write_bytes(b"PK\x03\x04 not read")
    assert problems_of(path) == [
        "roster.ods: this is a LibreOffice Calc spreadsheet (.ods), and peerpair reads Excel "
        'workbooks: in LibreOffice, choose File > Save As, set the file type to "Excel '
        '2007-365 (.xlsx)", keep that format, and give peerpair the .xlsx file'
    ]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_roster_saved_by_libreoffice_reads_as_written(tmp_path):
    """A real round trip: a roster written as .csv with a formula, a date and a merged-looking
    layout, converted by LibreOffice to .xlsx (which calculates the formula and stores the
    date as a date), read back."""
    source = tmp_path / "Staff.csv"  # the sheet is named after the file
    source.write_text(
        "ID,Name,School,DSL Training Date,Capacity\n"
        "101,Ann Able,Oak Primary,2025-09-03,=1+1\n"
        "0102,Ben Best,Elm Academy,,1\n"
    )
    out = tmp_path / "out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    ann, ben = read_roster(out / "Staff.xlsx").roster.people
    assert (ann.id, ann.capacity, ann.dsl_training_date) == ("101", 2, date(2025, 9, 3))
    assert ben.id in ("102", "0102")  # LibreOffice may read 0102 as the number 102


# --- what other writers put in the XML ----------------------------------------------------


def test_a_formula_calculated_to_empty_text_is_a_blank_cell(tmp_path):
    """Excel saves a formula whose result is "" with t="str" and an empty value: calculated,
    so a blank, not a formula never calculated."""
    rows = list(staff_rows(2, ("ID", "Name", "School", "Supervision Trained", "Email")))
    rows[1] = rows[1].replace("</row>", '<c r="E2" t="str"><f>IF(1,"","x")</f><v></v></c></row>')
    reading = read_roster(write_xml_xlsx(tmp_path / "roster.xlsx", {"Staff": rows}))
    assert reading.roster.people[0].email == ""


def test_rich_text_reads_as_its_text_without_phonetic_guides(tmp_path):
    """A shared string in runs of formatting (bold part of a name) is its text joined; the
    phonetic guide Excel can keep beside Japanese text is not part of it."""
    rows = list(staff_rows(2))
    rows[1] = rows[1].replace(
        '<c r="B2" t="inlineStr"><is><t>Person 1</t></is></c>', '<c r="B2" t="s"><v>0</v></c>'
    )
    strings = [
        '</t><r><rPr><b/></rPr><t>Ann</t></r><r><t xml:space="preserve"> Able</t></r>'
        '<rPh sb="0" eb="1"><t>x</t></rPh><t>'
    ]
    path = write_xml_xlsx(tmp_path / "roster.xlsx", {"Staff": rows}, strings=strings)
    assert read_roster(path).roster.people[0].name == "Ann Able"


def test_prefixed_element_names_read_alike(tmp_path):
    """Some writers prefix every element (x:row, x:c); the names mean the same."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rows = [
        r.replace("<row", f'<x:row xmlns:x="{main}"')
        .replace("</row>", "</x:row>")
        .replace("<c ", "<x:c ")
        .replace("</c>", "</x:c>")
        .replace("<is><t>", "<x:is><x:t>")
        .replace("</t></is>", "</x:t></x:is>")
        for r in staff_rows(2)
    ]
    path = write_xml_xlsx(tmp_path / "roster.xlsx", {"Staff": rows})
    assert [p.id for p in read_roster(path).roster.people] == ["P00001", "P00002"]


def test_a_workbook_counting_dates_from_1904_reads_its_dates(tmp_path):
    """Excel for Mac once counted dates from 1904: the same date is another number there."""
    workbook = Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.title = "Staff"
    for values in [[*STAFF[0], "DSL Training Date"], [*STAFF[1], date(2025, 9, 3)], *STAFF[2:]]:
        sheet.append(values)
    workbook.save(tmp_path / "roster.xlsx")
    people = read_roster(tmp_path / "roster.xlsx").roster.people
    assert people[0].dsl_training_date == date(2025, 9, 3)
