"""Trust-led school sessions (Schools sheet; SPEC 7; rule T3), on crafted rosters whose
frequency, leads, capacity and continuity are asserted."""

from __future__ import annotations

from collections import Counter
from datetime import date, time

from peerpair.constraints.school_sessions import SchoolSessions
from peerpair.domain.periods import periods
from peerpair.domain.plan import Plan, Session
from peerpair.domain.roster import Roster, Settings
from peerpair.domain.tiers import SchoolVisit, Tier, TierSession
from peerpair.tiers.plan_tiers import plan_tiers
from tests.tier_rosters import (
    AUTUMN,
    AUTUMN_1,
    AUTUMN_2,
    SPRING_1,
    SPRING_2,
    lead,
    person,
    tiers_only,
)

FOUR_HALF_TERMS = (AUTUMN_1, AUTUMN_2, SPRING_1, SPRING_2)


def school_sessions(result) -> list[TierSession]:
    return [s for s in result.plan.tier_sessions if s.tier is Tier.SCHOOL]


def test_a_school_has_a_session_each_term_and_a_high_caseload_school_each_half_term():
    """003, section 8: "a minimum of one session of supervision per term led by Trust
    Supervision Lead ... Schools with a high case load ... receive a session every half
    term"."""
    people = (person("O1", "Oak"), person("E1", "Elm"), lead("T1", capacity=3))
    visits = (SchoolVisit(school="Oak"), SchoolVisit(school="Elm", high_caseload=True))
    roster = Roster(people=people, half_terms=FOUR_HALF_TERMS, school_visits=visits)
    result = tiers_only(roster)
    assert result.unscheduled == ()
    by_school = Counter(s.school for s in school_sessions(result))
    assert by_school == {"Oak": 2, "Elm": 4}
    oak = [s.half_term for s in school_sessions(result) if s.school == "Oak"]
    assert {h[:6] for h in oak} == {"Autumn", "Spring"}  # one in each term
    assert all(s.lead_id == "T1" for s in school_sessions(result))
    assert SchoolSessions().check(roster, result.plan) == []


def test_a_school_session_lasts_the_visit_minutes():
    people = (person("O1", "Oak"), lead("T1"))
    roster = Roster(
        people=people,
        half_terms=(AUTUMN_1,),
        school_visits=(SchoolVisit(school="Oak"),),
        settings=Settings(visit_minutes=120, session_times=(time(13, 0),)),
    )
    [session] = school_sessions(tiers_only(roster))
    assert (session.start, session.end) == (time(13, 0), time(15, 0))


def test_a_trust_lead_at_capacity_with_peer_sessions_leads_no_school_session_then():
    """A trust lead's peer sessions and school sessions in a half term number at most their
    Capacity: T1 (Capacity 1) supervises someone in Autumn 1, so Oak's session for the
    Autumn term is in Autumn 2."""
    people = (person("O1", "Oak"), person("E1", "Elm", receives=True), lead("T1", capacity=1))
    roster = Roster(people=people, half_terms=AUTUMN, school_visits=(SchoolVisit(school="Oak"),))
    peer = Plan(
        sessions=(
            Session(
                half_term="Autumn 1",
                supervisor_id="T1",
                supervisee_id="E1",
                date=date(2026, 9, 8),
                start=time(9, 30),
                end=time(10, 30),
            ),
        )
    )
    result = plan_tiers(roster, peer)
    assert [(s.half_term, s.lead_id) for s in school_sessions(result)] == [("Autumn 2", "T1")]
    assert SchoolSessions().check(roster, result.plan) == []


def test_no_trust_lead_with_room_is_reported():
    people = (person("O1", "Oak"), lead("T1", capacity=0))
    roster = Roster(people=people, half_terms=AUTUMN, school_visits=(SchoolVisit(school="Oak"),))
    result = tiers_only(roster)
    assert [u.message for u in result.unscheduled] == [
        "the Autumn term: no trust-led session at Oak: every trust lead who could lead it is at "
        "their Capacity in those half terms, or already has a session on each day it could be"
    ]
    assert [v.message for v in SchoolSessions().check(roster, result.plan)] == [
        "Oak has no trust-led session in the Autumn term"
    ]


def test_the_same_trust_lead_leads_a_schools_sessions_all_year_and_from_its_hub():
    """000 (continuity of support: "continue arranging meetings with the same supervisor"),
    and 001: each school's "associated Trust Safeguarding Lead". Oak and Elm are in the
    North, Ash in the South; each lead has room for every session."""
    people = (
        person("O1", "Oak", hub="North"),
        person("E1", "Elm", hub="North"),
        person("A1", "Ash", hub="South"),
        lead("TS", hub="South"),
        lead("TN", hub="North"),
    )
    visits = tuple(SchoolVisit(school=s, high_caseload=True) for s in ("Oak", "Elm", "Ash"))
    roster = Roster(people=people, half_terms=FOUR_HALF_TERMS, school_visits=visits)
    result = tiers_only(roster)
    leads = {s.school: {t.lead_id for t in school_sessions(result) if t.school == s.school}
             for s in school_sessions(result)}  # fmt: skip
    assert leads == {"Oak": {"TN"}, "Elm": {"TN"}, "Ash": {"TS"}}


def test_the_day_suits_the_most_of_the_schools_people():
    """Attendees are the school's people who can be there: a part-timer working Mondays
    only is there, because the session is on a Monday."""
    people = (
        person("O1", "Oak", working_days=frozenset({"Mon"})),
        person("O2", "Oak"),
        person("O3", "Oak", working_days=frozenset({"Mon", "Wed"})),
        lead("T1"),
    )
    roster = Roster(
        people=people, half_terms=(AUTUMN_1,), school_visits=(SchoolVisit(school="Oak"),)
    )
    [session] = school_sessions(tiers_only(roster))
    assert session.date.weekday() == 0
    assert session.attendee_ids == ("O1", "O2", "O3")


def test_the_check_catches_a_session_led_by_someone_else_and_a_lead_over_capacity():
    people = (person("O1", "Oak"), person("O2", "Oak"), lead("T1", capacity=1))
    roster = Roster(
        people=people, half_terms=(AUTUMN_1,), school_visits=(SchoolVisit(school="Oak"),)
    )

    def visit(day: int, lead_id: str) -> TierSession:
        return TierSession(
            tier=Tier.SCHOOL,
            half_term="Autumn 1",
            date=date(2026, 9, day),
            start=time(13, 30),
            end=time(15, 0),
            lead_id=lead_id,
            attendee_ids=("O1",),
            school="Oak",
        )

    plan = Plan(tier_sessions=(visit(8, "O2"), visit(9, "T1"), visit(10, "T1")))
    assert [v.message for v in SchoolSessions().check(roster, plan)] == [
        "the school session at Oak on Tue 08/09/2026: Person O2 (O2), who leads it, is not a "
        "trust lead",
        "Person T1 (T1) leads 2 school sessions and supervises 0 in peer sessions, more than "
        "their Capacity of 1",
    ]
    missing = SchoolSessions().check(roster, Plan())
    assert [v.message for v in missing] == ["Oak has no trust-led session in the Autumn term"]


def test_terms_are_autumn_spring_and_summer_or_else_pairs_of_half_terms():
    roster = Roster(people=(person("A"),), half_terms=FOUR_HALF_TERMS)
    assert [(p.name, p.half_terms) for p in periods(roster, "term")] == [
        ("the Autumn term", (0, 1)),
        ("the Spring term", (2, 3)),
    ]
    named = tuple(h.model_copy(update={"name": f"HT{n}"}) for n, h in enumerate(AUTUMN, 1))
    roster = Roster(
        people=(person("A"),), half_terms=(*named, SPRING_1.model_copy(update={"name": "HT3"}))
    )
    assert [(p.name, p.half_terms) for p in periods(roster, "term")] == [
        ("HT1 and HT2", (0, 1)),
        ("HT3", (2,)),
    ]
    assert [p.half_terms for p in periods(roster, "year")] == [(0, 1, 2)]
