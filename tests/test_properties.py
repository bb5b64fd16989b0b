"""Properties every plan must have, over generated rosters (SPEC 3 and 5)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest.mock import patch

from hypothesis import given

from peerpair.constraints import HARD_RULES, OBJECTIVES, check_plan
from peerpair.constraints.eligibility import Eligibility
from peerpair.constraints.model import PairingModel
from peerpair.domain.plan import CoverNeeded, Plan, Session
from peerpair.io.plan_workbook import read_plan, write_year_plan
from peerpair.pairing import half_term_flow
from peerpair.pairing.cp_sat_stages import optimise_objectives
from peerpair.pairing.solve import solve
from peerpair.year import plan_year
from tests.brute_force import fewest_cover_needed, may_supervise, met_in_history
from tests.strategies import rosters


@given(rosters())
def test_every_plan_solve_writes_passes_check(roster):
    """SPEC 3: "No plan that peerpair writes ever breaks one" (a hard rule), audited on the
    workbook as written, read back as `peerpair check` reads it."""
    result = plan_year(roster, time_limit=10)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        write_year_plan(path, result)
        written = read_plan(path, roster).plan
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
    _assert_proven_values_agree_with_cp_sat(roster, solve(roster, time_limit=10))


def _assert_proven_values_agree_with_cp_sat(roster, result):
    objectives = [o for o in OBJECTIVES if o.applies(roster)]
    half_terms = list(range(len(roster.half_terms)))
    eligibility = Eligibility(roster, HARD_RULES)
    model = PairingModel(roster, eligibility, half_terms)
    for rule in HARD_RULES:
        rule.add_to_model(model)
    outcomes, _, _ = optimise_objectives(model, objectives, budget=10, seed=0, hint={})
    for stage, (bound, proven) in zip(result.stages, outcomes, strict=True):
        if stage.proven and proven:
            assert stage.value == bound, stage.name


@given(rosters(max_people=7, max_half_terms=2))
def test_large_half_terms_certify_their_few_candidates_against_every_pair(roster):
    """Above DENSE_LIMIT possible pairs a half term, the flow starts from each person's one
    cheapest candidate; the certificates (an augmenting path, then a pair whose reduced cost
    is below 0, over every possible pair) must grow the candidates until the half term's
    plan is as good, objective by objective, as the flow over every pair."""
    eligibility = Eligibility(roster, HARD_RULES)
    objectives = [o for o in OBJECTIVES if o.applies(roster)]
    met = met_in_history(roster)
    forbid = roster.settings.repeat_pairs == "forbid"
    for h in range(len(roster.half_terms)):
        possible = half_term_flow.possible_sessions(eligibility, h, met, None, forbid)
        every_pair = half_term_flow.best_flow(eligibility, possible, objectives)
        with patch.multiple(half_term_flow, DENSE_LIMIT=-1, CANDIDATES_EACH=1):
            few = half_term_flow.best_flow(eligibility, possible, objectives)
        assert few.sparse and not every_pair.sparse
        assert few.priced == every_pair.priced
        values = [
            _half_term_values(roster, eligibility, objectives, h, flow.sessions)
            for flow in (few, every_pair)
        ]
        assert values[0][: few.priced] == values[1][: few.priced]


def _half_term_values(roster, eligibility, objectives, h, sessions):
    name, people = roster.half_terms[h].name, roster.people
    plan = Plan(
        sessions=tuple(
            Session(half_term=name, supervisor_id=people[s].id, supervisee_id=people[r].id)
            for r, s in sessions.items()
        ),
        cover_needed=tuple(
            CoverNeeded(half_term=name, supervisee_id=people[r].id, reason="")
            for r in eligibility.receivers(h)
            if r not in sessions
        ),
    )
    return [o.value(roster, plan, [h]) for o in objectives]


@given(rosters(max_people=7, max_half_terms=2))
def test_large_half_terms_keep_every_rule_and_prove_only_what_holds(roster):
    """A whole solve in the large-roster mode: every hard rule holds, and every objective
    it calls proven has the value CP-SAT proves on the plain year model; any it cannot
    prove says why in the Summary."""
    with patch.multiple(half_term_flow, DENSE_LIMIT=-1, CANDIDATES_EACH=1):
        result = solve(roster, time_limit=10)
    broken = [v for c in check_plan(roster, result.plan) for v in c.violations]
    assert broken == []
    assert len(result.plan.cover_needed) >= fewest_cover_needed(roster)
    _assert_proven_values_agree_with_cp_sat(roster, result)
    for stage in result.stages:
        assert stage.proven or stage.note
