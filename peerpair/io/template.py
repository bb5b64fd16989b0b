"""The blank roster a trust lead fills in (`peerpair template`): an Instructions sheet, then
every sheet and column of the roster schema (SPEC 2) with example rows and drop-downs.

The examples are a small, consistent, made-up trust, so the template itself reads as a
valid roster and can be solved as a trial run.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from peerpair.io.cells import parse_date
from peerpair.io.files import write_atomically
from peerpair.io.roster.schema import (
    ABSENCES,
    CHANGE_REQUESTS,
    CLOSURES,
    GENERAL,
    GROUPS,
    HALF_TERMS,
    HISTORY,
    REQUESTS,
    REQUIREMENTS,
    SCHOOLS,
    SETTINGS,
    SHEETS,
    STAFF,
    SheetSpec,
)
from peerpair.io.sheets import BODY_FONT, DATE_FORMAT, HEADER_FILL, write_table

D = date.fromisoformat
ROWS = 1000  # drop-downs and formats reach this far down: room for any trust's staff
_TEXT_FORMAT = "@"  # keeps IDs as typed: 007 stays 007, and 3-1 does not become a date


# A made-up trust: a trust lead, a part-time DSL, and a DSL who line-manages a deputy not yet
# trained to supervise. The other sheets' examples refer to these four.
# fmt: off
_STAFF_EXAMPLES = (
    ("T01", "Alex Morgan", "Central team", "alex.morgan@trust.example.org", "North",
     "Trust Safeguarding Lead", "Yes", "Yes", "No", 3, None, None, None, D("2025-09-15")),
    ("S01", "Priya Shah", "Oakfield Primary", "priya.shah@oakfield.example.org", "North",
     "DSL (part-time)", D("2026-06-19"), "Yes", "Yes", 1, "Mon, Tue, Wed", None, None,
     D("2026-03-10")),
    ("S02", "Ben Okafor", "Riverside Academy", "ben.okafor@riverside.example.org", "North",
     "DSL", "Yes", "Yes", "Yes", 1, None, None, None, D("2025-11-04")),
    ("S03", "Chloe Evans", "Riverside Academy", "chloe.evans@riverside.example.org", "South",
     "Deputy DSL", "No", "Yes", "Yes", None, None, "S02", None, D("2026-05-12")),
)
# fmt: on
# (ID, Name) of each made-up person, for the roster reader to recognise one left in.
EXAMPLE_PEOPLE = frozenset((row[0], row[1]) for row in _STAFF_EXAMPLES)


# Each sheet's example rows, in the schema's column order.
_EXAMPLES: dict[str, tuple[tuple[object, ...], ...]] = {
    STAFF.name: _STAFF_EXAMPLES,
    # The dates are examples for 2026-27, to be changed to the trust's own term dates.
    HALF_TERMS.name: (
        ("Autumn 1", D("2026-09-02"), D("2026-10-23")),
        ("Autumn 2", D("2026-11-02"), D("2026-12-18")),
        ("Spring 1", D("2027-01-04"), D("2027-02-12")),
        ("Spring 2", D("2027-02-22"), D("2027-03-26")),
        ("Summer 1", D("2027-04-12"), D("2027-05-28")),
        ("Summer 2", D("2027-06-07"), D("2027-07-21")),
    ),
    ABSENCES.name: (
        ("S02", "Summer 2", None, None),
        ("S01", None, D("2027-01-04"), D("2027-02-12")),
    ),
    CHANGE_REQUESTS.name: (
        ("S01", "S02", "Spring 1"),
        ("S03", "S01", None),
    ),
    HISTORY.name: (
        ("S02", "S01", "2025-26 Summer 2"),
        ("T01", "S03", "2025-26 Spring 1"),
    ),
    CLOSURES.name: (
        (D("2026-09-02"), None, None, None),
        (None, D("2027-03-15"), D("2027-03-17"), "Oakfield Primary"),
    ),
    GROUPS.name: (("DSL group", "T01", "role:DSL, role:Deputy DSL", "half term", 6),),
    SCHOOLS.name: (("Riverside Academy", "No"),),
    REQUIREMENTS.name: (("Deputy DSL", "DSL", "term"),),
    REQUESTS.name: (("S03", "S02", D("2026-11-20")),),
    SETTINGS.name: (
        ("Repeat Pairs", "avoid"),
        ("Same Hub", "any"),
        ("Time Limit", 60),
        ("Session Minutes", 60),
        ("Session Times", "09:30, 13:30, 15:45"),
        ("Visit Minutes", 90),
    ),
}
# Said of the Half Terms sheet in the template only, whose dates are examples.
_HALF_TERM_DATES = "The dates given are examples for 2026-27: change them to your own term dates."

# (text in column A, text in column B); a row with no B text is a heading.
_INTRODUCTION = (
    ("peerpair roster: how to fill it in", None),
    (
        "",
        "This workbook lists the people in your trust's peer safeguarding-supervision "
        "scheme for one school year. peerpair reads it and plans who supervises whom in each "
        "half term.",
    ),
    (
        "",
        "Fill in the Staff sheet. The other sheets are optional: delete any you do not "
        "need. The example rows are made up: replace them with your own.",
    ),
    (
        "",
        "The Groups, Schools, Requirements and Requests sheets plan the policy's other kinds "
        "of supervision (groups, trust-led school sessions, one-to-ones by role, and sessions "
        "people ask for) on the same calendar, around the peer sessions.",
    ),
    ("General", None),
    *GENERAL,
    (
        "Privacy",
        "The plan peerpair writes is meant to be shared with the people in it. It "
        "holds the pairings with names, schools and emails, and never change requests, "
        "absences, Receive From lists, who asked for supervision, or the reasons behind them.",
    ),
)

_COMMANDS = (
    ("What to run", None),
    (
        "peerpair validate roster.xlsx",
        "Checks this workbook and lists every problem at once, "
        "each with its sheet, row and column.",
    ),
    ("peerpair solve roster.xlsx -o plan.xlsx", "Makes the plan for the year."),
    (
        "peerpair check roster.xlsx plan.xlsx",
        "Checks a plan, including one made or edited by hand, against the rules.",
    ),
    (
        'peerpair solve roster.xlsx -o plan-2.xlsx --previous plan.xlsx --from "Spring 1"',
        "During the year, after editing the roster: keeps the half terms before Spring 1 as "
        "published, and changes as few pairings as possible from then on.",
    ),
    (
        "When someone leaves",
        "Keep their row on the Staff sheet, so earlier plans still match the roster, and mark "
        "them away for the rest of the year on the Absences sheet: one row per half term left, "
        "or one row with From and To if the Half Terms sheet has dates.",
    ),
)


def write_template(path: str | Path) -> None:
    """Write the blank roster workbook atomically."""
    workbook = Workbook()
    _write_instructions(workbook.active)
    for spec in SHEETS:
        sheet = workbook.create_sheet(spec.name)
        write_table(sheet, list(spec.names), _EXAMPLES[spec.name])
        _format_columns(sheet, spec)
    _add_drop_downs(workbook)
    write_atomically(path, workbook.save)


def _write_instructions(sheet: Worksheet) -> None:
    sheet.title = "Instructions"
    rows = list(_INTRODUCTION)
    for spec in SHEETS:
        about = f"{spec.about} {_HALF_TERM_DATES}" if spec is HALF_TERMS else spec.about
        rows += [(f"{spec.name} sheet", None), ("", about)]
        rows += [(c.name, f"Required. {c.help}" if c.required else c.help) for c in spec.columns]
    rows += _COMMANDS
    for number, (label, text) in enumerate(rows, start=1):
        sheet.append([label, text])
        a, b = sheet[number]
        b.alignment = a.alignment = Alignment(wrap_text=True, vertical="top")
        a.font = Font(bold=True, size=12 if text is None else 11, **BODY_FONT)
        if text is None:  # a heading
            a.fill = b.fill = HEADER_FILL
    sheet["A1"].font = Font(bold=True, size=14, **BODY_FONT)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100


def _format_columns(sheet: Worksheet, spec: SheetSpec) -> None:
    """Column formats for the rows still to be typed: dates day first, IDs as text. Supervision
    Trained holds Yes/No as often as a date, so it keeps the General format."""
    for column in spec.columns:
        if column.parse is parse_date:
            sheet.column_dimensions[_letter(spec, column.name)].number_format = DATE_FORMAT
        elif column.holds_ids:
            sheet.column_dimensions[_letter(spec, column.name)].number_format = _TEXT_FORMAT


def _letter(spec: SheetSpec, column: str) -> str:
    return get_column_letter(spec.names.index(column) + 1)


def _add_drop_downs(workbook: Workbook) -> None:
    yes_no = '"Yes,No"'
    staff = workbook[STAFF.name]
    # Supervision Trained also takes a date, so its list only suggests.
    _validate(staff, STAFF, "Supervision Trained", DataValidation("list", formula1=yes_no))
    for column in ("Gives", "Receives"):
        _validate(
            staff, STAFF, column, _strict(DataValidation("list", formula1=yes_no), "Yes or No")
        )
    capacity = DataValidation("whole", operator="greaterThanOrEqual", formula1="0")
    _validate(staff, STAFF, "Capacity", _strict(capacity, "a whole number, 0 or more"))

    # Half-term names come from the Half Terms sheet; only suggested, as that sheet may go.
    names = f"{quote_sheetname(HALF_TERMS.name)}!$A$2:$A${ROWS}"
    _validate(
        workbook[ABSENCES.name], ABSENCES, "Half Term", DataValidation("list", formula1=names)
    )
    _validate(
        workbook[CHANGE_REQUESTS.name],
        CHANGE_REQUESTS,
        "From Half Term",
        DataValidation("list", formula1=names),
    )

    periods = '"half term,term,year"'
    for spec in (GROUPS, REQUIREMENTS):
        rule = _strict(DataValidation("list", formula1=periods), "half term, term or year")
        _validate(workbook[spec.name], spec, "Per", rule)
    size = DataValidation("whole", operator="greaterThanOrEqual", formula1="1")
    _validate(workbook[GROUPS.name], GROUPS, "Max Size", _strict(size, "a whole number, 1 or more"))
    high = _strict(DataValidation("list", formula1=yes_no), "Yes or No")
    _validate(workbook[SCHOOLS.name], SCHOOLS, "High Caseload", high)

    settings = workbook[SETTINGS.name]
    choices = {"Repeat Pairs": ("avoid", "forbid", "allow"), "Same Hub": ("any", "prefer", "avoid")}
    for row, (setting, _) in enumerate(_EXAMPLES[SETTINGS.name], start=2):
        if setting in choices:
            words = choices[setting]
            rule = DataValidation("list", formula1=f'"{",".join(words)}"')
            _strict(rule, f"{', '.join(words[:-1])} or {words[-1]}")
        elif setting in ("Session Minutes", "Visit Minutes"):
            rule = DataValidation("whole", operator="between", formula1="15", formula2="480")
            _strict(rule, "a whole number of minutes from 15 to 480")
        elif setting == "Session Times":
            continue  # a list of times: peerpair itself explains a mistake
        else:
            rule = DataValidation("decimal", operator="greaterThan", formula1="0")
            _strict(rule, "a number of seconds, more than 0")
        rule.allow_blank = True
        settings.add_data_validation(rule)
        rule.add(f"{_letter(SETTINGS, 'Value')}{row}")


def _strict(rule: DataValidation, what: str) -> DataValidation:
    rule.showErrorMessage = True
    rule.errorTitle = "Not accepted"
    rule.error = f"Please enter {what}, or leave the cell blank."
    return rule


def _validate(sheet: Worksheet, spec: SheetSpec, column: str, rule: DataValidation) -> None:
    rule.allow_blank = True
    sheet.add_data_validation(rule)
    letter = _letter(spec, column)
    rule.add(f"{letter}2:{letter}{ROWS}")
