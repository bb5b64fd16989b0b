"""plan_year(): the one pipeline that plans a trust's year, for the command line, the year
loop and the web page alike.

Pairing (SPEC 3), then dates (SPEC 6), then the other tiers (SPEC 7), then every check once
on the finished plan, and the Summary built from it. A re-plan (`Replan`) hands every step
the same published plan and the same kept half terms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from peerpair.calendar.schedule import schedule
from peerpair.constraints import KEPT_AS_PUBLISHED, ON_THE_ROSTER, CheckResult, check_plan
from peerpair.constraints.changed_sessions import FewestChangedSessions
from peerpair.diagnosis.fixes import Fix, suggest_fixes
from peerpair.diagnosis.proofs import Diagnosis, diagnose
from peerpair.diagnosis.reasons import cover_reason
from peerpair.diagnosis.wording import report
from peerpair.domain.bookings import sessions_without_date
from peerpair.domain.changes import Change, Move, moves_between, why_changed, why_moved
from peerpair.domain.plan import Plan, Session
from peerpair.domain.replan import Replan
from peerpair.domain.roster import Roster
from peerpair.domain.tiers import Unscheduled
from peerpair.pairing.solve import NO_DAY_LEFT, Result, Status, solve
from peerpair.summary import summary_rows
from peerpair.tiers.plan_tiers import plan_tiers

Progress = Callable[[str], None]

MISSED_NOT_MADE_UP = "a session was missed and no day is left in the half term to make it up"


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
    def cover_needs_explaining(self) -> bool:
        """Whether someone is under Cover Needed for want of a supervisor, which `explain`
        accounts for rule by rule. A session with no day left for it (SPEC 8) is explained by
        its reason alone."""
        return any(
            c.reason not in (NO_DAY_LEFT, MISSED_NOT_MADE_UP) for c in self.plan.cover_needed
        )

    @property
    def complete(self) -> bool:
        """Every session has a supervisor, a date where dates are planned, and every tier
        need a session."""
        return self.pairing.status is Status.COMPLETE and not self.undated and not self.unscheduled

    @property
    def broken(self) -> tuple[CheckResult, ...]:
        """The rules the finished plan breaks. None from the planner itself; a re-plan keeps
        what the lead typed (a Postponed session's new date), which may break one."""
        return tuple(
            c for c in self.checks if c.in_force and c.violations and c.rule != KEPT_AS_PUBLISHED
        )

    @property
    def kept(self) -> frozenset[str]:
        """The half terms written as the published plan gave them."""
        return self.replan.kept if self.replan else frozenset()

    def why_changed(self, change: Change) -> str:
        """Why a re-plan changed a supervisee's supervisor, in the plan's shared words."""
        assert self.replan is not None
        r = self.replan
        return why_changed(change, r.planned, self.plan, r.gone, r.previous)

    def why_moved(self, move: Move) -> str:
        """Why a re-plan moved a session, in the plan's shared words."""
        assert self.replan is not None
        return why_moved(move, self.replan.still_works)

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
    # A re-plan compares with the published plan as its rules see it (no Cancelled
    # sessions; a Missed one standing for its supervisee's until made up): SPEC 8.
    previous = replan.planned if replan else None
    from_half_term = replan.start if replan else None
    pairing = solve(
        roster,
        time_limit=time_limit,
        seed=seed,
        previous=previous,
        from_half_term=from_half_term,
        progress=progress,
        cover_reason=cover_reason,
        pinned=replan.pinned if replan else (),
        unavailable=replan.unavailable if replan else None,
    )
    if replan is not None and not _published(replan.previous):
        # A first plan made from today: against no published plan, nothing changed, so
        # neither the objective nor the Summary speaks of changed sessions.
        pairing = replace(
            pairing,
            changes=None,
            stages=tuple(s for s in pairing.stages if s.name != FewestChangedSessions.name),
        )
    plan = pairing.plan
    undated = []
    if roster.has_dates:  # SPEC 6: every session on the calendar
        progress(f"putting {len(plan.sessions)} sessions on the calendar")
        plan = schedule(roster, plan, previous, from_half_term, replan)
        undated = sessions_without_date(roster, plan, from_half_term, replan)
    if replan is not None and replan.make_ups:
        plan = plan.model_copy(
            update={
                "cover_needed": tuple(
                    c.model_copy(update={"reason": MISSED_NOT_MADE_UP})
                    if (c.half_term, c.supervisee_id) in replan.make_ups and c.reason == NO_DAY_LEFT
                    else c
                    for c in plan.cover_needed
                )
            }
        )
    if replan is not None and replan.records:
        # Missed sessions stay, as the record of what happened (SPEC 8).
        plan = plan.model_copy(
            update={"sessions": Plan(sessions=plan.sessions + replan.records).sessions}
        )
    unscheduled = ()
    # SPEC 7: the other tiers, around the dated peer sessions. A re-plan keeps the tier
    # sessions already held even when the roster no longer has the tier sheets.
    if roster.has_tiers or (previous is not None and previous.tier_sessions):
        progress("planning the other tiers")
        tiers = plan_tiers(
            roster,
            plan,
            previous=replan.previous if replan else None,
            from_half_term=from_half_term,
            today=replan.today if replan else None,
            earliest=replan.earliest if replan else None,
        )
        plan, unscheduled = tiers.plan, tiers.unscheduled
    progress("checking the plan")
    judged = replan.roster_with_joiners_absent() if replan else roster
    checks = tuple(
        check_plan(
            judged,
            plan,
            since=replan.first if replan else 0,
            today=replan.today if replan else None,
        )
    )
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


def _published(plan: Plan) -> bool:
    return bool(plan.sessions or plan.cover_needed)


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
        previous=replan.planned if replan else None,
        from_half_term=replan.start if replan else None,
        time_limit=time_limit,
        pinned=replan.pinned if replan else (),
        unavailable=replan.unavailable if replan else None,
    )
    suggestions = suggest_fixes(diagnosis, time_limit=time_limit)
    return Explanation(
        diagnosis, tuple(report(diagnosis)), tuple(suggestions.fixes), suggestions.unjudged
    )


@dataclass(frozen=True)
class Audit:
    """A plan checked against the roster's rules as of a day, as `peerpair check` and the web
    page's Check both show it."""

    results: tuple[CheckResult, ...]  # in SPEC order; the past counted, never a break
    unknown: tuple[str, ...]  # each row from today naming someone not on the roster

    @property
    def broken(self) -> int:
        judged = [r for r in self.results if r.rule != KEPT_AS_PUBLISHED]
        return len(self.unknown) + sum(len(r.violations) for r in judged)


def audit(
    roster: Roster,
    plan: Plan,
    unknown_rows: Iterable[tuple[str, tuple[str | None, date | None]]],
    today: date,
) -> Audit:
    """Check `plan` as of `today` (SPEC 8). `unknown_rows` are the plan's rows naming someone
    not on the roster, each with its (half term, date): a row from today is a break of its
    own, since an auditor must not pass an unknown person; a leaver's sessions before today
    are the past, as it happened. The rule rows leave unknown people to those lines."""
    unknown = tuple(line for line, when in unknown_rows if roster.from_today(*when, today))
    results = tuple(c for c in check_plan(roster, plan, today=today) if c.rule != ON_THE_ROSTER)
    return Audit(results, unknown)
