"""H1 one supervisor: everyone who receives in a half term has exactly one supervisor, or is
listed under Cover Needed.

Policy 001, Appendix 2: "Attendance is required once per half-term for two sessions (one to
deliver and one to receive)."
"""

from __future__ import annotations

from collections import Counter

from ortools.sat.python import cp_model

from peerpair.constraints.base import HardRule, Violation, label, per_person


class OneSupervisor(HardRule):
    code = "H1"
    name = "one supervisor"

    def forbids(self, roster, h, supervisors, supervisees):
        receives = per_person(roster, ("receives", h), lambda p: roster.receives_in(p, h))
        return ~receives[supervisees]

    def why(self, roster, h, supervisor, supervisee):
        person = roster.people[supervisee]
        half_term = roster.half_terms[h].name
        by = f"yet {roster.people[supervisor].label()} supervises them"
        if not person.receives:
            return f"{person.label()} is not in the cycle as a supervisee, {by}"
        return f"{person.label()} is absent in {half_term}, {by}"

    def add_to_model(self, model):
        for h in model.half_terms:
            into = model.into(h)
            for (cover_h, supervisee), cover in model.cover.items():
                if cover_h == h:
                    model.cp.add(cp_model.LinearExpr.sum([*into.get(supervisee, []), cover]) == 1)

    def check(self, roster, plan):
        found = self._forbidden_sessions(roster, plan)
        for h, half_term in enumerate(roster.half_terms):
            supervisors = Counter(s.supervisee_id for s in plan.sessions_in(half_term.name))
            uncovered = {
                c.supervisee_id for c in plan.cover_needed if c.half_term == half_term.name
            }
            for person in roster.people:
                count = supervisors[person.id]
                receives = roster.receives_in(person, h)
                problem = None
                if receives and count == 0 and person.id not in uncovered:
                    problem = "has no supervisor and is not listed under Cover Needed"
                elif count > 1:
                    names = " and ".join(
                        label(roster, i) for i in plan.supervisors_of(half_term.name, person.id)
                    )
                    problem = f"has {count} supervisors ({names})"
                elif count and person.id in uncovered:
                    problem = "has a supervisor but is also listed under Cover Needed"
                elif not receives and person.id in uncovered:
                    problem = "is listed under Cover Needed but does not receive supervision then"
                if problem:
                    found.append(
                        Violation(
                            self.title, half_term.name, (person.id,), f"{person.label()} {problem}"
                        )
                    )
        return found
