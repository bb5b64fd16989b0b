"""`peerpair invites` (SPEC 6): one calendar file per person that parses back as RFC 5545
with one event per dated session of theirs and both people as attendees, a neutral title
and nothing else; and a mail-merge table that flags a missing email."""

from __future__ import annotations

import csv
from datetime import date, datetime, time
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from peerpair.cli import cli
from peerpair.domain.plan import Plan, Session
from peerpair.domain.roster import HalfTerm, Person, Roster
from peerpair.io.files import csv_cell
from peerpair.io.invitations import Contact, calendar_file_name, invitations
from peerpair.io.plan_workbook import write_plan

AUTUMN_1 = HalfTerm(name="Autumn 1", start=date(2026, 9, 2), end=date(2026, 10, 23))
AUTUMN_2 = HalfTerm(name="Autumn 2", start=date(2026, 11, 2), end=date(2026, 12, 18))


def session(half_term, supervisor, supervisee, day, start=time(9, 30)) -> Session:
    end = time(start.hour + 1, start.minute)
    return Session(
        half_term=half_term,
        supervisor_id=supervisor,
        supervisee_id=supervisee,
        date=day,
        start=start,
        end=end,
    )


@pytest.fixture
def roster() -> Roster:
    return Roster(
        people=(
            Person(id="101", name="Ann Able", school="Oak", email="ann@oak.example.org"),
            Person(id="102", name="Ben Moss", school="Ash", email="ben@ash.example.org"),
            Person(id="103", name="Siân Jones", school="Elm"),  # no email
        ),
        half_terms=(AUTUMN_1, AUTUMN_2),
    )


@pytest.fixture
def plan() -> Plan:
    return Plan(
        sessions=(
            session("Autumn 1", "101", "102", date(2026, 9, 15)),
            session("Autumn 1", "102", "103", date(2026, 9, 22), time(13, 30)),
            session("Autumn 1", "103", "101", date(2026, 10, 1)),
            session("Autumn 2", "102", "101", date(2026, 11, 10)),
            Session(half_term="Autumn 2", supervisor_id="101", supervisee_id="103"),
        )
    )


@pytest.fixture
def folder(tmp_path, roster, plan) -> Path:
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, plan, [], [])
    result = CliRunner().invoke(cli, ["invites", str(path), "-o", str(tmp_path / "invites")])
    assert result.exit_code == 0, result.output
    assert "Siân Jones" in result.output  # named as having no email
    return tmp_path / "invites"


def events(path: Path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def attendees(event) -> list[tuple[str, str]]:
    found = event.get("attendee")
    found = found if isinstance(found, list) else [found]
    return sorted((str(a.params["cn"]), str(a)) for a in found)


def test_one_calendar_file_per_person_with_one_event_per_dated_session(folder):
    assert sorted(p.name for p in folder.glob("*.ics")) == [
        "101 Ann Able.ics",
        "102 Ben Moss.ics",
        "103 Siân Jones.ics",
    ]
    ann = events(folder / "101 Ann Able.ics")
    # Ann's three dated sessions; her Autumn 2 session for Siân has no date yet.
    assert len(ann) == 3
    assert len(events(folder / "102 Ben Moss.ics")) == 3
    assert len(events(folder / "103 Siân Jones.ics")) == 2


def test_an_event_has_a_neutral_title_the_time_and_both_people_and_nothing_else(folder):
    [event] = [e for e in events(folder / "102 Ben Moss.ics") if "Autumn 2" in e["summary"]]
    assert str(event["summary"]) == "Peer supervision — Autumn 2"
    assert event.decoded("dtstart") == datetime(
        2026, 11, 10, 9, 30, tzinfo=event.decoded("dtstart").tzinfo
    )
    assert str(event.decoded("dtstart").tzinfo) == "Europe/London"
    assert event.decoded("dtend").time() == time(10, 30)
    assert attendees(event) == [
        ("Ann Able", "mailto:ann@oak.example.org"),
        ("Ben Moss", "mailto:ben@ash.example.org"),
    ]
    assert set(event) <= {"SUMMARY", "DTSTART", "DTEND", "DTSTAMP", "UID", "ATTENDEE"}


def test_someone_without_an_email_is_still_an_attendee_by_name(folder):
    [event] = [e for e in events(folder / "101 Ann Able.ics") if e.decoded("dtstart").month == 10]
    assert attendees(event) == [
        ("Ann Able", "mailto:ann@oak.example.org"),
        ("Siân Jones", "urn:peerpair:103"),
    ]


def test_the_mail_merge_says_whom_and_when_and_flags_a_missing_email(folder):
    with (folder / "mail-merge.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    by_name = {row["Name"]: row for row in rows}
    ann = by_name["Ann Able"]
    assert ann["Email"] == "ann@oak.example.org" and ann["Email Missing"] == ""
    assert ann["Supervises"] == (
        "Autumn 1: Ben Moss, Tue 15/09/2026 09:30; Autumn 2: Siân Jones, no date yet"
    )
    assert ann["Supervised By"] == (
        "Autumn 1: Siân Jones, Thu 01/10/2026 09:30; Autumn 2: Ben Moss, Tue 10/11/2026 09:30"
    )
    assert ann["Calendar File"] == "101 Ann Able.ics"
    assert by_name["Siân Jones"]["Email Missing"].startswith("Yes")


def test_invites_hold_nothing_from_the_roster_but_names_and_emails(folder, roster):
    text = "".join(p.read_text(encoding="utf-8-sig") for p in folder.iterdir())
    for private in ("Oak", "Ash", "Elm"):  # not even schools
        assert private not in text.replace("oak.example", "").replace("ash.example", "")


def test_the_same_session_has_the_same_uid_every_run(plan):
    contacts = [Contact("101", "Ann Able"), Contact("102", "Ben Moss"), Contact("103", "Siân")]
    first = invitations(plan, contacts, ["Autumn 1", "Autumn 2"])
    again = invitations(plan, contacts, ["Autumn 1", "Autumn 2"])
    uids = [
        [str(e["uid"]) for e in Calendar.from_ical(c).walk("VEVENT")]
        for c in (first.calendars["101 Ann Able.ics"], again.calendars["101 Ann Able.ics"])
    ]
    assert uids[0] == uids[1] and len(set(uids[0])) == 3


@pytest.mark.parametrize(
    ("person", "name"),
    [
        (Contact("101", "Ann Able"), "101 Ann Able.ics"),
        (Contact("7/8", 'Bo "B" Lee: DSL'), "7-8 Bo -B- Lee- DSL.ics"),  # no / : "
        (Contact("9", "..."), "9.ics"),
    ],
)
def test_calendar_file_names_are_safe_everywhere(person, name):
    assert calendar_file_name(person) == name


def test_a_plan_without_dates_has_nothing_to_invite_to(tmp_path, roster):
    path = tmp_path / "plan.xlsx"
    plain = Plan(
        sessions=(Session(half_term="Autumn 1", supervisor_id="101", supervisee_id="102"),)
    )
    write_plan(path, roster, plain, [], [])
    result = CliRunner().invoke(cli, ["invites", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "has no dates" in result.output
    assert not (tmp_path / "out").exists()


def test_invites_into_a_file_is_refused(tmp_path, roster, plan):
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, plan, [], [])
    result = CliRunner().invoke(cli, ["invites", str(path), "-o", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- SPEC 10: a mail merge that opens safely in Excel -----------------------------------

FORMULA = '=HYPERLINK("http://example.invalid","x")'


@pytest.mark.parametrize(
    "text, written",
    [
        (FORMULA, "'" + FORMULA),
        ("+SUM(1,1)@example.org", "'+SUM(1,1)@example.org"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),  # a tab hides the "=" from a reader, not from Excel
        ("\r=1+1", "'\r=1+1"),
        ("Ann Able", "Ann Able"),  # ordinary text is left alone
        ("O'Neill = friend", "O'Neill = friend"),  # only the first character counts
        ("", ""),
    ],
)
def test_a_csv_cell_that_would_start_a_formula_gets_a_leading_quote(text, written):
    assert csv_cell(text) == written


def test_the_mail_merge_never_holds_a_cell_a_spreadsheet_would_run(tmp_path):
    """SPEC 10: 'mail-merge.csv is safe to open in Excel'. Names and emails come from the
    roster, typed by anyone: a name that is a formula must reach the CSV as text."""
    roster = Roster(
        people=(
            Person(id="101", name=FORMULA, school="Oak", email="+SUM(1,1)@example.org"),
            Person(id="102", name="-Ben Moss", school="Ash", email="@ben@ash.example.org"),
        ),
        half_terms=(AUTUMN_1,),
    )
    plan = Plan(sessions=(session("Autumn 1", "101", "102", date(2026, 9, 15)),))
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, plan, [], [])
    result = CliRunner().invoke(cli, ["invites", str(path), "-o", str(tmp_path / "invites")])
    assert result.exit_code == 0, result.output
    with (tmp_path / "invites" / "mail-merge.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["101"][1:3] == ["'" + FORMULA, "'+SUM(1,1)@example.org"]
    assert by_id["102"][1:3] == ["'-Ben Moss", "'@ben@ash.example.org"]
