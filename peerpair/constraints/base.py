"""What every rule module provides.

A hard rule enters the model in up to two ways: `forbids` removes pairs that may
never be made (most rules are of this kind), `add_to_model` adds constraints
over the pairing variables (capacity, reciprocal pairs, ...). `check` audits a
finished plan; for pair rules it is derived from `forbids`, so the model, the
plan's Checks sheet and `peerpair check` share one definition of each rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from peerpair.domain.roster import school_key

if TYPE_CHECKING:
    from peerpair.constraints.model import PairingModel
    from peerpair.domain.plan import Plan
    from peerpair.domain.roster import Roster


@dataclass(frozen=True)
class Violation:
    """One broken rule in a plan, in words a trust lead can act on."""

    rule: str  # e.g. "H5 different schools"
    half_term: str
    people: tuple[str, ...]  # IDs of the people involved
    message: str


def label(roster: Roster, person_id: str) -> str:
    """A person as messages name them, "Ann Able (101)"; the bare ID for someone the roster
    does not hold."""
    return roster.person(person_id).label() if person_id in roster.index else person_id


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one rule's check of a plan: a row of the Checks sheet."""

    rule: str
    violations: tuple[Violation, ...] = field(default=())
    in_force: bool = True  # False for a rule the roster's settings switch off

    @property
    def passed(self) -> bool:
        return not self.violations


class HardRule:
    """Base of H1-H11. Subclasses set `code` and `name` and override what applies."""

    code: str = ""
    name: str = ""

    @property
    def title(self) -> str:
        return f"{self.code} {self.name}"

    def in_force(self, roster: Roster) -> bool:
        """False when the roster's settings switch the rule off (H11 unless Repeat Pairs is
        forbid)."""
        return True

    def forbids(self, roster: Roster, h: int) -> np.ndarray | None:
        """Boolean matrix [supervisor, supervisee] of pairs this rule rules out in half term h,
        or None when the rule rules out no pair on its own."""
        return None

    def why(self, roster: Roster, h: int, supervisor: int, supervisee: int) -> str:
        """One line on why `forbids` rules this pair out (people are positions in the roster)."""
        raise NotImplementedError

    def add_to_model(self, model: PairingModel) -> None:
        """Constraints over the pairing variables; pairs in `forbids` never get a variable."""

    def check(self, roster: Roster, plan: Plan) -> list[Violation]:
        return self._forbidden_sessions(roster, plan)

    def _forbidden_sessions(self, roster: Roster, plan: Plan) -> list[Violation]:
        found = []
        for h, half_term in enumerate(roster.half_terms):
            sessions = [
                s
                for s in plan.sessions_in(half_term.name)
                if s.supervisor_id in roster.index and s.supervisee_id in roster.index
            ]
            if not sessions:
                continue
            forbidden = self.forbids(roster, h)
            if forbidden is None:
                continue
            for s in sessions:
                a, b = roster.index[s.supervisor_id], roster.index[s.supervisee_id]
                if forbidden[a, b]:
                    found.append(
                        Violation(
                            self.title,
                            half_term.name,
                            (s.supervisor_id, s.supervisee_id),
                            self.why(roster, h, a, b),
                        )
                    )
        return found


class Objective:
    """Base of the objectives, in SPEC 3's priority order. `expression` is what the model
    optimises; `value` measures the same thing on a finished plan, so the Summary's figures
    can be checked against the solver's."""

    name: str = ""

    def applies(self, roster: Roster) -> bool:
        return True

    def maximise(self, roster: Roster) -> bool:
        return False

    def expression(self, model: PairingModel):
        raise NotImplementedError

    def value(self, roster: Roster, plan: Plan, half_terms: list[int]) -> int:
        raise NotImplementedError

    def flow_prices(self, roster: Roster, pairs: HalfTermPairs) -> tuple[np.ndarray, int]:
        """This objective's price for each possible session of a half term, and for each place
        a supervisor gives beyond their first, in the half-term flow (half_term_flow.py).
        The prices' total must rank plans as `value` does, up to a constant."""
        raise NotImplementedError


def supervisor_mask(roster: Roster, keep) -> np.ndarray:
    """Pairs forbidden because the supervisor fails `keep(person)`: whole rows of the matrix."""
    ok = np.fromiter((keep(p) for p in roster.people), dtype=bool, count=len(roster.people))
    return np.broadcast_to(~ok[:, None], (len(ok), len(ok)))


def supervisee_mask(roster: Roster, keep) -> np.ndarray:
    """Pairs forbidden because the supervisee fails `keep(person)`: whole columns."""
    ok = np.fromiter((keep(p) for p in roster.people), dtype=bool, count=len(roster.people))
    return np.broadcast_to(~ok[None, :], (len(ok), len(ok)))


def pair_mask(roster: Roster, pairs, both_ways: bool) -> np.ndarray:
    """Pairs forbidden because they are listed, as (supervisor ID, supervisee ID)."""
    n = len(roster.people)
    forbidden = np.zeros((n, n), dtype=bool)
    for a, b in pairs:
        i, j = roster.index[a], roster.index[b]
        forbidden[i, j] = True
        if both_ways:
            forbidden[j, i] = True
    return forbidden


def same_text(values: list[str]) -> np.ndarray:
    """Matrix of which people share a school or hub, matched as `school_key` matches them."""
    keys = [school_key(v) for v in values]
    _, codes = np.unique(np.array(keys, dtype=object), return_inverse=True)
    return codes[:, None] == codes[None, :]


@dataclass(frozen=True)
class HalfTermPairs:
    """Some possible sessions of half term `h`, as parallel arrays of roster positions, and
    what the objectives need to price them."""

    h: int
    supervisors: np.ndarray
    supervisees: np.ndarray
    met: np.ndarray  # [a, b] when a and b met in History or earlier half terms, either way
    previous: Plan | None  # the published plan, when re-solving

    def met_before_mask(self) -> np.ndarray:
        """Which of these sessions pair two people who met before (either way round)."""
        return self.met[self.supervisors, self.supervisees]
