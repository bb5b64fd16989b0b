"""T3 school sessions (SPEC 7; policy 003, section 8: "Each school will receive a minimum
of one session of supervision per term led by Trust Supervision Lead ... Schools with a
high case load ... receive a session every half term").

Each school on the Schools sheet has a school session in each term, or each half term when
its High Caseload is Yes. A school session is led by a trust lead, attended by people of
that school, and a trust lead's peer sessions and school sessions in a half term number at
most their Capacity.
"""

from __future__ import annotations

from collections import defaultdict

from peerpair.constraints.base import Violation
from peerpair.constraints.tier_rule import TierRule, name
from peerpair.domain.dates import show_day
from peerpair.domain.periods import periods, school_key
from peerpair.domain.tiers import Tier
from peerpair.words import count


class SchoolSessions(TierRule):
    code = "T3"
    name = "school sessions"

    def applies(self, roster, plan):
        return bool(roster.school_visits) or any(s.tier is Tier.SCHOOL for s in plan.tier_sessions)

    def check(self, roster, plan):
        found = []
        visits = [s for s in plan.tier_sessions if s.tier is Tier.SCHOOL]
        # Each school's half terms with a session, found in one pass (not a pass a school).
        held: dict[str, set[str]] = defaultdict(set)
        for s in visits:
            held[school_key(s.school)].add(s.half_term)
        for school in roster.school_visits:
            theirs = held[school_key(school.school)]
            for period in periods(roster, school.per):
                if not theirs & {roster.half_terms[h].name for h in period.half_terms}:
                    found.append(
                        self.violation(
                            roster,
                            period,
                            (),
                            f"{school.school} has no trust-led session in {period.name}",
                        )
                    )
        led: dict[tuple[str, str], int] = defaultdict(int)
        for s in visits:
            led[s.lead_id, s.half_term] += 1
            lead = roster.person(s.lead_id) if s.lead_id in roster.index else None
            if lead is not None and not lead.is_trust_lead:
                found.append(self._about(s, f"{lead.label()}, who leads it, is not a trust lead"))
            for i in s.attendee_ids:
                if i in roster.index and school_key(roster.person(i).school) != school_key(
                    s.school
                ):
                    found.append(self._about(s, f"{name(roster, i)} is not at {s.school}"))
        for (lead_id, half_term), leads in sorted(led.items()):
            if lead_id not in roster.index:
                continue
            lead = roster.person(lead_id)
            peer = len(plan.supervisees_of(half_term, lead_id))
            if leads + peer > lead.capacity:
                found.append(
                    Violation(
                        self.title,
                        half_term,
                        (lead_id,),
                        f"{lead.label()} leads {count(leads, 'school session')} and "
                        f"supervises {peer} in peer sessions, more than their Capacity of "
                        f"{lead.capacity}",
                    )
                )
        return found

    def _about(self, s, message: str) -> Violation:
        return Violation(
            self.title,
            s.half_term,
            (s.lead_id, *s.attendee_ids),
            f"the school session at {s.school} on {show_day(s.date)}: {message}",
        )
