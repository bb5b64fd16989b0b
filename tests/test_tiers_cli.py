"""The command line with the other tiers (SPEC 7): `solve` plans them after the calendar
pass and says what it could not schedule (exit 1), `check` audits them, `invites` sends
them, a re-solve keeps the tier sessions of the half terms it keeps, and a roster without
tier sheets gives exactly the plan it gave before."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from click.testing import CliRunner, Result
from openpyxl import Workbook, load_workbook

from peerpair.cli import cli
from peerpair.io.plan_workbook import read_plan
from peerpair.io.roster_reader import read_roster

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"

STAFF = [
    ["ID", "Name", "School", "Role", "Supervision Trained", "Working Days"],
    ["101", "Ann Able", "Oak Primary", "DSL", "Yes", None],
    ["102", "Ben Best", "Oak Primary", "Deputy DSL", "Yes", None],
    ["201", "Cat Cole", "Elm Academy", "DSL", "Yes", None],
    ["202", "Dan Dee", "Elm Academy", "Deputy DSL", "Yes", None],
    ["301", "Eve Ent", "Ash High", "DSL", "Yes", None],
    ["302", "Fay Fox", "Ash High", "Deputy DSL", "Yes", None],
    ["T1", "Tess Lead", "Central team", "Trust Safeguarding Lead", "Yes", None],
]
HALF_TERMS = [
    ["Half Term", "Start", "End"],
    ["Autumn 1", date(2026, 9, 2), date(2026, 10, 23)],
    ["Autumn 2", date(2026, 11, 2), date(2026, 12, 18)],
]
TIERS = {
    "Groups": [
        ["Group", "Facilitator IDs", "Members", "Per", "Max Size"],
        ["Deputies", "101, 201", "role:Deputy DSL", "term", 2],
    ],
    "Schools": [["School", "High Caseload"], ["Oak Primary", "Yes"], ["Ash High", "No"]],
    "Requirements": [["Role", "Supervisor Role"], ["Deputy DSL", "DSL"]],
    "Requests": [["ID", "Preferred Supervisor ID", "By", "Reason"],
                 ["202", "301", date(2026, 10, 9), "SECRET-REASON-XYZ"]],
}  # fmt: skip


def run(*args: object, code: int) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    assert result.exit_code == code, f"exit {result.exit_code}, wanted {code}:\n{result.output}"
    return result


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def roster_file(tmp_path: Path, **changes) -> Path:
    sheets = {"Staff": STAFF, "Half Terms": HALF_TERMS, **TIERS}
    sheets.update(changes)
    return write_xlsx(tmp_path / "roster.xlsx", {k: v for k, v in sheets.items() if v})


def rows(path: Path, sheet: str) -> list[tuple]:
    return list(load_workbook(path)[sheet].iter_rows(values_only=True))


def test_solve_plans_every_tier_and_check_agrees(tmp_path):
    roster = roster_file(tmp_path)
    plan = tmp_path / "plan.xlsx"
    result = run("solve", roster, "-o", plan, code=0)
    assert (
        "Other tiers: 2 group sessions and 1 mop-up, 3 school sessions (90 minutes), "
        "7 one-to-ones; everything scheduled." in result.output
    )
    checks = {row[0]: row[1] for row in rows(plan, "Checks")[1:]}
    for rule in ("T1 group sessions", "T2 mop-ups", "T3 school sessions", "T4 one-to-ones",
                 "T5 requests", "T6 tier session days"):  # fmt: skip
        assert checks[rule] == "Passed"
    summary = dict(rows(plan, "Summary")[1:])
    assert summary["Sessions of the other tiers"].endswith("everything scheduled")
    assert "SECRET" not in str([rows(plan, s) for s in load_workbook(plan).sheetnames])
    checked = run("check", roster, plan, code=0)
    assert "T6 tier session days: passed" in checked.output
    assert (
        "Other tiers: 1 group, 2 schools, 1 requirement, 1 request."
        in run("validate", roster, code=0).output
    )


def test_solve_says_what_it_could_not_schedule_and_exits_1(tmp_path):
    """Nobody can lead Ash High's session: the only trust lead works Mondays, and nobody
    at Ash does."""
    staff = [row[:5] + [row[5]] for row in STAFF]
    staff[5][5] = staff[6][5] = "Tue, Wed"
    staff[7][5] = "Mon"
    roster = roster_file(tmp_path, Staff=staff, Groups=None, Requirements=None, Requests=None)
    plan = tmp_path / "plan.xlsx"
    result = run("solve", roster, "-o", plan, code=1)
    assert (
        "1 need of the other tiers could not be scheduled:\n"
        "  the Autumn term: no trust-led session at Ash High: no day suits both a trust lead "
        "and someone at the school (working days, closures, days not available, or days "
        "already taken)\n" in result.output
    )
    assert plan.exists()
    checks = {row[0]: row[2] for row in rows(plan, "Checks")[1:]}
    assert (
        checks["T3 school sessions"]
        == "Autumn 2: Ash High has no trust-led session in the Autumn term"
    )
    assert "T1 group sessions" not in checks  # no Groups sheet: no row
    run("check", roster, plan, code=1)


def test_check_finds_a_tier_session_moved_onto_a_saturday(tmp_path):
    roster = roster_file(tmp_path)
    plan = tmp_path / "plan.xlsx"
    run("solve", roster, "-o", plan, code=0)
    workbook = load_workbook(plan)
    sheet = workbook["Sessions"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "school")
    row[2].value = datetime(2026, 9, 5)
    workbook.save(plan)
    result = run("check", roster, plan, code=1)
    assert "Sat 05/09/2026 is a weekend" in result.output


def test_check_breaks_a_session_led_by_an_id_named_only_in_the_sessions_sheet(tmp_path):
    """As for Pairings (SPEC 8), a session naming someone not on the roster is broken: a
    school session led by a mistyped ID is never passed."""
    roster = roster_file(tmp_path)
    plan = tmp_path / "plan.xlsx"
    run("solve", roster, "-o", plan, code=0)
    workbook = load_workbook(plan)
    row = next(r for r in workbook["Sessions"].iter_rows(min_row=2) if r[0].value == "school")
    row[5].value = "T9"
    workbook.save(plan)
    result = run("check", roster, plan, code=1)
    assert f'Sessions row {row[5].row}, Lead ID: "T9" is not on the roster' in result.stdout


def test_invites_send_every_tier_with_a_mail_merge_column_for_them(tmp_path):
    roster = roster_file(tmp_path)
    plan = tmp_path / "plan.xlsx"
    run("solve", roster, "-o", plan, code=0)
    invites = ("invites", plan, "-o", tmp_path / "invites")
    run(*invites, "--organiser", "lead@trust.example.org", "--today", "2026-08-20", code=0)
    calendar = (tmp_path / "invites" / "T1 Tess Lead.ics").read_text(encoding="utf-8")
    assert "SUMMARY:School safeguarding supervision — Autumn 1" in calendar
    with (tmp_path / "invites" / "mail-merge.csv").open(encoding="utf-8-sig") as file:
        header, *lines = list(csv.reader(file))
    assert header[7] == "Other Sessions"  # after SPEC 6's columns, before the file names
    assert all(len(line) == len(header) for line in lines)


def test_a_resolve_keeps_the_tier_sessions_of_the_half_terms_it_keeps(tmp_path):
    """Half terms before --from have happened: their tier sessions stay, and count towards
    their term (the Deputies meet once a term: those who met in Autumn 1 are not asked
    again in Autumn 2)."""
    roster = roster_file(tmp_path)
    first, second = tmp_path / "plan.xlsx", tmp_path / "plan-2.xlsx"
    run("solve", roster, "-o", first, code=0)
    run("solve", roster, "-o", second, "--previous", first, "--from", "Autumn 2", code=0)
    r = read_roster(roster).roster
    before, after = read_plan(first, r).plan, read_plan(second, r).plan
    kept = [s for s in before.tier_sessions if s.half_term == "Autumn 1"]
    assert [s for s in after.tier_sessions if s.half_term == "Autumn 1"] == kept
    deputies = [s for s in after.tier_sessions if s.group == "Deputies" and s.tier.value == "group"]
    met = [i for s in deputies for i in s.attendee_ids]
    assert sorted(met) == ["102", "202", "302"]


def test_a_resolve_keeps_the_tier_sessions_held_after_the_tier_sheets_are_removed(tmp_path):
    """SPEC 1: on a re-solve "everything already delivered stays". A trust that stops its
    groups and school sessions at Christmas removes the sheets; the sessions already held
    stay in the plan, and none are planned from --from on."""
    first, second = tmp_path / "plan.xlsx", tmp_path / "plan-2.xlsx"
    run("solve", roster_file(tmp_path), "-o", first, code=0)
    bare = write_xlsx(tmp_path / "bare.xlsx", {"Staff": STAFF, "Half Terms": HALF_TERMS})
    result = run("solve", bare, "-o", second, "--previous", first, "--from", "Autumn 2", code=0)
    r = read_roster(bare).roster
    before, after = read_plan(first, r).plan, read_plan(second, r).plan
    kept = [s for s in before.tier_sessions if s.half_term == "Autumn 1"]
    assert kept and after.tier_sessions == tuple(kept)
    assert "Other tiers: " in result.output


def test_a_roster_without_tier_sheets_gives_exactly_the_peer_plan_it_gave_before(tmp_path):
    """The tiers are lighter constraints: the sample roster with its Groups, Schools,
    Requirements and Requests sheets removed gives the committed sample plan's pairings and
    cover cell by cell, and no Sessions sheet."""
    roster = load_workbook(SAMPLE / "roster.xlsx")
    for sheet in ("Groups", "Schools", "Requirements", "Requests"):
        del roster[sheet]
    roster.save(tmp_path / "roster.xlsx")
    plan = tmp_path / "plan.xlsx"
    run("solve", tmp_path / "roster.xlsx", "-o", plan, code=0)
    committed = load_workbook(SAMPLE / "plan.xlsx")
    written = load_workbook(plan)
    assert written.sheetnames == [name for name in committed.sheetnames if name != "Sessions"]
    for name in ("Pairings", "Cover Needed"):
        old = list(committed[name].iter_rows(values_only=True))
        assert list(written[name].iter_rows(values_only=True)) == old, name
