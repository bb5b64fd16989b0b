"""T4 one-to-ones (SPEC 7; policy 001 Appendix 1: "Once/half term, calendared"; policy 004:
"at least once per half term").

Everyone holding a Requirements sheet Role, and present in a period, has a one-to-one in it
with someone holding the Supervisor Role. Each one-to-one meets one need at most, so a
session planned for a request does not also count here (`peerpair.constraints.tier_needs`). No
one-to-one is led by its own attendee, nor pairs two people a change request keeps apart.
A missed one-to-one is made up in its half term (SPEC 8): with the same supervisor where
both can, on the first day after it that the notice allows, the last five weekdays included.
"""

from __future__ import annotations

from datetime import date

from peerpair.constraints.base import Violation
from peerpair.constraints.make_ups import make_up_breaks
from peerpair.constraints.tier_needs import unmet_needs
from peerpair.constraints.tier_rule import TierRule, name
from peerpair.domain.dates import show_day
from peerpair.domain.periods import in_change_request
from peerpair.domain.tiers import Tier, TierSession


class OneToOnes(TierRule):
    code = "T4"
    name = "one-to-ones"

    def applies(self, roster, plan):
        return bool(roster.requirements) or any(
            s.tier is Tier.ONE_TO_ONE for s in plan.tier_sessions
        )

    def check(self, roster, plan, missed: tuple[TierSession, ...] = (), today: date | None = None):
        """`plan` without its Missed and Cancelled tier sessions; with `today`, the `missed`
        tier sessions' one-to-ones are judged for their make-ups."""
        found = [
            self.violation(
                roster,
                need.period,
                (need.person_id,),
                f"{name(roster, need.person_id)} has no one-to-one with someone holding the "
                f'role "{need.requirement.supervisor_role}" in {need.period.name}',
            )
            for need in unmet_needs(roster, plan)
            if need.requirement is not None
        ]
        names = [h.name for h in roster.half_terms]
        for s in plan.tier_sessions:
            if s.tier is not Tier.ONE_TO_ONE or s.half_term not in names:
                continue
            h = names.index(s.half_term)
            for i in s.attendee_ids:
                problem = None
                if i == s.lead_id:
                    problem = f"{name(roster, i)} would supervise themselves"
                elif in_change_request(roster, s.lead_id, i, h):
                    problem = (
                        f"{name(roster, s.lead_id)} and {name(roster, i)} are kept apart by a "
                        "change request"
                    )
                if problem:
                    found.append(
                        Violation(
                            self.title,
                            s.half_term,
                            (s.lead_id, i),
                            f"the one-to-one on {show_day(s.date)}: {problem}",
                        )
                    )
        if today is not None and missed:
            found += make_up_breaks(self.title, roster, plan, missed, today)
        return found
