"""Time the commands a trust runs, end to end, as it runs them: `peerpair solve` on a roster
workbook at each size, and every other command at one size (issue 17).

    python -m benchmarks.commands                          # 300 to 50,000 people
    python -m benchmarks.commands --without-50000
    python -m benchmarks.commands --sizes 300 1000 --commands-at 1000

Every command that reads the clock is given TODAY (`--today`), so that each run judges the
same year. The year's first `solve` is not: without `--previous` it plans the whole year and
reads no clock, as a lead's September run does (`--today` would make it a first plan made
during the year, from that day). `explain` is timed twice: on the generated roster, where
every session can be covered, and on the same roster with every third person untrained
(`benchmarks.rosters.third_untrained_roster`), where thousands of sessions cannot.

Each command runs in a process of its own (`python -m peerpair ...`), so its time includes
starting Python, reading the roster and writing what it writes, and its peak memory is its
own (the child's ru_maxrss, from os.wait4). The machine's load average is noted beside
each figure: the machine is shared. The floor is what any tool must do: read the roster
workbook and write the plan workbook (`benchmarks.floor`). Writes
benchmarks/commands.json; `benchmarks.report` puts it in RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import machine
from benchmarks.roster_workbook import write_roster_workbook
from benchmarks.rosters import generated_roster, third_untrained_roster
from benchmarks.runs import timed_runs
from peerpair.domain.roster import ChangeRequest

SIZES = (300, 1000, 5000, 20000, 50000)
COMMANDS_AT = 5000
TODAY = "2026-09-01"  # before the generated rosters' first half term
RUNS = 3
REPEAT_UNDER = 60.0  # one run only when the first takes longer
STOP_AFTER = 1800.0
HERE = Path(__file__).parent


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--without-50000", action="store_true", help="leave out 50,000 people")
    parser.add_argument("--commands-at", type=int, default=COMMANDS_AT)
    parser.add_argument("--out", type=Path, default=HERE / "commands.json")
    parser.add_argument(
        "--repeat-under", type=float, default=REPEAT_UNDER, help="one run when the first is longer"
    )
    args = parser.parse_args(argv)
    if args.without_50000:
        args.sizes = [s for s in args.sizes if s != 50000]
    repeat = args.repeat_under
    results: dict = {
        "runs": RUNS,
        "repeat_under": repeat,
        "today": TODAY,
        "machine": machine.description(),
        "solve": [],
        "commands": [],
        "floor": [],
    }
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for people in sorted(set(args.sizes) | {args.commands_at}):
            roster = work / f"roster-{people}.xlsx"
            write_roster_workbook(generated_roster(people), roster)
            plan = work / f"plan-{people}.xlsx"
            if people in args.sizes:
                results["floor"].append({"people": people, **_floor(roster, work, repeat)})
                results["solve"].append(
                    {"people": people, **_median(["solve", roster, "-o", plan], repeat, fresh=plan)}
                )
            if people == args.commands_at:
                results["commands"] = _every_command(people, roster, plan, work, repeat)
            args.out.write_text(json.dumps(results, indent=1) + "\n")


def _every_command(people: int, roster: Path, plan: Path, work: Path, repeat: float) -> list[dict]:
    """validate, check, explain, diff, invites and a re-solve after one change request."""
    if not plan.exists():
        _run(["solve", roster, "-o", plan])
    changed = work / f"roster-{people}-changed.xlsx"
    first = generated_roster(people)
    # One change request more, from Spring 1: the re-solve keeps Autumn and re-plans the rest.
    write_roster_workbook(first.model_copy(update={"change_requests": _one_more(first)}), changed)
    again = work / f"plan-{people}-again.xlsx"
    untrained = work / f"roster-{people}-third-untrained.xlsx"
    write_roster_workbook(third_untrained_roster(people), untrained)
    # validate takes no --today: it judges the roster alone.
    lines = [
        ("validate", ["validate", roster]),
        ("check", ["check", roster, plan, *_TODAY]),
        ("explain, everyone covered", ["explain", roster, *_TODAY]),
        ("explain, a third untrained", ["explain", untrained, *_TODAY]),
        (
            "re-solve after one change request",
            [
                "solve",
                changed,
                "--previous",
                plan,
                "--from",
                "Spring 1",
                "-o",
                again,
                *_TODAY,
            ],
        ),
        ("diff", ["diff", plan, again, *_TODAY]),
        ("invites", ["invites", plan, "-o", work / "invites", *_TODAY]),
    ]
    return [
        {
            "command": name,
            "people": people,
            **_median(arguments, repeat, fresh=again if arguments[0] == "solve" else None),
        }
        for name, arguments in lines
    ]


_TODAY = ("--today", TODAY)


def _one_more(roster) -> tuple[ChangeRequest, ...]:
    """The roster's change requests and one more: the roster's first person and the first
    person at another school of their hub."""
    a = roster.people[0]
    b = next(p for p in roster.people if p.hub == a.hub and p.school != a.school)
    return (
        *roster.change_requests,
        ChangeRequest(person_id=a.id, partner_id=b.id, from_half_term="Spring 1"),
    )


def _floor(roster: Path, work: Path, repeat: float) -> dict:
    """Reading the roster and writing a plan of its size, in a process of its own."""
    return _median([], repeat, module="benchmarks.floor", extra=[roster, work / "floor-plan.xlsx"])


def _median(
    arguments: list,
    repeat: float,
    module: str = "peerpair",
    extra: list | None = None,
    fresh: Path | None = None,
) -> dict:
    """The median of up to RUNS runs: one only when the first takes over `repeat` s. With
    `fresh`, that output is removed before each run: each writes a new plan, as a lead's
    does, where onto an existing plan `solve` first reads it for statuses recorded there."""

    def once() -> dict:
        if fresh is not None:
            fresh.unlink(missing_ok=True)
        return _run(arguments, module, extra)

    timed = timed_runs(once, RUNS, repeat)
    if "seconds" not in timed[0]:
        return timed[0]
    return {
        "seconds": statistics.median(r["seconds"] for r in timed),
        "seconds_each": [round(r["seconds"], 2) for r in timed],
        "cpu_seconds": statistics.median(r["cpu_seconds"] for r in timed),
        "peak_mb": max(r["peak_mb"] for r in timed),
        "load_average": [r["load_average"] for r in timed],
        "exit_code": timed[-1]["exit_code"],
    }


def _run(arguments: list, module: str = "peerpair", extra: list | None = None) -> dict:
    command = [sys.executable, "-m", module, *map(str, arguments), *map(str, extra or [])]
    print(" ".join(command[2:]), end=" ", file=sys.stderr, flush=True)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        cwd=HERE.parent,
        env={**os.environ, "PYTHONPATH": str(HERE.parent)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = started + STOP_AFTER
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            child.kill()
            os.wait4(child.pid, 0)
            print(f"stopped after {STOP_AFTER:.0f} s", file=sys.stderr)
            return {"stopped_after": STOP_AFTER}
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    # Exit 1 is a finished answer (Cover Needed left, differences found); 2 is bad input.
    if code not in (0, 1):
        print(f"failed with exit code {code}", file=sys.stderr)
        return {"failed": code}
    peak = usage.ru_maxrss / 1024  # kilobytes on Linux
    # Processor time, user and system: what the command costs whatever else the shared
    # machine is doing (wall time under a load of 5 on 2 cores is about 3 times as long).
    cpu = usage.ru_utime + usage.ru_stime
    print(f"{seconds:.1f} s ({cpu:.1f} s CPU) {peak:.0f} MB (load {load:.1f})", file=sys.stderr)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mb": peak,
        "load_average": load,
        "exit_code": code,
    }


if __name__ == "__main__":
    main()
