"""H7 change requests: from the request's half term on, neither of the two supervises the
other (SPEC 3). Policy 001 App. 2, Change requests: "it is important that both those
offering and receiving supervision feel comfortable with each other. Should this not be the
case, or should it cease to be the case, it should be raised ... with a 'change request'"."""

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

from peerpair.domain.roster import ChangeRequest

H7 = "H7 change requests"


def giver_and_receiver(*requests: ChangeRequest, half_terms=(AUTUMN_1,)):
    """A, who gives but does not receive, and B, who receives but does not give."""
    return roster(
        person("A", "Oak", receives=False),
        person("B", "Ash", gives=False),
        half_terms=half_terms,
        change_requests=requests,
    )


def test_four_people_pair_around_a_change_request():
    """Policy 001 App. 2: "both those offering and receiving supervision feel comfortable
    with each other": A and B asked not to be paired; four DSLs still pair completely, never
    A with B."""
    four = roster(
        person("A", "Oak"),
        person("B", "Ash"),
        person("C", "Elm"),
        person("D", "Pine"),
        change_requests=(ChangeRequest(person_id="A", partner_id="B"),),
    )

    result = solved(four)

    assert_complete(result)
    assert not pairs(result.plan) & {("A", "B"), ("B", "A")}


@pytest.mark.parametrize(
    "change_request",
    [
        ChangeRequest(person_id="B", partner_id="A"),  # raised by the supervisee
        ChangeRequest(person_id="A", partner_id="B"),  # raised by the supervisor
    ],
)
def test_change_request_alone_leaves_supervisee_under_cover_needed(change_request):
    """Policy 001 App. 2: "it is important that both those offering and receiving
    supervision feel comfortable with each other": with a change request between A and B,
    in either order, B is under Cover Needed; without it the roster is complete. The reason
    keeps the request private (module docstring of reasons.py)."""
    result = solved(giver_and_receiver(change_request))

    assert result.plan.sessions == ()
    assert uncovered(result.plan) == {(AUTUMN_1, "B")}
    why = reason(result.plan, AUTUMN_1, "B")
    assert why == (
        "no possible supervisor in Autumn 1: of 1 who can give, 1 is ruled out by other "
        "arrangements"
    )
    assert "change" not in why.lower()

    assert_complete(solved(giver_and_receiver()))


def test_change_request_from_a_later_half_term_allows_the_pair_before_it():
    """SPEC 2 Change Requests: "From that half term on, neither of the two supervises the
    other". Raised from Autumn 2, A may still supervise B in Autumn 1."""
    request = ChangeRequest(person_id="B", partner_id="A", from_half_term=AUTUMN_2)

    result = solved(giver_and_receiver(request, half_terms=(AUTUMN_1, AUTUMN_2)))

    assert pairs(result.plan, AUTUMN_1) == {("A", "B")}
    assert pairs(result.plan, AUTUMN_2) == set()
    assert uncovered(result.plan) == {(AUTUMN_2, "B")}


def test_check_catches_pair_with_a_change_request_in_either_direction():
    """SPEC 3 H7: "neither of the two supervises the other": the request names B then A,
    and A -> B breaks H7 alone. The message says only that they are not to be paired."""
    request = ChangeRequest(person_id="B", partner_id="A")

    found = broken(giver_and_receiver(request), plan(session("A", "B")))

    assert list(found) == [H7]
    assert where(found[H7]) == [(AUTUMN_1, ("A", "B"))]
    assert found[H7][0].message == (
        "Person A (A) and Person B (B) are not to be paired from this half term"
    )


def test_check_catches_only_the_sessions_from_the_requests_half_term_on():
    """SPEC 2 Change Requests: "From that half term on, neither of the two supervises the
    other": A -> B in Autumn 1 is fine, A -> B in Autumn 2 breaks H7."""
    request = ChangeRequest(person_id="A", partner_id="B", from_half_term=AUTUMN_2)
    hand_made = plan(session("A", "B", AUTUMN_1), session("A", "B", AUTUMN_2))

    found = broken(giver_and_receiver(request, half_terms=(AUTUMN_1, AUTUMN_2)), hand_made)

    assert list(found) == [H7]
    assert where(found[H7]) == [(AUTUMN_2, ("A", "B"))]
