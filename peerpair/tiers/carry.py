"""On a re-solve: which of the published plan's tier sessions stand.

Sessions of the half terms before `--from` have happened and stay as they are. Those from
`--from` on keep their date, time and lead when they still keep every rule on today's
roster (SPEC 6 keeps the dates of peer sessions that did not change, and a calendar
invitation is the same event while its date is): the day is still one the half term
offers, everyone in it can still be there, the lead may still lead it, and it is still
needed. Attendees who no longer may or can be there are left out; a session with nobody
left goes. What is carried is booked in the diary before anything new is planned.
"""

from __future__ import annotations

from collections import defaultdict

from peerpair.constraints.tier_needs import OneToOneNeed, match, one_to_one_needs
from peerpair.domain.periods import Period, at_school, members_of, periods, school_key
from peerpair.domain.plan import Plan
from peerpair.domain.roster import Roster
from peerpair.domain.tiers import Per, Tier, TierSession
from peerpair.tiers.diary import Diary
from peerpair.tiers.school_visits import lead_capacity


def need_key(need: OneToOneNeed) -> tuple:
    """How the one-to-one planners know a need: (person, requirement, period's half terms)
    for a requirement, the request's number for a request."""
    if need.requirement is not None:
        return (need.person_id, need.requirement, need.period.half_terms)
    return ("request", need.number)


def is_make_up(session: TierSession, missed: tuple[TierSession, ...]) -> bool:
    """Whether `session`, blank, is a make-up for one of the `missed` one-to-ones: a later
    one-to-one of the same supervisee in the same half term."""
    return (
        session.tier is Tier.ONE_TO_ONE
        and session.status is None
        and any(
            m.tier is Tier.ONE_TO_ONE
            and m.half_term == session.half_term
            and m.attendee_ids == session.attendee_ids
            and m.date < session.date
            for m in missed
        )
    )


class Carried:
    """The sessions that stand, and the one-to-one needs they meet."""

    def __init__(
        self, roster: Roster, plan: Plan, diary: Diary, missed: tuple[TierSession, ...] = ()
    ) -> None:
        """`missed`: the published plan's Missed sessions, whose make-ups may stay in the
        kept-free last five weekdays (SPEC 8)."""
        self.roster, self.plan, self.diary = roster, plan, diary
        self.missed = missed
        self.sessions: list[TierSession] = []
        self.met: set[tuple] = set()
        self._needs = one_to_one_needs(roster)
        self._groups = {g.name: g for g in roster.groups}
        self._visits = {school_key(v.school): v for v in roster.school_visits}
        self._covered: dict[tuple, set[str]] = defaultdict(set)  # group, period -> people
        self._mop_ups: set[tuple] = set()  # group, period
        self._visited: set[tuple] = set()  # school, period
        self._led: dict[tuple[str, int], int] = defaultdict(int)  # school sessions of a lead

    def keep(self, sessions: tuple[TierSession, ...]) -> None:
        """Sessions that have happened: they stand whatever today's roster says."""
        for s in sessions:
            self._count(s, s.attendee_ids)
            self.sessions.append(s)
        self._match([])

    def carry(self, sessions: list[TierSession]) -> None:
        """Sessions still to come: each stands, with the attendees who still may be there,
        if it keeps every rule; it is booked in the diary."""
        names = {h.name: n for n, h in enumerate(self.roster.half_terms)}
        one_to_ones = []
        for s in sorted(sessions, key=TierSession.sort_key):
            h = names.get(s.half_term)
            if h is None or not self._on_a_good_day(s, h):
                continue
            attendees = self._attendees(s, h)
            if attendees is None or (not attendees and s.tier is not Tier.MOP_UP):
                continue
            kept = s.model_copy(update={"attendee_ids": attendees})
            if s.tier is Tier.ONE_TO_ONE:
                one_to_ones.append(kept)  # it stands if it meets a need no other one does
                continue
            self._count(kept, attendees)
            self.diary.book(kept)
            self.sessions.append(kept)
        for kept in self._match(one_to_ones):
            self.diary.book(kept)
            self.sessions.append(kept)

    def _on_a_good_day(self, s: TierSession, h: int) -> bool:
        return (
            self.diary.keeps(h, s.date, s.tier is Tier.MOP_UP, is_make_up(s, self.missed))
            and s.lead_id in self.roster.index
            and self.diary.can_use(self.roster.person(s.lead_id), h, s.date)
        )

    def _attendees(self, s: TierSession, h: int) -> tuple[str, ...] | None:
        """Who of its attendees may and can still be there; None when the session itself
        is no longer allowed or needed."""
        roster = self.roster
        lead = roster.person(s.lead_id)
        able = [
            i
            for i in s.attendee_ids
            if i in roster.index
            and i != s.lead_id
            and self.diary.can_use(roster.person(i), h, s.date)
        ]
        if s.tier in (Tier.GROUP, Tier.MOP_UP):
            group = self._groups.get(s.group)
            if group is None or s.lead_id not in group.facilitator_ids:
                return None
            period = self._period(group.per, h)
            if s.tier is Tier.MOP_UP and (period.last != h or (s.group, period) in self._mop_ups):
                return None
            members = {p.id for p in members_of(roster, group)}
            covered = self._covered[s.group, period]
            return tuple(i for i in able if i in members and i not in covered)[: group.max_size]
        if s.tier is Tier.SCHOOL:
            visit = self._visits.get(school_key(s.school))
            if visit is None or not lead.is_trust_lead:
                return None
            period = self._period(visit.per, h)
            room = lead_capacity(roster, self.plan, lead, h) - self._led[lead.id, h]
            if (school_key(s.school), period) in self._visited or room < 1:
                return None
            staff = {p.id for p in at_school(roster, s.school)}
            return tuple(i for i in able if i in staff)
        return tuple(able)

    def _match(self, candidates: list[TierSession]) -> list[TierSession]:
        """Match the standing one-to-ones and `candidates` to the needs they meet, the most
        needs possible; mark those needs met. Returns the candidates that meet one."""
        standing = [s for s in self.sessions if s.tier is Tier.ONE_TO_ONE]
        owner = match(self.roster, self._needs, [*standing, *candidates])
        self.met = {need_key(self._needs[n]) for n in owner.values()}
        return [c for k, c in enumerate(candidates, start=len(standing)) if k in owner]

    def _count(self, s: TierSession, attendees: tuple[str, ...]) -> None:
        names = {h.name: n for n, h in enumerate(self.roster.half_terms)}
        h = names.get(s.half_term)
        if h is None:
            return
        if s.tier in (Tier.GROUP, Tier.MOP_UP) and s.group in self._groups:
            period = self._period(self._groups[s.group].per, h)
            self._covered[s.group, period].update(attendees)
            if s.tier is Tier.MOP_UP:
                self._mop_ups.add((s.group, period))
        elif s.tier is Tier.SCHOOL:
            self._led[s.lead_id, h] += 1
            visit = self._visits.get(school_key(s.school))
            if visit is not None:
                self._visited.add((school_key(s.school), self._period(visit.per, h)))

    def _period(self, per: Per, h: int) -> Period:
        return next(p for p in periods(self.roster, per) if h in p.half_terms)
