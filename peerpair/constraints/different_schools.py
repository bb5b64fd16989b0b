"""H5 different schools: "Supervision will not be delivered by someone within the same
school" (policy 001, Appendix 2). School names match ignoring case, spacing and punctuation."""

from __future__ import annotations

from peerpair.constraints.base import HardRule, text_codes


class DifferentSchools(HardRule):
    code = "H5"
    name = "different schools"

    def forbids(self, roster, h, supervisors, supervisees):
        school = text_codes(roster, "school")
        return school[supervisors] == school[supervisees]

    def why(self, roster, h, supervisor, supervisee):
        a, b = roster.people[supervisor], roster.people[supervisee]
        return f"{a.label()} and {b.label()} both work at {b.school}"
