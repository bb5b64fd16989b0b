"""Objective 2 (re-solves only): fewest changed sessions. After a change request, an absence
or a leaver, the published plan is re-solved from the current half term, and as few people
as possible should get a new supervisor: policy 001, Appendix 2 asks that "everyone in the
cycle is aware of whom they offer supervision to and whom they receive it from"."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from peerpair.constraints.base import Objective, PairList, PriceBounds, once
from peerpair.domain.changes import changes_between
from peerpair.domain.plan import Plan

_NONE = -2  # no previous supervisor


class FewestChangedSessions(Objective):
    name = "changed sessions"

    def __init__(self, previous: Plan) -> None:
        self.previous = previous

    def expression(self, model):
        roster = model.roster
        supervisors: dict[tuple[int, str], list[str]] = {}
        for s in self.previous.sessions:
            h = roster.half_term_index(s.half_term)
            supervisors.setdefault((h, s.supervisee_id), []).append(s.supervisor_id)
        # (half term, supervisee) -> previous supervisor, by position. Someone a hand-edited
        # plan gave two supervisors changes whatever happens, so has no entry.
        kept_supervisor = {
            (h, roster.index[supervisee]): roster.index[ids[0]]
            for (h, supervisee), ids in supervisors.items()
            if len(ids) == 1 and supervisee in roster.index and ids[0] in roster.index
        }
        changes: list = []
        previous_sessions = 0
        for h in model.half_terms:
            name = roster.half_terms[h].name
            previously_supervised = {s.supervisee_id for s in self.previous.sessions_in(name)}
            previous_sessions += len(previously_supervised)
            for (cover_h, supervisee), cover in model.cover.items():
                if cover_h != h:
                    continue
                if roster.people[supervisee].id not in previously_supervised:
                    # No supervisor before: having one now is a change (1 - cover).
                    changes.append(1 - cover)
        # A previous session is unchanged only if its variable is chosen again; sessions
        # whose supervisee no longer receives, or whose pair is now forbidden, always change.
        kept = [
            model.chosen(h, supervisor, supervisee)
            for (h, supervisee), supervisor in kept_supervisor.items()
            if h in model.half_terms
        ]
        kept = [var for var in kept if var is not None]
        return cp_model.LinearExpr.sum(changes) + previous_sessions - cp_model.LinearExpr.sum(kept)

    def flow_prices(self, roster, pairs):
        # Changes = (sessions for people with no previous supervisor) - (previous sessions
        # kept) + a constant; shifted by one so prices are not negative, which the settled
        # number of sessions makes a constant too: keep 0, another supervisor 1, new 2.
        was = once(roster, (self, pairs.h), lambda: self._supervisor_before(roster, pairs.h))
        before = was[pairs.supervisees]
        prices = np.where(before == _NONE, 2, np.where(before == pairs.supervisors, 0, 1))
        return prices.astype(np.int8), 0

    def flow_price_bounds(self, roster, h):
        # Every pair is priced at its supervisee's floor but the previous session, below it.
        was = once(roster, (self, h), lambda: self._supervisor_before(roster, h))
        kept = np.flatnonzero(was >= 0)
        return PriceBounds(
            most=2,
            supervisee=np.where(was == _NONE, 2, 1).astype(np.int8),
            below=PairList.of_positions(
                len(roster.people),
                zip(was[kept].tolist(), kept.tolist(), strict=True),
                both_ways=False,
            ),
        )

    def _supervisor_before(self, roster, h: int) -> np.ndarray:
        """Each supervisee's previous supervisor: _NONE when they had none; -1 when it cannot
        be kept (a leaver, or two supervisors in a hand-edited plan), which no pair matches."""
        supervisors: dict[int, list[int]] = {}
        for s in self.previous.sessions_in(roster.half_terms[h].name):
            if s.supervisee_id in roster.index:
                supervisors.setdefault(roster.index[s.supervisee_id], []).append(
                    roster.index.get(s.supervisor_id, -1)
                )
        was = np.full(len(roster.people), _NONE, dtype=np.int64)
        for r, ids in supervisors.items():
            was[r] = ids[0] if len(ids) == 1 else -1
        return was

    def value(self, roster, plan, half_terms):
        names = [roster.half_terms[h].name for h in half_terms]
        return len(changes_between(self.previous, plan, names))
