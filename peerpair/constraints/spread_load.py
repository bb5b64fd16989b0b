"""Objective 4: fewest sessions beyond the first for any one supervisor in a half term, so
that volunteers with spare capacity are asked only when needed (spread the load)."""

from __future__ import annotations

from collections import Counter

import numpy as np
from ortools.sat.python import cp_model

from peerpair.constraints.base import Objective, PriceBounds


class SpreadTheLoad(Objective):
    name = "sessions beyond a supervisor's first"

    def expression(self, model):
        extra = []
        for h in model.half_terms:
            for supervisor, sessions in model.out_of(h).items():
                most = min(model.roster.people[supervisor].capacity, len(sessions))
                if most > 1:
                    # extra >= load - 1 keeps the LP relaxation tight; the equivalent
                    # "busy <= load" form took 60 times longer to prove on 31 people.
                    beyond = model.cp.new_int_var(0, most - 1, "")
                    model.cp.add(beyond >= cp_model.LinearExpr.sum(sessions) - 1)
                    extra.append(beyond)
        return cp_model.LinearExpr.sum(extra)

    def flow_prices(self, roster, pairs):
        # Nothing about the pair itself: the supervisor's side alone, broadcast by the caller.
        return np.zeros(np.shape(pairs.supervisors), dtype=np.int8), 1

    def flow_price_bounds(self, roster, h):
        return PriceBounds(most=0)

    def value(self, roster, plan, half_terms):
        total = 0
        for h in half_terms:
            load = Counter(s.supervisor_id for s in plan.sessions_in(roster.half_terms[h].name))
            total += sum(count - 1 for count in load.values())
        return total
