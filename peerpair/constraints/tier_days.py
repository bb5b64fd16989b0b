"""T6 tier session days (SPEC 7, with SPEC 6's day rules): every tier session is on a day
its half term offers, which everyone in it works and is available on, and nobody has two
sessions of any tier on one day.

A day the half term offers is a weekday inside it that is not an England bank holiday nor
a closure (for the trust, or the school of anyone in the session). Its last five weekdays
are kept for postponed sessions (policy 001: "a new date (within 5 working days)"), so only
mop-ups are held on them (T2 says mop-ups must be), and make-ups of missed one-to-ones
(SPEC 8).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from peerpair.constraints.base import Violation
from peerpair.constraints.tier_rule import TierRule, name
from peerpair.domain.bookings import Bookings, Slot
from peerpair.domain.dates import SchoolDays, show_day
from peerpair.domain.tiers import Tier


class TierDays(TierRule):
    code = "T6"
    name = "tier session days"

    def applies(self, roster, plan):
        return roster.has_tiers or bool(plan.tier_sessions)

    def check(self, roster, plan, missed=()):
        """With `missed`, the Missed sessions (SPEC 8): a later one-to-one of the same
        person in the same half term is a make-up, which may have the last five weekdays."""
        calendar = SchoolDays(roster)
        make_ups: dict[tuple, date] = {}  # (half term, attendees) -> the first Missed one
        for m in (m for m in missed if m.tier is Tier.ONE_TO_ONE):
            key = (m.half_term, m.attendee_ids)
            make_ups[key] = min(m.date, make_ups.get(key, m.date))
        half_terms = {h.name: (n, h) for n, h in enumerate(roster.half_terms)}
        found = []
        for s in plan.tier_sessions:
            if s.half_term not in half_terms:
                found.append(self._about(roster, s, f"{s.half_term} is not a half term"))
                continue
            h, half_term = half_terms[s.half_term]
            problem = None
            dated = half_term.start is not None and half_term.end is not None
            kept_free = s.tier is Tier.MOP_UP or (
                s.tier is Tier.ONE_TO_ONE
                and s.date > make_ups.get((s.half_term, s.attendee_ids), s.date)
            )
            if not kept_free:
                problem = calendar.day_problem(s.date, half_term)
            elif dated and not half_term.start <= s.date <= half_term.end:
                problem = f"{show_day(s.date)} is outside {half_term.name}"
            problem = problem or calendar.day_problem(s.date, None)
            for person_id in s.people:
                if problem is None and person_id in roster.index:
                    person = roster.person(person_id)
                    if not roster.is_present(person, h):
                        problem = f"{person.label()} is not available in {half_term.name}"
                    else:
                        problem = calendar.person_problem(s.date, person)
            if problem is not None:
                found.append(self._about(roster, s, problem))
        found += self._two_in_a_day(roster, plan)
        return found

    def _two_in_a_day(self, roster, plan):
        """Two sessions on a day, one of them of a tier (two peer sessions are D1's)."""
        peer = Bookings(roster)
        for s in plan.sessions:
            if s.date is not None:
                peer.book((s.supervisor_id, s.supervisee_id), s.date, Slot.of(s.start, s.end))
        every = peer.copy()
        for t in plan.tier_sessions:
            every.book(t.people, t.date, Slot.of(t.start, t.end))
        doubled = every.double_booked()
        if not doubled:
            return []
        on_day = defaultdict(list)  # each person's sessions by day: peer sessions first
        for s in plan.sessions:
            for person_id in (s.supervisor_id, s.supervisee_id):
                on_day[person_id, s.date].append(s.half_term)
        for t in plan.tier_sessions:
            for person_id in t.people:
                on_day[person_id, t.date].append(t.half_term)
        return [
            Violation(
                self.title,
                # The half term of the person's first session that day.
                on_day[person_id, day][0],
                (person_id,),
                f"{name(roster, person_id)} has {n} sessions on {show_day(day)}",
            )
            for person_id, day, n in doubled
            if n > peer.sessions_on(person_id, day)
        ]

    def _about(self, roster, s, problem: str) -> Violation:
        label = "mop-up" if s.tier is Tier.MOP_UP else f"{s.tier} session"
        return Violation(
            self.title,
            s.half_term,
            s.people,
            f"the {label} led by {name(roster, s.lead_id)} on {show_day(s.date)}: {problem}",
        )
