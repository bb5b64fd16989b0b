"""The plan workbook (SPEC 4): writing a plan to share, and reading one back, as written or
as edited by hand in Excel.

The plan is meant to be shared with the people in it, so it holds only who supervises whom,
who still needs cover, and the checks and summary: never change requests, absences, Receive
From lists or anything else from the roster beyond IDs, names, schools and emails.

With the other tiers (SPEC 7) it also has a Sessions sheet listing every session of every
tier. A session someone asked for (Requests sheet) is a one-to-one like any other there:
the plan never says who asked for supervision, nor why.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from peerpair.domain.changes import Change
from peerpair.domain.plan import CoverNeeded, Plan, Session, SessionStatus
from peerpair.domain.roster import Roster
from peerpair.domain.tiers import Tier, TierSession
from peerpair.io.cells import (
    id_key,
    is_blank,
    normalise_header,
    parse_date,
    parse_id,
    parse_id_list,
    parse_text,
    parse_time,
    show,
)
from peerpair.io.files import write_atomically
from peerpair.io.roster.tables import unreadable_message
from peerpair.io.roster.xlsx import NotAWorkbook, Sheet, TooLong, Uncalculated
from peerpair.io.roster.xlsx import Workbook as StreamedWorkbook
from peerpair.io.sheets import TableWorkbook, print_in_parts, print_title

if TYPE_CHECKING:  # annotations only: reading a plan needs neither the rules nor the planner
    from peerpair.constraints.base import CheckResult
    from peerpair.year import YearPlan

PAIRINGS = "Pairings"
SESSIONS = "Sessions"
COVER_NEEDED = "Cover Needed"
PEOPLE = "People"
CHANGES = "Changes"
CHECKS = "Checks"
SUMMARY = "Summary"

PAIRINGS_COLUMNS = (
    "Half Term",
    "Supervisor ID",
    "Supervisor",
    "Supervisor School",
    "Supervisee ID",
    "Supervisee",
    "Supervisee School",
)
DATE_COLUMNS = ("Date", "Start", "End")  # SPEC 6: when the half terms have dates
# SPEC 4 and 8: last on Pairings and Sessions, for the lead to record what happened.
STATUS = "Status"
_RECORDS = (SessionStatus.MISSED, SessionStatus.CANCELLED)
_KEPT_WHATEVER_THE_DATE = (SessionStatus.POSTPONED, SessionStatus.HELD)
# SPEC 7: every session of every tier; then the group, and names for the reader.
SESSIONS_COLUMNS = (
    "Tier",
    "Half Term",
    "Date",
    "Start",
    "End",
    "Lead ID",
    "Attendee IDs",
    "School",
)
SESSIONS_EXTRA_COLUMNS = ("Group", "Lead", "Attendees")
COVER_NEEDED_COLUMNS = ("Half Term", "Supervisee ID", "Supervisee", "Reason")
CHANGES_COLUMNS = ("Half Term", "Supervisee ID", "Old Supervisor ID", "New Supervisor ID", "Why")
CHECKS_COLUMNS = ("Rule", "Result", "Details")
SUMMARY_COLUMNS = ("Item", "Value")
COVER_NEEDED_MARK = "Cover needed"

# ID -> (name, school) of people a previous plan names who are no longer in the roster.
Names = dict[str, tuple[str, str]]  # (name, school) by ID, as a plan gives them

# A cell holding every message of a badly broken rule would be too tall to read, and Excel
# refuses text over 32,767 characters; `peerpair check` prints the full list.
_MAX_DETAILS = 20
_LAST_ROW = 1_048_576  # Excel's last row
_SCHOOL_WIDTH = 22
_ATTENDEES_WIDTH = 30
_PEOPLE_WIDTH = 24  # "Megan Price (Wed 23/09/2026 09:30)" on two lines
_PEOPLE_OTHER_WIDTH = 36
_PEOPLE_SCHOOL_WIDTH = 20
_SESSION_DATE_FORMAT = "ddd dd/mm/yyyy"  # "Tue 15/09/2026": the weekday helps a reader


class PlanError(Exception):
    """A plan workbook that cannot be read. Each problem names its sheet, Excel row and column."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# --- writing -----------------------------------------------------------------------


def write_plan(
    path: str | Path,
    roster: Roster,
    plan: Plan,
    checks: list[CheckResult],
    summary: list[tuple[str, str]],
    changes: list[tuple[str, ...]] | None = None,
    published: Names | None = None,
    kept: frozenset[str] = frozenset(),
) -> None:
    """Write the plan workbook atomically. On a re-solve, `changes` (Half Term, Supervisee
    ID, Old and New Supervisor ID) add the Changes sheet, and `published` names everyone as
    the previous plan does: in the `kept` half terms, copied unchanged from it, and anywhere
    for people no longer in the roster."""
    workbook = TableWorkbook()
    people = _People(roster, published or {}, kept)
    order = _PlanOrder(roster, people)
    dated = _has_dates(roster, plan)
    pairings = workbook.add_table(
        PAIRINGS,
        PAIRINGS_COLUMNS + (DATE_COLUMNS if dated else ()) + (STATUS,),
        _pairings_rows(people, plan, order, dated),
        widest={4: _SCHOOL_WIDTH, 7: _SCHOOL_WIDTH},  # long school names wrap, to print
        formats={len(PAIRINGS_COLUMNS) + 1: _SESSION_DATE_FORMAT} if dated else None,
    )
    _status_drop_down(pairings)
    tiers = _has_tiers(roster, plan)
    if tiers:
        sessions = workbook.add_table(
            SESSIONS,
            SESSIONS_COLUMNS + SESSIONS_EXTRA_COLUMNS + (STATUS,),
            _sessions_rows(people, plan, order),
            # Attendee IDs, School and Attendees wrap, so the sheet prints at a readable size.
            widest={7: _PEOPLE_SCHOOL_WIDTH, 8: _SCHOOL_WIDTH, 11: _ATTENDEES_WIDTH},
            formats={SESSIONS_COLUMNS.index("Date") + 1: _SESSION_DATE_FORMAT},
        )
        _status_drop_down(sessions)
    workbook.add_table(COVER_NEEDED, COVER_NEEDED_COLUMNS, _cover_rows(people, plan, order))
    header, rows = _people_table(people, plan, tiers)
    # Printed, each page is one half term beside ID, Name and School: the columns wrap at
    # widths that fit them on a landscape page.
    per_half_term = 3 if tiers else 2
    narrow = {3: _PEOPLE_SCHOOL_WIDTH}
    for column in range(4, len(header)):
        other_sessions = tiers and (column - 4) % per_half_term == 2
        narrow[column] = _PEOPLE_OTHER_WIDTH if other_sessions else _PEOPLE_WIDTH
    people_sheet = workbook.add_table(PEOPLE, header, rows, frozen_columns=3, widest=narrow)
    ends = [3 + per_half_term * n for n in range(1, len(roster.half_terms) + 1)]
    print_in_parts(people_sheet, 3, [*ends, len(header)])  # Email on a page of its own
    if changes is not None:
        # Rows without a reason (a plan written by other means) leave Why blank.
        width = len(CHANGES_COLUMNS)
        rows = [(*c, *[""] * (width - len(c))) for c in changes]
        workbook.add_table(CHANGES, CHANGES_COLUMNS, rows)
    workbook.add_table(CHECKS, CHECKS_COLUMNS, map(_check_row, checks))
    workbook.add_table(SUMMARY, SUMMARY_COLUMNS, summary)
    title = plan_title(roster)
    for sheet in workbook.worksheets:
        print_title(sheet, title)
    write_atomically(path, workbook.save)


def plan_title(roster: Roster) -> str:
    """The printed plan's title: the trust (the Settings sheet's Trust Name, else the
    roster's file name) and the school year its half terms' dates give, "Meridian Learning
    Trust: supervision plan 2026–27"."""
    trust = roster.settings.trust_name or Path(roster.source).stem
    days = [d for h in roster.half_terms for d in (h.start, h.end) if d is not None]
    year = ""
    if days:
        first, last = min(days).year, max(days).year
        year = f" {first}" if first == last else f" {first}–{last % 100:02d}"
        if last > first + 1:
            year = f" {first}–{last}"
    return f"{trust}: supervision plan{year}" if trust else f"Supervision plan{year}"


class _People:
    """Name and school by ID in a half term: as the previous plan gave them in a half term
    kept from it (SPEC 5: copied unchanged; someone may have moved school since), else from
    the roster, else, for someone who has left, from the plan they were in."""

    def __init__(self, roster: Roster, published: Names, kept: frozenset[str]):
        self.roster = roster
        self.published = published
        self.kept = kept

    def name_and_school(self, person_id: str, half_term: str | None = None) -> tuple[str, str]:
        # A plan edited by hand may give IDs only: what it leaves blank, the roster gives.
        name, school = self.published.get(person_id, ("", ""))
        if person_id in self.roster.index:
            person = self.roster.person(person_id)
            if half_term in self.kept:
                return name or person.name, school or person.school
            return person.name, person.school
        return name or person_id, school


class _PlanOrder:
    """Sort keys: half terms in year order, then people by name (ID breaks ties)."""

    def __init__(self, roster: Roster, people: _People):
        self.people = people
        self.half_terms = {h.name: i for i, h in enumerate(roster.half_terms)}

    def person(self, person_id: str) -> tuple[str, str]:
        return (self.people.name_and_school(person_id)[0], person_id)

    def session(self, s: Session) -> tuple:
        return (
            self.half_terms[s.half_term],
            self.person(s.supervisor_id),
            self.person(s.supervisee_id),
        )

    def cover(self, c: CoverNeeded) -> tuple:
        return (self.half_terms[c.half_term], self.person(c.supervisee_id))

    def when(self, half_term: str, day, start, tier: Tier, lead_id: str) -> tuple:
        """A session of any tier on the Sessions sheet: by half term, date and time (undated
        last), tier, then lead."""
        return (
            self.half_terms[half_term],
            day or dt.date.max,
            start or dt.time.max,
            _TIER_ORDER[tier],
            self.person(lead_id),
        )


def _has_dates(roster: Roster, plan: Plan) -> bool:
    """Pairings has Date, Start and End when the half terms have dates, or a session has."""
    return any(h.start is not None for h in roster.half_terms) or any(
        s.date is not None for s in plan.sessions
    )


def _has_tiers(roster: Roster, plan: Plan) -> bool:
    """The Sessions sheet and the People sheet's other sessions are there when the roster has
    a tier sheet or the plan a tier session: without them the plan is as before SPEC 7."""
    return roster.has_tiers or bool(plan.tier_sessions)


_TIER_ORDER = {tier: n for n, tier in enumerate(Tier)}


def _sessions_rows(people: _People, plan: Plan, order: _PlanOrder) -> Iterator[list[object]]:
    """Every session of every tier: peer sessions as Pairings has them (Lead ID the
    supervisor, Attendee IDs the supervisee; no School, since two schools meet), then in
    half-term and date order."""
    rows = []
    for s in plan.sessions:
        row = [Tier.PEER.value, s.half_term, s.date, s.start, s.end, s.supervisor_id]
        row += [s.supervisee_id, "", "", people.name_and_school(s.supervisor_id, s.half_term)[0]]
        row += [people.name_and_school(s.supervisee_id, s.half_term)[0], s.status]
        rows.append((order.when(s.half_term, s.date, s.start, Tier.PEER, s.supervisor_id), row))
    for t in plan.tier_sessions:
        names = "; ".join(people.name_and_school(i, t.half_term)[0] for i in t.attendee_ids)
        row = [t.tier.value, t.half_term, t.date, t.start, t.end, t.lead_id]
        row += [", ".join(t.attendee_ids), t.school, t.group]
        row += [people.name_and_school(t.lead_id, t.half_term)[0], names, t.status]
        rows.append((order.when(t.half_term, t.date, t.start, t.tier, t.lead_id), row))
    for _, row in sorted(rows, key=lambda r: r[0]):
        yield row


def _pairings_rows(
    people: _People, plan: Plan, order: _PlanOrder, dated: bool
) -> Iterator[list[object]]:
    for s in sorted(plan.sessions, key=order.session):
        yield [
            s.half_term,
            s.supervisor_id,
            *people.name_and_school(s.supervisor_id, s.half_term),
            s.supervisee_id,
            *people.name_and_school(s.supervisee_id, s.half_term),
            *((s.date, s.start, s.end) if dated else ()),
            s.status,
        ]


def _status_drop_down(sheet: Worksheet) -> None:
    """The last column, Status, offers SPEC 8's words, or blank; Excel refuses others."""
    words = ", ".join(status.value for status in SessionStatus)
    drop_down = DataValidation(
        type="list",
        formula1=f'"{",".join(status.value for status in SessionStatus)}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error=f"Choose {words}, or leave it blank.",
        promptTitle="Status",
        prompt=f"What happened: {words}. Blank: held if past, else planned.",
        showInputMessage=True,
    )
    letter = get_column_letter(sheet.max_column)
    drop_down.add(f"{letter}2:{letter}{_LAST_ROW}")  # rows the lead adds by hand too
    sheet.add_data_validation(drop_down)


def when(s: Session) -> str:
    """A session's date and start, for the People sheet and the mail merge:
    "Tue 15/09/2026 09:30"; blank when it has no date."""
    return "" if s.date is None else _day_and_time(s.date, s.start)


# A year has a few hundred days and times, and the People sheet names each session twice;
# bounded, as the web page plans year after year in one process.
@lru_cache(maxsize=4096)
def _day_and_time(day: dt.date, start: dt.time | None) -> str:
    return f"{day:%a %d/%m/%Y}" + (f" {start:%H:%M}" if start is not None else "")


def _with_when(name: str, s: Session) -> str:
    return f"{name} ({when(s)})" if s.date is not None else name


def _cover_rows(people: _People, plan: Plan, order: _PlanOrder) -> Iterator[list[str]]:
    for c in sorted(plan.cover_needed, key=order.cover):
        name = people.name_and_school(c.supervisee_id, c.half_term)[0]
        yield [c.half_term, c.supervisee_id, name, c.reason]


def _people_table(
    people: _People, plan: Plan, tiers: bool = False
) -> tuple[list[str], list[list[str]]]:
    """One row per person: who they supervise and who supervises them in each half term,
    with the session's date and time when it has one ("Ben Moss (Tue 15/09/2026 09:30)"),
    and Email last so the sheet works as a mail-merge source. With `tiers`, each half term
    also lists the person's other sessions ("One-to-one with Ben Moss (...)")."""
    roster = people.roster
    header = ["ID", "Name", "School"]
    for h in roster.half_terms:
        header += [f"{h.name} supervises", f"{h.name} supervised by"]
        if tiers:
            header.append(f"{h.name} other sessions")
    header.append("Email")
    other: dict[tuple[str, str], list[str]] = defaultdict(list)
    for t in sorted(plan.tier_sessions, key=lambda t: (t.date, t.start)):
        for person_id in t.people:
            other[t.half_term, person_id].append(tier_session_text(t, person_id, people))
    supervises: dict[tuple[str, str], list[str]] = defaultdict(list)
    supervised_by: dict[tuple[str, str], list[str]] = defaultdict(list)
    for s in plan.sessions:
        supervises[s.half_term, s.supervisor_id].append(
            _with_when(people.name_and_school(s.supervisee_id, s.half_term)[0], s)
        )
        supervised_by[s.half_term, s.supervisee_id].append(
            _with_when(people.name_and_school(s.supervisor_id, s.half_term)[0], s)
        )
    for c in plan.cover_needed:
        supervised_by[c.half_term, c.supervisee_id].append(COVER_NEEDED_MARK)
    rows = []
    for person in roster.people:
        row = [person.id, person.name, person.school]
        for h in roster.half_terms:
            for names in (supervises, supervised_by):
                row.append("; ".join(sorted(names[h.name, person.id])))
            if tiers:
                row.append("; ".join(other[h.name, person.id]))
        row.append(person.email)
        rows.append(row)
    return header, rows


def tier_session_text(t: TierSession, person_id: str, people: _People) -> str:
    """One of a person's tier sessions in words, from their side: "Group supervision
    (Lead DSLs) with Ann Able (Tue 15/09/2026 09:30)", "Leads group supervision (Lead DSLs)
    ..."."""
    lead = people.name_and_school(t.lead_id, t.half_term)[0]
    when = f"{t.date:%a %d/%m/%Y} {t.start:%H:%M}"
    if t.tier is Tier.ONE_TO_ONE:
        others = ", ".join(people.name_and_school(i, t.half_term)[0] for i in t.attendee_ids)
        text = (
            f"One-to-one: supervises {others}"
            if person_id == t.lead_id
            else (f"One-to-one: supervised by {lead}")
        )
    elif t.tier is Tier.SCHOOL:
        text = (
            f"Leads the school session at {t.school}"
            if person_id == t.lead_id
            else (f"School session with {lead}")
        )
    else:
        kind = "group mop-up" if t.tier is Tier.MOP_UP else "group supervision"
        text = (
            f"Leads {kind} ({t.group})"
            if person_id == t.lead_id
            else (f"{kind[:1].upper()}{kind[1:]} ({t.group}) with {lead}")
        )
    return f"{text} ({when})"


def _check_row(check: CheckResult) -> list[str]:
    if not check.in_force:
        # Only H11 is ever off; a roster without a Settings sheet has it off too, by default.
        return [check.rule, "Not in force", "Repeat Pairs is not forbid (the default is avoid)"]
    if check.passed:
        return [check.rule, "Passed", "—"]
    messages = [
        f"{v.half_term}: {v.message}" if v.half_term else v.message for v in check.violations
    ]
    if len(messages) > _MAX_DETAILS:
        hidden = len(messages) - _MAX_DETAILS
        messages = messages[:_MAX_DETAILS] + [f"… and {hidden} more"]
    return [check.rule, f"Broken: {len(check.violations)}", "\n".join(messages)]


# --- reading -----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanReading:
    """Everything peerpair reads back from a plan workbook (`read_plan`)."""

    plan: Plan
    # Everyone the plan names, with the name and school it gives them: blank where a row
    # typed in by hand gives IDs only.
    names: Names
    # The half terms in the order the plan first names them (Pairings, then Cover Needed).
    half_terms: tuple[str, ...]
    # (ID, name, email) of everyone on the People sheet, in sheet order; without one (a plan
    # made by hand), the people Pairings names, without emails.
    contacts: tuple[tuple[str, str, str], ...]
    # Read against a roster: the people the plan names who are not in it, named as the plan
    # names them, and each row that names one ("Pairings row 14: supervisor 999 is not on
    # the roster").
    leavers: Names = field(default_factory=dict)
    unknown: tuple[str, ...] = ()
    # For each line of `unknown`, the half term and date of its session (SPEC 8: `check`
    # judges only sessions from today); (None, None) for a People row, which is no session.
    unknown_when: tuple[tuple[str | None, dt.date | None], ...] = ()
    # Read against a roster: rows whose name contradicts their ID (the ID is what counts).
    warnings: tuple[str, ...] = ()
    # The Changes sheet's Why, by (half term, supervisee ID, old and new supervisor ID):
    # what the re-plan that wrote the plan knew of each change, which `diff` cannot know.
    reasons: dict[tuple[str, str, str, str], str] = field(default_factory=dict)

    def why(self, change: Change) -> str | None:
        """The Why the Changes sheet gives this change of supervisor, if it gives one."""
        c = change
        key = (normalise_header(c.half_term), c.supervisee_id, c.old_supervisor_id)
        return self.reasons.get((*key, c.new_supervisor_id))

    def name_of(self, person_id: str) -> str:
        """The name the plan gives `person_id`, or the ID where it gives none."""
        return self.names.get(person_id, ("", ""))[0] or person_id


@dataclass(frozen=True)
class PlanCells:
    """The cells of a plan workbook's sheets, read once (`open_plan`): a command that reads
    the plan without the roster and then against it parses the file only once."""

    name: str  # the file's name, for messages
    # The sheets a plan reads, by title as the workbook spells it, in tab order.
    sheets: dict[str, Sheet]


# The sheets `read_plan` and `read_summary` read; the others are never parsed.
_READ_SHEETS = frozenset(normalise_header(s) for s in (PAIRINGS, COVER_NEEDED, SESSIONS, PEOPLE))
_READ_SHEETS |= {normalise_header(SUMMARY), normalise_header(CHANGES)}


def open_plan(path: str | Path) -> PlanCells:
    """Read the cells of a plan workbook's Pairings, Cover Needed, Sessions, People, Summary
    and Changes sheets, streamed from the file (PlanError when it is no workbook)."""
    path = Path(path)
    if not path.is_file():
        where = path.resolve()
        raise PlanError(
            [f"{where} is a folder" if path.exists() else f"there is no plan file at {where}"]
        )
    try:
        with StreamedWorkbook(path) as workbook:
            given = {normalise_header(t) for t in workbook.titles}
            if normalise_header(PAIRINGS) not in given and normalise_header("Staff") in given:
                raise PlanError(
                    [
                        f"{path.name} is a roster, not a plan: give the plan peerpair wrote (the "
                        f"workbook with the {PAIRINGS} sheet); a command that takes both takes "
                        "the roster first"
                    ]
                )
            titles = [t for t in workbook.titles if normalise_header(t) in _READ_SHEETS]
            return PlanCells(path.name, workbook.sheets(titles))
    except OSError as error:
        raise PlanError(
            [f'"{path.name}" could not be opened ({error.strerror or error})']
        ) from error
    except NotAWorkbook as error:
        raise PlanError(
            [
                f'"{path.name}" cannot be read as an Excel workbook: it may be damaged, '
                "password-protected or not an .xlsx file (in Excel, use Save As and choose "
                "Excel Workbook (.xlsx))"
            ]
        ) from error


def named_in(plan: str | Path | PlanCells | None) -> list[str]:
    """Everyone a plan names, the people who have left since included, for reading a roster
    against it; none when there is no plan or it cannot be read (reading it against the
    roster then says why)."""
    if plan is None:
        return []
    try:
        return list(read_plan(plan).names)
    except PlanError:
        return []


def read_plan(
    path: str | Path | PlanCells, roster: Roster | None = None, half_terms: Iterable[str] = ()
) -> PlanReading:
    """Read a plan workbook: its Pairings and Cover Needed sheets, the other tiers' sessions
    from its Sessions sheet when it has one (its peer rows are Pairings' and are not read
    again), and its People sheet's contacts.

    IDs are the truth: names and schools are read only to name people the roster does not
    hold, so a plan edited by hand only needs its Half Term and ID cells right. Against a
    `roster`, half terms must be the roster's and IDs match as the roster's references do
    (`t01` is T01, 0107 is 107); an ID still unknown is reported in `unknown`, never an
    error, since a published plan names people who have left since. Without a roster, any
    half term and ID is accepted; half terms match ignoring case and spaces, each spelt as in
    `half_terms` (another plan's, to compare with), else as first written.

    `path` may be the cells `open_plan` read. Every problem is collected before PlanError is
    raised. The file is only read."""
    workbook = path if isinstance(path, PlanCells) else open_plan(path)
    pairings = _find_sheet(workbook, PAIRINGS)
    if pairings is None:
        raise PlanError([f'"{workbook.name}" has no {PAIRINGS} sheet, so it is not a plan'])
    reader = _PlanReader(roster, half_terms)
    sessions = reader.rows(
        pairings,
        ("Half Term", "Supervisor ID", "Supervisee ID"),
        (
            "Supervisor",
            "Supervisor School",
            "Supervisee",
            "Supervisee School",
            *DATE_COLUMNS,
            STATUS,
        ),
    )
    cover_sheet = _find_sheet(workbook, COVER_NEEDED)
    cover = (
        []
        if cover_sheet is None
        else reader.rows(cover_sheet, ("Half Term", "Supervisee ID"), ("Reason", "Supervisee"))
    )
    sessions_sheet = _find_sheet(workbook, SESSIONS)
    tier_sessions = [] if sessions_sheet is None else _tier_sessions(reader, sessions_sheet)
    people_sheet = _find_sheet(workbook, PEOPLE)
    listed = None if people_sheet is None else reader.rows(people_sheet, ("ID",), ("Name", "Email"))
    if reader.problems:
        raise PlanError(reader.problems)
    # A row typed in by hand may give IDs only: a name or school any row gives is kept.
    named: Names = {}
    for person_id, name, school in [
        *((a, a_name, a_school) for _, a, _, a_name, a_school, *_ in sessions),
        *((b, b_name, b_school) for _, _, b, _, _, b_name, b_school, *_ in sessions),
        *((b, b_name, "") for _, b, _, b_name in cover),
    ]:
        known_name, known_school = named.get(person_id, ("", ""))
        named[person_id] = (known_name or name or "", known_school or school or "")
    # Someone named only in the Sessions sheet is a leaver too, or a mistyped ID: either way
    # the rules skip their sessions, so they are named, never passed over in silence.
    for session in tier_sessions:
        for person_id in session.people:
            named.setdefault(person_id, ("", ""))
    plan = Plan(
        sessions=tuple(
            Session(
                half_term=h,
                supervisor_id=a,
                supervisee_id=b,
                date=day or None,
                start=start or None,
                end=end or None,
                status=status or None,
            )
            for h, a, b, *_, day, start, end, status in sessions
        ),
        cover_needed=tuple(
            CoverNeeded(half_term=h, supervisee_id=b, reason=reason) for h, b, reason, _ in cover
        ),
        tier_sessions=tuple(tier_sessions),
    )
    named = dict(sorted(named.items()))
    if listed is None:
        ids = dict.fromkeys(i for s in plan.sessions for i in (s.supervisor_id, s.supervisee_id))
        contacts = [(i, named.get(i, ("", ""))[0] or i, "") for i in ids]
    else:
        contacts = [(i, name or i, email) for i, name, email in listed]
    in_order = [row[0] for row in sessions] + [row[0] for row in cover]
    return PlanReading(
        plan=plan,
        names=named,
        half_terms=tuple(dict.fromkeys(in_order)),
        contacts=tuple(contacts),
        leavers=(
            {}
            if roster is None
            else {i: (n or i, s) for i, (n, s) in named.items() if i not in roster.index}
        ),
        unknown=tuple(reader.unknown),
        unknown_when=tuple(reader.unknown_when),
        warnings=tuple(reader.warnings),
        reasons=_reasons(workbook),
    )


def _tier_sessions(reader: _PlanReader, sheet: tuple[str, Sheet]) -> list[TierSession]:
    """The Sessions sheet's rows of tiers other than peer. Every column but the names is
    read; a tier session needs its date and times."""
    rows = reader.rows(
        sheet,
        ("Tier", "Half Term", "Lead ID"),
        ("Date", "Start", "End", "Attendee IDs", "School", "Group", STATUS),
        key_columns=9,
    )
    found = []
    for tier, half_term, lead_id, day, start, end, attendees, school, group, status in rows:
        if tier is Tier.PEER:
            continue
        found.append(
            TierSession(
                tier=tier,
                half_term=half_term,
                date=day,
                start=start,
                end=end,
                lead_id=lead_id,
                attendee_ids=attendees or (),
                school=school,
                group=group,
                status=status or None,
            )
        )
    return found


_TIER_WORDS = {normalise_header(t.value): t for t in Tier} | {"request": Tier.ONE_TO_ONE}


def _reasons(workbook: PlanCells) -> dict[tuple[str, str, str, str], str]:
    """The Changes sheet's Why of each row (PlanReading.reasons). Only read, never judged:
    a row that does not fit, or a sheet laid out otherwise, gives no reason."""
    found_sheet = _find_sheet(workbook, CHANGES)
    if found_sheet is None:
        return {}
    rows = found_sheet[1].rows
    columns = range(1, len(CHANGES_COLUMNS) + 1)
    wanted = [normalise_header(c) for c in CHANGES_COLUMNS]
    if [normalise_header(_text(rows.get(1, {}).get(c))) for c in columns] != wanted:
        return {}
    found = {}
    for number, row in sorted(rows.items()):
        cells = [_text(row.get(c)) for c in columns]
        if number > 1 and cells[-1]:
            half_term, supervisee, old, new, why = cells
            found[normalise_header(half_term), supervisee, old, new] = why
    return found


def _text(value: object) -> str:
    """A cell as plain text; blank for one that cannot be read (a formula never calculated,
    an over-long cell)."""
    if value is None or isinstance(value, TooLong | Uncalculated):
        return ""
    return str(value).strip()


def _find_sheet(workbook: PlanCells, name: str) -> tuple[str, Sheet] | None:
    """The first sheet whose title is `name` (ignoring case and spaces), with its title."""
    key = normalise_header(name)
    return next(
        ((title, s) for title, s in workbook.sheets.items() if normalise_header(title) == key),
        None,
    )


class _PlanReader:
    """Reads tables of a plan against the roster, collecting every problem it meets, every
    row naming someone the roster does not hold, and every name that contradicts its ID."""

    def __init__(self, roster: Roster | None, half_terms: Iterable[str] = ()):
        self.roster = roster
        self.half_terms = (
            {normalise_header(h.name): h.name for h in roster.half_terms} if roster else None
        )
        self.ids = {id_key(p.id): p.id for p in roster.people} if roster else None
        # Without a roster, the spelling each half term is given by `half_terms` or first.
        self.spellings = {normalise_header(h): h for h in half_terms}
        self.problems: list[str] = []
        self.unknown: list[str] = []
        self.unknown_when: list[tuple[str | None, dt.date | None]] = []
        self.warnings: list[str] = []
        self.parsed: dict[tuple[str, type, object], object] = {}  # see _value

    def rows(
        self,
        sheet: tuple[str, Sheet],
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
        key_columns: int | None = None,
    ) -> list[tuple[str, ...]]:
        """Each non-blank row's values of the `required` columns then the `optional` ones
        (blank text where the sheet lacks them). Rows with a problem are left out, and so are
        repeats of an earlier row: one with the same first `key_columns` values (by default,
        the required ones). A sheet with nothing on it has no rows."""
        title, cells_of = sheet
        header = cells_of.rows.get(1, {})
        lines = sorted((n, line) for n, line in cells_of.rows.items() if n > 1)
        if all(is_blank(v) for line in (header, *(c for _, c in lines)) for v in line.values()):
            return []
        columns: dict[str, int] = {}
        for column, heading in sorted(header.items()):
            columns.setdefault(normalise_header(heading), column)
        missing = [c for c in required if normalise_header(c) not in columns]
        self.problems += [f'{title} row 1: no "{c}" column' for c in missing]
        if missing:
            return []
        wanted = [*required, *optional]
        status_at = wanted.index(STATUS) if STATUS in wanted else None
        first_seen: dict[tuple[str, ...], int] = {}
        found = []
        at = [columns.get(normalise_header(c)) for c in wanted]
        for excel_row, line in lines:
            if all(is_blank(v) for v in line.values()):
                continue
            where = f"{title} row {excel_row}"
            cells = {c: line.get(i) for c, i in zip(wanted, at, strict=True)}
            row = self._values(where, cells, required)
            if row is None:
                continue
            same = row[: key_columns or len(required)]
            if status_at is not None and row[status_at] in _RECORDS:
                # A Missed or Cancelled session is the record of what happened: its make-up
                # or replacement may have the same pair in the same half term (SPEC 8).
                found.append(row)
                continue
            if same in first_seen:
                self.problems.append(
                    f"{where}: the same as row {first_seen[same]}; delete one of the two"
                )
                continue
            first_seen[same] = excel_row
            found.append(row)
        return found

    def _values(
        self, where: str, cells: dict[str, object], required: tuple[str, ...]
    ) -> tuple[str, ...] | None:
        """The row's clean values, or None after noting each of its problems."""
        values, problems = [], []
        # What a row with a problem would add is taken back: the row is not read.
        unknown, warnings = len(self.unknown), len(self.warnings)
        for column, cell in cells.items():
            if isinstance(cell, TooLong | Uncalculated):
                problems.append(f"{where}, {column}: {unreadable_message(cell)}")
                values.append("")
                continue
            if is_blank(cell):
                if column in required:
                    problems.append(f"{where}, {column}: blank, but needed")
                values.append("")
                continue
            try:
                values.append(self._value(column, cell, where))
            except ValueError as error:
                problems.append(f"{where}, {column}: {error}")
        if not problems:
            self._check_names(where, cells, dict(zip(cells, values, strict=True)))
        by_column = dict(zip(cells, values, strict=True)) if not problems else {}
        if not problems and "Date" in cells:
            problems += _session_times(where, by_column)
        if not problems and by_column.get(STATUS) in _KEPT_WHATEVER_THE_DATE:
            problems += self._kept(where, by_column)
        undated = "Tier" in cells and is_blank(cells["Date"])
        if not problems and undated and values[0] is not Tier.PEER:
            problems.append(f"{where}, Date: blank, but a {values[0]} session needs its date")
        self.problems += problems
        if problems:
            del self.unknown[unknown:], self.warnings[warnings:]
            return None
        day = by_column.get("Date") or None
        when = (by_column.get("Half Term") or None, day if isinstance(day, dt.date) else None)
        self.unknown_when += [when] * (len(self.unknown) - len(self.unknown_when))
        return tuple(values)

    def _kept(self, where: str, values: dict[str, object]) -> list[str]:
        """A Postponed session has the new date the lead agreed, and a Held one the date it
        was held, inside its half term: a re-solve keeps both there, and check does not
        judge a Held one again (SPEC 8), so a slip of the date is caught here."""
        day, status = values["Date"], values[STATUS]
        if day == "":
            if status is SessionStatus.HELD:
                return []
            return [f"{where}, Date: blank, but a Postponed session needs its new date"]
        if self.roster is None:
            return []
        half_term = next(h for h in self.roster.half_terms if h.name == values["Half Term"])
        if half_term.start is None or half_term.start <= day <= half_term.end:
            return []
        return [
            f"{where}, Date: {show(day)} is not in {half_term.name} ({show(half_term.start)} "
            f"to {show(half_term.end)}); a {status} session keeps its half term"
        ]

    def _check_names(self, where: str, cells: dict[str, object], values: dict[str, object]):
        """Warn of a Supervisor or Supervisee name that is not the roster's name for the ID
        beside it: one of the two was mistyped, and the ID is what peerpair reads."""
        for column in ("Supervisor", "Supervisee"):
            person_id = values.get(f"{column} ID")
            if self.roster is None or person_id not in self.roster.index:
                continue
            given, person = cells.get(column), self.roster.person(person_id)
            if not is_blank(given) and _name_key(given) != _name_key(person.name):
                self.warnings.append(
                    f'{where}, {column}: "{show(given)}" is not the name of {person_id}, who is '
                    f"{person.name} on the roster; the ID counts, so this row is read as "
                    f"{person.label()}"
                )

    def _value(self, column: str, cell: object, where: str) -> object:
        """The cell's value for its column: an ID the roster's spelling of it (noting one
        it does not hold, by row)."""
        # A plan repeats its names, IDs, days and times thousands of times: each cell value
        # is parsed once per column (by type too: True, 1 and 1.0 are different cells).
        key = (column, type(cell), cell)
        parsed = self.parsed.get(key)
        if parsed is None:
            try:
                parsed = self._parse(column, cell)
            except ValueError as error:
                parsed = error
            self.parsed[key] = parsed
        if isinstance(parsed, ValueError):
            raise ValueError(*parsed.args)
        if column == "Attendee IDs":
            return tuple(self._person(i, column, where) for i in parsed)
        if column.endswith(" ID"):
            return self._person(parsed, column, where)
        return parsed

    def _parse(self, column: str, cell: object) -> object:
        """The cell's value for its column, IDs as typed."""
        if column == "Tier":
            tier = _TIER_WORDS.get(normalise_header(cell))
            if tier is None:
                known = ", ".join(t.value for t in Tier)
                raise ValueError(f'"{show(cell)}" is not a tier (they are: {known})')
            return tier
        if column == "Attendee IDs":
            return tuple(parse_id_list(cell))
        if column == "Date":
            return parse_date(cell)
        if column == STATUS:
            return _status(cell)
        if column in ("Start", "End"):
            return parse_time(cell)
        if column == "Half Term" and self.half_terms is None:
            text = parse_text(cell)
            return self.spellings.setdefault(normalise_header(text), text)
        if column == "Half Term":
            name = self.half_terms.get(normalise_header(cell))
            if name is None:
                known = ", ".join(self.half_terms.values())
                raise ValueError(f'"{show(cell)}" is not a half term (they are: {known})')
            return name
        if column.endswith(" ID"):
            return parse_id(cell)
        return parse_text(cell)

    def _person(self, person_id: str, column: str, where: str) -> str:
        """The roster's spelling of `person_id`; one it does not hold is noted by row."""
        if self.ids is None:
            return person_id
        known = self.ids.get(id_key(person_id))
        if known is None:
            self.unknown.append(f'{where}, {column}: "{person_id}" is not on the roster')
            return person_id
        return known


# The part someone plays in a session, by the column that names them.
def _status(cell: object) -> SessionStatus:
    """A Status cell in any case: "held", "HELD" and "Held" are Held."""
    text = parse_text(cell)
    for status in SessionStatus:
        if text.casefold() == status.value.casefold():
            return status
    words = ", ".join(status.value for status in SessionStatus)
    raise ValueError(f'"{text}" is not a status (they are: {words}; or leave it blank)')


@lru_cache(maxsize=None, typed=True)  # a name is compared in every row that gives it
def _name_key(name: object) -> str:
    """Names compare ignoring case and spacing: "ann  able" is Ann Able."""
    return " ".join(show(name).casefold().split())


def _session_times(where: str, values: dict[str, object]) -> list[str]:
    """Date, Start and End go together, and a session ends after it starts."""
    given = [c for c in DATE_COLUMNS if values[c] != ""]
    if given and len(given) < len(DATE_COLUMNS):
        blank = ", ".join(c for c in DATE_COLUMNS if c not in given)
        return [f"{where}, {blank}: blank, but Date, Start and End go together"]
    if given and values["End"] <= values["Start"]:
        return [f"{where}, End: {show(values['End'])} is not after Start ({show(values['Start'])})"]
    return []


def write_year_plan(path: str | Path, year: YearPlan) -> None:
    """Write a planned year's workbook (`peerpair.write_plan`): on a re-plan with its
    Changes sheet, and the kept half terms and leavers named as the published plan names
    them."""
    write_plan(
        path,
        year.roster,
        year.plan,
        list(year.checks),
        list(year.summary),
        None if year.changes is None else _changes_rows(year),
        dict(year.replan.names) if year.replan else None,
        year.kept,
    )


def _changes_rows(year: YearPlan) -> list[tuple[str, ...]]:
    """The Changes sheet (SPEC 4, 8): each supervisee whose supervisor changed, then each
    session that kept its pair but moved, with why in the plan's shared words."""
    changed = [(*astuple(c), year.why_changed(c)) for c in year.changes or ()]
    moved = [
        (
            m.new.half_term,
            m.new.supervisee_id,
            m.old.supervisor_id,
            m.new.supervisor_id,
            f"{year.why_moved(m)}: {when(m.old) or 'no date'} -> {when(m.new) or 'no date'}",
        )
        for m in year.moves
    ]
    return changed + moved


def read_summary(path: str | Path | PlanCells) -> dict[str, str]:
    """The Summary sheet's items and values as text (blank when a plan has none): what
    `peerpair invites` needs of the plan beyond its sessions, the Organiser Email. `path`
    may be the cells `open_plan` read."""
    sheet = _find_sheet(path if isinstance(path, PlanCells) else open_plan(path), SUMMARY)
    if sheet is None:
        return {}
    found: dict[str, str] = {}
    for number, line in sorted(sheet[1].rows.items()):
        item, value = line.get(1), line.get(2)
        if number > 1 and not is_blank(item):
            found.setdefault(str(item).strip(), "" if is_blank(value) else str(value).strip())
    return found
