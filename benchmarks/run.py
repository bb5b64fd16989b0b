"""The benchmark: peerpair against the alternatives, on the same generated rosters, in one run.

    .venv/bin/python -m benchmarks.run              # the full run, well under an hour
    .venv/bin/python -m benchmarks.run --sizes 20 100 --time-limit 30
    .venv/bin/python -m benchmarks.run --methods peerpair --sizes 300 1000 5000 20000

With --methods, only those methods are measured again: the other rows of results.json are
kept as they were measured (each row says when), and the flow bound too unless named.

Each (method, size) runs in a process of its own (`benchmarks.measure`), so that peak
memory is that method's alone; three times, and the median time is reported, unless the
first run takes over REPEAT_UNDER seconds (one run then, which keeps the whole run near
a quarter of an hour). Every method gets the same time limit (120 s by default). A method may
overrun it (a solver checks its clock only now and then, and peerpair's flows do not check
it at all): its real time is reported. A process still running after STOP_AFTER seconds is
stopped and reported as finding no plan.

Combinations that cannot finish are not attempted, and the results say why:

- the dense naive CP-SAT model above NAIVE_CP_SAT_MOST variables, and HiGHS above
  HIGHS_MOST (one variable per eligible pair and half term, counted by the flow bound);
- a method that found no plan within the time limit at a smaller size.

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
from benchmarks.methods import METHODS

SIZES = (20, 100, 300, 1000, 5000)
TIME_LIMIT = 120.0
RUNS = 3
REPEAT_UNDER = 30.0
STOP_AFTER = 600.0
NAIVE_CP_SAT_MOST = 1_000_000
HIGHS_MOST = 2_000_000
HERE = Path(__file__).parent


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT)
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--methods", nargs="+", choices=list(METHODS), default=list(METHODS))
    args = parser.parse_args(argv)
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
    gave_up: dict[str, int] = {}  # method -> the size at which it found no plan
    for people in args.sizes:
        bound = _measure_median("flow bound", people, args.time_limit)
        results["rows"].append(bound)
        variables = bound.get("eligible_pairs", 0) + bound.get("receiver_sessions", 0)
        for method in METHODS:
            if method == "flow bound":
                continue
            reason = _not_attempted(method, variables, gave_up)
            if reason:
                row = {"method": method, "people": people, "not_attempted": reason}
            else:
                row = _measure_median(method, people, args.time_limit)
                if "objectives" not in row:
                    gave_up.setdefault(method, people)
            results["rows"].append(row)
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
        for method in args.methods:
            row = _measure_median(method, people, args.time_limit)
            row["measured"] = datetime.now().isoformat(timespec="seconds")
            results["rows"] = [
                r for r in results["rows"] if not (r["method"] == method and r["people"] == people)
            ] + [row]
            _save(results, args.out)
    order = list(METHODS)
    results["rows"].sort(key=lambda r: (r["people"], order.index(r["method"])))
    _save(results, args.out)
    report.write(results, args.out)


def _not_attempted(method: str, variables: int, gave_up: dict[str, int]) -> str | None:
    most = {"naive CP-SAT": NAIVE_CP_SAT_MOST, "HiGHS": HIGHS_MOST}.get(method)
    if most is not None and variables > most:
        return f"{variables:,} variables (more than {most:,})"
    if method in gave_up:
        return f"no plan at {gave_up[method]:,} people"
    return None


def _measure_median(method: str, people: int, time_limit: float) -> dict:
    runs = []
    for _ in range(RUNS):
        run = _measure_once(method, people, time_limit)
        runs.append(run)
        if "seconds" not in run or run["seconds"] > REPEAT_UNDER:
            break
    timed = [r for r in runs if "seconds" in r]
    if not timed:
        return runs[0]
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
