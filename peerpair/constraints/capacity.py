"""H2 capacity: nobody supervises more people than their Capacity in a half term, and people
who do not give then (absent, Gives = No, Capacity 0) supervise nobody.

Policy 001, Appendix 2: colleagues "may feel unable to offer supervision"; prolonged absence.
"""

from __future__ import annotations

from collections import Counter

from ortools.sat.python import cp_model

from peerpair.constraints.base import HardRule, Violation, per_person
from peerpair.words import count


class Capacity(HardRule):
    code = "H2"
    name = "capacity"

    def forbids(self, roster, h, supervisors, supervisees):
        willing = per_person(roster, ("willing", h), lambda p: roster.is_willing_giver_in(p, h))
        return ~willing[supervisors]

    def why(self, roster, h, supervisor, supervisee):
        person = roster.people[supervisor]
        if not roster.is_present(person, h):
            return f"{person.label()} is absent in {roster.half_terms[h].name}"
        if not person.gives:
            return f"{person.label()} does not give supervision this year"
        return f"{person.label()} has a capacity of 0"

    def add_to_model(self, model):
        for h in model.half_terms:
            for supervisor, sessions in model.out_of(h).items():
                capacity = model.roster.people[supervisor].capacity
                if len(sessions) > capacity:
                    model.cp.add(cp_model.LinearExpr.sum(sessions) <= capacity)

    def check(self, roster, plan):
        found = self._forbidden_sessions(roster, plan)
        for half_term in roster.half_terms:
            load = Counter(s.supervisor_id for s in plan.sessions_in(half_term.name))
            for supervisor_id, supervisees in sorted(load.items()):
                if supervisor_id not in roster.index:
                    continue
                person = roster.person(supervisor_id)
                if supervisees > person.capacity:
                    found.append(
                        Violation(
                            self.title,
                            half_term.name,
                            (supervisor_id,),
                            f"{person.label()} supervises "
                            f"{count(supervisees, 'person', 'people')}; "
                            f"capacity is {person.capacity}",
                        )
                    )
        return found
