"""The tier sheets in and out (SPEC 7): reading the Groups, Schools, Requirements and
Requests sheets and the Visit Minutes setting, with every problem at once by sheet, row and
column; the plan's Sessions sheet and People sheet; reading them back; invitations."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import Workbook, load_workbook

from peerpair.constraints import check_plan
from peerpair.domain.plan import Plan, Session
from peerpair.domain.roster import Roster
from peerpair.domain.tiers import (
    Group,
    Request,
    Requirement,
    SchoolVisit,
    Selector,
    Tier,
    TierSession,
)
from peerpair.io.invitations import OTHER_SESSIONS_COLUMN, Contact, invitations
from peerpair.io.plan_workbook import PlanError, read_plan, write_plan
from peerpair.io.roster_reader import RosterError, read_roster
from peerpair.tiers.plan_tiers import plan_tiers
from tests.tier_rosters import AUTUMN, ids, lead, person, tiers_only

STAFF = [
    ["ID", "Name", "School", "Role", "Hub", "Supervision Trained"],
    ["101", "Ann Able", "Oak Primary", "DSL", "North", "Yes"],
    ["102", "Ben Best", "Oak Primary", "Deputy DSL", "North", "Yes"],
    ["201", "Cat Cole", "Elm Academy", "DSL (part-time)", "South", "Yes"],
    ["T1", "Tess Lead", "Central team", "Trust Safeguarding Lead", "North", "Yes"],
]
HALF_TERMS = [
    ["Half Term", "Start", "End"],
    ["Autumn 1", date(2026, 9, 2), date(2026, 10, 23)],
    ["Autumn 2", date(2026, 11, 2), date(2026, 12, 18)],
]
SECRET = "SECRET-REASON-XYZ"

# What `peerpair invites` gives every run: who sends, and the date that stamps the events.
ASKED = {"organiser": "lead@trust.example.org", "today": date(2026, 8, 20)}


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def problems(tmp_path: Path, sheets) -> list[str]:
    with pytest.raises(RosterError) as raised:
        read_roster(write_xlsx(tmp_path / "roster.xlsx", sheets))
    return [str(p) for p in raised.value.problems]


# --- reading the roster ---------------------------------------------------------------


def test_the_tier_sheets_are_read_with_their_defaults(tmp_path):
    reading = read_roster(
        write_xlsx(
            tmp_path / "roster.xlsx",
            {
                "Staff": STAFF,
                "Half Terms": HALF_TERMS,
                "groups": [
                    ["Group", "Facilitator IDs", "Members", "Per", "Max Size"],
                    ["DSLs", "T1", "role:dsl; school: OAK PRIMARY, 201", "termly", 4],
                    ["Everyone", "101, T1", "hub:north", None, None],
                ],
                "Schools": [["School", "High Caseload"], ["oak primary", "Y"], ["Elm Academy"]],
                "Requirements": [["Role", "Supervisor Role"], ["Deputy DSL", "DSL"]],
                "Requests": [["ID", "Preferred Supervisor ID", "By"], ["102", "201", "01/10/2026"]],
                "Settings": [["Setting", "Value"], ["Visit Minutes", 120]],
            },
        )
    )
    roster = reading.roster
    assert reading.warnings == []
    assert roster.groups == (
        Group(
            name="DSLs",
            facilitator_ids=("T1",),
            members=(
                Selector(kind="role", value="dsl"),
                Selector(kind="school", value="Oak Primary"),
                Selector(kind="id", value="201"),
            ),
            per="term",
            max_size=4,
        ),
        Group(
            name="Everyone",
            facilitator_ids=("101", "T1"),
            members=(Selector(kind="hub", value="north"),),
        ),
    )
    assert roster.school_visits == (
        SchoolVisit(school="Oak Primary", high_caseload=True),
        SchoolVisit(school="Elm Academy"),
    )
    assert roster.requirements == (Requirement(role="Deputy DSL", supervisor_role="DSL"),)
    assert roster.requests == (
        Request(person_id="102", preferred_supervisor_id="201", by=date(2026, 10, 1)),
    )
    assert roster.settings.visit_minutes == 120


def test_every_problem_in_the_tier_sheets_is_named_at_once(tmp_path):
    found = problems(
        tmp_path,
        {
            "Staff": STAFF,
            "Half Terms": HALF_TERMS,
            "Groups": [
                ["Group", "Facilitator IDs", "Members", "Per", "Max Size"],
                ["DSLs", "T9", "school:Ash High, role:Head, 999", "monthly", 0],
                ["dsls", "T1", "101", None, None],
                [None, None, "hub:East"],
            ],
            "Schools": [["School", "High Caseload"], ["Ash High", "maybe"], ["Oak Primary"],
                        ["OAK primary"]],
            "Requirements": [["Role", "Supervisor Role", "Per"], ["Deputy DSL", "Principal", None]],
            "Requests": [["ID", "Preferred Supervisor ID", "By"], ["102", "102", "31/02/2026"],
                         ["999", None, None]],
            "Settings": [["Setting", "Value"], ["Visit Minutes", 600]],
        },
    )  # fmt: skip
    assert found == [
        'Groups row 2, Facilitator IDs: "T9" is not an ID on the Staff sheet',
        'Groups row 2, Members: "Ash High" is not a school on the Staff sheet',
        'Groups row 2, Members: nobody on the Staff sheet has the role "Head"',
        'Groups row 2, Members: "999" is not an ID on the Staff sheet',
        'Groups row 2, Per: "monthly" is not allowed: choose half term, term or year',
        'Groups row 2, Max Size: "0" is less than 1',
        'Groups row 3, Group: "dsls" is already used on row 2',
        "Groups row 4, Group: required, but blank",
        "Groups row 4, Facilitator IDs: required, but blank",
        'Groups row 4, Members: nobody on the Staff sheet is in the hub "East"',
        'Schools row 2, School: "Ash High" is not a school on the Staff sheet',
        'Schools row 2, High Caseload: "maybe" is not Yes or No',
        'Schools row 4, School: "Oak Primary" is already used on row 3',
        'Requirements row 2, Supervisor Role: nobody on the Staff sheet has the role "Principal"',
        'Requests row 2, By: "31/02/2026" is not a real date (dates are day first, like '
        "03/09/2025)",
        'Requests row 2, Preferred Supervisor ID: "102" is the ID as well: nobody supervises '
        "themselves",
        'Requests row 3, ID: "999" is not an ID on the Staff sheet',
        'Settings row 2, Value: "600" is not a whole number of minutes from 15 to 480',
    ]


def test_a_missing_required_column_is_named_once_for_its_sheet(tmp_path):
    """SPEC 5: every problem names its sheet, row and column, in plain English. A missing
    column is one problem of the sheet's, not a line of validation jargon on every row."""
    found = problems(
        tmp_path,
        {
            "Staff": STAFF,
            "Half Terms": HALF_TERMS,
            "Groups": [["Group", "Members"], ["Deputies", "102"], ["DSLs", "101"]],
            "Schools": [["High Caseload"], ["Yes"]],
            "Requirements": [["Role"], ["Deputy DSL"]],
        },
    )
    assert found == [
        "Groups: no Facilitator IDs column in the header row (row 1)",
        "Schools: no School column in the header row (row 1)",
        "Requirements: no Supervisor Role column in the header row (row 1)",
    ]


def test_tier_sheets_need_half_terms_with_dates(tmp_path):
    found = problems(
        tmp_path,
        {
            "Staff": STAFF,
            "Schools": [["School"], ["Oak Primary"]],
            "Requests": [["ID"], ["102"]],
        },
    )
    message = (
        "its sessions are planned on the calendar, but the Half Terms sheet gives no dates: "
        "give each half term a Start and an End"
    )
    assert found == [f"Schools: {message}", f"Requests: {message}"]


def test_a_requests_extra_columns_are_never_read_or_quoted(tmp_path):
    reading = read_roster(
        write_xlsx(
            tmp_path / "roster.xlsx",
            {
                "Staff": STAFF,
                "Half Terms": HALF_TERMS,
                "Requests": [["ID", "Reason"], ["102", SECRET]],
            },
        )
    )
    assert [str(w) for w in reading.warnings] == [
        "Requests: 1 extra column ignored: peerpair never reads or copies what they hold"
    ]
    assert SECRET not in repr(reading.roster)


def test_a_requirement_for_a_role_nobody_has_is_a_warning(tmp_path):
    reading = read_roster(
        write_xlsx(
            tmp_path / "roster.xlsx",
            {
                "Staff": STAFF,
                "Half Terms": HALF_TERMS,
                "Requirements": [["Role", "Supervisor Role"], ["SENDCo", "DSL"]],
            },
        )
    )
    assert [str(w) for w in reading.warnings] == [
        'Requirements row 2, Role: nobody on the Staff sheet has the role "SENDCo": this row '
        "asks for nothing"
    ]


def test_a_school_session_must_end_the_day_it_starts(tmp_path):
    found = problems(
        tmp_path,
        {
            "Staff": STAFF,
            "Settings": [["Setting", "Value"], ["Session Times", "22:30"], ["Visit Minutes", 120]],
        },
    )
    assert found == [
        "Settings row 2, Value: a session of 120 minutes starting at 22:30 would end after "
        "midnight: choose earlier Session Times or a shorter Visit Minutes"
    ]


# --- the plan workbook ----------------------------------------------------------------


@pytest.fixture
def roster() -> Roster:
    people = (
        person("101", "Oak", role="DSL", email="ann@oak.example.org"),
        person("102", "Oak", role="Deputy DSL"),
        person("201", "Elm", receives=True),
        lead("T1", gives=True),
    )
    return Roster(
        people=people,
        half_terms=AUTUMN,
        groups=(Group(name="Oak DSLs", facilitator_ids=("T1",), members=ids("school:Oak")),),
        school_visits=(SchoolVisit(school="Elm"),),
        requirements=(Requirement(role="Deputy DSL", supervisor_role="DSL"),),
    )


@pytest.fixture
def plan(roster) -> Plan:
    peer = Plan(
        sessions=(
            Session(
                half_term="Autumn 1",
                supervisor_id="T1",
                supervisee_id="201",
                date=date(2026, 9, 3),
                start=time(9, 30),
                end=time(10, 30),
            ),
        )
    )
    return plan_tiers(roster, peer).plan


def test_the_sessions_sheet_lists_every_session_of_every_tier(tmp_path, roster, plan):
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, plan, check_plan(roster, plan), [("Roster", "x")])
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Pairings", "Sessions", "Cover Needed", "People", "Checks",
                                   "Summary"]  # fmt: skip
    header, *rows = list(workbook["Sessions"].iter_rows(values_only=True))
    assert header == (
        "Tier", "Half Term", "Date", "Start", "End", "Lead ID", "Attendee IDs", "School",
        "Group", "Lead", "Attendees", "Status",
    )  # fmt: skip
    peer = next(row for row in rows if row[0] == "peer")
    assert peer[:8] == (
        "peer", "Autumn 1", datetime(2026, 9, 3), time(9, 30), time(10, 30), "T1", "201", None
    )  # fmt: skip
    tiers = [row[0] for row in rows]
    assert sorted(set(tiers)) == ["group", "mop-up", "one-to-one", "peer", "school"]
    assert len(rows) == 1 + len(plan.tier_sessions)
    # In half-term and date order.
    keys = [(row[1], row[2]) for row in rows]
    assert keys == sorted(keys)
    group = next(row for row in rows if row[0] == "group")
    assert group[5:] == (
        "T1", "101, 102", "Oak", "Oak DSLs", "Person T1", "Person 101; Person 102", None
    )  # fmt: skip
    assert workbook["Sessions"]["C2"].number_format == "ddd dd/mm/yyyy"


def test_the_people_sheet_gives_each_persons_other_sessions(tmp_path, roster, plan):
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, plan, [], [])
    header, *rows = list(load_workbook(path)["People"].iter_rows(values_only=True))
    assert header[3:6] == (
        "Autumn 1 supervises",
        "Autumn 1 supervised by",
        "Autumn 1 other sessions",
    )
    assert header[-1] == "Email"
    deputy = next(row for row in rows if row[0] == "102")[5]
    assert "Group supervision (Oak DSLs) with Person T1 (" in deputy
    assert "One-to-one: supervised by Person 101 (" in deputy
    dsl = next(row for row in rows if row[0] == "101")[5]
    assert "One-to-one: supervises Person 102 (" in dsl


def test_a_plan_with_tier_sessions_reads_back_as_written(tmp_path, roster, plan):
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, plan, [], [])
    assert read_plan(path, roster).plan == plan
    assert read_plan(path).plan.tier_sessions == plan.tier_sessions


def test_bad_rows_of_a_sessions_sheet_are_named(tmp_path, roster):
    path = write_xlsx(
        tmp_path / "plan.xlsx",
        {
            "Pairings": [["Half Term", "Supervisor ID", "Supervisee ID"]],
            "Sessions": [
                ["Tier", "Half Term", "Date", "Start", "End", "Lead ID", "Attendee IDs"],
                ["coffee", "Autumn 1", date(2026, 9, 8), time(9, 30), time(10, 30), "T1", "101"],
                ["group", "Autumn 1", None, None, None, "T1", "101, 999"],
                ["school", "Autumn 1", None, None, None, "T1", "101"],
                ["Request", "Autumn 1", date(2026, 9, 8), time(9, 30), time(10, 30), "101", "102"],
            ],
        },
    )
    with pytest.raises(PlanError) as raised:
        read_plan(path, roster)
    assert raised.value.problems == [
        'Sessions row 2, Tier: "coffee" is not a tier (they are: peer, group, mop-up, school, '
        "one-to-one)",
        "Sessions row 3, Date: blank, but a group session needs its date",
        "Sessions row 4, Date: blank, but a school session needs its date",
    ]
    # A session typed as a "request" is read as the one-to-one it is.
    del_rows = load_workbook(path)
    sheet = del_rows["Sessions"]
    sheet.delete_rows(2, 3)
    del_rows.save(path)
    [session] = read_plan(path, roster).plan.tier_sessions
    assert session.tier is Tier.ONE_TO_ONE


def test_a_roster_without_tiers_writes_no_sessions_sheet_and_no_other_sessions(tmp_path):
    roster = Roster(people=(person("1", receives=True), person("2", "Elm")), half_terms=AUTUMN)
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, Plan(), [], [])
    workbook = load_workbook(path)
    assert "Sessions" not in workbook.sheetnames
    header = next(workbook["People"].iter_rows(values_only=True))
    assert not any("other sessions" in str(h) for h in header)


# --- invitations ----------------------------------------------------------------------


def test_invitations_hold_every_tier_with_a_neutral_title_and_everyone_in_it(roster, plan):
    contacts = [Contact(p.id, p.name, p.email) for p in roster.people]
    made = invitations(plan, contacts, ["Autumn 1", "Autumn 2"], **ASKED)
    assert OTHER_SESSIONS_COLUMN in made.columns
    events = Calendar.from_ical(made.calendars["102 Person 102.ics"]).walk("VEVENT")
    titles = sorted({str(e["summary"]) for e in events})
    assert titles == [
        "Group supervision — Autumn 1",
        "Group supervision — Autumn 2",
        "One-to-one supervision — Autumn 1",
        "One-to-one supervision — Autumn 2",
    ]
    group = next(e for e in events if str(e["summary"]).startswith("Group"))
    attendees = sorted(str(a.params["cn"]) for a in group.get("attendee"))
    assert attendees == ["Person 101", "Person 102", "Person T1"]
    assert set(group.keys()) == {
        "UID",
        "SEQUENCE",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "ATTENDEE",
    }
    row = next(r for r in made.mail_merge if r[0] == "102")
    other_sessions = row[made.columns.index(OTHER_SESSIONS_COLUMN)]
    assert other_sessions.startswith("Autumn 1: group supervision with Person T1, ")


def test_invitations_of_a_peer_only_plan_keep_their_columns():
    plan = Plan(
        sessions=(
            Session(
                half_term="Autumn 1",
                supervisor_id="1",
                supervisee_id="2",
                date=date(2026, 9, 8),
                start=time(9, 30),
                end=time(10, 30),
            ),
        )
    )
    made = invitations(plan, [Contact("1", "A"), Contact("2", "B")], ["Autumn 1"], **ASKED)
    assert OTHER_SESSIONS_COLUMN not in made.columns
    assert all(len(row) == len(made.columns) for row in made.mail_merge)


def test_a_tier_session_keeps_its_invitation_uid_from_run_to_run(roster, plan):
    contacts = [Contact(p.id, p.name, p.email) for p in roster.people]
    first = invitations(plan, contacts, ["Autumn 1", "Autumn 2"], **ASKED)
    again = invitations(tiers_only_again(roster, plan), contacts, ["Autumn 1", "Autumn 2"], **ASKED)
    uids = {
        name: sorted(str(e["uid"]) for e in Calendar.from_ical(body).walk("VEVENT"))
        for name, body in first.calendars.items()
    }
    assert uids == {
        name: sorted(str(e["uid"]) for e in Calendar.from_ical(body).walk("VEVENT"))
        for name, body in again.calendars.items()
    }


def tiers_only_again(roster, plan) -> Plan:
    """The same plan made again from scratch: deterministic."""
    return plan_tiers(roster, plan.model_copy(update={"tier_sessions": ()})).plan


def test_a_roster_without_tiers_gets_no_tier_sessions_and_peer_is_not_a_tier_session():
    assert tiers_only(Roster(people=(person("1"),), half_terms=AUTUMN)).plan == Plan()
    with pytest.raises(ValueError):
        TierSession(
            tier=Tier.PEER,
            half_term="Autumn 1",
            date=date(2026, 9, 8),
            start=time(9, 30),
            end=time(10, 30),
            lead_id="1",
        )
