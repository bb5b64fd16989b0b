"""The plan's Summary: what was solved, each objective's value and whether it was proven
optimal, the time taken and the version, as (item, value) rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peerpair.domain.plan import Plan
from peerpair.domain.roster import Roster
from peerpair.domain.tiers import Tier, Unscheduled
from peerpair.version import __version__
from peerpair.words import count

if TYPE_CHECKING:  # annotations only: a plan's Summary is read without loading the solver
    from peerpair.pairing.solve import Result, Stage

ORGANISER_EMAIL = "Organiser Email"


def stage_outcome(stage: Stage) -> str:
    if stage.proven:
        return f"{stage.value} (proven optimal)"
    if stage.note:
        return f"{stage.value} ({stage.note})"
    if stage.bound is None:
        return f"{stage.value} (not optimised: the time limit was reached first)"
    # The solver's bound on a count: at least 0, and never past the value found.
    if stage.maximise:
        return f"{stage.value} (time limit reached; at most {max(stage.bound, stage.value)})"
    return f"{stage.value} (time limit reached; at least {min(max(stage.bound, 0), stage.value)})"


def summary_rows(
    roster: Roster,
    result: Result,
    plan: Plan | None = None,
    unscheduled: tuple[Unscheduled, ...] = (),
) -> list[tuple[str, str]]:
    """The Summary of a year whose pairing is `result`, and whose finished `plan` (dated, with
    the other tiers) left `unscheduled` tier needs without a session."""
    plan = plan or result.plan
    rows = [
        ("Roster", roster.source or "(unnamed)"),
        ("People", str(len(roster.people))),
        ("Half terms", ", ".join(h.name for h in roster.half_terms)),
        # Each session needed is planned or under Cover Needed (H1).
        ("Sessions needed", str(len(result.plan.sessions) + len(result.plan.cover_needed))),
        ("Sessions planned", str(len(result.plan.sessions))),
    ]
    if roster.has_dates:
        dated = sum(s.date is not None for s in plan.sessions)
        times = ", ".join(f"{t:%H:%M}" for t in sorted(set(roster.settings.session_times)))
        rows.append(
            (
                "Sessions with a date",
                f"{dated} of {len(plan.sessions)} ({roster.settings.session_minutes} minutes, "
                f"starting at {times})",
            )
        )
    if roster.has_tiers or plan.tier_sessions:
        rows.append(("Sessions of the other tiers", tier_counts(roster, plan, unscheduled)))
    rows += [("Settings", _settings(roster, result.time_limit))]
    if roster.organiser_email:
        # `peerpair invites` sends from it; the plan does not otherwise carry settings.
        rows.append((ORGANISER_EMAIL, roster.organiser_email))
    # Objectives in priority order, named rather than numbered: SPEC 3's numbers skip
    # objective 2 (changed sessions) outside a re-solve.
    rows += [
        (stage.name[:1].upper() + stage.name[1:], stage_outcome(stage)) for stage in result.stages
    ]
    if result.changes is not None:
        changed = next(s for s in result.stages if s.name == "changed sessions")
        least = (
            "the least possible"
            if changed.proven
            else "not proven to be the least possible within the time limit"
        )
        rows.append(
            (
                "Changes from the previous plan",
                f"{count(len(result.changes), 'session')} changed — {least}",
            )
        )
    proven = "yes" if result.proven_optimal else "no"
    rows += [
        ("All objectives proven optimal", proven),
        ("Time taken", f"{result.seconds:.1f} s (limit {result.time_limit:g} s)"),
        ("Seed", str(result.seed)),
        ("peerpair version", __version__),
    ]
    return rows


def _settings(roster: Roster, time_limit: float) -> str:
    s = roster.settings
    return f"Repeat Pairs {s.repeat_pairs}, Same Hub {s.same_hub}, Time Limit {time_limit:g} s"


def tier_counts(roster: Roster, plan: Plan, unscheduled: tuple[Unscheduled, ...]) -> str:
    """ "4 group sessions and 2 mop-ups, 6 school sessions (90 minutes), 12 one-to-ones;
    everything scheduled" """
    held = {tier: sum(t.tier is tier for t in plan.tier_sessions) for tier in Tier}
    parts = []
    if roster.groups or held[Tier.GROUP] or held[Tier.MOP_UP]:
        groups = count(held[Tier.GROUP], "group session")
        parts.append(f"{groups} and {count(held[Tier.MOP_UP], 'mop-up')}")
    if roster.school_visits or held[Tier.SCHOOL]:
        minutes = roster.settings.visit_minutes
        parts.append(f"{count(held[Tier.SCHOOL], 'school session')} ({minutes} minutes)")
    if roster.requirements or roster.requests or held[Tier.ONE_TO_ONE]:
        parts.append(count(held[Tier.ONE_TO_ONE], "one-to-one"))
    missing = "everything scheduled"
    if unscheduled:
        missing = f"{count(len(unscheduled), 'need')} not scheduled"
    return f"{', '.join(parts)}; {missing}"
