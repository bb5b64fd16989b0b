"""The benchmark harness (benchmarks/) keeps working: a 20-person run of every method.

No timing is asserted: only that every plan a method makes is a valid plan under every hard
rule, and that the flow bound is a true lower bound on every method's Cover Needed."""

from __future__ import annotations

import pytest

from benchmarks import report
from benchmarks.measure import measure
from benchmarks.methods import METHODS
from benchmarks.rosters import generated_roster

PEOPLE = 20
# Seconds per method: a plan in any case, even on a busy machine (naive CP-SAT found none
# in 3 s under load), but not every proof: naive CP-SAT spends all of it.
TIME_LIMIT = 10.0


@pytest.fixture(scope="module")
def measured() -> dict[str, dict]:
    return {method: measure(method, PEOPLE, TIME_LIMIT) for method in METHODS}


@pytest.mark.parametrize("method", [m for m in METHODS if m != "flow bound"])
def test_every_method_makes_a_plan_that_breaks_no_hard_rule(measured, method):
    row = measured[method]
    assert "objectives" in row, f"{method} made no plan: {row.get('note')}"
    assert row["broken_rules"] == []


@pytest.mark.parametrize("method", [m for m in METHODS if m != "flow bound"])
def test_flow_bound_is_at_most_every_methods_cover_needed(measured, method):
    bound = measured["flow bound"]["cover_needed_bound"]
    cover_needed = measured[method]["objectives"][0]
    assert cover_needed["name"] == "sessions under Cover Needed"
    assert bound is not None and bound <= cover_needed["value"]


def test_generated_roster_is_the_same_every_time_and_has_what_a_trust_has():
    roster = generated_roster(300)
    assert roster == generated_roster(300)
    assert roster.absences and roster.change_requests and roster.history
    assert all(h.start and h.end for h in roster.half_terms)
    assert any(p.capacity == 2 for p in roster.people)
    assert any(p.is_trust_lead for p in roster.people)
    assert any(len(p.working_days) < 5 for p in roster.people)


def test_report_has_a_table_per_size_and_a_plot(measured, tmp_path):
    results = {
        "time_limit": TIME_LIMIT,
        "runs": 1,
        "repeat_under": 30,
        "started": "today",
        "machine": {
            "cpu": "test",
            "cores": 2,
            "ram_gb": 1,
            "python": "3",
            "ortools": "9",
            "scipy": "1",
            "date": "today",
            "load_average_at_start": 0.0,
        },
        "rows": [*measured.values(), {"method": "HiGHS", "people": 5000, "not_attempted": "x"}],
    }
    report.write(results, tmp_path)
    text = (tmp_path / "RESULTS.md").read_text()
    assert f"## {PEOPLE} people" in text
    assert "not attempted: x" in text
    assert (tmp_path / "time_vs_size.png").stat().st_size > 0
