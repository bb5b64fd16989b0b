"""The trust rules, hard rules first, then the objectives in strict priority order (SPEC 3).

Objective 2 (fewest changed sessions) applies only when re-solving against a published
plan, and is added there.
"""

from peerpair.constraints.base import CheckResult, HardRule, Objective, Violation
from peerpair.constraints.capacity import Capacity
from peerpair.constraints.change_requests import ChangeRequests
from peerpair.constraints.cover_needed import FewestCoverNeeded
from peerpair.constraints.different_schools import DifferentSchools
from peerpair.constraints.line_management import LineManagement
from peerpair.constraints.no_reciprocal_pairs import NoReciprocalPairs
from peerpair.constraints.no_self_supervision import NoSelfSupervision
from peerpair.constraints.one_supervisor import OneSupervisor
from peerpair.constraints.receive_from import ReceiveFrom
from peerpair.constraints.repeat_pairs import FewestRepeatPairs, RepeatPairsForbidden
from peerpair.constraints.same_hub import SameHub
from peerpair.constraints.spread_load import SpreadTheLoad
from peerpair.constraints.trained_supervisors import TrainedSupervisors
from peerpair.constraints.trust_lead_sessions import FewestTrustLeadSessions
from peerpair.constraints.working_days import WorkingDays

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
)

OBJECTIVES: tuple[Objective, ...] = (
    FewestCoverNeeded(),
    FewestTrustLeadSessions(),
    SpreadTheLoad(),
    FewestRepeatPairs(),
    SameHub(),
)


def check_plan(roster, plan) -> list[CheckResult]:
    """Audit a plan against every hard rule: one CheckResult per rule, in SPEC order."""
    return [
        CheckResult(rule.title, tuple(rule.check(roster, plan)), rule.in_force(roster))
        for rule in HARD_RULES
    ]


__all__ = ["HARD_RULES", "OBJECTIVES", "CheckResult", "Violation", "check_plan"]
