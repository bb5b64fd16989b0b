"""The command line (SPEC 5): `template`, `validate`, `solve` and `check`, their exit codes
(0 done and complete, 1 cover needed or rules broken, 2 bad input or usage, 3 peerpair's own
failure), their messages, and the promises around them: every input problem named by sheet,
row and column in one run, input never overwritten, no traceback, a plan that can be shared.

Small rosters are written here with openpyxl; the 33-person sample is solved once."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from openpyxl import Workbook, load_workbook

from peerpair import __version__
from peerpair.cli import cli
from peerpair.io import plan_workbook
from peerpair.io.roster_reader import read_roster

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "roster.xlsx"

PAIRINGS_HEADER = [
    "Half Term",
    "Supervisor ID",
    "Supervisor",
    "Supervisor School",
    "Supervisee ID",
    "Supervisee",
    "Supervisee School",
]
COVER_NEEDED_HEADER = ["Half Term", "Supervisee ID", "Supervisee", "Reason"]
CHECKS_HEADER = ["Rule", "Result", "Details"]
HARD_RULES = [
    "H1 one supervisor",
    "H2 capacity",
    "H3 no self-supervision",
    "H4 no reciprocal pairs",
    "H5 different schools",
    "H6 trained supervisors only",
    "H7 change requests",
    "H8 line management",
    "H9 working days",
    "H10 receive-from",
    "H11 repeat pairs",
    "D1 session dates",
]

STAFF_HEADER = ["ID", "Name", "School", "Supervision Trained"]
SIX_PEOPLE = [
    ["101", "Ann Able", "Oak Primary", "Yes"],
    ["102", "Ben Best", "Oak Primary", "Yes"],
    ["201", "Cat Cole", "Elm Academy", "Yes"],
    ["202", "Dan Dee", "Elm Academy", "Yes"],
    ["301", "Eve Ent", "Ash High", "Yes"],
    ["302", "Fay Fox", "Ash High", "Yes"],
]
NAMES = {row[0]: row[1] for row in SIX_PEOPLE}
SCHOOLS = {row[0]: row[2] for row in SIX_PEOPLE}
TWO_HALF_TERMS = [["Half Term"], ["Autumn 1"], ["Autumn 2"]]
SECRET = "SECRET-REASON-XYZ"


# --- helpers --------------------------------------------------------------------------


def run(*args: object, code: int | None = None) -> Result:
    """Run `peerpair ARGS` as a user would, and hold it to what every run promises: no
    traceback and no exception escaping the command line."""
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    if code is not None:
        assert result.exit_code == code, (
            f"exit {result.exit_code}, wanted {code}; output:\n{result.output}"
        )
    return result


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook with one sheet per entry, rows written from A1."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                sheet.cell(number, column, value)
    workbook.save(path)
    return path


def small_roster(path: Path, **extra_sheets: list[list[object]]) -> Path:
    """Six trained people in three schools over two half terms, plus any other sheets
    (keyword names use underscores for spaces: Change_Requests=...)."""
    sheets = {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": TWO_HALF_TERMS}
    sheets.update({name.replace("_", " "): rows for name, rows in extra_sheets.items()})
    return write_xlsx(path, sheets)


def rows(path: Path, sheet: str) -> list[list[object]]:
    """The sheet's non-blank rows."""
    workbook = load_workbook(path, read_only=True)
    try:
        lines = workbook[sheet].iter_rows(values_only=True)
        return [list(line) for line in lines if any(v is not None for v in line)]
    finally:
        workbook.close()


def sheet_names(path: Path) -> list[str]:
    workbook = load_workbook(path, read_only=True)
    try:
        return workbook.sheetnames
    finally:
        workbook.close()


def all_cells(path: Path, *, rule_titles: bool = True) -> list[str]:
    """Every non-blank cell of every sheet, as text, and every sheet name. Without
    `rule_titles`, the Checks sheet's Rule cells that hold one of SPEC 3's fixed titles of
    H1-H11 are left out: they are the same in every plan, whatever the roster holds."""
    workbook = load_workbook(path)
    texts = list(workbook.sheetnames)
    for sheet in workbook.worksheets:
        for line in sheet.iter_rows(values_only=True):
            if not rule_titles and sheet.title == "Checks" and line and line[0] in HARD_RULES:
                line = line[1:]
            texts += [str(v) for v in line if v is not None]
    return texts


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def solve(roster: Path, plan: Path, *extra: object, code: int | None = 0) -> Result:
    return run("solve", roster, "-o", plan, "--time-limit", 10, *extra, code=code)


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return small_roster(tmp_path / "roster.xlsx")


@pytest.fixture
def plan(tmp_path: Path, roster: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    solve(roster, path)
    return path


@pytest.fixture(scope="module")
def sample_plan(tmp_path_factory) -> tuple[Path, Result]:
    """The sample roster solved once (about 6 s) for the tests that need a real trust."""
    path = tmp_path_factory.mktemp("sample") / "plan.xlsx"
    result = run("solve", SAMPLE, "-o", path, code=0)
    return path, result


# --- the group --------------------------------------------------------------------------


def test_version():
    result = run("--version", code=0)
    assert __version__ in result.stdout


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_every_command(flag):
    result = run(flag, code=0)
    for command in ("template", "validate", "solve", "check"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["template", "validate", "solve", "check"])
def test_each_command_has_help(command):
    result = run(command, "--help", code=0)
    assert f"peerpair {command}" in result.stdout or "Usage" in result.stdout


def test_an_unknown_command_is_a_usage_error():
    result = run("frobnicate", code=2)
    assert "frobnicate" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["template"],
        ["validate"],
        ["solve"],
        ["check"],
        ["check", SAMPLE],
    ],
    ids=["template", "validate", "solve", "check", "check-one-file"],
)
def test_missing_arguments_are_usage_errors(args):
    result = run(*args, code=2)
    assert "Usage" in result.stderr


# --- template --------------------------------------------------------------------------


def test_template_writes_a_roster_that_reads_back(tmp_path):
    out = tmp_path / "new roster.xlsx"
    result = run("template", out, code=0)
    assert out.is_file()
    assert str(out) in result.stdout
    reading = read_roster(out)  # raises RosterError on any problem
    assert reading.roster.people
    assert all("made-up examples" in str(w) for w in reading.warnings)
    assert "is ready" in run("validate", out, code=0).stdout


def test_template_refuses_an_existing_file(tmp_path):
    out = tmp_path / "roster.xlsx"
    out.write_bytes(b"the keeper's own work")
    before = snapshot(out)
    result = run("template", out, code=2)
    assert snapshot(out) == before
    assert "already exists" in result.stderr
    assert result.stdout == ""


def test_template_refuses_an_existing_roster(roster):
    before = snapshot(roster)
    run("template", roster, code=2)
    assert snapshot(roster) == before


def test_template_into_a_missing_folder(tmp_path):
    out = tmp_path / "no such folder" / "roster.xlsx"
    result = run("template", out, code=2)
    assert "does not exist" in result.stderr
    assert not out.parent.exists()


def test_template_onto_a_folder_is_a_usage_error(tmp_path):
    run("template", tmp_path, code=2)


def test_template_output_must_be_a_roster_it_can_read_back(tmp_path):
    out = tmp_path / "roster.csv"
    result = run("template", out, code=2)
    assert ".xlsx" in result.output
    assert not out.exists()


# --- validate ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["roster.xlsx", "ROSTER.XLSX"])
def test_validate_a_good_roster(tmp_path, name):
    path = small_roster(tmp_path / name)
    result = run("validate", path, code=0)
    assert f"{name} is ready: 6 people, 2 half terms" in result.stdout
    assert result.stderr == ""


def test_validate_the_sample():
    result = run("validate", SAMPLE, code=0)
    assert "33 people, 6 half terms" in result.stdout


BAD_SHEETS = {
    "Staff": [
        ["ID", "Name", "School", "Working Days", "Capacity", "Gives"],
        ["101", "Ann Able", "Oak Primary", "Mon, Tue"],
        ["102", "Ben Best", "Oak Primary", None, "lots"],
        ["103", "Cat Cole", "Elm Academy", "Mnday"],
        ["104", "Dan Dee", None, None, None, "Perhaps"],
        ["101", "Eve Ent", "Ash High"],
    ],
    "Half Terms": [["Half Term", "Start", "End"], ["Autumn 1", "2025-09-03", "banana"]],
    "Absences": [["ID", "Half Term"], ["999", "Autumn 1"], ["102", "Winter 9"]],
    "Change Requests": [["ID", "Partner ID"], ["101", "101"]],
    "Settings": [["Setting", "Value"], ["Repeat Pairs", "never"]],
}
# Every problem in BAD_SHEETS: sheet, Excel row and column, and the words a keeper needs.
BAD_PROBLEMS = [
    'Staff row 3, Capacity: "lots"',
    'Staff row 4, Working Days: "Mnday" is not a weekday',
    "Staff row 5, School: required, but blank",
    'Staff row 5, Gives: "Perhaps"',
    "Staff row 6, ID: ID 101 is already used on row 2",
    'Half Terms row 2, End: "banana" is not a date',
    'Absences row 2, ID: "999" is not an ID on the Staff sheet',
    'Absences row 3, Half Term: "Winter 9" is not a half term',
    "Change Requests row 2, Partner ID:",
    'Settings row 2, Value: "never" is not allowed',
]


def test_validate_reports_every_problem_at_once(tmp_path):
    path = write_xlsx(tmp_path / "roster.xlsx", BAD_SHEETS)
    result = run("validate", path, code=2)
    for problem in BAD_PROBLEMS:
        assert problem in result.stderr, problem
    assert f"{len(BAD_PROBLEMS)} problems to fix" in result.stderr
    assert "is ready" not in result.output
    # In sheet order, as the keeper works through the workbook.
    where = [result.stderr.index(problem) for problem in BAD_PROBLEMS]
    assert where == sorted(where)


def test_validate_says_one_problem_in_the_singular(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_text("not a workbook")
    result = run("validate", path, code=2)
    assert "roster.xlsx has 1 problem to fix:" in result.stderr


def test_validate_prints_warnings_and_passes(tmp_path):
    staff = [[*STAFF_HEADER, "Favourite Colour"], *[[*p, "blue"] for p in SIX_PEOPLE]]
    path = write_xlsx(
        tmp_path / "roster.xlsx",
        {"Staff": staff, "Half Terms": TWO_HALF_TERMS, "Notes": [["anything"]]},
    )
    result = run("validate", path, code=0)
    assert "Warning" in result.stderr
    assert '"Favourite Colour"' in result.stderr
    assert "Notes" in result.stderr
    assert "is ready: 6 people" in result.stdout


def test_validate_prints_warnings_with_problems(tmp_path):
    staff = [["ID", "Name", "School", "Shoe Size"], ["101", "Ann Able", None, 7]]
    path = write_xlsx(tmp_path / "roster.xlsx", {"Staff": staff})
    result = run("validate", path, code=2)
    assert '"Shoe Size"' in result.stderr
    assert "Staff row 2, School: required, but blank" in result.stderr


def write_csv(path: Path, lines: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(lines)
    return path


def test_validate_and_solve_a_csv_staff_sheet(tmp_path):
    path = write_csv(tmp_path / "staff.csv", [STAFF_HEADER, *SIX_PEOPLE])
    result = run("validate", path, code=0)
    assert "staff.csv is ready: 6 people, 6 half terms" in result.stdout
    out = tmp_path / "plan.xlsx"
    solve(path, out, code=0)
    assert {r[0] for r in rows(out, "Pairings")[1:]} == {
        "Autumn 1",
        "Autumn 2",
        "Spring 1",
        "Spring 2",
        "Summer 1",
        "Summer 2",
    }


def test_validate_a_csv_with_problems(tmp_path):
    path = write_csv(
        tmp_path / "staff.csv",
        [["ID", "Name", "School", "Capacity"], ["101", "Ann", "Oak", "-1"], ["", "Ben", "Elm"]],
    )
    result = run("validate", path, code=2)
    assert "Staff row 2, Capacity" in result.stderr
    assert "Staff row 3, ID: required, but blank" in result.stderr


def test_validate_a_missing_file_is_a_usage_error(tmp_path):
    result = run("validate", tmp_path / "nope.xlsx", code=2)
    assert "nope.xlsx" in result.stderr
    assert "There is no file" in result.stderr


def test_validate_a_folder_is_a_usage_error(tmp_path):
    run("validate", tmp_path, code=2)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("roster.xlsx", b"ID,Name,School\n101,Ann,Oak\n", "cannot be read as an Excel workbook"),
        ("roster.xlsx", b"", "cannot be read as an Excel workbook"),
        ("roster.xlsx", b"PK\x03\x04 not really a zip", "cannot be read as an Excel workbook"),
        ("roster.txt", b"ID,Name,School\n", ".xlsx"),
        ("roster.xls", b"\xd0\xcf\x11\xe0 old excel", ".xlsx"),
    ],
    ids=["text-named-xlsx", "empty-xlsx", "damaged-zip", "txt", "xls"],
)
def test_validate_a_file_that_is_not_a_roster(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("validate", path, code=2)
    assert words in result.stderr
    assert name in result.stderr


def test_validate_a_workbook_without_a_staff_sheet(tmp_path):
    path = write_xlsx(tmp_path / "roster.xlsx", {"People": [["ID", "Name", "School"]]})
    result = run("validate", path, code=2)
    assert "no Staff sheet" in result.stderr


# --- solve -----------------------------------------------------------------------------


def test_solve_a_small_roster(tmp_path, roster):
    out = tmp_path / "plan.xlsx"
    result = solve(roster, out, code=0)
    assert out.is_file()
    assert f"Plan written to {out}" in result.stdout
    names = sheet_names(out)
    for sheet in ("Pairings", "Cover Needed", "People", "Checks", "Summary"):
        assert sheet in names
    assert "Changes" not in names  # re-solves only
    pairings = rows(out, "Pairings")
    assert pairings[0][:7] == PAIRINGS_HEADER
    assert rows(out, "Cover Needed") == [COVER_NEEDED_HEADER]
    # Complete: everyone has one supervisor from another school in each half term.
    for half_term in ("Autumn 1", "Autumn 2"):
        sessions = [r for r in pairings[1:] if r[0] == half_term]
        assert sorted(r[4] for r in sessions) == sorted(NAMES)
        assert all(SCHOOLS[r[1]] != SCHOOLS[r[4]] for r in sessions)
    checks = rows(out, "Checks")
    assert checks[0][:3] == CHECKS_HEADER
    assert [r[0] for r in checks[1:]] == HARD_RULES
    # Written atomically: nothing but the roster and the plan is left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx", "roster.xlsx"]


def test_solve_the_sample(sample_plan):
    path, result = sample_plan
    assert "33 people" in result.stdout
    names = sheet_names(path)
    for sheet in ("Pairings", "Cover Needed", "People", "Checks", "Summary"):
        assert sheet in names
    assert rows(path, "Pairings")[0][:7] == PAIRINGS_HEADER
    assert len(rows(path, "People")) == 34
    assert all(r[1] in ("Passed", "Not in force") for r in rows(path, "Checks")[1:])


def cover_roster(path: Path) -> Path:
    """Two at Oak and one at Elm: Cat can supervise only one of the two from Oak."""
    return write_xlsx(
        path,
        {"Staff": [STAFF_HEADER, *SIX_PEOPLE[:3]], "Half Terms": TWO_HALF_TERMS},
    )


def test_solve_with_cover_needed(tmp_path):
    roster = cover_roster(tmp_path / "roster.xlsx")
    out = tmp_path / "plan.xlsx"
    result = solve(roster, out, code=1)
    assert out.is_file()  # the plan is still written
    assert "need cover" in result.stdout
    cover = rows(out, "Cover Needed")
    assert cover[0] == COVER_NEEDED_HEADER
    assert [r[0] for r in cover[1:]] == ["Autumn 1", "Autumn 2"]
    for half_term, person_id, name, reason in cover[1:]:
        assert person_id in ("101", "102")
        assert name == NAMES[person_id]
        assert reason
        line = next(line for line in result.stdout.splitlines() if half_term + ":" in line)
        assert name in line
    # A plan with cover needed breaks no rule: H1 allows Cover Needed.
    run("check", roster, out, code=0)


@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink"])
def test_solve_never_overwrites_its_input(tmp_path, roster, spelling):
    (tmp_path / "sub").mkdir()
    output = {
        "same": roster,
        "dotted": tmp_path / "sub" / ".." / roster.name,
        "symlink": tmp_path / "sub" / "link.xlsx",
    }[spelling]
    if spelling == "symlink":
        output.symlink_to(roster)
    before = snapshot(roster)
    result = solve(roster, output, code=2)
    assert snapshot(roster) == before
    assert "input" in result.stderr


@pytest.mark.parametrize("lock", ["~${}", ".~lock.{}#"])  # Excel's, LibreOffice's
def test_solve_onto_a_plan_open_in_a_spreadsheet_leaves_it_alone(tmp_path, roster, lock):
    """On a Mac or in LibreOffice the file could be replaced, and the open copy saved over
    the new plan later: the new plan would be lost without a word."""
    out = tmp_path / "plan.xlsx"
    solve(roster, out, code=0)
    before = snapshot(out)
    (tmp_path / lock.format(out.name)).write_text("owner")
    result = solve(roster, out, code=2)
    assert "is open in" in result.stderr and lock.format(out.name) in result.stderr
    assert snapshot(out) == before


@pytest.mark.parametrize("lock", ["~${}", ".~lock.{}#"])
def test_a_roster_open_in_a_spreadsheet_is_read_as_saved_with_a_warning(tmp_path, roster, lock):
    (roster.parent / lock.format(roster.name)).write_text("owner")
    result = run("validate", roster, code=0)
    assert f"{roster.name} is open in" in result.stderr
    assert "as last saved" in result.stderr


def test_solve_into_a_missing_folder(tmp_path, roster):
    out = tmp_path / "no such folder" / "plan.xlsx"
    result = solve(roster, out, code=2)
    assert "does not exist" in result.stderr
    assert not out.parent.exists()


def test_solve_onto_a_folder(tmp_path, roster):
    folder = tmp_path / "plans"
    folder.mkdir()
    solve(roster, folder, code=2)
    assert list(folder.iterdir()) == []


def test_solve_where_writing_is_refused(tmp_path, roster, monkeypatch):
    """The plan open in Excel on Windows, or a read-only folder: the system refuses the
    write. (Simulated, because tests may run as root, who may write anywhere.)"""

    def refuse(*_):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("peerpair.io.files.os.replace", refuse)
    out = tmp_path / "plan.xlsx"
    result = solve(roster, out, code=2)
    assert "permission" in result.stderr.lower()
    assert "close it" in result.stderr
    assert list(tmp_path.glob("*.tmp")) == [] and not out.exists()


def test_solve_a_bad_roster_writes_nothing(tmp_path):
    roster = write_xlsx(tmp_path / "roster.xlsx", BAD_SHEETS)
    out = tmp_path / "plan.xlsx"
    result = solve(roster, out, code=2)
    assert not out.exists()
    for problem in BAD_PROBLEMS:
        assert problem in result.stderr, problem
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.xlsx"]


def test_solve_a_bad_roster_leaves_an_old_plan_alone(tmp_path):
    roster = write_xlsx(tmp_path / "roster.xlsx", BAD_SHEETS)
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"last year's plan")
    before = snapshot(out)
    solve(roster, out, code=2)
    assert snapshot(out) == before


@pytest.mark.parametrize("limit", ["0", "-1", "soon", "nan", "inf", "86400.5", "1e9"])
def test_solve_refuses_a_bad_time_limit(tmp_path, roster, limit):
    """SPEC 5: bad usage is exit 2. The option takes what the Settings sheet's Time Limit
    takes: a number of seconds greater than 0 ("nan" would plan with no time at all) and at
    most a day (more is a typing slip: a run nobody waits for)."""
    out = tmp_path / "plan.xlsx"
    result = run("solve", roster, "-o", out, "--time-limit", limit, code=2)
    assert "--time-limit" in result.stderr
    assert not out.exists()


def test_solve_refuses_a_settings_time_limit_over_a_day(tmp_path):
    roster = small_roster(
        tmp_path / "roster.xlsx", Settings=[["Setting", "Value"], ["Time Limit", 100_000]]
    )
    result = run("solve", roster, "-o", tmp_path / "plan.xlsx", code=2)
    assert "Settings row 2" in result.stderr and "more than a day" in result.stderr
    assert not (tmp_path / "plan.xlsx").exists()


def test_solve_needs_an_output(roster):
    result = run("solve", roster, code=2)
    assert "-o" in result.stderr or "--output" in result.stderr


def test_solve_a_missing_roster(tmp_path):
    out = tmp_path / "plan.xlsx"
    run("solve", tmp_path / "nope.xlsx", "-o", out, code=2)
    assert not out.exists()


def test_solve_accepts_a_seed(tmp_path, roster):
    out = tmp_path / "plan.xlsx"
    solve(roster, out, "--seed", 7, code=0)
    assert len(rows(out, "Pairings")) == 1 + 12
    run("solve", roster, "-o", tmp_path / "other.xlsx", "--seed", "x", code=2)


@pytest.mark.parametrize("seed", ["-1", str(2**31), "99999999999"])
def test_solve_refuses_a_seed_the_solver_cannot_take(tmp_path, roster, seed):
    """SPEC 5: bad usage is exit 2 with a message, never peerpair failing (exit 3): CP-SAT's
    seed is a 32-bit number."""
    out = tmp_path / "plan.xlsx"
    result = run("solve", roster, "-o", out, "--seed", seed, code=2)
    assert "--seed" in result.stderr
    assert not out.exists()


def test_solve_long_option_names(tmp_path, roster):
    out = tmp_path / "plan.xlsx"
    run("solve", roster, "--output", out, "--time-limit", "2.5", "--seed", "0", code=0)
    assert out.is_file()


def test_solve_is_deterministic(tmp_path, roster):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    solve(roster, first, code=0)
    solve(roster, second, code=0)
    assert rows(first, "Pairings") == rows(second, "Pairings")
    assert rows(first, "People") == rows(second, "People")


def test_a_failure_of_peerpair_itself_is_exit_3(tmp_path, roster, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the solver fell over")

    monkeypatch.setattr("peerpair.year.plan_year", broken)
    out = tmp_path / "plan.xlsx"
    before = snapshot(roster)
    result = solve(roster, out, code=3)
    assert "peerpair stopped unexpectedly" in result.stderr
    assert "the solver fell over" in result.stderr
    assert not out.exists()
    assert snapshot(roster) == before


@pytest.fixture(scope="module")
def rushed_sample(tmp_path_factory) -> tuple[Path, Result]:
    """The sample with far too little time to prove its plan optimal (well under a second).
    The half-term flows may still find a complete plan, and the other tiers may still fit
    around it: the exit code says which."""
    path = tmp_path_factory.mktemp("rushed") / "plan.xlsx"
    result = run("solve", SAMPLE, "-o", path, "--time-limit", "0.001")
    incomplete = "need cover" in result.stdout or "could not be scheduled" in result.stdout
    assert result.exit_code == (1 if incomplete else 0)
    return path, result


def test_solve_out_of_time_still_writes_the_plan(rushed_sample):
    path, result = rushed_sample
    assert path.is_file()
    assert "time limit" in result.stdout
    summary = dict((r[0], r[1]) for r in rows(path, "Summary")[1:])
    assert summary["All objectives proven optimal"] == "no"


def test_solve_out_of_time_reports_no_negative_bound(rushed_sample):
    path, result = rushed_sample
    assert "possible is -" not in result.output
    assert not any("possible is -" in cell for cell in all_cells(path))


def test_solve_output_must_be_an_xlsx_it_can_read_back(tmp_path, roster):
    out = tmp_path / "plan.csv"
    result = solve(roster, out, code=2)
    assert ".xlsx" in result.output
    assert not out.exists()


# --- privacy --------------------------------------------------------------------------


def private_roster(path: Path, forces_cover: bool) -> Path:
    """A roster with a change request carrying a confidential reason, and absences. With
    `forces_cover`, the change request leaves someone without a possible supervisor."""
    requests = [
        ["ID", "Partner ID", "From Half Term", "Reason"],
        ["101", "201", None, f"{SECRET}: joint case review"],
    ]
    absences = [["ID", "Half Term", "From", "To"], ["302", "Autumn 2", None, None]]
    if forces_cover:
        staff = [STAFF_HEADER, SIX_PEOPLE[0], SIX_PEOPLE[2], SIX_PEOPLE[4], SIX_PEOPLE[5]]
    else:
        staff = [STAFF_HEADER, *SIX_PEOPLE]
    return write_xlsx(
        path,
        {
            "Staff": staff,
            "Half Terms": TWO_HALF_TERMS,
            "Absences": absences,
            "Change Requests": requests,
        },
    )


def assert_private(plan: Path, secret: str) -> None:
    """No cell of the plan quotes the reason, or speaks of change requests or absences
    (beyond the fixed title of rule H7 on the Checks sheet, see below)."""
    cells = all_cells(plan, rule_titles=False)
    assert cells
    for cell in cells:
        assert secret not in cell
        assert "change request" not in cell.casefold(), cell
        assert "absen" not in cell.casefold(), cell
    # The one mention left out above: the H7 row of the Checks sheet, under its fixed title,
    # says nothing about anybody.
    h7 = next(r for r in rows(plan, "Checks") if r[0] == "H7 change requests")
    assert h7[1:3] == ["Passed", "—"]


@pytest.mark.parametrize("forces_cover", [False, True], ids=["complete", "cover-needed"])
def test_the_plan_keeps_change_requests_and_absences_private(tmp_path, forces_cover):
    roster = private_roster(tmp_path / "roster.xlsx", forces_cover)
    out = tmp_path / "plan.xlsx"
    result = solve(roster, out, code=1 if forces_cover else 0)
    assert SECRET not in result.output
    assert SECRET not in run("validate", roster, code=0).output
    assert SECRET not in run("check", roster, out, code=0).output
    assert_private(out, SECRET)
    if forces_cover:
        assert len(rows(out, "Cover Needed")) > 1


def test_the_sample_plan_keeps_its_reason_private(sample_plan):
    path, result = sample_plan
    secret = "joint case review"  # the sample's Change Requests Reason
    assert secret not in result.output
    assert_private(path, secret)


# --- check ----------------------------------------------------------------------------


def test_check_a_plan_from_solve(roster, plan):
    before = snapshot(plan)
    result = run("check", roster, plan, code=0)
    for rule in HARD_RULES[:10]:
        assert f"{rule}: passed" in result.stdout
    assert "keeps every rule" in result.stdout
    assert snapshot(plan) == before  # only read


def test_check_the_sample_plan(sample_plan):
    path, _ = sample_plan
    result = run("check", SAMPLE, path, code=0)
    assert "BROKEN" not in result.output


def edit_plan(plan: Path, out: Path, edit) -> Path:
    """A copy of `plan` with `edit(pairings_sheet)` applied, as a lead editing in Excel."""
    workbook = load_workbook(plan)
    edit(workbook["Pairings"])
    workbook.save(out)
    return out


def first_session(sheet, half_term: str = "Autumn 1") -> int:
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == half_term)


def test_check_finds_a_same_school_pair(tmp_path, roster, plan):
    changed = {}

    def same_school(sheet):
        row = first_session(sheet)
        supervisor = sheet.cell(row, 2).value
        colleague = next(i for i in NAMES if i != supervisor and SCHOOLS[i] == SCHOOLS[supervisor])
        sheet.cell(row, 5).value = colleague
        changed.update(supervisor=supervisor, colleague=colleague)

    edited = edit_plan(plan, tmp_path / "edited.xlsx", same_school)
    result = run("check", roster, edited, code=1)
    assert "H5 different schools: BROKEN" in result.stdout
    line = next(line for line in result.stdout.splitlines() if "both work at" in line)
    assert "Autumn 1" in line
    assert NAMES[changed["supervisor"]] in line
    assert NAMES[changed["colleague"]] in line
    assert "edited.xlsx breaks the rules" in result.output


def test_check_finds_a_supervisee_with_two_supervisors(tmp_path, roster, plan):
    def duplicate(sheet):
        row = first_session(sheet)
        sheet.cell(row + 1, 5).value = sheet.cell(row, 5).value

    edited = edit_plan(plan, tmp_path / "edited.xlsx", duplicate)
    supervisee = rows(edited, "Pairings")[1][4]
    result = run("check", roster, edited, code=1)
    assert "H1 one supervisor: BROKEN" in result.stdout
    assert any(
        "Autumn 1" in line and NAMES[supervisee] in line and "2 supervisors" in line
        for line in result.stdout.splitlines()
    )


# Made by hand: every one of six people supervised once per half term, across schools,
# with IDs typed as numbers.
HAND_MADE = [
    ["half term", "supervisor id", "supervisee id"],
    *[["Autumn 1", a, b] for a, b in [(101, 201), (201, 301), (301, 101)]],
    *[["Autumn 1", a, b] for a, b in [(102, 202), (202, 302), (302, 102)]],
    *[["Autumn 2", a, b] for a, b in [(101, 302), (302, 201), (201, 102)]],
    *[["Autumn 2", a, b] for a, b in [(102, 301), (301, 202), (202, 101)]],
]


def test_check_a_plan_made_by_hand(tmp_path, roster):
    plan = write_xlsx(tmp_path / "by hand.xlsx", {"Pairings": HAND_MADE})
    result = run("check", roster, plan, code=0)
    assert "keeps every rule" in result.stdout


def test_check_counts_in_plain_english(tmp_path, roster):
    """STYLE: messages in plain English. One missing session is "1 time", not "1 times"."""
    plan = write_xlsx(tmp_path / "by hand.xlsx", {"Pairings": HAND_MADE[:-1]})
    result = run("check", roster, plan, code=1)
    assert "by hand.xlsx breaks the rules 1 time." in result.output


def test_solve_counts_in_plain_english(tmp_path):
    """STYLE: messages in plain English: "1 person", and a capacity of 0 broken by "1
    person", never "1 people"."""
    roster = write_xlsx(
        tmp_path / "roster.xlsx", {"Staff": [STAFF_HEADER, ["101", "Ann Able", "Oak", "Yes"]]}
    )
    result = solve(roster, tmp_path / "plan.xlsx", code=1)
    assert "Planned 0 sessions for 1 person over 6 half terms" in result.stdout
    roster = small_roster(tmp_path / "zero.xlsx")
    workbook = load_workbook(roster)
    workbook["Staff"]["E1"], workbook["Staff"]["E2"] = "Capacity", 0
    workbook.save(roster)
    plan = write_xlsx(tmp_path / "by hand.xlsx", {"Pairings": HAND_MADE})
    output = run("check", roster, plan).stdout
    assert "Ann Able (101) supervises 1 person (Cat Cole (201)); capacity is 0" in output


def test_check_finds_a_broken_change_request(tmp_path):
    requests = [["ID", "Partner ID", "Reason"], ["201", "101", SECRET]]
    roster = small_roster(tmp_path / "roster.xlsx", Change_Requests=requests)
    # The hand-made plan keeps every other rule, but 101 supervises 201 in Autumn 1.
    plan = write_xlsx(tmp_path / "plan.xlsx", {"Pairings": HAND_MADE})
    result = run("check", roster, plan, code=1)
    assert "H7 change requests: BROKEN (1 time)" in result.stdout
    assert "BROKEN" not in result.stdout.replace("H7 change requests: BROKEN", "")
    line = next(
        line for line in result.stdout.splitlines() if "Autumn 1" in line and "Cat Cole" in line
    )
    assert "Ann Able" in line
    assert SECRET not in result.output


def test_check_breaks_a_session_with_someone_not_on_the_roster(tmp_path, roster, plan):
    """SPEC 8: 'any session ... that names someone not on the roster is broken (exit 1),
    since an auditor must not pass an unknown person'. The row is named as Excel numbers it."""

    def unknown(sheet):
        sheet.cell(4, 2).value = "999"

    edited = edit_plan(plan, tmp_path / "edited.xlsx", unknown)
    result = run("check", roster, edited, code=1)
    assert "People on the roster: BROKEN (1 time)" in result.stdout
    assert '  Pairings row 4, Supervisor ID: "999" is not on the roster' in result.stdout
    assert "edited.xlsx breaks the rules 1 time." in result.output


def test_check_matches_an_id_retyped_in_another_case(tmp_path):
    """SPEC 2: IDs match ignoring case and surrounding spaces, and an all-digit ID ignoring
    leading zeros: T01 retyped t01, and 101 typed 0101, are the people the roster holds."""
    roster = write_xlsx(
        tmp_path / "roster.xlsx",
        {
            "Staff": [
                STAFF_HEADER,
                ["T01", "Tia Trust", "Central team", "Yes"],
                *[row for row in SIX_PEOPLE if row[0] in ("101", "201", "301")],
            ],
            "Half Terms": [["Half Term"], ["Autumn 1"]],
        },
    )
    hand_made = [
        ["Half Term", "Supervisor ID", "Supervisee ID"],
        ["Autumn 1", " t01 ", "0101"],
        ["Autumn 1", "101", "201"],
        ["Autumn 1", "201", "301"],
        ["Autumn 1", "301", "T01"],
    ]
    plan = write_xlsx(tmp_path / "by hand.xlsx", {"Pairings": hand_made})
    result = run("check", roster, plan, code=0)
    assert "keeps every rule" in result.stdout
    assert "not on the roster" not in result.output


def test_check_warns_of_a_name_that_contradicts_its_id(tmp_path, roster, plan):
    """A name typed over by hand while the ID stayed: the ID counts, and the lead is told
    which row to look at."""

    def rename(sheet):
        sheet.cell(3, 3).value = "Somebody Else"

    edited = edit_plan(plan, tmp_path / "edited.xlsx", rename)
    supervisor_id = rows(edited, "Pairings")[2][1]
    result = run("check", roster, edited, code=0)
    assert (
        f'Warning: Pairings row 3, Supervisor: "Somebody Else" is not the name of '
        f"{supervisor_id}, who is {NAMES[supervisor_id]} on the roster"
    ) in result.stderr


def test_check_reports_every_row_problem_at_once(tmp_path, roster, plan):
    def damage(sheet):
        sheet.cell(3, 2).value = "999"
        sheet.cell(5, 1).value = "Winter 9"
        sheet.cell(6, 5).value = None

    edited = edit_plan(plan, tmp_path / "edited.xlsx", damage)
    result = run("check", roster, edited, code=2)
    assert "Pairings row 3" not in result.stderr  # an unknown ID is a leaver, not a problem
    assert "Pairings row 5, Half Term" in result.stderr
    assert "Pairings row 6, Supervisee ID" in result.stderr


def test_check_a_file_that_is_not_a_plan(roster):
    result = run("check", roster, roster, code=2)
    assert "Pairings" in result.stderr


def test_check_a_text_file_named_xlsx(tmp_path, roster):
    plan = tmp_path / "plan.xlsx"
    plan.write_text("Half Term,Supervisor ID,Supervisee ID\n")
    result = run("check", roster, plan, code=2)
    assert "cannot be read as an Excel workbook" in result.stderr


def test_check_a_missing_plan_is_a_usage_error(tmp_path, roster):
    run("check", roster, tmp_path / "nope.xlsx", code=2)


def test_check_against_a_bad_roster(tmp_path, plan):
    roster = write_xlsx(tmp_path / "bad.xlsx", BAD_SHEETS)
    result = run("check", roster, plan, code=2)
    assert BAD_PROBLEMS[0] in result.stderr
    assert "passed" not in result.output


def test_solve_shows_progress_only_on_long_runs(tmp_path, roster, monkeypatch):
    """Issue 5: progress (stage, best value, bound) once a run takes more than a couple of
    seconds; none on quick runs. The threshold is lowered to zero to see the lines."""
    quick = solve(roster, tmp_path / "quick.xlsx", code=0)
    assert "planned:" not in quick.stderr
    monkeypatch.setattr("peerpair.cli._Progress.QUIET_SECONDS", 0.0)
    shown = solve(roster, tmp_path / "shown.xlsx", code=0)
    assert "Autumn 1 planned:" in shown.stderr
    assert "under Cover Needed" in shown.stderr
    # The steps after pairing take as long as the pairing itself on large rosters.
    assert "writing shown.xlsx" in shown.stderr


@pytest.mark.parametrize("command", ["check", "re-solve", "validate"])
def test_a_command_parses_the_plan_once(roster, plan, tmp_path, monkeypatch, command):
    """Reading a plan is most of what check costs at 5,000 people: the file is parsed once,
    for the people it names and then against the roster."""
    opened = []

    class Counted(plan_workbook.StreamedWorkbook):
        def __init__(self, path):
            opened.append(Path(path).name)
            super().__init__(path)

    monkeypatch.setattr(plan_workbook, "StreamedWorkbook", Counted)
    arguments = {
        "check": ["check", roster, plan, "--today", "2026-09-01"],
        "re-solve": [
            "solve",
            roster,
            "--previous",
            plan,
            "--from",
            "Autumn 2",
            "--today",
            "2026-09-01",
        ],
        "validate": ["validate", roster, "--previous", plan],
    }[command]
    if command == "re-solve":
        arguments += ["-o", tmp_path / "again.xlsx"]
    run(*arguments, code=0)
    assert opened == ["plan.xlsx"]


def test_the_roster_and_the_plan_given_the_wrong_way_round_are_said_so(tmp_path, roster):
    plan = tmp_path / "plan.xlsx"
    solve(roster, plan, code=0)
    swapped = run("check", plan, roster, code=2)
    assert "is a plan peerpair wrote, not a roster" in swapped.stderr
    assert "does not read this sheet" not in swapped.stderr
    assert "roster first" in swapped.stderr
    for args in (["diff", roster, plan], ["invites", roster, "-o", tmp_path / "inv"]):
        result = run(*args, code=2)
        assert f"{roster.name} is a roster, not a plan" in result.stderr


def test_the_help_lists_every_command_whole_and_says_every_option_and_exit_code():
    """`peerpair --help` is the first thing a lead reads: each command's line whole, not
    cut off with "...", every option explained, and what the exit codes mean (SPEC 5)."""
    main = run("--help", code=0).output
    listed = main[main.index("Commands:") : main.index("Exit codes:")].splitlines()[1:]
    assert len([line for line in listed if line.strip()]) == len(cli.commands)
    assert not any(line.rstrip().endswith("...") for line in listed), main
    codes = re.findall(r"^\s+(\d+)\s+\w", main[main.index("Exit codes:") :], re.MULTILINE)
    assert codes == ["0", "1", "2", "3", "130"], main
    for name, command in cli.commands.items():
        for option in command.params:
            if isinstance(option, click.Option) and "--help" not in option.opts:
                assert option.help and len(option.help) > len("Seconds."), (name, option.opts)


def test_a_file_name_typed_wrong_is_said_with_the_files_it_may_have_meant(tmp_path, roster):
    result = run("validate", roster.with_name("rostr.xlsx"), code=2)
    assert f'There is no file "rostr.xlsx" in {roster.parent}' in result.stderr
    assert f'Did you mean "{roster.name}"?' in result.stderr
    folder = tmp_path / "no such folder" / "roster.xlsx"
    assert "There is no folder" in run("validate", folder, code=2).stderr
