"""The other tiers of a large trust (issue 17): above `FULL_OFFER` each school is offered a
few trust leads first, and the shortcuts that find one-to-one supervisors without ranking
everyone find the same ones as ranking everyone."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest

import peerpair.tiers.one_to_ones as one_to_ones
import peerpair.tiers.requests as requests
import peerpair.tiers.school_visits as school_visits
from benchmarks.rosters import tiered_roster
from peerpair.constraints import check_tiers
from peerpair.domain.periods import holders_of, may_supervise, trust_leads
from peerpair.domain.plan import Plan
from peerpair.domain.roster import ChangeRequest, Roster
from peerpair.domain.tiers import Request, Requirement, Tier
from peerpair.tiers.diary import Diary
from peerpair.tiers.one_to_ones import (
    _CANDIDATES,
    _NOT_USUAL,
    _preference,
    _Supervisors,
    _usual_supervisors,
)
from peerpair.tiers.plan_tiers import plan_tiers
from tests.tier_rosters import AUTUMN, lead, tiers_only
from tests.tier_rosters import person as someone


def _school_needs_missed(result) -> list[str]:
    return sorted(u.message for u in result.unscheduled if u.tier is Tier.SCHOOL)


def test_a_few_hundred_people_keep_the_full_offer():
    """The threshold keeps today's rosters, up to a few hundred people, on the path that
    offers every trust lead for every school (and so plans them as before)."""
    roster = tiered_roster(500)
    assert len(roster.school_visits) * len(trust_leads(roster)) <= school_visits.FULL_OFFER
    big = tiered_roster(1000)
    assert len(big.school_visits) * len(trust_leads(big)) > school_visits.FULL_OFFER


def test_above_the_threshold_no_school_misses_a_session_the_full_offer_gives():
    """Trust leads of Capacity 6 cannot lead all their hub's schools each half term: the
    few leads offered first must share them out within everyone's Capacity."""
    roster = tiered_roster(300)
    people = tuple(
        p.model_copy(update={"capacity": 6}) if p.is_trust_lead else p for p in roster.people
    )
    roster = roster.model_copy(update={"people": people})
    full = plan_tiers(roster, Plan())
    few = plan_tiers(roster, Plan(), full_offer=0)
    assert _school_needs_missed(few) == _school_needs_missed(full) == []
    sessions = [s for s in few.plan.tier_sessions if s.tier is Tier.SCHOOL]
    assert len(sessions) == len([s for s in full.plan.tier_sessions if s.tier is Tier.SCHOOL])
    led = Counter((s.lead_id, s.half_term) for s in sessions)
    assert max(led.values()) == 6
    assert len({s.lead_id for s in sessions}) == len(trust_leads(roster))
    assert check_tiers(roster, few.plan) == check_tiers(roster, full.plan)


def test_a_school_whose_few_leads_are_full_is_led_by_another(monkeypatch):
    """With no other leads offered first and a quarter of the hubs' leads at Capacity 0,
    those hubs' schools are placed only by the retry with every trust lead."""
    roster = tiered_roster(300)
    leads = trust_leads(roster)
    idle = {lead.id for lead in leads[: len(leads) // 4]}
    people = tuple(
        p.model_copy(update={"capacity": 0}) if p.id in idle else p for p in roster.people
    )
    roster = roster.model_copy(update={"people": people})
    monkeypatch.setattr(school_visits, "_OTHERS", 0)
    full = plan_tiers(roster, Plan())
    few = plan_tiers(roster, Plan(), full_offer=0)
    assert _school_needs_missed(full) == []
    assert _school_needs_missed(few) == []
    led = {s.lead_id for s in few.plan.tier_sessions if s.tier is Tier.SCHOOL}
    assert led and not led & idle
    assert all(not result.violations for result in check_tiers(roster, few.plan)) or (
        check_tiers(roster, few.plan) == check_tiers(roster, full.plan)
    )


@pytest.fixture(scope="module")
def uneven_roster():
    """A tiered roster with a third of its DSLs untrained, some part-timers sharing no
    working day with some deputies, and change requests between deputies and DSLs."""
    roster = tiered_roster(300, seed=3)
    rng = random.Random(5)
    people = []
    for p in roster.people:
        update = {}
        if p.role == "DSL" and rng.random() < 0.33:
            update["supervision_trained"] = False
            update["trained_on"] = None
        if not p.is_trust_lead and rng.random() < 0.1:
            update["working_days"] = frozenset({rng.choice(["Mon", "Tue", "Wed", "Thu", "Fri"])})
        people.append(p.model_copy(update=update) if update else p)
    deputies = [p for p in people if p.role == "Deputy DSL"]
    dsls = [p for p in people if p.role == "DSL"]
    requests = tuple(
        ChangeRequest(person_id=rng.choice(deputies).id, partner_id=rng.choice(dsls).id)
        for _ in range(15)
    )
    data = roster.model_copy(update={"people": tuple(people), "change_requests": requests})
    return type(roster).model_validate(data.model_dump())


def test_each_persons_usual_supervisor_is_the_best_of_everyone(uneven_roster):
    """`_usual_supervisors` keeps heaps rather than ranking every supervisor for each
    person: it chooses as ranking them all would."""
    roster = uneven_roster
    [requirement] = roster.requirements
    supervisors = holders_of(roster, requirement.supervisor_role)
    load: dict[str, int] = {}
    expected = {}
    for person in holders_of(roster, requirement.role):
        best = min(
            (s for s in supervisors if s.id != person.id),
            key=lambda s: (
                _preference(roster, s, person, 0),
                not (s.working_days & person.working_days),
                load.get(s.id, 0),
                roster.index[s.id],
            ),
        )
        expected[person.id, requirement] = best.id
        load[best.id] = load.get(best.id, 0) + 1
    assert _usual_supervisors(roster, ()) == expected
    assert len(set(expected.values())) > 1


def test_each_persons_best_supervisors_are_the_best_of_everyone(uneven_roster):
    """`_Supervisors.contenders` holds the best `_CANDIDATES` of ranking every holder."""
    roster = uneven_roster
    [requirement] = roster.requirements
    diary = Diary(roster, Plan())
    usual = _usual_supervisors(roster, ())
    holders = holders_of(roster, requirement.supervisor_role)
    pool = _Supervisors(roster, holders)
    compared = 0
    for person in holders_of(roster, requirement.role):
        mine = usual.get((person.id, requirement))
        for h in range(len(roster.half_terms)):

            def rank(pairs, person=person, mine=mine, h=h):
                return sorted(
                    (_NOT_USUAL * (s.id != mine) + _preference(roster, s, person, h), n, s.id)
                    for n, s in pairs
                    if may_supervise(roster, s, person, h)
                )[:_CANDIDATES]

            assert rank(pool.contenders(diary, person, mine, h)) == rank(enumerate(holders))
            compared += 1
    assert compared > 100


def test_above_the_threshold_a_one_to_one_the_best_supervisor_cannot_take_goes_to_another(
    monkeypatch,
):
    """Oak's DSL works Mondays only, and is the usual supervisor of its fifteen deputies:
    the autumn term has fewer Mondays than that. Offered only their best supervisor first,
    the deputies left over are offered the rest, and Elm's DSL takes them, as with every
    supervisor offered at once."""
    people = (
        someone("A", "Oak", role="DSL", supervision_trained=True, working_days={"Mon"}),
        someone("B", "Elm", role="DSL", supervision_trained=True),
        *(someone(f"D{n}", "Oak", role="Deputy DSL") for n in range(15)),
    )
    roster = Roster(
        people=people,
        half_terms=AUTUMN,
        requirements=(Requirement(role="Deputy DSL", supervisor_role="DSL", per="term"),),
    )
    full = tiers_only(roster)
    monkeypatch.setattr(one_to_ones, "FULL_OFFER", 0)
    few = tiers_only(roster)
    for result in (full, few):
        assert result.unscheduled == ()
        leads = Counter(s.lead_id for s in result.plan.tier_sessions)
        assert leads["A"] < 15 and leads["B"] > 0 and sum(leads.values()) == 15
    assert check_tiers(roster, few.plan) == check_tiers(roster, full.plan)


def test_above_the_threshold_a_request_whose_first_days_are_taken_has_another(monkeypatch):
    """Two requests for the same trust lead, each offered only the lead's first free day
    at first: the one that loses that day is offered every day next."""
    people = (someone("P1", "Oak"), someone("P2", "Elm"), lead("T1"))
    asked = tuple(
        Request(person_id=i, preferred_supervisor_id="T1", by=date(2026, 10, 16))
        for i in ("P1", "P2")
    )
    roster = Roster(people=people, half_terms=AUTUMN, requests=asked)
    full = tiers_only(roster)
    monkeypatch.setattr(requests, "FULL_OFFER", 0)
    monkeypatch.setattr(requests, "_FIRST_DAYS", 1)
    few = tiers_only(roster)
    for result in (full, few):
        assert result.unscheduled == ()
        assert sorted(s.attendee_ids for s in result.plan.tier_sessions) == [("P1",), ("P2",)]
        assert len({s.date for s in result.plan.tier_sessions}) == 2
    assert check_tiers(roster, few.plan) == check_tiers(roster, full.plan)
