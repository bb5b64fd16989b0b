"""The roster's one schema (SPEC 2 and 7): every sheet and column, whether it is required,
what to enter in it, and the parser of its cells.

The reader checks a workbook against it, `peerpair template` writes the blank roster and its
Instructions from it, and docs/guide/roster-format.md is written from it
(`python docs/make_roster_format_page.py`), so the three never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from peerpair.io.cells import (
    parse_date,
    parse_id,
    parse_id_list,
    parse_members,
    parse_per,
    parse_receive_from,
    parse_text,
    parse_trained,
    parse_weekdays,
    parse_whole_number,
    parse_yes_no,
)


@dataclass(frozen=True)
class Column:
    name: str
    help: str  # what to enter, for the keeper: the template's Instructions and the docs page
    required: bool = False  # the column must be there, with a value on every row
    # The cell's own parser. Whether an ID is on the Staff sheet, or a half term on the Half
    # Terms sheet, is the reader's business, as it knows the other sheets.
    parse: Callable[[object], Any] = parse_text

    @property
    def holds_dates(self) -> bool:
        return self.parse in (parse_date, parse_trained)

    @property
    def holds_ids(self) -> bool:
        return self.parse is parse_id


@dataclass(frozen=True)
class SheetSpec:
    name: str
    about: str  # what the sheet is for
    columns: tuple[Column, ...]  # in the template's order
    confidential: bool = False  # never quote its other columns: a reason must never be copied

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if not c.required)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return self._by_name[name]

    @cached_property
    def _by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}


STAFF = SheetSpec(
    "Staff",
    "Required. One row per person in the peer supervision scheme.",
    (
        Column(
            "ID",
            "A unique reference for the person, such as a staff number. The other sheets "
            "refer to people by this ID.",
            required=True,
            parse=parse_id,
        ),
        Column("Name", "The name to show in the plan.", required=True),
        Column(
            "School",
            "Where they work. Nobody is paired with someone from their own school. For trust "
            'staff write e.g. "Central team".',
            required=True,
        ),
        Column("Email", "The plan's People sheet lists it, for a mail merge."),
        Column("Hub", "Their region, cluster or hub; see the Same Hub setting."),
        Column(
            "Role",
            'Their job title. "Trust Safeguarding Lead", "Hub Strategic Lead" or "TSL" makes '
            "them a trust lead (see Trust leads). A role with its abbreviation in brackets, like "
            '"Designated Safeguarding Lead (DSL)", is both.',
        ),
        Column(
            "Supervision Trained",
            "Yes once they have done the supervision-skills training, or the date they did or "
            "will do it: they supervise from the first half term starting on or after that "
            "date. Blank means No.",
            parse=parse_trained,
        ),
        Column(
            "Gives",
            "Yes if they are willing and able to supervise others this year. Blank means Yes.",
            parse=parse_yes_no,
        ),
        Column(
            "Receives",
            "Yes if they are to be supervised this year. Blank means Yes, except for trust "
            "leads: No.",
            parse=parse_yes_no,
        ),
        Column(
            "Capacity",
            "The most people they supervise in one half term: a whole number, 0 or more. "
            "Blank means 1, or 3 for trust leads.",
            parse=parse_whole_number,
        ),
        Column(
            "Working Days",
            'The days they work, e.g. "Mon, Tue, Thu" or "Monday/Wednesday". Two people are '
            "paired only if they share a day. Blank means Monday to Friday.",
            parse=parse_weekdays,
        ),
        Column(
            "Line Manager ID",
            "The ID of their line manager, if the manager is on this sheet (leave it blank "
            "otherwise). Nobody supervises, or is supervised by, their line manager.",
            parse=parse_id,
        ),
        Column(
            "Receive From",
            "Leave blank unless the person should be supervised only by certain people: then "
            'list those people\'s IDs and/or the words "trust lead", separated by commas. Only '
            "they will supervise this person.",
            parse=parse_receive_from,
        ),
        Column(
            "DSL Training Date",
            "The date of their last formal DSL training. It should be renewed every two "
            "years: peerpair warns when it runs out before a half term ends.",
            parse=parse_date,
        ),
    ),
)

HALF_TERMS = SheetSpec(
    "Half Terms",
    "Optional. The half terms of the year, in order. Without this sheet peerpair uses the "
    "six half terms Autumn 1 to Summer 2, without dates.",
    (
        Column(
            "Half Term",
            "The name used for the half term in the other sheets and in the plan.",
            required=True,
        ),
        Column("Start", "The first day of the half term.", parse=parse_date),
        Column("End", "The last day of the half term.", parse=parse_date),
    ),
)

ABSENCES = SheetSpec(
    "Absences",
    "Optional. People away for a whole half term, such as long-term absence, maternity "
    "leave or a secondment. They neither give nor receive supervision while away.",
    (
        Column("ID", "The person's ID.", required=True, parse=parse_id),
        Column(
            "Half Term",
            "A half term they are away for (one row per half term), or leave blank and use "
            "From and To.",
        ),
        Column("From", "The first day away.", parse=parse_date),
        Column(
            "To",
            "The last day away. They count as away in each half term whose every weekday "
            "falls between From and To.",
            parse=parse_date,
        ),
    ),
)

CHANGE_REQUESTS = SheetSpec(
    "Change Requests",
    "Optional. Two people who are not to be paired, for example because one of them asked "
    "for a change. Do not write the reason anywhere in this workbook: peerpair never reads "
    "reasons, and nothing on this sheet is copied into the plan.",
    (
        Column("ID", "One of the two people.", required=True, parse=parse_id),
        Column("Partner ID", "The other person.", required=True, parse=parse_id),
        Column(
            "From Half Term",
            "From this half term on, neither supervises the other. Blank means from the first "
            "half term.",
        ),
    ),
    confidential=True,
)

HISTORY = SheetSpec(
    "History",
    "Optional. Who supervised whom in earlier years, so that pairs are not repeated. People "
    "who have since left can stay here: peerpair notes them and skips them.",
    (
        Column(
            "Supervisor ID", "The person who gave the supervision.", required=True, parse=parse_id
        ),
        Column("Supervisee ID", "The person who received it.", required=True, parse=parse_id),
        Column("Half Term", "For your records, e.g. 2025-26 Summer 2."),
    ),
)

CLOSURES = SheetSpec(
    "Closures",
    "Optional. Days with no supervision sessions: INSET days, trips, closures. England's "
    "bank holidays are known already and need no row. Used only when the Half Terms sheet "
    "has dates.",
    (
        Column("Date", "A single day, or leave blank and use From and To.", parse=parse_date),
        Column("From", "The first day of a longer closure.", parse=parse_date),
        Column("To", "The last day of it.", parse=parse_date),
        Column(
            "School",
            "The school that is closed, as the Staff sheet names it: its people have no "
            "sessions then. Blank means the whole trust.",
        ),
    ),
)

# The other tiers (SPEC 7).
GROUPS = SheetSpec(
    "Groups",
    "Optional. Group safeguarding supervision: every member present in a period is in at "
    "least one session of the group, and a mop-up session in the last week of each period "
    "takes those who missed theirs. Everyone named must be on the Staff sheet (Gives and "
    "Receives No for people outside the peer scheme). Used only when the Half Terms sheet "
    "has dates.",
    (
        Column("Group", "A name for the group, used in the plan.", required=True),
        Column(
            "Facilitator IDs",
            "The IDs of the people who may lead its sessions, separated by commas. One leads "
            "each session, on a day they work.",
            required=True,
            parse=parse_id_list,
        ),
        Column(
            "Members",
            "Who is in the group, separated by commas: IDs, and/or school:NAME (everyone at "
            "that school), role:NAME (everyone with that role) or hub:NAME (everyone in that "
            "hub).",
            required=True,
            parse=parse_members,
        ),
        Column(
            "Per",
            "How often each member attends: half term, term or year. Blank means half term.",
            parse=parse_per,
        ),
        Column(
            "Max Size",
            "The most people in one session, not counting its leader. Blank means 6.",
            parse=parse_whole_number,
        ),
    ),
)

SCHOOLS = SheetSpec(
    "Schools",
    "Optional. Trust-led supervision at a school: one session a term, led by a trust lead, "
    "for the school's people on the Staff sheet. Used only when the Half Terms sheet has "
    "dates.",
    (
        Column("School", "The school, as the Staff sheet names it.", required=True),
        Column(
            "High Caseload",
            "Yes for a school with a high caseload of complex cases: it has a session every "
            "half term. Blank means No.",
            parse=parse_yes_no,
        ),
    ),
)

REQUIREMENTS = SheetSpec(
    "Requirements",
    "Optional. One-to-one supervision by role: everyone with the Role is supervised by "
    "someone with the Supervisor Role, the same person all year where possible. They may be "
    "at the same school. Used only when the Half Terms sheet has dates.",
    (
        Column(
            "Role",
            'A role, as the Staff sheet\'s Role column writes it. "DSL (part-time)" has the '
            'role DSL; "Deputy DSL" does not.',
            required=True,
        ),
        Column("Supervisor Role", "The role of those who supervise them.", required=True),
        Column(
            "Per", "How often: half term, term or year. Blank means half term.", parse=parse_per
        ),
    ),
)

REQUESTS = SheetSpec(
    "Requests",
    "Optional. Someone who asked for extra supervision: peerpair plans them a one-to-one with "
    "a trained supervisor by the date given. Do not write the reason anywhere in this "
    "workbook: peerpair never reads reasons, and the plan shows the session as a one-to-one "
    "without saying it was asked for.",
    (
        Column("ID", "Who asked.", required=True, parse=parse_id),
        Column(
            "Preferred Supervisor ID",
            "The trained supervisor they would like. Otherwise, or if that person cannot, "
            "their usual supervisor, then a trust lead.",
            parse=parse_id,
        ),
        Column(
            "By",
            "The session is on or before this date. Blank means this year.",
            parse=parse_date,
        ),
    ),
    confidential=True,
)

SETTINGS = SheetSpec(
    "Settings",
    "Optional. How the plan is made. Options given on the command line override these.",
    (
        Column(
            "Setting",
            "The setting's name: Trust Name, Repeat Pairs, Same Hub, Time Limit, Session "
            "Minutes, Session Times, Visit Minutes or Organiser Email.",
            required=True,
        ),
        Column(
            "Value",
            "Trust Name: the title of the printed plan (blank: the roster's file name). "
            "Repeat Pairs: avoid (pair people again only when there is no other way), "
            "forbid (never) or allow (no preference). Same Hub: any (no preference), prefer "
            "(pair people in the same hub where possible) or avoid (pair people across hubs "
            "where possible). Time Limit: the most seconds peerpair spends looking for the best "
            "plan, at most 86,400 (a day). Session Minutes: how long a session lasts, 15 to "
            "480 (default 60). Session Times: when sessions may start, on the 24-hour clock "
            "and separated by commas (default 09:30, 13:30, 15:45). Visit Minutes: how long a "
            "trust-led school session lasts, 15 to 480 (default 90). Organiser Email: the address "
            "calendar invitations come from (default: the first trust lead's Email).",
            required=True,
        ),
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
UNREAD_SHEETS = {"instructions"}  # the template's own help: known, so no warning
# Columns that may hold dates: a file typed month first shows there (SPEC 2).
DATE_COLUMNS = frozenset(c.name for sheet in SHEETS for c in sheet.columns if c.holds_dates)

# What holds on every sheet (SPEC 2), as (subject, what to know).
GENERAL = (
    ("Yes/No", "Yes or No; Y or N, True or False and 1 or 0 also work."),
    (
        "Dates",
        "Real Excel dates, or typed day first as 03/09/2026, or as 2026-09-03. A file with a "
        "date typed month first (09/25/2026) must write every date that could be either "
        "(03/09/2026) year first.",
    ),
    (
        "Times",
        "On the 24-hour clock, like 13:30; 9.30 is 09:30 too.",
    ),
    (
        "IDs",
        "Text: the number 107 is the ID 107. IDs match ignoring case and surrounding spaces, "
        "and an all-digit ID ignoring leading zeros, so 0107 and 107 are one person (and two "
        "Staff rows with them are a duplicate). An ID named on another sheet must be on the "
        "Staff sheet.",
    ),
    (
        "Names of sheets and columns",
        "Any case; spaces, underscores and punctuation do not matter. Columns and sheets "
        "peerpair does not know are ignored, with a note.",
    ),
    (
        "Layout",
        "A title and notes may stand above the header row (within the first ten rows that "
        "hold anything). Blank rows are skipped. Merged cells count as every cell holding "
        "their value. Rows hidden by a filter are still read.",
    ),
    (
        "Trust leads",
        'Anyone whose Role contains "Trust Safeguarding Lead", "Hub Strategic Lead" or "TSL" '
        "(any case). By default they receive no supervision here and supervise up to 3 people "
        "a half term. peerpair keeps them as the fallback, for people nobody else can "
        "supervise.",
    ),
    (
        "Formulas",
        "A formula counts as its value once Excel or LibreOffice has saved the file.",
    ),
)
