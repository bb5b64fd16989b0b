"""Objective 6: most (Same Hub = prefer) or fewest (avoid) pairs within one hub. Trusts
differ: local pairs know the context, cross-hub pairs bring fresh eyes and more distance."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from peerpair.constraints.base import Objective, PriceBounds, per_person, text_codes


def _same_hub(roster, supervisors: np.ndarray, supervisees: np.ndarray) -> np.ndarray:
    """Which of these pairs share a hub (blank hubs are never the same)."""
    hub = text_codes(roster, "hub")
    has_hub = per_person(roster, "has hub", lambda p: bool(p.hub.strip()))
    return (hub[supervisors] == hub[supervisees]) & has_hub[supervisors] & has_hub[supervisees]


class SameHub(Objective):
    name = "same-hub pairs"

    def applies(self, roster):
        return roster.settings.same_hub != "any"

    def maximise(self, roster):
        return roster.settings.same_hub == "prefer"

    def expression(self, model):
        pairings = model.pairings
        same = _same_hub(
            model.roster,
            np.array([p.supervisor for p in pairings], dtype=np.intp),
            np.array([p.supervisee for p in pairings], dtype=np.intp),
        )
        return cp_model.LinearExpr.sum([p.chosen for p, s in zip(pairings, same, strict=True) if s])

    def flow_prices(self, roster, pairs):
        same = _same_hub(roster, pairs.supervisors, pairs.supervisees)
        # With the number of sessions settled first, fewest other-hub pairs is most same-hub.
        return (~same if self.maximise(roster) else same).astype(np.int8), 0

    def flow_price_bounds(self, roster, h):
        # A hub holds a few schools or the whole trust: no floor holds for most pairs.
        return PriceBounds(most=1, few_above=False)

    def value(self, roster, plan, half_terms):
        names = {roster.half_terms[h].name for h in half_terms}
        index = roster.index
        sessions = [
            (index[s.supervisor_id], index[s.supervisee_id])
            for s in plan.sessions
            if s.half_term in names and s.supervisor_id in index and s.supervisee_id in index
        ]
        pairs = np.array(sessions, dtype=np.intp).reshape(-1, 2)
        return int(_same_hub(roster, pairs[:, 0], pairs[:, 1]).sum())
