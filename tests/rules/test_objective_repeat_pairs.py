"""Objective 5: fewest repeated pairs (either direction, within the plan or against History)
when the Repeat Pairs setting is avoid (SPEC 3). Policy 001 App. 2: the Trust Safeguarding
Leads ensure that "supervision is not delivered and received between the same two
people"."""

from __future__ import annotations

import pytest
from rule_builders import (
    AUTUMN_1,
    AUTUMN_2,
    assert_complete,
    pairs,
    person,
    roster,
    solved,
    stage,
)

from peerpair.constraints.repeat_pairs import FewestRepeatPairs
from peerpair.constraints.spread_load import SpreadTheLoad
from peerpair.domain.roster import PastPair, Settings

AVOID = Settings(repeat_pairs="avoid")


def past(supervisor_id: str, supervisee_id: str) -> PastPair:
    return PastPair(supervisor_id=supervisor_id, supervisee_id=supervisee_id)


def two_givers_one_receiver(*history: PastPair, half_terms=(AUTUMN_1,), settings=AVOID):
    """A and D give but do not receive; B receives but does not give."""
    return roster(
        person("A", "Oak", receives=False),
        person("D", "Pine", receives=False),
        person("B", "Ash", gives=False),
        half_terms=half_terms,
        history=history,
        settings=settings,
    )


@pytest.mark.parametrize("history", [past("A", "B"), past("B", "A")])
def test_history_pair_avoided_when_an_alternative_exists(history):
    """Policy 001 App. 2: "supervision is not delivered and received between the same two
    people": A and B were paired in an earlier year (either way round), so D supervises B."""
    met_before = two_givers_one_receiver(history)

    result = solved(met_before)

    assert_complete(result)
    assert pairs(result.plan) == {("D", "B")}
    repeats = stage(result, FewestRepeatPairs)
    assert (repeats.value, repeats.bound, repeats.proven) == (0, 0, True)


def test_pair_is_not_repeated_across_half_terms_when_an_alternative_exists():
    """SPEC 3 objective 5 counts repeats "within the plan": B has a different supervisor in
    Autumn 1 and Autumn 2."""
    two_terms = two_givers_one_receiver(half_terms=(AUTUMN_1, AUTUMN_2))

    result = solved(two_terms)

    assert_complete(result)
    assert {
        supervisor
        for half_term in (AUTUMN_1, AUTUMN_2)
        for supervisor in result.plan.supervisors_of(half_term, "B")
    } == {"A", "D"}
    assert stage(result, FewestRepeatPairs).value == 0


def test_unavoidable_repeat_is_made_and_counted_rather_than_left_uncovered():
    """SPEC 3: with avoid, repeats are objective 5, after fewest Cover Needed (1): A is B's
    only possible supervisor and was B's before, so A supervises B again, counted as one
    repeat."""
    only_a = roster(
        person("A", "Oak", receives=False),
        person("B", "Ash", gives=False),
        history=(past("A", "B"),),
        settings=AVOID,
    )

    result = solved(only_a)

    assert_complete(result)
    assert pairs(result.plan) == {("A", "B")}
    repeats = stage(result, FewestRepeatPairs)
    assert (repeats.value, repeats.bound, repeats.proven) == (1, 1, True)
    assert FewestRepeatPairs().value(only_a, result.plan, [0]) == repeats.value


def test_spreading_the_load_comes_before_avoiding_a_repeat():
    """SPEC 3: "Objectives, in strict priority order (a later one never worsens an earlier
    one)": spreading the load (4) comes before fewest repeats (5). D met both B and C
    before; avoiding a repeat would give A a second session, so D takes one of them."""
    d_met_both = roster(
        person("A", "Oak", receives=False, capacity=2),
        person("D", "Pine", receives=False),
        person("B", "Ash", gives=False),
        person("C", "Elm", gives=False),
        history=(past("D", "B"), past("D", "C")),
        settings=AVOID,
    )

    result = solved(d_met_both)

    assert_complete(result)
    assert len(result.plan.supervisees_of(AUTUMN_1, "A")) == 1
    assert len(result.plan.supervisees_of(AUTUMN_1, "D")) == 1
    assert stage(result, SpreadTheLoad).value == 0
    assert stage(result, FewestRepeatPairs).value == 1


@pytest.mark.parametrize("setting", ["allow", "forbid"])
def test_objective_applies_only_with_avoid(setting):
    """SPEC 3 objective 5 applies "when the setting is avoid"; at forbid repeats are hard
    rule H11 and at allow they do not count."""
    met_before = two_givers_one_receiver(past("A", "B"), settings=Settings(repeat_pairs=setting))

    result = solved(met_before)

    assert FewestRepeatPairs.name not in [s.name for s in result.stages]
