"""H4 no reciprocal pairs: never a -> b and b -> a in the same half term (SPEC 3).
Policy 001 App. 2: the Trust Safeguarding Leads ensure that "supervision is not delivered
and received between the same two people"."""

from __future__ import annotations

from rule_builders import (
    AUTUMN_1,
    AUTUMN_2,
    assert_complete,
    broken,
    pairs,
    person,
    plan,
    reason,
    roster,
    session,
    solved,
    stage,
    uncovered,
    where,
)

from peerpair.constraints.same_hub import SameHub
from peerpair.domain.roster import Settings

H4 = "H4 no reciprocal pairs"


def test_no_swap_even_where_swaps_would_keep_every_pair_within_its_hub():
    """Policy 001 App. 2: "supervision is not delivered and received between the same two
    people". With Same Hub = prefer (and Repeat Pairs = allow, so that nothing else weighs
    against a swap), A and B in one hub and C and D in another, two swaps (A <-> B,
    C <-> D) would make all four sessions same-hub pairs; without H4 they would be the best
    plan. The plan is a ring of four instead, with two same-hub pairs."""
    four = roster(
        person("A", "Oak", hub="North"),
        person("B", "Ash", hub="North"),
        person("C", "Elm", hub="South"),
        person("D", "Yew", hub="South"),
        settings=Settings(same_hub="prefer", repeat_pairs="allow"),
    )

    result = solved(four)

    assert_complete(result)
    made = pairs(result.plan)
    assert all((b, a) not in made for a, b in made)
    assert stage(result, SameHub).value == 2


def test_two_people_alone_cannot_swap_so_one_is_under_cover_needed():
    """Policy 001 App. 2: "supervision is not delivered and received between the same two
    people". A and B could cover each other only by a swap, so one of them is under Cover
    Needed, and the reason says two people may not supervise each other. A third DSL from
    another school makes the roster complete."""
    a, b = person("A", "Oak"), person("B", "Ash")

    result = solved(roster(a, b))

    [(half_term, left_out)] = uncovered(result.plan)
    [other] = {"A", "B"} - {left_out}
    assert half_term == AUTUMN_1
    assert pairs(result.plan) == {(left_out, other)}
    assert reason(result.plan, AUTUMN_1, left_out) == (
        f"their only possible supervisor, Person {other} ({other}), is fully booked or "
        f"supervised by Person {left_out} in Autumn 1, and two people may not supervise "
        "each other"
    )

    assert_complete(solved(roster(a, b, person("C", "Elm"))))


def test_check_catches_two_people_supervising_each_other():
    """Policy 001 App. 2: "supervision is not delivered and received between the same two
    people": A -> B with B -> A in one half term breaks H4 alone."""
    hand_made = plan(session("A", "B"), session("B", "A"))

    found = broken(roster(person("A", "Oak"), person("B", "Ash")), hand_made)

    assert list(found) == [H4]
    assert where(found[H4]) == [(AUTUMN_1, ("A", "B"))]
    assert found[H4][0].message == "Person A (A) and Person B (B) supervise each other"


def test_swap_across_two_half_terms_is_not_a_reciprocal_pair():
    """SPEC 3 H4: "never a -> b and b -> a in the same half term": the Autumn 1 ring
    reversed in Autumn 2 breaks no rule while Repeat Pairs is avoid (repeats belong to H11
    and objective 5)."""
    two_terms = roster(
        person("A", "Oak"), person("B", "Ash"), person("C", "Elm"), half_terms=(AUTUMN_1, AUTUMN_2)
    )
    hand_made = plan(
        session("A", "B", AUTUMN_1),
        session("B", "C", AUTUMN_1),
        session("C", "A", AUTUMN_1),
        session("B", "A", AUTUMN_2),
        session("C", "B", AUTUMN_2),
        session("A", "C", AUTUMN_2),
    )

    assert broken(two_terms, hand_made) == {}
