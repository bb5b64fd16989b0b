"""Solving the year one half term at a time, for the alternatives at their best (issue 17).

Cover Needed, trust-lead sessions, load and same-hub pairs are sums over half terms, and
with Repeat Pairs = avoid or allow no hard rule ties one half term to another: the year's
best plan for each of them, in priority order, is each half term's best plan in the same
order, so a half term's proof is a proof for the year. Repeated pairs is the exception: a
repeat depends on the half terms before. The split solves the half terms in order, each
with the pairs of the half terms before it as met (as a re-solve keeps them), which is a
good plan but proves a count of repeats only when it is 0 (no count is below 0), and
likewise any objective after it. With Repeat Pairs = forbid (H11
ties the half terms) the year is one model, as the unsplit method has it.
"""

from __future__ import annotations

from benchmarks.methods.outcome import Outcome, Sessions, plan_from
from peerpair.constraints.cover_needed import FewestCoverNeeded
from peerpair.constraints.same_hub import SameHub
from peerpair.constraints.spread_load import SpreadTheLoad
from peerpair.constraints.trust_lead_sessions import FewestTrustLeadSessions
from peerpair.domain.plan import Plan

# Objectives that are a sum of one value per half term, each depending on that half term only.
PER_HALF_TERM = (FewestCoverNeeded, FewestTrustLeadSessions, SpreadTheLoad, SameHub)


def groups(roster) -> list[list[int]]:
    """The half terms to solve together, in the order to solve them."""
    every = list(range(len(roster.half_terms)))
    if roster.settings.repeat_pairs == "forbid":
        return [every]
    return [[h] for h in every]


def proven_for_the_year(
    roster, objectives, proven_each: dict[str, list[bool]], plan: Plan, groups: int
) -> dict[str, bool]:
    """Which objectives the plan is proven best for, from the groups' proofs:
    `proven_each[name]` has one entry per group whose search reached that objective."""
    reached = {name: len(each) == groups and all(each) for name, each in proven_each.items()}
    if groups == 1:
        return reached
    proven: dict[str, bool] = {}
    separable_so_far = True
    for objective in objectives:
        each = proven_each.get(objective.name, [])
        if separable_so_far and isinstance(objective, PER_HALF_TERM):
            proven[objective.name] = reached.get(objective.name, False)
            continue
        separable_so_far = False
        # A count of 0 is the best possible whatever the half terms before chose.
        half_terms = list(range(len(roster.half_terms)))
        proven[objective.name] = (
            bool(each)
            and not objective.maximise(roster)
            and objective.value(roster, plan, half_terms) == 0
        )
    return proven


def outcome(
    roster, eligibility, objectives, sessions: Sessions, proven_each, groups: int, note: str = ""
) -> Outcome:
    """The year's plan from the groups' sessions, with what is proven for the year and a
    note of how far each group's search went (`note` is added to it)."""
    plan = plan_from(roster, eligibility, sessions)
    reached = min(len(each) for each in proven_each.values()) if proven_each else 0
    return Outcome(
        plan=plan,
        proven=proven_for_the_year(roster, objectives, proven_each, plan, groups),
        note=f"{groups} model(s); every stage reached in each: "
        + ("yes" if reached == groups else "no")
        + note,
    )
