"""Measure one method on one generated roster, in a process of its own, and print the
measurement as one line of JSON. The harness (`benchmarks.run`) starts one of these per
(method, size, run), so that each peak of memory is that method's alone.

    python -m benchmarks.measure "HiGHS" 300 120
"""

from __future__ import annotations

import json
import resource
import sys
import time

from benchmarks.methods import METHODS
from benchmarks.rosters import generated_roster
from peerpair.constraints import OBJECTIVES, check_plan


def measure(method: str, people: int, time_limit: float) -> dict:
    roster = generated_roster(people)
    at_start = _peak_mb()
    started, processor = time.perf_counter(), time.process_time()
    outcome = METHODS[method].run(roster, time_limit)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - processor  # this process's, not a solver's workers
    peak = _peak_mb()  # before the checks below, which are not the method's work
    measured = {
        "method": method,
        "people": people,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_mb": peak,
        "peak_mb_at_start": at_start,
        "note": outcome.note,
        "cover_needed_bound": outcome.cover_needed_bound,
        "eligible_pairs": outcome.eligible_pairs,
        "most_pairs_in_a_half_term": outcome.most_pairs_in_a_half_term,
        "receiver_sessions": sum(
            1
            for h in range(len(roster.half_terms))
            for p in roster.people
            if roster.receives_in(p, h)
        ),
    }
    if outcome.plan is not None:
        half_terms = list(range(len(roster.half_terms)))
        measured["objectives"] = [
            {
                "name": o.name,
                "value": o.value(roster, outcome.plan, half_terms),
                "proven": outcome.proven.get(o.name, False),
            }
            for o in OBJECTIVES
            if o.applies(roster)
        ]
        measured["broken_rules"] = [
            c.rule for c in check_plan(roster, outcome.plan) if not c.passed
        ]
    return measured


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    method, people, time_limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    print(json.dumps(measure(method, people, time_limit)))
