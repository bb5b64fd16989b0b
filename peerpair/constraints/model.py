"""The CP-SAT model of a year's pairings: one boolean per allowed (half term, supervisor,
supervisee) and one per session that may need cover.

Pairs a hard rule forbids never get a variable (most rules work that way, and it keeps
the model small); the remaining rules add constraints through the accessors here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from peerpair.constraints.base import HalfTermPairs
from peerpair.constraints.eligibility import Eligibility
from peerpair.domain.plan import Session
from peerpair.domain.roster import Roster


@dataclass(frozen=True)
class Pairing:
    """A possible session and its variable (1 when the plan makes it)."""

    half_term: int
    supervisor: int
    supervisee: int
    chosen: cp_model.IntVar


class PairingModel:
    def __init__(
        self,
        roster: Roster,
        eligibility: Eligibility,
        half_terms: list[int],
        fixed_sessions: tuple[Session, ...] = (),
        candidates: dict[int, HalfTermPairs] | None = None,
    ) -> None:
        """`half_terms` are the ones to plan; `fixed_sessions` are sessions of earlier half
        terms that stay as they are (a re-solve) and that repeat-pair rules must see.
        `candidates` limits a half term to some of its allowed pairs (large rosters)."""
        self.roster = roster
        self.eligibility = eligibility
        self.half_terms = half_terms
        self.cp = cp_model.CpModel()
        self.fixed_pairs = {
            (roster.index[s.supervisor_id], roster.index[s.supervisee_id])
            for s in fixed_sessions
            if s.supervisor_id in roster.index and s.supervisee_id in roster.index
        }
        self.pairings: list[Pairing] = []
        self.cover: dict[tuple[int, int], cp_model.IntVar] = {}
        for h in half_terms:
            if candidates is not None and h in candidates:
                supervisors, supervisees = candidates[h].supervisors, candidates[h].supervisees
            else:
                supervisors, supervisees = eligibility.pairs(h)
            for s, r in zip(supervisors.tolist(), supervisees.tolist(), strict=True):
                var = self.cp.new_bool_var(f"h{h}_s{s}_r{r}")
                self.pairings.append(Pairing(h, s, r, var))
            for r in eligibility.receivers(h):
                self.cover[h, r] = self.cp.new_bool_var(f"cover_h{h}_r{r}")
        self._by_arc = {(p.half_term, p.supervisor, p.supervisee): p.chosen for p in self.pairings}

    def chosen(self, h: int, supervisor: int, supervisee: int) -> cp_model.IntVar | None:
        return self._by_arc.get((h, supervisor, supervisee))

    def into(self, h: int) -> dict[int, list[cp_model.IntVar]]:
        """Each supervisee's possible sessions in half term h."""
        return self._grouped(h, lambda p: p.supervisee)

    def out_of(self, h: int) -> dict[int, list[cp_model.IntVar]]:
        """Each supervisor's possible sessions in half term h."""
        return self._grouped(h, lambda p: p.supervisor)

    def between(self) -> dict[frozenset[int], list[cp_model.IntVar]]:
        """Every possible session of each unordered pair of people, across the planned year."""
        grouped: dict[frozenset[int], list[cp_model.IntVar]] = defaultdict(list)
        for p in self.pairings:
            grouped[frozenset((p.supervisor, p.supervisee))].append(p.chosen)
        return grouped

    def _grouped(self, h: int, key) -> dict[int, list[cp_model.IntVar]]:
        grouped: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for p in self.pairings:
            if p.half_term == h:
                grouped[key(p)].append(p.chosen)
        return grouped
