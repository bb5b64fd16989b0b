"""plan_tiers(roster, plan) -> TierResult: the policies' other tiers on the calendar, around
the peer cycle (SPEC 7).

The peer sessions are planned and dated first and never move: the tiers are lighter
constraints that fit around them. They are planned in this order, each fitting around those
before it, on the days left free:

1. trust-led school sessions (003), since trust leads are few;
2. groups and their mop-ups (000, 002, 003);
3. role-based one-to-ones (001 Appendix 1, 004);
4. requests (000, 001), which may use any day up to their By date.

On every day rule of SPEC 6: a weekday inside the half term, not a bank holiday nor a
closure, that everyone in the session works and is available on; nobody has two sessions
of any tier on one day; the last five weekdays of a half term are kept free for postponed
sessions, except for mop-ups, which belong there.

On a re-solve, the tier sessions of the half terms before `from_half_term` are copied from
the published plan, and count towards their periods (a term's group session already held
in its first half term, say). Later ones keep their date where they still keep every rule
(`carry`), and only what is then missing is planned anew.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from peerpair.domain.periods import periods
from peerpair.domain.plan import Plan, SessionStatus
from peerpair.domain.roster import Roster
from peerpair.domain.tiers import Tier, Unscheduled
from peerpair.tiers.carry import Carried, is_make_up
from peerpair.tiers.diary import Diary
from peerpair.tiers.groups import plan_groups
from peerpair.tiers.make_ups import book_make_ups
from peerpair.tiers.one_to_ones import plan_one_to_ones
from peerpair.tiers.requests import plan_requests
from peerpair.tiers.school_visits import plan_school_visits

_NOT_HELD = (SessionStatus.MISSED, SessionStatus.CANCELLED)
_STAYS = (SessionStatus.HELD, SessionStatus.POSTPONED)


def _same_period(roster: Roster, mop_up, groups: set[tuple[str, str]]) -> bool:
    """Whether `mop_up` is the mop-up of a period in which one of `groups` (group name,
    half term) had a session."""
    group = next((g for g in roster.groups if g.name == mop_up.group), None)
    if group is None:
        return False
    names = [h.name for h in roster.half_terms]
    for period in periods(roster, group.per):
        half_terms = {names[h] for h in period.half_terms}
        if mop_up.half_term in half_terms and any(
            name == group.name and h in half_terms for name, h in groups
        ):
            return True
    return False


@dataclass(frozen=True)
class TierResult:
    plan: Plan  # the plan given, with its tier sessions
    unscheduled: tuple[Unscheduled, ...]  # in half-term order; empty when every need is met


def plan_tiers(
    roster: Roster,
    plan: Plan,
    previous: Plan | None = None,
    from_half_term: str | None = None,
    today: date | None = None,
    earliest: date | None = None,
    full_offer: int | None = None,
) -> TierResult:
    """The plan with a session for every tier need that can have one (see the module's
    docstring). `plan` holds the dated peer sessions; with `previous` and
    `from_half_term`, tier sessions before that half term are kept as published, and later
    ones where they still may be.

    A re-plan from `today` (SPEC 8) also keeps every session dated before today or
    recorded Held or Postponed, drops Cancelled ones, and keeps Missed ones as the record
    of what happened without counting them: a member who missed a group session goes to
    its mop-up, and a missed one-to-one is made up (`peerpair.tiers.make_ups`). New
    sessions are from `earliest` on. `full_offer` is `plan_school_visits`'s (for tests:
    the default keeps today's rosters on the path that offers every option)."""
    first = 0 if from_half_term is None else roster.half_term_index(from_half_term)
    past = {h.name for h in roster.half_terms[:first]}
    published = previous.tier_sessions if previous else ()
    missed = tuple(s for s in published if s.status is SessionStatus.MISSED)
    published = tuple(s for s in published if s.status not in _NOT_HELD)
    kept = tuple(
        s
        for s in published
        if s.half_term in past
        or s.status in _STAYS
        or (today is not None and s.status is None and s.date < today)
    )
    # A member who missed a group session goes to the period's mop-up: one from the
    # notice's earliest day on that does not already take them all is planned again.
    absent_from = frozenset(
        (s.group, s.half_term, i) for s in missed if s.tier is Tier.GROUP for i in s.attendee_ids
    )
    published = tuple(
        s
        for s in published
        if s in kept
        or s.tier is not Tier.MOP_UP
        or (earliest is not None and s.date < earliest)  # within the notice: it stays
        or not _same_period(
            roster,
            s,
            {(g, h) for g, h, i in absent_from if i in roster.index and i not in s.attendee_ids},
        )
    )
    diary = Diary(roster, plan.model_copy(update={"tier_sessions": kept + missed}), today, earliest)
    standing = Carried(roster, plan, diary, missed)
    standing.keep(kept)
    # A make-up the published plan has, from the earliest day on, is booked again by the
    # make-up rule, so that it is never later than the notice allows (SPEC 8).
    standing.carry(
        [
            s
            for s in published
            if s not in kept
            and not (is_make_up(s, missed) and (earliest is None or s.date >= earliest))
        ]
    )
    made_up, not_made_up, met = book_make_ups(
        roster, diary, missed, first, standing.met, standing.sessions
    )
    kept = (*standing.sessions, *made_up)
    visits, missed_visits = plan_school_visits(roster, plan, diary, first, kept, full_offer)
    groups, missed_groups = plan_groups(roster, diary, first, kept, absent_from)
    one_to_ones, missed_one_to_ones = plan_one_to_ones(roster, diary, first, kept, met)
    so_far = plan.model_copy(update={"tier_sessions": (*kept, *visits, *groups, *one_to_ones)})
    requested, missed_requests = plan_requests(roster, so_far, diary, first, met)
    sessions = Plan(tier_sessions=(*so_far.tier_sessions, *requested, *missed)).tier_sessions
    order = {h.name: n for n, h in enumerate(roster.half_terms)}
    unscheduled = sorted(
        (*not_made_up, *missed_visits, *missed_groups, *missed_one_to_ones, *missed_requests),
        key=lambda u: order.get(u.half_term, len(order)),
    )
    return TierResult(plan.model_copy(update={"tier_sessions": sessions}), tuple(unscheduled))
