"""Time a year's solve and a re-solve after one change request, at 30 and 300 people.

    .venv/bin/python -m benchmarks.resolve
    .venv/bin/python -m benchmarks.resolve --sizes 5000

Median of three runs each, with the figures that matter beside the times: Cover Needed,
changed sessions and whether every stage was proven optimal."""

from __future__ import annotations

import argparse
import statistics
import time

from benchmarks.rosters import generated_roster
from peerpair.domain.roster import ChangeRequest
from peerpair.pairing.solve import solve

RUNS = 3


def _timed(call):
    times, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 300])
    args = parser.parse_args(argv)
    print(
        "| people | solve (s) | cover needed | proven "
        "| re-solve from Spring 1 (s) | changed | proven |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for size in args.sizes:
        roster = generated_roster(size)
        solve_time, first = _timed(lambda r=roster: solve(r, time_limit=600))
        s = first.plan.sessions_in("Spring 1")[0]
        request = ChangeRequest(
            person_id=s.supervisee_id, partner_id=s.supervisor_id, from_half_term="Spring 1"
        )
        edited = roster.model_copy(update={"change_requests": (*roster.change_requests, request)})
        resolve_time, again = _timed(
            lambda e=edited, p=first.plan: solve(
                e, time_limit=600, previous=p, from_half_term="Spring 1"
            )
        )
        print(
            f"| {len(roster.people)} | {solve_time:.2f} | {len(first.plan.cover_needed)} | "
            f"{first.proven_optimal} | {resolve_time:.2f} | {len(again.changes)} | "
            f"{again.proven_optimal} |"
        )


if __name__ == "__main__":
    main()
