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
from peerpair.constraints.eligibility import Eligibility
from peerpair.pairing import half_term_flow
from tests.brute_force import may_supervise
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


@given(rosters(max_people=14, max_half_terms=2))
def test_the_flow_in_small_blocks_is_as_good_as_over_every_pair(roster):
    """Each person's cheapest candidates and the certificates, gathered over blocks of a few
    supervisors, give a half term as good, objective by objective, as the flow over every
    possible pair."""
    eligibility = Eligibility(roster, HARD_RULES)
    objectives = [o for o in OBJECTIVES if o.applies(roster)]
    index = roster.index
    met = frozenset(
        frozenset((index[p.supervisor_id], index[p.supervisee_id])) for p in roster.history
    )
    forbid = roster.settings.repeat_pairs == "forbid"
    for h in range(len(roster.half_terms)):
        possible = half_term_flow.possible_sessions(eligibility, h, met, None, forbid)
        every_pair = half_term_flow.best_flow(eligibility, possible, objectives)
        with patch.multiple(half_term_flow, DENSE_LIMIT=-1, CANDIDATES_EACH=1, BLOCK_PAIRS=1):
            few = half_term_flow.best_flow(eligibility, possible, objectives)
        assert few.sparse and not every_pair.sparse
        values = [
            _half_term_values(roster, eligibility, objectives, h, flow.sessions)
            for flow in (few, every_pair)
        ]
        assert values[0][: few.priced] == values[1][: few.priced]


def test_rosters_that_have_worked_out_their_arrays_still_compare_by_their_fields():
    """The arrays the rules keep on a roster never decide, nor break, its equality."""
    from benchmarks.rosters import generated_roster

    first, again, other = generated_roster(30), generated_roster(30), generated_roster(31)
    for roster in (first, again, other):
        Eligibility(roster, HARD_RULES).pairs(0)
    assert first == again
    assert first != other
