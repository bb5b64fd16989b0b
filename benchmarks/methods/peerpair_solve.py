"""peerpair itself: `peerpair.pairing.solve.solve`, as `peerpair solve` runs it."""

from __future__ import annotations

from benchmarks.methods.outcome import Outcome
from peerpair.pairing.solve import solve


def run(roster, time_limit: float) -> Outcome:
    result = solve(roster, time_limit=time_limit)
    return Outcome(
        plan=result.plan,
        proven={stage.name: stage.proven for stage in result.stages},
    )
