"""The blank roster (`peerpair template`, SPEC 5): every sheet and column of SPEC 2, plain
instructions first, and drop-downs that keep entries valid."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook

from peerpair.io.roster_reader import read_roster
from peerpair.io.template import write_template

# SPEC 2, sheet by sheet, columns in order.
SPEC_SHEETS = {
    "Staff": [
        "ID", "Name", "School", "Email", "Hub", "Role", "Supervision Trained", "Gives",
        "Receives", "Capacity", "Working Days", "Line Manager ID", "Receive From",
        "DSL Training Date",
    ],
    "Half Terms": ["Half Term", "Start", "End"],
    "Absences": ["ID", "Half Term", "From", "To"],
    "Change Requests": ["ID", "Partner ID", "From Half Term"],
    "History": ["Supervisor ID", "Supervisee ID", "Half Term"],
    "Closures": ["Date", "From", "To", "School"],
    # SPEC 7: the other tiers.
    "Groups": ["Group", "Facilitator IDs", "Members", "Per", "Max Size"],
    "Schools": ["School", "High Caseload"],
    "Requirements": ["Role", "Supervisor Role", "Per"],
    "Requests": ["ID", "Preferred Supervisor ID", "By"],
    "Settings": ["Setting", "Value"],
}  # fmt: skip
DATE_COLUMNS = {
    "Staff": ["DSL Training Date"],
    "Half Terms": ["Start", "End"],
    "Absences": ["From", "To"],
    "Closures": ["Date", "From", "To"],
    "Requests": ["By"],
}


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "roster.xlsx"
    write_template(path)
    return path


@pytest.fixture(scope="module")
def workbook(path):
    return load_workbook(path)


def table(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def column(sheet, name: str) -> str:
    return next(c.column_letter for c in sheet[1] if c.value == name)


def validations(sheet) -> dict[str, tuple]:
    """Each validated range: (type, first formula, whether bad entries are refused)."""
    return {
        str(v.sqref): (v.type, v.formula1, v.showErrorMessage)
        for v in sheet.data_validations.dataValidation
    }


def test_instructions_come_first_then_every_sheet_of_the_roster(workbook):
    assert workbook.sheetnames == ["Instructions", *SPEC_SHEETS]


@pytest.mark.parametrize("name", SPEC_SHEETS)
def test_each_sheet_has_every_spec_column_in_order_with_a_bold_frozen_header(workbook, name):
    sheet = workbook[name]
    assert [c.value for c in sheet[1]] == SPEC_SHEETS[name]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref


@pytest.mark.parametrize("name", ["Staff", "Absences", "Change Requests", "History"])
def test_each_data_sheet_has_example_rows(workbook, name):
    assert sheet_rows(workbook[name]) >= 2


def sheet_rows(sheet) -> int:
    return sum(1 for row in table(sheet)[1:] if any(v is not None for v in row))


def test_staff_examples_show_a_trust_lead_and_a_part_time_dsl(workbook):
    header, *rows = table(workbook["Staff"])
    staff = [dict(zip(header, row, strict=True)) for row in rows]
    assert any(p["Role"] == "Trust Safeguarding Lead" for p in staff)
    assert any("DSL" in p["Role"] and p["Working Days"] for p in staff)


def test_half_terms_hold_the_six_default_names_with_example_dates(workbook):
    rows = table(workbook["Half Terms"])[1:]
    assert [name for name, _, _ in rows] == [
        "Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2"
    ]  # fmt: skip
    assert all(isinstance(d, datetime) for _, start, end in rows for d in (start, end))
    assert rows[0][1].year == 2026 and rows[-1][2].year == 2027


def test_settings_hold_the_defaults(workbook):
    assert table(workbook["Settings"])[1:] == [
        ["Repeat Pairs", "avoid"],
        ["Same Hub", "any"],
        ["Time Limit", 60],
        ["Session Minutes", 60],
        ["Session Times", "09:30, 13:30, 15:45"],
        ["Visit Minutes", 90],
    ]


@pytest.mark.parametrize(("name", "columns"), DATE_COLUMNS.items())
def test_date_columns_show_dates_day_first_in_filled_and_empty_rows(workbook, name, columns):
    sheet = workbook[name]
    for title in columns:
        letter = column(sheet, title)
        assert sheet.column_dimensions[letter].number_format == "dd/mm/yyyy"
        dates = [c for c in sheet[letter][1:] if c.value is not None]
        assert all(isinstance(c.value, datetime) for c in dates)
        assert all(c.number_format == "dd/mm/yyyy" for c in dates)


def test_staff_drop_downs(workbook):
    """Supervision Trained only suggests Yes/No, since a training date is also allowed;
    Gives and Receives refuse anything else; Capacity takes whole numbers from 0."""
    assert validations(workbook["Staff"]) == {
        "G2:G1000": ("list", '"Yes,No"', False),
        "H2:H1000": ("list", '"Yes,No"', True),
        "I2:I1000": ("list", '"Yes,No"', True),
        "J2:J1000": ("whole", "0", True),
    }
    capacity = workbook["Staff"].data_validations.dataValidation[-1]
    assert capacity.operator == "greaterThanOrEqual"


def test_settings_values_have_a_drop_down_per_setting(workbook):
    assert validations(workbook["Settings"]) == {
        "B2": ("list", '"avoid,forbid,allow"', True),
        "B3": ("list", '"any,prefer,avoid"', True),
        "B4": ("decimal", "0", True),
        "B5": ("whole", "15", True),
        "B7": ("whole", "15", True),
    }


@pytest.mark.parametrize(
    ("name", "title"), [("Absences", "Half Term"), ("Change Requests", "From Half Term")]
)
def test_half_term_columns_suggest_the_half_terms_sheet(workbook, name, title):
    letter = column(workbook[name], title)
    assert validations(workbook[name]) == {
        f"{letter}2:{letter}1000": ("list", "'Half Terms'!$A$2:$A$1000", False)
    }


def test_instructions_explain_every_sheet_and_column(workbook):
    text = "\n".join(str(v) for row in table(workbook["Instructions"]) for v in row if v)
    for name, columns in SPEC_SHEETS.items():
        assert f"{name} sheet" in text
        for title in columns:
            assert title in text
    for needed in (
        "Trust Safeguarding Lead",
        "Hub Strategic Lead",
        "TSL",
        "03/09/2026",
        "Y or N",
        "never reads reasons",
        "peerpair validate",
        "peerpair solve",
        "peerpair check",
        "--previous",
    ):
        assert needed in text, needed


def test_example_rows_refer_only_to_people_and_half_terms_in_the_template(workbook):
    ids = {row[0] for row in table(workbook["Staff"])[1:]}
    half_terms = {row[0] for row in table(workbook["Half Terms"])[1:]}
    assert len(ids) == sheet_rows(workbook["Staff"])
    referred = [row[11] for row in table(workbook["Staff"])[1:] if row[11]]
    for name, id_columns, half_term_column in [
        ("Absences", (0,), 1),
        ("Change Requests", (0, 1), 2),
        ("History", (0, 1), None),
    ]:
        for row in table(workbook[name])[1:]:
            referred += [row[i] for i in id_columns]
            if half_term_column is not None and row[half_term_column]:
                assert row[half_term_column] in half_terms
    assert set(referred) <= ids


def test_template_reads_back_as_a_valid_roster_warning_only_of_its_made_up_people(path):
    """Kept by mistake, the example people would be paired with real staff: each is named."""
    reading = read_roster(path)
    assert [p.id for p in reading.roster.people] == ["T01", "S01", "S02", "S03"]
    assert reading.roster.people[0].is_trust_lead
    assert [str(w) for w in reading.warnings] == [
        f"Staff row {row}, Name: {p.name} is one of the template's made-up examples: delete the row"
        for row, p in enumerate(reading.roster.people, start=2)
    ]
