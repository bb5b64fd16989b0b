"""The calendar in the spreadsheets (SPEC 6): the roster's Closures sheet and session
settings, the plan's Date, Start and End columns and the People sheet's dates, and the
commands that use them."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from peerpair.cli import cli
from peerpair.domain.plan import Plan, Session
from peerpair.domain.roster import Closure, HalfTerm, Person, Roster
from peerpair.io.plan_workbook import PlanError, read_plan, write_plan
from peerpair.io.roster_reader import RosterError, read_roster

STAFF = [
    ["ID", "Name", "School", "Email"],
    ["101", "Ann Able", "Oak Primary", "ann@oak.example.org"],
    ["102", "Ben Moss", "Ash Academy", ""],
    ["103", "Cal Dee", "Elm School", ""],
    ["104", "Di Eve", "Oak Primary", ""],
]
HALF_TERMS = [
    ["Half Term", "Start", "End"],
    ["Autumn 1", date(2026, 9, 2), date(2026, 10, 23)],
    ["Summer 1", date(2027, 4, 12), date(2027, 5, 28)],
]


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(RosterError) as error:
        read_roster(path)
    return [str(p) for p in error.value.problems]


# --- the roster ------------------------------------------------------------------------


def test_closures_are_read_for_the_trust_or_a_school_named_in_any_spelling(tmp_path):
    closures = [
        ["Date", "From", "To", "School"],
        [date(2026, 9, 2), None, None, None],
        [None, "19/10/2026", "20/10/2026", "  oak   PRIMARY "],
    ]
    path = workbook(tmp_path / "r.xlsx", {"Staff": STAFF, "Closures": closures})
    assert read_roster(path).roster.closures == (
        Closure(start=date(2026, 9, 2), end=date(2026, 9, 2)),
        Closure(start=date(2026, 10, 19), end=date(2026, 10, 20), school="Oak Primary"),
    )


def test_closure_problems_name_their_row_and_column(tmp_path):
    closures = [
        ["Date", "From", "To", "School"],
        [None, None, None, "Oak Primary"],
        [date(2026, 9, 2), date(2026, 9, 3), date(2026, 9, 4), None],
        [date(2026, 9, 2), None, None, "Birch Infants"],
        ["31/02/2026", None, None, None],
    ]
    path = workbook(tmp_path / "r.xlsx", {"Staff": STAFF, "Closures": closures})
    assert problems(path) == [
        "Closures row 2: give a Date, or From and To dates",
        "Closures row 3: give either a Date or From and To dates, not both",
        'Closures row 4, School: "Birch Infants" is not a school on the Staff sheet',
        'Closures row 5, Date: "31/02/2026" is not a real date (dates are day first, like '
        "03/09/2025)",
    ]


def test_a_closure_outside_every_half_term_is_warned_of(tmp_path):
    """Closures (SPEC 6) are days with no sessions. One on no day of any half term, such as
    last year's INSET day, changes nothing: validate warns, naming the row, so the keeper
    can see the year was typed wrong."""
    closures = [
        ["Date", "From", "To", "School"],
        [date(2025, 9, 2), None, None, None],
        [None, "24/10/2026", "01/11/2026", None],  # the October half-term holiday
        [None, "20/10/2026", "27/10/2026", None],  # ends in the holiday: still used
        [date(2027, 5, 3), None, None, None],  # inside Summer 1
    ]
    path = workbook(
        tmp_path / "r.xlsx", {"Staff": STAFF, "Half Terms": HALF_TERMS, "Closures": closures}
    )
    reading = read_roster(path)
    assert len(reading.roster.closures) == 4
    assert [str(w) for w in reading.warnings] == [
        "Closures row 2, Date: 02/09/2025 is in no half term on the Half Terms sheet; it "
        "changes nothing",
        "Closures row 3, From: 24/10/2026 to 01/11/2026 is in no half term on the Half Terms "
        "sheet; it changes nothing",
    ]


def test_session_settings_are_read(tmp_path):
    settings = [["Setting", "Value"], ["Session Minutes", 45], ["session times", "14:00, 9:15"]]
    path = workbook(tmp_path / "r.xlsx", {"Staff": STAFF, "Settings": settings})
    read = read_roster(path).roster.settings
    assert (read.session_minutes, read.session_times) == (45, (time(9, 15), time(14, 0)))


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("Session Minutes", 10, '"10" is not a whole number of minutes from 15 to 480'),
        ("Session Minutes", 60.5, '"60.5" is not a whole number of minutes from 15 to 480'),
        ("Session Times", "9h30, 13:30", '"9h30" is not a time'),  # 9.30 is 09:30 (SPEC 2)
        ("Session Times", "25:00", '"25:00" is not a time'),
        # an hour from 23:30 would end tomorrow
        ("Session Times", "23:30", "would end after midnight"),
    ],
)
def test_bad_session_settings_name_their_row(tmp_path, setting, value, message):
    settings = [["Setting", "Value"], [setting, value]]
    path = workbook(tmp_path / "r.xlsx", {"Staff": STAFF, "Settings": settings})
    [problem] = problems(path)
    assert problem.startswith("Settings row 2, Value: ")
    assert message in problem


# --- the plan ------------------------------------------------------------------------


@pytest.fixture
def roster() -> Roster:
    return Roster(
        people=tuple(Person(id=r[0], name=r[1], school=r[2], email=r[3]) for r in STAFF[1:]),
        half_terms=(
            HalfTerm(name="Autumn 1", start=date(2026, 9, 2), end=date(2026, 10, 23)),
            HalfTerm(name="Autumn 2", start=date(2026, 11, 2), end=date(2026, 12, 18)),
        ),
    )


DATED = Plan(
    sessions=(
        Session(
            half_term="Autumn 1",
            supervisor_id="102",
            supervisee_id="101",
            date=date(2026, 9, 15),
            start=time(9, 30),
            end=time(10, 30),
        ),
        Session(half_term="Autumn 1", supervisor_id="101", supervisee_id="103"),
    )
)


def test_a_dated_plan_reads_back_as_written(tmp_path, roster):
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, DATED, [], [])
    assert read_plan(path, roster).plan == DATED
    sheet = load_workbook(path)["Pairings"]
    header = [c.value for c in sheet[1]]
    assert header[7:] == ["Date", "Start", "End", "Status"]
    dated_row = next(r for r in sheet.iter_rows(min_row=2) if r[7].value is not None)
    assert dated_row[7].value == datetime(2026, 9, 15)  # real Excel cells, formatted
    assert dated_row[7].number_format == "ddd dd/mm/yyyy"
    assert dated_row[8].number_format == "hh:mm"


def test_the_people_sheet_gives_each_session_its_date_and_time(tmp_path, roster):
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, DATED, [], [])
    rows = list(load_workbook(path)["People"].iter_rows(values_only=True))
    ann = next(r for r in rows if r[0] == "101")
    header = rows[0]
    assert ann[header.index("Autumn 1 supervised by")] == "Ben Moss (Tue 15/09/2026 09:30)"
    assert ann[header.index("Autumn 1 supervises")] == "Cal Dee"  # no date yet
    assert header[-1] == "Email" and ann[-1] == "ann@oak.example.org"


@pytest.mark.parametrize(
    ("date_cell", "start", "end", "message"),
    [
        ("someday", "09:30", "10:30", 'Date: "someday" is not a date'),
        ("15/09/2026", "half nine", "10:30", 'Start: "half nine" is not a time'),
        ("15/09/2026", "09:30", None, "End: blank, but Date, Start and End go together"),
        ("15/09/2026", "10:30", "09:30", "End: 09:30 is not after Start (10:30)"),
    ],
)
def test_bad_dates_in_a_plan_name_their_row(tmp_path, roster, date_cell, start, end, message):
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, DATED, [], [])
    book = load_workbook(path)
    sheet = book["Pairings"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[7].value is not None)
    row[7].value, row[8].value, row[9].value = date_cell, start, end
    book.save(path)
    with pytest.raises(PlanError) as error:
        read_plan(path, roster)
    [problem] = error.value.problems
    assert problem.startswith(f"Pairings row {row[0].row}, {message}")


def test_a_plan_without_date_columns_still_reads(tmp_path, roster):
    plain = Plan(
        sessions=(Session(half_term="Autumn 1", supervisor_id="102", supervisee_id="101"),)
    )
    path = tmp_path / "plan.xlsx"
    write_plan(
        path, roster.model_copy(update={"half_terms": (HalfTerm(name="Autumn 1"),)}), plain, [], []
    )
    assert [c.value for c in load_workbook(path)["Pairings"][1]][7:] == ["Status"]
    assert read_plan(path, roster).plan == plain


# --- the commands --------------------------------------------------------------------


@pytest.fixture
def dated_roster(tmp_path) -> Path:
    staff = [row + ["Yes"] for row in STAFF]
    staff[0][-1] = "Supervision Trained"
    closures = [["Date", "School"], [date(2026, 9, 7), None]]
    return workbook(
        tmp_path / "roster.xlsx", {"Staff": staff, "Half Terms": HALF_TERMS, "Closures": closures}
    )


def run(*args, code):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


def test_solve_dates_every_session_and_check_agrees(tmp_path, dated_roster):
    out = tmp_path / "plan.xlsx"
    run("solve", dated_roster, "-o", out, code=0)
    rows = list(load_workbook(out)["Pairings"].iter_rows(values_only=True))[1:]
    assert rows and all(isinstance(r[7], datetime) and r[8] and r[9] for r in rows)
    assert all(r[7].date() != date(2026, 9, 7) for r in rows)  # the closure
    summary = dict(list(load_workbook(out)["Summary"].iter_rows(values_only=True))[1:])
    assert summary["Sessions with a date"].startswith(f"{len(rows)} of {len(rows)}")
    result = run("check", dated_roster, out, code=0)
    assert "D1 session dates: passed" in result.output


def test_check_finds_a_session_moved_onto_a_bank_holiday(tmp_path, dated_roster):
    out = tmp_path / "plan.xlsx"
    run("solve", dated_roster, "-o", out, code=0)
    book = load_workbook(out)
    sheet = book["Pairings"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Summer 1")
    row[7].value = datetime(2027, 5, 3)
    book.save(out)
    result = run("check", dated_roster, out, code=1)
    assert "D1 session dates: BROKEN" in result.output
    assert "Mon 03/05/2027 is a bank holiday (May Day)" in result.output


def test_check_names_the_day_someone_does_not_work_in_plain_english(tmp_path):
    """SPEC 6: the date is a day both people work. A session moved onto a part-timer's day
    off is reported with the day's full name ("Thursdays", not "Thus")."""
    staff = [
        ["ID", "Name", "School", "Supervision Trained", "Working Days"],
        ["101", "Ann Able", "Oak", "Yes", "Mon, Tue, Wed"],
        ["102", "Ben Moss", "Ash", "Yes", None],
        ["103", "Cal Dee", "Elm", "Yes", None],
    ]
    path = workbook(tmp_path / "r.xlsx", {"Staff": staff, "Half Terms": HALF_TERMS})
    out = tmp_path / "plan.xlsx"
    run("solve", path, "-o", out, code=0)
    book = load_workbook(out)
    row = next(r for r in book["Pairings"].iter_rows(min_row=2) if r[1].value == "101")
    row[7].value = datetime(2026, 9, 10)  # a Thursday
    book.save(out)
    result = run("check", path, out, code=1)
    assert "Ann Able (101) does not work on Thursdays" in result.output
    assert "plan.xlsx breaks the rules 1 time." in result.output


def test_a_plan_dated_only_from_a_re_solve_on_passes_check(tmp_path, dated_roster):
    """Every plan solve writes passes check. A plan published before the Half Terms sheet
    had dates, re-solved from Summer 1 once it has them: Autumn 1 is kept as published,
    without dates, and has not been put on the calendar, so D1 audits only Summer 1."""
    undated = workbook(
        tmp_path / "undated.xlsx",
        {
            "Staff": load_sheet(dated_roster, "Staff"),
            "Half Terms": [["Half Term"], ["Autumn 1"], ["Summer 1"]],
        },
    )
    published, again = tmp_path / "plan.xlsx", tmp_path / "plan-v2.xlsx"
    run("solve", undated, "-o", published, code=0)
    run("solve", dated_roster, "--previous", published, "--from", "Summer 1", "-o", again, code=0)
    rows = list(load_workbook(again)["Pairings"].iter_rows(values_only=True))[1:]
    assert {r[0] for r in rows if r[7] is None} == {"Autumn 1"}
    assert {r[0] for r in rows if r[7] is not None} == {"Summer 1"}
    result = run("check", dated_roster, again, code=0)
    assert "D1 session dates: passed" in result.output


def load_sheet(path: Path, name: str) -> list[list]:
    return [list(row) for row in load_workbook(path)[name].iter_rows(values_only=True)]


def test_solve_prints_why_a_session_has_no_date_and_exits_1(tmp_path):
    staff = [
        ["ID", "Name", "School", "Supervision Trained", "Working Days"],
        ["101", "Ann Able", "Oak", "Yes", "Mon"],
        ["102", "Ben Moss", "Ash", "Yes", "Mon"],
        ["103", "Cal Dee", "Elm", "Yes", "Mon"],
    ]
    half_terms = [["Half Term", "Start", "End"], ["Autumn 1", date(2026, 9, 7), date(2026, 9, 18)]]
    path = workbook(tmp_path / "r.xlsx", {"Staff": staff, "Half Terms": half_terms})
    out = tmp_path / "plan.xlsx"
    result = run("solve", path, "-o", out, code=1)
    # A ring of three sessions and one free Monday (the second week is kept for
    # postponements): each person can have one session that day.
    assert "2 sessions have no date:" in result.output
    assert "already has a session that day" in result.output
    checks = {r[0]: r[1] for r in load_workbook(out)["Checks"].iter_rows(values_only=True)}
    assert checks["D1 session dates"] == "Broken: 2"


def test_solve_counts_one_session_without_a_date_in_plain_english(tmp_path):
    """SPEC 6: a session with no possible date is printed with its reason. Ann works only
    on Wednesdays, and Oak is closed every Wednesday of the half term: the one session she
    gives has no date, and the count reads "1 session has no date"."""
    staff = [
        ["ID", "Name", "School", "Supervision Trained", "Working Days", "Receives"],
        ["101", "Ann Able", "Oak", "Yes", "Wed", "No"],
        ["102", "Ben Moss", "Ash", "Yes", None, None],
        ["103", "Cal Dee", "Elm", "Yes", None, None],
        ["104", "Di Eve", "Birch", "Yes", None, None],
    ]
    half_terms = [["Half Term", "Start", "End"], ["Autumn 1", date(2026, 9, 7), date(2026, 10, 2)]]
    closures = [["From", "To", "School"], [date(2026, 9, 7), date(2026, 10, 2), "Oak"]]
    path = workbook(
        tmp_path / "r.xlsx", {"Staff": staff, "Half Terms": half_terms, "Closures": closures}
    )
    result = run("solve", path, "-o", tmp_path / "plan.xlsx", code=1)
    assert "1 session has no date:" in result.output


def test_a_re_solve_and_diff_name_each_session_moved_to_another_day(tmp_path, dated_roster):
    """SPEC 6: a re-solve keeps the dates of sessions that did not change. When a closure
    added later falls on a session's day, that session keeps its pair but moves: both
    people need the new date, so the terminal and `diff` name it with both dates."""
    published, again = tmp_path / "plan.xlsx", tmp_path / "plan-v2.xlsx"
    run("solve", dated_roster, "-o", published, code=0)
    first = next(r for r in load_sheet(published, "Pairings")[1:] if r[0] == "Summer 1" and r[7])
    closures = [["Date", "School"], [date(2026, 9, 7), None], [first[7], None]]
    roster = workbook(
        tmp_path / "closed.xlsx",
        {
            "Staff": load_sheet(dated_roster, "Staff"),
            "Half Terms": HALF_TERMS,
            "Closures": closures,
        },
    )
    resolved = run(
        "solve", roster, "--previous", published, "--from", "Summer 1", "-o", again, code=0
    )
    new = next(r for r in load_sheet(again, "Pairings")[1:] if r[:7] == first[:7])
    assert new[7] != first[7]
    moved = (
        f"{first[2]} ({first[1]}) supervises {first[5]} ({first[4]}): "
        f"{first[7]:%a %d/%m/%Y} {first[8]:%H:%M} -> {new[7]:%a %d/%m/%Y} {new[8]:%H:%M}"
    )
    assert "No sessions change: everyone keeps their supervisor." in resolved.output
    assert moved in resolved.output
    differences = run("diff", published, again, code=1)
    assert moved in differences.output
    assert differences.output.count(" -> ") == resolved.output.count(" -> ")
