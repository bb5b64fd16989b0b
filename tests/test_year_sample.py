"""The sample year, step by step (docs/guide/during-the-year.md, sample_data/
make_sample_year.py): each step's command gives the committed file again, and each plan
passes `check` as of its day, with no session in the past moved and no false broken rule."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from tests.test_cli import rows, run

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
OCTOBER, JANUARY = date(2026, 10, 5), date(2027, 1, 11)


def pairings(plan: Path) -> list[tuple]:
    """(half term, supervisor ID, supervisee ID, date, status) of every Pairings row."""
    return sorted(
        (r[0], r[1], r[4], r[7].date() if isinstance(r[7], datetime) else r[7], r[10] or "")
        for r in rows(plan, "Pairings")[1:]
    )


def test_october_records_held_missed_and_postponed():
    statuses = [p[4] for p in pairings(SAMPLE / "plan-october.xlsx")]
    assert statuses.count("Held") == 3
    assert statuses.count("Missed") == 1
    assert statuses.count("Postponed") == 1
    postponed = next(p for p in pairings(SAMPLE / "plan-october.xlsx") if p[4] == "Postponed")
    assert postponed[3] == date(2026, 10, 21)  # in the kept-free last week of Autumn 1


def test_october_as_recorded_passes_check():
    run("check", SAMPLE / "roster.xlsx", SAMPLE / "plan-october.xlsx", "--today", OCTOBER, code=0)


def test_the_october_re_plan_is_the_committed_one(tmp_path):
    out = tmp_path / "plan-october-v2.xlsx"
    run(
        "solve", SAMPLE / "roster-october.xlsx", "--previous", SAMPLE / "plan-october.xlsx",
        "--today", OCTOBER, "-o", out, code=0,
    )  # fmt: skip
    assert pairings(out) == pairings(SAMPLE / "plan-october-v2.xlsx")


def test_the_october_re_plan_keeps_the_past_and_makes_up_the_missed_session():
    before, after = (
        pairings(SAMPLE / "plan-october.xlsx"),
        pairings(SAMPLE / "plan-october-v2.xlsx"),
    )
    past = [p for p in before if p[3] < OCTOBER]
    assert past and all(p in after for p in past)
    missed = next(p for p in before if p[4] == "Missed")
    make_up = [p for p in after if p[:3] == missed[:3] and p[4] == ""]
    assert len(make_up) == 1 and make_up[0][3] >= date(2026, 10, 12)
    assert next(p for p in before if p[4] == "Postponed") in after
    run(
        "check", SAMPLE / "roster-october.xlsx", SAMPLE / "plan-october-v2.xlsx",
        "--today", OCTOBER, code=0,
    )  # fmt: skip


def test_the_january_re_plan_is_the_committed_one(tmp_path):
    out = tmp_path / "plan-january.xlsx"
    run(
        "solve", SAMPLE / "roster-january.xlsx", "--previous", SAMPLE / "plan-october-v2.xlsx",
        "--today", JANUARY, "-o", out, code=0,
    )  # fmt: skip
    assert pairings(out) == pairings(SAMPLE / "plan-january.xlsx")


def test_january_keeps_the_leavers_past_and_plans_the_joiner_with_notice():
    before, after = (
        pairings(SAMPLE / "plan-october-v2.xlsx"),
        pairings(SAMPLE / "plan-january.xlsx"),
    )
    assert [p for p in before if p[3] < JANUARY] == [p for p in after if p[3] < JANUARY]
    assert any("112" in p[1:3] for p in after if p[3] < JANUARY)
    assert all("112" not in p[1:3] for p in after if p[3] >= JANUARY)
    joiner = [p for p in after if "131" in p[1:3]]
    assert joiner and all(p[3] >= date(2027, 1, 18) for p in joiner)
    roster = SAMPLE / "roster-january.xlsx"
    validated = run("validate", roster, code=2)
    assert '"112" is not an ID on the Staff sheet' in validated.stderr
    run("validate", roster, "--previous", SAMPLE / "plan-october-v2.xlsx", code=0)
    run("check", roster, SAMPLE / "plan-january.xlsx", "--today", JANUARY, code=0)


def test_the_board_report_reads_januarys_roster_against_the_plan_that_names_the_leaver(tmp_path):
    """A report at year end must not refuse the roster a leaver left: the plan names him."""
    roster, plan = SAMPLE / "roster-january.xlsx", SAMPLE / "plan-january.xlsx"
    for name in ("report.html", "report.xlsx"):
        result = run("report", roster, plan, "-o", tmp_path / name, "--today", JANUARY, code=0)
        assert (tmp_path / name).exists()
        assert "to fix" not in result.output


def test_januarys_report_counts_the_leaver_where_he_was_and_the_joiner_from_when_she_joined(
    tmp_path,
):
    """David Okafor (112) left in January and Nia Roberts (131) joined: in the Autumn both
    school and trust had everyone supervised, and the board must read that, not a gap."""
    out = tmp_path / "report.xlsx"
    run(
        "report", SAMPLE / "roster-january.xlsx", SAMPLE / "plan-january.xlsx",
        "-o", out, "--today", date(2027, 7, 20), code=0,
    )  # fmt: skip
    by_half_term = {r[0]: r for r in rows(out, "By half term")[1:]}
    for half_term in ("Autumn 1", "Autumn 2"):
        in_cycle, present, received = (
            by_half_term[half_term][1],
            by_half_term[half_term][2],
            by_half_term[half_term][11],
        )
        assert (in_cycle, present, received) == (30, 30, "30 (100%)")
    kingsmead = {r[1]: r for r in rows(out, "By school")[1:] if r[0] == "Kingsmead Academy"}
    assert kingsmead["Autumn 1"][3] == 4 and kingsmead["Autumn 1"][12] == "4 (100%)"
    assert kingsmead["Spring 1"][3] == 5  # David's session on 6 January, then Nia's
    hubs = {r[0] for r in rows(out, "By hub")[1:]}
    assert "(no hub)" not in hubs  # the leaver counts in his school's hub
