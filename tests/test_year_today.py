"""Re-planning from today (SPEC 8): the notice, absences that start mid-half-term, joiners
and leavers, and `check` as of today, on the small dated roster of tests/year_rosters.py."""

from __future__ import annotations

from datetime import date

import pytest

from peerpair.constraints import KEPT_AS_PUBLISHED, ON_THE_ROSTER, check_plan
from peerpair.domain.dates import working_days_after
from peerpair.domain.plan import Plan
from peerpair.domain.replan import NothingToReplan, Replan
from peerpair.domain.roster import Absence, Person, Settings
from peerpair.pairing.solve import NO_DAY_LEFT
from tests.year_rosters import (
    EARLIEST,
    PEOPLE,
    TODAY,
    broken,
    future,
    past,
    published,
    replan,
    roster,
)


@pytest.mark.parametrize(
    ("today", "days", "earliest"),
    [
        (date(2026, 9, 21), 5, date(2026, 9, 28)),  # Monday: a week on
        (date(2026, 9, 24), 5, date(2026, 10, 1)),  # Thursday, over a weekend
        (date(2026, 12, 21), 5, date(2026, 12, 30)),  # Christmas and Boxing Day (Mon 28) skipped
        (date(2026, 9, 21), 0, date(2026, 9, 21)),  # no notice: today itself
    ],
)
def test_notice_is_counted_in_working_days(today, days, earliest):
    """Notice Days are working days: weekends and bank holidays do not count (002: 'a
    week's notice')."""
    assert working_days_after(today, days) == earliest


def test_the_re_plan_starts_in_the_half_term_today_falls_in():
    r = roster()
    assert Replan(r, published(), today=TODAY).start == "Autumn 1"
    # Between half terms: the next one.
    assert Replan(r, published(), today=date(2026, 10, 28)).start == "Autumn 2"
    with pytest.raises(NothingToReplan, match="after the last half term"):
        Replan(r, published(), today=date(2027, 1, 4)).start  # noqa: B018


def test_a_notice_setting_moves_the_earliest_day():
    r = roster(settings=Settings(notice_days=10))
    assert Replan(r, published(), today=TODAY).earliest == date(2026, 10, 5)


def test_nothing_before_today_changes_when_a_past_supervisor_leaves():
    """A person deleted from the Staff sheet has left: their past sessions stay as
    published, and their sessions from today are re-planned (SPEC 8)."""
    leaver = "C2"
    r = roster(people=tuple(p for p in PEOPLE if p.id != leaver))
    year = replan(r, published())
    assert past(year.plan) == past(published())
    assert any(leaver in (s.supervisor_id, s.supervisee_id) for s in past(year.plan))
    later = [s for s in year.plan.sessions if s.date >= TODAY]
    assert all(leaver not in (s.supervisor_id, s.supervisee_id) for s in later)
    assert broken(year) == []


def test_a_joiner_is_planned_from_the_first_day_the_notice_allows():
    joiner = Person(id="D1", name="Dee Joiner", school="Birch Infants", supervision_trained=True)
    r = roster(people=(*PEOPLE, joiner))
    year = replan(r, published())
    theirs = [s for s in year.plan.sessions if "D1" in (s.supervisor_id, s.supervisee_id)]
    assert {s.half_term for s in theirs if s.supervisee_id == "D1"} == {"Autumn 1", "Autumn 2"}
    assert all(s.date >= EARLIEST for s in theirs)
    assert broken(year) == []


def test_a_session_inside_an_absence_that_starts_mid_half_term_is_re_planned():
    """The issue's October sick leave: a supervisor away from today to half term. Their
    sessions from today move to someone else, never into the past and never onto a day
    they are away; the past stays."""
    away = future(published())[-1].supervisor_id  # supervises on Mon 05/10
    r = roster(absences=(Absence(person_id=away, start=TODAY, end=date(2026, 10, 30)),))
    year = replan(r, published())
    assert past(year.plan) == past(published())
    theirs = [
        s
        for s in year.plan.sessions_in("Autumn 1")
        if s.date >= TODAY and away in (s.supervisor_id,)
    ]
    assert theirs == []
    made = [s for s in year.plan.sessions if s not in published().sessions]
    assert made and all(s.date >= EARLIEST for s in made)
    assert broken(year) == []


def test_someone_away_for_the_rest_of_the_half_term_is_under_cover_needed_with_why():
    """A supervisee away from today to half term cannot have a session: Cover Needed, with
    a reason that names no absence (SPEC 4: absences are private)."""
    away = future(published())[-1].supervisee_id
    r = roster(absences=(Absence(person_id=away, start=TODAY, end=date(2026, 10, 30)),))
    year = replan(r, published())
    assert [(c.supervisee_id, c.reason) for c in year.plan.cover_needed] == [(away, NO_DAY_LEFT)]


def test_re_solving_from_a_half_term_still_keeps_the_past():
    """--from still re-plans from the start of a half term, but with today nothing before
    today changes (the issue: a session moved from 15/10 to 02/10, a day already past)."""
    away = future(published())[-1].supervisor_id
    r = roster(absences=(Absence(person_id=away, start=TODAY, end=date(2026, 10, 30)),))
    year = replan(r, published(), from_half_term="Autumn 1")
    assert past(year.plan) == past(published())
    assert all(s.date >= TODAY for s in year.plan.sessions if s not in published().sessions)


def test_check_as_of_today_does_not_judge_a_leavers_past():
    leaver = "C2"
    r = roster(people=tuple(p for p in PEOPLE if p.id != leaver))
    plan = replan(r, published()).plan
    results = check_plan(r, plan, today=TODAY)
    assert [v for c in results if c.rule != KEPT_AS_PUBLISHED for v in c.violations] == []


def test_check_breaks_a_session_from_today_naming_someone_not_on_the_roster():
    """'any session from today that names someone not on the roster is broken, since an
    auditor must not pass an unknown person'."""
    later = future(published())[-1]
    ghost = later.model_copy(update={"supervisor_id": "X9"})
    plan = Plan(sessions=tuple(ghost if s == later else s for s in published().sessions))
    results = check_plan(roster(), plan, today=TODAY)
    on_roster = next(c for c in results if c.rule == ON_THE_ROSTER)
    assert [v.message for v in on_roster.violations] == [
        f"the session of X9 with {later.supervisee_id} on Mon 05/10/2026: supervisor X9 is "
        "not on the roster"
    ]
    # The same in the past: that is history, not judged.
    first = past(published())[0]
    plan = Plan(
        sessions=tuple(
            s.model_copy(update={"supervisor_id": "X9"}) if s == first else s
            for s in published().sessions
        )
    )
    results = check_plan(roster(), plan, today=TODAY)
    assert all(c.rule != ON_THE_ROSTER for c in results)


def test_check_gives_no_false_no_supervisor_for_a_joiner():
    """A joiner planned from Autumn 2 had no supervisor in Autumn 1: as of a day in Autumn
    2, that half term is the past and not judged again."""
    joiner = Person(id="D1", name="Dee Joiner", school="Birch Infants", supervision_trained=True)
    r = roster(people=(*PEOPLE, joiner))
    today = date(2026, 11, 2)
    plan = replan(r, published(), today=today).plan
    results = check_plan(r, plan, today=today)
    assert [v for c in results if c.rule != KEPT_AS_PUBLISHED for v in c.violations] == []
    # Judged as of before the year, the same plan has the break.
    results = check_plan(r, plan, today=date(2026, 9, 1))
    assert any("D1" in v.people for c in results for v in c.violations)


def test_a_past_session_is_never_re_dated_even_without_a_date_elsewhere():
    """A session with no date is never given one before today."""
    undated = Plan(
        sessions=tuple(
            s.model_copy(update={"date": None, "start": None, "end": None})
            if s.half_term == "Autumn 2"
            else s
            for s in published().sessions
        )
    )
    year = replan(roster(), undated)
    assert all(s.date >= EARLIEST for s in year.plan.sessions_in("Autumn 2"))


def test_same_roster_plan_and_today_give_the_same_result():
    r = roster(absences=(Absence(person_id="B1", start=TODAY, end=date(2026, 10, 30)),))
    assert replan(r, published()).plan == replan(r, published()).plan
