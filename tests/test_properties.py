"""Properties every plan must have, over generated rosters (SPEC 3 and 5)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest.mock import patch

from hypothesis import given

from peerpair.constraints import HARD_RULES, OBJECTIVES, check_plan
from peerpair.io.plan_workbook import read_plan, write_plan
from peerpair.pairing import half_term_flow
from peerpair.pairing.cp_sat_stages import optimise_in_order
from peerpair.pairing.eligibility import Eligibility
from peerpair.pairing.model import PairingModel
from peerpair.pairing.solve import solve
from peerpair.pairing.summary import summary_rows
from tests.brute_force import fewest_cover_needed, may_supervise
from tests.strategies import rosters


@given(rosters())
def test_every_plan_solve_writes_passes_check(roster):
    """SPEC 3: "No plan that peerpair writes ever breaks one" (a hard rule), audited on the
    workbook as written, read back as `peerpair check` reads it."""
    result = solve(roster, time_limit=10)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        write_plan(path, roster, result.plan, list(result.checks), summary_rows(roster, result))
        written = read_plan(path, roster)
    assert written.sessions == result.plan.sessions
    broken = [v for c in check_plan(roster, written) for v in c.violations]
    assert broken == []


@given(rosters())
def test_every_session_is_allowed_by_an_independent_reading_of_the_rules(roster):
    """The pair rules, as written in tests/brute_force.py from SPEC 3's sentences, allow every
    session solve makes: a second implementation, not the rule modules checking themselves."""
    plan = solve(roster, time_limit=10).plan
    names = [h.name for h in roster.half_terms]
    for s in plan.sessions:
        h = names.index(s.half_term)
        assert may_supervise(
            roster, h, roster.person(s.supervisor_id), roster.person(s.supervisee_id)
        )


@given(rosters(max_people=7, max_half_terms=2))
def test_cover_needed_equals_the_brute_force_optimum(roster):
    """SPEC 3 objective 1: fewest sessions under Cover Needed, proven against exhaustive
    search on rosters of up to 7 people."""
    result = solve(roster, time_limit=10)
    assert len(result.plan.cover_needed) == fewest_cover_needed(roster)
    assert result.stages[0].proven


@given(rosters())
def test_each_objective_is_measured_the_same_on_the_plan_as_in_the_model(roster):
    """The Summary's figures are counted on the finished plan; when a stage is proven, the
    solver's bound must be that same figure, or the model and the count disagree."""
    result = solve(roster, time_limit=10)
    half_terms = list(range(len(roster.half_terms)))
    applied = [o for o in OBJECTIVES if o.applies(roster)]
    assert [s.name for s in result.stages] == [o.name for o in applied]
    for objective, stage in zip(applied, result.stages, strict=True):
        assert stage.value == objective.value(roster, result.plan, half_terms)
        if stage.proven:
            assert stage.bound == stage.value


@given(rosters(max_people=6))
def test_the_same_roster_gives_the_same_plan(roster):
    """SPEC 3: "The same roster and settings give the same plan on every run"."""
    assert solve(roster, time_limit=10).plan == solve(roster, time_limit=10).plan


@given(rosters(max_people=7, max_half_terms=3))
def test_every_proven_value_agrees_with_cp_sat_on_the_whole_year(roster):
    """Objectives proven by the half-term flows must have the values CP-SAT proves on the
    plain year model: two independent methods, one answer."""
    result = solve(roster, time_limit=10)
    objectives = [o for o in OBJECTIVES if o.applies(roster)]
    half_terms = list(range(len(roster.half_terms)))
    eligibility = Eligibility(roster, HARD_RULES)
    model = PairingModel(roster, eligibility, half_terms)
    for rule in HARD_RULES:
        rule.add_to_model(model)
    outcomes, _, _ = optimise_in_order(model, objectives, budget=10, seed=0, hint={})
    for stage, (bound, proven) in zip(result.stages, outcomes, strict=True):
        if stage.proven and proven:
            assert stage.value == bound, stage.name


@given(rosters(max_people=7, max_half_terms=2))
def test_large_half_terms_keep_every_rule_and_prove_only_the_sessions_count(roster):
    """Above DENSE_LIMIT possible pairs a half term, the flow sees each supervisee's two
    cheapest candidates; the augmenting-path search over every allowed pair must still find
    the most sessions, and only that objective may be called proven."""
    with patch.multiple(half_term_flow, DENSE_LIMIT=0, CANDIDATES_EACH=2):
        result = solve(roster, time_limit=10)
    broken = [v for c in check_plan(roster, result.plan) for v in c.violations]
    assert broken == []
    best = fewest_cover_needed(roster)
    assert len(result.plan.cover_needed) >= best
    if result.stages[0].proven:
        assert len(result.plan.cover_needed) == best
    eligibility = Eligibility(roster, HARD_RULES)
    went_sparse = any(eligibility.allowed(h).any() for h in range(len(roster.half_terms)))
    for stage in result.stages[1:]:
        assert not stage.proven if went_sparse else stage.proven
        assert bool(stage.note) == went_sparse
    if went_sparse and roster.settings.repeat_pairs == "forbid":
        assert not result.stages[0].proven  # half terms are tied: no per-half-term proof
