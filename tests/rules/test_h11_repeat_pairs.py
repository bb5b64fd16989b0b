"""H11 repeat pairs, when the setting is forbid: no two people are paired (either direction)
in two half terms of the plan, nor in the plan and History (SPEC 3). Policy 001 App. 2:
the Trust Safeguarding Leads ensure that "supervision is not delivered and received
between the same two people"."""

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

from peerpair.constraints import check_plan
from peerpair.domain.roster import PastPair, Settings

H11 = "H11 repeat pairs"
FORBID = Settings(repeat_pairs="forbid")


def past(supervisor_id: str, supervisee_id: str) -> PastPair:
    return PastPair(supervisor_id=supervisor_id, supervisee_id=supervisee_id, half_term=AUTUMN_1)


def giver_and_receiver(*history: PastPair, half_terms=(AUTUMN_1,), repeat_pairs="forbid"):
    """A, who gives but does not receive, and B, who receives but does not give."""
    return roster(
        person("A", "Oak", receives=False),
        person("B", "Ash", gives=False),
        half_terms=half_terms,
        history=history,
        settings=Settings(repeat_pairs=repeat_pairs),
    )


def test_four_people_pair_around_a_past_pair():
    """Policy 001 App. 2: "supervision is not delivered and received between the same two
    people": A supervised B in an earlier year; with forbid, four DSLs still pair
    completely, never A with B either way."""
    four = roster(
        person("A", "Oak"),
        person("B", "Ash"),
        person("C", "Elm"),
        person("D", "Pine"),
        history=(past("A", "B"),),
        settings=FORBID,
    )

    result = solved(four)

    assert_complete(result)
    assert not pairs(result.plan) & {("A", "B"), ("B", "A")}


@pytest.mark.parametrize(
    "history",
    [
        past("A", "B"),  # the same direction as the session it rules out
        past("B", "A"),  # the other direction: pairs count either way
    ],
)
def test_history_pair_alone_leaves_supervisee_under_cover_needed_with_forbid(history):
    """SPEC 3 H11: no two people are paired "(either direction) ... in the plan and
    History": with forbid, B is under Cover Needed and the reason says they were paired
    before; with avoid, the same roster is complete."""
    result = solved(giver_and_receiver(history))

    assert result.plan.sessions == ()
    assert uncovered(result.plan) == {(AUTUMN_1, "B")}
    assert reason(result.plan, AUTUMN_1, "B") == (
        "no possible supervisor in Autumn 1: of 1 who can give, 1 was paired with them before"
    )

    avoided = solved(giver_and_receiver(history, repeat_pairs="avoid"))
    assert avoided.plan.cover_needed == ()
    assert pairs(avoided.plan) == {("A", "B")}


def test_pair_within_the_plan_is_made_only_once_with_forbid():
    """SPEC 3 H11: no two people are paired "in two half terms of the plan": A is B's only
    possible supervisor, so B has A in one of the two half terms and is under Cover Needed
    in the other; the reason mentions repeating a pair. With allow, both are A -> B."""
    result = solved(giver_and_receiver(half_terms=(AUTUMN_1, AUTUMN_2)))

    [(left_out_in, _)] = uncovered(result.plan)
    [paired_in] = {AUTUMN_1, AUTUMN_2} - {left_out_in}
    assert uncovered(result.plan) == {(left_out_in, "B")}
    assert pairs(result.plan, paired_in) == {("A", "B")}
    assert pairs(result.plan, left_out_in) == set()
    assert "repeating a pair" in reason(result.plan, left_out_in, "B")

    allowed = solved(giver_and_receiver(half_terms=(AUTUMN_1, AUTUMN_2), repeat_pairs="allow"))
    assert allowed.plan.cover_needed == ()
    assert pairs(allowed.plan, AUTUMN_1) == pairs(allowed.plan, AUTUMN_2) == {("A", "B")}


@pytest.mark.parametrize("history", [past("A", "B"), past("B", "A")])
def test_check_catches_pair_made_before_in_history(history):
    """SPEC 3 H11: no two people are paired "(either direction) ... in the plan and
    History": A -> B after a past pair of A and B breaks H11 alone."""
    found = broken(giver_and_receiver(history), plan(session("A", "B")))

    assert list(found) == [H11]
    assert where(found[H11]) == [(AUTUMN_1, ("A", "B"))]
    assert "were paired" in found[H11][0].message


def test_check_catches_pair_repeated_within_the_plan_in_the_later_half_term():
    """SPEC 3 H11: no two people are paired "(either direction) in two half terms of the
    plan": the ring of Autumn 1 reversed in Autumn 2 breaks H11 with each Autumn 2 session,
    and no other rule."""
    three = roster(
        person("A", "Oak"),
        person("B", "Ash"),
        person("C", "Elm"),
        half_terms=(AUTUMN_1, AUTUMN_2),
        settings=FORBID,
    )
    hand_made = plan(
        session("A", "B", AUTUMN_1),
        session("B", "C", AUTUMN_1),
        session("C", "A", AUTUMN_1),
        session("B", "A", AUTUMN_2),
        session("C", "B", AUTUMN_2),
        session("A", "C", AUTUMN_2),
    )

    found = broken(three, hand_made)

    assert list(found) == [H11]
    assert sorted(where(found[H11])) == [
        (AUTUMN_2, ("A", "C")),
        (AUTUMN_2, ("B", "A")),
        (AUTUMN_2, ("C", "B")),
    ]


@pytest.mark.parametrize("setting", ["avoid", "allow"])
def test_not_in_force_unless_the_setting_is_forbid(setting):
    """SPEC 3 H11: "repeat pairs, when the setting is forbid": with avoid or allow the check
    is marked not in force and reports nothing, even for a History pair made again."""
    found = check_plan(
        giver_and_receiver(past("A", "B"), repeat_pairs=setting), plan(session("A", "B"))
    )

    [h11] = [c for c in found if c.rule == H11]
    assert h11.in_force is False
    assert h11.violations == ()
    assert all(c.passed for c in found)


def test_in_force_with_forbid():
    """SPEC 3 H11: with Repeat Pairs at forbid the rule is in force (a Checks row that
    counts)."""
    [h11] = [c for c in check_plan(giver_and_receiver(), plan(session("A", "B"))) if c.rule == H11]

    assert h11.in_force is True
    assert h11.passed
