"""T3 school sessions (SPEC 7, Schools sheet): each school has a trust-led session each
term, or each half term with a High Caseload; a school session is led by a trust lead and
attended by people of that school; a trust lead's peer sessions and school sessions in a
half term number at most their Capacity."""

from __future__ import annotations

from datetime import date, time

from peerpair.constraints.school_sessions import SchoolSessions
from peerpair.domain.plan import Plan, Session
from peerpair.domain.roster import Roster
from peerpair.domain.tiers import SchoolVisit, Tier, TierSession
from tests.tier_rosters import AUTUMN, lead, person, tiers_only

T3 = SchoolSessions()


def trust(high_caseload: bool = False, capacity: int = 3) -> Roster:
    """O1 and O2 at Oak, E1 at Elm, trust lead T1; Oak is on the Schools sheet."""
    people = (
        person("O1", "Oak"),
        person("O2", "Oak"),
        person("E1", "Elm"),
        lead("T1", capacity=capacity),
    )
    visits = (SchoolVisit(school="Oak", high_caseload=high_caseload),)
    return Roster(people=people, half_terms=AUTUMN, school_visits=visits)


def visit(half_term: str, on: date, lead_id: str = "T1", *attendees: str) -> TierSession:
    return TierSession(
        tier=Tier.SCHOOL,
        half_term=half_term,
        date=on,
        start=time(9, 30),
        end=time(11, 0),
        lead_id=lead_id,
        attendee_ids=attendees or ("O1", "O2"),
        school="Oak",
    )


AUTUMN_1_VISIT = visit("Autumn 1", date(2026, 9, 8))
AUTUMN_2_VISIT = visit("Autumn 2", date(2026, 11, 10))


def messages(roster: Roster, *sessions: TierSession, peer=()) -> list[str]:
    return [v.message for v in T3.check(roster, Plan(sessions=peer, tier_sessions=sessions))]


def test_the_planner_gives_a_high_caseload_school_a_session_each_half_term():
    """Policy 003, section 8: "Schools with a high case load dealing with complex cases will
    be identified and receive a session every half term"."""
    roster = trust(high_caseload=True)

    result = tiers_only(roster)

    visits = [s for s in result.plan.tier_sessions if s.tier is Tier.SCHOOL]
    assert sorted(s.half_term for s in visits) == ["Autumn 1", "Autumn 2"]
    assert all(s.lead_id == "T1" and set(s.attendee_ids) <= {"O1", "O2"} for s in visits)
    assert T3.check(roster, result.plan) == []


def test_the_check_catches_a_term_without_a_session():
    """Policy 003, section 8: "Each school will receive a minimum of one session of
    supervision per term"."""
    assert messages(trust()) == ["Oak has no trust-led session in the Autumn term"]
    assert messages(trust(), AUTUMN_2_VISIT) == []


def test_the_check_catches_a_high_caseload_half_term_without_a_session():
    """Policy 003, section 8: a high-caseload school will "receive a session every half
    term"."""
    assert messages(trust(high_caseload=True), AUTUMN_1_VISIT) == [
        "Oak has no trust-led session in Autumn 2"
    ]


def test_the_check_catches_a_session_not_led_by_a_trust_lead_or_for_another_school():
    """Policy 003, section 8: a session "led by Trust Supervision Lead", for the school."""
    assert messages(trust(), visit("Autumn 1", date(2026, 9, 8), "E1", "O1")) == [
        "the school session at Oak on Tue 08/09/2026: Person E1 (E1), who leads it, is not a "
        "trust lead"
    ]
    assert messages(trust(), visit("Autumn 1", date(2026, 9, 8), "T1", "O1", "E1")) == [
        "the school session at Oak on Tue 08/09/2026: Person E1 (E1) is not at Oak"
    ]


def test_the_check_catches_a_trust_lead_beyond_capacity_with_peer_sessions():
    """SPEC 7: a trust lead's peer and school sessions in a half term number at most their
    Capacity (policy 003: the trust lead leads the session themselves)."""
    peer = (Session(half_term="Autumn 1", supervisor_id="T1", supervisee_id="E1"),)

    assert messages(trust(capacity=1), AUTUMN_1_VISIT, peer=peer) == [
        "Person T1 (T1) leads 1 school session and supervises 1 in peer sessions, more than "
        "their Capacity of 1"
    ]
    assert messages(trust(capacity=2), AUTUMN_1_VISIT, peer=peer) == []
