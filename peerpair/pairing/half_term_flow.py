"""One half term's pairings as a minimum-cost flow, solved in milliseconds.

Drop the no-reciprocal rule (H4) and a half term is a capacitated assignment: supervisors
give places, supervisees take one each. OR-Tools' min-cost flow finds the most sessions
(fewest under Cover Needed), and among those the cheapest, where each objective after the
first prices pairs (and extra places) on its own level, weighted so that a lower level can
never outweigh one unit of a higher one. The result is exactly optimal whenever it has no
reciprocal pair; the few reciprocal pairs it does make are swapped away at no cost where
possible, and CP-SAT settles the rest (see solve.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import numpy as np
from ortools.graph.python import min_cost_flow

from peerpair.constraints.base import Objective
from peerpair.pairing.eligibility import Eligibility
from peerpair.pairing.plan import Plan

_COST_CEILING = 2**62  # int64 costs, with room for the flow's sums


@dataclass(frozen=True)
class HalfTermPairs:
    """The possible sessions of half term `h`, as parallel arrays of roster positions, and
    what the objectives need to price them."""

    h: int
    supervisors: np.ndarray
    supervisees: np.ndarray
    met_before: frozenset[frozenset[int]]  # pairs that met in History or earlier half terms
    previous: Plan | None  # the published plan, when re-solving

    def met_before_mask(self) -> np.ndarray:
        """Which possible sessions pair two people who met before (either way round)."""
        n = int(max(self.supervisors.max(initial=0), self.supervisees.max(initial=0))) + 1
        met = [sorted(pair) for pair in self.met_before if len(pair) == 2]
        met_codes = np.array([a * n + b for a, b in met if b < n], dtype=np.int64)
        low = np.minimum(self.supervisors, self.supervisees)
        high = np.maximum(self.supervisors, self.supervisees)
        return np.isin(low.astype(np.int64) * n + high, met_codes)

    def only(self, keep: np.ndarray) -> HalfTermPairs:
        return replace(self, supervisors=self.supervisors[keep], supervisees=self.supervisees[keep])


@dataclass(frozen=True)
class FlowPlan:
    sessions: dict[int, int]  # supervisee -> supervisor, by roster position
    priced: int  # how many objectives (from the first) the flow optimised
    reciprocal: list[tuple[int, int]]  # pairs left supervising each other (H4 broken)
    candidates: HalfTermPairs  # the pairs the flow chose from: all, or the cheapest few each
    # True when it chose from the cheapest few: then only the number of sessions is proven,
    # by the search for an augmenting path over every allowed pair.
    sparse: bool = False


def half_term_pairs(
    eligibility: Eligibility, h: int, met_before: frozenset[frozenset[int]], previous: Plan | None
) -> HalfTermPairs:
    supervisors, supervisees = np.nonzero(eligibility.allowed(h))
    # 32-bit positions halve the memory of the largest arrays (21M pairs at 5,000 people).
    return HalfTermPairs(
        h, supervisors.astype(np.int32), supervisees.astype(np.int32), met_before, previous
    )


# Above this many possible sessions in a half term (about 1,200 people), the flow works on
# each supervisee's cheapest few, and a search of the whole matrix certifies the number of
# sessions; dense flows at 5,000 people would take minutes and gigabytes.
DENSE_LIMIT = 1_500_000
CANDIDATES_EACH = 40


def best_flow(
    eligibility: Eligibility, pairs: HalfTermPairs, objectives: list[Objective]
) -> FlowPlan:
    """The cheapest plan for the half term with the most sessions, ignoring H4, then with as
    many reciprocal pairs swapped away as can be at no cost."""
    roster = eligibility.roster
    givers = eligibility.givers(pairs.h)
    receivers = eligibility.receivers(pairs.h)
    # Prices are small (0, 1 or 2): a byte each keeps 21M pairs a level at 21 MB.
    levels = [
        (pair_price.astype(np.int8), extra_place_price)
        for pair_price, extra_place_price in (o.flow_prices(roster, pairs) for o in objectives[1:])
    ]
    weights, priced = _weights(levels, len(receivers), [roster.people[g].capacity for g in givers])
    pair_cost = np.zeros(len(pairs.supervisors), dtype=np.int64)
    extra_place_cost = 0
    for weight, (pair_price, extra_place_price) in zip(weights, levels, strict=False):
        pair_cost += weight * pair_price.astype(np.int64)
        extra_place_cost += weight * extra_place_price
    del levels

    sparse = len(pair_cost) > DENSE_LIMIT
    if not sparse:
        used = np.arange(len(pair_cost))
        sessions = _cheapest_most_sessions(eligibility, pairs, pair_cost, used, extra_place_cost)
    else:
        used = _cheapest_each(pairs, pair_cost, CANDIDATES_EACH)
        n = len(roster.people)
        # Every pair the flow may use (not simply every allowed pair: with Repeat Pairs =
        # forbid, pairs that met before are out too), as a matrix and by position.
        possible = np.zeros((n, n), dtype=bool)
        possible[pairs.supervisors, pairs.supervisees] = True
        position = pairs.supervisors.astype(np.int64) * n + pairs.supervisees  # sorted
        while True:
            sessions = _cheapest_most_sessions(
                eligibility, pairs, pair_cost, used, extra_place_cost
            )
            missing = _augmenting_path(eligibility, possible, pairs.h, sessions)
            if missing is None:
                break
            grown = np.union1d(used, np.searchsorted(position, [a * n + b for a, b in missing]))
            if len(grown) == len(used):  # a bug, which must not become an endless loop
                raise RuntimeError("an augmenting path used a pair the flow cannot")
            used = grown
        priced = 1  # the number of sessions is certified; the later objectives are not
    # Swaps may use any possible pair; the candidates then include the pairs swapped in.
    reciprocal = _swap_away_reciprocal_pairs(sessions, _Prices(pairs, pair_cost))
    if sparse:
        n = len(roster.people)
        position = pairs.supervisors.astype(np.int64) * n + pairs.supervisees
        chosen = np.searchsorted(position, [s * n + r for r, s in sessions.items()])
        used = np.union1d(used, chosen)
    return FlowPlan(sessions, priced, reciprocal, pairs.only(used), sparse)


def _cheapest_most_sessions(
    eligibility: Eligibility,
    pairs: HalfTermPairs,
    pair_cost: np.ndarray,
    used: np.ndarray,
    extra_place_cost: int,
) -> dict[int, int]:
    """The min-cost flow over the pairs at positions `used`: supervisee -> supervisor."""
    roster = eligibility.roster
    givers = eligibility.givers(pairs.h)
    receivers = eligibility.receivers(pairs.h)
    # Everyone may be both a supervisor and a supervisee: one node for each role.
    as_supervisor = np.full(len(roster.people), -1, dtype=np.int64)
    as_supervisee = np.full(len(roster.people), -1, dtype=np.int64)
    as_supervisor[givers] = np.arange(2, 2 + len(givers))
    as_supervisee[receivers] = np.arange(2 + len(givers), 2 + len(givers) + len(receivers))
    source, sink = 0, 1
    capacity = np.array([roster.people[g].capacity for g in givers], dtype=np.int64)
    extra = capacity > 1
    flow = min_cost_flow.SimpleMinCostFlow()
    # A supervisor's first place is free; further places cost what spreading the load says.
    _arcs(flow, source, as_supervisor[givers], np.minimum(capacity, 1), 0)
    _arcs(flow, source, as_supervisor[givers][extra], capacity[extra] - 1, extra_place_cost)
    supervisors, supervisees = pairs.supervisors[used], pairs.supervisees[used]
    session_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        as_supervisor[supervisors],
        as_supervisee[supervisees],
        np.ones(len(used), dtype=np.int64),
        pair_cost[used],
    )
    _arcs(flow, as_supervisee[receivers], sink, np.ones(len(receivers), dtype=np.int64), 0)
    flow.set_node_supply(source, len(receivers))
    flow.set_node_supply(sink, -len(receivers))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    chosen = flow.flows(session_arcs) > 0
    return dict(zip(supervisees[chosen].tolist(), supervisors[chosen].tolist(), strict=True))


def _cheapest_each(pairs: HalfTermPairs, pair_cost: np.ndarray, each: int) -> np.ndarray:
    """Positions of each supervisee's `each` cheapest possible sessions, and of each
    supervisor's (so that every place, a trust lead's too, can be reached), ties broken by
    a fixed scramble of the pair so that candidates spread out the same way on every run."""
    n = int(max(pairs.supervisors.max(initial=0), pairs.supervisees.max(initial=0))) + 1
    code = pairs.supervisors.astype(np.uint64) * np.uint64(n) + pairs.supervisees.astype(np.uint64)
    # Fibonacci hashing: the top bits of code * 2^64/phi mix supervisor and supervisee, so
    # each supervisee's ties fall on different supervisors.
    scramble = (code * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - _SCRAMBLE_BITS)
    # Costs take few distinct values: their rank, scramble and person pack into one key,
    # and one sort of it is many times faster than a sort on three keys.
    del code
    cost_rank = np.unique(pair_cost, return_inverse=True)[1].astype(np.uint64)
    within = (cost_rank << np.uint64(_SCRAMBLE_BITS)) | scramble
    del cost_rank, scramble
    shift = np.uint64(int(within.max(initial=0)).bit_length())
    chosen = [
        _first_each(side, within, shift, each) for side in (pairs.supervisees, pairs.supervisors)
    ]
    return np.union1d(*chosen)


_SCRAMBLE_BITS = 24


def _first_each(person: np.ndarray, within: np.ndarray, shift: np.uint64, each: int):
    """Positions of the `each` smallest `within` values of every person."""
    key = (person.astype(np.uint64) << shift) | within
    order = np.argsort(key)
    del key
    grouped = person[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return order[rank < each]


def _augmenting_path(
    eligibility: Eligibility, possible: np.ndarray, h: int, sessions: dict[int, int]
):
    """A way to give one more person a session using any `possible` pair (not only the
    candidates the flow saw), as the pairs it needs; None when there is none, which proves
    that `sessions` has the most sessions possible (Berge: a flow is maximum when no
    augmenting path exists). Each step searches the matrix's columns for the frontier."""
    roster = eligibility.roster
    n = len(roster.people)
    capacity = np.array([p.capacity for p in roster.people])
    load = np.bincount(np.fromiter(sessions.values(), dtype=np.int64), minlength=n)
    supervisees_of: dict[int, list[int]] = {}
    for r, s in sessions.items():
        supervisees_of.setdefault(s, []).append(r)
    frontier = [r for r in eligibility.receivers(h) if r not in sessions]
    reached_from = np.full(n, -1)  # supervisor -> the supervisee that reached them
    seen = set(frontier)
    while frontier:
        reach = possible[:, frontier]
        new = np.nonzero(reach.any(axis=1) & (reached_from < 0))[0]
        reached_from[new] = np.asarray(frontier)[reach[new].argmax(axis=1)]
        free = new[load[new] < capacity[new]]
        if free.size:
            # Every free place reached gives a path; adding them all saves re-solving.
            return [pair for s in free.tolist() for pair in _path_back(s, reached_from, sessions)]
        frontier = [r for s in new.tolist() for r in supervisees_of.get(s, []) if r not in seen]
        seen.update(frontier)
    return None


def _path_back(supervisor: int, reached_from: np.ndarray, sessions: dict[int, int]):
    """The pairs of an augmenting path that ends at a supervisor with a free place."""
    path = []
    while True:
        supervisee = int(reached_from[supervisor])
        path.append((supervisor, supervisee))
        if supervisee not in sessions:
            return path
        supervisor = sessions[supervisee]


class _Prices:
    """The flow's price of a session, looked up only for the few a swap needs."""

    def __init__(self, pairs: HalfTermPairs, cost: np.ndarray):
        self.pairs, self.cost = pairs, cost
        self.of_supervisor = cache(self._of_supervisor)

    def _of_supervisor(self, supervisor: int) -> dict[int, int]:
        mine = self.pairs.supervisors == supervisor
        return dict(
            zip(self.pairs.supervisees[mine].tolist(), self.cost[mine].tolist(), strict=True)
        )

    def of_supervisee(self, supervisee: int) -> dict[int, int]:
        mine = self.pairs.supervisees == supervisee
        return dict(
            zip(self.pairs.supervisors[mine].tolist(), self.cost[mine].tolist(), strict=True)
        )


def _arcs(flow, tails, heads, capacities: np.ndarray, cost: int) -> None:
    """Arcs from one node to many, or many to one, all at the same cost."""
    count = len(capacities)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.broadcast_to(np.asarray(tails, dtype=np.int64), (count,)).copy(),
        np.broadcast_to(np.asarray(heads, dtype=np.int64), (count,)).copy(),
        capacities.astype(np.int64),
        np.full(count, cost, dtype=np.int64),
    )


def _weights(levels, receivers: int, capacities: list[int]) -> tuple[list[int], int]:
    """Each level's weight, highest first, so that one unit of a level outweighs every lower
    level at its worst; and how many objectives that lets the flow price, counting the first
    (the most sessions). Levels that would overflow int64 costs are left to CP-SAT."""
    extra_places = sum(max(c - 1, 0) for c in capacities)
    worst = [
        int(pair_price.max(initial=0)) * receivers + extra_place_price * extra_places
        for pair_price, extra_place_price in levels
    ]
    for kept in range(len(levels), -1, -1):
        weights, weight = [], 1
        for top in reversed(worst[:kept]):
            weights.append(weight)
            weight *= top + 1
        if weight * (receivers + 1) < _COST_CEILING:
            return list(reversed(weights)), kept + 1
    return [], 1


def _swap_away_reciprocal_pairs(sessions: dict[int, int], prices: _Prices):
    """Break each a <-> b by exchanging a's supervisee with another session c -> d whose
    exchange a -> d, c -> b costs the same and makes no new reciprocal pair. Every level's
    value is unchanged, since supervisors keep their loads and the total cost stays. Returns
    the pairs that could not be broken."""
    left = []
    for b, a in sorted(sessions.items()):
        if sessions.get(a) != b or sessions.get(b) != a or a > b:
            continue
        from_a, to_b = prices.of_supervisor(a), prices.of_supervisee(b)
        for d, c in sorted(sessions.items()):
            if c in (a, b) or d in (a, b):
                continue
            new_ad, new_cb = from_a.get(d), to_b.get(c)
            if new_ad is None or new_cb is None:
                continue
            if new_ad + new_cb != from_a[b] + prices.of_supervisor(c)[d]:
                continue
            if sessions.get(a) == d or sessions.get(c) == b:
                continue
            sessions[d], sessions[b] = a, c
            break
        else:
            left.append((a, b))
    return left
