"""T1 group sessions (SPEC 7, Groups sheet): every present member of a group is in at least
one of its sessions each period (a mop-up counts); a session has at most Max Size
attendees, all members, and is led by one of the group's facilitators who does not also
attend it."""

from __future__ import annotations

from datetime import date, time

from peerpair.constraints.group_sessions import GroupSessions
from peerpair.domain.plan import Plan
from peerpair.domain.roster import Absence, Roster
from peerpair.domain.tiers import Group, Tier, TierSession
from tests.tier_rosters import AUTUMN_1, ids, person, tiers_only

T1 = GroupSessions()


def staff_group(members: int, max_size: int = 6, **fields) -> Roster:
    """Members M0... at Oak and facilitators F1 and F2 at Elm, over Autumn 1."""
    people = [person(f"M{i}") for i in range(members)]
    people += [person("F1", "Elm"), person("F2", "Elm")]
    group = Group(
        name="Staff", facilitator_ids=("F1", "F2"), members=ids("school:Oak"), max_size=max_size
    )
    return Roster(people=tuple(people), half_terms=(AUTUMN_1,), groups=(group,), **fields)


TUESDAY = date(2026, 9, 8)
LAST_WEEK = date(2026, 10, 20)  # Autumn 1's last week is 19-23 October


def held(lead: str, *attendees: str, on: date = TUESDAY, tier: Tier = Tier.GROUP) -> TierSession:
    """A session of group Staff in Autumn 1."""
    return TierSession(
        tier=tier,
        half_term="Autumn 1",
        date=on,
        start=time(9, 30),
        end=time(10, 30),
        lead_id=lead,
        attendee_ids=attendees,
        group="Staff",
    )


def messages(roster: Roster, *sessions: TierSession) -> list[str]:
    return [v.message for v in T1.check(roster, Plan(tier_sessions=sessions))]


def test_the_planned_sessions_take_every_member_within_max_size():
    """Policy 000: "every staff member participates in at least one session per half term";
    002: a group "of up to six" (here Max Size 4). Nine members take three sessions."""
    roster = staff_group(9, max_size=4)

    result = tiers_only(roster)

    sessions = [s for s in result.plan.tier_sessions if s.tier is Tier.GROUP]
    assert sorted(i for s in sessions for i in s.attendee_ids) == sorted(f"M{i}" for i in range(9))
    assert max(len(s.attendee_ids) for s in sessions) <= 4
    assert all(s.lead_id in ("F1", "F2") and s.lead_id not in s.attendee_ids for s in sessions)
    assert T1.check(roster, result.plan) == []


def test_the_check_catches_a_member_with_no_session_in_the_half_term():
    """Policy 000: "every staff member participates in at least one session per half
    term"."""
    roster = staff_group(2)

    assert messages(roster, held("F1", "M0")) == [
        "Person M1 (M1) has no session of group Staff in Autumn 1"
    ]
    assert messages(roster, held("F1", "M0", "M1")) == []


def test_a_member_who_attends_only_the_mop_up_has_had_their_session():
    """Policy 000: a "mop-up" session in the last week "to allow for make-up attendance"."""
    roster = staff_group(2)

    assert (
        messages(roster, held("F1", "M0"), held("F2", "M1", on=LAST_WEEK, tier=Tier.MOP_UP)) == []
    )


def test_someone_absent_all_half_term_is_not_expected():
    """Policy 000: attendance "at least one session per half term" is for staff who are
    there: someone away for the whole half term is not missing a session."""
    roster = staff_group(2, absences=(Absence(person_id="M1", half_term="Autumn 1"),))

    assert messages(roster, held("F1", "M0")) == []


def test_the_check_catches_a_session_over_max_size_or_led_by_a_member():
    """Policy 002: a group "of up to six"; 000: sessions "facilitated by any member of the
    Designated Safeguard Leads team" (the group's facilitators)."""
    roster = staff_group(7)
    seven = tuple(f"M{i}" for i in range(7))

    assert messages(roster, held("F1", *seven)) == [
        "the session of group Staff on Tue 08/09/2026: 7 attend, more than its Max Size of 6"
    ]
    assert messages(roster, held("M0", *seven[1:]), held("F1", "M0")) == [
        "the session of group Staff on Tue 08/09/2026: Person M0 (M0) is not one of its "
        "facilitators"
    ]
