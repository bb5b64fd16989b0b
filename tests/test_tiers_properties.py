"""Properties of the tier pass over generated trusts (SPEC 7), each checked by an
independent reading of the rules written here, not by peerpair's own checks (which are
held to agree with them)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import holidays
from hypothesis import given

from peerpair.constraints import HARD_RULES, check_plan, check_tiers
from peerpair.domain.periods import members_of, periods
from peerpair.domain.tiers import Tier
from tests.tier_rosters import LAST_WEEK, tier_rosters, whole_plan

ENGLAND = holidays.UK(subdiv="ENG", years=range(2026, 2028))
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")


def _present(roster, person_id: str, half_term: str) -> bool:
    return not any(a.person_id == person_id and a.half_term == half_term for a in roster.absences)


def _away(roster, person_id: str, day: date) -> bool:
    return any(
        a.person_id == person_id and a.start is not None and a.start <= day <= a.end
        for a in roster.absences
    )


def _closed(roster, school: str, day: date) -> bool:
    return any(
        c.start <= day <= c.end and c.school.casefold() in ("", school.casefold())
        for c in roster.closures
    )


@given(tier_rosters())
def test_tier_sessions_keep_the_day_rules_and_nobody_is_double_booked(roster):
    """SPEC 7: "the people involved work that day, no bank holidays or closures, nobody has
    two sessions of any tier on one day"; the last five weekdays are for mop-ups only."""
    dated, result = whole_plan(roster)
    booked = defaultdict(list)
    for s in dated.sessions:
        if s.date is not None:
            booked[s.supervisor_id].append(s.date)
            booked[s.supervisee_id].append(s.date)
    for t in result.plan.tier_sessions:
        half_term = next(h for h in roster.half_terms if h.name == t.half_term)
        assert half_term.start <= t.date <= half_term.end
        assert t.date.weekday() < 5 and t.date not in ENGLAND
        assert (t.date in LAST_WEEK[t.half_term]) == (t.tier is Tier.MOP_UP)
        for person_id in t.people:
            person = roster.person(person_id)
            assert _DAYS[t.date.weekday()] in person.working_days
            assert not _closed(roster, person.school, t.date)
            assert _present(roster, person_id, t.half_term)
            assert not _away(roster, person_id, t.date)
            booked[person_id].append(t.date)
        assert t.lead_id not in t.attendee_ids
    for person_id, days in booked.items():
        assert len(days) == len(set(days)), person_id


@given(tier_rosters())
def test_every_period_covers_every_present_member_or_says_who_it_could_not(roster):
    """000: "every staff member participates in at least one session per half term"; 002:
    groups of up to Max Size; 003: a session per school per term (half term for a high
    caseload). Every present member is covered, or named as not scheduled, and the checks
    agree with what the pass reports."""
    _, result = whole_plan(roster)
    plan = result.plan
    missed = " ".join(u.message for u in result.unscheduled)
    names = [h.name for h in roster.half_terms]
    for group in roster.groups:
        for period in periods(roster, group.per):
            in_period = {names[h] for h in period.half_terms}
            sessions = [
                s for s in plan.tier_sessions if s.group == group.name and s.half_term in in_period
            ]
            assert all(len(s.attendee_ids) <= group.max_size for s in sessions)
            assert all(s.lead_id in group.facilitator_ids for s in sessions)
            attended = {i for s in sessions for i in s.attendee_ids}
            for member in members_of(roster, group):
                if any(_present(roster, member.id, h) for h in in_period):
                    assert member.id in attended or member.label() in missed
    for visit in roster.school_visits:
        sessions = [
            s for s in plan.tier_sessions if s.tier is Tier.SCHOOL and s.school == visit.school
        ]
        expected = 2 if visit.high_caseload else 1
        assert len(sessions) == expected or f"at {visit.school}" in missed
        assert all(roster.person(s.lead_id).is_trust_lead for s in sessions)
    tier_rows = check_tiers(roster, plan)
    broken = [v for row in tier_rows for v in row.violations]
    assert (broken == []) == (result.unscheduled == ())


@given(tier_rosters())
def test_adding_the_tier_sheets_never_changes_or_breaks_the_peer_plan(roster):
    """Tiers are lighter constraints: the peer plan, dates included, is the one the roster
    without tier sheets gives, and it keeps every hard rule."""
    bare = roster.model_copy(
        update={"groups": (), "school_visits": (), "requirements": (), "requests": ()}
    )
    dated, result = whole_plan(roster)
    without, _ = whole_plan(bare)
    assert result.plan.sessions == without.sessions == dated.sessions
    assert result.plan.cover_needed == without.cover_needed
    hard = {rule.title for rule in HARD_RULES}
    rows = [c for c in check_plan(roster, result.plan) if c.rule in hard]
    assert [v for c in rows for v in c.violations] == []
