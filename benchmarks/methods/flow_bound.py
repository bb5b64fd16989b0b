"""The max-flow relaxation: a bound on Cover Needed, and a floor on time for listing pairs.

Each half term alone, without the no-reciprocal rule (H4) and without the year's repeat
pairs, is a capacitated matching of givers to supervisees (CPSAT_NOTES.md). Its maximum
flow is the most sessions any plan can have in that half term, so the half terms' shortfalls
add up to a lower bound on Cover Needed for the year: no method can leave fewer sessions
under Cover Needed. No method that lists every eligible pair can be faster than listing
them and solving these flows; peerpair, above about 1,200 people, never lists them.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import max_flow

from benchmarks.methods.outcome import Outcome
from peerpair.constraints import HARD_RULES
from peerpair.constraints.eligibility import Eligibility


def run(roster, time_limit: float) -> Outcome:
    eligibility = Eligibility(roster, HARD_RULES)
    half_terms = range(len(roster.half_terms))
    shortfall = sum(
        len(eligibility.receivers(h)) - _most_sessions(roster, eligibility, h) for h in half_terms
    )
    pairs = [int(eligibility.allowed(h).sum()) for h in half_terms]
    return Outcome(
        plan=None,
        cover_needed_bound=shortfall,
        eligible_pairs=sum(pairs),
        most_pairs_in_a_half_term=max(pairs, default=0),
    )


def _most_sessions(roster, eligibility: Eligibility, h: int) -> int:
    supervisors, supervisees = np.nonzero(eligibility.allowed(h))
    n = len(roster.people)
    source, sink = 2 * n, 2 * n + 1
    capacity = np.array([p.capacity for p in roster.people], dtype=np.int64)
    people = np.arange(n, dtype=np.int64)
    # Node i is person i giving, node n + i the same person receiving.
    tails = np.concatenate([np.full(n, source), supervisors, n + people])
    heads = np.concatenate([people, n + supervisees, np.full(n, sink)])
    capacities = np.concatenate(
        [capacity, np.ones(len(supervisors), dtype=np.int64), np.ones(n, dtype=np.int64)]
    )
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(tails, heads, capacities)
    if flow.solve(source, sink) != flow.OPTIMAL:
        raise RuntimeError("max flow failed")
    return flow.optimal_flow()
