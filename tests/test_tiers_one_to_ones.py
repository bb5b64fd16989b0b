"""Role-based one-to-ones (Requirements sheet; SPEC 7; rule T4), on crafted rosters whose
frequency, supervisors and continuity are asserted."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, time

from peerpair.constraints.one_to_ones import OneToOnes
from peerpair.constraints.supervision_requests import SupervisionRequests
from peerpair.domain.plan import Plan
from peerpair.domain.roster import Absence, ChangeRequest, Roster
from peerpair.domain.tiers import Request, Requirement, Tier, TierSession
from tests.tier_rosters import AUTUMN, AUTUMN_1, AUTUMN_2, SPRING_1, SPRING_2, person, tiers_only

DEPUTIES = Requirement(role="Deputy DSL", supervisor_role="DSL")


def one_to_ones(result) -> list[TierSession]:
    return [s for s in result.plan.tier_sessions if s.tier is Tier.ONE_TO_ONE]


def supervisors(result) -> dict[str, set[str]]:
    found = defaultdict(set)
    for s in one_to_ones(result):
        for i in s.attendee_ids:
            found[i].add(s.lead_id)
    return dict(found)


def test_everyone_with_the_role_has_a_one_to_one_each_half_term_from_the_supervisor_role():
    """001 Appendix 1: "Once/half term, calendared"; 004: "at least once per half term"."""
    people = (
        person("D1", "Oak", role="DSL"),
        person("D2", "Oak", role="Deputy DSL"),
        person("D3", "Oak", role="Deputy DSL (Pastoral)"),
        person("X", "Oak", role="Teacher"),
    )
    roster = Roster(people=people, half_terms=AUTUMN, requirements=(DEPUTIES,))
    result = tiers_only(roster)
    assert result.unscheduled == ()
    count = Counter((s.half_term, s.attendee_ids) for s in one_to_ones(result))
    assert count == {(h, (d,)): 1 for h in ("Autumn 1", "Autumn 2") for d in ("D2", "D3")}
    # Same school is allowed: this is internal supervision (002, level 1).
    assert supervisors(result) == {"D2": {"D1"}, "D3": {"D1"}}
    assert OneToOnes().check(roster, result.plan) == []


def test_the_same_supervisor_all_year_where_possible():
    """000: "continue arranging meetings with the same supervisor". Two DSLs at Oak, two
    deputies there; four half terms; load spread, and nobody changes supervisor."""
    people = (
        person("A", "Oak", role="DSL", supervision_trained=True),
        person("B", "Oak", role="DSL", supervision_trained=True),
        person("C", "Oak", role="Deputy DSL"),
        person("D", "Oak", role="Deputy DSL"),
    )
    roster = Roster(
        people=people,
        half_terms=(AUTUMN_1, AUTUMN_2, SPRING_1, SPRING_2),
        requirements=(DEPUTIES,),
    )
    result = tiers_only(roster)
    assert supervisors(result) == {"C": {"A"}, "D": {"B"}}


def test_continuity_gives_way_only_while_the_usual_supervisor_is_away():
    people = (
        person("A", "Oak", role="DSL"),
        person("B", "Elm", role="DSL"),
        person("C", "Oak", role="Deputy DSL"),
    )
    roster = Roster(
        people=people,
        half_terms=(AUTUMN_1, AUTUMN_2, SPRING_1),
        requirements=(DEPUTIES,),
        absences=(Absence(person_id="A", half_term="Autumn 2"),),
    )
    result = tiers_only(roster)
    assert [(s.half_term, s.lead_id) for s in one_to_ones(result)] == [
        ("Autumn 1", "A"),
        ("Autumn 2", "B"),
        ("Spring 1", "A"),
    ]


def test_a_trained_supervisor_then_one_at_the_same_school_is_preferred():
    """003 (section 4): the supervisor "should have attended supervision training"; 004:
    supervision "will be internal"."""
    people = (
        person("U", "Oak", role="DSL"),  # untrained, same school
        person("T", "Elm", role="DSL", supervision_trained=True),  # trained, another school
        person("S", "Oak", role="Deputy DSL"),
    )
    roster = Roster(people=people, half_terms=(AUTUMN_1,), requirements=(DEPUTIES,))
    assert supervisors(tiers_only(roster)) == {"S": {"T"}}
    people = (person("E", "Elm", role="DSL"), *people[:1], people[2])
    roster = roster.model_copy(update={"people": people})
    assert supervisors(tiers_only(roster)) == {"S": {"U"}}


def test_a_change_request_keeps_two_people_apart_in_one_to_ones_too():
    """001 Appendix 2, change requests: both should "feel comfortable with each other"."""
    people = (
        person("A", "Oak", role="DSL"),
        person("B", "Elm", role="DSL"),
        person("C", "Oak", role="Deputy DSL"),
    )
    change = ChangeRequest(person_id="C", partner_id="A", from_half_term="Autumn 2")
    roster = Roster(
        people=people, half_terms=AUTUMN, requirements=(DEPUTIES,), change_requests=(change,)
    )
    result = tiers_only(roster)
    assert [(s.half_term, s.lead_id) for s in one_to_ones(result)] == [
        ("Autumn 1", "A"),
        ("Autumn 2", "B"),
    ]
    broken = result.plan.model_copy(
        update={
            "tier_sessions": tuple(
                s.model_copy(update={"lead_id": "A"}) for s in result.plan.tier_sessions
            )
        }
    )
    assert [v.message for v in OneToOnes().check(roster, broken)][-1].endswith(
        "Person A (A) and Person C (C) are kept apart by a change request"
    )


def test_once_a_term_means_one_one_to_one_in_the_term():
    people = (person("A", "Oak", role="DSL"), person("C", "Oak", role="Deputy DSL"))
    requirement = Requirement(role="Deputy DSL", supervisor_role="DSL", per="term")
    roster = Roster(people=people, half_terms=AUTUMN, requirements=(requirement,))
    assert len(one_to_ones(tiers_only(roster))) == 1


def test_nobody_with_the_supervisor_role_is_reported_and_the_check_agrees():
    people = (person("C", "Oak", role="Deputy DSL"), person("A", "Oak", role="DSL"))
    roster = Roster(
        people=people,
        half_terms=(AUTUMN_1,),
        requirements=(DEPUTIES,),
        absences=(Absence(person_id="A", half_term="Autumn 1"),),
    )
    result = tiers_only(roster)
    assert [u.message for u in result.unscheduled] == [
        'Autumn 1: Person C (C) has no one-to-one with someone holding the role "DSL": nobody '
        "holding it can supervise them then"
    ]
    assert [v.message for v in OneToOnes().check(roster, result.plan)] == [
        'Person C (C) has no one-to-one with someone holding the role "DSL" in Autumn 1'
    ]


def test_a_session_for_a_request_does_not_also_count_as_the_regular_one_to_one():
    """A request is for supervision on top of the regular kind: one session cannot meet
    both needs, so a plan with only one of them breaks one of T4 and T5."""
    people = (
        person("A", "Oak", role="DSL", supervision_trained=True),
        person("C", "Oak", role="Deputy DSL"),
    )
    request = Request(person_id="C", preferred_supervisor_id="A")
    roster = Roster(
        people=people, half_terms=(AUTUMN_1,), requirements=(DEPUTIES,), requests=(request,)
    )
    result = tiers_only(roster)
    assert len(one_to_ones(result)) == 2
    assert OneToOnes().check(roster, result.plan) == []
    one = Plan(
        tier_sessions=(
            TierSession(
                tier=Tier.ONE_TO_ONE,
                half_term="Autumn 1",
                date=date(2026, 9, 8),
                start=time(9, 30),
                end=time(10, 30),
                lead_id="A",
                attendee_ids=("C",),
            ),
        )
    )
    broken = OneToOnes().check(roster, one) + SupervisionRequests().check(roster, one)
    assert len(broken) == 1
