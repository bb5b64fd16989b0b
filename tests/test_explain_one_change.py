"""Fixes judged from the roster's own best plans (diagnosis/one_change.py) and the shortcuts
that keep `explain` fast on large rosters (issue 17), each against the slow way it replaced:
a flow over every pair for each fix, every candidate judged, and each certificate's people
asked about one by one."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings

from peerpair.constraints import HARD_RULES
from peerpair.constraints.eligibility import Eligibility
from peerpair.diagnosis import fixes, proofs
from peerpair.diagnosis.proofs import Kind, diagnose, fewest_cover_needed
from peerpair.domain.roster import WEEKDAYS, Settings
from peerpair.pairing.solve import solve
from tests.rules.rule_builders import person, roster
from tests.strategies import rosters


@pytest.mark.parametrize("dense_limit", [None, 0], ids=["listed", "a-block-at-a-time"])
@settings(max_examples=60)
@given(a_roster=rosters(max_people=9, max_half_terms=3))
def test_each_fix_judged_from_the_plans_leaves_as_many_uncovered_as_a_flow_over_every_pair(
    dense_limit, a_roster
):
    """Above DENSE_LIMIT a plan holds only the pairs its flow looked at: the cut is then
    checked over every pair."""
    with pytest.MonkeyPatch.context() as patch:
        if dense_limit is not None:
            # One pair a person to start from: the flow grows, and a plan holds some pairs.
            patch.setattr(proofs, "DENSE_LIMIT", dense_limit)
            patch.setattr(proofs, "_EACH", 1)
        diagnosis = diagnose(a_roster, time_limit=10)
    if not diagnosis.plans:
        return  # Repeat Pairs forbid, or unproven: fixes are judged by flows, as before
    eligibility = Eligibility(a_roster, HARD_RULES)
    half_terms = [d.half_term for d in diagnosis.half_terms]
    for kind, description, variant, changed in fixes._candidates(diagnosis, eligibility):
        judged_by = Eligibility(variant, HARD_RULES)
        quick = fixes._from_the_plans(
            diagnosis, variant, eligibility if kind == "capacity" else judged_by, changed
        )
        slow = fewest_cover_needed(variant, judged_by, half_terms, time_limit=10)
        assert slow.proven
        if quick is not None:
            assert quick.per_half_term == slow.per_half_term, description
        # The bound a fix is skipped by never undercuts what it covers.
        covers = diagnosis.fewest_uncovered - slow.total
        assert covers <= fixes._most_covered(diagnosis, kind, variant, changed), description


def shown_and_every(a_roster) -> tuple[list[str], list[str]]:
    """The fixes shown, and those shown when every candidate is judged in the order made."""
    diagnosis = diagnose(a_roster, time_limit=10)
    shown = fixes.suggest_fixes(diagnosis, time_limit=10)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fixes, "_most_covered", lambda *_: 10**9)
        every = fixes.suggest_fixes(diagnosis, time_limit=10)
    return [f.line() for f in shown.fixes], [f.line() for f in every.fixes]


@settings(max_examples=60)
@given(rosters(max_people=9, max_half_terms=3))
def test_the_fixes_shown_are_those_judging_every_candidate_shows(a_roster):
    shown, every = shown_and_every(a_roster)
    assert shown == every


def test_a_day_added_for_someone_who_gives_nothing_is_still_judged():
    """B gives no supervision: only the session B receives bounds what a day for B covers."""
    shown, every = shown_and_every(
        roster(
            person("A", "Oak", receives=False, working_days=frozenset({"Mon"})),
            person("B", "Ash", gives=False, working_days=frozenset({"Tue"})),
            person("C", "Elm", supervision_trained=False, working_days=frozenset({"Tue"})),
        )
    )
    assert shown == every
    assert "Adding Monday to the working days of Person B (B, Ash) covers 1 more session" in (
        " ".join(shown)
    )


@settings(max_examples=60)
@given(rosters(max_people=9, max_half_terms=3))
def test_working_day_fixes_are_those_counted_person_by_person(a_roster):
    """The candidates counted a block at a time are those counted from each named person's
    Eligibility.ruled_out, as the lead's report gives it."""
    assert_working_days_as_counted_person_by_person(a_roster)


def test_working_day_fixes_tied_come_by_person_then_day():
    assert_working_days_as_counted_person_by_person(
        roster(
            person("A", "Oak", receives=False, working_days=frozenset({"Mon"})),
            person("B", "Ash", gives=False, working_days=frozenset({"Tue"})),
            person("C", "Elm", gives=False, working_days=frozenset({"Wed"})),
        )
    )


def assert_working_days_as_counted_person_by_person(a_roster):
    diagnosis = diagnose(a_roster, time_limit=10)
    eligibility = Eligibility(a_roster, HARD_RULES)
    opens: Counter[tuple[int, str]] = Counter()
    for c in fixes._certificates(diagnosis):
        for r in c.supervisees:
            for rule, givers in eligibility.ruled_out(c.half_term, r):
                if rule.code == "H9":
                    for g in givers:
                        for person, other in ((r, g), (g, r)):
                            for day in a_roster.people[other].working_days:
                                opens[person, day] += 1
    ranked = sorted(opens, key=lambda k: (-opens[k], k[0], WEEKDAYS.index(k[1])))
    expected = [
        (p, a_roster.people[p].working_days | {day})
        for p, day in ranked[: fixes._MOST["working day"]]
    ]
    found = [
        (changed, variant.people[changed].working_days)
        for _, _, variant, changed in fixes._working_days(diagnosis, eligibility)
    ]
    assert found == expected


def two_groups():
    """Two schools' people, each with one possible supervisor at a third school who has one
    place: two groups, whatever order the flow meets them in."""
    return roster(
        person("A1", "Oak", gives=False, working_days=frozenset({"Mon"})),
        person("A2", "Oak", gives=False, working_days=frozenset({"Mon"})),
        person("B1", "Ash", gives=False, working_days=frozenset({"Tue"})),
        person("B2", "Ash", gives=False, working_days=frozenset({"Tue"})),
        person("M", "Elm", receives=False, working_days=frozenset({"Mon"})),
        person("T", "Yew", receives=False, working_days=frozenset({"Tue"})),
    )


@pytest.mark.parametrize("dense_limit", [None, 0], ids=["listed", "a-block-at-a-time"])
def test_independent_groups_are_certified_apart(dense_limit):
    with pytest.MonkeyPatch.context() as patch:
        if dense_limit is not None:
            patch.setattr(proofs, "DENSE_LIMIT", dense_limit)
        diagnosis = diagnose(two_groups(), time_limit=10)
    [d] = diagnosis.half_terms
    ids = [p.id for p in diagnosis.roster.people]
    groups = sorted(
        ([ids[r] for r in c.supervisees], [ids[g] for g in c.supervisors]) for c in d.certificates
    )
    assert all(c.kind is Kind.GROUP for c in d.certificates)
    assert groups == [(["A1", "A2"], ["M"]), (["B1", "B2"], ["T"])]


@pytest.mark.parametrize("repeat_pairs", ["avoid", "forbid"])
def test_a_place_more_that_needs_a_search_to_show_it_is_counted(repeat_pairs):
    """Three at one school, one each at two others: one of the three lacks a supervisor, and
    a second place for P1 covers them only in a plan a flow may not find without a
    reciprocal pair. With Repeat Pairs forbid the fix is judged by search, which must count
    P1's new place, not the roster's one."""
    a_roster = roster(
        *(person(f"P{i}", f"School {s}") for i, s in enumerate([0, 1, 2, 0, 0])),
        settings=Settings(repeat_pairs=repeat_pairs),
    )
    shown = fixes.suggest_fixes(diagnose(a_roster, time_limit=10), time_limit=10).fixes
    [fix] = [f for f in shown if f.description.startswith("Capacity 2 (now 1) for Person P1")]
    assert fix.covers == 1
    assert solve(fix.roster, time_limit=10).plan.cover_needed == ()


def joined_by_one_pair():
    """X2 and X3 can only have G1, the Ys only G2, and X1 either: one group of five with two
    places. A flow holding one of X1's pairs has both G1 and G2 in its cut (each is short
    of places on its own), so it looks no further, and its own pairs make two groups."""
    return roster(
        person("X1", "Oak", gives=False, working_days=frozenset({"Mon", "Tue"})),
        person("X2", "Oak", gives=False, working_days=frozenset({"Mon"})),
        person("X3", "Oak", gives=False, working_days=frozenset({"Mon"})),
        person("Y1", "Ash", gives=False, working_days=frozenset({"Tue"})),
        person("Y2", "Ash", gives=False, working_days=frozenset({"Tue"})),
        person("Z", "Fir", gives=False, working_days=frozenset({"Wed"})),
        person("G1", "Elm", receives=False, working_days=frozenset({"Mon"})),
        person("G2", "Yew", receives=False, working_days=frozenset({"Tue"})),
        person("G3", "Elm", receives=False, working_days=frozenset({"Wed"})),
    )


@pytest.mark.parametrize("each", [None, 1], ids=["listed", "one-pair-a-person-at-a-time"])
def test_a_group_joined_by_a_pair_the_flow_does_not_hold_is_one_group(each):
    with pytest.MonkeyPatch.context() as patch:
        if each is not None:
            patch.setattr(proofs, "DENSE_LIMIT", 0)
            patch.setattr(proofs, "_EACH", each)
        diagnosis = diagnose(joined_by_one_pair(), time_limit=10)
    ids = [p.id for p in diagnosis.roster.people]
    [d] = diagnosis.half_terms
    [c] = d.certificates
    assert c.kind is Kind.GROUP
    assert [ids[r] for r in c.supervisees] == ["X1", "X2", "X3", "Y1", "Y2"]
    assert [ids[g] for g in c.supervisors] == ["G1", "G2"]
    assert c.shortfall == 3
