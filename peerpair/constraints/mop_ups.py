"""T2 mop-ups (SPEC 7; policy 000: "a 'mop-up' session will be scheduled during the last
week of each half term to allow for make-up attendance").

Each group with a member present in a period has a mop-up session in the last five
weekdays of the period's last half term (for a group that meets every half term, of each
half term), and mop-ups are on no other days.
"""

from __future__ import annotations

from peerpair.constraints.base import Violation
from peerpair.constraints.tier_rule import TierRule
from peerpair.domain.dates import kept_for_postponements, show_day
from peerpair.domain.periods import members_of, periods, present_in_period
from peerpair.domain.tiers import Tier


class MopUps(TierRule):
    code = "T2"
    name = "mop-ups"

    def applies(self, roster, plan):
        return bool(roster.groups) or any(s.tier is Tier.MOP_UP for s in plan.tier_sessions)

    def check(self, roster, plan):
        found = []
        half_terms = {h.name: h for h in roster.half_terms}
        mop_ups = [s for s in plan.tier_sessions if s.tier is Tier.MOP_UP]
        for s in mop_ups:
            half_term = half_terms.get(s.half_term)
            if half_term is not None and s.date not in kept_for_postponements(half_term):
                found.append(
                    Violation(
                        self.title,
                        s.half_term,
                        (s.lead_id,),
                        f"the mop-up of group {s.group} on {show_day(s.date)} is not in the "
                        f"last week of {s.half_term}",
                    )
                )
        for group in roster.groups:
            members = members_of(roster, group)
            for period in periods(roster, group.per):
                last = roster.half_terms[period.last]
                if last.start is None or last.end is None:
                    continue  # no dates: there is no last week to hold it in
                if not any(present_in_period(roster, p, period) for p in members):
                    continue
                week = set(kept_for_postponements(last))
                if not any(
                    s.group == group.name and s.half_term == last.name and s.date in week
                    for s in mop_ups
                ):
                    found.append(
                        self.violation(
                            roster,
                            period,
                            (),
                            f"group {group.name} has no mop-up session in the last week of "
                            f"{last.name}",
                        )
                    )
        return found
