"""SPEC 8's Status table, row by row: what a re-solve from today does with each session the
lead recorded, on a small dated roster (tests/year_rosters.py). Today is Mon 21/09/2026;
with five working days' notice, new and moved sessions are from Mon 28/09/2026 on."""

from __future__ import annotations

from datetime import date

from peerpair.constraints import check_plan
from peerpair.domain.dates import kept_for_postponements
from peerpair.domain.roster import Absence, ChangeRequest
from peerpair.year import MISSED_NOT_MADE_UP
from tests.year_rosters import (
    AUTUMN_1,
    CANCELLED,
    EARLIEST,
    HELD,
    KEPT_WEEK,
    MISSED,
    POSTPONED,
    TODAY,
    broken,
    future,
    past,
    published,
    recorded,
    replan,
    roster,
)


def session(supervisor: str, supervisee: str, half_term: str = "Autumn 1"):
    return next(
        s
        for s in published().sessions_in(half_term)
        if (s.supervisor_id, s.supervisee_id) == (supervisor, supervisee)
    )


def pair(s) -> tuple:
    return s.half_term, s.supervisor_id, s.supervisee_id


def new_or_moved(before, after) -> list:
    """Sessions of `after` that `before` does not have on the same day with the same pair."""
    had = {(*pair(s), s.date, s.start) for s in before.sessions}
    return [s for s in after.sessions if (*pair(s), s.date, s.start) not in had]


def test_the_published_plan_has_sessions_on_both_sides_of_today():
    """The fixture's premise: a past to keep and a future to re-plan in Autumn 1."""
    plan = published()
    assert len(past(plan)) == 3
    assert [s.date for s in future(plan)] == [
        date(2026, 9, 21),
        date(2026, 9, 28),
        date(2026, 10, 5),
    ]


def test_blank_before_today_is_assumed_held_and_kept():
    """Row 'blank, before today': kept, even when today's roster would no longer allow it
    (a change request since between two people who met in the past)."""
    first = past(published())[0]
    r = roster(
        change_requests=(
            ChangeRequest(person_id=first.supervisor_id, partner_id=first.supervisee_id),
        )
    )
    year = replan(r, published())
    assert past(year.plan) == past(published())
    assert broken(year) == []


def test_blank_from_today_is_planned_and_changes_fewest_first():
    """Row 'blank, from today': may change, fewest changes first. A change request against
    the session of 28/09 re-pairs its supervisee with the one free supervisor (the trust
    lead): one change, dated with notice; every other session stays as it was."""
    target = session("B2", "C1")
    r = roster(change_requests=(ChangeRequest(person_id="B2", partner_id="C1"),))
    year = replan(r, published())
    assert [(c.half_term, c.supervisee_id, c.new_supervisor_id) for c in year.changes] == [
        ("Autumn 1", "C1", "T1"),
        *(
            ("Autumn 2", "C1", c.new_supervisor_id)
            for c in year.changes
            if c.half_term == "Autumn 2"
        ),
    ]
    made = new_or_moved(published(), year.plan)
    assert [pair(s) for s in made if s.half_term == "Autumn 1"] == [("Autumn 1", "T1", "C1")]
    assert all(s.date >= EARLIEST for s in made)
    assert pair(target) not in {pair(s) for s in year.plan.sessions}
    assert broken(year) == []


def test_a_session_in_the_notice_period_keeps_its_day():
    """A planned session between today and the notice's end is not moved: no new date could
    give the notice."""
    soon = session("A2", "B2")
    assert TODAY <= soon.date < EARLIEST
    year = replan(roster(), published())
    assert soon in year.plan.sessions


def test_held_is_kept_whatever_the_roster_now_says():
    """Row 'Held': it took place, so it is kept, and judged as the past."""
    held = session("B2", "C1")
    plan = recorded(published(), (held, {"status": HELD}))
    r = roster(change_requests=(ChangeRequest(person_id="B2", partner_id="C1"),))
    year = replan(r, plan)
    assert held.model_copy(update={"status": HELD}) in year.plan.sessions
    assert not year.changes or all(c.half_term != "Autumn 1" for c in year.changes)
    assert broken(year) == []


def test_postponed_keeps_the_new_date_in_the_kept_free_week():
    """Row 'Postponed': the lead typed the agreed new date, in the last five weekdays (kept
    free for exactly this); the re-solve keeps it and check accepts it there."""
    moved = session("B2", "C1")
    new_day = KEPT_WEEK[1]  # Tue 20/10/2026
    assert new_day in kept_for_postponements(AUTUMN_1)
    plan = recorded(published(), (moved, {"status": POSTPONED, "date": new_day}))
    year = replan(roster(), plan)
    assert moved.model_copy(update={"status": POSTPONED, "date": new_day}) in year.plan.sessions
    assert broken(year) == []
    results = check_plan(roster(), plan, today=TODAY)
    assert [v for r in results for v in r.violations] == []


def test_the_kept_free_week_is_for_postponements_only():
    """The same date typed without 'Postponed' is a session planned in the kept-free week:
    D1 is broken (the last five weekdays are not for planned sessions)."""
    moved = session("B2", "C1")
    plan = recorded(published(), (moved, {"date": KEPT_WEEK[1]}))
    results = check_plan(roster(), plan, today=TODAY)
    d1 = next(r for r in results if r.rule == "D1 session dates")
    assert len(d1.violations) == 1
    assert "kept free for postponed sessions" in d1.violations[0].message


def test_missed_is_made_up_with_the_same_supervisor_as_early_as_the_notice_allows():
    """Row 'Missed': a make-up for the same supervisee, with the same supervisor where both
    can, on the first day the notice allows that both are free; the Missed session stays as
    the record of what happened."""
    missed = session("A1", "B1")
    assert missed.date < TODAY
    plan = recorded(published(), (missed, {"status": MISSED}))
    year = replan(roster(), plan)
    assert missed.model_copy(update={"status": MISSED}) in year.plan.sessions
    make_up = [
        s for s in year.plan.sessions_in("Autumn 1") if s.supervisee_id == "B1" and s.status is None
    ]
    assert [(s.supervisor_id, s.date) for s in make_up] == [("A1", EARLIEST)]
    assert not year.changes  # the same supervisor: no change of supervisor
    assert [(m.old.date, m.new.date) for m in year.moves] == [(missed.date, EARLIEST)]
    assert broken(year) == []


def test_a_make_up_may_have_the_kept_free_week():
    """Row 'Missed', at the end of a half term: the only days left are the kept-free week,
    and a make-up may have them."""
    missed = session("B1", "C2")  # Mon 05/10/2026
    today = date(2026, 10, 12)  # notice to Mon 19/10: the kept-free week
    plan = recorded(published(), (missed, {"status": MISSED}))
    year = replan(roster(), plan, today=today)
    make_up = [
        s for s in year.plan.sessions_in("Autumn 1") if s.supervisee_id == "C2" and not s.status
    ]
    assert [(s.supervisor_id, s.date) for s in make_up] == [("B1", KEPT_WEEK[0])]
    assert broken(year) == []


def test_missed_with_no_day_left_is_under_cover_needed_with_that_reason():
    """Row 'Missed': 'if no day is left, the supervisee is under Cover Needed with that
    reason'. Today Mon 19/10: five working days on is after Autumn 1 ends."""
    missed = session("B1", "C2")
    plan = recorded(published(), (missed, {"status": MISSED}))
    year = replan(roster(), plan, today=date(2026, 10, 19))
    cover = [(c.half_term, c.supervisee_id, c.reason) for c in year.plan.cover_needed]
    assert cover == [("Autumn 1", "C2", MISSED_NOT_MADE_UP)]
    assert missed.model_copy(update={"status": MISSED}) in year.plan.sessions
    assert broken(year) == []


def test_cancelled_is_dropped():
    """Row 'Cancelled': not needed, so dropped from the re-solved plan. Its supervisee is
    then planned as the roster says: here absent from today to the end of Autumn 1, so
    with no day left for a session, under Cover Needed."""
    cancelled = session("B1", "C2")
    plan = recorded(published(), (cancelled, {"status": CANCELLED}))
    r = roster(absences=(Absence(person_id="C2", start=TODAY, end=date(2026, 10, 30)),))
    year = replan(r, plan)
    assert all(s.status is not CANCELLED for s in year.plan.sessions)
    assert not [
        s for s in year.plan.sessions_in("Autumn 1") if s.supervisee_id == "C2" and s.date >= TODAY
    ]
    assert [c.supervisee_id for c in year.plan.cover_needed] == ["C2"]
    assert broken(year) == []


def test_a_make_up_keeps_its_day_when_re_planned_again():
    """A second re-plan keeps the day of the make-up the first one booked (moved by hand
    here to Tue 06/10/2026), rather than the first free day: as few changes as possible."""
    missed = session("A1", "B1")
    first = replan(roster(), recorded(published(), (missed, {"status": MISSED}))).plan
    make_up = next(
        s for s in first.sessions_in("Autumn 1") if s.supervisee_id == "B1" and not s.status
    )
    agreed = {"date": date(2026, 10, 6)}
    again = replan(roster(), recorded(first, (make_up, agreed)), today=date(2026, 9, 23)).plan
    assert make_up.model_copy(update=agreed) in again.sessions
