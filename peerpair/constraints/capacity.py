"""H2 capacity: nobody supervises more people than their Capacity in a half term, and people
who do not give then (absent, Gives = No, Capacity 0) supervise nobody.

Policy 001, Appendix 2: colleagues "may feel unable to offer supervision"; prolonged absence.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from peerpair.constraints.base import HardRule, Violation, label, per_person
from peerpair.words import count


class Capacity(HardRule):
    code = "H2"
    name = "capacity"

    def forbids(self, roster, h, supervisors, supervisees):
        willing = per_person(roster, ("willing", h), lambda p: roster.is_willing_giver_in(p, h))
        return ~willing[supervisors]

    def why(self, roster, h, supervisor, supervisee):
        person = roster.people[supervisor]
        session = f"{person.label()} supervises {roster.people[supervisee].label()}"
        if not roster.is_present(person, h):
            return f"{session} but is absent in {roster.half_terms[h].name}"
        if not person.gives:
            return f"{session} but does not give supervision this year"
        return f"{session} but has a capacity of 0"

    def add_to_model(self, model):
        for h in model.half_terms:
            for supervisor, sessions in model.out_of(h).items():
                capacity = model.eligibility.capacity(h, supervisor)
                if len(sessions) > capacity:
                    model.cp.add(cp_model.LinearExpr.sum(sessions) <= capacity)

    def check(self, roster, plan):
        found = self._forbidden_sessions(roster, plan)
        for half_term in roster.half_terms:
            supervisors = {s.supervisor_id for s in plan.sessions_in(half_term.name)}
            for supervisor_id in sorted(supervisors):
                if supervisor_id not in roster.index:
                    continue
                person = roster.person(supervisor_id)
                supervisees = plan.supervisees_of(half_term.name, supervisor_id)
                if len(supervisees) > person.capacity:
                    # Each supervisee named: any of them is a session to move.
                    names = ", ".join(label(roster, i) for i in supervisees)
                    found.append(
                        Violation(
                            self.title,
                            half_term.name,
                            (supervisor_id, *supervisees),
                            f"{person.label()} supervises "
                            f"{count(len(supervisees), 'person', 'people')} ({names}); "
                            f"capacity is {person.capacity}",
                        )
                    )
        return found
