"""solve(roster) -> Result: the year's pairings under every hard rule, with the objectives
optimised one after another in SPEC 3's strict priority order.

Each objective is a stage: CP-SAT optimises it with the earlier stages' values held as
constraints and the previous stage's plan as a hint, so a later objective never worsens an
earlier one. A plan always exists (an empty one with everyone under Cover Needed obeys every
hard rule), so running out of time or finding no complete plan are results, not errors.

Determinism: one search worker, a fixed seed and a deterministic-time budget give the same
plan on every run and machine with the same ortools version. More workers would race.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from ortools.sat.python import cp_model

from peerpair.constraints import HARD_RULES, OBJECTIVES, CheckResult, check_plan
from peerpair.constraints.base import Objective
from peerpair.constraints.changed_sessions import FewestChangedSessions
from peerpair.pairing.changes import Change, changes_between
from peerpair.pairing.eligibility import Eligibility
from peerpair.pairing.model import PairingModel
from peerpair.pairing.plan import CoverNeeded, Plan, Session
from peerpair.pairing.reasons import cover_reason
from peerpair.pairing.roster import Absence, Roster


class Status(StrEnum):
    COMPLETE = "complete"  # everyone who receives has a supervisor in every half term
    COVER_NEEDED = "cover needed"  # the best plan leaves some sessions under Cover Needed


@dataclass(frozen=True)
class Stage:
    """One objective's outcome. `bound` is the best value the solver could prove possible;
    when `proven`, value == bound."""

    name: str
    value: int
    bound: int | None  # None when the stage was not reached in the time limit
    proven: bool
    maximise: bool = False


@dataclass(frozen=True)
class Result:
    plan: Plan
    changes: tuple[Change, ...] | None  # re-solves only: the sessions that changed
    stages: tuple[Stage, ...]
    checks: tuple[CheckResult, ...]
    seconds: float
    time_limit: float
    seed: int

    @property
    def status(self) -> Status:
        return Status.COVER_NEEDED if self.plan.cover_needed else Status.COMPLETE

    @property
    def proven_optimal(self) -> bool:
        return all(stage.proven for stage in self.stages)


def solve(
    roster: Roster,
    *,
    time_limit: float | None = None,
    seed: int = 0,
    previous: Plan | None = None,
    from_half_term: str | None = None,
) -> Result:
    """Plan the roster's year. With `previous` and `from_half_term`, re-solve: half terms
    before `from_half_term` are copied from `previous` unchanged (they have happened), and
    the rest are re-planned changing as few sessions as possible (objective 2)."""
    started = time.perf_counter()
    budget = time_limit if time_limit is not None else roster.settings.time_limit
    first = 0 if previous is None else roster.half_term_index(from_half_term or "")
    half_terms = list(range(first, len(roster.half_terms)))
    past = {h.name for h in roster.half_terms[:first]}
    kept = Plan(
        sessions=tuple(s for s in previous.sessions if s.half_term in past) if previous else (),
        cover_needed=tuple(c for c in previous.cover_needed if c.half_term in past)
        if previous
        else (),
    )
    eligibility = Eligibility(roster, HARD_RULES)
    model = PairingModel(roster, eligibility, half_terms, kept.sessions)
    for rule in HARD_RULES:
        rule.add_to_model(model)

    objectives = [o for o in OBJECTIVES if o.applies(roster)]
    if previous is not None:
        objectives.insert(1, FewestChangedSessions(previous))
    outcomes, chosen = _optimise_in_order(model, objectives, budget, seed)
    cover_proven = outcomes[0][1]
    planned = _plan_from(model, chosen, eligibility, cover_proven)
    plan = Plan(
        sessions=kept.sessions + planned.sessions,
        cover_needed=kept.cover_needed + planned.cover_needed,
    )
    # Values are measured on the finished plan by each objective's own count, so the Summary
    # never repeats a figure only the solver vouches for.
    stages = tuple(
        Stage(o.name, o.value(roster, plan, half_terms), bound, proven, o.maximise(roster))
        for o, (bound, proven) in zip(objectives, outcomes, strict=True)
    )
    if previous is not None:
        roster = _joiners_absent_before(roster, previous, first)
    return Result(
        plan=plan,
        changes=tuple(
            changes_between(previous, plan, [roster.half_terms[h].name for h in half_terms])
        )
        if previous is not None
        else None,
        stages=stages,
        checks=tuple(check_plan(roster, plan, since=first)),
        seconds=time.perf_counter() - started,
        time_limit=budget,
        seed=seed,
    )


def _joiners_absent_before(roster: Roster, previous: Plan, first: int) -> Roster:
    """People the previous plan never mentions joined at the re-solve: in the half terms
    kept from that plan they were not yet in the cycle, so the checks must not expect them
    to have had a supervisor then."""
    named = {s.supervisor_id for s in previous.sessions} | {
        s.supervisee_id for s in previous.sessions
    }
    named |= {c.supervisee_id for c in previous.cover_needed}
    joined = [
        Absence(person_id=p.id, half_term=h.name)
        for p in roster.people
        if p.id not in named
        for h in roster.half_terms[:first]
    ]
    return roster.model_copy(update={"absences": roster.absences + tuple(joined)})


def _optimise_in_order(
    model: PairingModel, objectives: list[Objective], budget: float, seed: int
) -> tuple[list[tuple[int | None, bool]], set[int]]:
    """Run the stages. Returns each stage's (bound, proven) and the variables set to 1 in
    the final plan."""
    cp = model.cp
    # The empty plan (everyone under Cover Needed) obeys every hard rule: the first hint.
    solution = [0] * len(cp.proto.variables)
    for var in model.cover.values():
        solution[var.index] = 1
    outcomes: list[tuple[int | None, bool]] = []
    spent = 0.0
    for objective in objectives:
        if spent >= budget:
            outcomes.append((None, False))
            continue
        maximise = objective.maximise(model.roster)
        expression = objective.expression(model)
        cp.clear_objective()
        (cp.maximize if maximise else cp.minimize)(expression)
        _hint(cp, solution)
        solver = _solver(budget - spent, seed)
        status = solver.solve(cp)
        spent += solver.deterministic_time
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            outcomes.append((None, False))
            spent = budget  # no plan found in time: later stages would fare no better
            continue
        # Auxiliary variables of this stage's objective extend the solution for later hints.
        solution = list(solver.response_proto.solution)
        value = round(solver.objective_value)
        outcomes.append((round(solver.best_objective_bound), status == cp_model.OPTIMAL))
        # Hold this stage's value so that later stages cannot worsen it.
        cp.add(expression >= value if maximise else expression <= value)
    return outcomes, {i for i, v in enumerate(solution) if v}


def _solver(seconds_left: float, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = 1
    params.random_seed = seed
    # The LP relaxation proves these assignment stages in milliseconds; without it CP-SAT
    # finds the optimum but cannot prove it (CPSAT_NOTES.md).
    params.linearization_level = 2
    params.max_deterministic_time = max(seconds_left, 0.1)
    # A guard only: deterministic time normally stops the search first.
    params.max_time_in_seconds = max(2 * seconds_left, 1.0)
    return solver


def _hint(cp: cp_model.CpModel, solution: list[int]) -> None:
    cp.clear_hints()
    hint = cp.proto.solution_hint
    hint.vars.extend(range(len(solution)))
    hint.values.extend(solution)


def _plan_from(
    model: PairingModel, chosen: set[int], eligibility: Eligibility, cover_proven: bool
) -> Plan:
    """The plan the chosen variables make. A reason for each uncovered session is given only
    when Cover Needed was proven the fewest possible: otherwise the truthful reason is time."""
    roster = model.roster
    sessions = Plan(
        sessions=tuple(
            Session(
                half_term=roster.half_terms[p.half_term].name,
                supervisor_id=roster.people[p.supervisor].id,
                supervisee_id=roster.people[p.supervisee].id,
            )
            for p in model.pairings
            if p.chosen.index in chosen
        )
    )
    cover = tuple(
        CoverNeeded(
            half_term=roster.half_terms[h].name,
            supervisee_id=roster.people[r].id,
            reason=cover_reason(eligibility, sessions, h, r)
            if cover_proven
            else "no supervisor was found within the time limit; a longer --time-limit may",
        )
        for (h, r), var in model.cover.items()
        if var.index in chosen
    )
    return sessions.model_copy(update={"cover_needed": cover})
