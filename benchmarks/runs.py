"""Repeating a timed run, as both benchmarks do: the median of a few runs, but one run
only where the first is long (or fails), so that the largest sizes take minutes, not hours."""

from __future__ import annotations

from collections.abc import Callable


def timed_runs(run_once: Callable[[], dict], most: int, repeat_under: float) -> list[dict]:
    """Up to `most` results of `run_once`, stopping after one that took over `repeat_under`
    seconds or has no time (it failed or was refused): the timed ones, or the first alone
    when none was timed."""
    runs = []
    for _ in range(most):
        run = run_once()
        runs.append(run)
        if "seconds" not in run or run["seconds"] > repeat_under:
            break
    return [r for r in runs if "seconds" in r] or runs[:1]
