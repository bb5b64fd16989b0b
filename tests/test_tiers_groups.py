"""Group safeguarding supervision and its mop-ups (Groups sheet; SPEC 7; rules T1 and T2),
on crafted rosters whose frequencies, sizes and mop-ups are asserted."""

from __future__ import annotations

from collections import Counter
from datetime import date, time

from peerpair.constraints.group_sessions import GroupSessions
from peerpair.constraints.mop_ups import MopUps
from peerpair.constraints.tier_days import TierDays
from peerpair.domain.periods import members_of
from peerpair.domain.plan import Plan
from peerpair.domain.roster import Absence, Roster
from peerpair.domain.tiers import Group, Tier, TierSession
from tests.tier_rosters import AUTUMN, AUTUMN_1, LAST_WEEK, ids, person, tiers_only


def group_roster(members: int, max_size: int = 6, per="half term", **roster) -> Roster:
    """Members M0... at Oak, and two DSLs at Elm who facilitate."""
    people = [person(f"M{i}") for i in range(members)]
    people += [person("F1", "Elm", role="DSL"), person("F2", "Elm", role="DSL")]
    group = Group(
        name="Staff group",
        facilitator_ids=("F1", "F2"),
        members=ids("school:Oak"),
        per=per,
        max_size=max_size,
    )
    return Roster(people=tuple(people), half_terms=AUTUMN, groups=(group,), **roster)


def regular(result, half_term: str | None = None) -> list[TierSession]:
    return [
        s
        for s in result.plan.tier_sessions
        if s.tier is Tier.GROUP and (half_term is None or s.half_term == half_term)
    ]


def mop_ups(result) -> list[TierSession]:
    return [s for s in result.plan.tier_sessions if s.tier is Tier.MOP_UP]


def test_every_member_is_in_one_session_each_half_term_and_none_is_over_max_size():
    """000: staff "attend safeguarding supervision at least once every half term"; 002:
    groups "of up to six" (here Max Size 3). Eight members: three sessions a half term, the
    fewest that can hold them, sized 3, 3 and 2."""
    roster = group_roster(8, max_size=3)
    result = tiers_only(roster)
    assert result.unscheduled == ()
    for half_term in ("Autumn 1", "Autumn 2"):
        sessions = regular(result, half_term)
        attended = Counter(i for s in sessions for i in s.attendee_ids)
        assert attended == {f"M{i}": 1 for i in range(8)}
        assert sorted(len(s.attendee_ids) for s in sessions) == [2, 3, 3]
        assert {s.lead_id for s in sessions} <= {"F1", "F2"}
    assert GroupSessions().check(roster, result.plan) == []


def test_seven_members_of_a_group_of_up_to_six_meet_in_two_even_sessions():
    """Two sessions are needed, and they are evened out: 4 and 3, not 6 and 1."""
    result = tiers_only(group_roster(7, max_size=6))
    for half_term in ("Autumn 1", "Autumn 2"):
        assert sorted(len(s.attendee_ids) for s in regular(result, half_term)) == [3, 4]


def test_a_group_that_meets_once_a_term_has_each_member_once_in_the_autumn_term():
    result = tiers_only(group_roster(5, per="term"))
    attended = Counter(i for s in regular(result) for i in s.attendee_ids)
    assert attended == {f"M{i}": 1 for i in range(5)}
    # One mop-up for the term, in the last week of its last half term.
    assert [(s.half_term, s.date in LAST_WEEK["Autumn 2"]) for s in mop_ups(result)] == [
        ("Autumn 2", True)
    ]


def test_a_mop_up_is_booked_in_the_last_week_of_each_half_term():
    """000: "a 'mop-up' session will be scheduled during the last week of each half term".
    Everyone had their session, so it is open: no attendee yet, a facilitator booked."""
    roster = group_roster(4)
    result = tiers_only(roster)
    found = mop_ups(result)
    assert [s.half_term for s in found] == ["Autumn 1", "Autumn 2"]
    for s in found:
        assert s.date in LAST_WEEK[s.half_term]
        assert s.lead_id in ("F1", "F2") and s.attendee_ids == ()
        assert s.group == "Staff group"
    # No regular session in the last week: it is kept for postponements and mop-ups.
    assert not any(s.date in LAST_WEEK[s.half_term] for s in regular(result))
    assert MopUps().check(roster, result.plan) == []


def test_someone_away_until_the_last_week_is_placed_in_the_mop_up():
    """000: the mop-up is for those "unable to attend their assigned session"."""
    away = Absence(person_id="M0", start=date(2026, 9, 1), end=date(2026, 10, 16))
    result = tiers_only(group_roster(3, absences=(away,)))
    mop_up = next(s for s in mop_ups(result) if s.half_term == "Autumn 1")
    assert mop_up.attendee_ids == ("M0",)
    assert "M0" not in {i for s in regular(result, "Autumn 1") for i in s.attendee_ids}
    assert result.unscheduled == ()


def test_someone_absent_for_a_whole_half_term_is_not_expected_then():
    absent = Absence(person_id="M1", half_term="Autumn 2")
    roster = group_roster(3, absences=(absent,))
    result = tiers_only(roster)
    assert "M1" not in {i for s in regular(result, "Autumn 2") for i in s.attendee_ids}
    assert GroupSessions().check(roster, result.plan) == []


def test_a_facilitator_who_is_a_member_attends_a_session_someone_else_leads():
    """003 (section 4): a supervisor "should also be receiving supervision themselves"."""
    people = (person("F1", role="DSL"), person("F2", role="DSL"), person("M1"))
    group = Group(name="DSLs", facilitator_ids=("F1", "F2"), members=ids("school:Oak"))
    result = tiers_only(Roster(people=people, half_terms=AUTUMN, groups=(group,)))
    for half_term in ("Autumn 1", "Autumn 2"):
        sessions = regular(result, half_term)
        assert Counter(i for s in sessions for i in s.attendee_ids) == {
            "F1": 1,
            "F2": 1,
            "M1": 1,
        }
        assert all(s.lead_id not in s.attendee_ids for s in sessions)


def test_a_group_whose_only_facilitator_is_a_member_says_so():
    """README: a facilitator who is a member attends a session someone else leads. When
    there is nobody else, the lead is told that, not that no facilitator works on a day
    they can use."""
    people = (person("F1", role="DSL"), person("M1"))
    group = Group(name="DSLs", facilitator_ids=("F1",), members=ids("school:Oak"))
    result = tiers_only(Roster(people=people, half_terms=(AUTUMN_1,), groups=(group,)))
    assert [u.message for u in result.unscheduled] == [
        "Autumn 1, group DSLs: Person F1 (F1) has no session of the group: Person F1 (F1) is "
        "its only facilitator, and joins a session someone else leads: give the group "
        "another facilitator"
    ]
    assert [s.attendee_ids for s in regular(result)] == [("M1",)]


def test_sessions_are_on_days_the_facilitator_and_members_work():
    """Members work Tuesdays and Thursdays; of the facilitators only F2 works Thursdays."""
    people = [person(f"M{i}", working_days=frozenset({"Tue", "Thu"})) for i in range(3)]
    people += [
        person("F1", "Elm", working_days=frozenset({"Mon"})),
        person("F2", "Elm", working_days=frozenset({"Thu", "Fri"})),
    ]
    group = Group(name="G", facilitator_ids=("F1", "F2"), members=ids("school:Oak"))
    result = tiers_only(Roster(people=tuple(people), half_terms=AUTUMN, groups=(group,)))
    assert all(s.lead_id == "F2" and s.date.weekday() == 3 for s in regular(result))
    assert result.unscheduled == ()


def test_members_no_facilitator_can_meet_are_reported_and_the_check_agrees():
    people = [person(f"M{i}", working_days=frozenset({"Tue"})) for i in range(2)]
    people.append(person("F1", "Elm", working_days=frozenset({"Mon"})))
    group = Group(name="G", facilitator_ids=("F1",), members=ids("school:Oak"))
    roster = Roster(people=tuple(people), half_terms=(AUTUMN_1,), groups=(group,))
    result = tiers_only(roster)
    assert [u.message for u in result.unscheduled if u.tier is Tier.GROUP] == [
        f"Autumn 1, group G: Person {i} ({i}) has no session of the group: no facilitator of "
        f"the group works on a day Person {i} ({i}) can use"
        for i in ("M0", "M1")
    ]
    assert [v.people for v in GroupSessions().check(roster, result.plan)] == [("M0",), ("M1",)]


def test_the_check_catches_each_break_of_a_hand_made_plan():
    """T1 and T2 on a plan edited by hand: too many in a session, a lead who is not a
    facilitator, a member left out, a non-member, and a mop-up outside the last week."""
    roster = group_roster(3, max_size=2)
    roster = roster.model_copy(update={"half_terms": (AUTUMN_1,)})

    def at(day: int, lead: str, *attendees: str, tier=Tier.GROUP) -> TierSession:
        return TierSession(
            tier=tier,
            half_term="Autumn 1",
            date=date(2026, 9, day),
            start=time(9, 30),
            end=time(10, 30),
            lead_id=lead,
            attendee_ids=attendees,
            group="Staff group",
        )

    plan = Plan(
        tier_sessions=(
            at(8, "M0", "M1", "M2", "F1"),
            at(15, "F1", tier=Tier.MOP_UP),
        )
    )
    assert [v.message for v in GroupSessions().check(roster, plan)] == [
        "Person M0 (M0) has no session of group Staff group in Autumn 1",
        "the session of group Staff group on Tue 08/09/2026: 3 attend, more than its Max Size of 2",
        "the session of group Staff group on Tue 08/09/2026: Person M0 (M0) is not one of its "
        "facilitators",
        "the session of group Staff group on Tue 08/09/2026: Person F1 (F1) is not a member of "
        "the group",
    ]
    assert [v.message for v in MopUps().check(roster, plan)] == [
        "the mop-up of group Staff group on Tue 15/09/2026 is not in the last week of Autumn 1",
        "group Staff group has no mop-up session in the last week of Autumn 1",
    ]


def test_a_lead_listed_among_the_attendees_is_one_break_not_two_sessions_that_day():
    """T6 counts sessions, not lines of a cell: a facilitator typed into the attendees of
    their own session breaks T1 ("both leads and attends"), but has one session that day."""
    roster = group_roster(2).model_copy(update={"half_terms": (AUTUMN_1,)})
    plan = Plan(
        tier_sessions=(
            TierSession(
                tier=Tier.GROUP,
                half_term="Autumn 1",
                date=date(2026, 9, 8),
                start=time(9, 30),
                end=time(10, 30),
                lead_id="F1",
                attendee_ids=("M0", "M1", "F1"),
                group="Staff group",
            ),
        )
    )
    assert TierDays().check(roster, plan) == []
    assert (
        "the session of group Staff group on Tue 08/09/2026: Person F1 (F1) both leads and "
        "attends it"
    ) in [v.message for v in GroupSessions().check(roster, plan)]


def test_members_are_chosen_by_id_school_role_and_hub_in_any_case():
    people = (
        person("1", "Oak Primary"),
        person("2", "Elm", role="Deputy DSL (Pastoral)"),
        person("3", "Ash", hub="North"),
        person("4", "Ash", role="DSL / SENDCo"),
        person("5", "Ash"),
    )
    group = Group(
        name="G",
        facilitator_ids=("5",),
        members=ids("school:oak  primary", "role:deputy dsl", "hub:NORTH", "role:sendco"),
    )
    roster = Roster(people=people, groups=(group,))
    assert [p.id for p in members_of(roster, group)] == ["1", "2", "3", "4"]
