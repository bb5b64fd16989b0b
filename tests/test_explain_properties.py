"""Properties of `explain` over generated rosters: its certificates account for every session
`solve` leaves under Cover Needed, each adds up by an independent reading of the rules
(tests/brute_force.py), and each suggested fix covers what it claims when solved."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given

from peerpair.diagnosis import proofs
from peerpair.diagnosis.fixes import suggest_fixes
from peerpair.diagnosis.proofs import Kind, diagnose
from peerpair.pairing.solve import solve
from peerpair.year import plan_year
from tests.brute_force import fewest_cover_needed, gives, may_supervise, receives
from tests.strategies import rosters


def cover_by_half_term(roster, result) -> dict[int, int]:
    counts = Counter(c.half_term for c in result.plan.cover_needed)
    return {h: counts[half_term.name] for h, half_term in enumerate(roster.half_terms)}


@given(rosters())
def test_certificates_account_for_every_session_solve_leaves_under_cover_needed(roster):
    """For each half term, the certificates' shortfalls never claim more than solve leaves
    uncovered (each is a proof), and they account for all of it: exactly per half term, and
    over the year when Repeat Pairs forbid ties the half terms together."""
    result = solve(roster, time_limit=10)
    diagnosis = diagnose(roster, time_limit=10)
    assert result.stages[0].proven and diagnosis.proven

    left = cover_by_half_term(roster, result)
    for d in diagnosis.half_terms:
        assert d.shortfall == d.fewest_uncovered <= left[d.half_term]
        if roster.settings.repeat_pairs != "forbid":
            assert d.shortfall == left[d.half_term]
    assert sum(c.shortfall for c in diagnosis.certificates) == len(result.plan.cover_needed)
    assert diagnosis.fewest_uncovered == len(result.plan.cover_needed)


@given(rosters())
def test_when_explain_says_a_plan_can_be_complete_solve_makes_one(roster):
    diagnosis = diagnose(roster, time_limit=10)
    result = solve(roster, time_limit=10)

    assert diagnosis.complete == (result.plan.cover_needed == ())
    if roster.settings.repeat_pairs != "forbid":
        left = cover_by_half_term(roster, result)
        for d in diagnosis.half_terms:
            if d.fewest_uncovered == 0:
                assert left[d.half_term] == 0


@given(rosters())
def test_every_certificate_adds_up_by_an_independent_reading_of_the_rules(roster):
    """Claimed places are fewer than claimed people, every possible supervisor of the people
    in a certificate is among its supervisors, and a person with no possible supervisor has
    every giver accounted for by some rule."""
    people = roster.people
    for c in diagnose(roster, time_limit=10).certificates:
        h = c.half_term
        if c.is_counted:
            supervisees = [people[r] for r in c.supervisees]
            supervisors = [people[g] for g in c.supervisors]
            assert all(receives(roster, r, h) for r in supervisees)
            assert all(gives(roster, g, h) for g in supervisors)
            assert c.places == sum(g.capacity for g in supervisors)
            assert c.places < len(supervisees)
            assert c.shortfall == len(supervisees) - c.places
            for r in supervisees:
                possible = {s.id for s in people if may_supervise(roster, h, s, r)}
                assert possible <= {g.id for g in supervisors}
        if c.kind in (Kind.NO_SUPERVISOR, Kind.NOBODY_GIVES):
            [r] = [people[i] for i in c.supervisees]
            others = [s for s in people if s.id != r.id and gives(roster, s, h)]
            assert c.others == len(others)
            assert sum(n for _, n in c.ruled_out) == len(others)
        if c.kind is Kind.DEADLOCK:
            a, b = (people[i] for i in c.supervisees)
            for one, other in ((a, b), (b, a)):
                possible = [s.id for s in people if may_supervise(roster, h, s, one)]
                assert possible == [other.id]


@given(rosters(max_people=7, max_half_terms=2))
def test_the_fewest_explain_finds_equals_the_brute_force_optimum(roster):
    assert diagnose(roster, time_limit=10).fewest_uncovered == fewest_cover_needed(roster)


@given(rosters(max_people=6))
def test_every_suggested_fix_covers_the_sessions_it_claims(roster):
    before = len(solve(roster, time_limit=10).plan.cover_needed)
    for fix in suggest_fixes(diagnose(roster, time_limit=10), time_limit=10).fixes:
        after = len(solve(fix.roster, time_limit=10).plan.cover_needed)
        assert before - after == fix.covers, fix.description


@given(rosters())
def test_no_cover_needed_reason_speaks_of_a_private_arrangement(roster):
    """SPEC 4: the plan holds no change requests, absences or Receive From lists."""
    for c in plan_year(roster, time_limit=10).plan.cover_needed:
        words = c.reason.casefold()
        assert c.reason
        assert "change request" not in words
        assert "receive from" not in words
        assert "absen" not in words


@given(rosters())
def test_a_large_half_term_asked_a_block_at_a_time_gives_the_same_certificates(roster):
    """Above DENSE_LIMIT possible pairs a half term's flow starts from each receiver's first
    candidates and grows until its cut holds over every pair: the fewest under Cover Needed
    and every flow certificate are those of the flow over every pair."""
    listed = diagnose(roster)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(proofs, "DENSE_LIMIT", 0)
        asked = diagnose(roster)
    assert asked.fewest_uncovered == listed.fewest_uncovered
    for a, b in zip(asked.half_terms, listed.half_terms, strict=True):
        assert a.fewest_uncovered == b.fewest_uncovered
        counted = [c for c in b.certificates if c.kind != Kind.RECIPROCAL]
        assert [c for c in a.certificates if c.kind != Kind.RECIPROCAL] == counted
