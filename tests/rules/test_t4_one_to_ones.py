"""T4 one-to-ones (SPEC 7, Requirements sheet): everyone holding a Role, present in a
period, has a one-to-one in it with someone holding the Supervisor Role; nobody leads their
own, nor one with someone a change request keeps them apart from; a session meets one need
at most."""

from __future__ import annotations

from datetime import date, time

from peerpair.constraints.one_to_ones import OneToOnes
from peerpair.constraints.supervision_requests import SupervisionRequests
from peerpair.domain.plan import Plan
from peerpair.domain.roster import Absence, ChangeRequest, Roster
from peerpair.domain.tiers import Request, Requirement, Tier, TierSession
from tests.tier_rosters import AUTUMN, person, tiers_only

T4 = OneToOnes()
DEPUTIES = Requirement(role="Deputy DSL", supervisor_role="DSL")


def school(**fields) -> Roster:
    """A (DSL) and T (Teacher) at Oak, and B (Deputy DSL), over Autumn 1 and 2."""
    people = (
        person("A", "Oak", role="DSL"),
        person("T", "Oak", role="Teacher"),
        person("B", "Oak", role="Deputy DSL"),
    )
    return Roster(people=people, half_terms=AUTUMN, requirements=(DEPUTIES,), **fields)


def one_to_one(lead_id: str, half_term: str = "Autumn 1", on=date(2026, 9, 8)) -> TierSession:
    return TierSession(
        tier=Tier.ONE_TO_ONE,
        half_term=half_term,
        date=on,
        start=time(9, 30),
        end=time(10, 30),
        lead_id=lead_id,
        attendee_ids=("B",),
    )


BOTH_HALF_TERMS = (one_to_one("A"), one_to_one("A", "Autumn 2", date(2026, 11, 10)))


def messages(roster: Roster, *sessions: TierSession) -> list[str]:
    return [v.message for v in T4.check(roster, Plan(tier_sessions=sessions))]


def test_the_planner_gives_each_role_holder_a_one_to_one_each_half_term():
    """Policy 001 Appendix 1: one-to-one supervision "Once/half term, calendared"."""
    roster = school()

    result = tiers_only(roster)

    assert sorted((s.half_term, s.lead_id, s.attendee_ids) for s in result.plan.tier_sessions) == [
        ("Autumn 1", "A", ("B",)),
        ("Autumn 2", "A", ("B",)),
    ]
    assert T4.check(roster, result.plan) == []


def test_the_check_catches_a_half_term_without_a_one_to_one():
    """Policy 004: supervision "at least once per half term"."""
    assert messages(school(), one_to_one("A")) == [
        'Person B (B) has no one-to-one with someone holding the role "DSL" in Autumn 2'
    ]
    assert messages(school(), *BOTH_HALF_TERMS) == []


def test_a_one_to_one_with_someone_without_the_supervisor_role_does_not_count():
    """Policy 001 Appendix 1: each role is supervised by the role its row names (here a
    Deputy DSL by a DSL), not by anyone."""
    assert messages(school(), one_to_one("T"), BOTH_HALF_TERMS[1]) == [
        'Person B (B) has no one-to-one with someone holding the role "DSL" in Autumn 1'
    ]


def test_someone_absent_all_half_term_is_not_owed_one():
    """Policy 004: "at least once per half term" for those there; an absence for the whole
    half term owes nothing."""
    roster = school(absences=(Absence(person_id="B", half_term="Autumn 2"),))

    assert messages(roster, one_to_one("A")) == []


def test_the_check_catches_a_one_to_one_a_change_request_forbids():
    """Policy 001 Appendix 2: change requests keep two people apart; in one-to-ones too."""
    roster = school(change_requests=(ChangeRequest(person_id="B", partner_id="A"),))

    assert messages(roster, *BOTH_HALF_TERMS)[-2:] == [
        "the one-to-one on Tue 08/09/2026: Person A (A) and Person B (B) are kept apart by a "
        "change request",
        "the one-to-one on Tue 10/11/2026: Person A (A) and Person B (B) are kept apart by a "
        "change request",
    ]


def test_a_session_meets_one_need_only():
    """Policy 000: supervision on request is on top of the regular kind, so one session
    cannot be both B's one-to-one for the half term and the one B asked for: T4 counts it
    as the regular one, and the request is left for T5 to report."""
    roster = school(requests=(Request(person_id="B", by=date(2026, 9, 30)),))
    plan = Plan(tier_sessions=BOTH_HALF_TERMS)

    assert T4.check(roster, plan) == []
    assert [v.message for v in SupervisionRequests().check(roster, plan)] == [
        "request 1 on the Requests sheet has no one-to-one by Wed 30/09/2026"
    ]
