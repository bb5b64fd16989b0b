"""Re-solving with the other tiers (SPEC 7 with SPEC 5's --previous and --from): the tier
sessions of the half terms before --from stay as published; later ones keep their date
where they still keep every rule, and only what is missing is planned anew."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given

from peerpair.constraints import check_tiers
from peerpair.constraints.supervision_requests import SupervisionRequests
from peerpair.domain.roster import Absence, ChangeRequest, Person, Roster
from peerpair.domain.tiers import Group, Request, Requirement, SchoolVisit, Tier
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
    # T1-T6: T5 has a row whenever the tiers are planned, requests or none.
    assert [r.violations for r in check_tiers(changed, again.plan, since=1)] == [()] * 6


@given(tier_rosters())
def test_a_resolve_of_an_unchanged_roster_keeps_every_tier_session(roster):
    dated, result = whole_plan(roster)
    again = plan_tiers(roster, dated, previous=result.plan, from_half_term="Autumn 2")
    assert again.plan.tier_sessions == result.plan.tier_sessions
    assert len(again.unscheduled) <= len(result.unscheduled)


def two_requests(*absences: Absence) -> Roster:
    """The roster Hypothesis found: P3 asks twice, once with no preferred supervisor and
    once preferring P2, the only trained person. Nobody receives peer supervision and there
    is no trust lead, so the planner can give only the second row a supervisor (P2, as
    preferred); the first has none it may offer."""

    def staff(n: int, school: str, trained: bool) -> Person:
        return Person(
            id=f"P{n}",
            name=f"Person {n}",
            school=school,
            hub="North",
            role="DSL",
            supervision_trained=trained,
            receives=False,
        )

    return Roster(
        people=(
            staff(0, "Oak", False),
            staff(1, "Elm", False),
            staff(2, "Ash", True),
            staff(3, "Oak", False),
        ),
        half_terms=(AUTUMN_1, AUTUMN_2),
        absences=absences,
        requests=(Request(person_id="P3"), Request(person_id="P3", preferred_supervisor_id="P2")),
    )


@pytest.mark.parametrize(
    ("absences", "half_term"),
    [((), "Autumn 1"), ((Absence(person_id="P2", half_term="Autumn 1"),), "Autumn 2")],
    ids=["met before --from", "met after --from"],
)
def test_a_resolve_reads_a_kept_request_session_as_the_row_it_was_planned_for(absences, half_term):
    """Regression. P2's session with P3 was planned for request 2 (P2 is its preferred
    supervisor). Any trained supervisor meets a request, so it could also count for
    request 1: the re-solve counted it there and planned request 2 again, a second
    session with P2 on 2 November. It counts for request 2, which is met; request 1 stays
    unmet, as the first solve said and the check says. When the session is in Autumn 2, P2
    is not P3's usual supervisor for request 1 either: a request's supervisor is not."""
    roster = two_requests(*absences)
    dated, result = whole_plan(roster)
    [session] = result.plan.tier_sessions
    assert (session.half_term, session.lead_id, session.attendee_ids) == (half_term, "P2", ("P3",))
    assert [u.message.split(":")[0] for u in result.unscheduled] == [
        "Request 1 on the Requests sheet"
    ]
    [violation] = SupervisionRequests().check(roster, result.plan)
    assert violation.message.startswith("request 1 on the Requests sheet")
    again = plan_tiers(roster, dated, previous=result.plan, from_half_term="Autumn 2")
    assert again.plan.tier_sessions == result.plan.tier_sessions
    assert again.unscheduled == result.unscheduled
