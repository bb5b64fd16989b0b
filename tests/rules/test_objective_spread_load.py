"""Objective 4: fewest sessions beyond the first for any one supervisor, so that volunteers
with spare capacity are asked only when needed (SPEC 3, "spread the load"). Policy 001
App. 2: "Attendance is required once per half-term for two sessions (one to deliver and
one to receive)"."""

from __future__ import annotations

from rule_builders import (
    AUTUMN_1,
    assert_complete,
    pairs,
    person,
    roster,
    solved,
    stage,
    trust_lead,
)

from peerpair.constraints.spread_load import SpreadTheLoad
from peerpair.constraints.trust_lead_sessions import FewestTrustLeadSessions


def test_capacity_two_volunteer_takes_one_when_others_can_give():
    """Policy 001 App. 2: "one to deliver and one to receive": A offered two places, but
    four DSLs at four schools can each supervise one, so A supervises only one."""
    four = roster(
        person("A", "Oak", capacity=2), person("B", "Ash"), person("C", "Elm"), person("D", "Pine")
    )

    result = solved(four)

    assert_complete(result)
    assert all(len(result.plan.supervisees_of(AUTUMN_1, i)) == 1 for i in "ABCD")
    load = stage(result, SpreadTheLoad)
    assert (load.value, load.bound, load.proven) == (0, 0, True)


def test_capacity_two_volunteer_takes_a_second_only_when_needed():
    """SPEC 3 objective 4 counts "sessions beyond the first for any one supervisor": A is the
    only one who gives, so A takes both B and C, one session beyond the first."""
    only_giver = roster(
        person("A", "Oak", receives=False, capacity=2),
        person("B", "Ash", gives=False),
        person("C", "Elm", gives=False),
    )

    result = solved(only_giver)

    assert_complete(result)
    assert pairs(result.plan) == {("A", "B"), ("A", "C")}
    load = stage(result, SpreadTheLoad)
    assert (load.value, load.bound, load.proven) == (1, 1, True)
    assert SpreadTheLoad().value(only_giver, result.plan, [0]) == load.value


def test_volunteers_second_session_comes_before_a_trust_lead_session():
    """SPEC 3: "Objectives, in strict priority order (a later one never worsens an earlier
    one)": fewest trust-lead sessions (3) comes before spreading the load (4), so A takes a
    second supervisee rather than hand one to T."""
    volunteer_and_lead = roster(
        person("A", "Oak", receives=False, capacity=2),
        person("B", "Ash", gives=False),
        person("C", "Elm", gives=False),
        trust_lead("T"),
    )

    result = solved(volunteer_and_lead)

    assert_complete(result)
    assert pairs(result.plan) == {("A", "B"), ("A", "C")}
    assert stage(result, FewestTrustLeadSessions).value == 0
    assert stage(result, SpreadTheLoad).value == 1
