"""H2 capacity: nobody supervises more than their Capacity in a half term; people who do not
give then (absent, Gives = No, Capacity 0) supervise nobody (SPEC 3)."""

from __future__ import annotations

import pytest
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
    uncovered,
    where,
)

from peerpair.domain.roster import Absence

H2 = "H2 capacity"


def volunteer_and_two(capacity: int, **volunteer):
    """A, who gives but does not receive, and B and C, who receive but do not give."""
    return roster(
        person("A", "Oak", receives=False, capacity=capacity, **volunteer),
        person("B", "Ash", gives=False),
        person("C", "Elm", gives=False),
    )


def giver_and_receiver(**volunteer):
    """A, who gives but does not receive, and B, who receives but does not give."""
    return roster(
        person("A", "Oak", **{"receives": False, **volunteer}),
        person("B", "Ash", gives=False),
    )


def test_capacity_two_volunteer_takes_two_supervisees():
    """SPEC 2 Staff, Capacity: "most supervisees per half term": A, with Capacity 2, is
    the only one who gives and supervises both B and C."""
    result = solved(volunteer_and_two(capacity=2))

    assert_complete(result)
    assert pairs(result.plan) == {("A", "B"), ("A", "C")}


def test_capacity_one_alone_leaves_one_under_cover_needed():
    """SPEC 3 H2: "nobody supervises more than their Capacity in h". With Capacity 1, A
    takes one of B and C; the other is under Cover Needed because A is fully booked. The
    same roster with Capacity 2 is complete."""
    result = solved(volunteer_and_two(capacity=1))

    [(half_term, left_out)] = uncovered(result.plan)
    [taken] = {"B", "C"} - {left_out}
    assert half_term == AUTUMN_1
    assert pairs(result.plan) == {("A", taken)}
    assert reason(result.plan, AUTUMN_1, left_out) == (
        "their only possible supervisor, Person A (A), is fully booked in Autumn 1"
    )
    assert [c.rule for c in result.checks if not c.passed] == []

    assert_complete(solved(volunteer_and_two(capacity=2)))


@pytest.mark.parametrize(
    "not_giving",
    [
        {"gives": False},  # "may feel unable to offer supervision"
        {"capacity": 0},
    ],
)
def test_person_who_does_not_give_supervises_nobody(not_giving):
    """Policy 001 App. 2: "there may be times when colleagues may feel unable to offer
    supervision"; SPEC 3 H2: "people who do not give in h supervise nobody". With A not
    giving, B has no one; with A giving, the pair is complete."""
    result = solved(giver_and_receiver(**not_giving))

    assert result.plan.sessions == ()
    assert uncovered(result.plan) == {(AUTUMN_1, "B")}
    assert reason(result.plan, AUTUMN_1, "B") == "nobody else can give supervision in Autumn 1"

    assert_complete(solved(giver_and_receiver()))


def test_absent_supervisor_supervises_nobody_that_half_term():
    """Policy 001 App. 2: "Should a colleague in this cycle be unable to deliver supervision
    due to prolonged absence, the Trust Safeguarding Leads will ensure that alternative
    arrangements can be made": A, absent in Autumn 1, supervises B only in Autumn 2."""
    absent_first = roster(
        person("A", "Oak", receives=False),
        person("B", "Ash", gives=False),
        half_terms=(AUTUMN_1, AUTUMN_2),
        absences=(Absence(person_id="A", half_term=AUTUMN_1),),
    )

    result = solved(absent_first)

    assert pairs(result.plan, AUTUMN_1) == set()
    assert pairs(result.plan, AUTUMN_2) == {("A", "B")}
    assert uncovered(result.plan) == {(AUTUMN_1, "B")}
    assert reason(result.plan, AUTUMN_1, "B") == "nobody else can give supervision in Autumn 1"


def test_check_catches_supervisor_over_capacity():
    """SPEC 3 H2: "nobody supervises more than their Capacity in h": A (Capacity 1)
    supervising both B and C breaks H2 alone."""
    hand_made = plan(session("A", "B"), session("A", "C"))

    found = broken(volunteer_and_two(capacity=1), hand_made)

    assert list(found) == [H2]
    assert where(found[H2]) == [(AUTUMN_1, ("A", "B", "C"))]
    # Each supervisee named: moving either one mends the plan.
    assert found[H2][0].message == (
        "Person A (A) supervises 2 people (Person B (B), Person C (C)); capacity is 1"
    )


@pytest.mark.parametrize(
    ("not_giving", "message"),
    [
        (
            {"gives": False},
            "Person A (A) supervises Person B (B) but does not give supervision this year",
        ),
        ({"capacity": 0}, "Person A (A) supervises Person B (B) but has a capacity of 0"),
    ],
)
def test_check_catches_session_by_someone_who_does_not_give(not_giving, message):
    """SPEC 3 H2: "people who do not give in h supervise nobody"."""
    found = broken(giver_and_receiver(**not_giving), plan(session("A", "B")))

    assert set(found) == {H2}
    assert (AUTUMN_1, ("A", "B")) in where(found[H2])
    assert message in [v.message for v in found[H2]]


def test_check_catches_session_by_someone_absent():
    """SPEC 3 H2 with SPEC 2 Absences: an absent person does not give in that half term, so
    a session they deliver then breaks H2; the same session a half term later is fine."""
    absent_first = roster(
        person("A", "Oak", receives=False),
        person("B", "Ash", gives=False),
        half_terms=(AUTUMN_1, AUTUMN_2),
        absences=(Absence(person_id="A", half_term=AUTUMN_1),),
    )
    hand_made = plan(session("A", "B", AUTUMN_1), session("A", "B", AUTUMN_2))

    found = broken(absent_first, hand_made)

    assert list(found) == [H2]
    assert where(found[H2]) == [(AUTUMN_1, ("A", "B"))]
    assert found[H2][0].message == "Person A (A) supervises Person B (B) but is absent in Autumn 1"
