"""T5 requests (SPEC 7, Requests sheet): each request has its own one-to-one for the person
on or before its By date, with someone else who is trained to supervise by then and not
kept apart from them by a change request. The plan is shared: a request is named by its
row and date, never by the person who asked."""

from __future__ import annotations

from datetime import date, time

from peerpair.constraints.supervision_requests import SupervisionRequests
from peerpair.domain.plan import Plan
from peerpair.domain.roster import ChangeRequest, Roster
from peerpair.domain.tiers import Request, Tier, TierSession
from tests.tier_rosters import AUTUMN, lead, person, tiers_only

T5 = SupervisionRequests()
BY = date(2026, 9, 18)


def trust(**fields) -> Roster:
    """ASK at Oak asks for supervision by 18 September; PREF (trained) is their preferred
    supervisor; NEW is not trained; T1 is a trust lead."""
    people = (
        person("ASK", "Oak"),
        person("PREF", "Elm", supervision_trained=True),
        person("NEW", "Ash"),
        lead("T1"),
    )
    request = Request(person_id="ASK", preferred_supervisor_id="PREF", by=BY)
    return Roster(people=people, half_terms=AUTUMN, requests=(request,), **fields)


def one_to_one(lead_id: str, on: date = date(2026, 9, 8)) -> TierSession:
    return TierSession(
        tier=Tier.ONE_TO_ONE,
        half_term="Autumn 1",
        date=on,
        start=time(9, 30),
        end=time(10, 30),
        lead_id=lead_id,
        attendee_ids=("ASK",),
    )


UNMET = ["request 1 on the Requests sheet has no one-to-one by Fri 18/09/2026"]


def messages(roster: Roster, *sessions: TierSession) -> list[str]:
    return [v.message for v in T5.check(roster, Plan(tier_sessions=sessions))]


def test_the_planner_gives_the_preferred_supervisor_before_the_by_date():
    """Policy 000: "A pool of trained supervisors will be available to offer 1-1
    supervision upon request. Staff can choose their preferred supervisor"."""
    roster = trust()

    result = tiers_only(roster)

    [session] = result.plan.tier_sessions
    assert (session.lead_id, session.attendee_ids) == ("PREF", ("ASK",))
    assert session.date <= BY
    assert T5.check(roster, result.plan) == []


def test_the_check_catches_a_request_with_no_session_by_its_date():
    """Policy 000: supervision "upon request"; the request's By date is when it is needed."""
    assert messages(trust()) == UNMET
    assert messages(trust(), one_to_one("PREF", date(2026, 9, 21))) == UNMET
    assert messages(trust(), one_to_one("PREF", BY)) == []


def test_a_session_with_someone_untrained_does_not_meet_it():
    """Policy 001 Appendix 2: "Only colleagues who have undertaken the ATLP Supervision
    Skills Training can deliver supervision"."""
    assert messages(trust(), one_to_one("NEW")) == UNMET
    assert messages(trust(), one_to_one("T1")) == []


def test_a_session_a_change_request_forbids_does_not_meet_it():
    """Policy 001 Appendix 2: a change request keeps two people apart, whoever asked."""
    roster = trust(change_requests=(ChangeRequest(person_id="ASK", partner_id="PREF"),))

    assert messages(roster, one_to_one("PREF")) == UNMET


def test_the_report_of_an_unmet_request_never_names_who_asked():
    """Policy 000: a request is between the person and the trust; the plan is shared with
    everyone in it, so its Checks name the request's row, not the person."""
    [violation] = T5.check(trust(), Plan())

    assert violation.people == ()
    assert "ASK" not in violation.message
