"""The methods the benchmark compares, in the order its tables show them. Each is a module
with `run(roster, time_limit) -> Outcome`."""

from benchmarks.methods import flow_bound, greedy, highs_milp, naive_cp_sat, peerpair_solve
from benchmarks.methods.outcome import Outcome

METHODS = {
    "peerpair": peerpair_solve,
    "naive CP-SAT": naive_cp_sat,
    "HiGHS": highs_milp,
    "greedy": greedy,
    "flow bound": flow_bound,
}

__all__ = ["METHODS", "Outcome"]
