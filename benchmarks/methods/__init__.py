"""The methods the benchmark compares, in the order its tables show them. Each is a module
with `run(roster, time_limit) -> Outcome`."""

from benchmarks.methods import (
    flow_bound,
    greedy,
    greedy_one_pass,
    highs_milp,
    highs_per_half_term,
    naive_cp_sat,
    peerpair_solve,
    tuned_cp_sat,
)
from benchmarks.methods.outcome import Outcome

METHODS = {
    "peerpair": peerpair_solve,
    "tuned CP-SAT": tuned_cp_sat,
    "naive CP-SAT": naive_cp_sat,
    "HiGHS, per half term": highs_per_half_term,
    "HiGHS": highs_milp,
    "greedy, one pass": greedy_one_pass,
    "greedy, best of restarts": greedy,
    "flow bound": flow_bound,
}

__all__ = ["METHODS", "Outcome"]
