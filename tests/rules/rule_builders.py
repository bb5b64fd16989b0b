"""Tiny rosters and hand-made plans for the rule tests, one readable line per person.

A plain module rather than conftest.py, so that tests can import the builders by name
without depending on which conftest.py pytest imported last.
"""

from __future__ import annotations

from datetime import date

from peerpair.constraints import check_plan
from peerpair.constraints.base import Objective, Violation
from peerpair.diagnosis.reasons import cover_reason
from peerpair.domain.plan import CoverNeeded, Plan, Session
from peerpair.domain.roster import HalfTerm, Person, Roster
from peerpair.pairing.solve import Result, Stage, solve

AUTUMN_1 = "Autumn 1"
AUTUMN_2 = "Autumn 2"

# Two half terms with dates: Mon 1 Sep - Fri 17 Oct 2025 and Mon 3 Nov - Fri 19 Dec 2025.
AUTUMN_1_DATED = HalfTerm(name=AUTUMN_1, start=date(2025, 9, 1), end=date(2025, 10, 17))
AUTUMN_2_DATED = HalfTerm(name=AUTUMN_2, start=date(2025, 11, 3), end=date(2025, 12, 19))

TRUST_LEAD_ROLE = "Trust Safeguarding Lead"


def person(person_id: str, school: str, **fields) -> Person:
    """A supervision-trained DSL who gives and receives, unless `fields` say otherwise."""
    return Person(
        id=person_id,
        name=f"Person {person_id}",
        school=school,
        **{"supervision_trained": True, **fields},
    )


def trust_lead(person_id: str, **fields) -> Person:
    """A trained trust lead in the central team, with the trust-lead defaults."""
    return person(person_id, "Central team", **{"role": TRUST_LEAD_ROLE, **fields})


def roster(*people: Person, half_terms=(AUTUMN_1,), **fields) -> Roster:
    """A roster of `people` over `half_terms` (names or HalfTerm), one half term by default."""
    terms = tuple(h if isinstance(h, HalfTerm) else HalfTerm(name=h) for h in half_terms)
    return Roster(people=people, half_terms=terms, **fields)


def solved(a_roster: Roster) -> Result:
    """The roster's pairing, with diagnosis' reasons for Cover Needed, as the plan gives."""
    return solve(a_roster, time_limit=10, cover_reason=cover_reason)


def session(supervisor_id: str, supervisee_id: str, half_term: str = AUTUMN_1) -> Session:
    return Session(half_term=half_term, supervisor_id=supervisor_id, supervisee_id=supervisee_id)


def plan(*sessions: Session, cover: tuple[tuple[str, str], ...] = ()) -> Plan:
    """A hand-made plan; `cover` lists (half term, supervisee ID) under Cover Needed."""
    return Plan(
        sessions=sessions,
        cover_needed=tuple(CoverNeeded(half_term=h, supervisee_id=i) for h, i in cover),
    )


def pairs(a_plan: Plan, half_term: str = AUTUMN_1) -> set[tuple[str, str]]:
    """(supervisor ID, supervisee ID) of every session in `half_term`."""
    return {(s.supervisor_id, s.supervisee_id) for s in a_plan.sessions_in(half_term)}


def uncovered(a_plan: Plan) -> set[tuple[str, str]]:
    """(half term, supervisee ID) of everyone under Cover Needed."""
    return {(c.half_term, c.supervisee_id) for c in a_plan.cover_needed}


def reason(a_plan: Plan, half_term: str, supervisee_id: str) -> str:
    [found] = [
        c.reason
        for c in a_plan.cover_needed
        if c.half_term == half_term and c.supervisee_id == supervisee_id
    ]
    return found


def broken(a_roster: Roster, a_plan: Plan) -> dict[str, tuple[Violation, ...]]:
    """The violations of each hard rule the plan breaks, by rule title ("H5 different
    schools"); empty when every check passes."""
    return {c.rule: c.violations for c in check_plan(a_roster, a_plan) if not c.passed}


def where(violations: tuple[Violation, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """(half term, people) of each violation, to compare with what the test broke."""
    return [(v.half_term, v.people) for v in violations]


def stage(result: Result, objective: type[Objective]) -> Stage:
    """The solve's stage for `objective`."""
    [found] = [s for s in result.stages if s.name == objective.name]
    return found


def assert_complete(result: Result) -> None:
    """No Cover Needed, every hard-rule check passes and every stage is proven."""
    assert result.plan.cover_needed == ()
    assert [c.rule for c in result.checks if not c.passed] == []
    assert result.proven_optimal
