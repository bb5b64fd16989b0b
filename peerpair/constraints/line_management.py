"""H8 line management: nobody is supervised by their line manager or supervises them.
Policy 001, Appendix 2: "there is no hierarchy - it is peer supervision", and "no line
management conflicts should occur"."""

from __future__ import annotations

from peerpair.constraints.base import HardRule, PairList, once


class LineManagement(HardRule):
    code = "H8"
    name = "line management"

    def forbids(self, roster, h, supervisors, supervisees):
        managed = once(
            roster,
            "line managed",
            lambda: PairList.of(
                roster,
                [
                    (p.line_manager_id, p.id)
                    for p in roster.people
                    if p.line_manager_id is not None and p.line_manager_id in roster.index
                ],
                both_ways=True,
            ),
        )
        return managed.holds(supervisors, supervisees)

    def why(self, roster, h, supervisor, supervisee):
        a, b = roster.people[supervisor], roster.people[supervisee]
        manager, managed = (a, b) if b.line_manager_id == a.id else (b, a)
        return f"{manager.label()} line-manages {managed.label()}"
