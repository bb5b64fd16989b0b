"""T1 group sessions (SPEC 7; policy 000: staff "attend safeguarding supervision at least
once every half term"; 002: "a group of up to six"; 000: sessions "facilitated by any
member of the Designated Safeguard Leads team").

Every member of a group present in a period is in at least one of its sessions (a mop-up
counts) in that period; a session has at most Max Size attendees, all members of the
group, and is led by one of its facilitators, who is not also attending it.
"""

from __future__ import annotations

from peerpair.constraints.base import Violation
from peerpair.constraints.tier_rule import TierRule, name
from peerpair.domain.dates import show_day
from peerpair.domain.periods import members_of, periods, present_in_period
from peerpair.domain.tiers import Tier

GROUP_TIERS = (Tier.GROUP, Tier.MOP_UP)


class GroupSessions(TierRule):
    code = "T1"
    name = "group sessions"

    def applies(self, roster, plan):
        return bool(roster.groups) or any(s.tier in GROUP_TIERS for s in plan.tier_sessions)

    def check(self, roster, plan):
        found = []
        groups = {g.name: g for g in roster.groups}
        sessions = [s for s in plan.tier_sessions if s.tier in GROUP_TIERS]
        for group in roster.groups:
            members = members_of(roster, group)
            ids = {p.id for p in members}
            mine = [s for s in sessions if s.group == group.name]
            for period in periods(roster, group.per):
                names = {roster.half_terms[h].name for h in period.half_terms}
                attended = {i for s in mine if s.half_term in names for i in s.attendee_ids}
                for person in members:
                    if present_in_period(roster, person, period) and person.id not in attended:
                        found.append(
                            self.violation(
                                roster,
                                period,
                                (person.id,),
                                f"{person.label()} has no session of group {group.name} in "
                                f"{period.name}",
                            )
                        )
            for s in mine:
                found += self._session_problems(roster, group, ids, s)
        for s in sessions:
            if s.group not in groups:
                found.append(
                    self._about(s, f"{s.group or 'a session'} is not a group on the Groups sheet")
                )
        return found

    def _session_problems(self, roster, group, ids, s):
        found = []
        if len(s.attendee_ids) > group.max_size:
            found.append(
                self._about(
                    s, f"{len(s.attendee_ids)} attend, more than its Max Size of {group.max_size}"
                )
            )
        if s.lead_id not in group.facilitator_ids:
            lead = name(roster, s.lead_id)
            found.append(self._about(s, f"{lead} is not one of its facilitators"))
        if s.lead_id in s.attendee_ids:
            found.append(self._about(s, f"{name(roster, s.lead_id)} both leads and attends it"))
        for i in s.attendee_ids:
            if i not in ids:
                found.append(self._about(s, f"{name(roster, i)} is not a member of the group"))
        return found

    def _about(self, s, message: str) -> Violation:
        what = "mop-up" if s.tier is Tier.MOP_UP else "session"
        return Violation(
            self.title,
            s.half_term,
            (s.lead_id, *s.attendee_ids),
            f"the {what} of group {s.group} on {show_day(s.date)}: {message}",
        )
