"""The trust rules, hard rules first, then the objectives in strict priority order (SPEC 3),
and the rules of the other tiers (SPEC 7).

Objective 2 (fewest changed sessions) applies only when re-solving against a published
plan, and is added there.
"""

from datetime import date

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
from peerpair.domain.dates import show_day
from peerpair.domain.plan import SessionStatus
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


def check_plan(roster, plan, since: int = 0, today: date | None = None) -> list[CheckResult]:
    """Audit a plan against every hard rule: one CheckResult per rule, in SPEC order.

    The plan is judged as its rules see it (`Plan.effective`: no Cancelled sessions, a
    Missed one only until it is made up or under Cover Needed).

    With `since`, rule rows cover only the half terms from that one on. The ones before are
    a re-solve's kept half terms: what today's roster says of them goes in a last row, in
    counts only, because a rule's message there could tell the people in a shared plan of a
    change request or an absence made since. With `today` (SPEC 8), the past is judged the
    same way: half terms over before today, and breaks that concern only sessions dated
    before today; and a session from today naming someone not on the roster is a break of
    its own (an auditor must not pass an unknown person)."""
    judged = plan.effective()
    past_half_terms = {
        h.name
        for h in roster.half_terms
        if today is not None and h.end is not None and h.end < today
    }
    kept = {h.name for h in roster.half_terms[:since]} | past_half_terms
    results = []
    # A row only when someone is unknown: most plans name nobody who is not on the roster.
    if today is not None and (unknown := _unknown_people(roster, judged, kept, today)):
        results.append(CheckResult(ON_THE_ROSTER, tuple(unknown)))
    kept_breaks: dict[str, int] = {}
    for rule in HARD_RULES:
        violations = (
            # D1 sees the Missed sessions too: their make-ups may have the kept-free week.
            rule.check(roster, plan, today=today)
            if isinstance(rule, SessionDates)
            else rule.check(roster, judged)
        )
        mine = []
        for v in violations:
            if v.half_term in kept or _of_the_past(v, judged, today):
                kept_breaks[v.half_term] = kept_breaks.get(v.half_term, 0) + 1
            else:
                mine.append(v)
        results.append(CheckResult(rule.title, tuple(mine), rule.in_force(roster)))
    results += check_tiers(roster, plan, since, today)
    if kept or kept_breaks:
        notes = tuple(
            Violation(
                KEPT_AS_PUBLISHED,
                h.name,
                (),
                # Counted as `check` counts, in breaks: one session may break two rules.
                "sessions kept as published break today's rules "
                f"{count(kept_breaks[h.name], 'time')}",
            )
            for h in roster.half_terms
            if h.name in kept_breaks
        )
        results.append(CheckResult(KEPT_AS_PUBLISHED, notes))
    return results


def _of_the_past(v: Violation, plan, today: date | None) -> bool:
    """Whether every session a break concerns was dated before today or recorded Held: the
    past, which a re-plan never changes (SPEC 8)."""
    if today is None or not v.people:
        return False
    people = set(v.people)
    concerned = [
        s
        for s in plan.sessions_in(v.half_term)
        if (
            {s.supervisor_id, s.supervisee_id} <= people
            if len(people) > 1
            else people & {s.supervisor_id, s.supervisee_id}
        )
    ]
    return bool(concerned) and all(
        s.status is SessionStatus.HELD or (s.date is not None and s.date < today) for s in concerned
    )


def _unknown_people(roster, plan, kept: set[str], today: date) -> list[Violation]:
    """Sessions from today (or not yet dated) that name someone not on the roster."""
    found = []
    for s in plan.sessions:
        if s.half_term in kept or (s.date is not None and s.date < today):
            continue
        for role, person_id in (("supervisor", s.supervisor_id), ("supervisee", s.supervisee_id)):
            if person_id not in roster.index:
                when = f" on {show_day(s.date)}" if s.date else ""
                found.append(
                    Violation(
                        ON_THE_ROSTER,
                        s.half_term,
                        (s.supervisor_id, s.supervisee_id),
                        f"the session of {s.supervisor_id} with {s.supervisee_id}{when}: "
                        f"{role} {person_id} is not on the roster",
                    )
                )
    return found


def check_tiers(roster, plan, since: int = 0, today: date | None = None) -> list[CheckResult]:
    """Audit the plan's tier sessions: one CheckResult per tier rule that applies to this
    roster or plan (none for a roster and plan without tiers). With `since`, what concerns
    the half terms before it is left out: they were kept as published, and a tier rule
    there could name someone absent since. Missed and Cancelled sessions meet no need
    (SPEC 8); with `today`, half terms over before it are left out too, and the days of
    sessions before today or recorded Held are not judged again."""
    kept = {h.name for h in roster.half_terms[:since]}
    if today is not None:
        kept |= {h.name for h in roster.half_terms if h.end is not None and h.end < today}
    held = plan.model_copy(
        update={
            "tier_sessions": tuple(
                t
                for t in plan.tier_sessions
                if t.status not in (SessionStatus.MISSED, SessionStatus.CANCELLED)
            )
        }
    )
    to_come = held.model_copy(
        update={
            "tier_sessions": tuple(
                t
                for t in held.tier_sessions
                if today is None or (t.date >= today and t.status is not SessionStatus.HELD)
            )
        }
    )
    missed = tuple(t for t in plan.tier_sessions if t.status is SessionStatus.MISSED)

    def breaks(rule: TierRule) -> list[Violation]:
        if isinstance(rule, TierDays):  # a make-up may have the kept-free week
            return rule.check(roster, to_come, missed=missed)
        if isinstance(rule, OneToOnes):
            return rule.check(roster, held, missed=missed, today=today)
        return rule.check(roster, held)

    return [
        CheckResult(rule.title, tuple(v for v in breaks(rule) if v.half_term not in kept))
        for rule in TIER_RULES
        if rule.applies(roster, plan)
    ]


KEPT_AS_PUBLISHED = "Half terms kept as published"
ON_THE_ROSTER = "People on the roster"


__all__ = [
    "HARD_RULES",
    "KEPT_AS_PUBLISHED",
    "ON_THE_ROSTER",
    "OBJECTIVES",
    "TIER_RULES",
    "CheckResult",
    "Violation",
    "check_plan",
    "check_tiers",
]
