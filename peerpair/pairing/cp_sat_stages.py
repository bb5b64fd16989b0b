"""Objectives optimised one after another with CP-SAT, each holding the values before it.

solve.py calls on this where the half-term flow cannot settle things: a half term whose
reciprocal pairs could not be swapped away, and objectives that join the half terms up
(repeat pairs across the year, or Repeat Pairs = forbid).

Determinism: one search worker, a fixed seed and a deterministic-time budget give the same
plan on every run and machine with the same ortools version. More workers would race.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from peerpair.constraints.base import Objective
from peerpair.constraints.model import PairingModel

# Sessions by (half term, supervisee) -> supervisor, all by position.
Sessions = dict[tuple[int, int], int]


Progress = Callable[[str], None]


def optimise_in_order(
    model: PairingModel,
    objectives: list[Objective],
    budget: float,
    seed: int,
    hint: Sessions,
    progress: Progress | None = None,
) -> tuple[list[tuple[int | None, bool]], Sessions, float]:
    """Run the stages from the plan `hint` (which must obey every hard rule). Returns each
    stage's (bound, proven), the final sessions, and the deterministic time spent.
    `progress` hears of each better plan found, with the best value and the bound."""
    cp = model.cp
    solution = [0] * len(cp.proto.variables)
    for p in model.pairings:
        if hint.get((p.half_term, p.supervisee)) == p.supervisor:
            solution[p.chosen.index] = 1
    for (h, supervisee), var in model.cover.items():
        solution[var.index] = int((h, supervisee) not in hint)
    outcomes: list[tuple[int | None, bool]] = []
    spent = 0.0
    for objective in objectives:
        if spent >= budget:
            outcomes.append((None, False))
            continue
        maximise = objective.maximise(model.roster)
        expression = objective.expression(model)
        cp.clear_objective()
        (cp.maximize if maximise else cp.minimize)(expression)
        _hint(cp, solution)
        solver = _solver(budget - spent, seed)
        status = solver.solve(cp, _Reporter(objective.name, progress) if progress else None)
        spent += solver.deterministic_time
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            outcomes.append((None, False))
            spent = budget  # no plan found in time: later stages would fare no better
            continue
        # Auxiliary variables of this stage's objective extend the solution for later hints.
        solution = list(solver.response_proto.solution)
        value = round(solver.objective_value)
        outcomes.append((round(solver.best_objective_bound), status == cp_model.OPTIMAL))
        hold(model, expression, value, maximise)
    chosen = {
        (p.half_term, p.supervisee): p.supervisor
        for p in model.pairings
        if solution[p.chosen.index]
    }
    return outcomes, chosen, spent


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Tells `progress` of each better plan. It only watches: with one search worker the
    search, and so the plan, is the same with it or without it."""

    def __init__(self, stage: str, progress: Progress):
        super().__init__()
        self.stage, self.progress = stage, progress

    def on_solution_callback(self) -> None:
        self.progress(
            f"{self.stage}: best so far {round(self.objective_value)}, "
            f"bound {round(self.best_objective_bound)}"
        )


def hold(model: PairingModel, expression, value: int, maximise: bool) -> None:
    """Keep an objective at `value` or better, so that later stages cannot worsen it."""
    model.cp.add(expression >= value if maximise else expression <= value)


def _solver(seconds_left: float, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = 1
    params.random_seed = seed
    # The LP relaxation proves these assignment stages in milliseconds; without it CP-SAT
    # finds the optimum but cannot prove it (CPSAT_NOTES.md).
    params.linearization_level = 2
    params.max_deterministic_time = max(seconds_left, 0.1)
    # A guard only: deterministic time normally stops the search first.
    params.max_time_in_seconds = max(2 * seconds_left, 1.0)
    return solver


def _hint(cp: cp_model.CpModel, solution: list[int]) -> None:
    cp.clear_hints()
    hint = cp.proto.solution_hint
    hint.vars.extend(range(len(solution)))
    hint.values.extend(solution)
