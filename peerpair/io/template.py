"""The blank roster a trust lead fills in (`peerpair template`): an Instructions sheet, then
every sheet and column of SPEC 2 with example rows and drop-downs.

The examples are a small, consistent, made-up trust, so the template itself reads as a
valid roster and can be solved as a trial run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from peerpair.io.files import write_atomically
from peerpair.io.sheets import DATE_FORMAT, HEADER_FILL, write_table

D = date.fromisoformat
ROWS = 1000  # drop-downs and formats reach this far down: room for any trust's staff
_TEXT_FORMAT = "@"  # keeps IDs as typed: 007 stays 007, and 3-1 does not become a date


@dataclass(frozen=True)
class _Sheet:
    name: str
    about: str
    columns: tuple[tuple[str, str], ...]  # (header, what to enter), in sheet order
    examples: tuple[tuple[object, ...], ...]
    date_columns: tuple[str, ...] = ()

    @property
    def header(self) -> list[str]:
        return [name for name, _ in self.columns]

    def letter(self, column: str) -> str:
        return get_column_letter(self.header.index(column) + 1)


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


STAFF = _Sheet(
    "Staff",
    "Required. One row per person in the peer supervision scheme.",
    (
        (
            "ID",
            "Required. A unique reference for the person, such as a staff number. The "
            "other sheets refer to people by this ID.",
        ),
        ("Name", "Required. The name to show in the plan."),
        (
            "School",
            "Required. Where they work. Nobody is paired with someone from their own "
            'school. For trust staff write e.g. "Central team".',
        ),
        ("Email", "Optional. The plan's People sheet lists it, for a mail merge."),
        ("Hub", "Optional. Their region, cluster or hub; see the Same Hub setting."),
        (
            "Role",
            'Optional. Their job title. "Trust Safeguarding Lead", "Hub Strategic Lead" '
            'or "TSL" makes them a trust lead (see below).',
        ),
        (
            "Supervision Trained",
            "Yes once they have done the supervision-skills training, or "
            "the date they did or will do it: they supervise from the first half term starting "
            "on or after that date. Blank means No.",
        ),
        (
            "Gives",
            "Yes if they are willing and able to supervise others this year. Blank means Yes.",
        ),
        (
            "Receives",
            "Yes if they are to be supervised this year. Blank means Yes, except "
            "for trust leads: No.",
        ),
        (
            "Capacity",
            "The most people they supervise in one half term: a whole number, 0 or "
            "more. Blank means 1, or 3 for trust leads.",
        ),
        (
            "Working Days",
            'The days they work, e.g. "Mon, Tue, Thu" or "Monday/Wednesday". '
            "Two people are paired only if they share a day. Blank means Monday to Friday.",
        ),
        (
            "Line Manager ID",
            "The ID of their line manager, if the manager is on this sheet. "
            "Nobody supervises, or is supervised by, their line manager.",
        ),
        (
            "Receive From",
            "Leave blank unless the person should be supervised only by certain "
            'people: then list those people\'s IDs and/or the words "trust lead", separated by '
            "commas. Only they will supervise this person.",
        ),
        (
            "DSL Training Date",
            "The date of their last formal DSL training. It should be "
            "renewed every two years: peerpair warns when it runs out before a half term ends.",
        ),
    ),
    _STAFF_EXAMPLES,
    date_columns=("DSL Training Date",),
)

HALF_TERMS = _Sheet(
    "Half Terms",
    "Optional. The half terms of the year, in order. The dates given are examples for "
    "2026-27: change them to your own term dates. Without this sheet peerpair uses the six "
    "half terms Autumn 1 to Summer 2, without dates.",
    (
        ("Half Term", "The name used for the half term in the other sheets and in the plan."),
        ("Start", "The first day of the half term."),
        ("End", "The last day of the half term."),
    ),
    (
        ("Autumn 1", D("2026-09-02"), D("2026-10-23")),
        ("Autumn 2", D("2026-11-02"), D("2026-12-18")),
        ("Spring 1", D("2027-01-04"), D("2027-02-12")),
        ("Spring 2", D("2027-02-22"), D("2027-03-26")),
        ("Summer 1", D("2027-04-12"), D("2027-05-28")),
        ("Summer 2", D("2027-06-07"), D("2027-07-21")),
    ),
    date_columns=("Start", "End"),
)

ABSENCES = _Sheet(
    "Absences",
    "Optional. People away for a whole half term, such as long-term absence, maternity "
    "leave or a secondment. They neither give nor receive supervision while away.",
    (
        ("ID", "The person's ID."),
        (
            "Half Term",
            "A half term they are away for (one row per half term), or leave "
            "blank and use From and To.",
        ),
        ("From", "The first day away."),
        (
            "To",
            "The last day away. They count as away in each half term whose every weekday "
            "falls between From and To.",
        ),
    ),
    (
        ("S02", "Summer 2", None, None),
        ("S01", None, D("2027-01-04"), D("2027-02-12")),
    ),
    date_columns=("From", "To"),
)

CHANGE_REQUESTS = _Sheet(
    "Change Requests",
    "Optional. Two people who are not to be paired, for example because one of them asked "
    "for a change. Do not write the reason anywhere in this workbook: peerpair never reads "
    "reasons, and nothing on this sheet is copied into the plan.",
    (
        ("ID", "One of the two people."),
        ("Partner ID", "The other person."),
        (
            "From Half Term",
            "From this half term on, neither supervises the other. Blank means "
            "from the first half term.",
        ),
    ),
    (
        ("S01", "S02", "Spring 1"),
        ("S03", "S01", None),
    ),
)

HISTORY = _Sheet(
    "History",
    "Optional. Who supervised whom in earlier years, so that pairs are not repeated. People "
    "who have since left can stay here: peerpair notes them and skips them.",
    (
        ("Supervisor ID", "The person who gave the supervision."),
        ("Supervisee ID", "The person who received it."),
        ("Half Term", "Optional, for your records, e.g. 2025-26 Summer 2."),
    ),
    (
        ("S02", "S01", "2025-26 Summer 2"),
        ("T01", "S03", "2025-26 Spring 1"),
    ),
)

CLOSURES = _Sheet(
    "Closures",
    "Optional. Days with no supervision sessions: INSET days, trips, closures. England's "
    "bank holidays are known already and need no row. Used only when the Half Terms sheet "
    "has dates.",
    (
        ("Date", "A single day, or leave blank and use From and To."),
        ("From", "The first day of a longer closure."),
        ("To", "The last day of it."),
        (
            "School",
            "The school that is closed, as the Staff sheet names it: its people have no "
            "sessions then. Blank means the whole trust.",
        ),
    ),
    (
        (D("2026-09-02"), None, None, None),
        (None, D("2027-03-15"), D("2027-03-17"), "Oakfield Primary"),
    ),
    date_columns=("Date", "From", "To"),
)

GROUPS = _Sheet(
    "Groups",
    "Optional. Group safeguarding supervision: every member present in a period is in at "
    "least one session of the group, and a mop-up session in the last week of each period "
    "takes those who missed theirs. Everyone named must be on the Staff sheet (Gives and "
    "Receives No for people outside the peer scheme). Used only when the Half Terms sheet "
    "has dates.",
    (
        ("Group", "A name for the group, used in the plan."),
        (
            "Facilitator IDs",
            "The IDs of the people who may lead its sessions, separated by commas. One leads "
            "each session, on a day they work.",
        ),
        (
            "Members",
            "Who is in the group, separated by commas: IDs, and/or school:NAME (everyone at "
            "that school), role:NAME (everyone with that role) or hub:NAME (everyone in that "
            "hub).",
        ),
        ("Per", "How often each member attends: half term, term or year. Blank means half term."),
        ("Max Size", "The most people in one session, not counting its leader. Blank means 6."),
    ),
    (("DSL group", "T01", "role:DSL, role:Deputy DSL", "half term", 6),),
)

SCHOOLS = _Sheet(
    "Schools",
    "Optional. Trust-led supervision at a school: one session a term, led by a trust lead, "
    "for the school's people on the Staff sheet. Used only when the Half Terms sheet has dates.",
    (
        ("School", "The school, as the Staff sheet names it."),
        (
            "High Caseload",
            "Yes for a school with a high caseload of complex cases: it has a session every "
            "half term. Blank means No.",
        ),
    ),
    (("Riverside Academy", "No"),),
)

REQUIREMENTS = _Sheet(
    "Requirements",
    "Optional. One-to-one supervision by role: everyone with the Role is supervised by "
    "someone with the Supervisor Role, the same person all year where possible. They may be "
    "at the same school. Used only when the Half Terms sheet has dates.",
    (
        (
            "Role",
            'A role, as the Staff sheet\'s Role column writes it. "DSL (part-time)" has the '
            'role DSL; "Deputy DSL" does not.',
        ),
        ("Supervisor Role", "The role of those who supervise them."),
        ("Per", "How often: half term, term or year. Blank means half term."),
    ),
    (("Deputy DSL", "DSL", "term"),),
)

REQUESTS = _Sheet(
    "Requests",
    "Optional. Someone who asked for extra supervision: peerpair plans them a one-to-one with "
    "a trained supervisor by the date given. Do not write the reason anywhere in this "
    "workbook: peerpair never reads reasons, and the plan shows the session as a one-to-one "
    "without saying it was asked for.",
    (
        ("ID", "Who asked."),
        (
            "Preferred Supervisor ID",
            "Optional. The trained supervisor they would like. Otherwise, or if that person "
            "cannot, their usual supervisor, then a trust lead.",
        ),
        ("By", "Optional. The session is on or before this date. Blank means this year."),
    ),
    (("S03", "S02", D("2026-11-20")),),
    date_columns=("By",),
)

SETTINGS = _Sheet(
    "Settings",
    "Optional. How the plan is made. Options given on the command line override these.",
    (
        (
            "Setting",
            "The setting's name: Repeat Pairs, Same Hub, Time Limit, Session Minutes, "
            "Session Times or Visit Minutes.",
        ),
        (
            "Value",
            "Repeat Pairs: avoid (pair people again only when there is no other way), "
            "forbid (never) or allow (no preference). Same Hub: any (no preference), prefer "
            "(pair people in the same hub where possible) or avoid (pair people across hubs "
            "where possible). Time Limit: the most seconds peerpair spends looking for the best "
            "plan. Session Minutes: how long a session lasts, 15 to 480 (default 60). Session "
            "Times: when sessions may start, on the 24-hour clock and separated by commas "
            "(default 09:30, 13:30, 15:45). Visit Minutes: how long a trust-led school session "
            "lasts, 15 to 480 (default 90).",
        ),
    ),
    (
        ("Repeat Pairs", "avoid"),
        ("Same Hub", "any"),
        ("Time Limit", 60),
        ("Session Minutes", 60),
        ("Session Times", "09:30, 13:30, 15:45"),
        ("Visit Minutes", 90),
    ),
)

SHEETS = (
    STAFF,
    HALF_TERMS,
    ABSENCES,
    CHANGE_REQUESTS,
    HISTORY,
    CLOSURES,
    GROUPS,
    SCHOOLS,
    REQUIREMENTS,
    REQUESTS,
    SETTINGS,
)

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
    ("Yes/No", "Yes or No; Y or N, True or False and 1 or 0 also work."),
    ("Dates", "Real Excel dates, or typed day first as 03/09/2026, or as 2026-09-03."),
    (
        "Names of sheets and columns",
        "Any case; spaces, underscores and punctuation do not "
        "matter. Columns and sheets peerpair does not know are ignored, with a note.",
    ),
    ("Blank rows", "Skipped."),
    (
        "Trust leads",
        'Anyone whose Role contains "Trust Safeguarding Lead", "Hub Strategic '
        'Lead" or "TSL" (any case). By default they receive no supervision here and supervise '
        "up to 3 people a half term. peerpair keeps them as the fallback, for people nobody "
        "else can supervise.",
    ),
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
        write_table(sheet, spec.header, spec.examples)
        _format_columns(sheet, spec)
    _add_drop_downs(workbook)
    write_atomically(path, workbook.save)


def _write_instructions(sheet: Worksheet) -> None:
    sheet.title = "Instructions"
    rows = list(_INTRODUCTION)
    for spec in SHEETS:
        rows += [(f"{spec.name} sheet", None), ("", spec.about), *spec.columns]
    rows += _COMMANDS
    for number, (label, text) in enumerate(rows, start=1):
        sheet.append([label, text])
        a, b = sheet[number]
        b.alignment = a.alignment = Alignment(wrap_text=True, vertical="top")
        a.font = Font(bold=True, size=12 if text is None else None)
        if text is None:  # a heading
            a.fill = b.fill = HEADER_FILL
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100


def _format_columns(sheet: Worksheet, spec: _Sheet) -> None:
    """Column formats for the rows still to be typed: dates day first, IDs as text."""
    for column in spec.header:
        if column in spec.date_columns:
            sheet.column_dimensions[spec.letter(column)].number_format = DATE_FORMAT
        elif column == "ID" or column.endswith(" ID"):
            sheet.column_dimensions[spec.letter(column)].number_format = _TEXT_FORMAT


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
    for row, (setting, _) in enumerate(SETTINGS.examples, start=2):
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
        rule.add(f"{SETTINGS.letter('Value')}{row}")


def _strict(rule: DataValidation, what: str) -> DataValidation:
    rule.showErrorMessage = True
    rule.errorTitle = "Not accepted"
    rule.error = f"Please enter {what}, or leave the cell blank."
    return rule


def _validate(sheet: Worksheet, spec: _Sheet, column: str, rule: DataValidation) -> None:
    rule.allow_blank = True
    sheet.add_data_validation(rule)
    letter = spec.letter(column)
    rule.add(f"{letter}2:{letter}{ROWS}")
