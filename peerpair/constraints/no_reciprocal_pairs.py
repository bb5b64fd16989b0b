"""H4 no reciprocal pairs: never a supervises b and b supervises a in the same half term.

Policy 001, Appendix 2: the Trust Safeguarding Leads ensure that "supervision is not
delivered and received between the same two people".
"""

from __future__ import annotations

from peerpair.constraints.base import HardRule, Violation, label


class NoReciprocalPairs(HardRule):
    code = "H4"
    name = "no reciprocal pairs"

    def add_to_model(self, model):
        for p in model.pairings:
            if p.supervisor < p.supervisee:
                back = model.chosen(p.half_term, p.supervisee, p.supervisor)
                if back is not None:
                    model.cp.add_bool_or([p.chosen.Not(), back.Not()])

    def check(self, roster, plan):
        found = []
        for half_term in roster.half_terms:
            pairs = {(s.supervisor_id, s.supervisee_id) for s in plan.sessions_in(half_term.name)}
            for a, b in sorted(pairs):
                if a < b and (b, a) in pairs:
                    found.append(
                        Violation(
                            self.title,
                            half_term.name,
                            (a, b),
                            f"{label(roster, a)} and {label(roster, b)} supervise each other",
                        )
                    )
        return found
