"""`peerpair explain` and the diagnosis behind it: each certificate on a roster built to need
it, with the numbers a trust lead would check by hand; the plan's one-line reasons; the
fixes; the warnings before a half term starts; and the command line.

Policy 001, Appendix 2: the Trust Safeguarding Leads ensure that "supervision is delivered
by an appropriate person every term"; when a roster cannot do that, they need to know why.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from peerpair.cli import cli
from peerpair.diagnosis.alerts import fragile_supervisees, mid_year_training
from peerpair.diagnosis.fixes import suggest_fixes
from peerpair.diagnosis.proofs import Kind, diagnose
from peerpair.diagnosis.wording import describe, report
from peerpair.domain.roster import ChangeRequest, Roster, Settings
from peerpair.pairing.cp_sat import Run
from peerpair.pairing.solve import solve
from peerpair.year import plan_year
from tests.rules.rule_builders import (
    AUTUMN_1,
    AUTUMN_1_DATED,
    AUTUMN_2_DATED,
    person,
    plan,
    reason,
    roster,
    session,
    trust_lead,
    uncovered,
)

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "roster.xlsx"
MONDAY, TUESDAY_TO_FRIDAY = frozenset({"Mon"}), frozenset({"Tue", "Wed", "Thu", "Fri"})


def only(kind: Kind, diagnosis):
    [found] = [c for c in diagnosis.certificates if c.kind is kind]
    return found


def cover_reasons(a_roster) -> dict[str, str]:
    plan = plan_year(a_roster, time_limit=10).plan
    return {c.supervisee_id: c.reason for c in plan.cover_needed}


# --- a person with no possible supervisor -------------------------------------------------


def nobody_for_pat():
    """Pat (Oak, Mondays) needs a supervisor, and 14 other trained people give: 3 at Oak,
    2 with whom Pat has change requests, 6 who work Tuesday to Friday, and 3 who are not on
    Pat's Receive From list (which names only the three at Oak)."""
    return roster(
        person("P", "Oak", gives=False, working_days=MONDAY, receive_from={"O1", "O2", "O3"}),
        *(person(f"O{i}", "Oak") for i in (1, 2, 3)),
        person("C1", "Elm"),
        person("C2", "Elm"),
        *(person(f"D{i}", "Ash", working_days=TUESDAY_TO_FRIDAY) for i in range(1, 7)),
        *(person(f"R{i}", "Yew") for i in (1, 2, 3)),
        change_requests=(
            ChangeRequest(person_id="P", partner_id="C1"),
            ChangeRequest(person_id="C2", partner_id="P"),
        ),
    )


def test_no_possible_supervisor_counts_the_candidates_each_rule_removes():
    a_roster = nobody_for_pat()
    diagnosis = diagnose(a_roster)

    pat = [c for c in diagnosis.certificates if c.supervisees == (0,)]
    assert [(c.kind, c.others, c.shortfall) for c in pat] == [(Kind.NO_SUPERVISOR, 14, 1)]
    assert pat[0].ruled_out == (("H5", 3), ("H7", 2), ("H9", 6), ("H10", 3))
    assert describe(pat[0], a_roster) == (
        "Person P (P, Oak) has no possible supervisor in Autumn 1: of the 14 other trained "
        "people giving supervision then, 3 work at the same school, 2 are excluded by change "
        "requests, 6 share no working day and 3 are not on their Receive From list."
    )


def test_the_plan_counts_change_requests_and_receive_from_as_other_arrangements():
    """SPEC 4: the plan "holds no change requests, absences, Receive From lists": the Reason
    says only how many are ruled out by other arrangements."""
    why = cover_reasons(nobody_for_pat())["P"]

    assert why == (
        "no possible supervisor in Autumn 1: of 14 who can give, 3 work at the same school, "
        "5 are ruled out by other arrangements and 6 share no working day"
    )


def test_the_plan_counts_one_person_a_rule_removes_in_the_singular():
    """SPEC 4's Reason is read by the people in the plan: "1 is ruled out by other
    arrangements", never "1 are"."""
    why = cover_reasons(
        roster(
            person("P", "Oak", gives=False, working_days=MONDAY, line_manager_id="L"),
            person("O", "Oak"),
            person("C", "Elm"),
            person("L", "Ash"),
            person("D", "Yew", working_days=TUESDAY_TO_FRIDAY),
            change_requests=(ChangeRequest(person_id="P", partner_id="C"),),
        )
    )["P"]

    assert why == (
        "no possible supervisor in Autumn 1: of 4 who can give, 1 works at the same school, "
        "1 is ruled out by other arrangements, 1 line-manages or is line-managed by them and "
        "1 shares no working day"
    )


def test_one_person_with_a_working_day_in_common_is_counted_in_the_singular():
    a_roster = roster(
        person("A", "Oak", receives=False, working_days=MONDAY),
        person("B", "Ash", gives=False, working_days=TUESDAY_TO_FRIDAY),
    )
    [certificate] = diagnose(a_roster).certificates

    assert describe(certificate, a_roster).endswith(
        "of the 1 other trained person giving supervision then, 1 shares no working day."
    )


def test_nobody_else_giving_is_said_so():
    a_roster = roster(person("A", "Oak"), person("B", "Ash", gives=False))
    certificates = diagnose(a_roster).certificates

    assert [(c.kind, c.supervisees) for c in certificates] == [(Kind.NOBODY_GIVES, (0,))]
    assert "nobody else gives supervision then" in describe(certificates[0], a_roster)


# --- a group too large for its supervisors (Hall's condition) -----------------------------


def monday_group(**elm_fields):
    """Eight people at Oak and one at Elm work only on Mondays and do not give. Six people at
    Ash, Birch and Cedar work every day and have one place each: the only Monday supervisors.
    Six at Yew, who work Tuesday to Friday, supervise those six."""
    return roster(
        *(person(f"K{i}", "Oak", gives=False, working_days=MONDAY) for i in range(1, 9)),
        person("E", "Elm", gives=False, working_days=MONDAY, **elm_fields),
        *(
            person(f"S{i}", school)
            for i, school in enumerate(["Ash", "Ash", "Birch", "Birch", "Cedar", "Cedar"], 1)
        ),
        *(
            person(f"T{i}", "Yew", receives=False, working_days=TUESDAY_TO_FRIDAY)
            for i in range(1, 7)
        ),
    )


def test_a_group_too_large_for_its_supervisors():
    a_roster = monday_group()
    diagnosis = diagnose(a_roster)

    group = only(Kind.GROUP, diagnosis)
    assert (len(group.supervisees), len(group.supervisors), group.places, group.shortfall) == (
        9,
        6,
        6,
        3,
    )
    assert {a_roster.people[g].id for g in group.supervisors} == {f"S{i}" for i in range(1, 7)}
    assert diagnosis.fewest_uncovered == 3
    assert describe(group, a_roster).startswith(
        "These 9 people (8 at Oak, 1 at Elm) can only be supervised by these 6 people, who "
        "have 6 places between them in Autumn 1: at least 3 sessions need cover.\n"
    )
    assert "Person S1 (S1, Ash) with 1 place" in describe(group, a_roster)


def test_the_plan_gives_each_of_the_group_its_certificate_in_one_line():
    reasons = cover_reasons(monday_group())

    assert len(reasons) == 3
    for why in reasons.values():
        assert why == (
            "one of 9 people (8 at Oak, 1 at Elm) who can only be supervised by 6 people "
            "(Person S1 (S1), Person S2 (S2), Person S3 (S3), Person S4 (S4), Person S5 (S5) "
            "and 1 more), with 6 places between them in Autumn 1"
        )


def test_the_plan_names_no_supervisor_when_a_receive_from_list_narrows_the_group():
    """SPEC 4: naming the only people who may supervise someone could give their Receive From
    list away, so the group's supervisors are counted, not named."""
    reasons = cover_reasons(monday_group(receive_from=frozenset({"S1", "S2"})))

    assert len(reasons) == 3
    for why in reasons.values():
        assert why == (
            "one of 9 people (8 at Oak, 1 at Elm) who can only be supervised by 6 people, "
            "with 6 places between them in Autumn 1"
        )


def test_a_group_with_one_supervisor_names_them():
    a_roster = roster(trust_lead("T"), *(person(i, "Oak") for i in "ABCD"))
    group = only(Kind.GROUP, diagnose(a_roster))

    assert describe(group, a_roster).startswith(
        "These 4 people (4 at Oak) can only be supervised by Person T (T, Central team), "
        "who has 3 places in Autumn 1: at least 1 session needs cover."
    )


def test_a_school_typed_in_different_ways_is_named_as_one():
    """H5 matches school names ignoring case and spacing, so the messages count and name
    "Oak Primary", "oak  primary" and "Oak primary" as the one school they are."""
    a_roster = roster(
        person("K1", "Oak Primary", gives=False, working_days=MONDAY),
        person("K2", "oak  primary", gives=False, working_days=MONDAY),
        person("K3", "Oak primary", gives=False, working_days=MONDAY),
        person("S", "Elm", receives=False),
        person("T", "Yew", receives=False, working_days=TUESDAY_TO_FRIDAY),
    )
    diagnosis = diagnose(a_roster)

    assert describe(only(Kind.GROUP, diagnosis), a_roster).startswith(
        "These 3 people (3 at Oak Primary) can only be supervised by Person S (S, Elm)"
    )
    assert (
        "One more trained supervisor from outside Oak Primary, free any day, with 2 places, "
        "covers 2 more sessions (in Autumn 1)."
    ) in [fix.line() for fix in suggest_fixes(diagnosis).fixes]


# --- too few places overall ---------------------------------------------------------------


def test_too_few_places_overall():
    """Four supervisors with a place each, seven people to supervise."""
    a_roster = roster(
        *(person(f"G{i}", f"School {i}", receives=False) for i in range(4)),
        *(person(f"R{i}", f"School {i + 4}", gives=False) for i in range(7)),
    )
    diagnosis = diagnose(a_roster)

    overall = only(Kind.TOO_FEW_PLACES, diagnosis)
    assert (len(overall.supervisees), overall.places, overall.shortfall) == (7, 4, 3)
    assert describe(overall, a_roster) == (
        "Too few places in Autumn 1: the 4 people giving supervision have 4 places between "
        "them, and 7 people need one of them as supervisor: at least 3 sessions need cover."
    )
    assert set(cover_reasons(a_roster).values()) == {
        "too few places in Autumn 1: 7 people need a supervisor, and the 4 who give have 4 "
        "places between them"
    }


# --- two people who can only supervise each other -----------------------------------------


def test_two_people_who_can_only_supervise_each_other():
    """H4: A and B work Mondays and can only supervise each other; C works Fridays and shares
    no day with either. One of A and B needs cover, and C does."""
    a_roster = roster(
        person("A", "Oak", working_days=MONDAY),
        person("B", "Ash", working_days=MONDAY),
        person("C", "Elm", working_days=frozenset({"Fri"})),
    )
    diagnosis = diagnose(a_roster)

    assert sorted(c.kind for c in diagnosis.certificates) == sorted(
        [Kind.DEADLOCK, Kind.NO_SUPERVISOR]
    )
    deadlock = only(Kind.DEADLOCK, diagnosis)
    assert (deadlock.supervisees, deadlock.shortfall) == ((0, 1), 1)
    assert describe(deadlock, a_roster) == (
        "Person A (A, Oak) and Person B (B, Ash) can each be supervised only by the other, and "
        "two people may not supervise each other in one half term: one of them needs cover in "
        "Autumn 1."
    )
    assert diagnosis.fewest_uncovered == len(solve(a_roster, time_limit=10).plan.cover_needed) == 2


def four_who_would_pair_both_ways(**fields):
    """Four people whose only plans pair two of them both ways, and no two of whom can only
    supervise each other: H4 costs a session that no count of places explains."""
    return roster(
        person("P0", "S0", working_days=frozenset({"Tue"})),
        person("P1", "S3", working_days=frozenset({"Tue"})),
        person("P2", "S3", working_days=frozenset({"Mon", "Tue"})),
        person("P3", "S2", working_days=MONDAY),
        **fields,
    )


def test_what_no_count_shows_is_said_to_be_proven_by_search():
    a_roster = four_who_would_pair_both_ways()
    diagnosis = diagnose(a_roster)

    [certificate] = diagnosis.certificates
    assert (certificate.kind, certificate.shortfall) == (Kind.RECIPROCAL, 1)
    assert "proven by search" in describe(certificate, a_roster)
    # The half term keeps its name's capitals: "In Autumn 1", not "In autumn 1".
    assert describe(certificate, a_roster).startswith("In Autumn 1, 1 session needs cover")
    assert len(solve(a_roster, time_limit=10).plan.cover_needed) == 1


@pytest.mark.parametrize(
    "a_roster",
    [
        four_who_would_pair_both_ways(),
        roster(
            person("A", "Oak"),
            person("B", "Ash"),
            person("C", "Elm"),
            half_terms=("Autumn 1", "Autumn 2", "Spring 1"),
            settings=Settings(repeat_pairs="forbid"),
        ),
    ],
    ids=["reciprocal-pairs", "repeat-pairs-forbid"],
)
def test_a_search_stopped_before_it_found_a_plan_proves_nothing(a_roster, monkeypatch):
    """Every certificate is a proof: a search the time limit stops before it has found any
    plan has no bound to give, and must not be read as "nothing can be covered". (CP-SAT's
    presolve settles rosters this small in no time at all, so the search is made to stop as
    a larger roster's would.)"""
    fewest = len(solve(a_roster, time_limit=10).plan.cover_needed)
    stopped = Run(
        found=False, proven=False, objective=None, bound=None, solution=(), deterministic_time=0
    )
    monkeypatch.setattr("peerpair.diagnosis.proofs.run", lambda *_, **__: stopped)
    diagnosis = diagnose(a_roster, time_limit=1e-9)

    assert not diagnosis.proven
    assert diagnosis.fewest_uncovered <= fewest
    assert sum(c.shortfall for c in diagnosis.certificates) <= fewest
    assert not any("at least 0 " in line for line in report(diagnosis))


# --- Repeat Pairs forbid ------------------------------------------------------------------


def test_three_people_who_may_meet_once_a_year_run_out_of_partners():
    """H11 at forbid: three people can form one ring a year, which uses all three pairs, so
    the other two half terms have no pair left: 6 sessions need cover, though each half term
    alone could be complete."""
    a_roster = roster(
        person("A", "Oak"),
        person("B", "Ash"),
        person("C", "Elm"),
        half_terms=("Autumn 1", "Autumn 2", "Spring 1"),
        settings=Settings(repeat_pairs="forbid"),
    )
    diagnosis = diagnose(a_roster)

    assert [d.fewest_uncovered for d in diagnosis.half_terms] == [0, 0, 0]
    [year] = diagnosis.year
    assert (year.kind, year.shortfall, diagnosis.fewest_uncovered) == (Kind.REPEAT_PAIRS, 6, 6)
    assert year.few_partners == ((0, 3, 2), (1, 3, 2), (2, 3, 2))
    text = describe(year, a_roster)
    assert "over the year, 6 sessions need cover" in text
    assert "Person A (A, Oak) receives in 3 half terms but has only 2 possible supervisors" in text
    assert len(solve(a_roster, time_limit=10).plan.cover_needed) == 6


# --- fixes --------------------------------------------------------------------------------


def test_fixes_for_a_group_are_ranked_by_the_sessions_they_cover():
    a_roster = monday_group()
    fixes = suggest_fixes(diagnose(a_roster)).fixes

    lines = [f.line() for f in fixes]
    assert lines[0] == (
        "One more trained supervisor from outside Elm or Oak, free any day, with 3 places, "
        "covers 3 more sessions (in Autumn 1)."
    )
    assert (
        "Capacity 3 (now 1) for Person S1 (S1, Ash) covers 2 more sessions (in Autumn 1)." in lines
    )
    assert [f.covers for f in fixes] == sorted((f.covers for f in fixes), reverse=True)


def test_a_working_day_in_common_is_suggested():
    a_roster = roster(
        person("A", "Oak", receives=False, working_days=MONDAY),
        person("B", "Ash", gives=False, working_days=frozenset({"Tue"})),
    )
    lines = [f.line() for f in suggest_fixes(diagnose(a_roster)).fixes]

    assert (
        "Adding Tuesday to the working days of Person A (A, Oak) covers 1 more session "
        "(in Autumn 1)." in lines
    )
    assert (
        "Adding Monday to the working days of Person B (B, Ash) covers 1 more session "
        "(in Autumn 1)." in lines
    )


def test_training_is_suggested_for_someone_who_would_give():
    a_roster = roster(
        person("A", "Oak", supervision_trained=False), person("B", "Ash"), person("C", "Ash")
    )
    lines = [f.line() for f in suggest_fixes(diagnose(a_roster)).fixes]

    assert (
        "Supervision-skills training for Person A (A, Oak) before Autumn 1 covers 1 more "
        "session (in Autumn 1)." in lines
    )


def pat_and_a_part_timer() -> Roster:
    """Pat (Oak, Mondays) may receive only from R (Tuesdays to Fridays) and C, and has a
    change request with C: nobody can supervise Pat. A working day would fix it; so would
    dropping the Receive From list or the change request, which are Pat's to make."""
    return roster(
        person("P", "Oak", working_days=MONDAY, receive_from={"R", "C"}),
        person("R", "Elm", working_days=TUESDAY_TO_FRIDAY),
        person("C", "Yew"),
        person("E", "Ash"),
        person("F", "Birch"),
        change_requests=(ChangeRequest(person_id="P", partner_id="C"),),
    )


def test_no_fix_touches_a_receive_from_list_or_a_change_request():
    """SPEC 5 fixes: a person's Receive From list and change requests are theirs; fixes
    change capacities, working days, training or add a supervisor, never those."""
    before = pat_and_a_part_timer()
    fixes = suggest_fixes(diagnose(before)).fixes

    assert {fix.kind for fix in fixes} == {"working day"}
    for fix in fixes:
        assert fix.covers == 1
        assert fix.roster.change_requests == before.change_requests
        assert [p.receive_from for p in fix.roster.people[: len(before.people)]] == [
            p.receive_from for p in before.people
        ]


def pairs_run_out() -> Roster:
    """Three people at three schools over three half terms, pairs meeting once a year: each
    half term could be complete, the year cannot. A fix is judged by searching the year."""
    return roster(
        person("A", "Oak"),
        person("B", "Ash"),
        person("C", "Elm"),
        person("E", "Yew", supervision_trained=False, receives=False),
        half_terms=("Autumn 1", "Autumn 2", "Spring 1"),
        settings=Settings(repeat_pairs="forbid"),
    )


@pytest.mark.parametrize(
    "a_roster",
    [
        monday_group(),
        roster(
            person("A", "Oak", receives=False, working_days=MONDAY),
            person("B", "Ash", gives=False, working_days=frozenset({"Tue"})),
            person("C", "Elm", supervision_trained=False, working_days=frozenset({"Tue"})),
        ),
        # Pairs that may meet once a year run out, though each half term could be complete.
        pairs_run_out(),
    ],
    ids=["group", "working-days-and-training", "repeat-pairs-forbid"],
)
def test_each_fix_covers_what_it_claims_when_solved(a_roster):
    before = len(solve(a_roster, time_limit=10).plan.cover_needed)
    fixes = suggest_fixes(diagnose(a_roster)).fixes

    assert fixes
    assert len({fix.kind for fix in fixes}) > 1
    for fix in fixes:
        assert before - len(solve(fix.roster, time_limit=10).plan.cover_needed) == fix.covers


def test_fixes_that_need_a_search_share_one_allowance(monkeypatch):
    """A fix is computed, not guessed: one whose effect cannot be worked out in the time
    fixes are given is not shown, and is counted so that the lead is told. A small trust's
    searches cost next to nothing, so every fix is judged there."""
    diagnosis = diagnose(pairs_run_out())
    judged = suggest_fixes(diagnosis)
    assert judged.fixes and judged.unjudged == 0
    monkeypatch.setattr("peerpair.diagnosis.fixes._SECONDS_FOR_ALL_FIXES", 0.0)
    rushed = suggest_fixes(diagnosis)
    assert rushed.fixes == [] and rushed.unjudged == len(judged.fixes)


def test_a_complete_roster_needs_no_fix():
    a_roster = roster(person("A", "Oak"), person("B", "Ash"), person("C", "Elm"))
    diagnosis = diagnose(a_roster)

    assert diagnosis.complete
    assert diagnosis.certificates == ()
    assert suggest_fixes(diagnosis).fixes == []
    assert report(diagnosis) == [
        "Autumn 1: everyone can have a supervisor (3 people need one; 3 people give, with "
        "3 places)."
    ]


# --- warnings before a half term starts ---------------------------------------------------


def test_a_supervisor_trained_mid_year_gives_from_the_next_half_term():
    a_roster = roster(
        person("A", "Oak", trained_on=date(2025, 10, 1)),
        person("B", "Ash", trained_on=date(2026, 1, 5)),
        person("C", "Elm", trained_on=date(2025, 9, 1)),  # the first day of Autumn 1
        half_terms=(AUTUMN_1_DATED, AUTUMN_2_DATED),
    )

    assert mid_year_training(a_roster) == [
        "Person A (A, Oak) is trained on 01/10/2025, so gives supervision only from Autumn 2",
        "Person B (B, Ash) is trained on 05/01/2026, so gives no supervision this year",
    ]


def test_someone_with_one_possible_supervisor_is_fragile():
    a_roster = roster(
        person("A", "Oak", receives=False),
        person("B", "Ash", gives=False),
        person("C", "Elm", gives=False, receives=False),
        half_terms=("Autumn 1", "Autumn 2"),
    )

    assert fragile_supervisees(a_roster) == [
        "Person B (B, Ash) has only one possible supervisor, Person A (A, Oak), in every half "
        "term: one change request or absence would leave them uncovered"
    ]


# --- the command line ---------------------------------------------------------------------


def run(*args, code: int):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    return result


def write_roster(path: Path, staff: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Staff"
    for row in [["ID", "Name", "School", "Supervision Trained", "Working Days"], *staff]:
        sheet.append(row)
    workbook.save(path)
    return path


def test_explain_the_sample_finds_it_complete():
    result = run("explain", SAMPLE, code=0)

    assert "Everyone can have a supervisor in every half term." in result.stdout
    assert (
        "Chris Evans (119, Willow Tree Academy) is trained on 14/01/2027, so gives supervision "
        "only from Spring 2" in result.stdout
    )


def test_explain_an_impossible_roster_says_why_and_what_would_help(tmp_path):
    roster_file = write_roster(
        tmp_path / "roster.xlsx",
        [
            ["101", "Ann Able", "Oak Primary", "Yes", "Mon"],
            ["201", "Cat Cole", "Elm Academy", "Yes", "Tue"],
            ["301", "Eve Ent", "Ash High", "Yes", "Tue"],
        ],
    )
    result = run("explain", roster_file, code=1)

    assert (
        "Ann Able (101, Oak Primary) has no possible supervisor in every half term: of the 2 "
        "other trained people giving supervision then, 2 share no working day." in result.stdout
    )
    assert "What would cover more, best first:" in result.stdout
    assert (
        "1. Adding Tuesday to the working days of Ann Able (101, Oak Primary) covers 12 more "
        "sessions (2 in each half term)." in result.stdout
    )
    assert "No plan can cover every session: 12 sessions need cover over the year in the best." in (
        result.stdout
    )


def test_solve_prints_the_diagnosis_when_it_leaves_cover_needed(tmp_path):
    roster_file = write_roster(
        tmp_path / "roster.xlsx",
        [
            ["101", "Ann Able", "Oak Primary", "Yes", "Mon"],
            ["201", "Cat Cole", "Elm Academy", "Yes", "Tue"],
            ["301", "Eve Ent", "Ash High", "Yes", "Tue"],
        ],
    )
    result = run("solve", roster_file, "-o", tmp_path / "plan.xlsx", "--time-limit", 10, code=1)

    assert "Ann Able (101, Oak Primary) has no possible supervisor in every half term" in (
        result.stdout
    )
    assert "What would cover more, best first:" in result.stdout


def test_solve_counts_one_session_under_cover_needed_in_the_singular(tmp_path):
    roster_file = write_roster(
        tmp_path / "roster.xlsx",
        [
            ["101", "Ann Able", "Oak Primary", "Yes"],
            ["201", "Cat Cole", "Elm Academy", "Yes"],
            ["301", "Dan Dale", "Ash High", "No"],
        ],
    )
    workbook = load_workbook(roster_file)
    workbook.create_sheet("Half Terms").append(["Half Term"])
    workbook["Half Terms"].append(["Autumn 1"])
    workbook.save(roster_file)
    result = run("solve", roster_file, "-o", tmp_path / "plan.xlsx", "--time-limit", 10, code=1)

    assert "Planned 2 sessions for 3 people over 1 half term in " in result.stdout
    assert "\n1 session needs cover:\n  Autumn 1: " in result.stdout


def test_explain_needs_a_roster():
    assert "Usage" in run("explain", code=2).stderr


def test_explain_has_help():
    assert "Usage" in run("explain", "--help", code=0).stdout


def test_a_rule_test_roster_keeps_its_reason():
    """The reasons the rule tests pin are the certificates' one-line forms."""
    result = plan_year(
        roster(person("A", "Oak", receives=False), person("B", "Oak", gives=False)), time_limit=10
    )

    assert uncovered(result.plan) == {(AUTUMN_1, "B")}
    assert reason(result.plan, AUTUMN_1, "B") == (
        "no possible supervisor in Autumn 1: of 1 who can give, 1 works at the same school"
    )


def test_a_re_solve_counts_the_pairs_its_kept_half_terms_made():
    """H11 at forbid, re-solving from Autumn 2: Autumn 1's ring used all three pairs, so in
    Autumn 2 nobody has a partner left, and the certificate says why."""
    a_roster = roster(
        person("A", "Oak"),
        person("B", "Ash"),
        person("C", "Elm"),
        half_terms=("Autumn 1", "Autumn 2"),
        settings=Settings(repeat_pairs="forbid"),
    )
    published = plan(session("A", "B"), session("B", "C"), session("C", "A"))

    diagnosis = diagnose(a_roster, previous=published, from_half_term="Autumn 2")

    assert [d.half_term for d in diagnosis.half_terms] == [1]
    assert diagnosis.fewest_uncovered == 3
    for certificate in diagnosis.certificates:
        assert certificate.kind is Kind.NO_SUPERVISOR
        assert describe(certificate, a_roster).endswith(
            "in Autumn 2: of the 2 other trained people giving supervision then, 2 were paired "
            "with them earlier this year."
        )
    again = solve(a_roster, time_limit=10, previous=published, from_half_term="Autumn 2")
    assert len(again.plan.cover_needed) == 3
