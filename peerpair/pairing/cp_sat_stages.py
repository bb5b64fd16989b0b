"""The pairing model's objectives as stages of the shared CP-SAT runner (cp_sat.py).

solve.py calls on this where the half-term flow cannot settle things: a half term whose
reciprocal pairs could not be swapped away, and objectives that join the half terms up
(repeat pairs across the year, or Repeat Pairs = forbid). The budget is shared by the
stages, and the solver's value of each is taken as it (an objective may add variables of
its own to the model, which a plan from elsewhere has no values for).
"""

from __future__ import annotations

from collections.abc import Sequence

from peerpair.constraints.base import Objective
from peerpair.constraints.model import PairingModel
from peerpair.pairing.cp_sat import Progress, Stage, hold, optimise_in_order, set_hint

# Sessions by (half term, supervisee) -> supervisor, all by position.
Sessions = dict[tuple[int, int], int]


def optimise_objectives(
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
    search = _PairingSearch(model)
    stages = [
        Stage(
            o.name,
            # Each stage's expression is built once: bind it now, not in the loop's scope.
            lambda o=o: o.expression(model),
            None,
            o.maximise(model.roster),
        )
        for o in objectives
    ]
    solution, outcomes, spent = optimise_in_order(
        search, stages, search.solution(hint), seconds=budget, seed=seed, progress=progress
    )
    chosen = {
        (p.half_term, p.supervisee): p.supervisor
        for p in model.pairings
        if solution[p.chosen.index]
    }
    return [(o.bound, o.proven) for o in outcomes], chosen, spent


def hold_objective(model: PairingModel, objective: Objective, value: int) -> None:
    """Keep `objective` at `value` or better in `model`, for the stages after it."""
    hold(model.cp, objective.expression(model), value, objective.maximise(model.roster))


class _PairingSearch:
    """The pairing model as a Search whose plans are CP-SAT solutions: each stage starts
    from the last one's, its own variables included."""

    def __init__(self, model: PairingModel) -> None:
        self.cp = model.cp
        self.model = model

    def solution(self, sessions: Sessions) -> list[int]:
        solution = [0] * len(self.cp.proto.variables)
        for p in self.model.pairings:
            if sessions.get((p.half_term, p.supervisee)) == p.supervisor:
                solution[p.chosen.index] = 1
        for (h, supervisee), var in self.model.cover.items():
            solution[var.index] = int((h, supervisee) not in sessions)
        return solution

    def hint(self, plan: list[int]) -> None:
        set_hint(self.cp, plan)

    def read(self, solution: Sequence[int]) -> list[int]:
        return list(solution)
