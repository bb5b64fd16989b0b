"""The other tiers as the year happens (SPEC 7 with SPEC 8): the past and what the lead
recorded Held stay; a member who missed a group session goes to the mop-up; a missed
one-to-one is planned again; new sessions give the notice. Today is Mon 21/09/2026, so new
sessions are from Mon 28/09/2026 on."""

from __future__ import annotations

from datetime import date, time

from peerpair.constraints import check_tiers
from peerpair.domain.plan import Plan
from peerpair.domain.replan import Replan
from peerpair.domain.roster import Absence, Roster
from peerpair.domain.tiers import (
    Group,
    Request,
    Requirement,
    SessionStatus,
    Tier,
    TierSession,
)
from peerpair.tiers.plan_tiers import plan_tiers
from tests.tier_rosters import AUTUMN_1, AUTUMN_2, LAST_WEEK, ids, lead, person, tiers_only

TODAY, EARLIEST = date(2026, 9, 21), date(2026, 9, 28)


def trust() -> Roster:
    return Roster(
        people=(
            person("A", "Oak", role="DSL"),
            person("B", "Elm", role="DSL"),
            person("C", "Oak", role="Deputy DSL"),
            person("D", "Elm", role="Deputy DSL"),
            lead("T1"),
        ),
        half_terms=(AUTUMN_1, AUTUMN_2),
        groups=(
            Group(
                name="Deputies",
                facilitator_ids=("A", "B"),
                members=ids("role:Deputy DSL"),
                per="half term",
            ),
        ),
        requirements=(Requirement(role="Deputy DSL", supervisor_role="DSL", per="half term"),),
    )


def replanned(published: Plan, today: date = TODAY) -> Plan:
    return plan_tiers(trust(), Plan(), published, "Autumn 1", today=today, earliest=EARLIEST).plan


def with_status(plan: Plan, session, status) -> Plan:
    return plan.model_copy(
        update={
            "tier_sessions": tuple(
                t.model_copy(update={"status": status}) if t == session else t
                for t in plan.tier_sessions
            )
        }
    )


def first_of(plan: Plan, tier: Tier, half_term: str = "Autumn 1"):
    return min(
        (t for t in plan.tier_sessions if t.tier is tier and t.half_term == half_term),
        key=lambda t: t.date,
    )


def test_the_published_tiers_have_sessions_before_today():
    published = tiers_only(trust()).plan
    assert first_of(published, Tier.GROUP).date < TODAY
    assert first_of(published, Tier.ONE_TO_ONE).date < TODAY


def test_tier_sessions_before_today_stay_and_new_ones_give_notice():
    published = tiers_only(trust()).plan
    after = replanned(published)
    before_today = [t for t in published.tier_sessions if t.date < TODAY]
    assert before_today and all(t in after.tier_sessions for t in before_today)
    new = [t for t in after.tier_sessions if t not in published.tier_sessions]
    assert all(t.date >= EARLIEST for t in new)
    assert all(not r.violations for r in check_tiers(trust(), after, today=TODAY))


def test_a_member_who_missed_a_group_session_goes_to_the_mop_up():
    published = tiers_only(trust()).plan
    group = first_of(published, Tier.GROUP)
    assert group.date < TODAY
    after = replanned(with_status(published, group, SessionStatus.MISSED))
    mop_up = [t for t in after.tier_sessions if t.tier is Tier.MOP_UP and t.half_term == "Autumn 1"]
    assert mop_up and set(group.attendee_ids) <= set(mop_up[0].attendee_ids)
    assert group.model_copy(update={"status": SessionStatus.MISSED}) in after.tier_sessions
    assert all(not r.violations for r in check_tiers(trust(), after, today=TODAY))


def test_a_missed_one_to_one_is_planned_again_with_notice():
    published = tiers_only(trust()).plan
    missed = first_of(published, Tier.ONE_TO_ONE)
    after = replanned(with_status(published, missed, SessionStatus.MISSED))
    again = [
        t
        for t in after.tier_sessions
        if t.tier is Tier.ONE_TO_ONE
        and t.half_term == missed.half_term
        and t.attendee_ids == missed.attendee_ids
        and t.status is None
    ]
    assert len(again) == 1 and again[0].date >= EARLIEST
    # Judged without the make-up, the Missed session meets no need.
    without = with_status(published, missed, SessionStatus.MISSED)
    assert any(r.violations for r in check_tiers(trust(), without, today=TODAY))


def test_a_held_tier_session_stays_whatever_its_date():
    published = tiers_only(trust()).plan
    later = max(published.tier_sessions, key=lambda t: t.date)
    after = replanned(with_status(published, later, SessionStatus.HELD))
    assert later.model_copy(update={"status": SessionStatus.HELD}) in after.tier_sessions


def test_a_cancelled_tier_session_is_dropped():
    published = tiers_only(trust()).plan
    later = max((t for t in published.tier_sessions if t.tier is Tier.GROUP), key=lambda t: t.date)
    after = replanned(with_status(published, later, SessionStatus.CANCELLED))
    assert all(t.status is not SessionStatus.CANCELLED for t in after.tier_sessions)


# --- a missed one-to-one's make-up (SPEC 8) ---------------------------------------------


def made_up(after: Plan, missed) -> list:
    return [
        t
        for t in after.tier_sessions
        if t.tier is Tier.ONE_TO_ONE
        and t.half_term == missed.half_term
        and t.attendee_ids == missed.attendee_ids
        and t.status is None
    ]


def _first_one_to_one_missed(roster: Roster, today: date, earliest: date):
    """The published plan's first one-to-one recorded Missed (published without `roster`'s
    absences), and the tiers re-planned from `today` with notice from `earliest`."""
    published = tiers_only(trust()).plan
    missed = first_of(published, Tier.ONE_TO_ONE)
    recorded = with_status(published, missed, SessionStatus.MISSED)
    return missed, plan_tiers(roster, Plan(), recorded, "Autumn 1", today=today, earliest=earliest)


def test_a_missed_one_to_one_is_made_up_with_the_same_supervisor_on_the_first_free_day():
    published = tiers_only(trust()).plan
    missed = first_of(published, Tier.ONE_TO_ONE)
    after = replanned(with_status(published, missed, SessionStatus.MISSED))
    (again,) = made_up(after, missed)
    assert again.lead_id == missed.lead_id
    # Nothing else is booked for either of them from the earliest day to the make-up.
    people = {again.lead_id, *again.attendee_ids}
    assert not any(
        EARLIEST <= t.date < again.date and people & set(t.people) for t in after.tier_sessions
    )
    assert again.date >= EARLIEST


def test_a_make_up_may_have_the_kept_free_week_when_the_notice_leaves_only_it():
    today = date(2026, 10, 12)  # a week's notice: from Mon 19/10, the kept-free week
    missed, result = _first_one_to_one_missed(trust(), today, date(2026, 10, 19))
    after = result.plan
    (again,) = made_up(after, missed)
    assert again.date in LAST_WEEK["Autumn 1"] and again.lead_id == missed.lead_id
    assert all(not r.violations for r in check_tiers(trust(), after, today=today))


def test_another_supervisor_makes_it_up_when_the_same_one_is_away():
    missed = first_of(tiers_only(trust()).plan, Tier.ONE_TO_ONE)
    away = Absence(person_id=missed.lead_id, start=TODAY, end=date(2026, 10, 23))
    roster = trust().model_copy(update={"absences": (away,)})
    missed, result = _first_one_to_one_missed(roster, TODAY, EARLIEST)
    after = result.plan
    (again,) = made_up(after, missed)
    assert again.lead_id != missed.lead_id and again.date >= EARLIEST
    assert all(not r.violations for r in check_tiers(roster, after, today=TODAY))


def test_a_missed_one_to_one_with_no_day_left_is_reported_with_that_reason():
    today = date(2026, 10, 19)  # the notice runs past the end of Autumn 1
    missed, result = _first_one_to_one_missed(trust(), today, date(2026, 10, 26))
    assert not made_up(result.plan, missed)
    assert [u.message for u in result.unscheduled if u.half_term == "Autumn 1"] == [
        "Person C (C) missed a one-to-one on Thu 03/09/2026 and no day is left in Autumn 1 "
        "to make it up"
    ]


def _judged(plan: Plan) -> list[str]:
    return [v.message for r in check_tiers(trust(), plan, today=TODAY) for v in r.violations]


def test_the_check_finds_a_make_up_with_another_supervisor_or_later_than_it_could_be():
    published = tiers_only(trust()).plan
    missed = first_of(published, Tier.ONE_TO_ONE)
    after = replanned(with_status(published, missed, SessionStatus.MISSED))
    (again,) = made_up(after, missed)
    assert _judged(after) == []
    other = "B" if missed.lead_id != "B" else "A"
    for wrong in (
        again.model_copy(update={"lead_id": other}),
        again.model_copy(update={"date": date(2026, 10, 15)}),
    ):
        plan = after.model_copy(
            update={"tier_sessions": tuple(wrong if t == again else t for t in after.tier_sessions)}
        )
        assert any("the make-up of the one-to-one Person C (C) missed" in m for m in _judged(plan))
    gone = after.model_copy(
        update={"tier_sessions": tuple(t for t in after.tier_sessions if t != again)}
    )
    assert any("is not made up, though" in m for m in _judged(gone))


def test_a_make_up_goes_back_to_the_same_supervisor_once_they_can():
    """A published make-up from the earliest day on is booked again by the make-up rule:
    when the missed one's supervisor is back, it is theirs again (and the check agrees)."""
    published = tiers_only(trust()).plan
    missed = first_of(published, Tier.ONE_TO_ONE)
    away = Absence(person_id=missed.lead_id, start=TODAY, end=date(2026, 10, 23))
    recorded = with_status(published, missed, SessionStatus.MISSED)
    first = plan_tiers(
        trust().model_copy(update={"absences": (away,)}),
        Plan(),
        recorded,
        "Autumn 1",
        today=TODAY,
        earliest=EARLIEST,
    ).plan
    (other,) = made_up(first, missed)
    assert other.lead_id != missed.lead_id
    after = replanned(first)  # the absence is over: taken off the roster
    (again,) = made_up(after, missed)
    assert again.lead_id == missed.lead_id
    assert _judged(after) == []
    # Kept as it was, the make-up breaks the rule.
    assert any("could lead it on" in m for m in _judged(first))


def test_a_mop_up_within_the_notice_stays_though_a_member_who_missed_cannot_come():
    published = tiers_only(trust()).plan
    group = first_of(published, Tier.GROUP)
    (mop_up,) = [
        t for t in published.tier_sessions if t.tier is Tier.MOP_UP and t.half_term == "Autumn 1"
    ]
    today, earliest = date(2026, 10, 14), date(2026, 10, 21)
    assert today <= mop_up.date < earliest
    away = tuple(
        Absence(person_id=i, start=date(2026, 10, 19), end=date(2026, 10, 23))
        for i in group.attendee_ids
    )
    roster = trust().model_copy(update={"absences": away})
    after = plan_tiers(
        roster,
        Plan(),
        with_status(published, group, SessionStatus.MISSED),
        "Autumn 1",
        today=today,
        earliest=earliest,
    ).plan
    assert mop_up in after.tier_sessions


def _two_requests() -> Roster:
    """P6, at work on Mondays only, has two one-to-ones a half term to come: one with
    anyone, one preferably with P7; T0, a trust lead, may lead one too."""
    people = (
        person("P6", "Oak", role="DSL", working_days=frozenset({"Mon"})),
        person("P7", "Elm", role="DSL", supervision_trained=True, gives=True),
        lead("T0", capacity=0),
    )
    return Roster(
        people=people,
        half_terms=(AUTUMN_1, AUTUMN_2),
        requests=(Request(person_id="P6"), Request(person_id="P6", preferred_supervisor_id="P7")),
    )


def _one_to_one(day: date, lead_id: str, status=None) -> TierSession:
    return TierSession(
        tier=Tier.ONE_TO_ONE,
        half_term="Autumn 1",
        date=day,
        start=time(9, 30),
        end=time(10, 30),
        lead_id=lead_id,
        attendee_ids=("P6",),
        school="Oak",
        status=status,
    )


def _re_planned(roster: Roster, plan: Plan, today: date) -> Plan:
    replan = Replan(roster, plan, today=today)
    earliest = replan.earliest
    return plan_tiers(roster, Plan(), plan, replan.start, today=today, earliest=earliest).plan


def test_two_missed_one_to_ones_keep_their_own_supervisors_when_re_planned_again():
    """P6 missed a one-to-one with T0 and one with P7. A re-plan makes up each with its own
    supervisor; a second re-plan, with T0's make-up now within the notice, must not give
    P7's make-up to T0 as well (found by the re-plan-of-the-re-plan property)."""
    roster = _two_requests()
    missed = SessionStatus.MISSED
    published = Plan(
        tier_sessions=(
            _one_to_one(date(2026, 9, 14), "T0", missed),
            _one_to_one(date(2026, 9, 21), "P7", missed),
        )
    )
    once = _re_planned(roster, published, date(2026, 8, 28))
    made_up = sorted((t.date, t.lead_id) for t in once.tier_sessions if t.status is None)
    assert made_up == [(date(2026, 9, 28), "T0"), (date(2026, 10, 5), "P7")]
    twice = _re_planned(roster, once, date(2026, 9, 22))  # T0's is within the notice now
    assert sorted(twice.tier_sessions, key=repr) == sorted(once.tier_sessions, key=repr)


def test_a_make_up_within_the_notice_is_not_made_up_again_from_the_next_session():
    """P6, away until 20/09, missed a one-to-one with T0 and has one with P7 to come. The
    make-up takes the first Monday and P7's moves to the next; re-planned again once T0's
    make-up is within the notice, P7's session stays P7's (it was taken for a second
    make-up with T0)."""
    away = Absence(person_id="P6", start=date(2026, 9, 1), end=date(2026, 9, 20))
    roster = _two_requests().model_copy(update={"absences": (away,)})
    published = Plan(
        tier_sessions=(
            _one_to_one(date(2026, 9, 21), "T0", SessionStatus.MISSED),
            _one_to_one(date(2026, 9, 28), "P7"),
        )
    )
    once = _re_planned(roster, published, date(2026, 8, 28))
    twice = _re_planned(roster, once, date(2026, 9, 22))
    assert sorted(twice.tier_sessions, key=repr) == sorted(once.tier_sessions, key=repr)
    assert {t.lead_id for t in twice.tier_sessions if t.status is None} == {"T0", "P7"}
