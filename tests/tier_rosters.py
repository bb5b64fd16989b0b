"""Small dated rosters for the tier tests (SPEC 7), and a strategy that generates them.

Autumn 2026: Autumn 1 runs from Wed 2 September to Fri 23 October (its last five weekdays,
19-23 October, are kept for postponements and mop-ups); Autumn 2 from Mon 2 November to
Fri 18 December (last week 14-18 December). No bank holiday falls in either.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from peerpair.calendar.schedule import schedule
from peerpair.domain.plan import Plan
from peerpair.domain.roster import WEEKDAYS, Absence, Closure, HalfTerm, Person, Roster
from peerpair.domain.tiers import Group, Request, Requirement, SchoolVisit, Selector
from peerpair.pairing.solve import solve
from peerpair.tiers.plan_tiers import TierResult, plan_tiers

AUTUMN_1 = HalfTerm(name="Autumn 1", start=date(2026, 9, 2), end=date(2026, 10, 23))
AUTUMN_2 = HalfTerm(name="Autumn 2", start=date(2026, 11, 2), end=date(2026, 12, 18))
SPRING_1 = HalfTerm(name="Spring 1", start=date(2027, 1, 4), end=date(2027, 2, 12))
SPRING_2 = HalfTerm(name="Spring 2", start=date(2027, 2, 22), end=date(2027, 3, 26))
AUTUMN = (AUTUMN_1, AUTUMN_2)
LAST_WEEK = {
    "Autumn 1": {date(2026, 10, 19) + timedelta(n) for n in range(5)},
    "Autumn 2": {date(2026, 12, 14) + timedelta(n) for n in range(5)},
    "Spring 1": {date(2027, 2, 8) + timedelta(n) for n in range(5)},
    "Spring 2": {date(2027, 3, 22) + timedelta(n) for n in range(5)},
}


def person(person_id: str, school: str = "Oak", **fields) -> Person:
    """Someone outside the peer cycle unless told otherwise: tier tests plan tiers alone."""
    fields.setdefault("receives", False)
    fields.setdefault("gives", False)
    return Person(id=person_id, name=f"Person {person_id}", school=school, **fields)


def lead(person_id: str, **fields) -> Person:
    fields.setdefault("supervision_trained", True)
    return person(person_id, "Central team", role="Trust Safeguarding Lead", **fields)


def ids(*selectors: str) -> tuple[Selector, ...]:
    """Members written as the Members cell would be: "101", "school:Oak", "role:DSL"."""
    found = []
    for text in selectors:
        kind, _, value = text.partition(":")
        found.append(Selector(kind=kind, value=value) if value else Selector(kind="id", value=kind))
    return tuple(found)


def tiers_only(roster: Roster, previous: Plan | None = None, since: str | None = None):
    """The tier pass over a plan with no peer sessions."""
    return plan_tiers(roster, Plan(), previous=previous, from_half_term=since)


def whole_plan(roster: Roster) -> tuple[Plan, TierResult]:
    """As `peerpair solve` makes it: pairings, dates, then the tiers. Returns the dated peer
    plan and the tier result."""
    dated = schedule(roster, solve(roster, time_limit=10).plan)
    return dated, plan_tiers(roster, dated)


# --- generated rosters ------------------------------------------------------------------

_SCHOOLS = ("Oak", "Elm", "Ash")
_ROLES = ("DSL", "Deputy DSL", "DSL (part-time)")


@st.composite
def tier_rosters(draw) -> Roster:
    """A trust of up to nine people at three schools and a trust lead or two, over two
    dated half terms, with working days, absences (whole half terms or a few days),
    closures, and every tier sheet drawn or not."""
    n = draw(st.integers(3, 9))
    people = []
    for i in range(n):
        days = draw(
            st.one_of(
                st.just(frozenset(WEEKDAYS)),
                st.just(frozenset(WEEKDAYS)),
                st.sets(st.sampled_from(WEEKDAYS), min_size=1, max_size=4).map(frozenset),
            )
        )
        people.append(
            Person(
                id=f"P{i}",
                name=f"Person {i}",
                school=_SCHOOLS[(i + draw(st.integers(0, 2))) % 3],
                hub=draw(st.sampled_from(("North", "South", ""))),
                role=draw(st.sampled_from(_ROLES)),
                supervision_trained=draw(st.booleans()),
                working_days=days,
                receives=draw(st.booleans()),
            )
        )
    for k in range(draw(st.integers(0, 2))):
        people.append(
            Person(
                id=f"T{k}",
                name=f"Lead {k}",
                school="Central team",
                role="Trust Safeguarding Lead",
                hub=draw(st.sampled_from(("North", "South"))),
                supervision_trained=True,
                capacity=draw(st.integers(0, 3)),
            )
        )
    all_ids = [p.id for p in people]
    absences = []
    for _ in range(draw(st.integers(0, 2))):
        who = draw(st.sampled_from(all_ids))
        if draw(st.booleans()):
            absences.append(
                Absence(person_id=who, half_term=draw(st.sampled_from(("Autumn 1", "Autumn 2"))))
            )
        else:
            first = date(2026, 9, 2) + timedelta(draw(st.integers(0, 100)))
            absences.append(
                Absence(person_id=who, start=first, end=first + timedelta(draw(st.integers(0, 20))))
            )
    closures = []
    for _ in range(draw(st.integers(0, 2))):
        first = date(2026, 9, 2) + timedelta(draw(st.integers(0, 100)))
        closures.append(
            Closure(
                start=first,
                end=first + timedelta(draw(st.integers(0, 3))),
                school=draw(st.sampled_from(("", *_SCHOOLS))),
            )
        )
    selector = st.one_of(
        st.sampled_from(all_ids).map(lambda i: Selector(kind="id", value=i)),
        st.sampled_from(_SCHOOLS).map(lambda s: Selector(kind="school", value=s)),
        st.sampled_from(("DSL", "Deputy DSL")).map(lambda r: Selector(kind="role", value=r)),
    )
    groups = tuple(
        Group(
            name=f"Group {g}",
            facilitator_ids=tuple(
                draw(st.lists(st.sampled_from(all_ids), min_size=1, max_size=3, unique=True))
            ),
            members=tuple(draw(st.lists(selector, min_size=1, max_size=3, unique=True))),
            per=draw(st.sampled_from(("half term", "half term", "term"))),
            max_size=draw(st.integers(1, 4)),
        )
        for g in range(draw(st.integers(0, 2)))
    )
    school_visits = tuple(
        SchoolVisit(school=s, high_caseload=draw(st.booleans()))
        for s in draw(st.lists(st.sampled_from(_SCHOOLS), max_size=2, unique=True))
    )
    requirements = tuple(
        Requirement(
            role="Deputy DSL",
            supervisor_role="DSL",
            per=draw(st.sampled_from(("half term", "term"))),
        )
        for _ in range(draw(st.integers(0, 1)))
    )
    requests = []
    for _ in range(draw(st.integers(0, 2))):
        who = draw(st.sampled_from(all_ids))
        preferred = draw(st.none() | st.sampled_from([i for i in all_ids if i != who]))
        by = draw(st.none() | st.dates(date(2026, 9, 1), date(2026, 12, 31)))
        requests.append(Request(person_id=who, preferred_supervisor_id=preferred, by=by))
    return Roster(
        people=tuple(people),
        half_terms=AUTUMN,
        absences=tuple(absences),
        closures=tuple(closures),
        groups=groups,
        school_visits=school_visits,
        requirements=requirements,
        requests=tuple(requests),
    )
