"""Repeat pairs: the same two people paired again, in either direction, in another half term
of the plan or in History (earlier years). With the Repeat Pairs setting at forbid this is
hard rule H11; at avoid it is objective 5; at allow it does not count.

Policy 001, Appendix 2: the Trust Safeguarding Leads ensure that "supervision is not
delivered and received between the same two people".
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from peerpair.constraints.base import (
    HardRule,
    Objective,
    PairList,
    PriceBounds,
    Violation,
    once,
)


def met_before(roster) -> set[frozenset[str]]:
    """Unordered pairs of IDs who were paired in History."""
    return {frozenset((p.supervisor_id, p.supervisee_id)) for p in roster.history}


def history_pairs(roster) -> PairList:
    """Pairs that met in History, either way round."""
    return once(
        roster,
        "history",
        lambda: PairList.of(
            roster, [(p.supervisor_id, p.supervisee_id) for p in roster.history], both_ways=True
        ),
    )


def repeated_sessions(roster, plan, half_terms: list[int]):
    """Sessions in `half_terms` whose two people met before: in History or in an earlier half
    term of the plan. A pair paired three times in the year counts twice."""
    seen = met_before(roster)
    repeats = []
    for h, half_term in enumerate(roster.half_terms):
        sessions = plan.sessions_in(half_term.name)
        if h in half_terms:
            repeats += [
                s for s in sessions if frozenset((s.supervisor_id, s.supervisee_id)) in seen
            ]
        seen |= {frozenset((s.supervisor_id, s.supervisee_id)) for s in sessions}
    return repeats


def _met_in_model(model) -> set[frozenset[int]]:
    """Pairs that met in History or in the half terms a re-solve keeps."""
    index = model.roster.index
    history = {frozenset(index[i] for i in pair) for pair in met_before(model.roster)}
    return history | {frozenset(pair) for pair in model.fixed_pairs}


class RepeatPairsForbidden(HardRule):
    code = "H11"
    name = "repeat pairs"

    def in_force(self, roster) -> bool:
        return roster.settings.repeat_pairs == "forbid"

    def forbids(self, roster, h, supervisors, supervisees):
        if not self.in_force(roster):
            return None
        return history_pairs(roster).holds(supervisors, supervisees)

    def why(self, roster, h, supervisor, supervisee):
        a, b = roster.people[supervisor], roster.people[supervisee]
        return f"{a.label()} and {b.label()} were paired in an earlier year"

    def add_to_model(self, model):
        if not self.in_force(model.roster):
            return
        met = _met_in_model(model)
        for pair, sessions in model.between().items():
            if pair in met:
                model.cp.add(cp_model.LinearExpr.sum(sessions) == 0)
            elif len(sessions) > 1:
                model.cp.add(cp_model.LinearExpr.sum(sessions) <= 1)

    def check(self, roster, plan):
        if not self.in_force(roster):
            return []
        return [
            Violation(
                self.title,
                s.half_term,
                (s.supervisor_id, s.supervisee_id),
                f"{roster.person(s.supervisor_id).label()} and "
                f"{roster.person(s.supervisee_id).label()} were paired before",
            )
            for s in repeated_sessions(roster, plan, list(range(len(roster.half_terms))))
            if s.supervisor_id in roster.index and s.supervisee_id in roster.index
        ]


class FewestRepeatPairs(Objective):
    name = "repeated pairs"

    def applies(self, roster):
        return roster.settings.repeat_pairs == "avoid"

    def expression(self, model):
        met = _met_in_model(model)
        terms = []
        for pair, sessions in model.between().items():
            if pair in met:
                terms += sessions
            elif len(sessions) > 1:
                repeats = model.cp.new_int_var(0, len(sessions) - 1, "")
                model.cp.add(repeats >= cp_model.LinearExpr.sum(sessions) - 1)
                terms.append(repeats)
        return cp_model.LinearExpr.sum(terms)

    def flow_prices(self, roster, pairs):
        return pairs.met_before_mask().astype(np.int8), 0

    def flow_price_bounds(self, roster, h):
        # 1 only for the few pairs a person that met before, 0 for every other.
        return PriceBounds(most=1)

    def value(self, roster, plan, half_terms):
        return len(repeated_sessions(roster, plan, half_terms))
