"""The benchmark: peerpair against the alternatives, on the same generated rosters, in one run.

    .venv/bin/python -m benchmarks.run              # the full run, about 45 minutes
    .venv/bin/python -m benchmarks.run --without-50000
    .venv/bin/python -m benchmarks.run --sizes 20 100 --time-limit 30
    .venv/bin/python -m benchmarks.run --methods peerpair --sizes 300 1000 5000 20000

With --methods, only those methods are measured again: the other rows of results.json are
kept as they were measured (each row says when), and the flow bound too unless named.

Each (method, size) runs in a process of its own (`benchmarks.measure`), so that peak
memory is that method's alone; three times, and the median time is reported, unless the
first run takes over REPEAT_UNDER seconds (one run then, which keeps the whole run under
an hour). Every method gets the same time limit (120 s by default). A method may
overrun it (a solver checks its clock only now and then, and peerpair's flows do not check
it at all): its real time is reported. A process still running after STOP_AFTER seconds is
stopped and reported as finding no plan.

Combinations that cannot finish are not attempted, and the results say why:

- a dense model above its method's most variables (MOST_VARIABLES: one per eligible pair
  and half term in the year's model, or in one half term's for the methods split by half
  term; counted by the flow bound);
- a method that keeps a people x people matrix per half term above MOST_PEOPLE;
- a method that found no plan within the time limit, or was not attempted, at a smaller
  size.

Writes benchmarks/results.json, then benchmarks/RESULTS.md and benchmarks/time_vs_size.png
(`benchmarks.report`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from benchmarks import machine, report
from benchmarks.methods import METHODS, highs_per_half_term, tuned_cp_sat
from benchmarks.runs import timed_runs

SIZES = (20, 100, 300, 1000, 5000, 20000, 50000)
TIME_LIMIT = 120.0
RUNS = 3
REPEAT_UNDER = 30.0
# peerpair's flows do not watch the time limit: at 50,000 people it may run for minutes.
STOP_AFTER = 1800.0
# method -> (most variables, counted in the year's model or in one half term's)
MOST_VARIABLES = {
    "naive CP-SAT": (1_000_000, "year"),
    "HiGHS": (2_000_000, "year"),
    "tuned CP-SAT": (tuned_cp_sat.MOST_VARIABLES, "half term"),
    "HiGHS, per half term": (highs_per_half_term.MOST_VARIABLES, "half term"),
}
# method -> most people: a people x people matrix per half term. At 20,000 people building
# one half term's (`Eligibility.allowed`) peaked at 10.8 GB; the flow bound also lists
# every eligible pair (2.4 GB at 5,000 people).
MOST_PEOPLE = {
    "flow bound": 5000,
    "greedy, one pass": 5000,
    "greedy, best of restarts": 5000,
}
HERE = Path(__file__).parent


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--without-50000", action="store_true", help="leave out 50,000 people")
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT)
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--methods", nargs="+", choices=list(METHODS), default=list(METHODS))
    args = parser.parse_args(argv)
    if args.without_50000:
        args.sizes = [s for s in args.sizes if s != 50000]
    if set(args.methods) != set(METHODS):
        _measure_again(args)
        return
    results = {
        "time_limit": args.time_limit,
        "runs": RUNS,
        "repeat_under": REPEAT_UNDER,
        "started": datetime.now().isoformat(timespec="seconds"),
        "machine": machine.description(),
        "rows": [],
    }
    gave_up: dict[str, str] = {}  # method -> why it is not attempted at larger sizes
    for people in sorted(args.sizes):
        bound = _attempt("flow bound", people, args.time_limit, {}, gave_up)
        results["rows"].append(bound)
        for method in METHODS:
            if method != "flow bound":
                results["rows"].append(_attempt(method, people, args.time_limit, bound, gave_up))
                _save(results, args.out)
    results["finished"] = datetime.now().isoformat(timespec="seconds")
    _save(results, args.out)
    report.write(results, args.out)


def _measure_again(args) -> None:
    """Measure `args.methods` at `args.sizes` again, keeping every other row."""
    path = args.out / "results.json"
    results = json.loads(path.read_text())
    results["machine_again"] = machine.description()
    for people in args.sizes:
        bound = next(
            (r for r in results["rows"] if r["method"] == "flow bound" and r["people"] == people),
            {},
        )
        for method in args.methods:
            row = _attempt(method, people, args.time_limit, bound, {})
            row["measured"] = datetime.now().isoformat(timespec="seconds")
            results["rows"] = [
                r for r in results["rows"] if not (r["method"] == method and r["people"] == people)
            ] + [row]
            _save(results, args.out)
    order = list(METHODS)
    results["rows"].sort(key=lambda r: (r["people"], order.index(r["method"])))
    _save(results, args.out)
    report.write(results, args.out)


def _attempt(
    method: str, people: int, time_limit: float, bound: dict, gave_up: dict[str, str]
) -> dict:
    """The method's row at this size: measured, or not attempted and why. `bound` is the
    flow bound's row at this size (it counts the variables); `gave_up` notes the methods
    not to attempt at larger sizes."""
    reason = _not_attempted(method, people, bound, gave_up)
    if reason:
        gave_up.setdefault(method, f"too large at {people:,} people")
        return {"method": method, "people": people, "not_attempted": reason}
    row = _measure_median(method, people, time_limit)
    if "objectives" not in row and row.get("cover_needed_bound") is None:
        gave_up.setdefault(method, f"no plan at {people:,} people")
    return row


def _not_attempted(method: str, people: int, bound: dict, gave_up: dict[str, str]) -> str | None:
    if method in gave_up:
        return gave_up[method]
    if people > MOST_PEOPLE.get(method, people):
        return f"a people x people matrix per half term (at most {MOST_PEOPLE[method]:,} people)"
    if method in MOST_VARIABLES:
        most, counted = MOST_VARIABLES[method]
        if counted == "year":
            variables = bound.get("eligible_pairs")
            if variables is not None:
                variables += bound.get("receiver_sessions", 0)
        else:
            variables = bound.get("most_pairs_in_a_half_term")
        if variables is None:
            return "eligible pairs not counted (the flow bound was not attempted)"
        if variables > most:
            where = "" if counted == "year" else " in one half term"
            return f"{variables:,} variables{where} (more than {most:,})"
    return None


def _measure_median(method: str, people: int, time_limit: float) -> dict:
    timed = timed_runs(lambda: _measure_once(method, people, time_limit), RUNS, REPEAT_UNDER)
    if "seconds" not in timed[0]:
        return timed[0]
    middle = sorted(timed, key=lambda r: r["seconds"])[len(timed) // 2]
    return {
        **middle,
        "seconds": statistics.median(r["seconds"] for r in timed),
        "seconds_each": [r["seconds"] for r in timed],
        "peak_mb": max(r["peak_mb"] for r in timed),
    }


def _measure_once(method: str, people: int, time_limit: float) -> dict:
    print(f"{people:>6} people  {method:<14}", end=" ", file=sys.stderr, flush=True)
    stop_after = max(STOP_AFTER, 2 * time_limit)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.measure", method, str(people), str(time_limit)],
            capture_output=True,
            text=True,
            timeout=stop_after,
            cwd=HERE.parent,
            check=False,
        )
    except subprocess.TimeoutExpired:
        print(f"stopped after {stop_after:.0f} s", file=sys.stderr)
        return {"method": method, "people": people, "stopped_after": stop_after}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"failed: {last}", file=sys.stderr)
        return {"method": method, "people": people, "failed": last}
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{measured['seconds']:8.2f} s {measured['peak_mb']:7.0f} MB", file=sys.stderr)
    return measured


def _save(results: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
