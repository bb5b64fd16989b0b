"""Supervision someone asked for (Requests sheet; policy 000's targeted offer, policy 001
Appendix 2: "Anyone within the supervision cycle can receive additional supervision
sessions as required").

Each request gets one one-to-one, on or before its By date, with a trained supervisor (001:
"Only colleagues who have undertaken the ATLP Supervision Skills Training can deliver
supervision"): the preferred supervisor where possible (000: "Choose a preferred
supervisor from the trained pool"), then the person's usual supervisor (their peer or
one-to-one supervisor in that half term), then a trust lead (001: "delivered ... by the
Trust Safeguarding Lead or Hub Strategic Lead"); and as early as it can be (001: "as soon
as possible"). A change request keeps its two people apart here as everywhere.

The plan is shared with everyone in it, so it shows the session as a one-to-one and never
says that it was asked for, nor why. Only the terminal, for the lead's eyes, says which
requests could not be met.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from peerpair.constraints.tier_needs import match, one_to_one_needs
from peerpair.domain.dates import show_day
from peerpair.domain.periods import due_in, trust_leads
from peerpair.domain.plan import Plan
from peerpair.domain.roster import Person, Roster
from peerpair.domain.tiers import Request, Tier, TierSession, Unscheduled
from peerpair.tiers.assign import Option, choose
from peerpair.tiers.diary import Diary

_PREFERRED, _USUAL, _TRUST_LEAD = 0, 1, 2
_RANK = 10_000  # more than the school days of a year: a better supervisor beats an earlier day
FULL_OFFER = 2_000  # requests x trust leads up to which every day is offered at once
_FIRST_DAYS = 5  # each supervisor's days offered first above FULL_OFFER


def usual_supervisors(
    roster: Roster, plan: Plan, person_id: str, h: int, led: dict | None = None
) -> list[str]:
    """The person's peer supervisor and one-to-one supervisors in half term h. `led` is
    `one_to_one_leads(plan)`, when it is at hand."""
    name = roster.half_terms[h].name
    found = list(plan.supervisors_of(name, person_id))
    found += (one_to_one_leads(plan) if led is None else led).get((name, person_id), [])
    return list(dict.fromkeys(found))


def one_to_one_leads(plan: Plan) -> dict[tuple[str, str], list[str]]:
    """(half term, person ID) -> who leads their one-to-ones in it, in the plan's order."""
    led: dict[tuple[str, str], list[str]] = defaultdict(list)
    for s in plan.tier_sessions:
        if s.tier is Tier.ONE_TO_ONE:
            for i in s.attendee_ids:
                led[s.half_term, i].append(s.lead_id)
    return led


def without_requests(roster: Roster, plan: Plan) -> Plan:
    """The plan without the one-to-ones that meet requests, such as a re-solve's standing
    ones: a request's supervisor is not the person's usual supervisor for their other
    requests. Without it, a re-solve would offer a request a supervisor the first solve
    could not (the one another of the person's requests has), and plan it anew."""
    # `match` goes person by person: only those with a request can have a session meet one.
    asking = {r.person_id for r in roster.requests}
    at = [
        k
        for k, s in enumerate(plan.tier_sessions)
        if s.tier is Tier.ONE_TO_ONE and asking.intersection(s.attendee_ids)
    ]
    needs = [need for need in one_to_one_needs(roster) if need.person_id in asking]
    owner = match(roster, needs, [plan.tier_sessions[k] for k in at])
    asked = {at[k] for k, n in owner.items() if needs[n].request is not None}
    if not asked:
        return plan
    kept = tuple(s for k, s in enumerate(plan.tier_sessions) if k not in asked)
    return plan.model_copy(update={"tier_sessions": kept})


def candidates(
    diary: Diary,
    plan: Plan,
    request: Request,
    h: int,
    led: dict | None = None,
    leads: list[Person] | None = None,
) -> list[tuple[int, Person]]:
    """Who may take the request in half term h, each with their rank (lower is preferred).
    `led` as for `usual_supervisors`; `leads`, the trust leads, when they are at hand."""
    roster = diary.roster
    person = roster.person(request.person_id)
    ranked: dict[str, int] = {}
    if request.preferred_supervisor_id is not None:
        ranked[request.preferred_supervisor_id] = _PREFERRED
    for supervisor_id in usual_supervisors(roster, plan, person.id, h, led):
        ranked.setdefault(supervisor_id, _USUAL)
    for lead in trust_leads(roster) if leads is None else leads:
        ranked.setdefault(lead.id, _TRUST_LEAD)
    return [
        (rank, roster.person(i))
        for i, rank in ranked.items()
        if i in roster.index
        and roster.is_trained_by(roster.person(i), h)
        and diary.may_supervise(roster.person(i), person, h)
    ]


def plan_requests(
    roster: Roster, plan: Plan, diary: Diary, first: int = 0, met: set[tuple] = frozenset()
) -> tuple[list[TierSession], list[Unscheduled]]:
    """A one-to-one for each request due from half term `first` on, booked in `diary`.
    `plan` holds the peer sessions and the tier sessions planned so far; `met` names, as
    ("request", its number), the requests a re-solve's standing sessions already meet."""
    plan = without_requests(roster, plan)
    start = roster.half_terms[first].start if first < len(roster.half_terms) else None
    todo = [
        (n, r)
        for n, r in enumerate(roster.requests, start=1)
        if ("request", n) not in met
        and (first == 0 or r.by is None or start is None or r.by >= start)
    ]
    days = [(h, d) for h in range(first, len(roster.half_terms)) for d in diary.regular_days(h)]
    led = one_to_one_leads(plan)
    leads = trust_leads(roster)
    who = {
        n: {
            h: candidates(diary, plan, request, h, led, leads)
            for h in range(first, len(roster.half_terms))
        }
        for n, request in todo
    }
    # A trust of thousands: each request is first offered its supervisors' earliest days
    # only, and those it leaves are offered every day.
    rounds = (_FIRST_DAYS, None) if len(todo) * len(leads) > FULL_OFFER else (None,)
    sessions: list[TierSession] = []
    left: list[tuple[int, Request, list[Option]]] = [(n, r, []) for n, r in todo]
    for each in rounds:
        options = [_offer(diary, request, who[n], days, each) for n, request, _ in left]
        choice = choose(options, search=each is None)
        still = []
        for (n, request, _), option, possible in zip(left, choice.chosen, options, strict=True):
            session = None
            if option is not None:
                person = roster.person(request.person_id)
                session = diary.one_to_one(option.h, option.day, option.lead_id, person)
            if session is None:
                still.append((n, request, possible))
            else:
                sessions.append(session)
        left = still
    missed = [
        Unscheduled(
            tier=Tier.ONE_TO_ONE,
            half_term=due_in(roster, request),
            message=f"Request {n} on the Requests sheet: "
            + _why(diary, plan, request, possible, first),
        )
        for n, request, possible in left
    ]
    return sessions, missed


def _offer(
    diary: Diary,
    request: Request,
    who: dict[int, list[tuple[int, Person]]],
    days: list[tuple[int, date]],
    each: int | None,
) -> list[Option]:
    """The request's options: each day up to its By date with each supervisor who may take
    it (`who`, by half term) and is free, the better supervisor first, then the earlier
    day. With `each`, only each supervisor's first `each` such days."""
    person = diary.roster.person(request.person_id)
    taken: dict[str, int] = defaultdict(int)
    found = []
    for position, (h, day) in enumerate(days):
        if request.by is not None and day > request.by:
            break
        if not diary.can_use(person, h, day):
            continue
        for rank, supervisor in who[h]:
            if each is not None and taken[supervisor.id] >= each:
                continue
            if diary.can_use(supervisor, h, day):
                found.append(Option(h, day, supervisor.id, (person.id,), rank * _RANK + position))
                taken[supervisor.id] += 1
    return found


def _why(diary: Diary, plan: Plan, request: Request, options: list[Option], first: int) -> str:
    roster = diary.roster
    person = roster.person(request.person_id)
    by = f"by {show_day(request.by)}" if request.by else "this year"
    year_starts = roster.half_terms[0].start
    if request.by is not None and year_starts is not None and request.by < year_starts:
        # No day can ever suit: say so, rather than send the lead to working days and closures.
        return (
            f"its By date, {show_day(request.by)}, is before {roster.half_terms[0].name} "
            f"starts ({show_day(year_starts)})"
        )
    if options:
        return f"every day {by} that suits {person.label()} and a supervisor is already taken"
    if not any(candidates(diary, plan, request, h) for h in range(first, len(roster.half_terms))):
        return (
            f"no trained supervisor can supervise {person.label()}: the preferred supervisor, "
            "their usual supervisor and the trust leads are not trained, not available, or "
            "kept apart from them"
        )
    return (
        f"no day {by} suits both {person.label()} and a trained supervisor (working days, "
        "closures, days not available, or the last five weekdays of a half term)"
    )
