"""H3 no self-supervision: supervision is "not delivered and received between the same two
people" (policy 001, Appendix 2), and certainly never by one person alone."""

from __future__ import annotations

from peerpair.constraints.base import HardRule


class NoSelfSupervision(HardRule):
    code = "H3"
    name = "no self-supervision"

    def forbids(self, roster, h, supervisors, supervisees):
        return supervisors == supervisees

    def why(self, roster, h, supervisor, supervisee):
        return f"{roster.people[supervisor].label()} is paired with themselves"
