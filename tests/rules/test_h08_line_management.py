"""H8 line management: nobody is supervised by their line manager or supervises their line
manager (SPEC 3). Policy 001 App. 2, Hierarchy: "there is no hierarchy - it is peer
supervision" and "no line management conflicts should occur"."""

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

H8 = "H8 line management"


def giver_and_receiver(giver=None, receiver=None):
    """A, who gives but does not receive, and B, who receives but does not give; each may
    have a line manager."""
    return roster(
        person("A", "Oak", receives=False, line_manager_id=giver),
        person("B", "Ash", gives=False, line_manager_id=receiver),
    )


def test_four_people_pair_around_a_line_manager():
    """Policy 001 App. 2: "there is no hierarchy - it is peer supervision": A line-manages B
    (an executive head across two schools); four DSLs still pair completely, never A with
    B either way."""
    four = roster(
        person("A", "Oak"),
        person("B", "Ash", line_manager_id="A"),
        person("C", "Elm"),
        person("D", "Pine"),
    )

    result = solved(four)

    assert_complete(result)
    assert not pairs(result.plan) & {("A", "B"), ("B", "A")}


@pytest.mark.parametrize(
    ("giver_manager", "receiver_manager"),
    [
        (None, "A"),  # A would supervise the person A line-manages
        ("B", None),  # A would supervise A's own line manager
    ],
)
def test_line_management_alone_leaves_supervisee_under_cover_needed(
    giver_manager, receiver_manager
):
    """Policy 001 App. 2: "no line management conflicts should occur", in both directions:
    B is under Cover Needed, the reason names line management, and without the line
    manager the roster is complete."""
    result = solved(giver_and_receiver(giver_manager, receiver_manager))

    assert result.plan.sessions == ()
    assert uncovered(result.plan) == {(AUTUMN_1, "B")}
    assert reason(result.plan, AUTUMN_1, "B") == (
        "no possible supervisor in Autumn 1: of 1 who can give, 1 line-manages or is "
        "line-managed by them"
    )

    assert_complete(solved(giver_and_receiver()))


@pytest.mark.parametrize(
    ("giver_manager", "receiver_manager", "message"),
    [
        (None, "A", "Person A (A) line-manages Person B (B)"),
        ("B", None, "Person B (B) line-manages Person A (A)"),
    ],
)
def test_check_catches_supervision_along_a_line_management_line(
    giver_manager, receiver_manager, message
):
    """SPEC 3 H8: "nobody is supervised by their line manager or supervises their line
    manager": A -> B breaks H8 alone whichever of them manages the other."""
    found = broken(giver_and_receiver(giver_manager, receiver_manager), plan(session("A", "B")))

    assert list(found) == [H8]
    assert where(found[H8]) == [(AUTUMN_1, ("A", "B"))]
    assert found[H8][0].message == message
