"""Objective 1: fewest sessions under Cover Needed (SPEC 3). Policy 001 App. 2: "It is
expected that everyone in this cycle will both offer and receive supervision"; a session
nobody can deliver falls to the Trust Safeguarding Leads to arrange by hand."""

from __future__ import annotations

from rule_builders import (
    AUTUMN_1,
    AUTUMN_2,
    assert_complete,
    pairs,
    person,
    roster,
    solved,
    stage,
    trust_lead,
    uncovered,
)

from peerpair.constraints.cover_needed import FewestCoverNeeded

BOTH_HALF_TERMS = [0, 1]


def test_the_only_complete_plan_is_chosen():
    """Policy 001 App. 2: "everyone in this cycle will both offer and receive supervision":
    C will receive only from A, so A must take C and D must take B; any other plan leaves
    someone under Cover Needed."""
    choosy = roster(
        person("A", "Oak", receives=False),
        person("D", "Pine", receives=False),
        person("B", "Ash", gives=False),
        person("C", "Elm", gives=False, receive_from=frozenset({"A"})),
    )

    result = solved(choosy)

    assert_complete(result)
    assert pairs(result.plan) == {("A", "C"), ("D", "B")}
    cover = stage(result, FewestCoverNeeded)
    assert (cover.value, cover.bound, cover.proven) == (0, 0, True)


def test_unavoidable_cover_is_counted_and_proven_least():
    """SPEC 3 objective 1 "fewest sessions under Cover Needed": the trust lead (Capacity 3)
    can take only three of four DSLs from one school, so exactly one is under Cover Needed,
    and the solver proves no plan does better."""
    one_school = roster(trust_lead("T"), *(person(i, "Oak") for i in "ABCD"))

    result = solved(one_school)

    assert len(result.plan.cover_needed) == 1
    cover = stage(result, FewestCoverNeeded)
    assert (cover.value, cover.bound, cover.proven) == (1, 1, True)
    assert FewestCoverNeeded().value(one_school, result.plan, [0]) == cover.value


def test_value_counts_cover_in_each_half_term_asked_for():
    """SPEC 3 objective 1 counts sessions: B, whose only possible supervisor is untrained,
    is under Cover Needed in both half terms, 2 in all, 1 in each."""
    untrained_giver = roster(
        person("A", "Oak", receives=False, supervision_trained=False),
        person("B", "Ash", gives=False),
        half_terms=(AUTUMN_1, AUTUMN_2),
    )

    result = solved(untrained_giver)

    assert uncovered(result.plan) == {(AUTUMN_1, "B"), (AUTUMN_2, "B")}
    assert stage(result, FewestCoverNeeded).value == 2
    objective = FewestCoverNeeded()
    assert objective.value(untrained_giver, result.plan, BOTH_HALF_TERMS) == 2
    assert objective.value(untrained_giver, result.plan, [1]) == 1
