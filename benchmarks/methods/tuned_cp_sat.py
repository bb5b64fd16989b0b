"""CP-SAT at its best on the same model: what someone who read the CP-SAT notes would write.

The naive model's booleans and rules (peerpair's own rule modules), with the parameters
`../shared/CPSAT_NOTES.md` found to matter: `linearization_level = 2` (the LP relaxation
that proves the assignment-like stages), one worker and a fixed seed (deterministic), no
presolve (it took longer than the search on these models), the first stage hinted with a
complete plan (one pass of the benchmark's greedy) and each later stage with the stage
before's solution, in bulk; a half term where CP-SAT finds nothing in its time keeps that
plan, with nothing proven. And split by half term where the objectives allow
(`half_term_split`): six models of one half term instead of one of the year, each half
term given an equal share of the time left. The objectives are optimised in priority
order, each holding the values before it.

Refused above MOST_VARIABLES booleans in one half term (`benchmarks.run`): a dense model
of one half term for 1,000 people (862,527 pairs) found no solution in 60 s with these
parameters (CPSAT_NOTES.md), and building it in Python takes gigabytes.
"""

from __future__ import annotations

import time

import numpy as np
from ortools.sat.python import cp_model

from benchmarks.methods import greedy, half_term_split
from benchmarks.methods.outcome import Outcome, Sessions
from peerpair.constraints import HARD_RULES, OBJECTIVES
from peerpair.constraints.eligibility import Eligibility
from peerpair.constraints.model import PairingModel
from peerpair.domain.plan import Session

MOST_VARIABLES = 500_000  # in the largest group of half terms solved together


def run(roster, time_limit: float) -> Outcome:
    started = time.perf_counter()
    eligibility = Eligibility(roster, HARD_RULES)
    objectives = [o for o in OBJECTIVES if o.applies(roster)]
    groups = half_term_split.groups(roster)
    start = greedy.one_pass(roster, eligibility, np.random.default_rng(0))
    sessions: Sessions = {}
    proven_each: dict[str, list[bool]] = {o.name: [] for o in objectives}
    unsolved = []  # half terms where CP-SAT found nothing in time: the greedy start stands
    for done, group in enumerate(groups):
        # An equal share of the time left for each group still to solve.
        left = time_limit - (time.perf_counter() - started)
        deadline = time.perf_counter() + left / (len(groups) - done)
        found = _solve_group(roster, eligibility, objectives, group, sessions, start, deadline)
        if found is None:
            unsolved += [roster.half_terms[h].name for h in group]
            found = ({(h, r): s for (h, r), s in start.items() if h in group}, {})
        group_sessions, group_proven = found
        sessions |= group_sessions
        for name, proven in group_proven.items():
            proven_each[name].append(proven)
    unsolved_note = (
        f"; no solution in time, the greedy start kept: {', '.join(unsolved)}" if unsolved else ""
    )
    return half_term_split.outcome(
        roster, eligibility, objectives, sessions, proven_each, len(groups), unsolved_note
    )


def _solve_group(
    roster,
    eligibility,
    objectives,
    group: list[int],
    before: Sessions,
    start: Sessions,
    deadline: float,
) -> tuple[Sessions, dict[str, bool]] | None:
    """The half terms of `group` planned stage by stage from the plan `start`, with the
    sessions of earlier half terms (`before`) kept as they are; None when CP-SAT found no
    solution in time."""
    names = [h.name for h in roster.half_terms]
    people = roster.people
    kept = tuple(
        Session(half_term=names[h], supervisor_id=people[s].id, supervisee_id=people[r].id)
        for (h, r), s in before.items()
    )
    model = PairingModel(roster, eligibility, group, fixed_sessions=kept)
    for rule in HARD_RULES:
        rule.add_to_model(model)
    cp = model.cp
    # `start` is valid in each half term alone (every rule but H11 concerns one half term,
    # and with H11 the group is the whole year): a complete first hint.
    solution = [0] * len(cp.proto.variables)
    for p in model.pairings:
        solution[p.chosen.index] = int(start.get((p.half_term, p.supervisee)) == p.supervisor)
    for (h, r), cover in model.cover.items():
        solution[cover.index] = int((h, r) not in start)
    found_any = False
    proven: dict[str, bool] = {}
    for objective in objectives:
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        maximise = objective.maximise(roster)
        expression = objective.expression(model)
        cp.clear_objective()
        (cp.maximize if maximise else cp.minimize)(expression)
        cp.clear_hints()
        cp.proto.solution_hint.vars.extend(range(len(solution)))
        cp.proto.solution_hint.values.extend(solution)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = left
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = 0
        solver.parameters.linearization_level = 2
        # Measured on one half term of 300 people (77,000 booleans): presolve took 21 s of
        # processor time before any search; without it Cover Needed was proven in 1.4 s.
        solver.parameters.cp_model_presolve = False
        status = solver.solve(cp)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        solution = list(solver.response_proto.solution)
        found_any = True
        proven[objective.name] = status == cp_model.OPTIMAL
        value = round(solver.objective_value)
        cp.add(expression >= value if maximise else expression <= value)
    if not found_any:
        return None
    chosen = [p for p in model.pairings if solution[p.chosen.index]]
    return {(p.half_term, p.supervisee): p.supervisor for p in chosen}, proven
