"""T5 requests (SPEC 7; policy 000: "A pool of trained supervisors will be available to
offer 1-1 supervision upon request"; 001 Appendix 2: additional sessions on request, and
"Only colleagues who have undertaken the ATLP Supervision Skills Training can deliver
supervision").

Each request on the Requests sheet has its own one-to-one for the person, on or before its
By date, with someone else who is trained to supervise by then and not kept apart from them
by a change request.

The plan is shared with everyone in it and must not say who asked for supervision: a
request is named by its row on the Requests sheet and its date, never by the person.
"""

from __future__ import annotations

from peerpair.constraints.base import Violation
from peerpair.constraints.tier_needs import unmet_needs
from peerpair.constraints.tier_rule import TierRule
from peerpair.domain.dates import show_day
from peerpair.domain.periods import due_in


class SupervisionRequests(TierRule):
    code = "T5"
    name = "requests"

    def applies(self, roster, plan):
        # Whenever the other tiers are planned, whether or not anyone asked: a row that
        # appeared only with requests would tell everyone in the plan that someone did.
        return roster.has_tiers or bool(plan.tier_sessions)

    def check(self, roster, plan):
        found = []
        for need in unmet_needs(roster, plan):
            if need.request is None:
                continue
            by = f"by {show_day(need.request.by)}" if need.request.by else "this year"
            found.append(
                Violation(
                    self.title,
                    due_in(roster, need.request),
                    (),
                    f"request {need.number} on the Requests sheet has no one-to-one {by}",
                )
            )
        return found
