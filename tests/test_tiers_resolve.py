"""Re-solving with the other tiers (SPEC 7 with SPEC 5's --previous and --from): the tier
sessions of the half terms before --from stay as published; later ones keep their date
where they still keep every rule, and only what is missing is planned anew."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given

from peerpair.constraints import check_tiers
from peerpair.pairing.roster import Absence, ChangeRequest, Roster
from peerpair.tiers.models import Group, Requirement, SchoolVisit, Tier
from peerpair.tiers.plan_tiers import plan_tiers
from tests.tier_rosters import (
    AUTUMN_1,
    AUTUMN_2,
    SPRING_1,
    ids,
    lead,
    person,
    tier_rosters,
    tiers_only,
    whole_plan,
)


def trust() -> Roster:
    people = (
        person("A", "Oak", role="DSL"),
        person("B", "Elm", role="DSL"),
        person("C", "Oak", role="Deputy DSL"),
        person("D", "Elm", role="Deputy DSL"),
        lead("T1"),
        lead("T2"),
    )
    return Roster(
        people=people,
        half_terms=(AUTUMN_1, AUTUMN_2, SPRING_1),
        groups=(
            Group(name="Deputies", facilitator_ids=("A", "B"), members=ids("role:Deputy DSL")),
        ),
        school_visits=(SchoolVisit(school="Oak", high_caseload=True),),
        requirements=(Requirement(role="Deputy DSL", supervisor_role="DSL"),),
    )


def test_an_unchanged_roster_keeps_every_tier_session_and_its_date():
    """Even dates peerpair would not choose itself: the lead moved Oak's Autumn 2 session
    a week later by hand, and the re-solve keeps it there."""
    roster = trust()
    planned = tiers_only(roster).plan
    oak = next(
        s for s in planned.tier_sessions if s.tier is Tier.SCHOOL and s.half_term == "Autumn 2"
    )
    moved = oak.model_copy(update={"date": oak.date + timedelta(7)})
    assert not any(moved.date == s.date for s in planned.tier_sessions)
    published = planned.model_copy(
        update={"tier_sessions": tuple(moved if s is oak else s for s in planned.tier_sessions)}
    )
    again = tiers_only(roster, previous=published, since="Autumn 2")
    assert set(again.plan.tier_sessions) == set(published.tier_sessions)
    assert again.unscheduled == ()


def test_only_the_sessions_a_change_touches_move():
    """From Autumn 2, C asks not to be supervised by A, and T1 (who led Oak's sessions) is
    away in Spring 1. C's one-to-ones from Autumn 2 go to B; Oak's Spring 1 session goes to
    T2; every other session keeps its date, lead and attendees."""
    roster = trust()
    published = tiers_only(roster).plan
    assert {s.lead_id for s in published.tier_sessions if s.tier is Tier.SCHOOL} == {"T1"}
    assert {s.lead_id for s in published.tier_sessions if s.attendee_ids == ("C",)} == {"A"}
    changed = roster.model_copy(
        update={
            "change_requests": (
                ChangeRequest(person_id="C", partner_id="A", from_half_term="Autumn 2"),
            ),
            "absences": (Absence(person_id="T1", half_term="Spring 1"),),
        }
    )
    again = tiers_only(changed, previous=published, since="Autumn 2")
    moved = set(again.plan.tier_sessions) - set(published.tier_sessions)
    gone = set(published.tier_sessions) - set(again.plan.tier_sessions)
    assert sorted((s.half_term, s.tier.value, s.lead_id) for s in moved) == [
        ("Autumn 2", "one-to-one", "B"),
        ("Spring 1", "one-to-one", "B"),
        ("Spring 1", "school", "T2"),
    ]
    assert sorted((s.half_term, s.tier.value, s.lead_id) for s in gone) == [
        ("Autumn 2", "one-to-one", "A"),
        ("Spring 1", "one-to-one", "A"),
        ("Spring 1", "school", "T1"),
    ]
    assert [r.violations for r in check_tiers(changed, again.plan, since=1)] == [()] * 5


@given(tier_rosters())
def test_a_resolve_of_an_unchanged_roster_keeps_every_tier_session(roster):
    dated, result = whole_plan(roster)
    again = plan_tiers(roster, dated, previous=result.plan, from_half_term="Autumn 2")
    assert again.plan.tier_sessions == result.plan.tier_sessions
    assert len(again.unscheduled) <= len(result.unscheduled)
