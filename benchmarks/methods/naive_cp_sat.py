"""A naive CP-SAT model of the same rules: what a competent first attempt looks like.

One boolean per allowed (half term, supervisor, supervisee), all six half terms in one
model, built from peerpair's own rule modules (so it is the same problem), and the same
objectives optimised one after another, each holding the values before it. What makes it
naive is the solving: CP-SAT's default parameters (no `linearization_level = 2`, no flow,
no decomposition), with two workers and the time limit shared by the stages. Each stage
starts from the previous stage's solution as a hint, as anyone would write it.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from benchmarks.methods.outcome import Outcome, plan_from
from peerpair.constraints import HARD_RULES, OBJECTIVES
from peerpair.constraints.eligibility import Eligibility
from peerpair.constraints.model import PairingModel


def run(roster, time_limit: float) -> Outcome:
    started = time.perf_counter()
    eligibility = Eligibility(roster, HARD_RULES)
    model = PairingModel(roster, eligibility, list(range(len(roster.half_terms))))
    for rule in HARD_RULES:
        rule.add_to_model(model)
    cp = model.cp
    solution: list[int] | None = None
    proven: dict[str, bool] = {}
    stages_done = 0
    for objective in (o for o in OBJECTIVES if o.applies(roster)):
        left = time_limit - (time.perf_counter() - started)
        if left <= 0:
            break
        maximise = objective.maximise(roster)
        expression = objective.expression(model)
        cp.clear_objective()
        (cp.maximize if maximise else cp.minimize)(expression)
        if solution is not None:
            cp.clear_hints()
            cp.proto.solution_hint.vars.extend(range(len(solution)))
            cp.proto.solution_hint.values.extend(solution)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = left
        solver.parameters.num_workers = 2
        status = solver.solve(cp)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        solution = list(solver.response_proto.solution)
        proven[objective.name] = status == cp_model.OPTIMAL
        stages_done += 1
        value = round(solver.objective_value)
        cp.add(expression >= value if maximise else expression <= value)
    if solution is None:
        return Outcome(plan=None, note="no plan found")
    sessions = {
        (p.half_term, p.supervisee): p.supervisor
        for p in model.pairings
        if solution[p.chosen.index]
    }
    return Outcome(
        plan=plan_from(roster, eligibility, sessions),
        proven=proven,
        note=f"{stages_done} of {len([o for o in OBJECTIVES if o.applies(roster)])} stages",
    )
