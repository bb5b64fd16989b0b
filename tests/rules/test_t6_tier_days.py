"""T6 tier session days (SPEC 7 with SPEC 6's day rules): every tier session is on a day
its half term offers, which everyone in it works and is there on; only mop-ups are held in
the last five weekdays; and nobody has two sessions of any tier on one day."""

from __future__ import annotations

from datetime import date, time

from peerpair.constraints.tier_days import TierDays
from peerpair.domain.plan import Plan, Session
from peerpair.domain.roster import Absence, Roster
from peerpair.domain.tiers import Group, Tier, TierSession
from tests.tier_rosters import AUTUMN, ids, person, whole_plan

T6 = TierDays()
TUESDAY = date(2026, 9, 8)


def trust(**fields) -> Roster:
    """M (Mondays and Tuesdays) and N at Oak, facilitator F at Elm, with a group of Oak."""
    people = (
        person("M", "Oak", working_days=frozenset({"Mon", "Tue"})),
        person("N", "Oak"),
        person("F", "Elm"),
    )
    group = Group(name="Staff", facilitator_ids=("F",), members=ids("school:Oak"))
    return Roster(people=people, half_terms=AUTUMN, groups=(group,), **fields)


def group_session(on: date, tier: Tier = Tier.GROUP) -> TierSession:
    return TierSession(
        tier=tier,
        half_term="Autumn 1",
        date=on,
        start=time(13, 30),
        end=time(14, 30),
        lead_id="F",
        attendee_ids=("M", "N"),
        group="Staff",
    )


def messages(roster: Roster, *sessions: TierSession, peer=()) -> list[str]:
    return [v.message for v in T6.check(roster, Plan(sessions=peer, tier_sessions=sessions))]


def test_the_planned_tiers_keep_the_day_rules():
    """SPEC 7: the other tiers are "planned on the same calendar" as the peer sessions,
    under SPEC 6's day rules; the check agrees with the planner."""
    roster = trust()

    _, result = whole_plan(roster)

    assert result.plan.tier_sessions
    assert T6.check(roster, result.plan) == []


def test_the_check_catches_a_day_someone_in_it_does_not_work():
    """Policy 001 Appendix 2: a session "must be within both people's working hours"; in a
    group, everyone's."""
    assert messages(trust(), group_session(date(2026, 9, 9))) == [
        "the group session led by Person F (F) on Wed 09/09/2026: Person M (M) does not work "
        "on Wednesdays"
    ]
    assert messages(trust(), group_session(TUESDAY)) == []


def test_the_check_catches_someone_away_all_half_term():
    """SPEC 2 absences: someone away for a half term has no session in it."""
    roster = trust(absences=(Absence(person_id="N", half_term="Autumn 1"),))

    assert messages(roster, group_session(TUESDAY)) == [
        "the group session led by Person F (F) on Tue 08/09/2026: Person N (N) is not "
        "available in Autumn 1"
    ]


def test_only_mop_ups_are_held_in_the_last_five_weekdays():
    """Policy 001 Appendix 2: "A new date (within 5 working days)" for postponed sessions
    keeps the last five weekdays free; policy 000 puts mop-ups "during the last week of
    each half term"."""
    last_week = date(2026, 10, 20)

    [message] = messages(trust(), group_session(last_week))
    assert message.startswith("the group session led by Person F (F) on Tue 20/10/2026: ")
    assert messages(trust(), group_session(last_week, Tier.MOP_UP)) == []


def test_the_check_catches_a_tier_session_on_the_day_of_a_peer_session():
    """SPEC 6 and 7: "nobody has two sessions on one day", of any tier. Two peer sessions
    on one day are D1's to report, not T6's."""
    peer = (
        Session(
            half_term="Autumn 1",
            supervisor_id="F",
            supervisee_id="M",
            date=TUESDAY,
            start=time(9, 30),
            end=time(10, 30),
        ),
    )

    assert messages(trust(), group_session(TUESDAY), peer=peer) == [
        "Person F (F) has 2 sessions on Tue 08/09/2026",
        "Person M (M) has 2 sessions on Tue 08/09/2026",
    ]
    twice = (*peer, peer[0].model_copy(update={"supervisor_id": "N"}))
    assert messages(trust(), peer=twice) == []
