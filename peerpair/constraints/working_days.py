"""H9 working days: supervisor and supervisee share at least one working day. Policy 001,
Appendix 2: the session "must be within both people's working hours"."""

from __future__ import annotations

import numpy as np

from peerpair.constraints.base import HardRule, per_person
from peerpair.domain.roster import WEEKDAYS


class WorkingDays(HardRule):
    code = "H9"
    name = "working days"

    def forbids(self, roster, h, supervisors, supervisees):
        days = per_person(
            roster,
            "working days",
            lambda p: sum(1 << WEEKDAYS.index(d) for d in p.working_days),
            dtype=np.uint8,  # five bits; a wider type would cost 8 bytes a pair of a block
        )
        return (days[supervisors] & days[supervisees]) == 0

    def why(self, roster, h, supervisor, supervisee):
        a, b = roster.people[supervisor], roster.people[supervisee]
        return f"{a.label()} and {b.label()} share no working day"
