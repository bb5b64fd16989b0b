"""Properties of re-planning from today (SPEC 8), over random small rosters, random
statuses recorded on their plan, a random absence that starts mid-half-term and a random
today. Example counts are kept modest: every example plans a year twice."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from peerpair.constraints import KEPT_AS_PUBLISHED, check_plan
from peerpair.domain.plan import Plan, Session, SessionStatus
from peerpair.domain.replan import Replan
from peerpair.domain.roster import Absence, Roster
from peerpair.year import explain, plan_year
from tests.brute_force import may_supervise, receives, search_fewest
from tests.strategies import rosters
from tests.year_rosters import AUTUMN_1, AUTUMN_2

FIRST_DAY, LAST_DAY = AUTUMN_1.start, AUTUMN_2.end
STATUSES = [None, None, None, SessionStatus.HELD, SessionStatus.MISSED, SessionStatus.CANCELLED]


@st.composite
def lived_years(draw):
    """A dated roster, its published plan with statuses recorded, the roster as edited
    since (an absence from a random day), and today."""
    roster = draw(rosters(max_people=6, max_half_terms=2))
    named = [AUTUMN_1, AUTUMN_2][: len(roster.half_terms)]
    roster = roster.model_copy(update={"half_terms": tuple(named)})
    published = plan_year(roster, time_limit=2).plan
    today = FIRST_DAY + timedelta(days=draw(st.integers(0, (named[-1].end - FIRST_DAY).days)))
    recorded = Plan(
        sessions=tuple(draw(recorded_as(s, named)) for s in published.sessions),
        cover_needed=published.cover_needed,
    )
    edited = roster
    if draw(st.booleans()):
        away = draw(st.sampled_from(roster.people)).id
        start = today - timedelta(days=draw(st.integers(0, 10)))
        absence = Absence(
            person_id=away, start=start, end=start + timedelta(draw(st.integers(1, 40)))
        )
        edited = roster.model_copy(update={"absences": roster.absences + (absence,)})
    return edited, recorded, today


@st.composite
def recorded_as(draw, s: Session, half_terms):
    """Session s with a status, and for a Postponed one a new weekday in its half term (the
    kept-free last week included)."""
    status = draw(st.sampled_from([*STATUSES, SessionStatus.POSTPONED]))
    if status is not SessionStatus.POSTPONED:
        return s.model_copy(update={"status": status})
    half_term = next(h for h in half_terms if h.name == s.half_term)
    return s.model_copy(
        update={"status": status, "date": draw(st.sampled_from(half_term.weekdays()))}
    )


def _re_plan(roster: Roster, recorded: Plan, today: date):
    replan = Replan(roster, recorded, None, {}, today)
    if today > max(h.end for h in roster.half_terms):
        return replan, None
    return replan, plan_year(roster, replan, time_limit=2)


@settings(max_examples=20, deadline=None)
@given(lived_years())
def test_a_re_solve_never_changes_a_session_dated_before_today(lived):
    roster, recorded, today = lived
    replan, year = _re_plan(roster, recorded, today)
    if year is None:
        return
    stays = [
        s
        for s in recorded.sessions
        if s.status is not SessionStatus.CANCELLED
        and (
            s.date < today
            or s.status in (SessionStatus.HELD, SessionStatus.POSTPONED)
            or s.half_term in replan.kept
        )
    ]
    for s in stays:
        assert s in year.plan.sessions, s
    # Nothing new in the past either.
    assert all(s in recorded.sessions for s in year.plan.sessions if s.date and s.date < today)


@settings(max_examples=20, deadline=None)
@given(lived_years())
def test_every_new_or_moved_session_gives_the_notice(lived):
    roster, recorded, today = lived
    replan, year = _re_plan(roster, recorded, today)
    if year is None:
        return
    had = {(s.half_term, s.supervisor_id, s.supervisee_id, s.date) for s in recorded.sessions}
    for s in year.plan.sessions:
        if (s.half_term, s.supervisor_id, s.supervisee_id, s.date) not in had:
            assert s.date is None or s.date >= replan.earliest, s


@settings(max_examples=20, deadline=None)
@given(lived_years())
def test_every_plan_solve_writes_passes_check_with_the_same_today(lived):
    """Postponed dates are the lead's: an example whose typed date already breaks a rule
    as of today (a day someone does not work, say) is not the plan's doing, and skipped."""
    roster, recorded, today = lived
    typed = [
        v
        for c in check_plan(roster, recorded, today=today)
        if c.rule != KEPT_AS_PUBLISHED
        for v in c.violations
    ]
    assume(not typed)
    _, year = _re_plan(roster, recorded, today)
    if year is None:
        return
    for results in (year.checks, check_plan(roster, year.plan, today=today)):
        broken = [v.message for c in results if c.rule != KEPT_AS_PUBLISHED for v in c.violations]
        assert broken == []


@settings(max_examples=15, deadline=None)
@given(lived_years())
def test_brute_force_agrees_on_the_fewest_cover_needed_then_changes(lived):
    """A second reading of objectives 1 and 2 with sessions pinned by today: exhaustive
    search over the re-planned supervisees, the pinned sessions fixed (their places taken,
    their supervisees done, their pairs not reversed)."""
    roster, recorded, today = lived
    replan, year = _re_plan(roster, recorded, today)
    if year is None:
        return
    stages = {s.name: s for s in year.pairing.stages}
    # Against a plan with nothing published there is nothing to change, and no such stage.
    cover, changes = stages["sessions under Cover Needed"], stages.get("changed sessions")
    if not cover.proven or (changes is not None and not changes.proven):
        return
    fewest_cover, fewest_changes = _fewest(roster, replan)
    assert cover.value == fewest_cover
    if changes is not None:
        assert changes.value == fewest_changes


def _fewest(roster: Roster, replan: Replan) -> tuple[int, int]:
    names = [h.name for h in roster.half_terms]
    first = replan.first
    pinned = set(replan.pinned)
    planned = [s for s in replan.planned.sessions if s not in pinned]
    before = {(s.half_term, s.supervisee_id): s.supervisor_id for s in planned}
    done = {(s.half_term, s.supervisee_id) for s in pinned}
    unavailable = replan.unavailable
    needed = [
        (h, r)
        for h in range(first, len(names))
        for r in roster.people
        if receives(roster, r, h) and (names[h], r.id) not in done
    ]
    gone = sum(
        1
        for s in planned
        if names.index(s.half_term) >= first
        and not any(names[h] == s.half_term and r.id == s.supervisee_id for h, r in needed)
    )

    def can(h: int, s, r) -> bool:
        away = unavailable.get(h)
        if away is not None and (s.id in away.give or r.id in away.receive):
            return False
        return may_supervise(roster, h, s, r)

    options = [[s for s in roster.people if can(h, s, r)] for h, r in needed]
    forbid = roster.settings.repeat_pairs == "forbid"
    kept = [s for s in replan.planned.sessions if s.half_term in replan.kept]
    return search_fewest(names, needed, options, before, gone, forbid, [*pinned, *kept], pinned)


@settings(max_examples=30, deadline=None)
@given(lived_years())
def test_explain_from_today_counts_the_cover_needed_the_re_plan_has(lived):
    """`explain` during the year explains the re-plan's own half terms: with the sessions
    today pins (their places taken, their supervisees done), and the people with no day left
    for a new session counted apart, its fewest Cover Needed is the re-plan's."""
    roster, recorded, today = lived
    replan, year = _re_plan(roster, recorded, today)
    if year is None:
        return
    cover = {s.name: s for s in year.pairing.stages}["sessions under Cover Needed"]
    explanation = explain(roster, replan, time_limit=2)
    if not cover.proven or not explanation.diagnosis.proven:
        return
    assert explanation.diagnosis.cover_needed == cover.value
