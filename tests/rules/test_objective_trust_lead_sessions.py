"""Objective 3: fewest sessions delivered by trust leads, "they are the fallback" (SPEC 3).
Policy 001 App. 2: when colleagues cannot be paired "the Trust Safeguarding Leads will
ensure that alternative arrangements can be made", and they keep time for additional
sessions "delivered as soon as possible ... by the Trust Safeguarding Lead or Hub Strategic
Lead depending on context and capacity"."""

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

from peerpair.constraints.cover_needed import FewestCoverNeeded
from peerpair.constraints.trust_lead_sessions import FewestTrustLeadSessions


def test_trust_lead_unused_when_colleagues_can_pair():
    """SPEC 3 objective 3 "fewest sessions delivered by trust leads (they are the
    fallback)": three DSLs at three schools supervise each other; T, who could take all
    three, takes none."""
    ring_and_lead = roster(
        person("A", "Oak"), person("B", "Ash"), person("C", "Elm"), trust_lead("T")
    )

    result = solved(ring_and_lead)

    assert_complete(result)
    assert result.plan.supervisees_of(AUTUMN_1, "T") == []
    leads = stage(result, FewestTrustLeadSessions)
    assert (leads.value, leads.bound, leads.proven) == (0, 0, True)


def test_trust_lead_takes_only_the_one_session_nobody_else_can():
    """SPEC 3 objective 3: A and B share a school, so C can supervise only one of them and
    the other needs T; T delivers exactly that one session."""
    shared_school = roster(
        person("A", "Oak"), person("B", "Oak"), person("C", "Elm"), trust_lead("T")
    )

    result = solved(shared_school)

    assert_complete(result)
    [taken_by_lead] = result.plan.supervisees_of(AUTUMN_1, "T")
    assert taken_by_lead in {"A", "B"}
    leads = stage(result, FewestTrustLeadSessions)
    assert (leads.value, leads.bound, leads.proven) == (1, 1, True)
    assert FewestTrustLeadSessions().value(shared_school, result.plan, [0]) == leads.value


def test_trust_lead_sessions_are_used_if_that_avoids_cover_needed():
    """SPEC 3: "Objectives, in strict priority order (a later one never worsens an earlier
    one)": fewest Cover Needed (1) comes before fewest trust-lead sessions (3), so T takes
    both A and B of one school rather than leave them uncovered."""
    one_school = roster(person("A", "Oak"), person("B", "Oak"), trust_lead("T"))

    result = solved(one_school)

    assert_complete(result)
    assert pairs(result.plan) == {("T", "A"), ("T", "B")}
    assert stage(result, FewestCoverNeeded).value == 0
    leads = stage(result, FewestTrustLeadSessions)
    assert (leads.value, leads.bound, leads.proven) == (2, 2, True)
