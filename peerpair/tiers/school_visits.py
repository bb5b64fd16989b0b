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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable

from peerpair.domain.periods import Period, at_school, periods, school_key, trust_leads
from peerpair.domain.plan import Plan
from peerpair.domain.roster import Person, Roster
from peerpair.domain.tiers import SchoolVisit, Tier, TierSession, Unscheduled
from peerpair.tiers.assign import Option, choose
from peerpair.tiers.diary import Diary

_MISSING_ATTENDEE = 1000
_NOT_USUAL_LEAD = 10
_OTHER_HUB = 1


def lead_capacity(roster: Roster, plan: Plan, lead: Person, h: int) -> int:
    """School sessions `lead` may still lead in half term h: their Capacity less the peer
    sessions they deliver in it."""
    peer = len(plan.supervisees_of(roster.half_terms[h].name, lead.id))
    return max(0, lead.capacity - peer) if roster.is_present(lead, h) else 0


def plan_school_visits(
    roster: Roster, plan: Plan, diary: Diary, first: int = 0, kept: tuple[TierSession, ...] = ()
) -> tuple[list[TierSession], list[Unscheduled]]:
    """Every school's sessions from half term `first` on, booked in `diary`."""
    leads = trust_leads(roster)
    limits: dict[Hashable, int] = {
        (lead.id, h): lead_capacity(roster, plan, lead, h)
        for lead in leads
        for h in range(len(roster.half_terms))
    }
    for s in kept:
        if s.tier is Tier.SCHOOL and (s.lead_id, roster.half_term_index(s.half_term)) in limits:
            limits[s.lead_id, roster.half_term_index(s.half_term)] -= 1
    usual = _usual_leads(roster, leads, kept)
    needs: list[tuple[SchoolVisit, Period]] = []
    options: list[list[Option]] = []
    for visit in roster.school_visits:
        done = {s.half_term for s in kept if s.tier is Tier.SCHOOL and _same(s.school, visit)}
        people = at_school(roster, visit.school)
        for period in periods(roster, visit.per):
            names = {roster.half_terms[h].name for h in period.half_terms}
            if period.last < first or names & done:
                continue
            needs.append((visit, period))
            options.append(_options(diary, visit, people, period, first, leads, usual))
    choice = choose(options, limits, load=lambda day: diary.load[day])
    sessions, missed = [], []
    for (visit, period), option, possible in zip(needs, choice.chosen, options, strict=True):
        session = None
        if option is not None:
            school = at_school(roster, visit.school)[0].school
            session = diary.session(
                Tier.SCHOOL, option.h, option.day, option.lead_id, option.attendee_ids, school
            )
        if session is not None:
            sessions.append(session)
        else:
            missed.append(
                Unscheduled(
                    tier=Tier.SCHOOL,
                    half_term=roster.half_terms[period.last].name,
                    message=f"{period.name}: no trust-led session at {visit.school}: "
                    + _why(roster, visit, possible),
                )
            )
    return sessions, missed


def _same(school: str, visit: SchoolVisit) -> bool:
    return school_key(school) == school_key(visit.school)


def _usual_leads(
    roster: Roster, leads: list[Person], kept: tuple[TierSession, ...]
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
        hub = _hub(at_school(roster, visit.school))
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


def _why(roster: Roster, visit: SchoolVisit, options: list[Option]) -> str:
    if not trust_leads(roster):
        return "there is no trust lead on the Staff sheet to lead it"
    if not options:
        return (
            "no day suits both a trust lead and someone at the school (working days, "
            "closures, days not available, or days already taken)"
        )
    return (
        "every trust lead who could lead it is at their Capacity in those half terms, or "
        "already has a session on each day it could be"
    )
