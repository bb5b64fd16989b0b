"""Objective 6: most (Same Hub = prefer) or fewest (avoid) pairs within one hub. Trusts
differ: local pairs know the context, cross-hub pairs bring fresh eyes and more distance."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from peerpair.constraints.base import Objective, same_text


def _same_hub(roster) -> np.ndarray:
    hubs = [p.hub for p in roster.people]
    has_hub = np.array([bool(h.strip()) for h in hubs])
    return same_text(hubs) & has_hub[:, None] & has_hub[None, :]


class SameHub(Objective):
    name = "same-hub pairs"

    def applies(self, roster):
        return roster.settings.same_hub != "any"

    def maximise(self, roster):
        return roster.settings.same_hub == "prefer"

    def expression(self, model):
        same = _same_hub(model.roster)
        return cp_model.LinearExpr.sum(
            [p.chosen for p in model.pairings if same[p.supervisor, p.supervisee]]
        )

    def flow_prices(self, roster, pairs):
        same = _same_hub(roster)[pairs.supervisors, pairs.supervisees]
        # With the number of sessions settled first, fewest other-hub pairs is most same-hub.
        return (~same if self.maximise(roster) else same).astype(np.int64), 0

    def value(self, roster, plan, half_terms):
        same = _same_hub(roster)
        names = {roster.half_terms[h].name for h in half_terms}
        return sum(
            1
            for s in plan.sessions
            if s.half_term in names
            and s.supervisor_id in roster.index
            and s.supervisee_id in roster.index
            and same[roster.index[s.supervisor_id], roster.index[s.supervisee_id]]
        )
