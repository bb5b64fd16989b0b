"""Realistic generated rosters for benchmarks, seeded, so every run measures the same rosters.

What a trust of that size looks like, with the rates used:

- schools of 1-5 DSLs and deputies, hubs of ten schools, a trust lead (capacity 3) per hub;
- 85% supervision-trained, a few of them trained mid-year (they give from Spring 1 on);
- 10% part-timers working three days a week;
- 15% volunteers with capacity 2. With 85% trained, peers then offer about
  0.85 x 1.15 = 0.98 places per supervisee, and the trust leads' places (about 0.1 per
  supervisee) make up the rest: places roughly match supervisees, as in a trust whose
  scheme is fully subscribed. At the 5% of earlier versions peers offered 0.89 places and a
  tenth of all sessions fell to trust leads or Cover Needed, which no trust would run;
- absences: 3% of people miss one half term, 1% are away from mid-February to the end of
  May (Spring 2 and Summer 1, as a From-To range);
- change requests: 1% of people, each with someone at another school of their hub, from a
  random half term or from the start;
- History: about one earlier pair per person;
- the 2026-27 half-term dates.

Generating 5,000 people takes a fraction of a second.
"""

from __future__ import annotations

import random
from datetime import date

from peerpair.domain.roster import (
    WEEKDAYS,
    Absence,
    ChangeRequest,
    HalfTerm,
    PastPair,
    Person,
    Roster,
)
from peerpair.domain.tiers import Group, Request, Requirement, SchoolVisit, Selector

HALF_TERMS = (
    HalfTerm(name="Autumn 1", start=date(2026, 9, 2), end=date(2026, 10, 23)),
    HalfTerm(name="Autumn 2", start=date(2026, 11, 2), end=date(2026, 12, 18)),
    HalfTerm(name="Spring 1", start=date(2027, 1, 4), end=date(2027, 2, 12)),
    HalfTerm(name="Spring 2", start=date(2027, 2, 22), end=date(2027, 3, 26)),
    HalfTerm(name="Summer 1", start=date(2027, 4, 12), end=date(2027, 5, 28)),
    HalfTerm(name="Summer 2", start=date(2027, 6, 7), end=date(2027, 7, 21)),
)
TRAINED = 0.85
TRAINED_MID_YEAR = 0.02  # of everyone, within the trained share
CAPACITY_TWO = 0.15
PART_TIME = 0.10
ABSENT_ONE_HALF_TERM = 0.03
ABSENT_LONG_TERM = 0.01
CHANGE_REQUESTS = 0.01
SCHOOLS_PER_HUB = 10


def generated_roster(people: int, seed: int = 0) -> Roster:
    """A trust of `people` DSLs and deputies, plus a trust lead per hub."""
    rng = random.Random(seed)
    staff = _schools(people, rng)
    staff += _trust_leads(sorted({p.hub for p in staff}))
    return Roster(
        people=tuple(staff),
        half_terms=HALF_TERMS,
        absences=_absences(staff, rng),
        change_requests=_change_requests(staff, rng),
        history=_history(staff, people, rng),
    )


def _schools(people: int, rng: random.Random) -> list[Person]:
    staff: list[Person] = []
    school = 0
    while len(staff) < people:
        size = rng.randint(1, 5)
        hub = f"Hub {school // SCHOOLS_PER_HUB + 1}"
        for _ in range(min(size, people - len(staff))):
            i = len(staff)
            training = rng.random()
            staff.append(
                Person(
                    id=f"{1000 + i}",
                    name=f"Person {i}",
                    school=f"School {school}",
                    hub=hub,
                    supervision_trained=training < TRAINED,
                    # Trained in December: gives from Spring 1, the first half term after.
                    trained_on=date(2026, 12, 15) if training < TRAINED_MID_YEAR else None,
                    capacity=2 if rng.random() < CAPACITY_TWO else 1,
                    working_days=frozenset(rng.sample(WEEKDAYS, 3))
                    if rng.random() < PART_TIME
                    else frozenset(WEEKDAYS),
                )
            )
        school += 1
    return staff


def _trust_leads(hubs: list[str]) -> list[Person]:
    return [
        Person(
            id=f"T{n}",
            name=f"Trust lead {n}",
            school="Central team",
            hub=hub,
            role="Trust Safeguarding Lead",
            supervision_trained=True,
        )
        for n, hub in enumerate(hubs, start=1)
    ]


def _absences(staff: list[Person], rng: random.Random) -> tuple[Absence, ...]:
    absences = []
    for p in staff:
        draw = rng.random()
        if draw < ABSENT_ONE_HALF_TERM:
            absences.append(Absence(person_id=p.id, half_term=rng.choice(HALF_TERMS).name))
        elif draw < ABSENT_ONE_HALF_TERM + ABSENT_LONG_TERM:
            absences.append(Absence(person_id=p.id, start=date(2027, 2, 15), end=date(2027, 5, 31)))
    return tuple(absences)


def _change_requests(staff: list[Person], rng: random.Random) -> tuple[ChangeRequest, ...]:
    by_hub: dict[str, list[Person]] = {}
    for p in staff:
        if not p.is_trust_lead:
            by_hub.setdefault(p.hub, []).append(p)
    requests = []
    for p in staff:
        if p.is_trust_lead or rng.random() >= CHANGE_REQUESTS:
            continue
        others = [q for q in by_hub[p.hub] if q.school != p.school]
        if others:
            start = rng.choice((None, *(h.name for h in HALF_TERMS)))
            requests.append(
                ChangeRequest(
                    person_id=p.id, partner_id=rng.choice(others).id, from_half_term=start
                )
            )
    return tuple(requests)


def _history(staff: list[Person], people: int, rng: random.Random) -> tuple[PastPair, ...]:
    history = []
    for _ in range(people):
        a, b = rng.sample(staff, 2)
        if a.school != b.school:
            history.append(PastPair(supervisor_id=a.id, supervisee_id=b.id))
    return tuple(history)


def third_untrained_roster(people: int, seed: int = 0) -> Roster:
    """`generated_roster` with every third person (positions 0, 3, 6, ...) not supervision
    trained: a trust too short of supervisors, for timing `explain` when thousands of
    sessions need cover."""
    roster = generated_roster(people, seed)
    staff = tuple(
        p.model_copy(update={"supervision_trained": False, "trained_on": None}) if i % 3 == 0 else p
        for i, p in enumerate(roster.people)
    )
    return roster.model_copy(update={"people": staff})


TIER_LEAD_CAPACITY = 10
HIGH_CASELOAD = 0.10
REQUESTS = 0.01


def tiered_roster(people: int, seed: int = 0) -> Roster:
    """`generated_roster` with every tier sheet, for timing the other tiers: the first person
    at each school is its DSL and the rest Deputy DSLs; a group per hub of its people, led by
    its trust lead, each term; a trust-led school session a term for every school, every half
    term for a tenth (High Caseload); each Deputy DSL's one-to-one with a DSL each term; a
    request by 29 January from 1% of people. Trust leads have Capacity 10, to lead them."""
    roster = generated_roster(people, seed)
    rng = random.Random(seed + 1)
    staff, seen = [], set()
    for p in roster.people:
        if p.is_trust_lead:
            staff.append(p.model_copy(update={"capacity": TIER_LEAD_CAPACITY}))
        else:
            staff.append(p.model_copy(update={"role": "Deputy DSL" if p.school in seen else "DSL"}))
            seen.add(p.school)
    hubs = sorted({p.hub for p in staff})
    leads = {p.hub: p.id for p in staff if p.is_trust_lead}
    schools = sorted({p.school for p in staff if not p.is_trust_lead})
    tiers = {
        "people": tuple(staff),
        "groups": tuple(
            Group(
                name=f"{hub} DSLs",
                facilitator_ids=(leads[hub],),
                members=(Selector(kind="hub", value=hub),),
                per="term",
            )
            for hub in hubs
        ),
        "school_visits": tuple(
            SchoolVisit(school=s, high_caseload=rng.random() < HIGH_CASELOAD) for s in schools
        ),
        "requirements": (Requirement(role="Deputy DSL", supervisor_role="DSL", per="term"),),
        "requests": tuple(
            Request(person_id=p.id, by=date(2027, 1, 29))
            for p in staff
            if not p.is_trust_lead and rng.random() < REQUESTS
        ),
    }
    return Roster.model_validate(roster.model_copy(update=tiers).model_dump())
