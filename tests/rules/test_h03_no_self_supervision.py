"""H3 no self-supervision (SPEC 3). Policy 001 App. 2: the Trust Safeguarding Leads ensure
that "supervision is not delivered and received between the same two people", and
"Sessions are conducted via Teams and offered by a DSL/DDSL from another school"."""

from __future__ import annotations

from rule_builders import (
    AUTUMN_1,
    assert_complete,
    broken,
    pairs,
    person,
    plan,
    reason,
    roster,
    session,
    solved,
    uncovered,
    where,
)

H3 = "H3 no self-supervision"
H5 = "H5 different schools"


def test_ring_of_three_has_no_one_supervising_themselves():
    """SPEC 3 H3 "no self-supervision": in a complete plan every supervisor differs from
    their supervisee."""
    result = solved(roster(person("A", "Oak"), person("B", "Ash"), person("C", "Elm")))

    assert_complete(result)
    assert all(supervisor != supervisee for supervisor, supervisee in pairs(result.plan))


def test_only_giver_cannot_supervise_themselves():
    """SPEC 3 H3 "no self-supervision": A, with places for two, is the only one who gives.
    A supervises B but cannot take themselves, so A is under Cover Needed because nobody
    *else* gives; once A does not receive, the same roster is complete."""
    result = solved(roster(person("A", "Oak", capacity=2), person("B", "Ash", gives=False)))

    assert pairs(result.plan) == {("A", "B")}
    assert uncovered(result.plan) == {(AUTUMN_1, "A")}
    assert reason(result.plan, AUTUMN_1, "A") == "nobody else can give supervision in Autumn 1"

    assert_complete(
        solved(
            roster(person("A", "Oak", capacity=2, receives=False), person("B", "Ash", gives=False))
        )
    )


def test_check_catches_someone_supervising_themselves():
    """SPEC 3 H3 "no self-supervision": A supervising A is reported under H3 with A's ID.
    A person always shares their own school, so H5 reports the same session too; every
    other rule passes."""
    three = roster(person("A", "Oak", capacity=2), person("B", "Ash"), person("C", "Elm"))
    hand_made = plan(session("A", "A"), session("A", "B"), session("B", "C"))

    found = broken(three, hand_made)

    assert set(found) == {H3, H5}
    assert where(found[H3]) == [(AUTUMN_1, ("A", "A"))]
    assert found[H3][0].message == "Person A (A) is paired with themselves"
    assert where(found[H5]) == [(AUTUMN_1, ("A", "A"))]
