"""solve(roster) -> Result: the year's pairings under every hard rule, with the objectives
optimised in SPEC 3's strict priority order.

Half term by half term, a min-cost flow (half_term_flow.py) finds the plan with the fewest
sessions under Cover Needed and, among those, the best on each later objective. A flow
cannot see the no-reciprocal rule (H4): where it makes a reciprocal pair it cannot swap
away at no cost, CP-SAT settles that half term. Half terms are planned in order, so a pair
that met earlier in the year counts as a repeat.

What makes the result provably optimal, objective by objective in priority order:
objectives that only concern one half term at a time (Cover Needed, changed sessions,
trust-lead sessions, load) are proven when every half term was solved exactly, as the
year's best is then the sum of the half terms' bests. A count that reaches 0 is proven, as
none is below 0. Otherwise each half term planned alone against History only (no
reciprocal rule, no earlier half terms) is a relaxation of the year, so its values are
lower bounds, and objectives whose values meet them are proven. CP-SAT then works on the
whole year for any objective still unproven, starting from the plan so far and holding the
proven values, within the time limit.

Large half terms (over DENSE_LIMIT possible pairs) are certified by the flow itself over
every pair (half_term_flow.py). At that size the whole year's CP-SAT model (tens of millions
of variables) is not built: an objective the proofs above leave open stays unproven, and the
Summary says so.

A plan always exists (an empty one with everyone under Cover Needed obeys every hard rule),
so running out of time or finding no complete plan are results, not errors.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

import numpy as np

from peerpair.constraints import HARD_RULES, OBJECTIVES, CheckResult, check_plan
from peerpair.constraints.changed_sessions import FewestChangedSessions
from peerpair.constraints.eligibility import Eligibility
from peerpair.constraints.model import PairingModel
from peerpair.constraints.repeat_pairs import FewestRepeatPairs
from peerpair.domain.changes import Change, changes_between
from peerpair.domain.plan import CoverNeeded, Plan, Session
from peerpair.domain.replan import Unavailable, joiners_absent
from peerpair.domain.roster import Roster
from peerpair.pairing.cp_sat import Progress
from peerpair.pairing.cp_sat_stages import Sessions, hold_objective, optimise_objectives
from peerpair.pairing.half_term_flow import DENSE_LIMIT, best_flow, possible_sessions

# Why a supervisee is under Cover Needed in half term h (positions in the roster), given
# which pairs the rules allow and the plan made.
CoverReason = Callable[[Eligibility, Plan, int, int], str]


# A re-plan from today: the supervisee cannot be given a session in the rest of the half term.
NO_DAY_LEFT = "no day is left in the half term for a new session with the notice required"


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
    note: str = ""  # why it is not proven, when that is not the time limit


@dataclass(frozen=True)
class Result:
    plan: Plan
    changes: tuple[Change, ...] | None  # re-solves only: the sessions that changed
    stages: tuple[Stage, ...]
    seconds: float
    time_limit: float
    seed: int
    judged: Roster  # the roster the plan is checked against (a re-solve's joiners absent)
    first: int  # the first half term planned: rule rows cover it and those after

    @cached_property
    def checks(self) -> tuple[CheckResult, ...]:
        """The plan audited by every hard rule, worked out when asked: `plan_year` checks
        the dated plan instead, and at 5,000 people a check takes seconds (issue 17)."""
        return tuple(check_plan(self.judged, self.plan, since=self.first))

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
    progress: Progress | None = None,
    cover_reason: CoverReason | None = None,
    pinned: tuple[Session, ...] = (),
    unavailable: Mapping[int, Unavailable] | None = None,
) -> Result:
    """Plan the roster's year. With `previous` and `from_half_term`, re-solve: half terms
    before `from_half_term` are copied from `previous` unchanged (they have happened), and
    the rest are re-planned changing as few sessions as possible (objective 2). `progress`,
    if given, hears a line at each step, for a terminal to show on long runs.

    A re-plan from today (SPEC 8) also gives `pinned` sessions of the re-planned half terms,
    which stay exactly as they are, and by half term the people `unavailable` for any new
    session. Objectives are measured on the rest, as on the half terms after the kept ones:
    pinned sessions are fixed, like the kept half terms."""
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
    eligibility = Eligibility(roster, HARD_RULES, pinned, unavailable)
    objectives = [o for o in OBJECTIVES if o.applies(roster)]
    if previous is not None:
        staying = set(pinned)
        unpinned = previous.model_copy(
            update={"sessions": tuple(s for s in previous.sessions if s not in staying)}
        )
        objectives.insert(1, FewestChangedSessions(unpinned))

    year = _Year(
        roster, eligibility, objectives, half_terms, kept, seed, progress, cover_reason, pinned
    )
    sessions, proven, spent = year.plan_half_terms(budget)
    outcomes: list[tuple[int | None, bool]] = []
    notes = [""] * len(objectives)
    if proven < len(objectives) and year.sparse:
        # The whole year's model would have tens of millions of variables: left unproven.
        outcomes = [(None, False)] * (len(objectives) - proven)
        notes[proven:] = [
            f"not proven: with over {DENSE_LIMIT:,} possible pairs a half term, each half "
            "term's plan is proven the best but the year's is not"
        ] * (len(objectives) - proven)
    elif proven < len(objectives):
        sessions, outcomes = year.improve_with_cp_sat(sessions, proven, budget - spent)
    plan = year.plan(sessions, explain=proven > 0 or year.sparse or outcomes[0][1])
    # Values are measured on the finished plan by each objective's own count, so the Summary
    # never repeats a figure only the solver vouches for (the plan's reasons change none).
    values = year.values(sessions, plan)
    bounds = [(v, True) for v in values[:proven]] + outcomes
    stages = tuple(
        Stage(o.name, value, bound, proven_, o.maximise(roster), note)
        for o, value, (bound, proven_), note in zip(objectives, values, bounds, notes, strict=True)
    )
    plan = plan.model_copy(update={"sessions": Plan(sessions=plan.sessions + pinned).sessions})
    if previous is not None:
        roster = joiners_absent(roster, previous, first)
    return Result(
        plan=plan,
        changes=tuple(
            changes_between(previous, plan, [roster.half_terms[h].name for h in half_terms])
        )
        if previous is not None
        else None,
        stages=stages,
        seconds=time.perf_counter() - started,
        time_limit=budget,
        seed=seed,
        judged=roster,
        first=first,
    )


class _Year:
    """The half terms to plan, and what planning them needs."""

    def __init__(
        self,
        roster,
        eligibility,
        objectives,
        half_terms,
        kept: Plan,
        seed: int,
        progress,
        cover_reason,
        pinned: tuple[Session, ...] = (),
    ):
        self.roster = roster
        self.eligibility = eligibility
        self.objectives = objectives
        self.half_terms = half_terms
        self.kept = kept
        self.seed = seed
        self.progress = progress or (lambda _: None)
        self.cover_reason = cover_reason or (lambda *_: "")
        self.pinned = pinned
        index = roster.index
        # Pairs (positions, either way round) that met in History or in sessions kept.
        self.history = _pair_array(
            [(index[p.supervisor_id], index[p.supervisee_id]) for p in roster.history]
            + [
                (index[s.supervisor_id], index[s.supervisee_id])
                for s in kept.sessions + pinned
                if s.supervisor_id in index and s.supervisee_id in index
            ]
        )
        self.forbid = roster.settings.repeat_pairs == "forbid"
        self.sparse = False  # set when a half term was too large to price every pair
        self._measured: tuple[Sessions, int, list[int]] | None = None  # see `values`
        self._made: tuple[Sessions, int, tuple[Session, ...]] | None = None  # see `_sessions`
        # Objectives that concern one half term at a time, until one joins them up.
        joined = [self.forbid or isinstance(o, FewestRepeatPairs) for o in objectives]
        self.one_at_a_time = [not any(joined[: k + 1]) for k in range(len(objectives))]

    def plan_half_terms(self, budget: float) -> tuple[Sessions, int, float]:
        """Plan each half term in turn. Returns the sessions, how many objectives (in
        priority order) are proven optimal for the year, and the CP-SAT time spent."""
        sessions: Sessions = {}
        met = self.history
        exact, spent = len(self.objectives), 0.0
        for h in self.half_terms:
            planned, exact_here, used = self._plan_half_term(h, met, sessions, budget - spent)
            sessions |= planned
            exact = min(exact, exact_here)
            uncovered = len(self.eligibility.receivers(h)) - len(planned)
            self.progress(
                f"{self.roster.half_terms[h].name} planned: {len(planned)} sessions, "
                f"{uncovered} under Cover Needed"
            )
            spent += used
            met = np.concatenate([met, _pair_array([(s, r) for (_, r), s in planned.items()])])
        return sessions, self._proven(sessions, exact), spent

    def _plan_half_term(self, h: int, met, earlier: Sessions, budget: float):
        """The half term's sessions; how many objectives, from the first, they are the best
        possible on (given the earlier half terms); and the CP-SAT time spent."""
        flow = best_flow(self.eligibility, self._pairs(h, met), self.objectives)
        planned = {(h, r): s for r, s in flow.sessions.items()}
        self.sparse |= flow.sparse
        if not flow.reciprocal and (flow.priced == len(self.objectives) or flow.sparse):
            return planned, flow.priced, 0.0
        # Settle the half term with CP-SAT, from the flow's plan less its reciprocal pairs
        # (or, where the flow could not price every objective, to optimise the rest).
        for a, b in flow.reciprocal:
            planned.pop((h, a), None)
            planned.pop((h, b), None)
        model = self._model([h], earlier, {h: flow.candidates} if flow.sparse else None)
        self.progress(f"{self.roster.half_terms[h].name}: settling reciprocal pairs with CP-SAT")
        outcomes, chosen, used = optimise_objectives(
            model, self.objectives, budget, self.seed, planned, self.progress
        )
        if flow.sparse:
            # CP-SAT saw only the candidates: exact only in the number of sessions, and only
            # if it lost none of the flow's (which is the most over every pair, H4 aside).
            return chosen, int(len(chosen) == len(flow.sessions)), used
        proven = [proven for _, proven in outcomes]
        return chosen, proven.index(False) if False in proven else len(proven), used

    def _pairs(self, h: int, met):
        return possible_sessions(self.eligibility, h, met, self._previous(), self.forbid)

    def _previous(self) -> Plan | None:
        return next(
            (o.previous for o in self.objectives if isinstance(o, FewestChangedSessions)), None
        )

    def _proven(self, sessions: Sessions, exact: int) -> int:
        """How many objectives, in priority order, the half-term plans prove optimal, when
        each half term's plan is the best possible on its first `exact` objectives."""
        found = self.values(sessions)
        bounds = None  # from the relaxation, planned only if the cheaper proofs fall short
        proven = 0
        for k, objective in enumerate(self.objectives):
            if self.one_at_a_time[k] and k < exact:
                proven += 1
            elif found[k] == 0 and not objective.maximise(self.roster):
                proven += 1  # no count is below 0, whatever the earlier objectives hold
            else:
                if bounds is None:
                    bounds = self._relaxation_bounds()
                # The relaxation's value for an objective assumes its own earlier values.
                if k >= len(bounds) or found[: k + 1] != bounds[: k + 1]:
                    break
                proven += 1
        return proven

    def values(self, sessions: Sessions, plan: Plan | None = None) -> list[int]:
        """Each objective's value for the year with these sessions (measured on `plan`, made
        from them, if given), worked out once for the last sessions asked about."""
        if self._measured is not None and self._is_last(self._measured, sessions):
            return self._measured[2]
        if plan is None:
            plan = self.plan(sessions)
        found = [o.value(self.roster, plan, self.half_terms) for o in self.objectives]
        self._measured = (sessions, len(sessions), found)
        return found

    def _sessions(self, sessions: Sessions) -> tuple[Session, ...]:
        """The planned sessions as the plan holds them, made once for the last sessions asked
        about: the year's plan is made to measure it and again to explain it. Built
        unchecked, as every field is a name or ID from the roster: at 20,000 people checking
        120,000 sessions took seconds (issue 17)."""
        if self._made is None or not self._is_last(self._made, sessions):
            people, half_terms = self.roster.people, self.roster.half_terms
            made = tuple(
                Session.model_construct(
                    half_term=half_terms[h].name,
                    supervisor_id=people[s].id,
                    supervisee_id=people[r].id,
                )
                for (h, r), s in sessions.items()
            )
            self._made = (sessions, len(sessions), made)
        return self._made[2]

    @staticmethod
    def _is_last(kept: tuple, sessions: Sessions) -> bool:
        """Whether `kept` was worked out for these sessions: the same dict (kept alive by
        `kept`, so never another at its address), not grown since."""
        return kept[0] is sessions and kept[1] == len(sessions)

    def _relaxation_bounds(self) -> list[int]:
        """Lower bounds, for as many objectives as the relaxed flows optimised, from each
        half term planned alone against History only."""
        bounds, priced = [0] * len(self.objectives), len(self.objectives)
        for h in self.half_terms:
            relaxed = best_flow(self.eligibility, self._pairs(h, self.history), self.objectives)
            priced = min(priced, relaxed.priced)
            alone = {(h, r): s for r, s in relaxed.sessions.items()}
            plan_h = self.plan(alone, only=[h])
            for k, o in enumerate(self.objectives):
                bounds[k] += o.value(self.roster, plan_h, [h])
        return bounds[:priced]

    def improve_with_cp_sat(self, sessions: Sessions, proven: int, budget: float):
        """Optimise the unproven objectives over the whole year, holding the proven ones."""
        model = self._model(self.half_terms, {})
        plan = self.plan(sessions)
        for o in self.objectives[:proven]:
            hold_objective(model, o, o.value(self.roster, plan, self.half_terms))
        self.progress("improving the whole year with CP-SAT")
        outcomes, chosen, _ = optimise_objectives(
            model, self.objectives[proven:], budget, self.seed, sessions, self.progress
        )
        return chosen, outcomes

    def _model(self, half_terms: list[int], earlier: Sessions, candidates=None) -> PairingModel:
        people = self.roster.people
        fixed = (
            self.kept.sessions
            + self.pinned
            + tuple(
                Session(
                    half_term=self.roster.half_terms[h].name,
                    supervisor_id=people[s].id,
                    supervisee_id=people[r].id,
                )
                for (h, r), s in earlier.items()
            )
        )
        model = PairingModel(self.roster, self.eligibility, half_terms, fixed, candidates)
        for rule in HARD_RULES:
            rule.add_to_model(model)
        return model

    def plan(
        self, sessions: Sessions, explain: bool | None = None, only: list[int] | None = None
    ) -> Plan:
        """The kept half terms and `sessions`, with everyone else who receives under Cover
        Needed. Reasons are given when `explain` is True, which should be only when Cover
        Needed was proven the fewest possible: when False, the truthful reason is time; when
        None (plans measured along the way), there is none."""
        roster = self.roster
        made = Plan(sessions=self.kept.sessions + self._sessions(sessions))
        cover = tuple(
            CoverNeeded(
                half_term=roster.half_terms[h].name,
                supervisee_id=roster.people[r].id,
                reason=""
                if explain is None
                else NO_DAY_LEFT
                if r in self.eligibility.unavailable(h)
                else self.cover_reason(self.eligibility, made, h, r)
                if explain
                else "no supervisor was found within the time limit; a longer one may find one",
            )
            for h in (only if only is not None else self.half_terms)
            for r in self.eligibility.receivers(h)
            if (h, r) not in sessions
        )
        return made.model_copy(update={"cover_needed": self.kept.cover_needed + cover})


def _pair_array(pairs: list[tuple[int, int]]) -> np.ndarray:
    """Pairs of roster positions as an array of two columns."""
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)
