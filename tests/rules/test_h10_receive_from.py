"""H10 receive-from: a person with a Receive From list is supervised only by someone on it
(SPEC 3). Policy 001 App. 2: some colleagues "would only feel comfortable to receive it
from a Trust Safeguarding Lead or an alternative nominated leader"."""

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
    trust_lead,
    uncovered,
    where,
)

from peerpair.domain.roster import TRUST_LEAD_WORD

H10 = "H10 receive-from"


def test_nominated_leader_by_id_supervises():
    """Policy 001 App. 2: "or an alternative nominated leader": B names C; in the ring of
    three, C supervises B."""
    three = roster(
        person("A", "Oak"),
        person("B", "Ash", receive_from=frozenset({"C"})),
        person("C", "Elm"),
    )

    result = solved(three)

    assert_complete(result)
    assert result.plan.supervisors_of(AUTUMN_1, "B") == ["C"]


def giver_and_receiver(receive_from=None):
    """A, who gives but does not receive; B, who receives but does not give; C, who is in
    the roster but gives no supervision this year."""
    return roster(
        person("A", "Oak", receives=False),
        person("B", "Ash", gives=False, receive_from=receive_from),
        person("C", "Elm", gives=False, receives=False),
    )


def test_receive_from_alone_leaves_supervisee_under_cover_needed():
    """Policy 001 App. 2: "would only feel comfortable to receive it from ... an alternative
    nominated leader": B will receive only from C, who gives no supervision this year, so B
    is under Cover Needed, though A is free; without the list, A supervises B. The reason
    keeps the list private."""
    result = solved(giver_and_receiver(receive_from=frozenset({"C"})))

    assert result.plan.sessions == ()
    assert uncovered(result.plan) == {(AUTUMN_1, "B")}
    why = reason(result.plan, AUTUMN_1, "B")
    assert why == (
        "no possible supervisor in Autumn 1: of 1 who can give, 1 is ruled out by other "
        "arrangements"
    )
    assert "Person C" not in why

    result = solved(giver_and_receiver())
    assert_complete(result)
    assert pairs(result.plan) == {("A", "B")}


@pytest.mark.parametrize("role", ["Trust Safeguarding Lead", "Hub Strategic Lead", "TSL"])
def test_receive_from_the_words_trust_lead_means_any_trust_lead(role):
    """Policy 001 App. 2: "would only feel comfortable to receive it from a Trust
    Safeguarding Lead"; SPEC 2 Staff, Receive From: "IDs and/or the words 'trust lead'".
    B, who asked for a trust lead, gets T even though A could take B and trust leads are the
    fallback (objective 3)."""
    two_and_a_lead = roster(
        person("A", "Oak"),
        person("B", "Ash", receive_from=frozenset({TRUST_LEAD_WORD})),
        trust_lead("T", role=role),
    )

    result = solved(two_and_a_lead)

    assert_complete(result)
    assert pairs(result.plan) == {("T", "B"), ("B", "A")}


def test_check_catches_supervisor_not_on_the_list():
    """SPEC 3 H10: "a person with a Receive From list is supervised only by someone on it":
    A -> B, where B will receive only from C, breaks H10 alone."""
    found = broken(giver_and_receiver(receive_from=frozenset({"C"})), plan(session("A", "B")))

    assert list(found) == [H10]
    assert where(found[H10]) == [(AUTUMN_1, ("A", "B"))]
    assert found[H10][0].message == "Person A (A) is not among those who may supervise Person B (B)"


def test_check_catches_a_colleague_when_only_a_trust_lead_will_do():
    """Policy 001 App. 2: "would only feel comfortable to receive it from a Trust
    Safeguarding Lead": A, who is not a trust lead, supervising B breaks H10 alone."""
    only_a_lead = giver_and_receiver(receive_from=frozenset({TRUST_LEAD_WORD}))

    found = broken(only_a_lead, plan(session("A", "B")))

    assert list(found) == [H10]
    assert where(found[H10]) == [(AUTUMN_1, ("A", "B"))]
