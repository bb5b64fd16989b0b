"""`peerpair invites` (SPEC 6 and 10): per-person calendar files to import, one meeting
request per session that calendars accept as an invitation (RFC 5546), an unsent email per
person with their requests attached, and a mail-merge table; after a re-solve, only what
changed. Every file is parsed back, as a calendar or a mail program would read it."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, time
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from peerpair.cli import cli
from peerpair.domain.plan import Plan, Session, SessionStatus
from peerpair.domain.roster import HalfTerm, Person, Roster
from peerpair.domain.tiers import Tier, TierSession
from peerpair.io.files import csv_cell
from peerpair.io.invitations import Contact, Sent, calendar_file_name, invitations
from peerpair.io.plan_workbook import write_plan
from tests.test_cli import rows, run, write_xlsx

AUTUMN_1 = HalfTerm(name="Autumn 1", start=date(2026, 9, 2), end=date(2026, 10, 23))
AUTUMN_2 = HalfTerm(name="Autumn 2", start=date(2026, 11, 2), end=date(2026, 12, 18))
HALF_TERMS = ["Autumn 1", "Autumn 2"]
ORGANISER = "lead@trust.example.org"
TODAY = date(2026, 8, 20)


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


def plan_file(path: Path, roster: Roster, plan: Plan, organiser: str = ORGANISER) -> Path:
    write_plan(path, roster, plan, [], [("Organiser Email", organiser)] if organiser else [])
    return path


def invites(plan: Path, folder: Path, *extra: object, code: int = 0):
    return run("invites", plan, "-o", folder, "--today", TODAY, *extra, code=code)


@pytest.fixture
def folder(tmp_path, roster, plan) -> Path:
    result = invites(plan_file(tmp_path / "plan.xlsx", roster, plan), tmp_path / "invites")
    assert "1 person has no email in the plan" in result.stderr
    assert "Siân Jones" in result.stderr  # named as having no email
    return tmp_path / "invites"


def events(path: Path | bytes) -> list:
    data = path if isinstance(path, bytes) else path.read_bytes()
    return list(Calendar.from_ical(data).walk("VEVENT"))


def attendees(event) -> list[tuple[str, str]]:
    found = event.get("attendee")
    found = found if isinstance(found, list) else [found]
    return sorted((str(a.params["cn"]), str(a)) for a in found)


def requests(folder: Path) -> dict[str, Calendar]:
    return {
        p.name: Calendar.from_ical(p.read_bytes())
        for p in sorted((folder / "meeting-requests").glob("*.ics"))
    }


def message(path: Path):
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


# --- the calendar files to import -----------------------------------------------------


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
    assert set(event) <= {"SUMMARY", "DTSTART", "DTEND", "DTSTAMP", "UID", "SEQUENCE", "ATTENDEE"}


def test_someone_without_an_email_is_still_an_attendee_by_name(folder):
    [event] = [e for e in events(folder / "101 Ann Able.ics") if e.decoded("dtstart").month == 10]
    assert attendees(event) == [
        ("Ann Able", "mailto:ann@oak.example.org"),
        ("Siân Jones", "urn:peerpair:103"),
    ]


# --- meeting requests -----------------------------------------------------------------


def test_one_meeting_request_per_dated_session_that_a_calendar_accepts(folder, plan):
    """RFC 5546: METHOD:REQUEST, one event with one UID, the organiser, every person as an
    attendee asked to reply, a SEQUENCE and a DTSTAMP from --today (not the clock)."""
    found = requests(folder)
    dated = [s for s in plan.sessions if s.date]
    assert len(found) == len(dated) == 4
    seen = set()
    for name, calendar in found.items():
        assert str(calendar["method"]) == "REQUEST"
        [event] = calendar.walk("VEVENT")
        assert str(event["organizer"]) == f"mailto:{ORGANISER}"
        assert event["sequence"] == 0 and str(event["status"]) == "CONFIRMED"
        assert event.decoded("dtstamp") == datetime.combine(TODAY, time(), UTC)
        people = event.get("attendee")
        assert len(people) == 2 and all(str(a.params["rsvp"]) == "TRUE" for a in people)
        # A VTIMEZONE a calendar can use: it holds the clocks' rules, not only a name.
        [zone] = calendar.walk("VTIMEZONE")
        assert zone.walk("STANDARD") and zone.walk("DAYLIGHT")
        start = event.decoded("dtstart")
        # ... and its rules hold from before the session: the first starts no later.
        rules = zone.walk("STANDARD") + zone.walk("DAYLIGHT")
        assert min(rule.decoded("dtstart") for rule in rules) <= start.replace(tzinfo=None)
        seen.add((start.date(), start.time()))
        assert name.startswith(f"{start:%Y-%m-%d %H%M} peer ")
    assert seen == {(s.date, s.start) for s in dated}


def test_a_request_and_the_calendar_file_give_the_same_session_the_same_uid(folder):
    """Importing the calendar file after accepting the invitation adds nothing twice."""
    imported = {str(e["uid"]) for e in events(folder / "102 Ben Moss.ics")}
    invited = {str(c.walk("VEVENT")[0]["uid"]) for c in requests(folder).values()}
    assert imported <= invited and len(imported) == 3


def test_the_same_session_has_the_same_uid_every_run_and_when_it_moves(plan):
    contacts = [Contact("101", "Ann Able"), Contact("102", "Ben Moss"), Contact("103", "Siân")]

    def uids(p: Plan) -> list[str]:
        made = invitations(p, contacts, HALF_TERMS, organiser=ORGANISER, today=TODAY)
        return [str(e["uid"]) for e in events(made.calendars["101 Ann Able.ics"])]

    first, again = uids(plan), uids(plan)
    assert first == again and len(set(first)) == 3
    moved = plan.model_copy(
        update={
            "sessions": [
                s.model_copy(update={"date": date(2026, 9, 16)})
                if s.date == date(2026, 9, 15)
                else s
                for s in plan.sessions
            ]
        }
    )
    assert sorted(uids(moved)) == sorted(first)


def test_an_email_per_person_ready_to_send_with_their_requests_attached(folder, plan):
    ben = message(folder / "messages" / "102 Ben Moss.eml")
    assert ben["X-Unsent"] == "1"
    assert ben["To"] == "ben@ash.example.org" and ben["From"] == ORGANISER
    body = ben.get_body(("plain",)).get_content()
    assert "Dear Ben Moss," in body
    assert "Peer supervision — Autumn 1, with Ann Able: Tue 15/09/2026, 09:30 to 10:30" in body
    attached = list(ben.iter_attachments())
    assert len(attached) == 3  # Ben's dated sessions
    for part in attached:
        assert part.get_content_type() == "text/calendar"
        assert part.get_param("method") == "REQUEST"
        [event] = events(part.get_content().encode())
        assert "mailto:ben@ash.example.org" in [str(a) for a in event.get("attendee")]
    # Siân has no email: her draft is still written, for the lead to address.
    sian = message(folder / "messages" / "103 Siân Jones.eml")
    assert sian["To"] is None and len(list(sian.iter_attachments())) == 2


def test_the_mail_merge_says_whom_and_when_and_names_each_persons_files(folder):
    with (folder / "mail-merge.csv").open(encoding="utf-8-sig", newline="") as file:
        table = list(csv.DictReader(file))
    by_name = {row["Name"]: row for row in table}
    ann = by_name["Ann Able"]
    assert ann["Email"] == "ann@oak.example.org" and ann["Email Missing"] == ""
    assert ann["Supervises"] == (
        "Autumn 1: Ben Moss, Tue 15/09/2026 09:30; Autumn 2: Siân Jones, no date yet"
    )
    assert ann["Supervised By"] == (
        "Autumn 1: Siân Jones, Thu 01/10/2026 09:30; Autumn 2: Ben Moss, Tue 10/11/2026 09:30"
    )
    assert ann["Calendar File"] == "101 Ann Able.ics"
    assert ann["Message File"] == "messages/101 Ann Able.eml"
    listed = ann["Meeting Request Files"].split("; ")
    assert len(listed) == 3 and all((folder / name).is_file() for name in listed)
    assert by_name["Siân Jones"]["Email Missing"].startswith("Yes")


def test_the_terminal_names_the_first_ten_without_an_email_and_counts_the_rest(tmp_path):
    """A trust of thousands without emails gets a line, not thousands of names: the mail
    merge flags every one of them."""
    people = [Person(id=f"{200 + n}", name=f"Head {n:02}", school=f"S{n}") for n in range(14)]
    roster = Roster(people=tuple(people), half_terms=(AUTUMN_1,))
    ring = [
        session("Autumn 1", p.id, people[(n + 1) % 14].id, date(2026, 9, 14 + n % 5))
        for n, p in enumerate(people)
    ]
    plan = plan_file(tmp_path / "plan.xlsx", roster, Plan(sessions=tuple(ring)))
    stderr = invites(plan, tmp_path / "invites").stderr
    named = ", ".join(f"Head {n:02}" for n in range(10))
    line = f"14 people have no email in the plan (flagged in mail-merge.csv): {named} and 4 more"
    assert line in stderr
    assert "Head 10" not in stderr
    with (tmp_path / "invites" / "mail-merge.csv").open(encoding="utf-8-sig") as file:
        flagged = [row["Name"] for row in csv.DictReader(file) if row["Email Missing"]]
    assert flagged == [p.name for p in people]


def test_other_tiers_are_invited_to_with_only_the_tier_in_the_title(tmp_path, roster, plan):
    group = TierSession(
        tier=Tier.GROUP,
        half_term="Autumn 1",
        date=date(2026, 9, 17),
        start=time(13, 30),
        end=time(14, 30),
        lead_id="101",
        attendee_ids=("102", "103"),
        group="Secret Group Name",
    )
    with_group = plan.model_copy(update={"tier_sessions": (group,)})
    made = invitations(
        with_group,
        [Contact("101", "Ann"), Contact("102", "Ben"), Contact("103", "Siân")],
        HALF_TERMS,
        organiser=ORGANISER,
        today=TODAY,
    )
    [request] = [data for name, data in made.files.items() if " group " in name]
    [event] = events(request)
    assert str(event["summary"]) == "Group supervision — Autumn 1"
    assert len(event.get("attendee")) == 3
    assert not any(b"Secret Group Name" in data for data in made.files.values())


# --- after a re-solve: only what changed ----------------------------------------------


def replanned(plan: Plan) -> Plan:
    """Ann and Ben's Autumn 1 session moves; Siân supervises Ann in Autumn 1 no more (Ben
    does, at the same time); Ben and Ann's Autumn 2 session is unchanged; a new session
    for Siân in Autumn 2."""
    sessions = [
        session("Autumn 1", "101", "102", date(2026, 9, 16)),  # moved
        session("Autumn 1", "102", "103", date(2026, 9, 22), time(13, 30)),  # unchanged
        session("Autumn 1", "102", "101", date(2026, 10, 1)),  # other supervisor
        session("Autumn 2", "102", "101", date(2026, 11, 10)),  # unchanged
        session("Autumn 2", "101", "103", date(2026, 11, 12)),  # newly dated
    ]
    return Plan(sessions=tuple(sessions))


def uid_of(calendar: Calendar) -> str:
    return str(calendar.walk("VEVENT")[0]["uid"])


def test_after_a_re_solve_only_the_changes_are_sent(tmp_path, roster, plan):
    old = plan_file(tmp_path / "old.xlsx", roster, plan)
    new = plan_file(tmp_path / "new.xlsx", roster, replanned(plan))
    folder = tmp_path / "invites"
    invites(old, folder)
    first = {uid_of(c): c for c in requests(folder).values()}
    result = invites(new, folder, "--previous", old)
    assert "2 meeting requests for new sessions, 1 update, 1 cancellation" in result.output
    sent = requests(folder)
    by_method: dict[str, list] = {}
    for calendar in sent.values():
        [event] = calendar.walk("VEVENT")
        by_method.setdefault(str(calendar["method"]), []).append(event)
    [cancel] = by_method["CANCEL"]
    assert str(cancel["status"]) == "CANCELLED" and cancel["sequence"] == 1
    assert cancel.decoded("dtstart").date() == date(2026, 10, 1)  # Siân -> Ann, removed
    assert str(cancel["uid"]) in first
    changed = {e.decoded("dtstart").date(): e for e in by_method["REQUEST"]}
    assert sorted(changed) == [date(2026, 9, 16), date(2026, 10, 1), date(2026, 11, 12)]
    moved = changed[date(2026, 9, 16)]
    assert str(moved["uid"]) in first and moved["sequence"] == 1  # an update of the same event
    for day in (date(2026, 10, 1), date(2026, 11, 12)):
        assert str(changed[day]["uid"]) not in first and changed[day]["sequence"] == 0
    # Unchanged sessions produce nothing; the first run's requests were removed.
    assert len(sent) == 4
    # Ann's email holds her changes only: the move, Siân's cancelled session, Ben's in its
    # place and her new session; Ben's the move and his session for Ann, not the unchanged.
    ann = message(folder / "messages" / "101 Ann Able.eml")
    methods = sorted(p.get_param("method") for p in ann.iter_attachments())
    assert methods == ["CANCEL", "REQUEST", "REQUEST", "REQUEST"]
    ben = message(folder / "messages" / "102 Ben Moss.eml")
    assert [p.get_param("method") for p in ben.iter_attachments()] == ["REQUEST", "REQUEST"]
    assert "These sessions are cancelled:" in ann.get_body(("plain",)).get_content()


def test_a_session_changed_twice_is_sent_with_a_higher_sequence_each_time(tmp_path, roster, plan):
    folder = tmp_path / "invites"
    once = replanned(plan)
    twice = once.model_copy(
        update={
            "sessions": [
                s.model_copy(update={"date": date(2026, 9, 17)})
                if s.date == date(2026, 9, 16)
                else s
                for s in once.sessions
            ]
        }
    )
    paths = [
        plan_file(tmp_path / f"p{n}.xlsx", roster, p) for n, p in enumerate((plan, once, twice))
    ]
    invites(paths[0], folder)
    invites(paths[1], folder, "--previous", paths[0])
    invites(paths[2], folder, "--previous", paths[1])
    [only] = requests(folder).values()
    [event] = only.walk("VEVENT")
    assert event.decoded("dtstart").date() == date(2026, 9, 17) and event["sequence"] == 2


def test_a_run_again_on_the_same_plans_writes_the_same_files(tmp_path, roster, plan):
    """Deterministic: the same plans and --today give the same bytes."""
    old = plan_file(tmp_path / "old.xlsx", roster, plan)
    new = plan_file(tmp_path / "new.xlsx", roster, replanned(plan))
    contents = []
    for name in ("a", "b"):
        invites(new, tmp_path / name, "--previous", old)
        folder = tmp_path / name
        contents.append({p.relative_to(folder): p.read_bytes() for p in folder.rglob("*.*")})
    assert contents[0] == contents[1]


def test_only_files_peerpair_wrote_are_removed(tmp_path, roster, plan):
    old = plan_file(tmp_path / "old.xlsx", roster, plan)
    new = plan_file(tmp_path / "new.xlsx", roster, replanned(plan))
    folder = tmp_path / "invites"
    invites(old, folder)
    mine = folder / "meeting-requests" / "my notes.txt"
    mine.write_text("the lead's own file")
    edited = sorted((folder / "meeting-requests").glob("*.ics"))[-1]
    edited.write_bytes(edited.read_bytes() + b"\n")
    before = {p.name for p in (folder / "meeting-requests").glob("*.ics")}
    result = invites(new, folder, "--previous", old)
    after = {p.name for p in (folder / "meeting-requests").glob("*.ics")}
    assert mine.read_text() == "the lead's own file"
    assert edited.exists() and f"Left meeting-requests/{edited.name} in place" in result.output
    assert before & after == {edited.name}
    manifest = json.loads((folder / "peerpair-invites.json").read_text())
    assert "meeting-requests/my notes.txt" not in manifest["files"]


def test_without_an_organiser_email_the_calendars_and_mail_merge_are_still_made(
    tmp_path, roster, plan
):
    """A meeting request names who it is from: without an Organiser Email there are none,
    and the lead is told how to give one; the calendars to import are made as before."""
    path = plan_file(tmp_path / "plan.xlsx", roster, plan, organiser="")
    result = invites(path, tmp_path / "out")
    assert "names no Organiser Email" in result.stderr and "--organiser" in result.stderr
    assert not list((tmp_path / "out" / "meeting-requests").iterdir())
    assert not list((tmp_path / "out" / "messages").iterdir())
    assert len(list((tmp_path / "out").glob("*.ics"))) == 3
    invites(path, tmp_path / "out", "--organiser", ORGANISER)
    assert len(list((tmp_path / "out" / "meeting-requests").iterdir())) == 4


def test_an_unreadable_previous_plan_is_bad_input_by_row(tmp_path, roster, plan):
    path = plan_file(tmp_path / "plan.xlsx", roster, plan)
    broken = write_xlsx(
        tmp_path / "old.xlsx",
        {"Pairings": [["Half Term", "Supervisor ID", "Supervisee ID"], ["Autumn 1", "101", None]]},
    )
    result = invites(path, tmp_path / "out", "--previous", broken, code=2)
    assert "old.xlsx cannot be read:" in result.output
    assert "Pairings row 2, Supervisee ID: blank, but needed" in result.output
    assert not (tmp_path / "out").exists()


def test_a_damaged_manifest_is_bad_input(tmp_path, roster, plan):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "peerpair-invites.json").write_text("{not json")
    result = invites(plan_file(tmp_path / "plan.xlsx", roster, plan), folder, code=2)
    assert "peerpair-invites.json" in result.output


def test_sent_round_trips_through_its_json():
    sent = Sent({"a.ics": "00"}, {"uid@peerpair": (3, "ff")})
    assert Sent.from_json(sent.to_json()) == sent


# --- edge cases kept from SPEC 6 ------------------------------------------------------


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
    plain = Plan(
        sessions=(Session(half_term="Autumn 1", supervisor_id="101", supervisee_id="102"),)
    )
    result = invites(plan_file(tmp_path / "plan.xlsx", roster, plain), tmp_path / "out", code=2)
    assert "has no dates" in result.output
    assert not (tmp_path / "out").exists()


def test_invites_into_a_file_is_refused(tmp_path, roster, plan):
    path = plan_file(tmp_path / "plan.xlsx", roster, plan)
    result = CliRunner().invoke(cli, ["invites", str(path), "-o", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_invitations_hold_nothing_from_the_roster_but_names_and_emails(folder):
    text = "".join(p.read_text(encoding="utf-8-sig") for p in folder.rglob("*.*"))
    for private in ("Oak", "Ash", "Elm"):  # not even schools
        assert private not in text.replace("oak.example", "").replace("ash.example", "")


# --- a real re-solve --------------------------------------------------------------------

MARKERS = ("PRIVATE-CHANGE-REASON", "PRIVATE-ABSENCE-REASON", "PRIVATE-STAFF-NOTE")


def _staff() -> list[list[object]]:
    header = ["ID", "Name", "School", "Email", "Supervision Trained", "Role", "Notes"]
    people = [
        ["101", "Ann Able", "Oak Primary"],
        ["102", "Ben Best", "Oak Primary"],
        ["201", "Cat Cole", "Elm Academy"],
        ["202", "Dan Dee", "Elm Academy"],
        ["301", "Eve Ent", "Ash High"],
        ["302", "Fay Fox", "Ash High"],
    ]
    staff = [
        [i, name, school, f"{i}@trust.example.org", "Yes", "", MARKERS[2]]
        for i, name, school in people
    ]
    lead = ["901", "Tia Trust", "Central team", "tia@trust.example.org", "Yes", "TSL", ""]
    return [header, *staff, lead]


def _roster(path: Path, **sheets) -> Path:
    half_terms = [
        ["Half Term", "Start", "End"],
        ["Autumn 1", date(2026, 9, 2), date(2026, 10, 23)],
        ["Autumn 2", date(2026, 11, 2), date(2026, 12, 18)],
    ]
    tables = {"Staff": _staff(), "Half Terms": half_terms}
    tables.update({name.replace("_", " "): table for name, table in sheets.items()})
    return write_xlsx(path, tables)


def _sessions(plan: Path) -> dict[tuple, tuple]:
    """(half term, supervisor ID, supervisee ID) -> (date, start) from the Pairings sheet."""
    return {(r[0], r[1], r[4]): (r[7], r[8]) for r in rows(plan, "Pairings")[1:]}


def test_a_re_solves_cancellations_are_exactly_the_removed_sessions(tmp_path):
    """After a change request and an absence, the re-solve's invitations cancel exactly the
    sessions it removed, invite to exactly the new ones and the moved ones, and carry none
    of the private columns (a change request's reason, an absence's reason, an unknown Staff
    column)."""
    first = _roster(tmp_path / "roster.xlsx")
    old = tmp_path / "old.xlsx"
    run("solve", first, "-o", old, "--time-limit", 10, code=0)
    before = _sessions(old)
    [(_, a, b)] = [k for k in before if k[0] == "Autumn 2"][:1]
    absent = next(k[2] for k in before if k[0] == "Autumn 2" and a not in k and b not in k)
    second = _roster(
        tmp_path / "roster2.xlsx",
        Change_Requests=[
            ["ID", "Partner ID", "From Half Term", "Reason"],
            [a, b, "Autumn 2", MARKERS[0]],
        ],
        Absences=[["ID", "Half Term", "Reason"], [absent, "Autumn 2", MARKERS[1]]],
    )
    new = tmp_path / "new.xlsx"
    run("solve", second, "-o", new, "--previous", old, "--from", "Autumn 2", "--time-limit", 10)
    after = _sessions(new)
    folder = tmp_path / "invites"
    invites(old, folder)
    result = invites(new, folder, "--previous", old)
    sent: dict[str, list] = {"REQUEST": [], "CANCEL": []}
    for calendar in requests(folder).values():
        [event] = calendar.walk("VEVENT")
        start = event.decoded("dtstart")
        sent[str(calendar["method"])].append((start.date(), start.time().replace(tzinfo=None)))
    removed = [when for key, when in before.items() if key not in after]
    added_or_moved = [when for key, when in after.items() if before.get(key) != when]
    assert removed, "the change request and the absence remove sessions"
    assert sorted(sent["CANCEL"]) == sorted((d.date(), t) for d, t in removed)
    assert sorted(sent["REQUEST"]) == sorted((d.date(), t) for d, t in added_or_moved)
    assert f"{len(removed)} cancellation" in result.output
    everything = b"".join(p.read_bytes() for p in folder.rglob("*.*"))
    decoded = "".join(
        part.get_content() if part.get_content_type().startswith("text/") else ""
        for p in (folder / "messages").glob("*.eml")
        for part in message(p).walk()
        if not part.is_multipart()
    )
    for marker in MARKERS:
        assert marker.encode() not in everything and marker not in decoded


def test_a_session_changed_since_the_previous_plan_is_an_update_in_a_new_folder(
    tmp_path, roster, plan
):
    """Without the manifest of the folder the first invitations went out from, they are
    taken to have gone with SEQUENCE 0: the update has 1."""
    old = plan_file(tmp_path / "old.xlsx", roster, plan)
    new = plan_file(tmp_path / "new.xlsx", roster, replanned(plan))
    invites(new, tmp_path / "fresh", "--previous", old)
    updates = [
        e
        for c in requests(tmp_path / "fresh").values()
        for e in c.walk("VEVENT")
        if e.decoded("dtstart").date() == date(2026, 9, 16)
    ]
    assert [e["sequence"] for e in updates] == [1]


def test_a_new_email_is_an_update_to_everyone_in_the_sessions(tmp_path, roster, plan):
    old = plan_file(tmp_path / "old.xlsx", roster, plan)
    ben = roster.people[1].model_copy(update={"email": "ben.moss@ash.example.org"})
    moved = roster.model_copy(update={"people": (roster.people[0], ben, roster.people[2])})
    new = plan_file(tmp_path / "new.xlsx", moved, plan)
    result = invites(new, tmp_path / "out", "--previous", old)
    assert "0 meeting requests for new sessions, 3 updates, 0 cancellations" in result.output


def test_the_organiser_is_the_setting_else_the_first_trust_lead_with_an_email(tmp_path):
    roster = _roster(tmp_path / "r.xlsx")
    run("solve", roster, "-o", tmp_path / "p.xlsx", "--time-limit", 10, code=0)
    summary = {r[0]: r[1] for r in rows(tmp_path / "p.xlsx", "Summary")[1:]}
    assert summary["Organiser Email"] == "tia@trust.example.org"
    chosen = _roster(
        tmp_path / "r2.xlsx",
        Settings=[["Setting", "Value"], ["Organiser Email", "safeguarding@trust.example.org"]],
    )
    run("solve", chosen, "-o", tmp_path / "p2.xlsx", "--time-limit", 10, code=0)
    summary = {r[0]: r[1] for r in rows(tmp_path / "p2.xlsx", "Summary")[1:]}
    assert summary["Organiser Email"] == "safeguarding@trust.example.org"
    wrong = _roster(
        tmp_path / "r3.xlsx", Settings=[["Setting", "Value"], ["Organiser Email", "TBC"]]
    )
    result = run("validate", wrong, code=2)
    assert "Settings row 2" in result.output and '"TBC" is not an email address' in result.output


def test_without_an_organiser_only_the_calendars_to_import_and_the_mail_merge(plan):
    """What the web page offers for a plan that names no Organiser Email."""
    contacts = [Contact("101", "Ann Able"), Contact("102", "Ben Moss"), Contact("103", "Siân")]
    made = invitations(plan, contacts, HALF_TERMS, organiser="", today=TODAY)
    assert sorted(made.files) == [
        "101 Ann Able.ics",
        "102 Ben Moss.ics",
        "103 Siân.ics",
        "mail-merge.csv",
    ]
    assert made.requests == made.updates == made.cancellations == 0


def test_a_session_recorded_cancelled_is_cancelled_and_a_make_up_is_new(plan):
    """SPEC 8: Cancelled is not needed, so its invitation is withdrawn; a Missed session is
    past, and its make-up (the same pair later in the half term) is a new invitation. What
    was before today is neither invited to nor cancelled."""
    missed = session("Autumn 1", "101", "102", date(2026, 9, 15))
    recorded = [
        s.model_copy(update={"status": SessionStatus.MISSED}) if s == missed else s
        for s in plan.sessions
    ]
    cancelled = {"status": SessionStatus.CANCELLED}
    recorded = [
        s.model_copy(update=cancelled) if s.date == date(2026, 11, 10) else s for s in recorded
    ]
    make_up = session("Autumn 1", "101", "102", date(2026, 10, 6))
    later = Plan(sessions=(*recorded, make_up))
    contacts = [Contact("101", "Ann Able"), Contact("102", "Ben Moss"), Contact("103", "Siân")]
    today = date(2026, 9, 30)
    made = invitations(later, contacts, HALF_TERMS, organiser=ORGANISER, today=today, previous=plan)
    assert (made.requests, made.updates, made.cancellations) == (1, 0, 1)
    sent = {
        str(Calendar.from_ical(data)["method"]): events(data)[0].decoded("dtstart").date()
        for name, data in made.files.items()
        if name.startswith("meeting-requests/")
    }
    assert sent == {"REQUEST": date(2026, 10, 6), "CANCEL": date(2026, 11, 10)}
    # Ann's calendar to import holds her sessions from today: 1 October and the make-up.
    ann = [e.decoded("dtstart").date() for e in events(made.calendars["101 Ann Able.ics"])]
    assert sorted(ann) == [date(2026, 10, 1), date(2026, 10, 6)]


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
    invites(plan_file(tmp_path / "plan.xlsx", roster, plan), tmp_path / "invites")
    with (tmp_path / "invites" / "mail-merge.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["101"][1:3] == ["'" + FORMULA, "'+SUM(1,1)@example.org"]
    assert by_id["102"][1:3] == ["'-Ben Moss", "'@ben@ash.example.org"]
