"""The same 0/1 model solved by HiGHS (through `scipy.optimize.milp`).

Columns: a 0/1 session per allowed (half term, supervisor, supervisee), the same arcs as
peerpair's model, and a 0/1 Cover Needed per (half term, supervisee). Rows: H1 (each
supervisee has one supervisor or Cover Needed), H2 (capacity), H4 (x_ab + x_ba <= 1) and,
with Repeat Pairs = forbid, H11 (each pair at most once in the year; pairs from History have
no column, as every other rule that forbids a pair outright). Every objective that applies
is optimised in priority order, each stage holding the values before it as a row:

- Cover Needed and trust-lead sessions are sums of columns;
- sessions beyond a supervisor's first, and repeated pairs within the year, need one
  continuous column each (beyond >= load - 1, repeats >= meetings - 1), integral at the
  optimum since the sessions are.

scipy's interface takes no starting solution, so each stage starts from scratch.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array, vstack

from benchmarks.methods.outcome import Outcome, plan_from
from peerpair.constraints import HARD_RULES, OBJECTIVES
from peerpair.constraints.cover_needed import FewestCoverNeeded
from peerpair.constraints.eligibility import Eligibility
from peerpair.constraints.repeat_pairs import FewestRepeatPairs
from peerpair.constraints.same_hub import SameHub, _same_hub
from peerpair.constraints.spread_load import SpreadTheLoad
from peerpair.constraints.trust_lead_sessions import FewestTrustLeadSessions


def run(roster, time_limit: float) -> Outcome:
    started = time.perf_counter()
    eligibility = Eligibility(roster, HARD_RULES)
    model = _Model(roster, eligibility)
    objectives = [o for o in OBJECTIVES if o.applies(roster)]
    solution, proven = solve_in_order(roster, model, objectives, started + time_limit)
    if solution is None:
        return Outcome(plan=None, note="no plan found")
    return Outcome(
        plan=plan_from(roster, eligibility, model.sessions(solution)),
        proven=proven,
        note=f"{len(proven)} of {len(objectives)} stages",
    )


def solve_in_order(
    roster, model: _Model, objectives: list, deadline: float
) -> tuple[np.ndarray | None, dict[str, bool]]:
    """Every objective in priority order, each stage holding the values before it, until
    `deadline` (a `time.perf_counter()` reading): the last solution found (None if none)
    and, per objective reached, whether HiGHS proved it."""
    rows, lower, upper = [model.rows], [model.lower], [model.upper]
    solution, proven = None, {}
    for objective in objectives:
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        sign = -1.0 if objective.maximise(roster) else 1.0
        cost = sign * model.objective(objective)
        result = milp(
            cost,
            integrality=model.integrality,
            bounds=Bounds(0, model.column_upper),
            constraints=LinearConstraint(
                vstack(rows).tocsr(), np.concatenate(lower), np.concatenate(upper)
            ),
            options={"time_limit": left, "mip_rel_gap": 0.0},
        )
        if result.x is None:
            break
        solution = result.x
        proven[objective.name] = result.status == 0
        # Hold this stage's value: later stages may not worsen it.
        rows.append(csr_array(cost[None, :]))
        lower.append(np.array([-np.inf]))
        upper.append(np.array([round(float(cost @ solution)) + 0.5]))
    return solution, proven


class _Model:
    """The matrix, built in bulk with numpy from the eligible arcs: of every half term, or of
    `half_terms` only, with `met_this_year` (pairs as low * people + high positions) counted
    as met before, as History is (the half terms before, when the year is split)."""

    def __init__(
        self,
        roster,
        eligibility: Eligibility,
        half_terms: list[int] | None = None,
        met_this_year: np.ndarray | None = None,
    ):
        self.roster = roster
        n = len(roster.people)
        self.n = n
        if half_terms is None:
            half_terms = list(range(len(roster.half_terms)))
        arcs = [np.nonzero(eligibility.allowed(h)) for h in half_terms]
        self.half_term = np.concatenate(
            [np.full(len(s), h, dtype=np.int64) for h, (s, _) in zip(half_terms, arcs, strict=True)]
        )
        self.supervisor = np.concatenate([s for s, _ in arcs]).astype(np.int64)
        self.supervisee = np.concatenate([r for _, r in arcs]).astype(np.int64)
        arc_count = len(self.supervisor)
        self.covers = [(h, r) for h in half_terms for r in eligibility.receivers(h)]
        cover_h = np.array([h for h, _ in self.covers], dtype=np.int64)
        cover_r = np.array([r for _, r in self.covers], dtype=np.int64)
        capacity = np.array([p.capacity for p in roster.people], dtype=np.int64)

        # Who may be loaded beyond their first session: one "beyond" column per such
        # (half term, supervisor).
        giver_key = self.half_term * n + self.supervisor
        keys, giver_of_arc, load = np.unique(giver_key, return_inverse=True, return_counts=True)
        extra = (capacity[keys % n] > 1) & (load > 1)
        beyond_of_key = np.full(len(keys), -1)
        beyond_of_key[extra] = np.arange(extra.sum())
        beyond_count = int(extra.sum())

        # Unordered pairs, for repeats within the year and against History.
        low = np.minimum(self.supervisor, self.supervisee)
        high = np.maximum(self.supervisor, self.supervisee)
        pair_codes, pair_of_arc, meetings = np.unique(
            low * n + high, return_inverse=True, return_counts=True
        )
        index = roster.index
        history = np.array(
            [
                min(index[p.supervisor_id], index[p.supervisee_id]) * n
                + max(index[p.supervisor_id], index[p.supervisee_id])
                for p in roster.history
            ],
            dtype=np.int64,
        )
        if met_this_year is not None:
            history = np.concatenate([history, met_this_year])
        self.met_before = np.isin(low * n + high, history)
        forbid = roster.settings.repeat_pairs == "forbid"
        repeatable = (meetings > 1) & ~np.isin(pair_codes, history)
        repeat_of_pair = np.full(len(pair_codes), -1)
        repeat_of_pair[repeatable] = np.arange(repeatable.sum())
        repeat_count = 0 if forbid else int(repeatable.sum())

        self.first_cover = arc_count
        self.first_beyond = arc_count + len(self.covers)
        self.first_repeat = self.first_beyond + beyond_count
        columns = self.first_repeat + repeat_count
        self.columns = columns
        self.integrality = np.zeros(columns)
        self.integrality[: self.first_beyond] = 1
        self.column_upper = np.ones(columns)
        self.column_upper[self.first_beyond : self.first_repeat] = np.maximum(
            capacity[keys % n][extra] - 1, 0
        )
        self.column_upper[self.first_repeat :] = np.inf

        blocks = []  # (row ids, column ids, coefficients, lower, upper)
        # H1: sessions into each supervisee plus Cover Needed == 1.
        cover_row = np.full(len(roster.half_terms) * n, -1, dtype=np.int64)
        cover_row[cover_h * n + cover_r] = np.arange(len(self.covers))
        row_of_arc = cover_row[self.half_term * n + self.supervisee]
        blocks.append(
            (
                np.concatenate([row_of_arc, np.arange(len(self.covers))]),
                np.concatenate(
                    [np.arange(arc_count), self.first_cover + np.arange(len(self.covers))]
                ),
                np.ones(arc_count + len(self.covers)),
                np.ones(len(self.covers)),
                np.ones(len(self.covers)),
            )
        )
        # H2: load <= capacity, where a supervisor has more arcs than places.
        over = load > capacity[keys % n]
        row_of_key = np.full(len(keys), -1)
        row_of_key[over] = np.arange(over.sum())
        in_row = row_of_key[giver_of_arc] >= 0
        blocks.append(
            (
                row_of_key[giver_of_arc][in_row],
                np.arange(arc_count)[in_row],
                np.ones(in_row.sum()),
                np.full(over.sum(), -np.inf),
                capacity[keys % n][over].astype(float),
            )
        )
        # H4: x_ab + x_ba <= 1 in each half term.
        code = (self.half_term * n + self.supervisor) * n + self.supervisee
        back = (self.half_term * n + self.supervisee) * n + self.supervisor
        order = np.argsort(code)
        where = np.searchsorted(code[order], back)
        where = np.minimum(where, arc_count - 1)
        has_back = (code[order][where] == back) & (self.supervisor < self.supervisee)
        ab = np.arange(arc_count)[has_back]
        ba = order[where[has_back]]
        pairs = len(ab)
        blocks.append(
            (
                np.repeat(np.arange(pairs), 2),
                np.column_stack([ab, ba]).ravel(),
                np.ones(2 * pairs),
                np.full(pairs, -np.inf),
                np.ones(pairs),
            )
        )
        # Beyond the first: load - beyond <= 1.
        in_beyond = beyond_of_key[giver_of_arc] >= 0
        blocks.append(
            (
                np.concatenate([beyond_of_key[giver_of_arc][in_beyond], np.arange(beyond_count)]),
                np.concatenate(
                    [np.arange(arc_count)[in_beyond], self.first_beyond + np.arange(beyond_count)]
                ),
                np.concatenate([np.ones(in_beyond.sum()), -np.ones(beyond_count)]),
                np.full(beyond_count, -np.inf),
                np.ones(beyond_count),
            )
        )
        if forbid:
            # H11: each pair at most once in the year.
            multi = meetings > 1
            row_of_pair = np.full(len(pair_codes), -1)
            row_of_pair[multi] = np.arange(multi.sum())
            in_pair = row_of_pair[pair_of_arc] >= 0
            blocks.append(
                (
                    row_of_pair[pair_of_arc][in_pair],
                    np.arange(arc_count)[in_pair],
                    np.ones(in_pair.sum()),
                    np.full(multi.sum(), -np.inf),
                    np.ones(multi.sum()),
                )
            )
        else:
            # Repeats within the year: meetings - repeats <= 1.
            in_pair = repeat_of_pair[pair_of_arc] >= 0
            blocks.append(
                (
                    np.concatenate([repeat_of_pair[pair_of_arc][in_pair], np.arange(repeat_count)]),
                    np.concatenate(
                        [np.arange(arc_count)[in_pair], self.first_repeat + np.arange(repeat_count)]
                    ),
                    np.concatenate([np.ones(in_pair.sum()), -np.ones(repeat_count)]),
                    np.full(repeat_count, -np.inf),
                    np.ones(repeat_count),
                )
            )
        self.beyond_columns = np.arange(self.first_beyond, self.first_repeat)
        self.repeat_columns = np.arange(self.first_repeat, columns)
        row_blocks = []
        lowers, uppers = [], []
        for rows, cols, values, lo, up in blocks:
            row_blocks.append(csr_array((values, (rows, cols)), shape=(len(lo), columns)))
            lowers.append(lo)
            uppers.append(up)
        self.rows = vstack(row_blocks).tocsr()
        self.lower = np.concatenate(lowers)
        self.upper = np.concatenate(uppers)

    def objective(self, objective) -> np.ndarray:
        """The objective as a cost per column."""
        cost = np.zeros(self.columns)
        arcs = slice(0, self.first_cover)
        if isinstance(objective, FewestCoverNeeded):
            cost[self.first_cover : self.first_beyond] = 1
        elif isinstance(objective, FewestTrustLeadSessions):
            leads = np.array([p.is_trust_lead for p in self.roster.people])
            cost[arcs] = leads[self.supervisor]
        elif isinstance(objective, SpreadTheLoad):
            cost[self.beyond_columns] = 1
        elif isinstance(objective, FewestRepeatPairs):
            cost[arcs] = self.met_before
            cost[self.repeat_columns] = 1
        elif isinstance(objective, SameHub):
            cost[arcs] = _same_hub(self.roster, self.supervisor, self.supervisee)
        else:
            raise ValueError(f"no HiGHS form for {objective.name}")
        return cost

    def sessions(self, solution: np.ndarray) -> dict[tuple[int, int], int]:
        chosen = solution[: self.first_cover] > 0.5
        return dict(
            zip(
                zip(self.half_term[chosen].tolist(), self.supervisee[chosen].tolist(), strict=True),
                self.supervisor[chosen].tolist(),
                strict=True,
            )
        )
