"""H5 different schools: supervisor and supervisee are never at the same school (SPEC 3).
Policy 001 App. 2: "Supervision will not be delivered by someone within the same school"."""

from __future__ import annotations

import pytest
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

from peerpair.domain.roster import PastPair

H5 = "H5 different schools"


def giver_and_receiver(giver_school: str, receiver_school: str):
    """A, who gives but does not receive, and B, who receives but does not give."""
    return roster(
        person("A", giver_school, receives=False),
        person("B", receiver_school, gives=False),
    )


def test_two_schools_pair_across_schools_even_at_the_cost_of_repeats():
    """Policy 001 App. 2: "Supervision will not be delivered by someone within the same
    school", and "Sessions are conducted via Teams and offered by a DSL/DDSL from another
    school": "Oak Primary" and "Oak Academy" are different schools. Every pair across them
    met in earlier years, so only pairs within a school would avoid a repeat; without H5
    the best plan would use them. The plan pairs across the schools instead."""
    four = roster(
        person("A", "Oak Primary"),
        person("B", "Oak Primary"),
        person("C", "Oak Academy"),
        person("D", "Oak Academy"),
        history=tuple(PastPair(supervisor_id=a, supervisee_id=b) for a in "AB" for b in "CD"),
    )

    result = solved(four)

    assert_complete(result)
    schools = {p.id: p.school for p in four.people}
    assert all(schools[a] != schools[b] for a, b in pairs(result.plan))
    assert len(pairs(result.plan)) == 4


def test_same_school_alone_leaves_supervisee_under_cover_needed():
    """Policy 001 App. 2: "Supervision will not be delivered by someone within the same
    school": B's only possible supervisor works at B's school, so B is under Cover Needed
    and the reason says so; with B at another school the roster is complete."""
    result = solved(giver_and_receiver("Oak", "Oak"))

    assert result.plan.sessions == ()
    assert uncovered(result.plan) == {(AUTUMN_1, "B")}
    assert reason(result.plan, AUTUMN_1, "B") == (
        "no possible supervisor in Autumn 1: of 1 who can give, 1 works at the same school"
    )

    assert_complete(solved(giver_and_receiver("Oak", "Ash")))


@pytest.mark.parametrize(
    ("giver_school", "receiver_school"),
    [
        ("Oak Primary", "oak primary"),
        ("Oak  Primary", "Oak Primary"),
        ("OAK PRIMARY", "oak\tprimary"),
        ("St Mary's Primary", "St. Marys Primary"),
        ("St-Mary's", "st marys"),
    ],
)
def test_school_names_match_ignoring_case_spacing_and_punctuation(giver_school, receiver_school):
    """Policy 001 App. 2: "Supervision will not be delivered by someone within the same
    school": a school typed twice with different case, spacing or punctuation is still one
    school."""
    result = solved(giver_and_receiver(giver_school, receiver_school))

    assert result.plan.sessions == ()
    assert uncovered(result.plan) == {(AUTUMN_1, "B")}
    assert "works at the same school" in reason(result.plan, AUTUMN_1, "B")


def test_check_catches_supervisor_from_the_same_school():
    """Policy 001 App. 2: "Supervision will not be delivered by someone within the same
    school": A -> B, both at Oak, breaks H5 alone."""
    found = broken(giver_and_receiver("Oak", "Oak"), plan(session("A", "B")))

    assert list(found) == [H5]
    assert where(found[H5]) == [(AUTUMN_1, ("A", "B"))]
    assert found[H5][0].message == "Person A (A) and Person B (B) both work at Oak"


def test_check_catches_one_school_spelt_two_ways():
    """Policy 001 App. 2: "Supervision will not be delivered by someone within the same
    school": a hand-made plan pairing "St Mary's" with "St. Marys" is caught."""
    found = broken(giver_and_receiver("St Mary's", "St. Marys"), plan(session("A", "B")))

    assert list(found) == [H5]
