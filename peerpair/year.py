"""plan_year(): the one pipeline that plans a trust's year, for the command line, the year
loop and the web page alike.

Pairing (SPEC 3), then dates (SPEC 6), then the other tiers (SPEC 7), then every check once
on the finished plan, and the Summary built from it. A re-plan (`Replan`) hands every step
the same published plan and the same kept half terms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from peerpair.calendar.schedule import schedule
from peerpair.constraints import CheckResult, check_plan
from peerpair.diagnosis.fixes import Fix, suggest_fixes
from peerpair.diagnosis.proofs import Diagnosis, diagnose
from peerpair.diagnosis.reasons import cover_reason
from peerpair.diagnosis.wording import report
from peerpair.domain.bookings import sessions_without_date
from peerpair.domain.changes import Change, Move, moves_between
from peerpair.domain.plan import Plan, Session
from peerpair.domain.replan import Replan
from peerpair.domain.roster import Roster
from peerpair.domain.tiers import Unscheduled
from peerpair.pairing.solve import Result, Status, solve
from peerpair.summary import summary_rows
from peerpair.tiers.plan_tiers import plan_tiers

Progress = Callable[[str], None]


@dataclass(frozen=True)
class YearPlan:
    """A planned year: the plan, its checks and Summary, and what a lead needs to act on."""

    roster: Roster
    plan: Plan
    checks: tuple[CheckResult, ...]
    summary: tuple[tuple[str, str], ...]
    pairing: Result  # the pairing's objectives (stages), time and seed
    replan: Replan | None = None
    changes: tuple[Change, ...] | None = None  # re-plans only: who changes supervisor
    moves: tuple[Move, ...] = ()  # re-plans only: sessions that keep their pair but move
    undated: tuple[tuple[Session, str], ...] = ()  # sessions no day could hold, and why
    unscheduled: tuple[Unscheduled, ...] = ()  # needs of the other tiers with no session

    @property
    def complete(self) -> bool:
        """Every session has a supervisor, a date where dates are planned, and every tier
        need a session."""
        return self.pairing.status is Status.COMPLETE and not self.undated and not self.unscheduled

    @property
    def kept(self) -> frozenset[str]:
        """The half terms written as the published plan gave them."""
        return self.replan.kept if self.replan else frozenset()

    @property
    def tiered(self) -> bool:
        return self.roster.has_tiers or bool(self.plan.tier_sessions)


def plan_year(
    roster: Roster,
    replan: Replan | None = None,
    *,
    time_limit: float | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> YearPlan:
    """Plan `roster`'s year, or re-plan it against a published plan (`replan`)."""
    progress = progress or (lambda _: None)
    previous = replan.previous if replan else None
    from_half_term = replan.from_half_term if replan else None
    pairing = solve(
        roster,
        time_limit=time_limit,
        seed=seed,
        previous=previous,
        from_half_term=from_half_term,
        progress=progress,
        cover_reason=cover_reason,
    )
    plan = pairing.plan
    undated = []
    if roster.has_dates:  # SPEC 6: every session on the calendar
        progress(f"putting {len(plan.sessions)} sessions on the calendar")
        plan = schedule(roster, plan, previous=previous, from_half_term=from_half_term)
        undated = sessions_without_date(roster, plan, from_half_term)
    unscheduled = ()
    # SPEC 7: the other tiers, around the dated peer sessions. A re-plan keeps the tier
    # sessions already held even when the roster no longer has the tier sheets.
    if roster.has_tiers or (previous is not None and previous.tier_sessions):
        progress("planning the other tiers")
        tiers = plan_tiers(roster, plan, previous=previous, from_half_term=from_half_term)
        plan, unscheduled = tiers.plan, tiers.unscheduled
    progress("checking the plan")
    judged = replan.roster_with_joiners_absent() if replan else roster
    checks = tuple(check_plan(judged, plan, since=replan.first if replan else 0))
    return YearPlan(
        roster=roster,
        plan=plan,
        checks=checks,
        summary=tuple(summary_rows(roster, pairing, plan, unscheduled)),
        pairing=pairing,
        replan=replan,
        changes=pairing.changes,
        moves=tuple(moves_between(previous, plan, replan.replanned)) if replan else (),
        undated=tuple(undated),
        unscheduled=tuple(unscheduled),
    )


@dataclass(frozen=True)
class Explanation:
    """Why sessions need cover, person by person and rule by rule, and what would cover
    more, best first: for the lead's eyes only (change requests and Receive From lists are
    counted here)."""

    diagnosis: Diagnosis
    lines: tuple[str, ...]
    fixes: tuple[Fix, ...]
    unjudged: int  # other changes that might help but could not be judged in time


def explain(
    roster: Roster, replan: Replan | None = None, *, time_limit: float | None = None
) -> Explanation:
    """Whether every session of the year (or of a re-plan) can be covered, and if not, why
    and what would help."""
    diagnosis = diagnose(
        roster,
        previous=replan.previous if replan else None,
        from_half_term=replan.from_half_term if replan else None,
        time_limit=time_limit,
    )
    suggestions = suggest_fixes(diagnosis, time_limit=time_limit)
    return Explanation(
        diagnosis, tuple(report(diagnosis)), tuple(suggestions.fixes), suggestions.unjudged
    )
