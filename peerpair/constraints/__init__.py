"""The trust rules, hard rules first, then the objectives in strict priority order (SPEC 3),
and the rules of the other tiers (SPEC 7).

Objective 2 (fewest changed sessions) applies only when re-solving against a published
plan, and is added there.
"""

from peerpair.constraints.base import CheckResult, HardRule, Objective, Violation
from peerpair.constraints.capacity import Capacity
from peerpair.constraints.change_requests import ChangeRequests
from peerpair.constraints.cover_needed import FewestCoverNeeded
from peerpair.constraints.different_schools import DifferentSchools
from peerpair.constraints.group_sessions import GroupSessions
from peerpair.constraints.line_management import LineManagement
from peerpair.constraints.mop_ups import MopUps
from peerpair.constraints.no_reciprocal_pairs import NoReciprocalPairs
from peerpair.constraints.no_self_supervision import NoSelfSupervision
from peerpair.constraints.one_supervisor import OneSupervisor
from peerpair.constraints.one_to_ones import OneToOnes
from peerpair.constraints.receive_from import ReceiveFrom
from peerpair.constraints.repeat_pairs import FewestRepeatPairs, RepeatPairsForbidden
from peerpair.constraints.same_hub import SameHub
from peerpair.constraints.school_sessions import SchoolSessions
from peerpair.constraints.session_dates import SessionDates
from peerpair.constraints.spread_load import SpreadTheLoad
from peerpair.constraints.supervision_requests import SupervisionRequests
from peerpair.constraints.tier_days import TierDays
from peerpair.constraints.tier_rule import TierRule
from peerpair.constraints.trained_supervisors import TrainedSupervisors
from peerpair.constraints.trust_lead_sessions import FewestTrustLeadSessions
from peerpair.constraints.working_days import WorkingDays
from peerpair.words import count

HARD_RULES: tuple[HardRule, ...] = (
    OneSupervisor(),
    Capacity(),
    NoSelfSupervision(),
    NoReciprocalPairs(),
    DifferentSchools(),
    TrainedSupervisors(),
    ChangeRequests(),
    LineManagement(),
    WorkingDays(),
    ReceiveFrom(),
    RepeatPairsForbidden(),
    SessionDates(),
)

# The other tiers' rules (SPEC 7): planned around the peer cycle by peerpair.tiers, and
# audited here. Each has a row only for a roster or plan with its tier.
TIER_RULES: tuple[TierRule, ...] = (
    GroupSessions(),
    MopUps(),
    SchoolSessions(),
    OneToOnes(),
    SupervisionRequests(),
    TierDays(),
)

OBJECTIVES: tuple[Objective, ...] = (
    FewestCoverNeeded(),
    FewestTrustLeadSessions(),
    SpreadTheLoad(),
    FewestRepeatPairs(),
    SameHub(),
)


def check_plan(roster, plan, since: int = 0) -> list[CheckResult]:
    """Audit a plan against every hard rule: one CheckResult per rule, in SPEC order.

    With `since`, rule rows cover only the half terms from that one on. The ones before are
    a re-solve's kept half terms: what today's roster says of them goes in a last row, in
    counts only, because a rule's message there could tell the people in a shared plan of a
    change request or an absence made since."""
    kept = {h.name for h in roster.half_terms[:since]}
    results = []
    kept_breaks: dict[str, int] = {}
    for rule in HARD_RULES:
        violations = rule.check(roster, plan)
        for v in violations:
            if v.half_term in kept:
                kept_breaks[v.half_term] = kept_breaks.get(v.half_term, 0) + 1
        mine = tuple(v for v in violations if v.half_term not in kept)
        results.append(CheckResult(rule.title, mine, rule.in_force(roster)))
    results += check_tiers(roster, plan, since)
    if kept:
        notes = tuple(
            Violation(
                KEPT_AS_PUBLISHED,
                h.name,
                (),
                # Counted as `check` counts, in breaks: one session may break two rules.
                "sessions kept as published break today's rules "
                f"{count(kept_breaks[h.name], 'time')}",
            )
            for h in roster.half_terms[:since]
            if h.name in kept_breaks
        )
        results.append(CheckResult(KEPT_AS_PUBLISHED, notes))
    return results


def check_tiers(roster, plan, since: int = 0) -> list[CheckResult]:
    """Audit the plan's tier sessions: one CheckResult per tier rule that applies to this
    roster or plan (none for a roster and plan without tiers). With `since`, what concerns
    the half terms before it is left out: they were kept as published, and a tier rule
    there could name someone absent since."""
    kept = {h.name for h in roster.half_terms[:since]}
    return [
        CheckResult(
            rule.title, tuple(v for v in rule.check(roster, plan) if v.half_term not in kept)
        )
        for rule in TIER_RULES
        if rule.applies(roster, plan)
    ]


KEPT_AS_PUBLISHED = "Half terms kept as published"


__all__ = [
    "HARD_RULES",
    "OBJECTIVES",
    "TIER_RULES",
    "CheckResult",
    "Violation",
    "check_plan",
    "check_tiers",
]
