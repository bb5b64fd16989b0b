"""The greedy (`greedy`) timed as one pass: one random order, no restarts. Its time is what
a macro takes to make a plan; `greedy`'s row beside it is the best of its restarts."""

from __future__ import annotations

from benchmarks.methods import greedy
from benchmarks.methods.outcome import Outcome


def run(roster, time_limit: float) -> Outcome:
    return greedy.run(roster, time_limit, restarts=1)
