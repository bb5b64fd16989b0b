"""Re-solving a published plan after change requests, absences, joiners and leavers
(SPEC 1, 3 objective 2, 5; policy 001, Appendix 2, "Change requests")."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from peerpair.constraints import check_plan
from peerpair.domain.changes import changes_between
from peerpair.pairing.solve import solve
from tests.brute_force import fewest_cover_then_changes, may_supervise
from tests.strategies import changes_to, rosters


@st.composite
def re_solves(draw, max_people=6):
    """(edited roster, previous plan, first re-planned half term)."""
    roster = draw(rosters(max_people=max_people, max_half_terms=2))
    previous = solve(roster, time_limit=10).plan
    first = draw(st.integers(0, len(roster.half_terms) - 1))
    return draw(changes_to(roster, previous, first)), previous, first


@given(re_solves())
def test_no_plan_with_fewer_changed_sessions_exists(case):
    """Objective 2 right after Cover Needed: the number of changed sessions is the proven
    minimum, checked against exhaustive search."""
    roster, previous, first = case
    result = solve(
        roster, time_limit=10, previous=previous, from_half_term=roster.half_terms[first].name
    )
    planned = [h.name for h in roster.half_terms[first:]]
    uncovered = sum(1 for c in result.plan.cover_needed if c.half_term in planned)
    assert (uncovered, len(result.changes)) == fewest_cover_then_changes(roster, previous, first)
    assert result.stages[1].name == "changed sessions" and result.stages[1].proven


@given(re_solves())
def test_re_planned_half_terms_keep_every_rule_and_earlier_ones_stay(case):
    """Half terms before --from are identical to the previous plan; from --from on every hard
    rule holds for the updated roster."""
    roster, previous, first = case
    result = solve(
        roster, time_limit=10, previous=previous, from_half_term=roster.half_terms[first].name
    )
    for h, half_term in enumerate(roster.half_terms):
        if h < first:
            assert result.plan.sessions_in(half_term.name) == previous.sessions_in(half_term.name)
        else:
            for s in result.plan.sessions_in(half_term.name):
                assert may_supervise(
                    roster, h, roster.person(s.supervisor_id), roster.person(s.supervisee_id)
                )
    planned = {h.name for h in roster.half_terms[first:]}
    broken = [
        v for c in check_plan(roster, result.plan) for v in c.violations if v.half_term in planned
    ]
    assert broken == []


@given(re_solves())
def test_the_changes_listed_are_the_differences_between_the_plans(case):
    """The Changes sheet and the terminal list exactly the sessions that differ."""
    roster, previous, first = case
    result = solve(
        roster, time_limit=10, previous=previous, from_half_term=roster.half_terms[first].name
    )
    planned = [h.name for h in roster.half_terms[first:]]
    assert list(result.changes) == changes_between(previous, result.plan, planned)
    assert result.stages[1].value == len(result.changes)
