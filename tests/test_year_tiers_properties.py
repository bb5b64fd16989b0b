"""Properties of a re-plan from today over the other tiers (SPEC 7 with SPEC 8's Status
table), on small generated trusts: the lead records a random Status on each of a published
plan's tier sessions, and the tiers are re-planned from a random today.

Each is read here from the SPEC, not from the planner: what stays, what goes, what is made
up, the notice, and that the independent check passes what the re-plan writes."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from peerpair.constraints import check_tiers
from peerpair.constraints.tier_needs import match, meets, one_to_one_needs, unmet_needs
from peerpair.domain.dates import working_days_after
from peerpair.domain.periods import due_in
from peerpair.domain.plan import Plan
from peerpair.domain.replan import Replan
from peerpair.domain.tiers import Requirement, SessionStatus, Tier
from peerpair.tiers.plan_tiers import plan_tiers
from tests.tier_rosters import tier_rosters, tiers_only

_STATUS = st.sampled_from(
    (
        None,
        None,
        SessionStatus.HELD,
        SessionStatus.POSTPONED,
        SessionStatus.MISSED,
        SessionStatus.MISSED,
        SessionStatus.CANCELLED,
    )
)


@st.composite
def recorded_years(draw):
    """(roster, published plan with Statuses recorded, today)."""
    roster = draw(tier_rosters())
    if not roster.requirements and draw(st.integers(0, 3)):
        # Mostly with one-to-ones, whose make-ups are the subtle part.
        per = draw(st.sampled_from(("half term", "term")))
        requirement = Requirement(role="Deputy DSL", supervisor_role="DSL", per=per)
        roster = roster.model_copy(update={"requirements": (requirement,)})
    published = tiers_only(roster).plan
    statuses = draw(st.lists(_STATUS, min_size=len(published.tier_sessions)))
    published = published.model_copy(
        update={
            "tier_sessions": tuple(
                t.model_copy(update={"status": status})
                for t, status in zip(published.tier_sessions, statuses, strict=False)
            )
            + published.tier_sessions[len(statuses) :]
        }
    )
    # From the week before Autumn 1 to the last week of Autumn 2.
    today = date(2026, 8, 28) + timedelta(draw(st.integers(0, 110)))
    return roster, published, today


def _replanned(roster, published: Plan, today: date):
    replan = Replan(roster, published, today=today)
    result = plan_tiers(
        roster, Plan(), published, replan.start, today=today, earliest=replan.earliest
    )
    return replan, result


def _unstatused(t):
    return t.model_copy(update={"status": None})


@settings(max_examples=100)
@given(recorded_years())
def test_a_replan_keeps_the_past_and_the_recorded_and_drops_the_cancelled(year):
    """SPEC 8: blank before today, Held and Postponed are kept; Cancelled is dropped; Missed
    stays as the record; every new session gives the notice."""
    roster, published, today = year
    replan, result = _replanned(roster, published, today)
    after = result.plan.tier_sessions
    earliest = working_days_after(today, roster.settings.notice_days)
    for t in published.tier_sessions:
        if t.status is SessionStatus.CANCELLED:
            assert t not in after
        elif t.status is not None or t.date < today or t.half_term in replan.kept:
            assert t in after  # Held, Postponed, Missed (the record), or the past
    assert all(t.status is not SessionStatus.CANCELLED for t in after)
    # A new one may be the same as a Cancelled one: the roster still asks for it.
    for t in after:
        if t not in published.tier_sessions and _unstatused(t) not in published.tier_sessions:
            assert t.status is None and t.date >= earliest, t


@settings(max_examples=100)
@given(recorded_years())
def test_a_missed_one_is_made_up_or_reported_and_the_check_passes_the_replan(year):
    """SPEC 8: a Missed one-to-one's need is met again, by a make-up in its half term with
    the same supervisor where both can, or its person is reported with a reason; and the
    independent check (T1-T6, the make-up rule in T4) passes the re-plan as of the same
    today, but for the needs reported unscheduled."""
    roster, published, today = year
    replan, result = _replanned(roster, published, today)
    plan = result.plan
    reported = {u.half_term for u in result.unscheduled}
    for r in check_tiers(roster, plan, today=today):
        for v in r.violations:
            assert "made up" not in v.message and "make-up" not in v.message, v.message
            assert not r.rule.startswith("T6"), v.message
            assert v.half_term in reported, v.message
    counted = plan.model_copy(
        update={
            "tier_sessions": tuple(
                t
                for t in plan.tier_sessions
                if t.status not in (SessionStatus.MISSED, SessionStatus.CANCELLED)
            )
        }
    )
    unmet = unmet_needs(roster, counted)
    # Every one-to-one meets a need no other one does: nothing is made up twice.
    ones = [t for t in counted.tier_sessions if t.tier is Tier.ONE_TO_ONE]
    assert len(match(roster, one_to_one_needs(roster), ones)) == len(ones)
    needs = one_to_one_needs(roster)
    first = replan.first
    for m in plan.tier_sessions:
        if m.status is not SessionStatus.MISSED or m.tier is not Tier.ONE_TO_ONE:
            continue
        if roster.half_term_index(m.half_term) < first or m.attendee_ids[0] not in roster.index:
            continue
        person = roster.person(m.attendee_ids[0])
        probe = _unstatused(m)
        for need in (n for n in needs if n.person_id == person.id and meets(roster, n, probe)):
            if need not in unmet:
                continue
            due = (
                roster.half_terms[need.period.last].name
                if need.requirement is not None
                else due_in(roster, need.request)
            )
            assert any(
                u.half_term == due and (person.label() in u.message or "Request" in u.message)
                for u in result.unscheduled
            ), (need, result.unscheduled)


@settings(max_examples=50)
@given(recorded_years(), st.integers(0, 30))
def test_a_replan_of_the_replan_from_the_same_or_a_later_today_changes_nothing(year, later):
    """Re-planning what a re-plan wrote, as of the same today or a later one with nothing
    new recorded, keeps every tier session: a make-up stands for its missed one, and
    nothing is made up twice."""
    roster, published, today = year
    _, once = _replanned(roster, published, today)
    last_day = roster.half_terms[-1].end
    _, twice = _replanned(roster, once.plan, min(today + timedelta(later), last_day))
    assert sorted(twice.plan.tier_sessions, key=repr) == sorted(once.plan.tier_sessions, key=repr)
