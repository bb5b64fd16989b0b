"""Periods and people: the words the tier sheets use, worked out against the roster.

A period is a half term, a term or the year (the sheets' Per column). Who is in a group,
who holds a role, who works at a school: one definition each, for planning and for the
checks alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from peerpair.domain.roster import Person, Roster
from peerpair.domain.roster import school_key as _school_key
from peerpair.domain.tiers import Group, Per, Request, role_key, roles_in

_TERMS = ("autumn", "spring", "summer")

# A roster spells a few thousand schools and hubs, which the tiers match person by person:
# each spelling's key is worked out once (issue 17).
school_key = lru_cache(maxsize=65536)(_school_key)


@dataclass(frozen=True)
class Period:
    """Half terms (positions in the roster) that share one requirement, such as "at least
    one group session"."""

    name: str
    half_terms: tuple[int, ...]

    @property
    def last(self) -> int:
        return self.half_terms[-1]


def periods(roster: Roster, per: Per) -> list[Period]:
    """The year's periods, in order. Terms are the half terms named Autumn, Spring and
    Summer when every half term's name starts with one of those words; otherwise
    consecutive pairs of half terms (the last alone when their number is odd)."""
    names = [h.name for h in roster.half_terms]
    if per == "half term":
        return [Period(name, (h,)) for h, name in enumerate(names)]
    if per == "year":
        return [Period("the year", tuple(range(len(names))))]
    words = [name.split()[0].casefold() if name.split() else "" for name in names]
    if all(word in _TERMS for word in words):
        found: list[Period] = []
        for h, word in enumerate(words):
            if found and words[found[-1].last] == word and found[-1].last == h - 1:
                found[-1] = Period(found[-1].name, (*found[-1].half_terms, h))
            else:
                found.append(Period(f"the {word.title()} term", (h,)))
        return found
    pairs = [tuple(range(h, min(h + 2, len(names)))) for h in range(0, len(names), 2)]
    return [Period(" and ".join(names[h] for h in pair), pair) for pair in pairs]


def present_in_period(roster: Roster, person: Person, period: Period) -> bool:
    """Present (not absent for the whole half term) in at least one of its half terms."""
    return any(roster.is_present(person, h) for h in period.half_terms)


def holds_role(person: Person, role: str) -> bool:
    return role_key(role) in roles_in(person.role)


def holders_of(roster: Roster, role: str) -> list[Person]:
    """Everyone whose Role names `role`, in Staff sheet order."""
    return [p for p in roster.people if holds_role(p, role)]


def at_school(roster: Roster, school: str) -> list[Person]:
    """Everyone on the Staff sheet at `school`, in sheet order."""
    key = school_key(school)
    return [p for p in roster.people if school_key(p.school) == key]


def members_of(roster: Roster, group: Group) -> list[Person]:
    """The people a group's Members cell names, in Staff sheet order. Its facilitators are
    members only when the cell names them too."""
    ids = {s.value for s in group.members if s.kind == "id"}
    schools = {school_key(s.value) for s in group.members if s.kind == "school"}
    roles = {role_key(s.value) for s in group.members if s.kind == "role"}
    hubs = {school_key(s.value) for s in group.members if s.kind == "hub"}
    return [
        p
        for p in roster.people
        if p.id in ids
        or school_key(p.school) in schools
        or roles & roles_in(p.role)
        or (p.hub and school_key(p.hub) in hubs)
    ]


def trust_leads(roster: Roster) -> list[Person]:
    return [p for p in roster.people if p.is_trust_lead]


def in_change_request(roster: Roster, a: str, b: str, h: int) -> bool:
    """Whether a change request keeps `a` and `b` apart in half term h (H7's reading)."""
    names = [t.name for t in roster.half_terms]
    return any(
        {c.person_id, c.partner_id} == {a, b}
        and (c.from_half_term is None or names.index(c.from_half_term) <= h)
        for c in roster.change_requests
    )


def may_supervise(roster: Roster, supervisor: Person, person: Person, h: int) -> bool:
    """The hard part of a one-to-one: two people, present, not kept apart."""
    return (
        supervisor.id != person.id
        and roster.is_present(supervisor, h)
        and not in_change_request(roster, supervisor.id, person.id, h)
    )


def due_in(roster: Roster, request: Request) -> str:
    """The half term a request is due in: the last one starting on or before its By date
    (the first when it is earlier still), or the last half term without one."""
    if request.by is None:
        return roster.half_terms[-1].name
    started = [h.name for h in roster.half_terms if h.start is not None and h.start <= request.by]
    return started[-1] if started else roster.half_terms[0].name
