"""A randomised greedy with restarts, as a spreadsheet macro would do it.

Half term by half term, supervisees in a random order each take a random eligible supervisor
(every rule that forbids a pair outright, as peerpair reads them) who has a free place and
whom they do not already supervise that half term (H4); with Repeat Pairs = forbid, also
nobody they met earlier in the year (H11). Whoever finds nobody goes under Cover Needed.
The best plan of up to RESTARTS restarts, compared on the objectives in priority order with
peerpair's own counts, within at most BUDGET seconds. Nothing is ever proven.
"""

from __future__ import annotations

import time
from functools import partial

import numpy as np

from benchmarks.methods.outcome import Outcome, Sessions, plan_from
from peerpair.constraints import HARD_RULES, OBJECTIVES
from peerpair.constraints.eligibility import Eligibility

RESTARTS = 100
BUDGET = 30.0  # seconds: a macro someone waits for
TRIES = 30  # random draws before looking through every candidate


def run(roster, time_limit: float, seed: int = 0, restarts: int = RESTARTS) -> Outcome:
    started = time.perf_counter()
    budget = min(time_limit, BUDGET)
    eligibility = Eligibility(roster, HARD_RULES)
    objectives = [o for o in OBJECTIVES if o.applies(roster)]
    half_terms = list(range(len(roster.half_terms)))
    rng = np.random.default_rng(seed)
    most = restarts
    best, best_score, restarts = None, None, 0
    while restarts < most and (restarts == 0 or time.perf_counter() - started < budget):
        plan = plan_from(roster, eligibility, one_pass(roster, eligibility, rng))
        values = [o.value(roster, plan, half_terms) for o in objectives]
        score = tuple(
            -v if o.maximise(roster) else v for o, v in zip(objectives, values, strict=True)
        )
        if best_score is None or score < best_score:
            best, best_score = plan, score
        restarts += 1
    note = "one pass" if restarts == 1 else f"best of {restarts} restarts"
    return Outcome(plan=best, note=note)


def one_pass(roster, eligibility: Eligibility, rng: np.random.Generator) -> Sessions:
    """One plan: half term by half term, supervisees in a random order."""
    forbid = roster.settings.repeat_pairs == "forbid"
    capacity = np.array([p.capacity for p in roster.people])
    sessions: Sessions = {}
    met: set[tuple[int, int]] = set()
    met_before = met if forbid else frozenset()  # a repeat is only forbidden at forbid
    for h in range(len(roster.half_terms)):
        who_may_supervise = np.ascontiguousarray(eligibility.allowed(h).T)
        free = capacity.copy()
        supervisor_of: dict[int, int] = {}
        for supervisee in rng.permutation(eligibility.receivers(h)).tolist():
            candidates = np.flatnonzero(who_may_supervise[supervisee])
            fits = partial(_fits, supervisee, free, supervisor_of, met_before)
            chosen = _random_fit(candidates, fits, rng)
            if chosen is not None:
                free[chosen] -= 1
                supervisor_of[supervisee] = chosen
        sessions |= {(h, r): s for r, s in supervisor_of.items()}
        met |= {(min(s, r), max(s, r)) for r, s in supervisor_of.items()}
    return sessions


def _fits(supervisee, free, supervisor_of, met_before, supervisor) -> bool:
    """A free place, no reciprocal pair, and (Repeat Pairs = forbid) a pair new this year."""
    return (
        free[supervisor] > 0
        and supervisor_of.get(supervisor) != supervisee
        and (min(supervisor, supervisee), max(supervisor, supervisee)) not in met_before
    )


def _random_fit(candidates: np.ndarray, fits, rng: np.random.Generator) -> int | None:
    """A uniformly random candidate that fits: a few blind draws first (fast while most
    places are free), then a shuffled pass over the rest."""
    if len(candidates) == 0:
        return None
    for s in rng.choice(candidates, size=min(TRIES, len(candidates))).tolist():
        if fits(s):
            return s
    for s in rng.permutation(candidates).tolist():
        if fits(s):
            return s
    return None
