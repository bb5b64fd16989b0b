"""The one CP-SAT runner (peerpair/pairing/cp_sat.py): objectives in strict priority order
(SPEC 3), each holding those before it; no search where a plan is already the best
possible; a spent budget proves nothing."""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from peerpair.pairing.cp_sat import Outcome, Stage, optimise_in_order, set_hint

Plan = tuple[int, ...]  # each variable's value


class _Three:
    """Three booleans, at most two of them true; built only when a stage asks."""

    def __init__(self) -> None:
        self.built = 0
        self._cp: cp_model.CpModel | None = None

    @property
    def cp(self) -> cp_model.CpModel:
        if self._cp is None:
            self.built += 1
            self._cp = cp_model.CpModel()
            self.x = [self._cp.new_bool_var(f"x{i}") for i in range(3)]
            self._cp.add(sum(self.x) <= 2)
        return self._cp

    def hint(self, plan: Plan) -> None:
        set_hint(self.cp, list(plan))

    def read(self, solution: Sequence[int]) -> Plan:
        return tuple(solution[:3])


def _stages(search: _Three) -> list[Stage[Plan]]:
    return [
        Stage("most chosen", lambda: sum(search.x), sum, maximise=True, best_possible=2),
        Stage("least weight", lambda: 2 * search.x[0] + search.x[1], lambda p: 2 * p[0] + p[1]),
    ]


def test_a_later_objective_never_worsens_an_earlier_one():
    """SPEC 3: objectives in strict priority order: the second (least 2 x0 + x1) may only
    choose among the plans best on the first (two chosen), so it gives x1 and x2, not the
    empty plan it would give on its own."""
    search = _Three()

    plan, outcomes, _ = optimise_in_order(search, _stages(search), (0, 0, 0), seconds=5, seed=0)

    assert plan == (0, 1, 1)
    assert outcomes == [Outcome(2, 2, True), Outcome(1, 1, True)]


def test_a_plan_already_the_best_possible_needs_no_search():
    """A stage whose plan has its best possible value is proven without a model: a planner
    whose greedy plan is optimal never builds one."""
    search = _Three()
    stages = [_stages(search)[0]]

    plan, outcomes, spent = optimise_in_order(search, stages, (1, 1, 0), seconds=5, seed=0)

    assert (plan, outcomes, spent, search.built) == ((1, 1, 0), [Outcome(2, 2, True)], 0.0, 0)


def test_a_spent_budget_keeps_the_plan_and_proves_nothing():
    """With no time left, the plan stands as it is, each stage unproven, with no bound."""
    search = _Three()

    plan, outcomes, _ = optimise_in_order(search, _stages(search), (1, 0, 0), seconds=0, seed=0)

    assert plan == (1, 0, 0)
    assert outcomes == [Outcome(1, None, False), Outcome(2, None, False)]
