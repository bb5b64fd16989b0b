"""Reading the roster workbook (SPEC 2): cell parsers, whole workbooks, CSV, and problems."""

from __future__ import annotations

import string
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from peerpair.domain.roster import DEFAULT_HALF_TERMS, TRUST_LEAD_WORD, WEEKDAYS, Person
from peerpair.io.cells import (
    normalise_header,
    parse_date,
    parse_id,
    parse_receive_from,
    parse_seconds,
    parse_trained,
    parse_weekdays,
    parse_whole_number,
    parse_yes_no,
)
from peerpair.io.roster_reader import Problem, RosterError, read_roster

# --- helpers ------------------------------------------------------------------

STAFF = [
    ["ID", "Name", "School"],
    ["101", "Ann Able", "Oak Primary"],
    ["102", "Ben Best", "Elm Academy"],
    ["103", "Cat Cole", "Ash High"],
]


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook with one sheet per entry, its rows written from A1 (an empty list is a
    blank row)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                sheet.cell(number, column, value)
    workbook.save(path)
    return path


def read(tmp_path: Path, sheets: dict[str, list[list[object]]]):
    return read_roster(write_xlsx(tmp_path / "roster.xlsx", sheets))


def problems(tmp_path: Path, sheets: dict[str, list[list[object]]]) -> list[str]:
    with pytest.raises(RosterError) as raised:
        read(tmp_path, sheets)
    return [str(p) for p in raised.value.problems]


# --- cell parsers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Supervision Trained", "supervisiontrained"),
        ("supervision_trained", "supervisiontrained"),  # underscores
        ("Half-Terms", "halfterms"),  # hyphens
        ("  LINE manager id? ", "linemanagerid"),  # case, spaces, punctuation
    ],
)
def test_normalise_header(header, key):
    assert normalise_header(header) == key


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Yes", True),
        ("y", True),  # short form, any case
        ("TRUE", True),
        ("1", True),  # from a CSV
        (1, True),  # a number cell
        (True, True),  # a real Excel boolean
        ("no", False),
        ("N", False),
        ("False", False),
        (0.0, False),  # Excel's numbers are floats
        (False, False),
    ],
)
def test_parse_yes_no_accepts(cell, expected):
    assert parse_yes_no(cell) is expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("maybe", '"maybe" is not Yes or No'),
        (2, '"2" is not Yes or No'),  # only 1 and 0 are booleans
        ("#N/A", "the cell shows the Excel error #N/A"),  # a broken formula
    ],
)
def test_parse_yes_no_rejects(cell, message):
    with pytest.raises(ValueError, match=message):
        parse_yes_no(cell)


@pytest.mark.parametrize(
    "cell",
    [
        datetime(2025, 9, 3, 0, 0),  # a real Excel date cell
        date(2025, 9, 3),
        "2025-09-03",  # ISO
        "03/09/2025",  # UK, day first
        "3/9/2025",  # without leading zeros
        "03-09-2025",
        "03.09.2025",
    ],
)
def test_parse_date_accepts(cell):
    assert parse_date(cell) == date(2025, 9, 3)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("09/13/2025", '"09/13/2025" is month first, and peerpair reads dates day first'),
        ("31/02/2025", '"31/02/2025" is not a real date'),
        ("03/09/25", '"03/09/25" is not a date'),  # two-digit years are ambiguous
        ("next week", '"next week" is not a date'),
        (45903, '"45903" is not a date'),  # an Excel serial number shown as a number
    ],
)
def test_parse_date_rejects(cell, message):
    with pytest.raises(ValueError, match=message):
        parse_date(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (101, "101"),  # a number cell is the ID "101"
        (101.0, "101"),  # as Excel stores it
        ("0101", "0101"),  # text keeps its leading zero
        ("  A12 ", "A12"),  # stripped
    ],
)
def test_parse_id_accepts(cell, expected):
    assert parse_id(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (datetime(2025, 3, 1), '"01/03/2025" is a date, not an ID'),  # Excel turned 1-3 into a date
        ("10,11", '"10,11" cannot be an ID'),  # would be two IDs in a Receive From list
    ],
)
def test_parse_id_rejects(cell, message):
    with pytest.raises(ValueError, match=message):
        parse_id(cell)


@pytest.mark.parametrize(
    ("cell", "days"),
    [
        ("Mon, Tue, Thu", "Mon Tue Thu"),
        ("Monday/Wednesday", "Mon Wed"),
        ("tu & th", "Tue Thu"),  # two-letter forms, any case
        ("Mon and Fri", "Mon Fri"),
        ("MON;TUE", "Mon Tue"),
        ("Tues Weds Thurs", "Tue Wed Thu"),  # common longer abbreviations
        ("Mondays and Wednesdays", "Mon Wed"),  # plurals, as people write a pattern
        ("Mon-Wed", "Mon Tue Wed"),  # a range
        ("Monday to Friday", "Mon Tue Wed Thu Fri"),
        ("Mon – Tue, Fri", "Mon Tue Fri"),  # an en dash, as Excel autocorrects
    ],
)
def test_parse_weekdays_accepts(cell, days):
    assert parse_weekdays(cell) == frozenset(days.split())


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("Mnday", '"Mnday" is not a weekday'),
        ("Mon, Sat", "Saturday: weekends are not school days"),
        ("Mon-Sun", "Saturday and Sunday: weekends are not school days"),
        ("Fri-Mon", '"Fri-Mon" is not a range of days'),
        ("T", '"T" is not a weekday'),  # Tuesday or Thursday?
        (",", '"," names no weekdays'),
    ],
)
def test_parse_weekdays_rejects(cell, message):
    with pytest.raises(ValueError, match=message):
        parse_weekdays(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(2, 2), (2.0, 2), ("2", 2), ("2.0", 2), ("0", 0)],  # Excel hands whole numbers as floats
)
def test_parse_whole_number_accepts(cell, expected):
    assert parse_whole_number(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (2.5, '"2.5" is not a whole number'),
        ("-1", '"-1" is less than 0'),
        ("two", '"two" is not a whole number'),
        (True, '"TRUE" is not a whole number'),  # a boolean is not a count
    ],
)
def test_parse_whole_number_rejects(cell, message):
    with pytest.raises(ValueError, match=message):
        parse_whole_number(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Yes", (True, None)),
        ("no", (False, None)),
        (datetime(2025, 9, 3), (True, date(2025, 9, 3))),  # a date means trained on that date
        ("03/09/2025", (True, date(2025, 9, 3))),
    ],
)
def test_parse_trained_accepts(cell, expected):
    assert parse_trained(cell) == expected


def test_parse_trained_rejects_other_text():
    with pytest.raises(ValueError, match='"soon" is not Yes, No or a date'):
        parse_trained("soon")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("101; trust lead", {"101", TRUST_LEAD_WORD}),
        ("Trust Leads", {TRUST_LEAD_WORD}),  # plural, any case
        ("101, 102,", {"101", "102"}),  # a trailing comma is harmless
        (101, {"101"}),  # a single ID typed as a number
        ("trust   lead;102", {TRUST_LEAD_WORD, "102"}),
    ],
)
def test_parse_receive_from_accepts(cell, expected):
    assert parse_receive_from(cell) == frozenset(expected)


def test_parse_receive_from_rejects_an_empty_list():
    with pytest.raises(ValueError, match='";" names nobody'):
        parse_receive_from(";")


@pytest.mark.parametrize(("cell", "expected"), [("90", 90.0), (30.5, 30.5)])
def test_parse_seconds_accepts(cell, expected):
    assert parse_seconds(cell) == expected


@pytest.mark.parametrize("cell", ["0", -5, "soon", "nan", "inf"])
def test_parse_seconds_rejects(cell):
    with pytest.raises(ValueError, match="is not a number of seconds greater than 0"):
        parse_seconds(cell)


# --- whole workbooks --------------------------------------------------------------


def test_messy_workbook_is_read(tmp_path):
    """Headers match in any case with underscores or hyphens, blank rows are skipped, numbers
    are IDs (and match the same ID typed with leading zeros), Excel booleans and UK date text
    are understood, unknown columns and sheets are ignored with a warning, and the template's
    Instructions sheet is not."""
    reading = read(
        tmp_path,
        {
            "staff": [
                [
                    "id",
                    "NAME",
                    " School ",
                    "supervision_trained",
                    "GIVES",
                    "Working-Days",
                    "line_manager_id",
                    "DSL training date",
                    "Favourite Colour",
                ],
                [101, "Ann Able ", "Oak Primary", True, False, "Mon, Tue", None, "03/09/2025", "x"],
                [],
                [102.0, "Ben Best", "Elm Academy", datetime(2025, 7, 1), None, None, 101, None],
                ["  C3 ", "Cat Cole", "Ash High", "n", "Y", "th", " 0102", None, None],
            ],
            "HALF-TERMS": [
                ["half_term", "START", "end"],
                ["Autumn 1", datetime(2025, 9, 3), "2025-10-24"],
                ["Autumn 2", "03/11/2025", datetime(2025, 12, 19)],
            ],
            "Instructions": [["How to fill this in"]],
            "Notes": [["anything"]],
        },
    )
    ann, ben, cat = reading.roster.people
    assert (ann.id, ann.name, ann.supervision_trained, ann.gives) == (
        "101",
        "Ann Able",
        True,
        False,
    )
    assert ann.working_days == {"Mon", "Tue"}
    assert ann.dsl_training_date == date(2025, 9, 3)
    assert (ben.id, ben.trained_on, ben.gives, ben.line_manager_id) == (
        "102",
        date(2025, 7, 1),
        True,
        "101",
    )
    assert ben.working_days == frozenset(WEEKDAYS)
    assert (cat.id, cat.supervision_trained, cat.working_days) == ("C3", False, {"Thu"})
    assert cat.line_manager_id == "102"  # 0102 is ID 102, which Excel stored as a number
    assert [(h.name, h.start, h.end) for h in reading.roster.half_terms] == [
        ("Autumn 1", date(2025, 9, 3), date(2025, 10, 24)),
        ("Autumn 2", date(2025, 11, 3), date(2025, 12, 19)),
    ]
    assert reading.roster.source == "roster.xlsx"
    assert [str(w) for w in reading.warnings] == [
        "Notes: peerpair does not read this sheet (it reads Staff, Half Terms, Absences, "
        "Change Requests, History, Closures, Groups, Schools, Requirements, Requests, "
        "Settings); ignored",
        'Staff: column I ("Favourite Colour") is not one peerpair reads; ignored',
    ]


def test_an_unknown_heading_close_to_a_missing_column_is_named_in_the_warning(tmp_path):
    """SPEC 2: unknown columns are ignored with a warning. A heading that is nearly a column
    peerpair reads ("Start Date" for Start) would otherwise quietly leave every session
    undated, so the warning says which column it may be."""
    path = write_xlsx(
        tmp_path / "roster.xlsx",
        {
            "Staff": [
                ["ID", "Name", "School", "Suprevision Trained", "Receives From", "Notes"],
                ["101", "Ann Able", "Oak", "Yes", "trust lead", "likes mornings"],
            ],
            "Half Terms": [["Half Term", "Start Date", "End Date"], ["Autumn 1", None, None]],
        },
    )
    assert [str(w) for w in read_roster(path).warnings] == [
        'Staff: column D ("Suprevision Trained") is not one peerpair reads; ignored. If it is '
        'the Supervision Trained column, name it "Supervision Trained"',
        'Staff: column E ("Receives From") is not one peerpair reads; ignored. If it is the '
        'Receive From column, name it "Receive From"',
        'Staff: column F ("Notes") is not one peerpair reads; ignored',
        'Half Terms: column B ("Start Date") is not one peerpair reads; ignored. If it is the '
        'Start column, name it "Start"',
        'Half Terms: column C ("End Date") is not one peerpair reads; ignored. If it is the '
        'End column, name it "End"',
    ]


def test_a_confidential_sheet_names_the_column_a_heading_may_be_without_echoing_it(tmp_path):
    """Change Requests and Requests are private: their headings are never quoted, but a
    column that is nearly one peerpair reads is still named, in peerpair's own words."""
    path = write_xlsx(
        tmp_path / "roster.xlsx",
        {
            "Staff": [["ID", "Name", "School"], ["101", "Ann Able", "Oak"], ["102", "B", "Ash"]],
            "Half Terms": [["Half Term", "Start", "End"], ["Autumn 1", "02/09/2026", "23/10/2026"]],
            "Requests": [["ID", "Preferred Supervisor", "Why (private)"], ["101", "102", "x"]],
        },
    )
    assert [str(w) for w in read_roster(path).warnings] == [
        "Requests: 2 extra columns ignored: peerpair never reads or copies what they hold. If "
        'one is the Preferred Supervisor ID column, name it "Preferred Supervisor ID"'
    ]


def test_a_half_term_ending_years_later_is_warned_of_as_a_likely_slip(tmp_path):
    """A half term is six to eight weeks: one typed to end in 2205 is read, since it is a
    date, but the warning asks whether it was mistyped."""
    path = write_xlsx(
        tmp_path / "roster.xlsx",
        {
            "Staff": [["ID", "Name", "School"], ["101", "Ann Able", "Oak"]],
            "Half Terms": [
                ["Half Term", "Start", "End"],
                ["Autumn 1", "02/09/2026", "23/10/2205"],
                ["Autumn 2", "02/11/2205", "18/12/2205"],
            ],
        },
    )
    assert [str(w) for w in read_roster(path).warnings] == [
        "Half Terms row 2, End: runs 9347 weeks, to 23/10/2205: is a date mistyped?"
    ]


def test_bad_workbook_reports_every_problem_at_once(tmp_path):
    """SPEC 5: every input problem names its sheet, row (as Excel numbers it) and column, and
    all problems are reported in one run."""
    found = problems(
        tmp_path,
        {
            "Staff": [
                ["ID", "Name", "School", "Working Days", "Capacity"],
                ["101", "Ann Able", "Oak Primary", "Mnday", None],
                ["102", None, "Elm Academy", None, 2.5],
                ["101", "Ann Again", "Ash High", None, None],
            ],
            "Half Terms": [
                ["Half Term", "Start", "End"],
                ["Autumn 1", "03/09/2025", "24/10/2025"],
                ["Autumn 2", "19/12/2025", "03/11/2025"],
            ],
            "Absences": [
                ["ID", "Half Term"],
                ["999", "Autumn 1"],
                ["102", "Autumn 3"],
            ],
            "Change Requests": [["ID", "Partner ID"], ["102", "102"]],
            "Settings": [["Setting", "Value"], ["Repeat Pairs", "never"]],
        },
    )
    assert found == [
        'Staff row 2, Working Days: "Mnday" is not a weekday',
        "Staff row 3, Name: required, but blank",
        'Staff row 3, Capacity: "2.5" is not a whole number',
        "Staff row 4, ID: ID 101 is already used on row 2",
        "Half Terms row 3, End: 03/11/2025 is before Start (19/12/2025)",
        'Absences row 2, ID: "999" is not an ID on the Staff sheet',
        'Absences row 3, Half Term: "Autumn 3" is not a half term (they are Autumn 1, Autumn 2)',
        'Change Requests row 2, Partner ID: "102" is the ID as well: '
        "a change request needs two people",
        'Settings row 2, Value: "never" is not allowed: choose avoid, forbid, allow',
    ]


def test_problem_rows_count_from_a_header_below_blank_rows(tmp_path):
    """The header is the first non-blank row; row numbers stay as Excel shows them."""
    found = problems(
        tmp_path,
        {"Staff": [[], ["ID", "Name", "School"], ["101", "Ann Able", "Oak"], ["102", "Ben", None]]},
    )
    assert found == ["Staff row 4, School: required, but blank"]


def test_problem_str_without_a_row_or_column():
    assert str(Problem("Staff", None, None, "no ID column")) == "Staff: no ID column"
    assert str(Problem("Staff", 12, "Capacity", "x")) == "Staff row 12, Capacity: x"


def test_csv_with_a_byte_order_mark_is_the_staff_sheet(tmp_path):
    """SPEC 2: a roster may be a single .csv file holding the Staff sheet; Excel's "CSV UTF-8"
    starts with a byte order mark, which must not spoil the first header."""
    path = tmp_path / "staff.csv"
    path.write_bytes(
        'ID,Name,School,Working Days\n101,Zoë Able,Oak,"Mon, Tue"\n\n102,Ben Best,Elm,\n'.encode(
            "utf-8-sig"
        )
    )
    reading = read_roster(path)
    assert [(p.id, p.name) for p in reading.roster.people] == [
        ("101", "Zoë Able"),
        ("102", "Ben Best"),
    ]
    assert reading.roster.people[0].working_days == {"Mon", "Tue"}
    assert [h.name for h in reading.roster.half_terms] == list(DEFAULT_HALF_TERMS)
    assert reading.roster.source == "staff.csv"


def test_csv_saved_by_excel_on_windows_is_read_as_cp1252(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes("ID,Name,School\n101,Zoë Able,Oak\n".encode("cp1252"))
    assert read_roster(path).roster.people[0].name == "Zoë Able"


def test_csv_control_characters_are_dropped_as_an_xlsx_cannot_hold_them(tmp_path):
    """Every plan solve writes passes check: the plan workbook cannot hold control characters,
    so an ID read with one would not match itself when the plan is read back. Old Windows
    tools also end a file with Ctrl-Z, which must not become a person with no name."""
    path = tmp_path / "staff.csv"
    path.write_bytes(b"ID,Name,School\r\nA\x07B,Ann\x01,Oak\r\n102,Ben,Elm\r\n\x1a")
    people = read_roster(path).roster.people
    assert [(p.id, p.name) for p in people] == [("AB", "Ann"), ("102", "Ben")]


def test_csv_problems_name_the_staff_sheet_and_row(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text("ID,Name,School,Gives\n101,Ann,Oak,perhaps\n", encoding="utf-8")
    with pytest.raises(RosterError) as raised:
        read_roster(path)
    assert [str(p) for p in raised.value.problems] == [
        'Staff row 2, Gives: "perhaps" is not Yes or No'
    ]


def test_trust_lead_defaults_apply_when_cells_are_blank(tmp_path):
    """SPEC 2: Receives defaults to Yes, No for trust leads; Capacity to 1, 3 for trust leads."""
    roster = read(
        tmp_path,
        {
            "Staff": [
                ["ID", "Name", "School", "Role", "Receives", "Capacity"],
                ["T1", "Tess", "Central team", "Trust Safeguarding Lead", None, None],
                ["T2", "Tom", "Central team", "tsl", "Yes", 2],
                ["S1", "Sam", "Oak", "DSL", None, None],
            ]
        },
    ).roster
    assert [(p.id, p.receives, p.capacity) for p in roster.people] == [
        ("T1", False, 3),
        ("T2", True, 2),  # what the cells say wins
        ("S1", True, 1),
    ]


def test_change_request_extra_columns_are_never_quoted(tmp_path):
    """SPEC 2: a reason column is never read and never copied anywhere, not even into a
    warning or problem."""
    secret = "not comfortable after the grievance"
    sheets = {
        "Staff": STAFF,
        "Change Requests": [
            ["ID", "Partner ID", "Reason", "Notes from HR"],
            ["101", "102", secret, "confidential note"],
            ["103", "999", secret, None],
        ],
    }
    with pytest.raises(RosterError) as raised:
        read(tmp_path, sheets)
    reported = [str(p) for p in raised.value.warnings + raised.value.problems]
    assert reported == [
        "Change Requests: 2 extra columns ignored: peerpair never reads or copies what they hold",
        'Change Requests row 3, Partner ID: "999" is not an ID on the Staff sheet',
    ]
    assert not any(word in line for line in reported for word in ("Reason", "HR", "grievance"))


def test_change_requests_from_half_term_blank_means_the_first(tmp_path):
    roster = read(
        tmp_path,
        {
            "Staff": STAFF,
            "Change Requests": [
                ["ID", "Partner ID", "From Half Term"],
                [101, 102, None],
                [102, 103, "spring 1"],  # any case: the Half Terms sheet's spelling is kept
            ],
        },
    ).roster
    assert [(c.person_id, c.partner_id, c.from_half_term) for c in roster.change_requests] == [
        ("101", "102", None),
        ("102", "103", "Spring 1"),
    ]


# --- file problems -------------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(RosterError) as raised:
        read_roster(tmp_path / "nowhere.xlsx")
    (problem,) = raised.value.problems
    assert problem.sheet == "nowhere.xlsx"
    assert problem.message.startswith("there is no file at ")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("roster.xls", b"old", "peerpair reads Excel workbooks (.xlsx) and .csv files"),
        ("roster.xlsx", b"not a zip at all", "cannot be read as an Excel workbook"),
        ("roster.xlsx", b"", "cannot be read as an Excel workbook"),  # an empty file
    ],
)
def test_unreadable_files_give_one_clear_problem(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RosterError) as raised:
        read_roster(path)
    (problem,) = raised.value.problems
    assert (problem.sheet, problem.row, problem.column) == (name, None, None)
    assert problem.message.startswith(message)


def test_a_folder_is_not_a_roster(tmp_path):
    folder = tmp_path / "roster.xlsx"
    folder.mkdir()
    with pytest.raises(RosterError, match="is a folder"):
        read_roster(folder)


def test_the_file_is_never_modified(tmp_path):
    path = write_xlsx(tmp_path / "roster.xlsx", {"Staff": STAFF})
    before = path.read_bytes(), path.stat().st_mtime_ns
    read_roster(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# --- Staff ----------------------------------------------------------------------------


def test_missing_staff_sheet_is_one_problem_not_one_per_reference(tmp_path):
    found = problems(
        tmp_path, {"People": STAFF, "Absences": [["ID", "Half Term"], ["1", "Autumn 1"]]}
    )
    assert found == ['Staff: there is no Staff sheet (the sheets are "People", "Absences")']


def test_each_missing_required_column_is_a_problem(tmp_path):
    found = problems(tmp_path, {"Staff": [["Name", "Email"], ["Ann", "a@b.org"]]})
    assert found == [
        "Staff: no ID column in the header row (row 1)",
        "Staff: no School column in the header row (row 1)",
    ]


def test_a_staff_sheet_with_nobody_on_it(tmp_path):
    assert problems(tmp_path, {"Staff": [["ID", "Name", "School"]]}) == [
        "Staff: nobody is listed on the sheet"
    ]


def test_two_columns_with_the_same_meaning(tmp_path):
    found = problems(tmp_path, {"Staff": [["ID", "Name", "School", "id"], ["1", "A", "B", "2"]]})
    assert found == ["Staff row 1, ID: columns A and D are both ID: delete or rename one"]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        # Line Manager ID naming the person themself
        ({"Line Manager ID": "101"}, 'Line Manager ID: "101" is this person\'s own ID'),
        # Receive From naming IDs not in the roster
        (
            {"Receive From": "102, 998; 999"},
            'Receive From: "998" is not an ID on the Staff sheet; '
            '"999" is not an ID on the Staff sheet',
        ),
        # Receive From naming the person themself
        (
            {"Receive From": "101, trust lead"},
            'Receive From: "101" is this person\'s own ID: nobody supervises themselves',
        ),
        # a weekend working day
        ({"Working Days": "Sat"}, 'Working Days: "Sat" includes Saturday: weekends are not'),
    ],
)
def test_staff_reference_problems(tmp_path, cells, message):
    header = [*STAFF[0], *cells]
    rows = [header, [*STAFF[1], *cells.values()], STAFF[2], STAFF[3]]
    (found,) = problems(tmp_path, {"Staff": rows})
    assert found.startswith(f"Staff row 2, {message}")


def test_receive_from_is_read_with_the_trust_lead_word(tmp_path):
    rows = [[*STAFF[0], "Receive From"], [*STAFF[1], "102; Trust Leads"], STAFF[2], STAFF[3]]
    ann = read(tmp_path, {"Staff": rows}).roster.people[0]
    assert ann.receive_from == {"102", TRUST_LEAD_WORD}


# --- Half Terms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "half_terms",
    [
        None,  # no sheet
        [["Half Term", "Start", "End"]],  # a header and no rows
    ],
)
def test_default_half_terms(tmp_path, half_terms):
    sheets = {"Staff": STAFF} | ({"Half Terms": half_terms} if half_terms else {})
    roster = read(tmp_path, sheets).roster
    assert [(h.name, h.start, h.end) for h in roster.half_terms] == [
        (name, None, None) for name in DEFAULT_HALF_TERMS
    ]


def test_half_term_problems(tmp_path):
    found = problems(
        tmp_path,
        {
            "Staff": STAFF,
            "Half Terms": [
                ["Half Term", "Start", "End"],
                ["Autumn 1", "01/09/2025", "24/10/2025"],
                ["Autumn 2", "20/10/2025", "19/12/2025"],  # overlaps Autumn 1
                ["autumn 1", None, None],  # the same name in another case
                ["Spring 1", "05/01/2026", None],  # a Start without an End
                ["Spring 2", None, "27/03/2026"],  # an End without a Start
            ],
        },
    )
    assert found == [
        "Half Terms row 3, Start: 20/10/2025 is not after Autumn 1 ends (24/10/2025): "
        "list half terms in year order, without overlaps",
        'Half Terms row 4, Half Term: "autumn 1" is already used on row 2',
        "Half Terms row 5, End: blank, but Start is given: Start and End go together",
        "Half Terms row 6, Start: blank, but End is given: Start and End go together",
    ]


# --- Absences ----------------------------------------------------------------------------


def test_absences_by_half_term_or_dates(tmp_path):
    roster = read(
        tmp_path,
        {
            "Staff": STAFF,
            "Half Terms": [
                ["Half Term", "Start", "End"],
                ["Spring 1", "05/01/2026", "13/02/2026"],
                ["Summer 2", "01/06/2026", "22/07/2026"],
            ],
            "Absences": [
                ["ID", "Half Term", "From", "To"],
                [101, " summer 2 ", None, None],
                ["102", None, "05/01/2026", datetime(2026, 2, 13)],
            ],
        },
    ).roster
    assert [(a.person_id, a.half_term, a.start, a.end) for a in roster.absences] == [
        ("101", "Summer 2", None, None),
        ("102", None, date(2026, 1, 5), date(2026, 2, 13)),
    ]


def test_absence_problems(tmp_path):
    found = problems(
        tmp_path,
        {
            "Staff": STAFF,
            "Absences": [
                ["ID", "Half Term", "From", "To"],
                ["101", "Autumn 1", "01/09/2025", "01/10/2025"],  # both forms
                ["102", None, None, None],  # neither
                ["103", None, "01/10/2025", "01/09/2025"],  # To before From
                ["103", None, "01/10/2025", None],  # From without To
            ],
        },
    )
    assert found == [
        "Absences row 2: give either a Half Term or From and To dates, not both",
        "Absences row 3: give a Half Term, or From and To dates",
        "Absences row 4, To: 01/09/2025 is before From (01/10/2025)",
        "Absences row 5, To: blank, but From is given: From and To go together",
    ]


def test_absence_dates_need_half_term_dates(tmp_path):
    """SPEC 2: a From-To range makes someone absent for the half terms whose every weekday it
    covers. Without half-term dates it covers none, so the person would be paired all year
    as if present: the roster is refused rather than planned wrongly."""
    found = problems(
        tmp_path,
        {
            "Staff": STAFF,
            "Absences": [
                ["ID", "Half Term", "From", "To"],
                ["102", None, "01/09/2025", "31/08/2026"],
            ],
        },
    )
    assert found == [
        "Absences row 2, From: From and To need the half terms' dates, and the Half Terms "
        "sheet gives none: give each half term a Start and an End, or name the Half Term"
    ]


# --- History ------------------------------------------------------------------------------


def test_history_rows_about_people_who_left_are_dropped_with_a_warning(tmp_path):
    """SPEC 2: unknown IDs in History (people who have left) are ignored with a warning."""
    reading = read(
        tmp_path,
        {
            "Staff": STAFF,
            "History": [
                ["Supervisor ID", "Supervisee ID", "Half Term"],
                [101, 102, "2024-25 Autumn 1"],
                ["090", "103", None],
                ["091", "092", None],
            ],
        },
    )
    history = reading.roster.history
    assert [(p.supervisor_id, p.supervisee_id, p.half_term) for p in history] == [
        ("101", "102", "2024-25 Autumn 1")
    ]
    assert [str(w) for w in reading.warnings] == [
        'History row 3: Supervisor ID "090" is not on the Staff sheet (perhaps left); ignored',
        'History row 4: Supervisor ID "091" and Supervisee ID "092" are not on the Staff sheet '
        "(perhaps left); ignored",
    ]


def test_an_email_that_is_not_an_address_is_treated_as_blank_with_a_warning(tmp_path):
    """SPEC 6: invitations flag a missing email. "TBC", or an address with a space in it,
    cannot receive one: it is treated as blank, so it is flagged, with a warning naming the
    cell, rather than becoming an attendee address no calendar can use."""
    staff = [
        ["ID", "Name", "School", "Email"],
        ["101", "Ann Able", "Oak Primary", " ann.able@oak.example.org "],
        ["102", "Ben Best", "Elm Academy", "TBC"],
        ["103", "Cat Cole", "Ash High", "cat cole@ash.example.org"],
    ]
    reading = read(tmp_path, {"Staff": staff})
    assert [p.email for p in reading.roster.people] == ["ann.able@oak.example.org", "", ""]
    assert [str(w) for w in reading.warnings] == [
        'Staff row 3, Email: "TBC" is not an email address; treated as blank',
        'Staff row 4, Email: "cat cole@ash.example.org" is not an email address; treated as blank',
    ]


# --- Settings -------------------------------------------------------------------------------


def test_settings_are_read_in_any_case(tmp_path):
    reading = read(
        tmp_path,
        {
            "Staff": STAFF,
            "Settings": [
                ["Setting", "Value"],
                ["repeat_pairs", "FORBID"],
                ["Same Hub", "Prefer"],
                ["TIME LIMIT", 90],
                ["Session Length", 45],
            ],
        },
    )
    settings = reading.roster.settings
    assert (settings.repeat_pairs, settings.same_hub, settings.time_limit) == (
        "forbid",
        "prefer",
        90.0,
    )
    assert [str(w) for w in reading.warnings] == [
        'Settings row 5, Setting: "Session Length" is not a setting peerpair uses '
        "(it uses Trust Name, Repeat Pairs, Same Hub, Time Limit, Session Minutes, "
        "Session Times, Visit Minutes, Notice Days and Organiser Email); ignored"
    ]


def test_settings_problems(tmp_path):
    found = problems(
        tmp_path,
        {
            "Staff": STAFF,
            "Settings": [
                ["Setting", "Value"],
                ["Same Hub", "sometimes"],
                ["Time Limit", "a minute"],
                ["Repeat Pairs", None],
                ["same hub", "any"],
            ],
        },
    )
    assert found == [
        'Settings row 2, Value: "sometimes" is not allowed: choose any, prefer, avoid',
        'Settings row 3, Value: "a minute" is not a number of seconds greater than 0',
        "Settings row 4, Value: required, but blank",
        'Settings row 5, Setting: "same hub" is already set on row 2',
    ]


# --- round trip -------------------------------------------------------------------------------

_DAY_NAMES = dict(
    zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"), strict=True)
)
_TEXT = (
    st.text(string.ascii_letters + string.digits + " '-.", min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)
_ROLES = ["", "DSL", "Deputy DSL", "Trust Safeguarding Lead", "tsl", "Hub Strategic Lead"]
_HEADER = [
    "ID",
    "Name",
    "School",
    "Email",
    "Hub",
    "Role",
    "Supervision Trained",
    "Gives",
    "Receives",
    "Capacity",
    "Working Days",
    "Line Manager ID",
    "Receive From",
    "DSL Training Date",
]
_EMAILS = st.from_regex(r"[a-z0-9.'-]{1,12}@[a-z0-9-]{1,10}\.[a-z]{2,6}", fullmatch=True)


def _yes_no_cell(draw, value: bool | None) -> object:
    """A Yes/No cell in any of the ways a keeper might type it."""
    if value is None:
        return None
    return draw(
        st.sampled_from([value, "Yes" if value else "no", "Y" if value else "N", int(value)])
    )


def _date_cell(draw, value: date | None) -> object:
    if value is None:
        return None
    return draw(st.sampled_from([value, value.strftime("%d/%m/%Y"), value.isoformat()]))


def _id_cell(person_id: str) -> object:
    """Numeric IDs are typed into Excel as numbers."""
    return int(person_id) if person_id.isdigit() else person_id


def _days_cell(draw, days: list[str]) -> object:
    forms = [", ".join(days), "/".join(_DAY_NAMES[day] for day in days)]
    return draw(st.sampled_from(forms + [None] if len(days) == 5 else forms))


@st.composite
def staff_sheets(draw) -> tuple[list[list[object]], list[Person]]:
    """A valid Staff sheet, its cells typed in the varied ways a keeper might type them, and
    the people it describes."""
    ids = draw(
        st.lists(
            st.from_regex(r"[A-Z]{1,2}[0-9]{0,3}", fullmatch=True) | st.integers(1, 99999).map(str),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    dates = st.none() | st.dates(date(2015, 1, 1), date(2030, 12, 31))
    rows: list[list[object]] = [_HEADER]
    people = []
    for person_id in ids:
        others = [other for other in ids if other != person_id]
        name, school = draw(_TEXT), draw(_TEXT)
        email, hub = draw(st.just("") | _EMAILS), draw(st.just("") | _TEXT)
        role = draw(st.sampled_from(_ROLES))
        trained = draw(st.booleans() | dates)  # blank, Yes/No or the training date
        gives = draw(st.booleans())
        receives = draw(st.none() | st.booleans())  # blank: the trust-lead default
        capacity = draw(st.none() | st.integers(0, 5))
        days = [day for day in WEEKDAYS if draw(st.booleans())] or ["Wed"]
        line_manager = draw(st.none() | st.sampled_from(others)) if others else None
        receive_from = draw(
            st.none() | st.sets(st.sampled_from([*others, TRUST_LEAD_WORD]), min_size=1)
            if others
            else st.none()
        )
        dsl_training = draw(dates)
        rows.append(
            [
                _id_cell(person_id),
                draw(st.sampled_from([name, f"  {name} "])),  # stray spaces
                school,
                email or None,
                hub or None,
                role or None,
                _date_cell(draw, trained)
                if isinstance(trained, date)
                else _yes_no_cell(draw, trained),
                _yes_no_cell(draw, gives),
                _yes_no_cell(draw, receives),
                None if capacity is None else draw(st.sampled_from([capacity, float(capacity)])),
                _days_cell(draw, days),
                None if line_manager is None else _id_cell(line_manager),
                None if receive_from is None else "; ".join(sorted(receive_from)),
                _date_cell(draw, dsl_training),
            ]
        )
        people.append(
            Person(
                id=person_id,
                name=name,
                school=school,
                email=email,
                hub=hub,
                role=role,
                supervision_trained=bool(trained),
                trained_on=trained if isinstance(trained, date) else None,
                gives=gives,
                receives=receives,
                capacity=capacity,
                working_days=frozenset(days),
                line_manager_id=line_manager,
                receive_from=receive_from,
                dsl_training_date=dsl_training,
            )
        )
    return rows, people


@settings(deadline=None)
@given(staff_sheets())
def test_staff_written_to_xlsx_read_back_unchanged(sheet):
    """Any valid Staff sheet, however its cells are typed, reads back as the same people."""
    rows, people = sheet
    with tempfile.TemporaryDirectory() as folder:
        reading = read_roster(write_xlsx(Path(folder) / "roster.xlsx", {"Staff": rows}))
    assert reading.roster.people == tuple(people)
    assert reading.warnings == []
