"""What the tier rules (SPEC 7) share: they audit the plan's tier sessions, add nothing to
the pairing model, and have a row in the Checks only for a roster or plan with that tier,
so a roster without tier sheets is checked exactly as before."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peerpair.constraints.base import HardRule, Violation

if TYPE_CHECKING:
    from peerpair.domain.periods import Period
    from peerpair.domain.plan import Plan
    from peerpair.domain.roster import Roster


class TierRule(HardRule):
    def applies(self, roster: Roster, plan: Plan) -> bool:
        """Whether the rule has a row in the Checks for this roster and plan."""
        raise NotImplementedError

    def violation(self, roster: Roster, period: Period, people, message: str) -> Violation:
        """A violation about a period, filed under its last half term."""
        return Violation(self.title, roster.half_terms[period.last].name, tuple(people), message)


def name(roster: Roster, person_id: str) -> str:
    return roster.person(person_id).label() if person_id in roster.index else person_id
