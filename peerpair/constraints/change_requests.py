"""H7 change requests: from the request's half term on, neither of the two supervises the
other. Policy 001, Appendix 2: "it is important that both those offering and receiving
supervision feel comfortable with each other".

Messages about this rule never say a change request exists: they say only that the two
people are not to be paired, as the plan may be shared with the people in it.
"""

from __future__ import annotations

from peerpair.constraints.base import HardRule, PairList, once


class ChangeRequests(HardRule):
    code = "H7"
    name = "change requests"

    def forbids(self, roster, h, supervisors, supervisees):
        in_force = once(
            roster,
            ("change requests", h),
            lambda: PairList.of(
                roster,
                [
                    (c.person_id, c.partner_id)
                    for c in roster.change_requests
                    if c.from_half_term is None or roster.half_term_index(c.from_half_term) <= h
                ],
                both_ways=True,
            ),
        )
        return in_force.holds(supervisors, supervisees)

    def why(self, roster, h, supervisor, supervisee):
        a, b = roster.people[supervisor], roster.people[supervisee]
        return f"{a.label()} and {b.label()} are not to be paired from this half term"
