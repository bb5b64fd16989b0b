"""Sessions on the calendar (SPEC 6): properties of `schedule` over generated calendars,
closures and working patterns, each checked by an independent reading of the rules here
(not by peerpair's own D1 check, which is checked against them too)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from fractions import Fraction

import holidays
from hypothesis import example, given
from hypothesis import strategies as st

from peerpair.calendar.schedule import _dates_in, _HalfTermCalendar, schedule
from peerpair.constraints.session_dates import SessionDates
from peerpair.domain.bookings import Bookings, sessions_without_date
from peerpair.domain.dates import SchoolDays
from peerpair.domain.plan import Plan, Session
from peerpair.domain.roster import (
    WEEKDAYS,
    Absence,
    Closure,
    HalfTerm,
    Person,
    Roster,
    Settings,
)

ENGLAND = holidays.UK(subdiv="ENG", years=range(2026, 2029))
TIMES = (time(8, 0), time(9, 30), time(11, 0), time(13, 30), time(15, 45))
SUMMER_1 = HalfTerm(name="Summer 1", start=date(2026, 4, 13), end=date(2026, 5, 22))


def weekdays(first: date, last: date) -> list[date]:
    days = (first + timedelta(n) for n in range((last - first).days + 1))
    return [d for d in days if d.weekday() < 5]


@st.composite
def calendars(draw) -> tuple[Roster, Plan]:
    """A half term (often around May 2026's bank holidays), people at up to four schools
    with their working days, closures for the trust or a school, a day or two away, session
    settings, and sessions between people who share a working day."""
    start = draw(
        st.one_of(
            st.just(date(2026, 4, 20)),
            st.dates(date(2026, 4, 1), date(2027, 7, 1)),
        )
    )
    half_term = HalfTerm(
        name="Summer 1", start=start, end=start + timedelta(draw(st.integers(4, 45)))
    )
    n = draw(st.integers(2, 9))
    people = tuple(
        Person(
            id=f"P{i}",
            name=f"Person {i}",
            school=f"School {draw(st.integers(0, 3))}",
            supervision_trained=True,
            working_days=frozenset(
                draw(
                    st.one_of(
                        st.just(WEEKDAYS),
                        st.sets(st.sampled_from(WEEKDAYS), min_size=1, max_size=4),
                    )
                )
            ),
        )
        for i in range(n)
    )
    schools = sorted({p.school for p in people})
    closures = []
    for _ in range(draw(st.integers(0, 3))):
        first = start + timedelta(draw(st.integers(0, 40)))
        closures.append(
            Closure(
                start=first,
                end=first + timedelta(draw(st.integers(0, 3))),
                school=draw(st.sampled_from(["", *schools])),
            )
        )
    absences = []
    for _ in range(draw(st.integers(0, 1))):
        first = start + timedelta(draw(st.integers(0, 40)))
        absences.append(
            Absence(
                person_id=draw(st.sampled_from([p.id for p in people])),
                start=first,
                end=first + timedelta(draw(st.integers(0, 2))),
            )
        )
    settings = Settings(
        session_minutes=draw(st.sampled_from([30, 60, 120, 240])),
        session_times=tuple(sorted(draw(st.sets(st.sampled_from(TIMES), min_size=1, max_size=3)))),
    )
    roster = Roster(
        people=people,
        half_terms=(half_term,),
        closures=tuple(closures),
        absences=tuple(absences),
        settings=settings,
    )
    sessions = set()
    for i, supervisee in enumerate(people):
        for j in draw(st.lists(st.integers(0, n - 1), max_size=2, unique=True)):
            supervisor = people[j]
            if j != i and supervisor.working_days & supervisee.working_days:
                sessions.add(
                    Session(
                        half_term="Summer 1",
                        supervisor_id=supervisor.id,
                        supervisee_id=supervisee.id,
                    )
                )
    return roster, Plan(sessions=tuple(sessions))


def day_is_usable(roster: Roster, s: Session) -> bool:
    """Every rule about the day itself and the two people, read afresh from SPEC 6."""
    half_term = roster.half_terms[0]
    kept = weekdays(half_term.start, half_term.end)[-5:]
    day = s.date
    people = [roster.person(s.supervisor_id), roster.person(s.supervisee_id)]
    closed = [
        c for c in roster.closures if c.start <= day <= c.end and c.school in ("", *schools(people))
    ]
    away = [a for a in roster.absences if a.person_id in (s.supervisor_id, s.supervisee_id)]
    return (
        half_term.start <= day <= half_term.end
        and day.weekday() < 5
        and day not in ENGLAND
        and day not in kept
        and not closed
        and all(WEEKDAYS[day.weekday()] in p.working_days for p in people)
        and not any(a.start <= day <= a.end for a in away)
    )


def schools(people: list[Person]) -> list[str]:
    return [p.school for p in people]


def minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def clashes(roster: Roster, sessions: list[Session]) -> list[str]:
    """Two sessions for someone on one day, or a school of two or more with everyone in a
    session at one moment."""
    found = []
    per_day = Counter((i, s.date) for s in sessions for i in (s.supervisor_id, s.supervisee_id))
    found += [f"{who} twice on {day}" for (who, day), n in per_day.items() if n > 1]
    members = defaultdict(set)
    for p in roster.people:
        members[p.school].add(p.id)
    for s in sessions:
        for moment in (minutes(s.start), minutes(s.end) - 1):
            for school, ids in members.items():
                if len(ids) < 2:
                    continue
                busy = {
                    i
                    for other in sessions
                    if other.date == s.date and minutes(other.start) <= moment < minutes(other.end)
                    for i in (other.supervisor_id, other.supervisee_id)
                    if i in ids
                }
                if busy == ids:
                    found.append(f"all of {school} busy on {s.date} at {moment}")
    return found


@given(calendars())
def test_every_dated_session_keeps_every_calendar_rule(case):
    """SPEC 6: a weekday inside the half term on which both work; never a bank holiday or a
    closure; not in the last five weekdays; at a Session Time for Session Minutes; nobody
    twice a day; no school left with nobody available."""
    roster, plan = case
    dated = schedule(roster, plan)
    sessions = [s for s in dated.sessions if s.date is not None]
    for s in sessions:
        assert day_is_usable(roster, s), s
        assert s.start in roster.settings.session_times
        end = datetime.combine(s.date, s.start) + timedelta(minutes=roster.settings.session_minutes)
        assert s.end == end.time()
    assert clashes(roster, sessions) == []


@given(calendars())
def test_the_pairs_are_kept_and_only_dates_are_added(case):
    roster, plan = case
    dated = schedule(roster, plan)
    key = [(s.half_term, s.supervisor_id, s.supervisee_id) for s in dated.sessions]
    assert key == [(s.half_term, s.supervisor_id, s.supervisee_id) for s in plan.sessions]
    assert dated.cover_needed == plan.cover_needed


@given(calendars())
def test_a_session_without_a_date_has_no_day_and_time_left_and_a_reason(case):
    """SPEC 6: when no date is possible the session keeps its pair, has no date, and the
    reason is given. No day and time free for both could have taken it."""
    roster, plan = case
    dated = schedule(roster, plan)
    undated = [s for s in dated.sessions if s.date is None]
    others = [s for s in dated.sessions if s.date is not None]
    settings = roster.settings
    for s in undated:
        for day in weekdays(roster.half_terms[0].start, roster.half_terms[0].end):
            for start in settings.session_times:
                end = datetime.combine(day, start) + timedelta(minutes=settings.session_minutes)
                tried = s.model_copy(update={"date": day, "start": start, "end": end.time()})
                assert not day_is_usable(roster, tried) or clashes(roster, [*others, tried])
    reasons = dict(
        ((s.supervisor_id, s.supervisee_id), why) for s, why in sessions_without_date(roster, dated)
    )
    assert sorted(reasons) == sorted((s.supervisor_id, s.supervisee_id) for s in undated)
    assert all(reasons.values())


@given(calendars())
def test_the_d1_check_agrees(case):
    """The Checks sheet's D1 finds nothing wrong with a scheduled plan, and lists each
    session left without a date (once the plan has any date)."""
    roster, plan = case
    dated = schedule(roster, plan)
    violations = SessionDates().check(roster, dated)
    undated = [s for s in dated.sessions if s.date is None]
    expected = len(undated) if len(undated) < len(dated.sessions) else 0
    assert len(violations) == expected
    assert all("have no date" in v.message for v in violations)


@given(calendars())
def test_scheduling_is_deterministic(case):
    roster, plan = case
    assert schedule(roster, plan) == schedule(roster, plan)


def test_england_bank_holidays_are_never_used():
    """SPEC 6: never an England bank holiday. A Monday-only part-timer in Summer 1 2026
    has Mondays 20 April to 11 May free (18 May is in the last five weekdays): of them
    4 May (Early May bank holiday) may not be used; nor 25 May, after the half term."""
    people = (
        Person(id="M", name="Mo Monday", school="Oak", working_days=frozenset({"Mon"})),
        *(Person(id=f"F{i}", name=f"Full {i}", school=f"School {i}") for i in range(5)),
    )
    roster = Roster(people=people, half_terms=(SUMMER_1,))
    plan = Plan(
        sessions=tuple(
            Session(half_term="Summer 1", supervisor_id=f"F{i}", supervisee_id="M")
            if i % 2
            else Session(half_term="Summer 1", supervisor_id="M", supervisee_id=f"F{i}")
            for i in range(5)
        )
    )
    dated = schedule(roster, plan)
    days = sorted(s.date for s in dated.sessions if s.date)
    assert days == [date(2026, 4, 13), date(2026, 4, 20), date(2026, 4, 27), date(2026, 5, 11)]
    assert date(2026, 5, 4) not in days and date(2026, 5, 25) not in days
    [(undated, reason)] = sessions_without_date(roster, dated)
    assert "Mo Monday (M)" in reason and "already has a session" in reason


def test_a_part_timer_whose_only_day_is_closed_keeps_the_pair_without_a_date():
    """The issue's example: a part-timer whose only working day is all closures. The
    session stays, with no date, and the reason names the days."""
    tuesdays = Closure(start=date(2026, 4, 13), end=date(2026, 5, 22), school="Oak")
    people = (
        Person(id="T", name="Tess Tuesday", school="Oak", working_days=frozenset({"Tue"})),
        Person(id="A", name="Ann Able", school="Ash"),
    )
    roster = Roster(people=people, half_terms=(SUMMER_1,), closures=(tuesdays,))
    plan = Plan(sessions=(Session(half_term="Summer 1", supervisor_id="A", supervisee_id="T"),))
    dated = schedule(roster, plan)
    assert dated.sessions == plan.sessions
    [(_, reason)] = sessions_without_date(roster, dated)
    assert "Tess Tuesday (T)" in reason and "Tue" in reason and "closures" in reason


def test_a_date_left_blank_by_hand_is_not_said_to_be_impossible():
    """D1 lists a session without a date (SPEC 6). In a plan edited by hand, one whose date
    was cleared could still be dated: the reason names a day and time free for both, and
    never claims that every day is taken."""
    half_term = HalfTerm(name="Autumn 1", start=date(2026, 9, 7), end=date(2026, 10, 2))
    people = tuple(Person(id=f"P{i}", name=f"P{i}", school=f"S{i}") for i in range(3))
    roster = Roster(people=people, half_terms=(half_term,))
    ring = Plan(
        sessions=tuple(
            Session(half_term="Autumn 1", supervisor_id=f"P{(i + 1) % 3}", supervisee_id=f"P{i}")
            for i in range(3)
        )
    )
    dated = schedule(roster, ring)
    cleared = next(s for s in dated.sessions if s.supervisee_id == "P0")
    edited = Plan(
        sessions=tuple(
            s.model_copy(update={"date": None, "start": None, "end": None}) if s == cleared else s
            for s in dated.sessions
        )
    )
    [(_, reason)] = sessions_without_date(roster, edited)
    assert "is taken" not in reason
    assert "Mon 07/09/2026 at 09:30 suits both P1 (P1) and P0 (P0)" in reason


def test_a_half_term_of_five_weekdays_or_fewer_says_so():
    """SPEC 6: the last five weekdays of a half term are kept for postponed sessions, so a
    half term of three weekdays has no day for sessions: the reason says that, and does not
    speak of other days being bank holidays or closures."""
    half_term = HalfTerm(name="Autumn 1", start=date(2026, 9, 2), end=date(2026, 9, 4))
    people = tuple(Person(id=f"P{i}", name=f"P{i}", school=f"S{i}") for i in range(2))
    roster = Roster(people=people, half_terms=(half_term,))
    plan = Plan(sessions=(Session(half_term="Autumn 1", supervisor_id="P0", supervisee_id="P1"),))
    [(_, reason)] = sessions_without_date(roster, schedule(roster, plan))
    assert reason == (
        "Autumn 1 has only 3 weekdays, and the last five weekdays of a half term are kept "
        "free for postponed sessions"
    )


def test_sessions_spread_over_the_weeks():
    """SPEC 6: sessions are spread across the weeks. Ten people at ten schools, 20 sessions
    and four full weeks free (the fifth is kept for postponements): five a week."""
    half_term = HalfTerm(name="Autumn 2", start=date(2026, 11, 2), end=date(2026, 12, 4))
    people = tuple(Person(id=f"P{i}", name=f"P{i}", school=f"S{i}") for i in range(10))
    sessions = [
        Session(half_term="Autumn 2", supervisor_id=f"P{(i + k) % 10}", supervisee_id=f"P{i}")
        for i in range(10)
        for k in (1, 3)
    ]
    roster = Roster(people=people, half_terms=(half_term,))
    dated = schedule(roster, Plan(sessions=tuple(sessions)))
    weeks = Counter(s.date.isocalendar()[1] for s in dated.sessions)
    assert sorted(weeks.values()) == [5, 5, 5, 5]
    assert max(Counter(s.date for s in dated.sessions).values()) == 1


def test_a_school_of_two_keeps_one_available():
    """SPEC 6: a school with two or more people never has all of them in sessions at the
    same time: Oak's two DSLs, with one working day and one session time, are never both
    in a session that day, so one of them moves to another week."""
    half_term = HalfTerm(name="Spring 1", start=date(2027, 1, 4), end=date(2027, 1, 15))
    people = (
        Person(id="O1", name="Oak One", school="Oak", working_days=frozenset({"Wed"})),
        Person(id="O2", name="Oak Two", school="oak ", working_days=frozenset({"Wed"})),
        Person(id="A", name="Ash", school="Ash"),
        Person(id="E", name="Elm", school="Elm"),
    )
    settings = Settings(session_times=(time(9, 30),))
    roster = Roster(people=people, half_terms=(half_term,), settings=settings)
    plan = Plan(
        sessions=(
            Session(half_term="Spring 1", supervisor_id="A", supervisee_id="O1"),
            Session(half_term="Spring 1", supervisor_id="E", supervisee_id="O2"),
        )
    )
    dated = schedule(roster, plan)
    # Only one Wednesday (6 January) is free: the second week is kept for postponements.
    assert sorted(str(s.date) for s in dated.sessions) == ["2027-01-06", "None"]
    [(_, reason)] = sessions_without_date(roster, dated)
    assert "everyone at Oak would be in sessions" in reason


def test_a_re_solve_keeps_the_dates_of_sessions_that_did_not_change():
    """SPEC 6: a re-solve keeps the dates of sessions that did not change. One supervisee
    gets a new supervisor; every other session keeps its date and time."""
    half_term = HalfTerm(name="Autumn 1", start=date(2026, 9, 2), end=date(2026, 10, 23))
    people = tuple(Person(id=f"P{i}", name=f"P{i}", school=f"S{i % 4}") for i in range(8))
    before = Plan(
        sessions=tuple(
            Session(half_term="Autumn 1", supervisor_id=f"P{(i + 1) % 8}", supervisee_id=f"P{i}")
            for i in range(8)
        )
    )
    roster = Roster(people=people, half_terms=(half_term,))
    published = schedule(roster, before)
    changed = Plan(
        sessions=tuple(s for s in before.sessions if s.supervisee_id != "P0")
        + (Session(half_term="Autumn 1", supervisor_id="P3", supervisee_id="P0"),)
    )
    again = schedule(roster, changed, previous=published)
    old = {(s.supervisor_id, s.supervisee_id): (s.date, s.start) for s in published.sessions}
    new = {(s.supervisor_id, s.supervisee_id): (s.date, s.start) for s in again.sessions}
    assert all(new[pair] == old[pair] for pair in new if pair in old)
    assert new["P3", "P0"][0] is not None
    assert schedule(roster, before, previous=published) == published


def test_a_re_solve_keeps_a_date_moved_by_hand_to_another_time():
    """SPEC 6: a re-solve keeps the dates of sessions that did not change. The published
    plan was edited by hand: a pair agreed to meet on Thursday at 10:00, not one of the
    Session Times. The session did not change, so it keeps that day and time; no other
    session is given 10:00."""
    half_term = HalfTerm(name="Autumn 1", start=date(2026, 9, 2), end=date(2026, 10, 23))
    people = tuple(Person(id=f"P{i}", name=f"P{i}", school=f"S{i % 4}") for i in range(8))
    roster = Roster(people=people, half_terms=(half_term,))
    before = Plan(
        sessions=tuple(
            Session(half_term="Autumn 1", supervisor_id=f"P{(i + 1) % 8}", supervisee_id=f"P{i}")
            for i in range(8)
        )
    )
    published = schedule(roster, before)
    moved = next(s for s in published.sessions if s.supervisee_id == "P0")
    agreed = {"date": date(2026, 10, 1), "start": time(10, 0), "end": time(11, 0)}
    edited = Plan(
        sessions=tuple(s.model_copy(update=agreed) if s == moved else s for s in published.sessions)
    )
    assert not SessionDates().check(roster, edited)
    again = schedule(roster, before, previous=edited)
    assert again == edited
    assert [s.supervisee_id for s in again.sessions if s.start == time(10, 0)] == ["P0"]


def test_sessions_already_dated_and_half_terms_without_dates_are_left_alone():
    people = tuple(Person(id=f"P{i}", name=f"P{i}", school=f"S{i}") for i in range(3))
    undated_term = HalfTerm(name="Autumn 2")
    roster = Roster(people=people, half_terms=(SUMMER_1, undated_term))
    fixed = Session(
        half_term="Summer 1",
        supervisor_id="P1",
        supervisee_id="P0",
        date=date(2026, 4, 14),
        start=time(10, 0),
        end=time(11, 0),
    )
    plan = Plan(
        sessions=(
            fixed,
            Session(half_term="Summer 1", supervisor_id="P0", supervisee_id="P1"),
            Session(half_term="Autumn 2", supervisor_id="P2", supervisee_id="P0"),
        )
    )
    dated = schedule(roster, plan)
    assert fixed in dated.sessions
    assert [s.date for s in dated.sessions if s.half_term == "Autumn 2"] == [None]
    other = next(s for s in dated.sessions if s.supervisor_id == "P0")
    assert other.date not in (None, date(2026, 4, 14))


def ranked_greedy(book) -> dict[int, tuple[int, int]]:
    """The greedy plan as `_greedy`'s docstring reads, done plainly: for each session in
    turn (a previous date first, then the fewest possible days), its previous day and time
    if free, else every possible day and Session Time ranked afresh by the week's sessions
    per day, the day's sessions, the time's sessions that day, the day, the time; the first
    that clashes with nothing booked is taken."""
    candidates = book._candidates()
    week = book.week_of
    days_in_week = Counter(week)
    week_load, load, slot_load = Counter(), Counter(), Counter()
    bookings = book.bookings.copy()
    order = sorted(
        range(len(book.open)),
        key=lambda n: (book.kept_at[n] is None, int(candidates[n].sum()), n),
    )
    choice = {}
    for n in order:
        a, b = (book.people[i] for i in book.pairs[n])
        options = sorted(
            (
                (d, t)
                for d in range(len(book.days))
                if candidates[n, d]
                for t in range(book.session_times)
            ),
            key=lambda at: (
                Fraction(week_load[week[at[0]]], days_in_week[week[at[0]]]),
                load[at[0]],
                slot_load[at],
                *at,
            ),
        )
        kept = book.kept_at[n]
        if kept is not None and candidates[n, kept[0]]:
            options.insert(0, kept)
        for d, t in options:
            if bookings.clash((a, b), book.days[d], book.slots[t]) is None:
                bookings.book((a.id, b.id), book.days[d], book.slots[t])
                choice[n] = (d, t)
                week_load[week[d]] += 1
                load[d] += 1
                slot_load[d, t] += 1
                break
    return choice


@st.composite
def crowded_calendars(draw) -> tuple[Roster, Plan]:
    """A calendar whose half term has a few session days for its sessions, so that days
    take several sessions and their times fill up."""
    roster, plan = draw(calendars())
    half_term = roster.half_terms[0]
    short = half_term.model_copy(
        update={"end": half_term.start + timedelta(draw(st.integers(7, 14)))}
    )
    return roster.model_copy(update={"half_terms": (short,)}), plan


def one_day_for_three() -> tuple[Roster, Plan]:
    """Three sessions of six people and a half term with one session day (Mon 7 September
    2026; the rest are the last five weekdays): the day's times fill up one by one."""
    people = tuple(
        Person(id=f"P{i}", name=f"Person {i}", school=f"School {i}", supervision_trained=True)
        for i in range(6)
    )
    roster = Roster(
        people=people,
        half_terms=(HalfTerm(name="Summer 1", start=date(2026, 9, 7), end=date(2026, 9, 14)),),
        settings=Settings(session_minutes=60, session_times=TIMES[1:4]),
    )
    sessions = tuple(
        Session(half_term="Summer 1", supervisor_id=f"P{i}", supervisee_id=f"P{i + 1}")
        for i in (0, 2, 4)
    )
    return roster, Plan(sessions=sessions)


@given(st.one_of(calendars(), crowded_calendars()), st.booleans())
@example(one_day_for_three(), False)
def test_the_greedy_plan_is_the_plainly_ranked_one(case, re_solve):
    """The greedy keeps its days in order as it books (issue 17) rather than ranking every
    day and time for each session: the plan must be the same. On a re-solve the previous
    plan's dates come first."""
    roster, plan = case
    earlier = _dates_in(schedule(roster, plan)) if re_solve else {}
    half_term = roster.half_terms[0]
    book = _HalfTermCalendar(
        roster, SchoolDays(roster), Bookings(roster), half_term, list(plan.sessions), earlier
    )
    assert book._greedy() == ranked_greedy(book)
