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

    def forbids(
        self, roster: Roster, h: int, supervisors: np.ndarray, supervisees: np.ndarray
    ) -> np.ndarray | None:
        """Which of these pairs (roster positions, in arrays that broadcast together) this rule
        rules out in half term h, as booleans of a shape that broadcasts with both; None when
        the rule rules out no pair on its own. Pairs are asked about a block at a time, never
        the whole people x people matrix (issue 17)."""
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
            sessions, supervisors, supervisees = _sessions_by_position(roster, plan, h)
            if not sessions:
                continue
            forbidden = self.forbids(roster, h, supervisors, supervisees)
            if forbidden is None:
                continue
            forbidden = np.broadcast_to(forbidden, supervisors.shape)
            for k in np.flatnonzero(forbidden).tolist():
                s, a, b = sessions[k], int(supervisors[k]), int(supervisees[k])
                found.append(
                    Violation(
                        self.title,
                        half_term.name,
                        (s.supervisor_id, s.supervisee_id),
                        self.why(roster, h, a, b),
                    )
                )
        return found


def _sessions_by_position(roster: Roster, plan: Plan, h: int):
    """The plan's sessions of half term h between people on the roster, with their
    supervisors' and supervisees' positions: found once for every pair rule's check. Only
    the last plan checked is kept."""
    store = roster.computed
    kept = store.get("sessions by position")
    if kept is None or kept[0] is not plan:
        kept = store["sessions by position"] = (plan, {})
    if h not in kept[1]:
        sessions = [
            s
            for s in plan.sessions_in(roster.half_terms[h].name)
            if s.supervisor_id in roster.index and s.supervisee_id in roster.index
        ]
        supervisors = np.array([roster.index[s.supervisor_id] for s in sessions], dtype=np.intp)
        supervisees = np.array([roster.index[s.supervisee_id] for s in sessions], dtype=np.intp)
        kept[1][h] = (sessions, supervisors, supervisees)
    return kept[1][h]


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

    def flow_price_bounds(self, roster: Roster, h: int) -> PriceBounds:
        """Bounds on `flow_prices` over every possible session of half term h, so that a large
        half term's flow can rule out most pairs without pricing each (issue 17). The
        default, a price from 0 to 2 with nothing known of where, always holds."""
        return PriceBounds(most=2, few_above=False)


@dataclass(frozen=True)
class PriceBounds:
    """What an objective's flow prices can be in a half term, known without pricing pairs:
    every pair's price is at most `most`, and at least supervisor[s] + supervisee[r] (arrays
    by roster position; None for 0) unless `below` lists the pair. `few_above` says that only
    a few pairs a person are priced above that floor, so any few pairs of each person at
    their floor are about as cheap as their cheapest."""

    most: int
    supervisor: np.ndarray | None = None
    supervisee: np.ndarray | None = None
    below: PairList | None = None
    few_above: bool = True


def distinct(codes: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array, ascending: `np.unique`, which in numpy 2.4
    hashes them, about a hundred times slower on a few hundred thousand pair codes."""
    ordered = np.sort(codes)
    if not len(ordered):
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def once(roster: Roster, key, compute):
    """`compute()`, worked out once per roster and key (the roster keeps it)."""
    store = roster.computed
    if key not in store:
        store[key] = compute()
    return store[key]


def per_person(roster: Roster, key, value, dtype=bool) -> np.ndarray:
    """`value(person)` for everyone, in roster order, worked out once per roster and key."""
    return once(
        roster,
        key,
        lambda: np.fromiter(
            (value(p) for p in roster.people), dtype=dtype, count=len(roster.people)
        ),
    )


def text_codes(roster: Roster, field: str) -> np.ndarray:
    """A number per person for their school (or hub): equal when `school_key` matches them."""

    def codes() -> np.ndarray:
        keys = [school_key(getattr(p, field)) for p in roster.people]
        return np.unique(np.array(keys, dtype=object), return_inverse=True)[1].astype(np.int64)

    return once(roster, ("codes", field), codes)


@dataclass(frozen=True)
class PairList:
    """Listed pairs of people (roster positions), looked up a block of pairs at a time."""

    codes: np.ndarray  # sorted supervisor * people + supervisee
    people: int
    as_supervisor: np.ndarray  # who appears first in some listed pair
    as_supervisee: np.ndarray

    @classmethod
    def of(cls, roster: Roster, pairs, both_ways: bool) -> PairList:
        """From (supervisor ID, supervisee ID) pairs; `both_ways` lists each reversed too."""
        listed = [(roster.index[a], roster.index[b]) for a, b in pairs]
        return cls.of_positions(len(roster.people), listed, both_ways)

    @classmethod
    def of_positions(cls, n: int, pairs, both_ways: bool) -> PairList:
        """From (supervisor, supervisee) pairs of roster positions, among `n` people."""
        listed = pairs if isinstance(pairs, np.ndarray) else list(pairs)
        array = np.array(listed, dtype=np.int64).reshape(-1, 2)
        if both_ways:
            array = np.concatenate([array, array[:, ::-1]])
        as_supervisor, as_supervisee = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
        as_supervisor[array[:, 0]] = True
        as_supervisee[array[:, 1]] = True
        return cls(distinct(array[:, 0] * n + array[:, 1]), n, as_supervisor, as_supervisee)

    def holds(self, supervisors: np.ndarray, supervisees: np.ndarray) -> np.ndarray:
        """Which of these pairs are listed."""
        if _is_grid(supervisors, supervisees):
            return self._on_grid(supervisors[:, 0], supervisees[0])
        maybe = self.as_supervisor[supervisors] & self.as_supervisee[supervisees]
        if maybe.any():
            a, b = np.broadcast_arrays(supervisors, supervisees)
            codes = a[maybe].astype(np.int64) * self.people + b[maybe]
            at = np.minimum(np.searchsorted(self.codes, codes), len(self.codes) - 1)
            maybe[maybe] = self.codes[at] == codes
        return maybe

    def _on_grid(self, supervisors: np.ndarray, supervisees: np.ndarray) -> np.ndarray:
        """`holds` for a column of supervisors and a row of supervisees in ascending order:
        each supervisor's listed pairs found by their range of codes, so the cost grows with
        the pairs listed, not with the grid (nearly everyone is in some pair of `met`)."""
        found = np.zeros((len(supervisors), len(supervisees)), dtype=bool)
        first = supervisors.astype(np.int64) * self.people
        start = np.searchsorted(self.codes, first)
        counts = np.searchsorted(self.codes, first + self.people) - start
        if not counts.sum():
            return found
        row = np.repeat(np.arange(len(supervisors)), counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        partner = self.codes[np.repeat(start, counts) + offsets] % self.people
        column = np.minimum(np.searchsorted(supervisees, partner), len(supervisees) - 1)
        hit = supervisees[column] == partner
        found[row[hit], column[hit]] = True
        return found


def _is_grid(supervisors, supervisees) -> bool:
    """Whether the pairs are a column of supervisors against a row of supervisees in
    ascending order, as a block of possible sessions asks."""
    return (
        np.ndim(supervisors) == 2
        and np.ndim(supervisees) == 2
        and np.shape(supervisors)[1] == 1
        and np.shape(supervisees)[0] == 1
        and len(supervisees[0]) > 0
        and bool(np.all(supervisees[0][1:] > supervisees[0][:-1]))
    )


@dataclass(frozen=True)
class HalfTermPairs:
    """Some possible sessions of half term `h`, as arrays of roster positions that broadcast
    together (parallel arrays, or a column of supervisors against a row of supervisees for a
    block of pairs), and what the objectives need to price them."""

    h: int
    supervisors: np.ndarray
    supervisees: np.ndarray
    met: PairList  # a and b, both ways, when they met in History or earlier half terms
    previous: Plan | None  # the published plan, when re-solving

    def met_before_mask(self) -> np.ndarray:
        """Which of these sessions pair two people who met before (either way round)."""
        return self.met.holds(self.supervisors, self.supervisees)
