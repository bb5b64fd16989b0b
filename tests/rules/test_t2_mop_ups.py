"""T2 mop-ups (SPEC 7, Groups sheet): each group with a member present in a period has a
mop-up session in the last five weekdays of the period's last half term, and mop-ups are
held on no other days."""

from __future__ import annotations

from datetime import date, time

from peerpair.constraints.mop_ups import MopUps
from peerpair.domain.plan import Plan
from peerpair.domain.roster import Absence, Roster
from peerpair.domain.tiers import Group, Tier, TierSession
from tests.tier_rosters import AUTUMN, LAST_WEEK, ids, person, tiers_only

T2 = MopUps()


def staff_group(per: str = "half term", **fields) -> Roster:
    """M0 and M1 at Oak, facilitator F1 at Elm, over Autumn 1 and Autumn 2."""
    people = (person("M0"), person("M1"), person("F1", "Elm"))
    group = Group(name="Staff", facilitator_ids=("F1",), members=ids("school:Oak"), per=per)
    return Roster(people=people, half_terms=AUTUMN, groups=(group,), **fields)


def mop_up(half_term: str, on: date) -> TierSession:
    return TierSession(
        tier=Tier.MOP_UP,
        half_term=half_term,
        date=on,
        start=time(9, 30),
        end=time(10, 30),
        lead_id="F1",
        group="Staff",
    )


def messages(roster: Roster, *sessions: TierSession) -> list[str]:
    return [v.message for v in T2.check(roster, Plan(tier_sessions=sessions))]


def test_the_planner_books_a_mop_up_in_the_last_week_of_each_half_term():
    """Policy 000: "a 'mop-up' session will be scheduled during the last week of each half
    term to allow for make-up attendance"."""
    roster = staff_group()

    result = tiers_only(roster)

    mop_ups = [s for s in result.plan.tier_sessions if s.tier is Tier.MOP_UP]
    assert sorted(s.half_term for s in mop_ups) == ["Autumn 1", "Autumn 2"]
    assert all(s.date in LAST_WEEK[s.half_term] for s in mop_ups)
    assert T2.check(roster, result.plan) == []


def test_the_check_catches_a_half_term_without_a_mop_up():
    """Policy 000: a mop-up "during the last week of each half term"."""
    roster = staff_group()

    assert messages(roster, mop_up("Autumn 1", date(2026, 10, 20))) == [
        "group Staff has no mop-up session in the last week of Autumn 2"
    ]


def test_the_check_catches_a_mop_up_before_the_last_week():
    """Policy 000: the mop-up is "during the last week of each half term", after the
    regular sessions it makes up for."""
    roster = staff_group()
    early = mop_up("Autumn 1", date(2026, 10, 16))

    assert messages(roster, early, mop_up("Autumn 2", date(2026, 12, 15))) == [
        "the mop-up of group Staff on Fri 16/10/2026 is not in the last week of Autumn 1",
        "group Staff has no mop-up session in the last week of Autumn 1",
    ]


def test_a_group_that_meets_once_a_term_has_its_mop_up_at_the_end_of_the_term():
    """Policy 000: the mop-up makes up for a missed session; a group meeting once a term
    (Per = term) makes up at the end of the term, in Autumn 2's last week."""
    roster = staff_group(per="term")

    assert messages(roster, mop_up("Autumn 2", date(2026, 12, 15))) == []


def test_a_group_with_everyone_away_needs_no_mop_up():
    """Policy 000: a mop-up is "to allow for make-up attendance": with every member away
    all Autumn 2 there is nobody to make up."""
    away = tuple(Absence(person_id=i, half_term="Autumn 2") for i in ("M0", "M1"))
    roster = staff_group(absences=away)

    assert messages(roster, mop_up("Autumn 1", date(2026, 10, 20))) == []
