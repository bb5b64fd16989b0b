"""Re-solving a published plan from the command line (SPEC 1, 3 objective 2, 5):
`peerpair solve ROSTER --previous PLAN.xlsx --from "HALF TERM" -o NEW.xlsx` after a change
request, an absence, a joiner or a leaver, and `peerpair diff OLD.xlsx NEW.xlsx`.

The roster: eight trained people, two in each of four schools, each able to supervise one
person per half term, and one trust lead (capacity 3, not a supervisee) as the fallback. The
first plan needs no trust lead, so all eight peers are full in every half term: whatever
the previous plan is, the fewest changes each edit needs can be worked out by hand, and the
tests assert that exact number."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook

from tests.test_cli import all_cells, rows, run, snapshot, write_xlsx

STAFF_HEADER = ["ID", "Name", "School", "Supervision Trained", "Role"]
PEOPLE = [
    ["101", "Ann Able", "Oak Primary", "Yes"],
    ["102", "Ben Best", "Oak Primary", "Yes"],
    ["201", "Cat Cole", "Elm Academy", "Yes"],
    ["202", "Dan Dee", "Elm Academy", "Yes"],
    ["301", "Eve Ent", "Ash High", "Yes"],
    ["302", "Fay Fox", "Ash High", "Yes"],
    ["401", "Gus Gill", "Birch Infants", "Yes"],
    ["402", "Hal Hunt", "Birch Infants", "Yes"],
]
LEAD = ["901", "Tia Trust", "Central team", "Yes", "Trust Safeguarding Lead"]
JOINER = ["501", "Jo Join", "Cedar Juniors", "Yes"]
NAMES = {row[0]: row[1] for row in [*PEOPLE, LEAD, JOINER]}
SCHOOLS = {row[0]: row[2] for row in [*PEOPLE, LEAD, JOINER]}
HALF_TERMS = ["Autumn 1", "Autumn 2", "Spring 1"]
SECRET = "SECRET-REASON-XYZ"
CHANGES_HEADER = ["Half Term", "Supervisee ID", "Old Supervisor ID", "New Supervisor ID"]

Pair = tuple[str, str, str]  # (half term, supervisor ID, supervisee ID)


# --- builders and readers ---------------------------------------------------------------


def roster_file(path: Path, staff: list[list[str]] | None = None, **sheets) -> Path:
    """The roster (or `staff` in place of its Staff rows) and any other sheets (keyword names
    use underscores for spaces: Change_Requests=...)."""
    tables = {
        "Staff": [STAFF_HEADER, *(staff if staff is not None else [*PEOPLE, LEAD])],
        "Half Terms": [["Half Term"], *([h] for h in HALF_TERMS)],
    }
    tables.update({name.replace("_", " "): table for name, table in sheets.items()})
    return write_xlsx(path, tables)


def solve(roster: Path, out: Path, *extra: object, code: int | None = 0) -> Result:
    return run("solve", roster, "-o", out, "--time-limit", 10, *extra, code=code)


def resolve(roster: Path, previous: Path, out: Path, from_: str, code: int | None = 0) -> Result:
    return solve(roster, out, "--previous", previous, "--from", from_, code=code)


def pairs(plan: Path, *half_terms: str) -> list[Pair]:
    """The plan's sessions (all, or in `half_terms`) in the Pairings sheet's order."""
    return [
        (r[0], r[1], r[4])
        for r in rows(plan, "Pairings")[1:]
        if not half_terms or r[0] in half_terms
    ]


def pairings_rows(plan: Path, half_term: str) -> list[list[object]]:
    return [r for r in rows(plan, "Pairings")[1:] if r[0] == half_term]


def supervisor_of(plan: Path, half_term: str) -> dict[str, str]:
    return {b: a for h, a, b in pairs(plan, half_term)}


def changes_sheet(plan: Path) -> list[tuple[str, ...]]:
    """The Changes sheet's rows (header checked), blank IDs as ""."""
    table = rows(plan, "Changes")
    assert table[0][:4] == CHANGES_HEADER
    return [tuple("" if v is None else str(v) for v in r[:4]) for r in table[1:]]


def summary(plan: Path) -> dict[str, str]:
    return {r[0]: r[1] for r in rows(plan, "Summary")[1:]}


def label(person_id: str) -> str:
    return f"{NAMES[person_id]} ({person_id})" if person_id else "nobody"


def printed_changes(output: str) -> list[str]:
    """The "N sessions change:" block of the terminal output, its lines stripped, without
    the reason that ends each (tests/test_year_changes.py tests those)."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.endswith(("change:", "changes:")))
    block = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        block.append(re.sub(r" \([^()]* [^()]*\)$", "", line.strip()))
    return block


def expected_printout(changes: list[tuple[str, ...]]) -> list[str]:
    """What the terminal should print for the Changes sheet's rows, grouped by half term."""
    count = len(changes)
    lines = ["1 session changes:" if count == 1 else f"{count} sessions change:"]
    for half_term, supervisee, old, new in changes:
        if f"{half_term}:" not in lines:
            lines.append(f"{half_term}:")
        lines.append(f"{label(supervisee)}: supervised by {label(old)} -> {label(new)}")
    return lines


def assert_least_possible(plan: Path, changed: int) -> None:
    """The Summary's row on changed sessions (its Item title is not asserted: only that one
    row says how many sessions changed, and that no fewer is possible)."""
    said = [v for v in summary(plan).values() if "changed —" in str(v)]
    sessions = "1 session" if changed == 1 else f"{changed} sessions"
    assert said == [f"{sessions} changed — the least possible"], summary(plan)


def assert_keeps_every_rule(plan: Path) -> None:
    checks = rows(plan, "Checks")[1:]
    assert checks and all(r[1] in ("Passed", "Not in force") for r in checks), checks


def assert_plan_is_complete(plan: Path, roster_ids: set[str], half_terms: list[str]) -> None:
    """In each of `half_terms`, every one of `roster_ids` has exactly one supervisor from
    another school, and nobody supervises more than their capacity."""
    for half_term in half_terms:
        sessions = pairs(plan, half_term)
        assert sorted(b for _, _, b in sessions) == sorted(roster_ids), half_term
        assert all(SCHOOLS[a] != SCHOOLS[b] for _, a, b in sessions)
        load = [a for _, a, _ in sessions]
        assert all(load.count(a) <= (3 if a == "901" else 1) for a in load)
    assert rows(plan, "Cover Needed")[1:] == []


def assert_clean(result: Result) -> None:
    assert "Traceback" not in result.output


# --- the published plan -------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path]:
    """(roster, the plan solved from it): the plan that was published before the year."""
    folder = tmp_path_factory.mktemp("published")
    roster = roster_file(folder / "roster.xlsx")
    plan = folder / "plan.xlsx"
    solve(roster, plan)
    # The premise of every count below: the eight peers cover everyone, each supervising
    # exactly one person in each half term, and the trust lead is left free.
    assert_plan_is_complete(plan, {p[0] for p in PEOPLE}, HALF_TERMS)
    assert all("901" not in (a, b) for _, a, b in pairs(plan))
    return roster, plan


# --- change requests ----------------------------------------------------------------------


def a_pair_only_in_autumn_2(plan: Path) -> tuple[str, str]:
    """A supervisor -> supervisee pair of Autumn 2 not paired (either way) in Spring 1."""
    spring = {frozenset((a, b)) for _, a, b in pairs(plan, "Spring 1")}
    return next((a, b) for _, a, b in pairs(plan, "Autumn 2") if {a, b} not in spring)


@pytest.fixture(scope="module")
def change_request(published, tmp_path_factory) -> tuple[Path, Path, Path, Result, tuple]:
    """A change request from Autumn 2 between a pair the published plan has in Autumn 2,
    re-solved from Autumn 2: (roster, previous, new plan, run, (supervisor, supervisee))."""
    _, previous = published
    supervisor, supervisee = a_pair_only_in_autumn_2(previous)
    folder = tmp_path_factory.mktemp("change_request")
    requests = [
        ["ID", "Partner ID", "From Half Term", "Reason"],
        [supervisee, supervisor, "Autumn 2", f"{SECRET}: not comfortable together"],
    ]
    roster = roster_file(folder / "roster.xlsx", Change_Requests=requests)
    new = folder / "new.xlsx"
    result = resolve(roster, previous, new, "Autumn 2")
    return roster, previous, new, result, (supervisor, supervisee)


def test_a_change_request_ends_the_pair_from_its_half_term(change_request):
    _, previous, new, _, (a, b) = change_request
    for half_term in ("Autumn 2", "Spring 1"):
        assert not any({x, y} == {a, b} for _, x, y in pairs(new, half_term))
    # Autumn 1 has happened: its rows are exactly as published.
    assert pairings_rows(new, "Autumn 1") == pairings_rows(previous, "Autumn 1")
    assert_plan_is_complete(new, {p[0] for p in PEOPLE}, HALF_TERMS)
    assert_keeps_every_rule(new)


def test_a_change_request_changes_one_session_only(change_request):
    """Every peer is full, and the supervisor who is freed may not take the supervisee: the
    one spare giver, the trust lead, takes them. One change, and no fewer is possible."""
    _, previous, new, result, (a, b) = change_request
    assert changes_sheet(new) == [("Autumn 2", b, a, "901")]
    assert_least_possible(new, 1)
    assert "changed sessions: 1 (proven optimal)" in result.stdout
    # Everyone else keeps their supervisor.
    for half_term in ("Autumn 2", "Spring 1"):
        before, after = supervisor_of(previous, half_term), supervisor_of(new, half_term)
        assert {k: v for k, v in after.items() if v != before.get(k)} == (
            {b: "901"} if half_term == "Autumn 2" else {}
        )


def test_the_printed_changes_match_the_changes_sheet(change_request):
    _, _, new, result, (a, b) = change_request
    assert printed_changes(result.stdout) == expected_printout(changes_sheet(new))
    assert f"{NAMES[b]} ({b}): supervised by {NAMES[a]} ({a}) -> Tia Trust (901)" in result.stdout
    assert f"Plan written to {new}" in result.stdout


def test_a_re_solve_keeps_change_requests_private(change_request):
    roster, previous, new, result, _ = change_request
    assert SECRET not in result.output
    for cell in all_cells(new, rule_titles=False):
        assert SECRET not in cell
        assert "change request" not in cell.casefold(), cell
    # The one mention left: rule H7's fixed title on the Checks sheet, which names nobody.
    mentions = [c for c in all_cells(new) if "change request" in c.casefold()]
    assert mentions == ["H7 change requests"]
    h7 = next(r for r in rows(new, "Checks") if r[0] == "H7 change requests")
    assert h7[1:3] == ["Passed", "—"]
    assert SECRET not in run("check", roster, new, code=0).output
    assert SECRET not in run("diff", previous, new, code=1).output


def test_a_re_solve_never_prints_a_reason_with_an_absence_too(tmp_path, published):
    _, previous = published
    a, b = a_pair_only_in_autumn_2(previous)
    roster = roster_file(
        tmp_path / "roster.xlsx",
        Change_Requests=[["ID", "Partner ID", "Reason"], [a, b, SECRET]],
        Absences=[["ID", "Half Term", "Reason"], ["402", "Spring 1", SECRET]],
    )
    new = tmp_path / "new.xlsx"
    result = resolve(roster, previous, new, "Autumn 2")
    assert SECRET not in result.output
    for cell in all_cells(new, rule_titles=False):
        assert SECRET not in cell
        assert "change request" not in cell.casefold(), cell
        assert "absen" not in cell.casefold(), cell


def test_a_request_older_than_from_stays_out_of_the_plan(tmp_path, published):
    _, previous = published
    _, a, b = pairs(previous, "Autumn 1")[0]
    requests = [["ID", "Partner ID", "From Half Term", "Reason"], [a, b, None, SECRET]]
    roster = roster_file(tmp_path / "roster.xlsx", Change_Requests=requests)
    new = tmp_path / "new.xlsx"
    result = resolve(roster, previous, new, "Autumn 2", code=None)
    assert result.exit_code in (0, 1)
    # Autumn 1 has happened and is kept as it was ...
    assert pairings_rows(new, "Autumn 1") == pairings_rows(previous, "Autumn 1")
    # ... but nothing in the plan may tell its readers about the request.
    for cell in all_cells(new, rule_titles=False):
        assert SECRET not in cell
        assert "not to be paired" not in cell, cell
        assert not (NAMES[a] in cell and NAMES[b] in cell), cell
    # The Checks say, in a count only, that a kept session breaks today's rules.
    assert rows(new, "Checks")[-1][:3] == [
        "Half terms kept as published",
        "Broken: 1",
        "Autumn 1: sessions kept as published break today's rules 1 time",
    ]


def test_kept_sessions_are_counted_in_breaks_as_check_counts_them(tmp_path, published):
    """Ann's session with Ben in Autumn 1 is now under a change request, and Ben is now
    absent then: that session breaks two rules (H1, H7), and Ben's own as a supervisor one
    (H2). Three breaks in two sessions: the Checks row counts breaks, as `check` does."""
    _, previous = published
    _, a, b = pairs(previous, "Autumn 1")[0]
    roster = roster_file(
        tmp_path / "roster.xlsx",
        Change_Requests=[["ID", "Partner ID", "From Half Term"], [a, b, None]],
        Absences=[["ID", "Half Term"], [b, "Autumn 1"]],
    )
    new = tmp_path / "new.xlsx"
    resolve(roster, previous, new, "Autumn 2", code=None)
    assert rows(new, "Checks")[-1][2] == (
        "Autumn 1: sessions kept as published break today's rules 3 times"
    )
    assert "breaks the rules 3 times" in run("check", roster, new, code=1).stderr


def test_an_absence_before_from_stays_out_of_the_plan(tmp_path, published):
    _, previous = published
    roster = roster_file(
        tmp_path / "roster.xlsx", Absences=[["ID", "Half Term"], ["401", "Autumn 1"]]
    )
    new = tmp_path / "new.xlsx"
    result = resolve(roster, previous, new, "Autumn 2", code=None)
    assert result.exit_code in (0, 1)
    assert pairings_rows(new, "Autumn 1") == pairings_rows(previous, "Autumn 1")
    for cell in all_cells(new, rule_titles=False):
        assert "absen" not in cell.casefold(), cell


# --- absences, joiners, leavers -------------------------------------------------------------


def test_an_absence_in_a_later_half_term(tmp_path, published):
    """Gus is away in Spring 1: his own session goes, and the person he supervised needs a
    new supervisor. Two changes, both in Spring 1; Autumn 2 stays as it was."""
    _, previous = published
    absent = "401"
    before = supervisor_of(previous, "Spring 1")
    his_supervisee = next(b for b, a in before.items() if a == absent)
    roster = roster_file(
        tmp_path / "roster.xlsx", Absences=[["ID", "Half Term"], [absent, "SPRING 1"]]
    )
    new = tmp_path / "new.xlsx"
    result = resolve(roster, previous, new, "Autumn 2")
    changes = changes_sheet(new)
    assert changes == sorted(changes)  # one half term, then by supervisee ID
    assert sorted(c[:3] for c in changes) == sorted(
        [("Spring 1", absent, before[absent]), ("Spring 1", his_supervisee, absent)]
    )
    new_supervisor = dict((c[1], c[3]) for c in changes)
    assert new_supervisor[absent] == ""
    assert new_supervisor[his_supervisee] not in ("", absent)
    assert all(absent not in (a, b) for _, a, b in pairs(new, "Spring 1"))
    assert pairings_rows(new, "Autumn 1") == pairings_rows(previous, "Autumn 1")
    assert pairs(new, "Autumn 2") == pairs(previous, "Autumn 2")
    assert_least_possible(new, 2)
    assert f"{NAMES[absent]} ({absent}): supervised by" in result.stdout
    assert "-> nobody" in result.stdout
    assert printed_changes(result.stdout) == expected_printout(changes)
    assert_keeps_every_rule(new)


def test_a_joiner_is_paired(tmp_path, published):
    """Jo joins in Autumn 2: she gets a supervisor in each re-planned half term (a change from
    nobody), everyone else keeps theirs, and Autumn 1 is as published."""
    _, previous = published
    roster = roster_file(tmp_path / "roster.xlsx", staff=[*PEOPLE, LEAD, JOINER])
    new = tmp_path / "new.xlsx"
    result = resolve(roster, previous, new, "Autumn 2")
    changes = changes_sheet(new)
    assert [c[:3] for c in changes] == [("Autumn 2", "501", ""), ("Spring 1", "501", "")]
    assert all(c[3] not in ("", "501") for c in changes)
    assert_least_possible(new, 2)
    assert pairings_rows(new, "Autumn 1") == pairings_rows(previous, "Autumn 1")
    everyone = {p[0] for p in PEOPLE} | {"501"}
    assert_plan_is_complete(new, everyone, ["Autumn 2", "Spring 1"])
    assert "Jo Join (501): supervised by nobody -> " in result.stdout
    assert printed_changes(result.stdout) == expected_printout(changes)
    # She was not there in Autumn 1: no session, and no broken rule, there.
    assert all("501" not in (a, b) for _, a, b in pairs(new, "Autumn 1"))
    assert_keeps_every_rule(new)


def test_a_joiner_is_still_a_joiner_at_the_next_re_solve(tmp_path, published):
    """Jo joins in Autumn 2; the plan is re-solved again from Spring 1. The previous plan now
    names her from Autumn 2, but she was not yet in the cycle in Autumn 1: a kept half term
    she had no session in is not one "today's roster would not allow"."""
    _, previous = published
    roster = roster_file(tmp_path / "roster.xlsx", staff=[*PEOPLE, LEAD, JOINER])
    joined = tmp_path / "joined.xlsx"
    resolve(roster, previous, joined, "Autumn 2")
    again = tmp_path / "again.xlsx"
    resolve(roster, joined, again, "Spring 1")
    assert changes_sheet(again) == []
    assert_keeps_every_rule(again)


@pytest.fixture(scope="module")
def leaver(published, tmp_path_factory) -> tuple[Path, Path, Result]:
    """Fay (302) leaves, her Staff row deleted, re-solved from Autumn 2."""
    _, previous = published
    folder = tmp_path_factory.mktemp("leaver")
    staff = [p for p in [*PEOPLE, LEAD] if p[0] != "302"]
    roster = roster_file(folder / "roster.xlsx", staff=staff)
    new = folder / "new.xlsx"
    result = resolve(roster, previous, new, "Autumn 2")
    return previous, new, result


def test_a_leaver_is_re_paired(leaver):
    """In each re-planned half term Fay's own session goes and the person she supervised gets
    a new supervisor: four changes, and no fewer is possible."""
    previous, new, result = leaver
    assert "Fay Fox (302) is no longer in the roster: re-pairing." in result.stderr
    expected = []
    for half_term in ("Autumn 2", "Spring 1"):
        before = supervisor_of(previous, half_term)
        hers = next(b for b, a in before.items() if a == "302")
        expected += [(half_term, "302", before["302"]), (half_term, hers, "302")]
        assert all("302" not in (a, b) for _, a, b in pairs(new, half_term))
    changes = changes_sheet(new)
    assert sorted(c[:3] for c in changes) == sorted(expected)
    assert all((c[3] == "") == (c[1] == "302") for c in changes)
    assert_least_possible(new, 4)
    assert printed_changes(result.stdout) == expected_printout(changes)
    remaining = {p[0] for p in PEOPLE} - {"302"}
    assert_plan_is_complete(new, remaining, ["Autumn 2", "Spring 1"])
    assert_keeps_every_rule(new)


def test_check_audits_the_plan_written_after_a_leaver(leaver):
    """SPEC 8: an auditor must not pass an unknown person. This roster's half terms have no
    dates, so nothing tells the leaver's sessions for the past: each is a break."""
    _, new, _ = leaver
    roster = new.parent / "roster.xlsx"
    result = run("check", roster, new, code=1)
    assert "People on the roster: BROKEN (2 times)" in result.stdout
    assert result.stdout.count('"302" is not on the roster') == 2


def test_a_leavers_past_sessions_keep_her_name(leaver):
    previous, new, _ = leaver
    autumn_1 = pairings_rows(new, "Autumn 1")
    assert autumn_1 == pairings_rows(previous, "Autumn 1")
    hers = [r for r in autumn_1 if "302" in (r[1], r[4])]
    assert len(hers) == 2
    for r in hers:
        if r[1] == "302":
            assert r[2:4] == ["Fay Fox", "Ash High"]
        else:
            assert r[5:7] == ["Fay Fox", "Ash High"]
    # She is not in the roster any more, so she has no row of her own on the People sheet.
    assert all(r[0] != "302" for r in rows(new, "People")[1:])


def test_kept_half_terms_show_names_and_schools_as_published(tmp_path, published):
    """SPEC 5: half terms before --from are copied unchanged. Ann Able has since moved to
    Cedar Juniors under a new name: her past sessions still show her as published, at Oak
    Primary, and the re-planned half terms and her People row show her as she is now."""
    roster, previous = published
    staff = [
        ["101", "Ann Lee", "Cedar Juniors", "Yes"] if row[0] == "101" else row
        for row in [*PEOPLE, LEAD]
    ]
    moved = roster_file(tmp_path / "moved.xlsx", staff)
    new = tmp_path / "new.xlsx"
    resolve(moved, previous, new, "Spring 1", code=0)
    for half_term in ("Autumn 1", "Autumn 2"):
        assert pairings_rows(new, half_term) == pairings_rows(previous, half_term)
    spring = [r for r in pairings_rows(new, "Spring 1") if "101" in (r[1], r[4])]
    assert spring
    for r in spring:
        assert (r[2:4] if r[1] == "101" else r[5:7]) == ["Ann Lee", "Cedar Juniors"]
    ann = next(r for r in rows(new, "People")[1:] if r[0] == "101")
    assert ann[1:3] == ["Ann Lee", "Cedar Juniors"]


# --- nothing to change ----------------------------------------------------------------------


@pytest.mark.parametrize("from_", ["Autumn 1", "Autumn 2", "Spring 1"])
def test_an_unchanged_roster_changes_nothing(tmp_path, published, from_):
    """From the first half term everything is re-planned, yet the published plan is still
    the best one: zero changes, and the same plan."""
    roster, previous = published
    new = tmp_path / "new.xlsx"
    result = resolve(roster, previous, new, from_, code=0)
    assert changes_sheet(new) == []
    assert_least_possible(new, 0)
    assert "No sessions change: everyone keeps their supervisor." in result.stdout
    assert rows(new, "Pairings") == rows(previous, "Pairings")
    assert rows(new, "People") == rows(previous, "People")
    assert "have the same sessions" in run("diff", previous, new, code=0).stdout


@pytest.mark.parametrize("spelling", ["autumn 2", "  AUTUMN   2 ", "AuTuMn\t2"])
def test_from_ignores_case_and_spaces(tmp_path, published, spelling):
    roster, previous = published
    new = tmp_path / "new.xlsx"
    resolve(roster, previous, new, spelling, code=0)
    assert changes_sheet(new) == []
    assert_least_possible(new, 0)


def test_a_plan_made_by_hand_is_a_previous_plan(tmp_path, published):
    """Only the Half Term and ID columns, headers in any case, half terms in any case, IDs
    typed as numbers: read as the same plan."""
    roster, previous = published
    table = [["half term", "supervisor id", "supervisee id"]]
    table += [[h.upper(), int(a), int(b)] for h, a, b in pairs(previous)]
    by_hand = write_xlsx(tmp_path / "by hand.xlsx", {"Pairings": table})
    new = tmp_path / "new.xlsx"
    result = resolve(roster, by_hand, new, "Autumn 2", code=0)
    assert "no longer in the roster" not in result.output
    assert changes_sheet(new) == []
    assert rows(new, "Pairings") == rows(previous, "Pairings")


def test_an_unknown_id_in_the_previous_plan_is_a_leaver(tmp_path, published):
    """A hand-edited plan naming someone the roster does not know: a leaver, not an error."""
    roster, previous = published
    workbook = load_workbook(previous)
    sheet = workbook["Pairings"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "Spring 1")
    sheet.cell(row, 2).value = "999"
    sheet.cell(row, 3).value = "Zed Gone"
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    new = tmp_path / "new.xlsx"
    result = resolve(roster, edited, new, "Spring 1", code=0)
    assert "Zed Gone (999) is no longer in the roster: re-pairing." in result.stderr
    assert all("999" not in (a, b) for _, a, b in pairs(new))
    assert_plan_is_complete(new, {p[0] for p in PEOPLE}, HALF_TERMS)


def test_a_previous_plan_with_only_the_past(tmp_path, published):
    """A previous plan that stops at Autumn 1: every session from Autumn 2 on is new, a
    change from nobody. 8 people in 2 half terms: 16 changes."""
    roster, previous = published
    header = ["Half Term", "Supervisor ID", "Supervisee ID"]
    only_autumn_1 = write_xlsx(
        tmp_path / "autumn 1.xlsx",
        {"Pairings": [header, *(list(p) for p in pairs(previous, "Autumn 1"))]},
    )
    new = tmp_path / "new.xlsx"
    result = resolve(roster, only_autumn_1, new, "Autumn 2", code=0)
    changes = changes_sheet(new)
    assert len(changes) == 16
    assert all(c[2] == "" and c[3] for c in changes)
    assert [c[0] for c in changes] == ["Autumn 2"] * 8 + ["Spring 1"] * 8
    assert_least_possible(new, 16)
    assert printed_changes(result.stdout) == expected_printout(changes)
    assert_plan_is_complete(new, {p[0] for p in PEOPLE}, HALF_TERMS)


# --- a previous plan that cannot be used, and usage errors ---------------------------------


def test_a_damaged_previous_plan_names_every_bad_row(tmp_path, published):
    roster, previous = published
    workbook = load_workbook(previous)
    sheet = workbook["Pairings"]
    sheet.cell(3, 1).value = "Winter 9"
    sheet.cell(5, 5).value = None
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    new = tmp_path / "new.xlsx"
    result = resolve(roster, edited, new, "Autumn 2", code=2)
    assert "Pairings row 3, Half Term" in result.stderr
    assert '"Winter 9" is not a half term' in result.stderr
    assert "Pairings row 5, Supervisee ID" in result.stderr
    assert not new.exists()


def test_an_unknown_from_and_a_damaged_previous_plan_are_reported_together(tmp_path, published):
    """SPEC 5: all problems are reported in one run, so a mistyped --from does not hide
    what is wrong with the previous plan."""
    roster, previous = published
    workbook = load_workbook(previous)
    workbook["Pairings"].cell(3, 1).value = "Winter 9"
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    new = tmp_path / "new.xlsx"
    result = resolve(roster, edited, new, "Summer 3", code=2)
    assert '--from "Summer 3" is not a half term' in result.stderr
    assert '"Winter 9" is not a half term' in result.stderr
    assert not new.exists()


def test_a_previous_plan_that_is_not_a_plan(tmp_path, published):
    roster, _ = published
    new = tmp_path / "new.xlsx"
    result = resolve(roster, roster, new, "Autumn 2", code=2)
    assert "Pairings" in result.stderr
    assert not new.exists()


def test_an_unknown_from_names_the_half_terms(tmp_path, published):
    roster, previous = published
    new = tmp_path / "new.xlsx"
    result = resolve(roster, previous, new, "Summer 3", code=2)
    assert '"Summer 3"' in result.stderr
    for half_term in HALF_TERMS:
        assert half_term in result.stderr
    assert not new.exists()


def test_from_needs_previous(tmp_path, published):
    """--from says where a re-solve starts, so it needs the plan to re-solve (--previous
    alone re-plans from today: SPEC 8)."""
    roster, _ = published
    new = tmp_path / "new.xlsx"
    result = solve(roster, new, "--from", "Autumn 2", code=2)
    assert "--previous" in result.stderr and "--from" in result.stderr
    assert not new.exists()


def test_the_output_may_not_be_the_previous_plan(tmp_path, published):
    roster, previous = published
    before = snapshot(previous)
    result = resolve(roster, previous, previous, "Autumn 2", code=2)
    assert snapshot(previous) == before
    assert "never overwrites" in result.stderr


def test_a_missing_previous_plan(tmp_path, published):
    roster, _ = published
    new = tmp_path / "new.xlsx"
    resolve(roster, tmp_path / "nope.xlsx", new, "Autumn 2", code=2)
    assert not new.exists()


# --- diff -----------------------------------------------------------------------------------


def test_diff_of_a_re_solve_lists_the_changes(change_request):
    _, previous, new, _, _ = change_request
    result = run("diff", previous, new, code=1)
    assert printed_changes(result.stdout) == expected_printout(changes_sheet(new))


def test_diff_of_a_leaver_names_her(leaver):
    previous, new, _ = leaver
    result = run("diff", previous, new, code=1)
    assert printed_changes(result.stdout) == expected_printout(changes_sheet(new))
    assert "Fay Fox (302): supervised by" in result.stdout


def test_diff_of_the_same_plan(tmp_path, published):
    _, plan = published
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(plan.read_bytes())
    result = run("diff", plan, copy, code=0)
    assert result.stdout.strip() == "plan.xlsx and copy.xlsx have the same sessions."


def test_diff_into_a_closed_pipe_is_not_reported_as_a_bug(published):
    """`peerpair diff OLD NEW | head` stops reading early: peerpair stops quietly instead of
    asking the lead to report a bug (SPEC 5: no traceback ever reaches the user)."""
    _, plan = published
    read_end, write_end = os.pipe()
    os.close(read_end)  # a reader that has already gone
    command = "from peerpair.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", command, "diff", str(plan), str(plan)],
        stdout=write_end,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 1


def test_diff_needs_no_roster(tmp_path):
    """Any two plans, with half terms and IDs no roster defines."""
    header = ["Half Term", "Supervisor ID", "Supervisor", "Supervisee ID", "Supervisee"]
    old = write_xlsx(
        tmp_path / "old.xlsx",
        {
            "Pairings": [
                header,
                ["Term A", "1", "One", "2", "Two"],
                ["Term B", 2, "Two", 3, "Three"],
            ]
        },
    )
    new = write_xlsx(
        tmp_path / "new.xlsx",
        {
            "Pairings": [
                header,
                ["Term A", "3", "Three", "2", "Two"],
                ["Term B", 2, "Two", 3, "Three"],
            ]
        },
    )
    result = run("diff", old, new, code=1)
    assert printed_changes(result.stdout) == [
        "1 session changes:",
        "Term A:",
        "Two (2): supervised by One (1) -> Three (3)",
    ]
    assert run("diff", new, new, code=0).stdout.strip() == (
        "new.xlsx and new.xlsx have the same sessions."
    )


def test_diff_names_people_from_any_row_that_names_them(tmp_path):
    """README: names come from the plans. A row added by hand with IDs only (names blank)
    does not make diff forget a name an earlier row gives."""
    header = ["Half Term", "Supervisor ID", "Supervisor", "Supervisee ID", "Supervisee"]
    old = write_xlsx(
        tmp_path / "old.xlsx",
        {"Pairings": [header, ["Term A", "1", "One", "2", "Two"], ["Term B", "3", "", "2", ""]]},
    )
    new = write_xlsx(
        tmp_path / "new.xlsx",
        {"Pairings": [header, ["Term A", "1", "One", "2", "Two"], ["Term B", "1", "", "2", ""]]},
    )
    result = run("diff", old, new, code=1)
    assert printed_changes(result.stdout) == [
        "1 session changes:",
        "Term B:",
        "Two (2): supervised by 3 (3) -> One (1)",
    ]


def test_diff_names_each_of_two_supervisors_a_hand_edited_plan_gives(tmp_path):
    """A plan edited by hand may give someone two supervisors in a half term: diff names
    both, as people, not as one unknown ID "1; 3"."""
    header = ["Half Term", "Supervisor ID", "Supervisor", "Supervisee ID", "Supervisee"]
    old = write_xlsx(
        tmp_path / "old.xlsx",
        {
            "Pairings": [
                header,
                ["Term A", "1", "One", "2", "Two"],
                ["Term A", "3", "Three", "2", "Two"],
            ]
        },
    )
    new = write_xlsx(
        tmp_path / "new.xlsx", {"Pairings": [header, ["Term A", "1", "One", "2", "Two"]]}
    )
    result = run("diff", old, new, code=1)
    assert printed_changes(result.stdout) == [
        "1 session changes:",
        "Term A:",
        "Two (2): supervised by One (1) and Three (3) -> One (1)",
    ]


def test_diff_matches_half_terms_as_check_does(tmp_path):
    """Half terms match ignoring case and spaces, as when a plan is read against a roster:
    a row retyped as "term a" is the same session, in one plan or across the two."""
    header = ["Half Term", "Supervisor ID", "Supervisor", "Supervisee ID", "Supervisee"]
    old = write_xlsx(
        tmp_path / "old.xlsx",
        {
            "Pairings": [
                header,
                ["Term A", "1", "One", "2", "Two"],
                ["Term A", "2", "Two", "3", "Three"],
            ]
        },
    )
    new = write_xlsx(
        tmp_path / "new.xlsx",
        {
            "Pairings": [
                header,
                ["term a", "1", "One", "2", "Two"],
                ["TERM  A", "2", "Two", "3", "Three"],
            ]
        },
    )
    assert run("diff", old, new, code=0).stdout.strip() == (
        "old.xlsx and new.xlsx have the same sessions."
    )


def test_diff_of_a_file_that_is_not_a_plan(tmp_path, published):
    roster, plan = published
    result = run("diff", plan, roster, code=2)
    assert "roster.xlsx" in result.stderr and "Pairings" in result.stderr
    text = tmp_path / "plan.xlsx"
    text.write_text("Half Term,Supervisor ID,Supervisee ID\n")
    result = run("diff", text, plan, code=2)
    assert "cannot be read as an Excel workbook" in result.stderr


def test_diff_names_the_plan_each_problem_is_in(tmp_path, published):
    """SPEC 5: every problem at once, each where it is. Both plans' bad rows are listed,
    each under the name of its file."""
    _, plan = published
    paths = []
    for name, row in (("old.xlsx", 3), ("new.xlsx", 5)):
        workbook = load_workbook(plan)
        workbook["Pairings"].cell(row, 1).value = None
        workbook.save(tmp_path / name)
        paths.append(tmp_path / name)
    result = run("diff", *paths, code=2)
    assert result.stderr.splitlines() == [
        "old.xlsx cannot be read:",
        "Pairings row 3, Half Term: blank, but needed",
        "new.xlsx cannot be read:",
        "Pairings row 5, Half Term: blank, but needed",
    ]


@pytest.mark.parametrize(
    "args",
    [["diff"], ["diff", "ONE"], ["diff", "ONE", "MISSING"]],
    ids=["no-plans", "one-plan", "missing-plan"],
)
def test_diff_usage_errors(published, tmp_path, args):
    _, plan = published
    given = [plan if a == "ONE" else tmp_path / "nope.xlsx" if a == "MISSING" else a for a in args]
    result = run(*given, code=2)
    assert "Usage" in result.stderr or "nope.xlsx" in result.stderr


def test_diff_has_help():
    result = run("diff", "--help", code=0)
    assert "Usage" in result.stdout


def test_a_re_solve_keeps_the_status_of_every_kept_session(tmp_path, published):
    """SPEC 8: the lead records Status on the published plan; a re-solve copies the kept
    half terms with their statuses, and today's new sessions start blank."""
    roster, plan = published
    edited = tmp_path / "edited.xlsx"
    workbook = load_workbook(plan)
    sheet = workbook["Pairings"]
    status = [c.value for c in sheet[1]].index("Status") + 1
    recorded = {}
    for number, word in ((2, "held"), (3, "Missed")):
        row = [c.value for c in sheet[number]]
        assert row[0] == "Autumn 1"
        sheet.cell(number, status).value = word
        recorded[row[0], row[1], row[4]] = word.capitalize()
    workbook.save(edited)
    out = tmp_path / "new.xlsx"
    resolve(roster, edited, out, "Autumn 2")
    new = load_workbook(out)["Pairings"]
    kept = {(r[0], r[1], r[4]): r[status - 1] for r in new.iter_rows(2, values_only=True)}
    for pair, word in recorded.items():
        assert kept[pair] == word
    assert sum(value is not None for value in kept.values()) == len(recorded)
