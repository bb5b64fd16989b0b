"""A small dated roster and its first plan, for the year-as-it-happens tests (SPEC 8).

Six DSLs in three schools, two to a school, each trained and able to supervise one person
a half term, and a trust lead (capacity 3) as the fallback: every half term has a complete
plan and spare supervisors, so a re-plan always has a choice to make."""

from __future__ import annotations

from datetime import date
from functools import cache

from peerpair.constraints import KEPT_AS_PUBLISHED
from peerpair.domain.plan import Plan, Session, SessionStatus
from peerpair.domain.replan import Replan
from peerpair.domain.roster import HalfTerm, Person, Roster
from peerpair.year import YearPlan, plan_year

AUTUMN_1 = HalfTerm(name="Autumn 1", start=date(2026, 9, 2), end=date(2026, 10, 23))
AUTUMN_2 = HalfTerm(name="Autumn 2", start=date(2026, 11, 2), end=date(2026, 12, 18))
# Mon 21/09/2026: with five working days' notice, new sessions from Mon 28/09/2026; the
# last five weekdays of Autumn 1 (19-23/10) are kept free for postponed sessions.
TODAY = date(2026, 9, 21)
EARLIEST = date(2026, 9, 28)
KEPT_WEEK = [date(2026, 10, d) for d in range(19, 24)]

SCHOOLS = {"A": "Oak Primary", "B": "Elm Academy", "C": "Ash High"}


def person(person_id: str, **fields) -> Person:
    school = SCHOOLS.get(person_id[0], "Central team")
    return Person(
        id=person_id,
        name=fields.pop("name", f"Person {person_id}"),
        school=school,
        supervision_trained=True,
        **fields,
    )


PEOPLE = (
    *(person(i) for i in ("A1", "A2", "B1", "B2", "C1", "C2")),
    person("T1", role="Trust Safeguarding Lead"),
)


def roster(**update) -> Roster:
    base = Roster(people=PEOPLE, half_terms=(AUTUMN_1, AUTUMN_2))
    return base.model_copy(update=update) if update else base


@cache
def first_year() -> YearPlan:
    """The published plan: planned before the year began."""
    return plan_year(roster(), time_limit=10)


def published() -> Plan:
    return first_year().plan


def recorded(plan: Plan, *edits: tuple[Session, dict]) -> Plan:
    """`plan` with some sessions edited as a lead records them (status, new date)."""
    changed = dict(edits)
    return Plan(
        sessions=tuple(
            s.model_copy(update=changed[s]) if s in changed else s for s in plan.sessions
        ),
        cover_needed=plan.cover_needed,
        tier_sessions=plan.tier_sessions,
    )


def replan(
    r: Roster, previous: Plan, today: date = TODAY, from_half_term: str | None = None
) -> YearPlan:
    return plan_year(r, Replan(r, previous, from_half_term, {}, today), time_limit=10)


def sessions_in(plan: Plan, half_term: str = "Autumn 1") -> list[Session]:
    return plan.sessions_in(half_term)


def past(plan: Plan, today: date = TODAY) -> list[Session]:
    return [s for s in plan.sessions if s.date is not None and s.date < today]


def future(plan: Plan, half_term: str = "Autumn 1", today: date = TODAY) -> list[Session]:
    return [s for s in plan.sessions_in(half_term) if s.date is not None and s.date >= today]


def broken(year: YearPlan) -> list[str]:
    """Every break the finished plan's checks report, the past's counts aside."""
    return [v.message for c in year.checks if c.rule != KEPT_AS_PUBLISHED for v in c.violations]


HELD, MISSED = SessionStatus.HELD, SessionStatus.MISSED
POSTPONED, CANCELLED = SessionStatus.POSTPONED, SessionStatus.CANCELLED
