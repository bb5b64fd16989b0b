"""Large rosters are worked a block of pairs at a time (issue 17): whatever the block size,
the pairs allowed and the plans made are those of the whole at once."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from peerpair.constraints import HARD_RULES, OBJECTIVES
from peerpair.constraints import eligibility as eligibility_module
from peerpair.constraints.base import PairList
from peerpair.constraints.changed_sessions import FewestChangedSessions
from peerpair.constraints.eligibility import Eligibility
from peerpair.domain.plan import Plan, Session
from peerpair.pairing import half_term_flow
from tests.brute_force import may_supervise, met_in_history
from tests.strategies import rosters
from tests.test_properties import _half_term_values


@given(rosters(max_people=7, max_half_terms=2), st.integers(1, 12))
def test_pairs_found_a_block_at_a_time_are_those_an_independent_reading_allows(roster, block):
    """Every block size finds the same pairs, and they are the pairs tests/brute_force.py
    allows, asked one by one."""
    with patch.object(eligibility_module, "BLOCK_PAIRS", block):
        eligibility = Eligibility(roster, HARD_RULES)
        for h in range(len(roster.half_terms)):
            supervisors, supervisees = eligibility.pairs(h)
            found = set(zip(supervisors.tolist(), supervisees.tolist(), strict=True))
            people = roster.people
            expected = {
                (a, b)
                for a in range(len(people))
                for b in range(len(people))
                if may_supervise(roster, h, people[a], people[b])
            }
            assert found == expected
            # Pair by pair (parallel arrays, not a block) gives the same answer.
            every = np.array([(a, b) for a in range(len(people)) for b in range(len(people))])
            one_by_one = eligibility.allows(h, every[:, 0], every[:, 1])
            assert set(map(tuple, every[one_by_one].tolist())) == expected


@given(
    st.integers(1, 9).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=12),
            st.lists(st.integers(0, n - 1), min_size=1, unique=True),
            st.lists(st.integers(0, n - 1), min_size=1, unique=True),
        )
    )
)
def test_a_pair_list_finds_its_pairs_in_a_block_as_pair_by_pair(case):
    n, listed, supervisors, supervisees = case
    pairs = PairList.of_positions(n, listed, both_ways=False)
    supervisees = sorted(supervisees)  # a block's supervisees are in roster order
    block = pairs.holds(np.array(supervisors)[:, None], np.array(supervisees)[None, :])
    expected = [[(a, b) in set(listed) for b in supervisees] for a in supervisors]
    assert block.tolist() == expected
    grid = np.array([(a, b) for a in supervisors for b in supervisees])
    assert pairs.holds(grid[:, 0], grid[:, 1]).tolist() == sum(expected, [])


def _assert_as_good_as_every_pair(eligibility, objectives, h, possible, **large_mode) -> None:
    """Half term h's flow in the large-roster mode (`large_mode`: half_term_flow's limits
    to patch) is as good, objective by objective as far as it prices, as over every pair."""
    every_pair = half_term_flow.best_flow(eligibility, possible, objectives)
    with patch.multiple(half_term_flow, **large_mode):
        few = half_term_flow.best_flow(eligibility, possible, objectives)
    assert few.sparse and not every_pair.sparse
    values = [
        _half_term_values(eligibility.roster, eligibility, objectives, h, flow.sessions)
        for flow in (few, every_pair)
    ]
    assert values[0][: few.priced] == values[1][: few.priced]


@given(rosters(max_people=14, max_half_terms=2))
def test_the_flow_in_small_blocks_is_as_good_as_over_every_pair(roster):
    """Each person's cheapest candidates and the certificates, gathered over blocks of a few
    supervisors, give a half term as good, objective by objective, as the flow over every
    possible pair."""
    eligibility = Eligibility(roster, HARD_RULES)
    objectives = [o for o in OBJECTIVES if o.applies(roster)]
    met = met_in_history(roster)
    forbid = roster.settings.repeat_pairs == "forbid"
    for h in range(len(roster.half_terms)):
        possible = half_term_flow.possible_sessions(eligibility, h, met, None, forbid)
        _assert_as_good_as_every_pair(
            eligibility, objectives, h, possible, DENSE_LIMIT=-1, CANDIDATES_EACH=1, BLOCK_PAIRS=1
        )


def test_rosters_that_have_worked_out_their_arrays_still_compare_by_their_fields():
    """The arrays the rules keep on a roster never decide, nor break, its equality."""
    from benchmarks.rosters import generated_roster

    first, again, other = generated_roster(30), generated_roster(30), generated_roster(31)
    for roster in (first, again, other):
        Eligibility(roster, HARD_RULES).pairs(0)
    assert first == again
    assert first != other


def _previous_plans(roster, draw_supervisor):
    """A published plan for `roster`: each person in each half term supervised by someone
    `draw_supervisor` picks (a position), or by nobody (None)."""
    people = roster.people
    sessions = []
    for half_term in roster.half_terms:
        for person in people:
            supervisor = draw_supervisor(len(people))
            if supervisor is not None:
                sessions.append(
                    Session(
                        half_term=half_term.name,
                        supervisor_id=people[supervisor].id,
                        supervisee_id=person.id,
                    )
                )
    return Plan(sessions=tuple(sessions))


def _objectives(roster, previous):
    objectives = [o for o in OBJECTIVES if o.applies(roster)]
    if previous is not None:
        objectives.insert(1, FewestChangedSessions(previous))
    return objectives


def _supervisors(data):
    return lambda people: data.draw(st.none() | st.integers(0, people - 1))


@given(rosters(max_people=9, max_half_terms=2), st.data())
def test_each_objectives_price_bounds_hold_for_every_possible_pair(roster, data):
    """A large half term skips pairs on the strength of each objective's price bounds
    (`flow_price_bounds`): every possible pair's price must be at most its highest, and at
    least its supervisor's floor plus its supervisee's unless the bounds list it, a
    re-solve's objective included."""
    previous = _previous_plans(roster, _supervisors(data))
    eligibility = Eligibility(roster, HARD_RULES)
    met = met_in_history(roster)
    for h in range(len(roster.half_terms)):
        possible = half_term_flow.possible_sessions(eligibility, h, met, previous, False)
        pairs = possible.every_pair()
        for objective in _objectives(roster, previous)[1:]:
            prices, _ = objective.flow_prices(roster, pairs)
            bounds = objective.flow_price_bounds(roster, h)
            prices = np.broadcast_to(prices, pairs.supervisors.shape)
            assert (prices <= bounds.most).all(), objective.name
            floor = np.zeros(len(prices), dtype=np.int64)
            if bounds.supervisor is not None:
                floor += bounds.supervisor[pairs.supervisors]
            if bounds.supervisee is not None:
                floor += bounds.supervisee[pairs.supervisees]
            below = prices < floor
            if bounds.below is not None:
                below &= ~bounds.below.holds(pairs.supervisors, pairs.supervisees)
            assert not below.any(), objective.name


@given(rosters(max_people=12, max_half_terms=2), st.data(), st.sampled_from([0, 64]))
def test_a_resolves_large_half_terms_are_as_good_as_over_every_pair(roster, data, screened):
    """A re-solve prices a pair below its floor (the previous session): in the large-roster
    mode its half terms must still be as good, objective by objective, as the flow over
    every pair, whether the reduced costs are screened by the price floors or every pair
    of every receiver is priced (`SCREENED_EACH` 0)."""
    previous = _previous_plans(roster, _supervisors(data))
    eligibility = Eligibility(roster, HARD_RULES)
    objectives = _objectives(roster, previous)
    met = met_in_history(roster)
    forbid = roster.settings.repeat_pairs == "forbid"
    for h in range(len(roster.half_terms)):
        possible = half_term_flow.possible_sessions(eligibility, h, met, previous, forbid)
        _assert_as_good_as_every_pair(
            eligibility,
            objectives,
            h,
            possible,
            DENSE_LIMIT=-1,
            CANDIDATES_EACH=1,
            SCREENED_EACH=screened,
        )
