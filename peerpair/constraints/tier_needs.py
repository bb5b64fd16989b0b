"""Which one-to-one needs a plan meets: the Requirements sheet's, period by period, and the
Requests sheet's, each by its By date.

A person's one-to-ones are matched to their needs, each session meeting at most one need
(a request is for supervision on top of the regular kind), so that the most needs are
met: a maximum bipartite matching, person by person. The checks of both tiers read it,
so they can never count one session twice; a re-solve reads it to know which needs its
standing sessions already meet.

Of the maximum matchings, it takes the one that reads each session as the need it was
planned for, as the planners rank them: requirements first (they are planned first),
then a request led by its own preferred supervisor, then any other. So a person with two
requests, one naming a preferred supervisor, has that row met by the session with that
supervisor, whatever the rows' order; the other row, which the planner could not give to
that supervisor, is the one left unmet, as `solve` reported it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from peerpair.domain.periods import (
    Period,
    holders_of,
    holds_role,
    may_supervise,
    periods,
    present_in_period,
)
from peerpair.domain.plan import Plan
from peerpair.domain.roster import Roster
from peerpair.domain.tiers import Request, Requirement, Tier, TierSession


@dataclass(frozen=True)
class OneToOneNeed:
    """A one-to-one someone should have: for a requirement in a period, or for a request
    (numbered from 1 in Requests sheet order)."""

    person_id: str
    requirement: Requirement | None = None
    period: Period | None = None
    request: Request | None = None
    number: int = 0


def one_to_one_needs(roster: Roster) -> list[OneToOneNeed]:
    needs = []
    for requirement in roster.requirements:
        for period in periods(roster, requirement.per):
            for person in holders_of(roster, requirement.role):
                if present_in_period(roster, person, period):
                    needs.append(OneToOneNeed(person.id, requirement, period))
    needs += [
        OneToOneNeed(r.person_id, request=r, number=n)
        for n, r in enumerate(roster.requests, start=1)
    ]
    return needs


def meets(roster: Roster, need: OneToOneNeed, session: TierSession) -> bool:
    """Whether a one-to-one of the need's person could meet the need."""
    if session.lead_id not in roster.index or session.half_term not in _positions(roster):
        return False
    h = _positions(roster)[session.half_term]
    lead, person = roster.person(session.lead_id), roster.person(need.person_id)
    if not may_supervise(roster, lead, person, h):
        return False
    if need.requirement is not None:
        return h in need.period.half_terms and holds_role(lead, need.requirement.supervisor_role)
    by = need.request.by
    return roster.is_trained_by(lead, h) and (by is None or session.date <= by)


def unmet_needs(roster: Roster, plan: Plan) -> list[OneToOneNeed]:
    """The needs no one-to-one of the plan meets, in `one_to_one_needs` order."""
    needs = one_to_one_needs(roster)
    ones = [s for s in plan.tier_sessions if s.tier is Tier.ONE_TO_ONE]
    met = set(match(roster, needs, ones).values())
    return [need for n, need in enumerate(needs) if n not in met]


def match(roster: Roster, needs: list[OneToOneNeed], sessions: list[TierSession]) -> dict[int, int]:
    """A maximum matching of one-to-ones to the needs they could meet, each session to one
    need at most, person by person: session position -> need position."""
    theirs: dict[str, list[int]] = defaultdict(list)
    for k, s in enumerate(sessions):
        for person_id in s.attendee_ids:
            theirs[person_id].append(k)
    by_person: dict[str, list[int]] = defaultdict(list)
    for n, need in enumerate(needs):
        if need.person_id in roster.index:
            by_person[need.person_id].append(n)
    owner: dict[int, int] = {}
    for person_id, mine in by_person.items():
        edges = {
            n: [k for k in theirs[person_id] if meets(roster, needs[n], sessions[k])] for n in mine
        }
        as_planned = {n: [k for k in edges[n] if _as_planned(needs[n], sessions[k])] for n in mine}
        _augment_all(mine, as_planned, edges, owner)
        _augment_all(mine, edges, edges, owner)
    return owner


def _as_planned(need: OneToOneNeed, session: TierSession) -> bool:
    """Whether the session is one the planners would first read as meeting the need: any
    for a requirement; for a request, one its own preferred supervisor leads (the only
    supervisor the request planner ranks by row; the usual one and the trust leads are
    the same for all of a person's rows)."""
    return need.requirement is not None or session.lead_id == need.request.preferred_supervisor_id


def _augment_all(
    needs: list[int],
    start: dict[int, list[int]],
    edges: dict[int, list[int]],
    owner: dict[int, int],
) -> None:
    """Extend `owner` (session -> need) by augmenting paths, in order, from each need not yet
    matched: along `start` from that need, along `edges` from the needs it displaces. Needs
    matched stay matched; with `start` = `edges` the matching is then maximum."""
    matched = set(owner.values())

    def augment(n: int, seen: set[int], along: list[int]) -> bool:
        for k in along:
            if k in seen:
                continue
            seen.add(k)
            if k not in owner or augment(owner[k], seen, edges[owner[k]]):
                owner[k] = n
                return True
        return False

    for n in needs:
        if n not in matched and augment(n, set(), start[n]):
            matched.add(n)


def _positions(roster: Roster) -> dict[str, int]:
    return {h.name: n for n, h in enumerate(roster.half_terms)}
