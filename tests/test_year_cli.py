"""The year as it happens on the command line (SPEC 8): `--today` on solve, check, explain,
invites and diff, on the small dated roster of tests/year_rosters.py written as a workbook.
Today is Mon 21/09/2026 unless a test says otherwise; new sessions need five working
days' notice, so are from Mon 28/09/2026."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.test_cli import rows, run, snapshot, write_xlsx
from tests.year_rosters import AUTUMN_1, AUTUMN_2, EARLIEST, PEOPLE, TODAY

STAFF = [
    ["ID", "Name", "School", "Supervision Trained", "Role"],
    *([p.id, p.name, p.school, "Yes", p.role] for p in PEOPLE),
]
HALF_TERMS = [
    ["Half Term", "Start", "End"],
    *([h.name, h.start, h.end] for h in (AUTUMN_1, AUTUMN_2)),
]


def roster_file(path: Path, staff=STAFF, **sheets) -> Path:
    tables = {"Staff": staff, "Half Terms": HALF_TERMS}
    tables.update({name.replace("_", " "): table for name, table in sheets.items()})
    return write_xlsx(path, tables)


@pytest.fixture
def year(tmp_path) -> tuple[Path, Path]:
    """The roster and the plan published before the year began."""
    roster = roster_file(tmp_path / "roster.xlsx")
    plan = tmp_path / "plan.xlsx"
    run("solve", roster, "-o", plan, "--time-limit", 10, code=0)
    return roster, plan


def pairings(plan: Path) -> list[tuple]:
    """(half term, supervisor ID, supervisee ID, date) of every Pairings row."""
    return [
        (r[0], r[1], r[4], r[7].date() if isinstance(r[7], datetime) else r[7])
        for r in rows(plan, "Pairings")[1:]
    ]


def before(plan: Path, today: date = TODAY) -> list[tuple]:
    return [p for p in pairings(plan) if p[3] is not None and p[3] < today]


def test_a_today_that_is_not_a_date_is_bad_input(tmp_path, year):
    roster, plan = year
    out = tmp_path / "new.xlsx"
    for command in (
        ["solve", roster, "-o", out, "--previous", plan],
        ["check", roster, plan],
        ["invites", plan, "-o", tmp_path / "invites"],
        ["diff", plan, plan],
        ["explain", roster],
    ):
        result = run(*command, "--today", "31/02/2026", code=2)
        assert "--today" in result.output and "31/02/2026" in result.output
    assert not out.exists() and not (tmp_path / "invites").exists()


def test_a_first_solve_plans_the_whole_year_whatever_the_clock_says(tmp_path):
    """SPEC 8: a first solve plans the whole year unless --today is given, so a plan made
    in the summer, and the sample, come out the same whenever they are made."""
    roster = roster_file(tmp_path / "roster.xlsx")
    plan = tmp_path / "plan.xlsx"
    run("solve", roster, "-o", plan, code=0)
    assert min(p[3] for p in pairings(plan)) == AUTUMN_1.start


def test_a_first_solve_from_today_plans_nothing_before_the_notice(tmp_path):
    roster = roster_file(tmp_path / "roster.xlsx")
    plan = tmp_path / "plan.xlsx"
    result = run("solve", roster, "-o", plan, "--today", "21/09/2026", code=0)
    assert min(p[3] for p in pairings(plan)) >= EARLIEST
    # Against no published plan nothing changed: no Changes sheet, no changed sessions.
    assert "Changes" not in load_workbook(plan).sheetnames
    summary = [r[0] for r in rows(plan, "Summary")]
    assert "Sessions under Cover Needed" in summary
    assert "Changed sessions" not in summary
    assert "Changes from the previous plan" not in summary
    assert "changed sessions" not in result.stdout
    run("check", roster, plan, "--today", "2026-09-21", code=0)


def test_a_re_solve_after_sick_leave_keeps_the_past_and_gives_notice(tmp_path, year):
    """The issue's October sick leave: a supervisor away from today to half term."""
    roster, plan = year
    away = next(p for p in pairings(plan) if p[0] == "Autumn 1" and p[3] >= EARLIEST)[1]
    sick = roster_file(
        tmp_path / "sick.xlsx",
        Absences=[["ID", "From", "To"], [away, TODAY, date(2026, 10, 30)]],
    )
    new = tmp_path / "new.xlsx"
    result = run("solve", sick, "-o", new, "--previous", plan, "--today", "21/09/2026")
    assert result.exit_code in (0, 1)
    assert before(new) == before(plan)
    made = set(pairings(new)) - set(pairings(plan))
    assert made and all(p[3] >= EARLIEST for p in made)
    assert all(away != p[1] for p in pairings(new) if p[0] == "Autumn 1" and p[3] >= TODAY)
    run("check", sick, new, "--today", "21/09/2026", code=0)


def test_a_re_solve_without_today_uses_the_computers_date(tmp_path, year):
    """The default today is the clock (tests fix it before the year: nothing is past)."""
    roster, plan = year
    new = tmp_path / "new.xlsx"
    run("solve", roster, "-o", new, "--previous", plan, code=0)
    assert pairings(new) == pairings(plan)


def test_a_leaver_deleted_from_staff_is_re_paired_and_checked_as_of_today(tmp_path, year):
    """SPEC 8: their sessions from today are re-planned, their past stays under the names
    the plan gave them, and check finds no broken rule in that past."""
    roster, plan = year
    leaver = "C2"
    gone = roster_file(tmp_path / "gone.xlsx", staff=[r for r in STAFF if r[0] != leaver])
    new = tmp_path / "new.xlsx"
    result = run("solve", gone, "-o", new, "--previous", plan, "--today", "21/09/2026", code=0)
    assert f"({leaver}) is no longer in the roster" in result.stderr
    assert before(new) == before(plan)
    assert all(leaver not in p[1:3] for p in pairings(new) if p[3] >= TODAY)
    theirs = [r for r in rows(new, "Pairings")[1:] if leaver in (r[1], r[4])]
    assert theirs and all(f"Person {leaver}" in (r[2], r[5]) for r in theirs)
    run("check", gone, new, "--today", "21/09/2026", code=0)
    # As of a day before the year, the leaver's sessions are all to come: broken.
    checked = run("check", gone, new, "--today", "01/09/2026", code=1)
    assert f'"{leaver}" is not on the roster' in checked.stdout


def test_nothing_to_re_plan_after_the_year(tmp_path, year):
    roster, plan = year
    out = tmp_path / "new.xlsx"
    result = run("solve", roster, "-o", out, "--previous", plan, "--today", "04/01/2027", code=2)
    assert "after the last half term" in result.stderr
    assert not out.exists()


def test_the_published_plan_is_never_written_over(tmp_path, year):
    roster, plan = year
    kept = snapshot(plan)
    run("solve", roster, "-o", tmp_path / "new.xlsx", "--previous", plan, "--today", "2026-09-21")
    assert snapshot(plan) == kept


def test_a_plan_that_records_the_year_is_not_written_over_by_a_new_one(tmp_path, year):
    """Solving again onto the plan the lead has been recording statuses in would lose what
    happened: refused (exit 2), with the re-plan that keeps it. A plan with nothing
    recorded is written over as any output is."""
    roster, plan = year
    run("solve", roster, "-o", plan, "--time-limit", 10, code=0)  # nothing recorded yet
    first = pairings(plan)[0]
    record(plan, plan, {(first[0], first[1], first[2]): {"Status": "Held"}})
    kept = snapshot(plan)
    result = run("solve", roster, "-o", plan, "--time-limit", 10, code=2)
    assert result.stderr.startswith(
        f'"{plan}" records what happened (1 session with a Status), which a new plan written '
        "there would lose."
    )
    assert f"peerpair solve {roster} --previous {plan} -o {tmp_path / 'plan-v2.xlsx'}" in (
        result.stderr
    )
    assert snapshot(plan) == kept


def test_invitations_are_for_sessions_from_today(tmp_path, year):
    _, plan = year
    folder = tmp_path / "invites"
    run("invites", plan, "-o", folder, "--today", "21/09/2026", code=0)
    text = "".join(p.read_text() for p in folder.glob("*.ics"))
    assert "DTSTART" in text
    # Events' starts, in UK time; a VTIMEZONE's DTSTART is when the clocks change.
    events = [line for line in text.splitlines() if line.startswith("DTSTART;TZID=")]
    starts = {line.split(":")[1][:8] for line in events}
    assert min(starts) >= "20260921"
    assert "20260902" not in starts  # the year's first session is past


def test_explain_during_the_year_explains_from_todays_half_term(tmp_path, year):
    roster, _ = year
    away = "B1"
    absent = roster_file(
        tmp_path / "absent.xlsx", Absences=[["ID", "Half Term"], [away, "Autumn 1"]]
    )
    result = run("explain", absent, "--today", "02/11/2026", code=0)
    assert "Everyone can have a supervisor" in result.stdout


def test_a_reference_to_a_leaver_is_a_warning_against_the_plan_that_names_them(tmp_path, year):
    """The issue: a leaver deleted from Staff made validate fail ('Receive From: 112 is not
    an ID'), though leavers are simply deleted. Against the plan that names them, a
    reference to them is a warning and is dropped; without it, still an error (SPEC 2)."""
    roster, plan = year
    leaver = "C2"
    staff = [STAFF[0] + ["Receive From"]] + [
        r + ([f"{leaver}, T1"] if r[0] == "A1" else [None]) for r in STAFF[1:] if r[0] != leaver
    ]
    gone = roster_file(tmp_path / "gone.xlsx", staff=staff)
    assert "is not an ID on the Staff sheet" in run("validate", gone, code=2).stderr
    checked = run("validate", gone, "--previous", plan, code=0)
    assert f'"{leaver}" has left' in checked.stderr
    new = tmp_path / "new.xlsx"
    result = run("solve", gone, "-o", new, "--previous", plan, "--today", "21/09/2026", code=0)
    assert f'"{leaver}" has left' in result.stderr
    run("check", gone, new, "--today", "21/09/2026", code=0)


def test_diff_gives_the_reasons_the_re_plan_wrote_in_its_changes_sheet(tmp_path, year):
    """diff has no roster, but the re-plan knew why each session changed and wrote it on
    the Changes sheet: diff says the same as solve said, not a guess."""
    roster, plan = year
    away = next(p for p in pairings(plan) if p[0] == "Autumn 1" and p[3] >= EARLIEST)[1]
    sick = roster_file(
        tmp_path / "sick.xlsx",
        Absences=[["ID", "From", "To"], [away, TODAY, date(2026, 10, 30)]],
    )
    new = tmp_path / "new.xlsx"
    solved = run("solve", sick, "-o", new, "--previous", plan, "--today", "21/09/2026")
    said = [line for line in solved.stdout.splitlines() if "supervised by" in line]
    assert said and all("(supervisor no longer available)" in line for line in said)
    shown = run("diff", plan, new, "--today", "21/09/2026", code=1)
    for line in said:
        assert line in shown.stdout


def test_a_cancelled_session_booked_again_says_so(tmp_path, year):
    """Cancelled for someone the roster still has in the cycle: the re-plan books them a new
    session (decisions: Cancelled), and says why in those words, not "new in the cycle"."""
    roster, plan = year
    later = next(p for p in pairings(plan) if p[0] == "Autumn 1" and p[3] >= EARLIEST)
    cancelled = record(plan, tmp_path / "cancelled.xlsx", {later[:3]: {"Status": "Cancelled"}})
    new = tmp_path / "new.xlsx"
    result = run("solve", roster, "-o", new, "--previous", cancelled, "--today", "21/09/2026")
    booked = [line for line in result.stdout.splitlines() if f"({later[2]}): supervised" in line]
    assert booked and all("(booked again after a cancelled session)" in b for b in booked)
    assert "new in the cycle" not in result.stdout


def test_a_re_solve_says_from_when_it_plans(tmp_path, year):
    roster, plan = year
    result = run(
        "solve", roster, "-o", tmp_path / "new.xlsx", "--previous", plan, "--today", "2026-09-21"
    )
    assert (
        "Planning from Mon 21/09/2026 (Autumn 1): nothing before it changes; new and moved "
        "sessions from Mon 28/09/2026 (5 working days' notice)." in result.stdout
    )


def test_a_re_solve_from_a_later_half_term_says_that_half_term(tmp_path, year):
    """--from a half term still to come re-plans from its first day: today, in another half
    term, is not where the re-plan starts."""
    roster, plan = year
    result = run(
        "solve",
        roster,
        "-o",
        tmp_path / "new.xlsx",
        "--previous",
        plan,
        "--from",
        "Autumn 2",
        "--today",
        "2026-09-21",
        code=0,
    )
    assert "Planning from Autumn 2 (Mon 02/11/2026): nothing before it changes." in result.stdout
    assert "Planning from Mon 21/09/2026" not in result.stdout
    # Today just before it, the notice reaches into the half term, and is said.
    result = run(
        "solve",
        roster,
        "-o",
        tmp_path / "new2.xlsx",
        "--previous",
        plan,
        "--from",
        "Autumn 2",
        "--today",
        "2026-10-30",
        code=0,
    )
    assert (
        "Planning from Autumn 2 (Mon 02/11/2026): nothing before it changes; new and moved "
        "sessions from Fri 06/11/2026 (5 working days' notice)." in result.stdout
    )


def test_the_notice_days_setting_sets_the_notice(tmp_path, year):
    _, plan = year
    roster = roster_file(
        tmp_path / "notice.xlsx", Settings=[["Setting", "Value"], ["Notice Days", 10]]
    )
    result = run(
        "solve", roster, "-o", tmp_path / "new.xlsx", "--previous", plan, "--today", "2026-09-21"
    )
    assert "new and moved sessions from Mon 05/10/2026 (10 working days' notice)" in result.stdout


@pytest.mark.parametrize("value", ["a week", "-1", "2.5", "61"])
def test_a_notice_that_is_not_a_number_of_working_days_is_bad_input(tmp_path, value):
    roster = roster_file(
        tmp_path / "notice.xlsx", Settings=[["Setting", "Value"], ["Notice Days", value]]
    )
    result = run("validate", roster, code=2)
    assert "Settings row 2, Value" in result.output
    assert "whole number of working days from 0 to 60" in result.output


def record(plan: Path, out: Path, edits: dict[tuple[str, str, str], dict]) -> Path:
    """`plan` with Pairings cells edited as a lead would in Excel, by (half term,
    supervisor ID, supervisee ID): {"Status": "Missed"}, {"Date": ...}."""
    book = load_workbook(plan)
    sheet = book["Pairings"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        key = (row[0].value, row[1].value, row[4].value)
        for column, value in edits.get(key, {}).items():
            row[header.index(column)].value = value
    book.save(out)
    return out


def test_the_peer_loop_on_the_command_line(tmp_path, year):
    """The issue, end to end: a postponement typed into the kept-free week passes check; a
    missed session is recorded and made up; a re-solve keeps both and the past, and says
    why each session moved; the re-solved plan passes check as of today."""
    roster, plan = year
    rows_by_day = sorted(pairings(plan), key=lambda p: p[3])
    missed = next(p for p in rows_by_day if p[0] == "Autumn 1" and p[3] < TODAY)
    postponed = next(p for p in rows_by_day if p[0] == "Autumn 1" and p[3] >= EARLIEST)
    new_day = datetime(2026, 10, 21)  # Wednesday of Autumn 1's kept-free week
    recorded = record(
        plan,
        tmp_path / "recorded.xlsx",
        {
            missed[:3]: {"Status": "Missed"},
            postponed[:3]: {"Status": "postponed", "Date": new_day},  # any case
        },
    )
    run("check", roster, recorded, "--today", "21/09/2026", code=0)
    new = tmp_path / "new.xlsx"
    result = run("solve", roster, "-o", new, "--previous", recorded, "--today", "21/09/2026")
    assert result.exit_code == 0, result.output
    statuses = {(r[0], r[1], r[4], r[7].date()): r[10] for r in rows(new, "Pairings")[1:]}
    assert statuses[(*missed[:3], missed[3])] == "Missed"
    assert statuses[(*postponed[:3], new_day.date())] == "Postponed"
    make_up = [k for k, v in statuses.items() if k[:3] == missed[:3] and v is None]
    assert len(make_up) == 1 and make_up[0][3] >= EARLIEST
    assert "(made up after a missed session)" in result.stdout
    why = [r[4] for r in rows(new, "Changes")[1:] if r[1] == missed[2]]
    assert len(why) == 1 and why[0].startswith("made up after a missed session: ")
    assert before(new) == [p for p in before(plan)]
    run("check", roster, new, "--today", "21/09/2026", code=0)
    shown = run("diff", recorded, new, "--today", "21/09/2026", code=1)
    assert "(made up after a missed session)" in shown.stdout


def test_a_postponement_in_the_kept_free_week_needs_its_status(tmp_path, year):
    """The same date typed without Postponed is a planned session in the kept-free week."""
    roster, plan = year
    later = next(p for p in pairings(plan) if p[0] == "Autumn 1" and p[3] >= EARLIEST)
    moved = record(plan, tmp_path / "moved.xlsx", {later[:3]: {"Date": datetime(2026, 10, 21)}})
    checked = run("check", roster, moved, "--today", "21/09/2026", code=1)
    assert "kept free for postponed sessions" in checked.stdout


def test_a_postponement_typed_onto_a_saturday_is_said_and_not_passed_as_complete(tmp_path, year):
    """solve keeps a Postponed session's typed date, so a date no rule allows (a Saturday)
    is in the new plan: solve says which rule it breaks and exits 1, as check does."""
    roster, plan = year
    later = next(p for p in pairings(plan) if p[0] == "Autumn 1" and p[3] >= EARLIEST)
    saturday = datetime(2026, 10, 10)
    typed = record(
        plan, tmp_path / "typed.xlsx", {later[:3]: {"Status": "Postponed", "Date": saturday}}
    )
    new = tmp_path / "new.xlsx"
    result = run("solve", roster, "-o", new, "--previous", typed, "--today", "21/09/2026")
    assert result.exit_code == 1, result.output
    assert "D1 session dates: BROKEN (1 time)" in result.stdout
    assert "Sat 10/10/2026 is a weekend" in result.stdout
    assert new.exists()  # written all the same, as a plan with Cover Needed is
    checked = run("check", roster, new, "--today", "21/09/2026", code=1)
    assert "Sat 10/10/2026 is a weekend" in checked.stdout


def test_held_on_a_day_outside_its_half_term_is_a_typing_slip(tmp_path, year):
    """Held is kept and never judged again, whatever its date; so a Held row whose Date is
    outside its half term is caught when the plan is read: sheet, row and column, exit 2."""
    roster, plan = year
    later = next(p for p in pairings(plan) if p[0] == "Autumn 1" and p[3] >= EARLIEST)
    row = pairings(plan).index(later) + 2
    typed = record(
        plan,
        tmp_path / "typed.xlsx",
        {later[:3]: {"Status": "Held", "Date": datetime(2026, 11, 3)}},
    )
    checked = run("check", roster, typed, "--today", "21/09/2026", code=2)
    assert f"Pairings row {row}, Date: 03/11/2026 is not in Autumn 1" in checked.stderr
    assert "a Held session keeps its half term" in checked.stderr
    run("solve", roster, "-o", tmp_path / "new.xlsx", "--previous", typed, code=2)
    assert not (tmp_path / "new.xlsx").exists()


def test_a_missed_session_reported_after_the_fact_is_not_judged_again(tmp_path, year):
    """A Missed session not yet made up still stands for the supervisee's session: check
    finds no supervisor missing until the re-solve books the make-up."""
    roster, plan = year
    missed = min((p for p in pairings(plan) if p[0] == "Autumn 1"), key=lambda p: p[3])
    recorded = record(plan, tmp_path / "recorded.xlsx", {missed[:3]: {"Status": "Missed"}})
    run("check", roster, recorded, "--today", "21/09/2026", code=0)


def test_no_day_left_is_its_own_explanation(tmp_path, year):
    """A supervisee away to half term is under Cover Needed with why; the rule-by-rule
    explanation (which would say everyone can have a supervisor) is not printed too."""
    roster, plan = year
    away = next(p for p in pairings(plan) if p[0] == "Autumn 1" and p[3] >= EARLIEST)[2]
    sick = roster_file(
        tmp_path / "sick.xlsx",
        Absences=[["ID", "From", "To"], [away, TODAY, date(2026, 10, 30)]],
    )
    result = run(
        "solve", sick, "-o", tmp_path / "new.xlsx", "--previous", plan, "--today", "2026-09-21"
    )
    assert result.exit_code == 1
    assert "no day is left in the half term for a new session" in result.stdout
    assert "everyone can have a supervisor" not in result.stdout
