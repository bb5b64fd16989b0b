"""HiGHS at its best on the same 0/1 model: one model per half term where the objectives
allow (`half_term_split`), instead of one of the year.

Each half term's matrix is `highs_milp`'s, of that half term alone, with the pairs of the
half terms already planned counted as met before (as History is) for repeated pairs; each
half term gets an equal share of the time left, and its objectives are optimised in
priority order, each holding the values before it. With Repeat Pairs = forbid it is the
year's model, as `highs_milp`.

Refused above MOST_VARIABLES columns in one half term (`benchmarks.run`): one half term of
1,000 people (862,527 pairs) found no solution in 60 s (CPSAT_NOTES.md), and the joint
model took 1.8 GB at 460,000 columns.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks.methods import half_term_split
from benchmarks.methods.highs_milp import _Model, solve_in_order
from benchmarks.methods.outcome import Outcome, Sessions
from peerpair.constraints import HARD_RULES, OBJECTIVES
from peerpair.constraints.eligibility import Eligibility

MOST_VARIABLES = 500_000  # in the largest group of half terms solved together


def run(roster, time_limit: float) -> Outcome:
    started = time.perf_counter()
    eligibility = Eligibility(roster, HARD_RULES)
    objectives = [o for o in OBJECTIVES if o.applies(roster)]
    groups = half_term_split.groups(roster)
    n = len(roster.people)
    sessions: Sessions = {}
    proven_each: dict[str, list[bool]] = {o.name: [] for o in objectives}
    for done, group in enumerate(groups):
        left = time_limit - (time.perf_counter() - started)
        deadline = time.perf_counter() + left / (len(groups) - done)
        met = np.array(
            [min(s, r) * n + max(s, r) for (_, r), s in sessions.items()], dtype=np.int64
        )
        model = _Model(roster, eligibility, group, met)
        solution, proven = solve_in_order(roster, model, objectives, deadline)
        if solution is None:
            names = ", ".join(roster.half_terms[h].name for h in group)
            return Outcome(plan=None, note=f"no plan for {names} in its time")
        sessions |= model.sessions(solution)
        for name, each in proven.items():
            proven_each[name].append(each)
    return half_term_split.outcome(
        roster, eligibility, objectives, sessions, proven_each, len(groups)
    )
