"""RESULTS.md and time_vs_size.png from a run's results.json.

    .venv/bin/python -m benchmarks.report      # rebuild both from benchmarks/results.json

Everything in RESULTS.md above HAND_WRITTEN is generated; what follows that line is kept
from the previous RESULTS.md, so a re-run keeps the analysis written by hand.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

HAND_WRITTEN = "<!-- Written by hand from here on: benchmarks.report keeps it. -->"
HERE = Path(__file__).parent
README = HERE.parent / "README.md"
# The README's benchmark figures lie between these, written by `readme_figures`.
FIGURES_FROM = "<!-- benchmarks.report writes the figures from here -->"
FIGURES_TO = "<!-- to here -->"

# peerpair's targets (issue 5): people -> seconds.
TIME_TARGETS = {300: 2.0, 1000: 10.0, 5000: 120.0}
MEMORY_TARGET_MB = 2048
FASTEST_FROM = 100
# The whole `peerpair solve` command (issue 17): people -> (seconds, MB or None).
COMMAND_GOALS = {5000: (10.0, None), 20000: (60.0, 2048), 50000: (300.0, 4096)}
# Every other command at 5,000 people (issue 17).
OTHER_COMMANDS_GOAL = (10.0, 1024)


def write(results: dict, out: Path = HERE, commands: dict | None = None) -> None:
    """RESULTS.md and the plot; `commands` is `benchmarks.commands`' results, read from
    commands.json beside results.json when not given."""
    path = out / "RESULTS.md"
    if commands is None and (out / "commands.json").exists():
        commands = json.loads((out / "commands.json").read_text())
    kept = ""
    if path.exists() and HAND_WRITTEN in path.read_text():
        kept = path.read_text().split(HAND_WRITTEN, 1)[1]
    text = markdown(results) + (command_markdown(commands, results) if commands else "")
    path.write_text(text + "\n" + HAND_WRITTEN + (kept or "\n"))
    plot(results, out / "time_vs_size.png", commands)
    if commands and out.resolve() == HERE.resolve():
        update_readme(README, commands, results)


def update_readme(readme: Path, commands: dict, results: dict) -> None:
    """Put `readme_figures` between the README's markers, leaving the rest as it is."""
    text = readme.read_text(encoding="utf-8")
    if FIGURES_FROM not in text or FIGURES_TO not in text:
        return
    before, rest = text.split(FIGURES_FROM, 1)
    after = rest.split(FIGURES_TO, 1)[1]
    # Indented as the list item the markers sit in.
    indent = before[len(before.rstrip(" ")) :]
    figures = textwrap.fill(
        readme_figures(commands, results),
        width=100,
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    )
    readme.write_text(
        f"{before}{FIGURES_FROM}\n{figures}\n{indent}{FIGURES_TO}{after}", encoding="utf-8"
    )


def readme_figures(commands: dict, results: dict) -> str:
    """The README's sentence of figures: the whole `peerpair solve` at each size measured,
    and whether every objective was proven, with the date and machine."""
    sizes = [
        f"{r['people']:,} people in {r['seconds']:.0f} s on the clock "
        f"({r['cpu_seconds']:.0f} s of processor time) and {_memory(r['peak_mb'])}"
        for r in commands.get("solve", [])
        if r["people"] >= 1000 and "seconds" in r
    ]
    planned = [
        r for r in results.get("rows", []) if r["method"] == "peerpair" and "objectives" in r
    ]
    proven = all(o["proven"] for r in planned for o in r["objectives"])
    m = commands.get("machine", {})  # where the whole commands were timed
    when = f"{m['date']}, {m['cores']} cores" if m else "date and machine not recorded"
    return (
        "`peerpair solve`, end to end, plans "
        + ", ".join(sizes)
        + (", every objective proven" if planned and proven else "")
        + f" ({when}; the goals met and not met are in the results)."
    )


def _memory(mb: float) -> str:
    return f"{mb / 1024:.1f} GB" if mb >= 1024 else f"{mb:.0f} MB"


def command_markdown(commands: dict, results: dict | None = None) -> str:
    """The commands as a trust runs them (`benchmarks.commands`), against issue 17's goals."""
    lines = [
        "## The whole command, as a trust runs it",
        "",
        "`python -m benchmarks.commands`: each command in a process of its own on the "
        "generated roster written as a workbook (`benchmarks/roster_workbook.py`), so the "
        "time includes starting Python, reading the roster, planning, dating, checking and "
        "writing the plan; "
        + (
            f"every command that reads the clock is given `--today {commands['today']}`; "
            "the year's first `solve` reads none (without `--previous` it plans the whole "
            "year). "
            if "today" in commands
            else "this run gave no command `--today`. "
        )
        + "Median of "
        f"{commands['runs']} runs (one when the first took over "
        f"{commands.get('repeat_under', 60):.0f} s); peak memory is the "
        "process's ru_maxrss. The machine is shared: the load average (2 cores) when each run "
        "started is beside each figure, and so is the processor time (user and system), which "
        "the load does not stretch as it does the time on the clock. Goals are judged on the "
        "time on the clock. The floor reads the roster with peerpair's reader and "
        "writes a plan-sized workbook (openpyxl write-only, no styles): no planner can be "
        "faster. How close is `peerpair solve`'s time over the floor's (1.0 would be the "
        "floor itself), on the clock and in processor time.",
        "",
        "| people | `peerpair solve` (s) | CPU (s) | peak memory (MB) | load | floor (s) | "
        "floor CPU (s) | how close (clock, CPU) | goal | met |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    floors = {f["people"]: f for f in commands.get("floor", [])}
    for r in commands.get("solve", []):
        goal = COMMAND_GOALS.get(r["people"])
        floor = floors.get(r["people"], {})
        goal_text, met = "", ""
        if goal is not None:
            goal_text = _goal_text(*goal)
            met = _yes(_meets(r, *goal))
        lines.append(
            f"| {r['people']:,} | {_seconds(r)} | {_cpu(r)} | {_mb(r)} | {_load(r)} | "
            f"{_seconds(floor)} | {_cpu(floor)} | {_how_close(r, floor)} | {goal_text} | {met} |"
        )
    measured = {r["people"] for r in commands.get("solve", [])}
    for people, goal in COMMAND_GOALS.items():
        if people not in measured:
            lines.append(
                f"| {people:,} | not measured | | | | | | | {_goal_text(*goal)} | **no** |"
            )
    if commands.get("commands"):
        at = commands["commands"][0]["people"]
        lines += [
            "",
            f"## Every command at {at:,} people",
            "",
            f"Goal: each in {_goal_text(*OTHER_COMMANDS_GOAL)}. explain is timed on the "
            "generated roster (every session can be covered) and on the same roster with every "
            "third person untrained (`benchmarks.rosters.third_untrained_roster`).",
            "",
            "| command | time (s) | CPU (s) | peak memory (MB) | load | met |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for r in commands["commands"]:
            met = _yes(_meets(r, *OTHER_COMMANDS_GOAL))
            lines.append(
                f"| {r['command']} | {_seconds(r)} | {_cpu(r)} | {_mb(r)} | {_load(r)} | {met} |"
            )
    lines += [
        "",
        "## Issue 17's goals",
        "",
        "| goal | measured | met |",
        "| --- | --- | --- |",
        *(
            f"| {goal} | {measured} | {_yes(met)} |"
            for goal, measured, met in goals(commands, results)
        ),
    ]
    return "\n".join([*lines, ""]) + "\n"


def goals(commands: dict, results: dict | None = None) -> list[tuple[str, str, bool]]:
    """Each of issue 17's goals as (goal, what was measured, met), from commands.json and,
    for the plans' quality, results.json. A goal not measured is not met."""
    rows = []
    solved = {r["people"]: r for r in commands.get("solve", [])}
    for people, (seconds, mb) in COMMAND_GOALS.items():
        r = solved.get(people, {})
        rows.append(
            (
                f"`peerpair solve`, {people:,} people: at most {seconds:.0f} s",
                f"{_seconds(r)} s" if "seconds" in r else _seconds(r) or "not measured",
                "seconds" in r and r["seconds"] <= seconds,
            )
        )
        if mb is not None:
            rows.append(
                (
                    f"`peerpair solve`, {people:,} people: at most {mb:,} MB",
                    f"{_mb(r)} MB" if "peak_mb" in r else "not measured",
                    "peak_mb" in r and r["peak_mb"] <= mb,
                )
            )
    seconds, mb = OTHER_COMMANDS_GOAL
    for r in commands.get("commands", []):
        rows.append(
            (
                f"{r['command']}, {r['people']:,} people: {_goal_text(seconds, mb)}",
                f"{_seconds(r)} s, {_mb(r)} MB" if "seconds" in r else _seconds(r),
                _meets(r, seconds, mb),
            )
        )
    for row in (results or {}).get("rows", []):
        if row["method"] != "peerpair" or "objectives" not in row:
            continue
        people = row["people"]
        bound = (_row(results["rows"], "flow bound", people) or {}).get("cover_needed_bound")
        if bound is not None:
            cover = row["objectives"][0]["value"]
            rows.append(
                (
                    f"`solve()`, {people:,} people: Cover Needed at the flow bound",
                    f"{cover:,} (bound {bound:,})",
                    cover == bound,
                )
            )
        unproven = [o["name"] for o in row["objectives"] if not o["proven"]]
        rows.append(
            (
                f"`solve()`, {people:,} people: every objective proven",
                "not proven: " + ", ".join(unproven) if unproven else "all proven",
                not unproven,
            )
        )
    return rows


def _meets(r: dict, seconds: float, mb: float | None) -> bool:
    return "seconds" in r and r["seconds"] <= seconds and (mb is None or r["peak_mb"] <= mb)


def _goal_text(seconds: float, mb: float | None) -> str:
    return f"at most {seconds:.0f} s" + (f" and {mb:,} MB" if mb else "")


def _how_close(r: dict, floor: dict) -> str:
    if "seconds" not in r or "seconds" not in floor or not floor["seconds"]:
        return ""
    cpu = ""
    if r.get("cpu_seconds") and floor.get("cpu_seconds"):
        cpu = f", {r['cpu_seconds'] / floor['cpu_seconds']:.1f}"
    return f"{r['seconds'] / floor['seconds']:.1f}{cpu}"


def _seconds(r: dict) -> str:
    if "seconds" in r:
        return f"{r['seconds']:.1f}"
    if "stopped_after" in r:
        return f"stopped at {r['stopped_after']:.0f} s"
    if "failed" in r:
        return f"failed (exit code {r['failed']})"
    return ""


def _cpu(r: dict) -> str:
    return f"{r['cpu_seconds']:.1f}" if "cpu_seconds" in r else ""


def _load(r: dict) -> str:
    loads = r.get("load_average") or []
    return ", ".join(f"{x:.1f}" for x in loads)


def markdown(results: dict) -> str:
    rows = results["rows"]
    sizes = sorted({r["people"] for r in rows})
    limit = results["time_limit"]
    m = results["machine"]
    lines = [
        "# Benchmark: peerpair against the alternatives",
        "",
        "Generated by `.venv/bin/python -m benchmarks.run` (see `benchmarks/run.py`) on "
        f"{m['date']}, from {results['started']} to {results.get('finished', '(unfinished)')}.",
        "",
        "| machine | |",
        "| --- | --- |",
        f"| CPU | {m['cpu']} |",
        f"| cores | {m['cores']} |",
        f"| RAM | {m['ram_gb']} GB |",
        f"| Python | {m['python']} |",
        f"| ortools | {m['ortools']} |",
        f"| scipy (HiGHS) | {m['scipy']} |",
        f"| load average when the run started | {m['load_average_at_start']:.2f} |",
        "",
        "Every method plans the same generated rosters (`benchmarks/rosters.py`, seed 0) with "
        f"the same time limit, {limit:.0f} s. Time is the median of {results['runs']} runs (one "
        f"run when the first took over {results['repeat_under']:.0f} s), each in a process of "
        "its own; it covers working out who may supervise whom and the solve, not generating "
        "the roster. Peak memory is the process's peak resident size (ru_maxrss), Python, "
        "ortools and the roster included (about 140 MB before any method starts). Objective "
        "values are counted on each plan by peerpair's own objectives; * marks a value the "
        "method proved optimal. Every plan is audited by `peerpair.constraints.check_plan`.",
        "",
        "- **peerpair**: `peerpair.pairing.solve.solve(roster, time_limit=...)`: planning "
        "only; the whole `peerpair solve` command is timed below.",
        "- **tuned CP-SAT**: the same booleans and rules, with the parameters "
        "`../shared/CPSAT_NOTES.md` found to matter (`linearization_level = 2`, one worker, "
        "a fixed seed, no presolve), the first stage hinted with one greedy pass and each "
        "later stage with the one before, and split by half term where the objectives allow "
        "(`benchmarks/methods/half_term_split.py`): Cover Needed, trust-lead sessions and "
        "load proven per half term are proven for the year; repeated pairs, solved half term "
        "by half term with the earlier ones kept, is proven only at 0.",
        "- **naive CP-SAT**: one boolean per allowed (half term, supervisor, supervisee), the "
        "six half terms in one model built from peerpair's own rule modules, the objectives in "
        "the same order; CP-SAT's default parameters but for the time limit and 2 workers.",
        "- **HiGHS, per half term**: the HiGHS model below of one half term at a time, split "
        "as tuned CP-SAT is.",
        "- **HiGHS**: the same 0/1 model as a matrix, solved by HiGHS through "
        "`scipy.optimize.milp`, every objective in the same order (no warm start between "
        "stages: scipy takes none).",
        "- **greedy, one pass**: random order of supervisees, each takes a random eligible "
        "supervisor with a free place, avoiding reciprocal pairs: one plan, as a spreadsheet "
        "macro makes it.",
        "- **greedy, best of restarts**: the best of up to 100 such passes within 30 s.",
        "- **flow bound**: per half term, a max flow over the eligible pairs without the "
        "no-reciprocal rule: a lower bound on Cover Needed (no plan can have fewer). It makes "
        "no plan, and its time is not a floor on anyone's: it lists every eligible pair, "
        "which peerpair does not. The floor on time is reading the roster and writing the "
        "plan (below, beside the whole command).",
        "",
        "## Time (seconds) against size",
        "",
        "| method | " + " | ".join(f"{s:,} people" for s in sizes) + " |",
        "| --- |" + " --- |" * len(sizes),
    ]
    for method in _methods(rows):
        cells = [_time_cell(_row(rows, method, s), limit) for s in sizes]
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    lines += ["", "![time against size, log-log](time_vs_size.png)", ""]
    for size in sizes:
        lines += _size_table(rows, size, limit)
    lines += _targets(rows, sizes)
    return "\n".join(lines) + "\n"


def _size_table(rows: list[dict], size: int, limit: float) -> list[str]:
    # The flow bound's row counts the sessions; without one (not attempted), any row does.
    bound_row = next(
        (
            r
            for r in sorted(rows, key=lambda r: r["method"] != "flow bound")
            if r["people"] == size and "receiver_sessions" in r
        ),
        {},
    )
    bound = bound_row.get("cover_needed_bound")
    names = next(
        (
            [o["name"] for o in r["objectives"]]
            for r in rows
            if r["people"] == size and "objectives" in r
        ),
        [],
    )
    lines = [
        f"## {size:,} people",
        "",
        f"{bound_row.get('receiver_sessions') or 0:,} sessions to plan, "
        + (
            f"{bound_row['eligible_pairs']:,} eligible (half term, supervisor, supervisee) arcs"
            if bound_row.get("eligible_pairs")
            else "eligible arcs not counted (the flow bound lists them: not attempted)"
        )
        + f"; flow bound on Cover Needed: {bound if bound is not None else '?'}.",
        "",
        "| method | time (s) | peak memory (MB) | "
        + " | ".join(names)
        + " | rules broken | notes |",
        "| --- | --- | --- | " + "--- | " * len(names) + "--- | --- |",
    ]
    for r in (r for r in rows if r["people"] == size):
        if r["method"] == "flow bound":
            continue
        if "objectives" in r:
            values = [f"{o['value']:,}{'*' if o['proven'] else ''}" for o in r["objectives"]]
            broken = ", ".join(r["broken_rules"]) or "none"
            extra = [broken, r.get("note", "")]
        else:  # the time cell says why there is no plan
            values, extra = [""] * len(names), ["", ""]
        cells = [r["method"], _time_cell(r, limit), _mb(r), *values, *extra]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def _targets(rows: list[dict], sizes: list[int]) -> list[str]:
    lines = ["## peerpair's targets", "", "| target | measured | met |", "| --- | --- | --- |"]
    for people, seconds in TIME_TARGETS.items():
        r = _row(rows, "peerpair", people)
        if r is None:
            continue
        if "seconds" not in r:
            lines.append(f"| {people:,} people in {seconds:.0f} s | no plan | no |")
            continue
        lines.append(
            f"| {people:,} people in {seconds:.0f} s | {r['seconds']:.2f} s | "
            f"{_yes(r['seconds'] <= seconds)} |"
        )
    big = _row(rows, "peerpair", 5000)
    bound = (_row(rows, "flow bound", 5000) or {}).get("cover_needed_bound")
    if big and "objectives" in big:
        cover = big["objectives"][0]["value"]
        lines.append(
            f"| 5,000 people: Cover Needed at the flow bound | {cover:,} (bound {bound}) | "
            f"{_yes(cover == bound)} |"
        )
        lines.append(
            f"| 5,000 people: peak memory under 2 GB | {big['peak_mb']:,.0f} MB | "
            f"{_yes(big['peak_mb'] < MEMORY_TARGET_MB)} |"
        )
    for size in (s for s in sizes if s >= FASTEST_FROM):
        mine = _row(rows, "peerpair", size)
        if not mine or "seconds" not in mine:
            continue
        others = [
            r
            for r in rows
            if r["people"] == size
            and r["method"] not in ("peerpair", "flow bound")
            and "objectives" in r
        ]
        faster = [r["method"] for r in others if r["seconds"] <= mine["seconds"]]
        lines.append(
            f"| {size:,} people: faster than every other method that made a plan | "
            f"{mine['seconds']:.2f} s; "
            + (f"as fast or faster: {', '.join(faster)}" if faster else "fastest")
            + f" | {_yes(not faster)} |"
        )
        values = [o["value"] for o in mine.get("objectives", [])]
        as_good = [r for r in others if [o["value"] for o in r["objectives"]] == values]
        faster = [r["method"] for r in as_good if r["seconds"] <= mine["seconds"]]
        lines.append(
            f"| {size:,} people: faster than every other method whose plan is as good "
            f"(the same value of every objective) | {mine['seconds']:.2f} s; "
            + (f"as good: {', '.join(r['method'] for r in as_good)}" if as_good else "none as good")
            + (f"; as fast or faster: {', '.join(faster)}" if faster else "")
            + f" | {_yes(not faster)} |"
        )
    return [*lines, ""]


def plot(results: dict, path: Path, commands: dict | None = None) -> None:
    """Time against size, log-log, one line per method. A method that found no plan in the
    time limit is drawn as an open marker at the limit. With `commands`, the whole
    `peerpair solve` command and the floor too, and issue 17's goals as stars."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = results["rows"]
    limit = results["time_limit"]
    fig, ax = plt.subplots(figsize=(8, 5.5), dpi=120)
    # The flow bound is a bound on Cover Needed, not a time anyone must take: not drawn.
    for method in (m for m in _methods(rows) if m != "flow bound"):
        mine = [r for r in rows if r["method"] == method]
        done = [r for r in mine if "objectives" in r]
        (line,) = ax.plot(
            [r["people"] for r in done],
            [r["seconds"] for r in done],
            marker="o",
            label="peerpair: solve(), planning only" if method == "peerpair" else method,
            linewidth=2.5 if method == "peerpair" else 1.2,
        )
        timed_out = [r for r in mine if "seconds" in r and r not in done or "stopped_after" in r]
        if timed_out:
            ax.plot(
                [r["people"] for r in timed_out],
                [limit] * len(timed_out),
                marker="x",
                linestyle="none",
                color=line.get_color(),
                markersize=9,
            )
    if commands:
        solved = [r for r in commands.get("solve", []) if "seconds" in r]
        ax.plot(
            [r["people"] for r in solved],
            [r["seconds"] for r in solved],
            marker="s",
            color="black",
            label="peerpair solve: the whole command",
        )
        floors = [r for r in commands.get("floor", []) if "seconds" in r]
        ax.plot(
            [r["people"] for r in floors],
            [r["seconds"] for r in floors],
            marker=".",
            color="grey",
            linestyle="--",
            label="floor: read the roster, write a plan",
        )
        ax.plot(
            list(COMMAND_GOALS),
            [seconds for seconds, _ in COMMAND_GOALS.values()],
            marker="*",
            markersize=14,
            color="red",
            linestyle=":",
            label="goal for the whole command (issue 17)",
        )
        for people, (seconds, _) in COMMAND_GOALS.items():
            ax.annotate(
                f"goal: {seconds:.0f} s at {people:,}",
                (people, seconds),
                textcoords="offset points",
                xytext=(-8, 8),
                ha="right",
                fontsize=7,
                color="red",
            )
    ax.axhline(limit, color="grey", linewidth=0.8, linestyle=":")
    ax.text(
        0.01,
        limit,
        f"time limit {limit:.0f} s: a point on it stopped there (x: with no plan)",
        transform=ax.get_yaxis_transform(),
        va="top",
        fontsize=7,
    )
    ax.set_xscale("log")
    ax.set_yscale("log")
    # Room above the largest goal (300 s) for its label.
    ax.set_ylim(top=max(ax.get_ylim()[1], 2000))
    sizes = sorted({r["people"] for r in rows} | (set(COMMAND_GOALS) if commands else set()))
    ax.set_xticks(sizes, [f"{s:,}" for s in sizes])
    ax.minorticks_off()
    ax.set_xlabel("people in the roster")
    ax.set_ylabel("seconds (median)")
    ax.set_title("Planning a year: time against roster size")
    ax.grid(True, which="both", linewidth=0.3)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _methods(rows: list[dict]) -> list[str]:
    """The methods in the order the harness lists them, the flow bound last."""
    from benchmarks.methods import METHODS

    present = {r["method"] for r in rows}
    return [m for m in METHODS if m in present]


def _row(rows: list[dict], method: str, people: int) -> dict | None:
    return next((r for r in rows if r["method"] == method and r["people"] == people), None)


def _time_cell(r: dict | None, limit: float) -> str:
    if r is None:
        return ""
    if r.get("cover_needed_bound") is not None:
        return f"{r['seconds']:.2f}"
    if "objectives" in r:
        unproven = not all(o["proven"] for o in r["objectives"])
        stopped = unproven and r["seconds"] >= 0.95 * limit
        cpu = f" ({r['cpu_seconds']:.2f} CPU)" if "cpu_seconds" in r else ""
        return f"{r['seconds']:.2f}" + cpu + (" (time limit)" if stopped else "")
    return _why_no_plan(r, limit)


def _why_no_plan(r: dict, limit: float) -> str:
    if "not_attempted" in r:
        return f"not attempted: {r['not_attempted']}"
    if "stopped_after" in r:
        return f"no plan: stopped at {r['stopped_after']:.0f} s (time limit {limit:.0f} s)"
    if "failed" in r:
        return f"failed: {r['failed']}"
    return f"no solution in {limit:.0f} s"


def _mb(r: dict) -> str:
    return f"{r['peak_mb']:,.0f}" if "peak_mb" in r else ""


def _yes(met: bool) -> str:
    return "yes" if met else "**no**"


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "results.json"
    write(json.loads(source.read_text()), source.parent)
