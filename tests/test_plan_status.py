"""The Status column (SPEC 4 and 8): Pairings and Sessions carry a drop-down for the lead to
record what happened to each session; peerpair reads it back in any case, refuses anything
else by sheet, row and column, and writes back the status each session was given."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from peerpair.cli import cli
from peerpair.domain.plan import Plan, Session, SessionStatus
from peerpair.domain.roster import HalfTerm, Person, Roster
from peerpair.domain.tiers import Tier, TierSession
from peerpair.io.plan_workbook import PlanError, read_plan, write_plan

AUTUMN_1 = HalfTerm(name="Autumn 1", start=date(2026, 9, 2), end=date(2026, 10, 23))
AUTUMN_2 = HalfTerm(name="Autumn 2", start=date(2026, 11, 2), end=date(2026, 12, 18))
ROSTER = Roster(
    people=(
        Person(id="101", name="Ann Able", school="Oak"),
        Person(id="102", name="Ben Best", school="Ash"),
        Person(id="103", name="Cat Cole", school="Elm"),
    ),
    half_terms=(AUTUMN_1, AUTUMN_2),
)
WORDS = '"Held,Missed,Postponed,Cancelled"'


def session(half_term, a, b, day, status=None) -> Session:
    return Session(
        half_term=half_term,
        supervisor_id=a,
        supervisee_id=b,
        date=day,
        start=time(9, 30),
        end=time(10, 30),
        status=status,
    )


PLAN = Plan(
    sessions=(
        session("Autumn 1", "101", "102", date(2026, 9, 8), SessionStatus.HELD),
        session("Autumn 1", "102", "103", date(2026, 9, 9), SessionStatus.MISSED),
        session("Autumn 1", "103", "101", date(2026, 10, 20), SessionStatus.POSTPONED),
        session("Autumn 2", "101", "103", date(2026, 11, 10), SessionStatus.CANCELLED),
        session("Autumn 2", "103", "102", date(2026, 11, 11)),
        session("Autumn 2", "102", "101", date(2026, 11, 12)),
    ),
    tier_sessions=(
        TierSession(
            tier=Tier.SCHOOL,
            half_term="Autumn 1",
            date=date(2026, 9, 15),
            start=time(13, 30),
            end=time(15, 0),
            lead_id="101",
            attendee_ids=("102",),
            school="Ash",
            status=SessionStatus.HELD,
        ),
    ),
)


def headers(sheet) -> list[str]:
    return [c.value for c in sheet[1]]


def test_pairings_and_sessions_end_with_a_status_drop_down(tmp_path):
    """SPEC 4: 'Pairings and the Sessions sheet also have a Status column with a drop-down';
    SPEC 8's four words, blank allowed, over every row the lead may add too."""
    path = tmp_path / "plan.xlsx"
    write_plan(path, ROSTER, PLAN, [], [])
    workbook = load_workbook(path)
    for name, column in (("Pairings", "K"), ("Sessions", "L")):
        sheet = workbook[name]
        assert headers(sheet)[-1] == "Status"
        assert sheet[f"{column}1"].value == "Status", name
        [drop_down] = sheet.data_validations.dataValidation
        assert (drop_down.type, drop_down.formula1, drop_down.allow_blank) == ("list", WORDS, True)
        assert str(drop_down.sqref) == f"{column}2:{column}1048576"
        assert drop_down.showErrorMessage


def test_a_plan_keeps_the_status_each_session_was_given(tmp_path):
    path = tmp_path / "plan.xlsx"
    write_plan(path, ROSTER, PLAN, [], [])
    pairings = load_workbook(path)["Pairings"]
    statuses = {(row[1], row[4]): row[-1] for row in pairings.iter_rows(2, values_only=True)}
    assert statuses[("101", "102")] == "Held"
    assert statuses[("103", "102")] is None  # blank: planned
    assert read_plan(path, ROSTER).plan == PLAN


def save_sheets(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, table in sheets.items():
        sheet = book.create_sheet(title)
        for row in table:
            sheet.append(row)
    book.save(path)
    return path


PAIRINGS = ["Half Term", "Supervisor ID", "Supervisee ID", "Date", "Start", "End", "Status"]
NINE_THIRTY = (time(9, 30), time(10, 30))


def test_a_status_is_read_in_any_case(tmp_path):
    """SPEC 8: 'Status, typed by the lead on Pairings and Sessions (any case)'."""
    path = save_sheets(
        tmp_path / "plan.xlsx",
        {
            "Pairings": [
                PAIRINGS,
                ["Autumn 1", "101", "102", date(2026, 9, 8), *NINE_THIRTY, "held"],
                ["Autumn 1", "102", "103", date(2026, 9, 9), *NINE_THIRTY, " MISSED "],
                ["Autumn 1", "103", "101", date(2026, 9, 10), *NINE_THIRTY, "postPONED"],
                ["Autumn 2", "101", "103", date(2026, 11, 10), *NINE_THIRTY, "Cancelled"],
                ["Autumn 2", "103", "102", date(2026, 11, 11), *NINE_THIRTY, None],
            ]
        },
    )
    plan = read_plan(path, ROSTER).plan
    assert {(s.supervisor_id, s.supervisee_id): s.status for s in plan.sessions} == {
        ("101", "102"): SessionStatus.HELD,
        ("102", "103"): SessionStatus.MISSED,
        ("103", "101"): SessionStatus.POSTPONED,
        ("101", "103"): SessionStatus.CANCELLED,
        ("103", "102"): None,
    }


def test_a_bad_status_or_a_postponed_row_without_its_new_date_is_named_by_row(tmp_path):
    """SPEC 5: every input problem names its sheet, row and column, all at once (exit 2).
    A Postponed session needs the new date the lead agreed, inside its half term."""
    session = ["Autumn 1", "T1", "Autumn 1", date(2026, 9, 15), *NINE_THIRTY, "101", "102"]
    path = save_sheets(
        tmp_path / "plan.xlsx",
        {
            "Pairings": [
                PAIRINGS,
                ["Autumn 1", "101", "102", date(2026, 9, 8), *NINE_THIRTY, "Done"],
                ["Autumn 1", "102", "103", None, None, None, "Postponed"],
                ["Autumn 1", "103", "101", date(2026, 11, 3), *NINE_THIRTY, "Postponed"],
                ["Autumn 2", "103", "102", date(2026, 11, 3), *NINE_THIRTY, "Postponed"],
            ],
            "Sessions": [
                ["Tier", "Half Term", "Date", "Start", "End", "Lead ID", "Attendee IDs", "Status"],
                ["school", *session[2:], "maybe"],
                ["school", "Autumn 1", date(2026, 12, 1), *NINE_THIRTY, "101", "103", "postponed"],
            ],
        },
    )
    with pytest.raises(PlanError) as raised:
        read_plan(path, ROSTER)
    assert raised.value.problems == [
        'Pairings row 2, Status: "Done" is not a status (they are: Held, Missed, Postponed, '
        "Cancelled; or leave it blank)",
        "Pairings row 3, Date: blank, but a Postponed session needs its new date",
        "Pairings row 4, Date: 03/11/2026 is not in Autumn 1 (02/09/2026 to 23/10/2026); a "
        "Postponed session keeps its half term",
        'Sessions row 2, Status: "maybe" is not a status (they are: Held, Missed, Postponed, '
        "Cancelled; or leave it blank)",
        "Sessions row 3, Date: 01/12/2026 is not in Autumn 1 (02/09/2026 to 23/10/2026); a "
        "Postponed session keeps its half term",
    ]


DATES = (AUTUMN_1.start, AUTUMN_1.end)


def test_check_refuses_a_bad_status_with_exit_2(tmp_path):
    roster = save_sheets(
        tmp_path / "roster.xlsx",
        {
            "Staff": [["ID", "Name", "School"], ["101", "Ann", "Oak"], ["102", "Ben", "Ash"]],
            "Half Terms": [
                ["Half Term", "Start", "End"],
                ["Autumn 1", AUTUMN_1.start, AUTUMN_1.end],
            ],
        },
    )
    plan = save_sheets(
        tmp_path / "plan.xlsx",
        {
            "Pairings": [
                PAIRINGS,
                ["Autumn 1", "101", "102", date(2026, 9, 8), *NINE_THIRTY, "Done"],
            ]
        },
    )
    result = CliRunner().invoke(cli, ["check", str(roster), str(plan)])
    assert result.exit_code == 2, result.output
    assert 'Pairings row 2, Status: "Done" is not a status' in result.stderr
    assert "Traceback" not in result.output
