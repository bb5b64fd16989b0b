"""One half term's pairings as a minimum-cost flow, solved in milliseconds.

Drop the no-reciprocal rule (H4) and a half term is a capacitated assignment: supervisors
give places, supervisees take one each. OR-Tools' min-cost flow finds the most sessions
(fewest under Cover Needed), and among those the cheapest, where each objective after the
first prices pairs (and extra places) on its own level, weighted so that a lower level can
never outweigh one unit of a higher one. The result is exactly optimal whenever it has no
reciprocal pair; the few reciprocal pairs it does make are swapped away at no cost where
possible, and CP-SAT settles the rest (see solve.py).

At 5,000 people a half term has over 20 million possible pairs, at 50,000 over 2 billion:
too many to list, let alone to give the flow. There the flow starts from about ten
candidates a person, and two certificates over every possible pair grow that set until it
provably holds an optimal plan: no augmenting path (so no plan has more sessions), and no
pair with a reduced cost below 0 under the flow's node potentials (so no plan is cheaper).
Neither needs to look at most pairs (issue 17). Each objective bounds its prices from
arrays of one value a person (`Objective.flow_price_bounds`): where those floors price all
but a few pairs a person, any few cheapest-floored partners make good candidates, and a
pair's reduced cost is at least its supervisor's floor and potential less its supervisee's,
so only the pairs where that leaves room below 0 are priced. With good candidates neither
certificate finds anything. Nothing people x people is kept: memory grows with the
candidates and one block.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from ortools.graph.python import min_cost_flow

from peerpair.constraints.base import (
    HalfTermPairs,
    Objective,
    PairList,
    PriceBounds,
    distinct,
)
from peerpair.constraints.eligibility import BLOCK_PAIRS, Eligibility
from peerpair.domain.plan import Plan

_COST_CEILING = 2**62  # int64 costs, with room for the flow's sums


@dataclass(frozen=True)
class PossibleSessions:
    """Every possible session of half term `h`: the pairs no hard rule forbids, less pairs
    that met before when Repeat Pairs is forbid. Never listed whole: at 5,000 people a half
    term has 21 million, at 20,000 over 300 million; they are asked about a block of
    supervisors at a time."""

    h: int
    eligibility: Eligibility
    met: PairList
    forbid_repeats: bool
    previous: Plan | None

    @property
    def people(self) -> int:
        return len(self.eligibility.roster.people)

    def allows(self, supervisors, supervisees) -> np.ndarray:
        """Which of these pairs (arrays that broadcast together) are possible sessions."""
        allowed = self.eligibility.allows(self.h, supervisors, supervisees)
        if self.forbid_repeats:
            allowed &= ~self.met.holds(supervisors, supervisees)
        return allowed

    def blocks(self, at_least: int = 1, receivers: np.ndarray | None = None):
        """The half term's givers a block at a time (of `at_least` rows), with the possible
        sessions of each with `receivers` (ascending; by default everyone who receives):
        every possible session once."""
        givers = self.eligibility.giver_array(self.h)
        if receivers is None:
            receivers = self.eligibility.receiver_array(self.h)
        rows = max(at_least, BLOCK_PAIRS // max(len(receivers), 1))
        for start in range(0, len(givers), rows):
            supervisors = givers[start : start + rows]
            yield supervisors, self.allows(supervisors[:, None], receivers[None, :])

    def more_than(self, limit: int) -> bool:
        """Whether there are more than `limit` possible sessions (counted only that far)."""
        found = 0
        for _, allowed in self.blocks():
            found += int(np.count_nonzero(allowed))
            if found > limit:
                break
        return found > limit

    def every_pair(self) -> HalfTermPairs:
        receivers = self.eligibility.receiver_array(self.h)
        supervisors, supervisees = [], []
        for rows, allowed in self.blocks():
            row, column = np.nonzero(allowed)
            supervisors.append(rows[row])
            supervisees.append(receivers[column])
        if not supervisors:
            return self.pairs(np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp))
        return self.pairs(np.concatenate(supervisors), np.concatenate(supervisees))

    def of_supervisor(self, supervisor: int) -> HalfTermPairs:
        receivers = self.eligibility.receiver_array(self.h)
        supervisees = receivers[self.allows(np.intp(supervisor), receivers)]
        return self.pairs(np.full(len(supervisees), supervisor), supervisees)

    def of_supervisee(self, supervisee: int) -> HalfTermPairs:
        givers = self.eligibility.giver_array(self.h)
        supervisors = givers[self.allows(givers, np.intp(supervisee))]
        return self.pairs(supervisors, np.full(len(supervisors), supervisee))

    def at(self, codes: np.ndarray) -> HalfTermPairs:
        """The sessions with these codes (supervisor * people + supervisee)."""
        supervisors, supervisees = np.divmod(codes, self.people)
        return self.pairs(supervisors, supervisees)

    def pairs(self, supervisors: np.ndarray, supervisees: np.ndarray) -> HalfTermPairs:
        return HalfTermPairs(
            self.h,
            supervisors.astype(np.intp),
            supervisees.astype(np.intp),
            self.met,
            self.previous,
        )


def possible_sessions(
    eligibility: Eligibility,
    h: int,
    met_before: np.ndarray,
    previous: Plan | None,
    forbid_repeats: bool,
) -> PossibleSessions:
    """The possible sessions of half term h, given the pairs of positions that met before
    (an array of two columns, either way round)."""
    apart = met_before[met_before[:, 0] != met_before[:, 1]]
    met = PairList.of_positions(len(eligibility.roster.people), apart, both_ways=True)
    return PossibleSessions(h, eligibility, met, forbid_repeats, previous)


@dataclass(frozen=True)
class FlowPlan:
    sessions: dict[int, int]  # supervisee -> supervisor, by roster position
    priced: int  # how many objectives (from the first) the flow optimised
    reciprocal: list[tuple[int, int]]  # pairs left supervising each other (H4 broken)
    candidates: HalfTermPairs  # the pairs the flow chose from: all, or the cheapest few each
    sparse: bool = False  # True when it chose from the cheapest few (and certified them)


# Above this many possible sessions in a half term (about 1,200 people), the flow works on
# each person's cheapest few, grown until certificates over every possible pair show that
# nothing was missed; dense flows at 5,000 people would take minutes and gigabytes.
DENSE_LIMIT = 1_500_000
CANDIDATES_EACH = 5
# A receiver with more givers than this whose price floors leave room for a pair below its
# reduced cost has every possible pair priced, a block at a time, rather than one by one.
SCREENED_EACH = 64


def best_flow(
    eligibility: Eligibility, possible: PossibleSessions, objectives: list[Objective]
) -> FlowPlan:
    """The cheapest plan for the half term with the most sessions, ignoring H4, then with as
    many reciprocal pairs swapped away as can be at no cost."""
    roster = eligibility.roster
    receivers = len(eligibility.receivers(possible.h))
    capacities = [roster.people[g].capacity for g in eligibility.givers(possible.h)]
    sparse = possible.more_than(DENSE_LIMIT)
    if not sparse:
        pairs = possible.every_pair()
        levels, extra_place_prices = _level_prices(roster, objectives, pairs)
        most = [int(level.max(initial=0)) for level in levels]
        prices = _Prices(
            roster, objectives, possible, most, extra_place_prices, receivers, capacities
        )
        flow = _cheapest_most_sessions(
            eligibility, pairs, prices.weighted(pairs.supervisors, levels), prices.extra_place_cost
        )
    else:
        ranked = _Ranked(roster, objectives, possible, CANDIDATES_EACH)
        prices = _Prices(
            roster,
            objectives,
            possible,
            ranked.most,
            ranked.extra_place_prices,
            receivers,
            capacities,
        )
        codes = ranked.cheapest
        while True:
            pairs = possible.at(codes)
            flow = _cheapest_most_sessions(
                eligibility, pairs, prices.of(pairs), prices.extra_place_cost
            )
            # Certificates over every possible pair, not only the candidates: no way to
            # give one more person a session (Berge), then no pair priced below what the
            # flow's node potentials say it is worth (reduced costs: the flow is then the
            # cheapest over every pair, as linear programming duality shows).
            missing = _augmenting_path(eligibility, possible, flow.sessions)
            if missing is not None:
                more = np.array([a * len(roster.people) + b for a, b in missing])
            else:
                more = ranked.undercutting(prices, flow)
            if not len(more):
                break
            grown = distinct(np.concatenate([codes, more]))
            if len(grown) == len(codes):  # a bug, which must not become an endless loop
                raise RuntimeError("a certificate named a pair the flow already had")
            codes = grown
    sessions = flow.sessions
    # Swaps may use any possible pair; the candidates then include the pairs swapped in.
    reciprocal = _swap_away_reciprocal_pairs(sessions, prices)
    if sparse:
        chosen = np.array([s * len(roster.people) + r for r, s in sessions.items()], np.int64)
        pairs = possible.at(distinct(np.concatenate([codes, chosen])))
    return FlowPlan(sessions, prices.priced, reciprocal, pairs, sparse)


@dataclass(frozen=True)
class _Flow:
    """A solved min-cost flow: its sessions, and its network for the potentials."""

    sessions: dict[int, int]  # supervisee -> supervisor
    as_supervisor: np.ndarray  # each person's node as a supervisor (-1 if none)
    as_supervisee: np.ndarray
    tails: np.ndarray
    heads: np.ndarray
    capacities: np.ndarray
    costs: np.ndarray
    flows: np.ndarray

    def potentials(self) -> np.ndarray:
        """Node potentials under which every arc of the residual network has a reduced cost
        of at least 0: shortest distances from a node joined to every node at cost 0
        (Bellman-Ford, a round over every arc at a time). They exist because an optimal
        flow leaves no negative cycle."""
        forward, backward = self.flows < self.capacities, self.flows > 0
        tails = np.concatenate([self.tails[forward], self.heads[backward]])
        heads = np.concatenate([self.heads[forward], self.tails[backward]])
        costs = np.concatenate([self.costs[forward], -self.costs[backward]])
        nodes = max(self.as_supervisor.max(initial=1), self.as_supervisee.max(initial=1)) + 1
        distance = np.zeros(int(nodes), dtype=np.int64)
        for _ in range(len(distance) + 1):
            shorter = distance.copy()
            np.minimum.at(shorter, heads, distance[tails] + costs)
            if np.array_equal(shorter, distance):
                return distance
            distance = shorter
        raise RuntimeError("the min-cost flow left a negative cycle")


def _cheapest_most_sessions(
    eligibility: Eligibility,
    pairs: HalfTermPairs,
    pair_cost: np.ndarray,
    extra_place_cost: int,
) -> _Flow:
    """The min-cost flow over `pairs`."""
    roster = eligibility.roster
    givers = eligibility.givers(pairs.h)
    receivers = eligibility.receivers(pairs.h)
    # Everyone may be both a supervisor and a supervisee: one node for each role.
    as_supervisor = np.full(len(roster.people), -1, dtype=np.int64)
    as_supervisee = np.full(len(roster.people), -1, dtype=np.int64)
    as_supervisor[givers] = np.arange(2, 2 + len(givers))
    as_supervisee[receivers] = np.arange(2 + len(givers), 2 + len(givers) + len(receivers))
    source, sink = 0, 1
    capacity = np.array([eligibility.capacity(pairs.h, g) for g in givers], dtype=np.int64)
    extra = capacity > 1
    ones = np.ones(len(receivers) + len(pairs.supervisors), dtype=np.int64)
    # Arcs: a supervisor's first place is free; further places cost what spreading the load
    # says; then the sessions; then each supervisee's one session.
    tails = np.concatenate(
        [
            np.full(len(givers) + int(extra.sum()), source),
            as_supervisor[pairs.supervisors],
            as_supervisee[receivers],
        ]
    )
    heads = np.concatenate(
        [
            as_supervisor[givers],
            as_supervisor[givers][extra],
            as_supervisee[pairs.supervisees],
            np.full(len(receivers), sink),
        ]
    )
    capacities = np.concatenate([np.minimum(capacity, 1), capacity[extra] - 1, ones])
    costs = np.concatenate(
        [
            np.zeros(len(givers), dtype=np.int64),
            np.full(int(extra.sum()), extra_place_cost, dtype=np.int64),
            pair_cost.astype(np.int64),
            np.zeros(len(receivers), dtype=np.int64),
        ]
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_node_supply(source, len(receivers))
    flow.set_node_supply(sink, -len(receivers))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    flows = flow.flows(arcs)
    first = len(givers) + int(extra.sum())
    chosen = flows[first : first + len(pairs.supervisors)] > 0
    sessions = dict(
        zip(pairs.supervisees[chosen].tolist(), pairs.supervisors[chosen].tolist(), strict=True)
    )
    return _Flow(sessions, as_supervisor, as_supervisee, tails, heads, capacities, costs, flows)


class _Ranked:
    """The candidates of a large half term, and the certificate that they hold its cheapest
    plan, without pricing every possible session where the objectives' price bounds allow.

    Where each objective prices all but a few pairs of each person at a floor (a price of
    the supervisor's plus one of the supervisee's), any few pairs of a person at their floor
    are about as good as the cheapest: the candidates are then a fixed pseudo-random run of
    `each` of the cheapest-floored givers for every receiver and of receivers for every
    giver, plus the pairs priced below the floor, with the few people whom the rules leave
    short of candidates looked for over every pair. Otherwise every possible session is
    ranked, a block of supervisors at a time, and each person's cheapest few are kept.

    A pair's key holds its prices, highest objective first, as the digits of a base-3
    number: that ranks pairs as the flow's weighted cost does. Its low bits are a fixed
    scramble of the pair, so ties spread out the same way on every run; its top bit stays
    clear, so impossible pairs (all ones) rank last."""

    def __init__(self, roster, objectives, possible: PossibleSessions, each: int) -> None:
        self.roster, self.objectives, self.possible = roster, objectives, possible
        self.each = each
        levels_count = len(objectives) - 1
        self.scramble_bits = 31 - (3**levels_count - 1).bit_length()
        self.bounds = [o.flow_price_bounds(roster, possible.h) for o in objectives[1:]]
        self.receivers = possible.eligibility.receiver_array(possible.h)
        self.givers = possible.eligibility.giver_array(possible.h)
        nobody = np.zeros(0, dtype=np.intp)
        self.extra_place_prices = _level_prices(roster, objectives, possible.pairs(nobody, nobody))[
            1
        ]
        if all(bound.few_above for bound in self.bounds):
            # The bounds' highest prices: weights from them rank plans as any higher do.
            self.most = [bound.most for bound in self.bounds]
            self.cheapest = self._runs_of_cheapest()
        else:
            self.most = [0] * levels_count  # each objective's highest price, as ranked
            self.cheapest = self._cheapest_of_every_pair()

    def _runs_of_cheapest(self) -> np.ndarray:
        """Codes of a run of `each` cheapest-floored givers for every receiver and receivers
        for every giver, the pairs priced below the floor, and for the few people with fewer
        than half of `each` possible among those, their `each` cheapest over every pair."""
        people, each = self.possible.people, self.each
        supervisor_floor = _floor_ranks(self.bounds, "supervisor", people)
        supervisee_floor = _floor_ranks(self.bounds, "supervisee", people)
        givers, receivers = self.givers, self.receivers
        by_floor = givers[np.lexsort((_fibonacci(givers), supervisor_floor[givers]))]
        receivers_by_floor = receivers[
            np.lexsort((_fibonacci(receivers + 0x5BD1E995), supervisee_floor[receivers]))
        ]
        # Runs start afresh each half term: the same runs would offer the pairs that met.
        turn = self.possible.h * people
        to_receive = _runs(receivers, by_floor, supervisor_floor, each, turn)
        to_give = _runs(givers, receivers_by_floor, supervisee_floor, each, turn)
        below = [bound.below.codes for bound in self.bounds if bound.below is not None]
        supervisors = np.concatenate([to_receive[1], to_give[0], *(c // people for c in below)])
        supervisees = np.concatenate([to_receive[0], to_give[1], *(c % people for c in below)])
        allowed = self.possible.allows(supervisors, supervisees)
        supervisors, supervisees = supervisors[allowed], supervisees[allowed]
        codes = [supervisors.astype(np.int64) * people + supervisees]
        enough = (each + 1) // 2
        short_givers = givers[np.bincount(supervisors, minlength=people)[givers] < enough]
        if len(short_givers):
            fewest = _Fewest(each, receivers, _IMPOSSIBLE, people)
            rows = max(1, BLOCK_PAIRS // max(len(receivers), 1))
            for start in range(0, len(short_givers), rows):
                block = short_givers[start : start + rows]
                allowed = self.possible.allows(block[:, None], receivers[None, :])
                fewest.add(block, self._keys(block, receivers, allowed), columns_too=False)
            codes.append(fewest.codes())
        short = receivers[np.bincount(supervisees, minlength=people)[receivers] < enough]
        if len(short):
            codes.append(self._fewest_of_columns(short))
        return distinct(np.concatenate(codes))

    def _cheapest_of_every_pair(self) -> np.ndarray:
        """Each person's cheapest pairs, every possible session ranked."""
        possible, each = self.possible, self.each
        givers = len(self.givers)
        # Each supervisor's cheapest (so that every place, a trust lead's too, is reached),
        # and each supervisee's: about twice `each` of every person's cheapest pairs, as
        # the pairs of the cheapest rank whose scramble falls below a threshold (selecting
        # exactly `each` a person took most of the time at 20,000 people). Only people with
        # fewer get their `each` cheapest exactly: a supervisor from their own row, a
        # supervisee over a second pass for those few alone.
        one = 1 << self.scramble_bits
        below = np.uint32(min(one, 2 * each * one // max(givers, len(self.receivers), 1)))
        codes, picked = [], np.zeros(len(self.receivers), dtype=np.int64)
        for rows, allowed in possible.blocks(at_least=4 * each):
            keys = self._keys(rows, self.receivers, allowed)
            row, column = np.nonzero(keys < below)
            codes.append(rows[row].astype(np.int64) * possible.people + self.receivers[column])
            picked += np.bincount(column, minlength=len(self.receivers))
            short = np.flatnonzero(np.bincount(row, minlength=len(rows)) < each)
            if len(short):
                fewest = _Fewest(each, self.receivers, _IMPOSSIBLE, possible.people)
                fewest.add(rows[short], keys[short], columns_too=False)
                codes.append(fewest.codes())
        short = self.receivers[picked < each]
        if len(short):
            codes.append(self._fewest_of_columns(short))
        return distinct(np.concatenate(codes)) if codes else np.zeros(0, np.int64)

    def _fewest_of_columns(self, receivers: np.ndarray) -> np.ndarray:
        """Codes of the `each` cheapest possible sessions of each of these receivers."""
        fewest = _Fewest(self.each, receivers, _IMPOSSIBLE, self.possible.people)
        for rows, allowed in self.possible.blocks(at_least=4 * self.each, receivers=receivers):
            fewest.add(rows, self._keys(rows, receivers, allowed), rows_too=False)
        return fewest.codes()

    def _keys(self, rows: np.ndarray, receivers: np.ndarray, allowed: np.ndarray) -> np.ndarray:
        """The keys of a block of pairs, impossible ones last."""
        ranks, scramble = self._ranks(self.possible.pairs(rows[:, None], receivers[None, :]))
        keys = (ranks << np.uint32(self.scramble_bits)) | scramble
        keys[~allowed] = _IMPOSSIBLE
        return keys

    def _ranks(self, pairs: HalfTermPairs, scramble: bool = True):
        """Each pair's rank (its prices as base-3 digits, in an array that broadcasts to the
        block) and, if asked, its scramble, for a block of pairs (a column of supervisors
        against a row of supervisees)."""
        levels = _level_prices(self.roster, self.objectives, pairs)[0]
        # Prices about one side alone stay a row or a column until a pair's price joins them.
        rank = np.zeros((1, 1), dtype=np.uint32)
        for k, level in enumerate(levels):
            if level.min(initial=0) < 0 or level.max(initial=0) > 2:
                raise ValueError(f"{self.objectives[k + 1].name}: flow prices must be 0, 1 or 2")
            rank = rank * np.uint32(3) + level.astype(np.uint32)
            self.most[k] = max(self.most[k], int(level.max(initial=0)))
        if not scramble:
            return rank, None
        # Fibonacci hashing of each side, mixed: each supervisee's ties fall on different
        # supervisors, the same way on every run. 32-bit, as a block's passes are the cost.
        mixed = _fibonacci(pairs.supervisors) ^ _fibonacci(pairs.supervisees + 0x5BD1E995)
        return rank, (mixed * np.uint32(0x9E3779B9)) >> np.uint32(32 - self.scramble_bits)

    def undercutting(self, prices: _Prices, flow: _Flow) -> np.ndarray:
        """Codes of possible sessions the flow does not make whose reduced cost under its
        potentials is below 0: pairs that could make the plan cheaper. None means that the
        flow is the cheapest over every possible pair. Only each person's few most below 0
        are named, so the candidates grow by at most a few pairs a person a round: naming
        every one could name millions (issue 17).

        A pair's reduced cost is at least its supervisor's floor and potential less its
        supervisee's potential and floor: only pairs where that leaves room below 0, and
        pairs priced below their floor, are priced one by one; a receiver with too many
        such pairs has every possible pair of theirs priced, a block at a time."""
        potential = flow.potentials()
        people = self.possible.people
        supervisor = np.where(flow.as_supervisor >= 0, potential[flow.as_supervisor], 0)
        supervisee = np.where(flow.as_supervisee >= 0, potential[flow.as_supervisee], 0)
        supervisor_of = np.full(people, -1, dtype=np.intp)
        supervisor_of[list(flow.sessions)] = list(flow.sessions.values())
        floor_of_supervisor, floor_of_supervisee, below = prices.floors(self.bounds)
        least = floor_of_supervisor[self.givers] + supervisor[self.givers]
        order = np.argsort(least, kind="stable")
        least, givers = least[order], self.givers[order]
        # How many givers leave room below 0 with each receiver: the first that many by least.
        most = supervisee[self.receivers] - floor_of_supervisee[self.receivers]
        counts = np.searchsorted(least, most)
        doubtful = counts <= SCREENED_EACH
        nobody = np.zeros(0, dtype=np.intp)
        found = [(nobody, nobody, np.zeros(0, dtype=np.int64))]

        def priced(supervisors: np.ndarray, supervisees: np.ndarray) -> None:
            allowed = self.possible.allows(supervisors, supervisees)
            supervisors, supervisees = supervisors[allowed], supervisees[allowed]
            reduced = (
                prices.of(self.possible.pairs(supervisors, supervisees))
                + supervisor[supervisors]
                - supervisee[supervisees]
            )
            # The flow's own sessions may be priced below 0: they are not candidates to add.
            keep = (reduced < 0) & (supervisor_of[supervisees] != supervisors)
            found.append((supervisors[keep], supervisees[keep], reduced[keep]))

        columns = np.flatnonzero(doubtful & (counts > 0))
        step = max(1, BLOCK_PAIRS // (SCREENED_EACH + 1))
        for start in range(0, len(columns), step):
            many = counts[columns[start : start + step]]
            first = np.repeat(np.cumsum(many) - many, many)
            priced(
                givers[np.arange(int(many.sum())) - first],
                np.repeat(self.receivers[columns[start : start + step]], many),
            )
        if len(below):
            priced(below // people, below % people)
        supervisors, supervisees, reduced = (np.concatenate(s) for s in zip(*found, strict=True))
        codes = [_each_fewest(supervisors, supervisees, reduced, self.each, people)]
        wide = self.receivers[~doubtful]
        if len(wide):
            codes.append(
                self._undercutting_columns(wide, prices, supervisor, supervisee, supervisor_of)
            )
        return distinct(np.concatenate(codes))

    def _undercutting_columns(self, receivers, prices, supervisor, supervisee, supervisor_of):
        """`undercutting` over every possible pair of these receivers, a block at a time."""
        # A pair's weighted cost from its rank: every base-3 rank priced once.
        ranks = np.arange(3 ** len(self.most))
        digits = [(ranks // 3**k) % 3 for k in reversed(range(len(self.most)))]
        cost_of_rank = prices.weighted(ranks, digits)
        made_by = supervisor_of[receivers]
        found = _Fewest(self.each, receivers, _NOT_BELOW, self.possible.people)
        for rows, allowed in self.possible.blocks(at_least=4 * self.each, receivers=receivers):
            pairs = self.possible.pairs(rows[:, None], receivers[None, :])
            rank, _ = self._ranks(pairs, scramble=False)
            reduced = cost_of_rank[rank] + supervisor[rows][:, None] - supervisee[receivers]
            below = allowed & (reduced < 0) & (rows[:, None] != made_by[None, :])
            if below.any():
                found.add(rows, np.where(below, reduced, _NOT_BELOW))
        return found.codes()


def _floor_ranks(bounds: list[PriceBounds], side: str, people: int) -> np.ndarray:
    """Each person's floors on one side of a pair, highest objective first, as the digits of
    a base-3 number: ranked as the flow's weighted cost ranks them."""
    rank = np.zeros(people, dtype=np.int64)
    for bound in bounds:
        floor = getattr(bound, side)
        rank = rank * 3 + (0 if floor is None else floor.astype(np.int64))
    return rank


def _runs(people: np.ndarray, order: np.ndarray, floor: np.ndarray, each: int, turn: int):
    """For each of `people`, a run of `each` partners of `order` (in order of their `floor`)
    from a place among the cheapest-floored that a fixed scramble of the person (and of
    `turn`) picks: (people, partners), a pair each."""
    width = min(each, len(order))
    if not width or not len(people):
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    cheapest = int(np.searchsorted(floor[order], floor[order[0]], side="right"))
    start = (_fibonacci(people + turn) % np.uint32(cheapest)).astype(np.int64)
    at = (start[:, None] + np.arange(width)) % len(order)
    return np.repeat(people, width), order[at].ravel()


def _each_fewest(supervisors, supervisees, values, each: int, people: int) -> np.ndarray:
    """Codes of the pairs whose value is among the `each` smallest of their supervisor's or
    of their supervisee's (ties by code)."""
    codes = supervisors.astype(np.int64) * people + supervisees
    keep = np.zeros(len(codes), dtype=bool)
    for side in (supervisors, supervisees):
        order = np.lexsort((codes, values, side))
        grouped = side[order]
        keep[order[np.arange(len(order)) - np.searchsorted(grouped, grouped) < each]] = True
    return distinct(codes[keep])


def _fibonacci(positions: np.ndarray) -> np.ndarray:
    """The top 32 bits of position * 2^64/phi: a fixed scramble of roster positions."""
    return ((positions.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(32)).astype(
        np.uint32
    )


_IMPOSSIBLE = np.iinfo(np.uint32).max
_NOT_BELOW = np.iinfo(np.int64).max


class _Fewest:
    """Over blocks of pairs (a block of supervisors against every supervisee), the `each`
    smallest values of each supervisor's row and of each supervisee's column, `empty` for
    no pair."""

    def __init__(self, each: int, supervisees: np.ndarray, empty, people: int) -> None:
        self.each, self.supervisees, self.empty, self.people = each, supervisees, empty, people
        self.found: list[np.ndarray] = []  # codes, a block's rows at a time
        self.values: np.ndarray | None = None  # [each, supervisee] smallest so far
        self.rows = np.zeros((0, len(supervisees)), dtype=np.int32)

    def add(
        self, rows: np.ndarray, values: np.ndarray, rows_too: bool = True, columns_too: bool = True
    ) -> None:
        """A block: `values` [row, supervisee]. `rows_too` and `columns_too` say which of the
        smallest to keep: each row's, each column's."""
        if rows_too:
            picked = _smallest(values, self.each)
            self.found.append(self._codes(rows[:, None], self.supervisees[picked], values, picked))
        if not columns_too:
            return
        if self.values is None:
            self.values = values[:0]
        self.values = np.concatenate([self.values, values])
        self.rows = np.concatenate(
            [self.rows, np.broadcast_to(rows[:, None].astype(np.int32), values.shape)]
        )
        if len(self.values) > self.each:
            top = np.argpartition(self.values, self.each - 1, axis=0)[: self.each]
            self.values = np.take_along_axis(self.values, top, axis=0)
            self.rows = np.take_along_axis(self.rows, top, axis=0)

    def codes(self) -> np.ndarray:
        """The codes (supervisor * people + supervisee) of every pair kept, once each."""
        found = list(self.found)
        if self.values is not None:
            columns = np.broadcast_to(self.supervisees, self.values.shape)
            found.append(self._codes(self.rows, columns, self.values, None))
        return distinct(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)

    def _codes(self, supervisors, supervisees, values, picked) -> np.ndarray:
        chosen = values if picked is None else np.take_along_axis(values, picked, axis=1)
        supervisors, supervisees = np.broadcast_arrays(supervisors, supervisees)
        keep = chosen != self.empty
        return supervisors[keep].astype(np.int64) * self.people + supervisees[keep]


def _smallest(keys: np.ndarray, each: int) -> np.ndarray:
    """Column positions of the `each` smallest keys in every row."""
    if keys.shape[1] <= each:
        return np.broadcast_to(np.arange(keys.shape[1]), keys.shape)
    return np.argpartition(keys, each - 1, axis=1)[:, :each]


def _augmenting_path(eligibility: Eligibility, possible: PossibleSessions, sessions):
    """A way to give one more person a session using any possible pair (not only the
    candidates the flow saw), as the pairs it needs; None when there is none, which proves
    that `sessions` has the most sessions possible (Berge: a flow is maximum when no
    augmenting path exists). Each step asks, a block of givers at a time, who may supervise
    someone on the frontier."""
    roster = eligibility.roster
    n = len(roster.people)
    h = possible.h
    capacity = np.array([eligibility.capacity(h, g) for g in range(n)])
    load = np.bincount(np.fromiter(sessions.values(), dtype=np.int64), minlength=n)
    supervisees_of: dict[int, list[int]] = {}
    for r, s in sessions.items():
        supervisees_of.setdefault(s, []).append(r)
    frontier = [r for r in eligibility.receivers(h) if r not in sessions]
    reached_from = np.full(n, -1)  # supervisor -> the supervisee that reached them
    seen = set(frontier)
    givers = eligibility.giver_array(h)
    while frontier:
        columns = np.asarray(frontier, dtype=np.intp)
        rows = max(1, BLOCK_PAIRS // len(columns))
        new_parts = []
        for start in range(0, len(givers), rows):
            block = givers[start : start + rows]
            block = block[reached_from[block] < 0]
            reach = possible.allows(block[:, None], columns[None, :])
            hit = reach.any(axis=1)
            reached_from[block[hit]] = columns[reach[hit].argmax(axis=1)]
            new_parts.append(block[hit])
        new = np.concatenate(new_parts) if new_parts else np.zeros(0, dtype=np.intp)
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
    """The flow's price of each possible session: the objectives' own prices, each level
    weighted so that one unit of it outweighs every lower level at its worst."""

    def __init__(
        self, roster, objectives, possible, most, extra_place_prices, receivers, capacities
    ):
        self.roster, self.objectives, self.possible = roster, objectives, possible
        self.weights, self.priced = _weights(most, extra_place_prices, receivers, capacities)
        self.extra_place_cost = sum(
            w * extra for w, extra in zip(self.weights, extra_place_prices, strict=False)
        )
        self.of_supervisor = cache(self._of_supervisor)

    def floors(self, bounds: list[PriceBounds]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each person's weighted price floor as a supervisor and as a supervisee, and the
        codes of the pairs priced below the sum of the two (`Objective.flow_price_bounds`)."""
        people = self.possible.people
        of_supervisor = np.zeros(people, dtype=np.int64)
        of_supervisee = np.zeros(people, dtype=np.int64)
        below = [np.zeros(0, dtype=np.int64)]
        for weight, bound in zip(self.weights, bounds, strict=False):
            if bound.supervisor is not None:
                of_supervisor += weight * bound.supervisor.astype(np.int64)
            if bound.supervisee is not None:
                of_supervisee += weight * bound.supervisee.astype(np.int64)
            if bound.below is not None:
                below.append(bound.below.codes)
        return of_supervisor, of_supervisee, distinct(np.concatenate(below))

    def of(self, pairs: HalfTermPairs) -> np.ndarray:
        levels = _level_prices(self.roster, self.objectives, pairs)[0]
        return self.weighted(pairs.supervisors, levels)

    def weighted(self, like: np.ndarray, levels: list[np.ndarray]) -> np.ndarray:
        """The weighted cost of sessions as many as `like`, from each level's prices."""
        cost = np.zeros(len(like), dtype=np.int64)
        for weight, level in zip(self.weights, levels, strict=False):
            cost += weight * level.astype(np.int64)
        return cost

    def _of_supervisor(self, supervisor: int) -> dict[int, int]:
        return self._by(self.possible.of_supervisor(supervisor), "supervisees")

    def of_supervisee(self, supervisee: int) -> dict[int, int]:
        return self._by(self.possible.of_supervisee(supervisee), "supervisors")

    def _by(self, pairs: HalfTermPairs, side: str) -> dict[int, int]:
        return dict(zip(getattr(pairs, side).tolist(), self.of(pairs).tolist(), strict=True))


def _level_prices(roster, objectives, pairs: HalfTermPairs):
    """Each objective's prices after the first (the number of sessions, which the flow
    maximises): a byte a pair, and the price of a supervisor's extra place."""
    found = [o.flow_prices(roster, pairs) for o in objectives[1:]]
    return [price.astype(np.int8) for price, _ in found], [extra for _, extra in found]


def _weights(most, extra_place_prices, receivers: int, capacities) -> tuple[list[int], int]:
    """Each level's weight, highest first, so that one unit of a level outweighs every lower
    level at its worst (its highest pair price `most`, on every session, and every extra
    place); and how many objectives that lets the flow price, counting the first (the most
    sessions). Levels that would overflow int64 costs are left to CP-SAT."""
    extra_places = sum(max(c - 1, 0) for c in capacities)
    worst = [
        top * receivers + extra * extra_places
        for top, extra in zip(most, extra_place_prices, strict=True)
    ]
    for kept in range(len(worst), -1, -1):
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
