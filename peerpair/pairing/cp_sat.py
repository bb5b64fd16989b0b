"""The one way peerpair runs CP-SAT: the same deterministic settings for every planner and
proof (pairing, dating, the other tiers, diagnosis), and objectives optimised one after
another in strict priority order, each holding the values of those before it.

Determinism (CPSAT_NOTES.md): one search worker, a fixed seed and a deterministic-time
budget give the same answer on every run and machine with the same ortools version; more
workers would race, and a wall-clock limit is never the same twice. The LP relaxation
(linearization level 2) proves the assignment-like stages here in milliseconds, where
without it CP-SAT finds the optimum but cannot prove it.

A planner describes its search as a `Search`: its CP-SAT model (built only when a stage
needs it), how a plan of its own becomes a hint, and how a solution becomes a plan. Each
`Stage` is one objective, with its expression and its value on a plan. A stage whose plan
already has the best value possible needs no search; a search's plan is kept only if it is
better than the plan it started from (the hint), so a time limit never loses ground. (A
stage without a value of its own takes the solver's word for it.)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from ortools.sat.python import cp_model

Progress = Callable[[str], None]
Plan = TypeVar("Plan")


class Search(Protocol[Plan]):
    """What a planner gives `optimise_in_order`: the model, and the way between its plans
    and CP-SAT's solutions."""

    @property
    def cp(self) -> cp_model.CpModel: ...

    def hint(self, plan: Plan) -> None:
        """Give the model `plan` as its hint (`set_hint`)."""

    def read(self, solution: Sequence[int]) -> Plan:
        """The plan a solution (every variable's value, by index) stands for."""


@dataclass(frozen=True)
class Stage(Generic[Plan]):
    """One objective. `expression` builds its CP-SAT expression (the model may not exist
    until a stage needs a search); `value` measures the same thing on a plan."""

    name: str
    expression: Callable[[], cp_model.LinearExprT]
    value: Callable[[Plan], int] | None  # None: the solver's objective value is taken as it
    maximise: bool = False
    best_possible: int | None = None  # a plan with this value is proven best without a search


@dataclass(frozen=True)
class Outcome:
    """One stage's result: the value of the plan kept, the best value CP-SAT could prove
    possible (None when it found no plan or the stage was not reached), and whether the
    value is proven the best."""

    value: int | None  # None when no plan was found and the stage has no `value`
    bound: int | None
    proven: bool


@dataclass(frozen=True)
class Run:
    """One CP-SAT search."""

    found: bool  # a solution was found (optimal or not)
    proven: bool  # and proven optimal
    objective: int | None
    bound: int | None  # the best objective CP-SAT proved possible, rounded the safe way
    solution: tuple[int, ...]  # every variable's value, by index
    deterministic_time: float


def run(
    cp: cp_model.CpModel,
    seconds: float,
    seed: int,
    *,
    progress: Progress | None = None,
    stage: str = "",
) -> Run:
    """Solve `cp` (with its objective and hint, if any) under the shared settings, within
    `seconds` of deterministic time. `progress` hears of each better solution; it only
    watches, so the search is the same with it or without it."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = 1
    params.random_seed = seed
    params.linearization_level = 2
    params.max_deterministic_time = max(seconds, 0.1)
    # A guard only: deterministic time normally stops the search first.
    params.max_time_in_seconds = max(4 * seconds, 1.0)
    # Ctrl-C is peerpair's (cli.main): CP-SAT would catch it, unblock it and hand back its
    # best plan so far, which would then be written as if the run had finished.
    params.catch_sigint_signal = False
    status = solver.solve(cp, _Reporter(stage, progress) if progress else None)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    response = solver.response_proto
    objective = bound = None
    if found and cp.has_objective():
        objective = round(solver.objective_value)
        maximise = cp.proto.objective.scaling_factor < 0
        raw = solver.best_objective_bound
        bound = math.floor(raw + 1e-6) if maximise else math.ceil(raw - 1e-6)
    return Run(
        found,
        status == cp_model.OPTIMAL,
        objective,
        bound,
        tuple(response.solution) if found else (),
        response.deterministic_time,
    )


def optimise_in_order(
    search: Search[Plan],
    stages: Sequence[Stage[Plan]],
    plan: Plan,
    *,
    seconds: float,
    seed: int,
    shared: bool = True,
    progress: Progress | None = None,
) -> tuple[Plan, list[Outcome], float]:
    """Improve `plan` (which must be feasible) stage by stage, in order, each stage holding
    the values of those before it. `seconds` is the deterministic time for all the stages
    together when `shared`, else for each. Returns the plan, each stage's outcome and the
    deterministic time spent. Once a shared budget is spent, later stages keep the plan
    unproven."""
    outcomes: list[Outcome] = []
    spent = 0.0
    # Holds wait until a search needs the model, which some planners build only then.
    waiting: list[tuple[Stage[Plan], int]] = []
    for stage in stages:
        known = stage.value(plan) if stage.value is not None else None
        left = seconds - spent if shared else seconds
        if known is not None and known == stage.best_possible:
            outcomes.append(Outcome(known, known, True))
            waiting.append((stage, known))
            continue
        if left <= 0:
            outcomes.append(Outcome(known, None, False))
            if known is not None:
                waiting.append((stage, known))
            continue
        cp = search.cp
        for earlier, value in waiting:
            hold(cp, earlier.expression(), value, earlier.maximise)
        waiting = []
        # Built once: an expression may add variables of its own to the model.
        expression = stage.expression()
        cp.clear_objective()
        (cp.maximize if stage.maximise else cp.minimize)(expression)
        search.hint(plan)
        result = run(cp, left, seed, progress=progress, stage=stage.name)
        spent += result.deterministic_time
        if not result.found:
            if shared:
                spent = seconds  # no plan in time: later stages would fare no better
            outcomes.append(Outcome(known, None, False))
        else:
            found = search.read(result.solution)
            value = result.objective if stage.value is None else stage.value(found)
            if known is None or (value > known if stage.maximise else value < known):
                plan, known = found, value
            outcomes.append(Outcome(known, result.bound, result.proven))
        if known is not None:
            hold(cp, expression, known, stage.maximise)
    return plan, outcomes, spent


def hold(cp: cp_model.CpModel, expression, value: int, maximise: bool) -> None:
    """Keep an objective at `value` or better, so that later stages cannot worsen it."""
    cp.add(expression >= value if maximise else expression <= value)


def set_hint(cp: cp_model.CpModel, values: Sequence[int] | dict[int, int]) -> None:
    """Replace the model's hint: every variable's value by index, or some of them as
    {index: value}. Set in bulk: adding hints one by one costs more than many solves."""
    cp.clear_hints()
    if not values:
        return  # an empty hint, unlike none, was seen to slow the search fourfold
    hint = cp.proto.solution_hint
    if isinstance(values, dict):
        hint.vars.extend(values.keys())
        hint.values.extend(values.values())
    else:
        hint.vars.extend(range(len(values)))
        hint.values.extend(values)


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, stage: str, progress: Progress):
        super().__init__()
        self.stage, self.progress = stage, progress

    def on_solution_callback(self) -> None:
        self.progress(
            f"{self.stage}: best so far {round(self.objective_value)}, "
            f"bound {round(self.best_objective_bound)}"
        )
