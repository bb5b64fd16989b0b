"""Trust-led school sessions (Schools sheet; policy 003, section 8: "Each school will receive
a minimum of one session of supervision per term led by Trust Supervision Lead ... Schools
with a high case load ... receive a session every half term").

Each school has one session a term (a half term when High Caseload is Yes), led by a trust
lead who works that day, within their Capacity: the peer sessions they deliver in a half
term and the school sessions they lead together number at most their Capacity. The
attendees are the school's people on the Staff sheet who can be there that day.

Preferences, in order (lower cost first): the most of the school's people able to attend;
the school's usual trust lead all year (continuity, policy 000); a trust lead of the
school's hub (001: their "associated Trust Safeguarding Lead"). The usual lead is the one
who led the school's last kept session on a re-solve, or else a lead of its hub, the
least used first.

Every trust lead is offered for every school and day while there are at most
`FULL_OFFER` school sessions times trust leads: then `choose` sees every option. Above
that (thousands of schools), offering them all is too much to hold (50 million options at
5,000 people), so each school is offered its usual lead, its hub's leads and the
`_OTHERS` least-loaded others, and its sessions are placed one by one, the cheapest that
still fits on the least busy day. A session none of those leads can take is tried again
with every trust lead, so a school goes without a session only when no trust lead can
lead it then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable

from peerpair.domain.periods import Period, periods, school_key, trust_leads
from peerpair.domain.plan import Plan
from peerpair.domain.roster import Person, Roster
from peerpair.domain.tiers import SchoolVisit, Tier, TierSession, Unscheduled
from peerpair.tiers.assign import Option, choose
from peerpair.tiers.diary import Diary

_MISSING_ATTENDEE = 1000
_NOT_USUAL_LEAD = 10
_OTHER_HUB = 1
FULL_OFFER = 5_000  # school sessions x trust leads up to which every lead is offered
_OTHERS = 3  # trust leads from elsewhere offered to a school above FULL_OFFER


def lead_capacity(roster: Roster, plan: Plan, lead: Person, h: int) -> int:
    """School sessions `lead` may still lead in half term h: their Capacity less the peer
    sessions they deliver in it."""
    peer = len(plan.supervisees_of(roster.half_terms[h].name, lead.id))
    return max(0, lead.capacity - peer) if roster.is_present(lead, h) else 0


def plan_school_visits(
    roster: Roster,
    plan: Plan,
    diary: Diary,
    first: int = 0,
    kept: tuple[TierSession, ...] = (),
    full_offer: int | None = None,
) -> tuple[list[TierSession], list[Unscheduled]]:
    """Every school's sessions from half term `first` on, booked in `diary`. Above
    `full_offer` (default `FULL_OFFER`) school sessions times trust leads, each school is
    offered a few leads first (see the module's docstring)."""
    leads = trust_leads(roster)
    staff = _staff(roster)
    limits: dict[Hashable, int] = {
        (lead.id, h): lead_capacity(roster, plan, lead, h)
        for lead in leads
        for h in range(len(roster.half_terms))
    }
    for s in kept:
        if s.tier is Tier.SCHOOL and (s.lead_id, roster.half_term_index(s.half_term)) in limits:
            limits[s.lead_id, roster.half_term_index(s.half_term)] -= 1
    usual = _usual_leads(roster, leads, kept, staff)
    done: dict[str, set[str]] = defaultdict(set)
    for s in kept:
        if s.tier is Tier.SCHOOL:
            done[school_key(s.school)].add(s.half_term)
    needs: list[tuple[SchoolVisit, Period]] = []
    for visit in roster.school_visits:
        for period in periods(roster, visit.per):
            names = {roster.half_terms[h].name for h in period.half_terms}
            if period.last < first or names & done[school_key(visit.school)]:
                continue
            needs.append((visit, period))
    limit = FULL_OFFER if full_offer is None else full_offer
    if len(roster.school_visits) * len(leads) > limit:
        return _one_by_one(roster, diary, first, needs, leads, limits, usual, staff)
    options = [
        _options(diary, visit, staff[school_key(visit.school)], period, first, leads, usual)
        for visit, period in needs
    ]
    choice = choose(options, limits, load=lambda day: diary.load[day])
    sessions, missed = [], []
    for (visit, period), option, possible in zip(needs, choice.chosen, options, strict=True):
        session = None
        if option is not None:
            session = _book(diary, option, staff[school_key(visit.school)][0].school)
        if session is not None:
            sessions.append(session)
        else:
            missed.append(_unscheduled(roster, visit, period, bool(possible)))
    return sessions, missed


def _book(diary: Diary, option: Option, school: str) -> TierSession | None:
    return diary.session(
        Tier.SCHOOL, option.h, option.day, option.lead_id, option.attendee_ids, school
    )


def _unscheduled(roster: Roster, visit: SchoolVisit, period: Period, possible: bool) -> Unscheduled:
    return Unscheduled(
        tier=Tier.SCHOOL,
        half_term=roster.half_terms[period.last].name,
        message=f"{period.name}: no trust-led session at {visit.school}: " + _why(roster, possible),
    )


def _staff(roster: Roster) -> dict[str, list[Person]]:
    """Everyone on the Staff sheet by school key, in sheet order (`at_school` for each)."""
    staff: dict[str, list[Person]] = defaultdict(list)
    for p in roster.people:
        staff[school_key(p.school)].append(p)
    return staff


def _one_by_one(
    roster: Roster,
    diary: Diary,
    first: int,
    needs: list[tuple[SchoolVisit, Period]],
    leads: list[Person],
    limits: dict[Hashable, int],
    usual: dict[str, str],
    staff: dict[str, list[Person]],
) -> tuple[list[TierSession], list[Unscheduled]]:
    """Each need in turn, booked as soon as it is placed: first among the school's few
    leads (`_few_leads`), then, when none of them can, among every trust lead."""
    few = _few_leads(roster, leads, limits, usual, staff)
    used: dict[Hashable, int] = defaultdict(int)
    sessions, missed = [], []
    for visit, period in needs:
        key = school_key(visit.school)
        people = staff[key]
        option, _ = _cheapest(diary, visit, people, period, first, few[key], usual, limits, used)
        possible = option is not None
        if option is None:
            option, possible = _cheapest(
                diary, visit, people, period, first, leads, usual, limits, used
            )
        session = _book(diary, option, people[0].school) if option is not None else None
        if session is not None:
            used[session.lead_id, option.h] += 1
            sessions.append(session)
        else:
            missed.append(_unscheduled(roster, visit, period, possible))
    return sessions, missed


def _few_leads(
    roster: Roster,
    leads: list[Person],
    limits: dict[Hashable, int],
    usual: dict[str, str],
    staff: dict[str, list[Person]],
) -> dict[str, list[Person]]:
    """The trust leads first offered to each school (by key): its usual lead, its hub's
    leads, and the `_OTHERS` others with the least asked of their Capacity so far."""
    spare = defaultdict(int)
    for (lead_id, _), n in limits.items():
        spare[lead_id] += n
    asked: dict[str, int] = defaultdict(int)
    for lead_id in usual.values():
        asked[lead_id] += 1
    few: dict[str, list[Person]] = {}
    for visit in roster.school_visits:
        key = school_key(visit.school)
        if key in few:
            continue
        hub = _hub(staff[key])
        own = [
            lead
            for lead in leads
            if lead.id == usual.get(key) or (hub and school_key(lead.hub) == hub)
        ]
        own_ids = {lead.id for lead in own}
        others = sorted(
            (lead for lead in leads if lead.id not in own_ids),
            key=lambda lead: (asked[lead.id] / max(spare[lead.id], 1), roster.index[lead.id]),
        )[:_OTHERS]
        for lead in others:
            asked[lead.id] += 1
        few[key] = own + others
    return few


def _cheapest(
    diary: Diary,
    visit: SchoolVisit,
    people: list[Person],
    period: Period,
    first: int,
    leads: list[Person],
    usual: dict[str, str],
    limits: dict[Hashable, int],
    used: dict[Hashable, int],
) -> tuple[Option | None, bool]:
    """The cheapest of the need's options with `leads` that still fits, on the least busy
    day (as `choose`'s greedy ranks them), and whether it had any option at all, full or
    not."""
    hub = _hub(people)
    usual_lead = usual.get(school_key(visit.school))
    ranked = sorted(
        (
            _NOT_USUAL_LEAD * (lead.id != usual_lead)
            + _OTHER_HUB * bool(hub and school_key(lead.hub) != hub),
            n,
            lead,
        )
        for n, lead in enumerate(leads)
    )
    days = sorted(
        (
            (diary.load[day], day, h)
            for h in period.half_terms
            if h >= first
            for day in diary.regular_days(h)
        ),
    )
    best, best_key, possible = None, None, False
    for load, day, h in days:
        there = [p.id for p in people if diary.can_use(p, h, day)]
        if not there:
            continue
        for cost, _, lead in ranked:
            attendees = tuple(i for i in there if i != lead.id)
            if not attendees or not diary.can_use(lead, h, day):
                continue
            possible = True
            if used[lead.id, h] >= limits.get((lead.id, h), 0):
                continue
            expected = sum(p.id != lead.id for p in people)
            key = (_MISSING_ATTENDEE * (expected - len(attendees)) + cost, load, day)
            if best_key is None or key < best_key:
                best_key = key
                best = Option(h, day, lead.id, attendees, key[0], ((lead.id, h),))
            break
        if best_key is not None and best_key[0] == ranked[0][0]:
            break  # the least cost there is, on the least busy day
    return best, possible


def _usual_leads(
    roster: Roster,
    leads: list[Person],
    kept: tuple[TierSession, ...],
    staff: dict[str, list[Person]],
) -> dict[str, str]:
    """Each school's usual trust lead, by school key."""
    usual: dict[str, str] = {}
    for s in sorted(kept, key=lambda s: (roster.half_term_index(s.half_term), s.date)):
        if s.tier is Tier.SCHOOL:
            usual[school_key(s.school)] = s.lead_id
    load: dict[str, int] = defaultdict(int)
    for lead_id in usual.values():
        load[lead_id] += 1
    for visit in roster.school_visits:
        key = school_key(visit.school)
        if key in usual or not leads:
            continue
        hub = _hub(staff[key])
        best = min(
            leads,
            key=lambda lead: (
                not (hub and school_key(lead.hub) == hub),
                load[lead.id],
                roster.index[lead.id],
            ),
        )
        usual[key] = best.id
        load[best.id] += 1
    return usual


def _hub(people: list[Person]) -> str:
    """A school's hub: the one most of its people have."""
    hubs = [school_key(p.hub) for p in people if p.hub]
    return max(sorted(set(hubs)), key=hubs.count) if hubs else ""


def _options(
    diary: Diary,
    visit: SchoolVisit,
    people: list[Person],
    period: Period,
    first: int,
    leads: list[Person],
    usual: dict[str, str],
) -> list[Option]:
    """Each half term, day and trust lead that could hold the school's session, with the
    school's people who could be there."""
    hub = _hub(people)
    usual_lead = usual.get(school_key(visit.school))
    other_hub = {lead.id: bool(hub and school_key(lead.hub) != hub) for lead in leads}
    found = []
    for h in period.half_terms:
        if h < first:
            continue
        for day in diary.regular_days(h):
            there = [p.id for p in people if diary.can_use(p, h, day)]
            if not there:
                continue
            for lead in leads:
                attendees = tuple(i for i in there if i != lead.id)
                if not attendees or not diary.can_use(lead, h, day):
                    continue
                expected = sum(p.id != lead.id for p in people)
                cost = (
                    _MISSING_ATTENDEE * (expected - len(attendees))
                    + _NOT_USUAL_LEAD * (lead.id != usual_lead)
                    + _OTHER_HUB * other_hub[lead.id]
                )
                found.append(Option(h, day, lead.id, attendees, cost, ((lead.id, h),)))
    return found


def _why(roster: Roster, possible: bool) -> str:
    if not trust_leads(roster):
        return "there is no trust lead on the Staff sheet to lead it"
    if not possible:
        return (
            "no day suits both a trust lead and someone at the school (working days, "
            "closures, days not available, or days already taken)"
        )
    return (
        "every trust lead who could lead it is at their Capacity in those half terms, or "
        "already has a session on each day it could be"
    )
