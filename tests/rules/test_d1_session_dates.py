"""D1 session dates (SPEC 6): a dated session is on a weekday of its half term that both
people work, is not a bank holiday, a closure or one of the last five weekdays; nobody has
two sessions on one day; and a school of two or more never has all of them in sessions at
the same time. The calendar (`schedule`) dates by these rules and the check audits them."""

from __future__ import annotations

from datetime import date, time

from rule_builders import AUTUMN_1, AUTUMN_1_DATED, person, plan, roster, session

from peerpair.calendar.schedule import schedule
from peerpair.constraints.session_dates import SessionDates
from peerpair.domain.plan import Plan, Session
from peerpair.domain.roster import HalfTerm, Settings

D1 = SessionDates()

# Mon 7 - Mon 14 September 2026: six weekdays, the last five kept for postponements, so
# Monday 7 September is its only day for sessions.
ONE_DAY = HalfTerm(name=AUTUMN_1, start=date(2026, 9, 7), end=date(2026, 9, 14))


def dated(supervisor: str, supervisee: str, day: date, start="09:30", end="10:30") -> Session:
    return session(supervisor, supervisee).model_copy(
        update={"date": day, "start": time.fromisoformat(start), "end": time.fromisoformat(end)}
    )


def messages(a_roster, a_plan: Plan) -> list[str]:
    return [v.message for v in D1.check(a_roster, a_plan)]


def test_the_calendar_dates_a_ring_within_the_rules():
    """SPEC 6: "every session gets a proposed Date, Start and End" such that the date is a
    weekday inside the half term on which both people work, not in the last five weekdays;
    the check agrees with the calendar."""
    three = roster(
        person("A", "Oak", working_days=frozenset({"Tue", "Wed"})),
        person("B", "Ash", working_days=frozenset({"Wed", "Thu"})),
        person("C", "Elm"),
        half_terms=(AUTUMN_1_DATED,),
    )
    ring = plan(session("A", "B"), session("B", "C"), session("C", "A"))

    put = schedule(three, ring)

    assert all(s.date is not None for s in put.sessions)
    assert {
        s.date.strftime("%a") for s in put.sessions if "A" in (s.supervisor_id, s.supervisee_id)
    } <= {"Tue", "Wed"}
    assert all(s.date < date(2025, 10, 13) for s in put.sessions)  # 13-17 Oct are kept free
    assert D1.check(three, put) == []


def test_the_check_catches_a_day_one_of_them_does_not_work():
    """Policy 001 App. 2: the session "must be within both people's working hours"."""
    two = roster(
        person("A", "Oak", working_days=frozenset({"Mon"})),
        person("B", "Ash"),
        half_terms=(AUTUMN_1_DATED,),
    )

    assert messages(two, plan(dated("A", "B", date(2025, 9, 2)))) == [
        "Person A (A) and Person B (B) on Tue 02/09/2025: Person A (A) does not work on Tuesdays"
    ]
    assert messages(two, plan(dated("A", "B", date(2025, 9, 1)))) == []


def test_the_check_catches_a_session_in_the_last_five_weekdays():
    """Policy 001 App. 2: a postponed session needs "a new date (within 5 working days)",
    so the last five weekdays of a half term are kept free for them."""
    two = roster(person("A", "Oak"), person("B", "Ash"), half_terms=(AUTUMN_1_DATED,))

    [message] = messages(two, plan(dated("A", "B", date(2025, 10, 14))))
    assert message.startswith("Person A (A) and Person B (B) on Tue 14/10/2025: ")
    assert messages(two, plan(dated("A", "B", date(2025, 10, 10)))) == []


def test_the_check_catches_two_sessions_on_one_day():
    """SPEC 6: "nobody has two sessions on one day"."""
    three = roster(
        person("A", "Oak"), person("B", "Ash"), person("C", "Elm"), half_terms=(AUTUMN_1_DATED,)
    )
    same_day = plan(
        dated("A", "B", date(2025, 9, 2)), dated("B", "C", date(2025, 9, 2), "13:30", "14:30")
    )

    assert messages(three, same_day) == [
        "Person B (B) has 2 sessions on Tue 02/09/2025, with Person A (A) and Person C (C)"
    ]


def test_the_check_catches_a_school_with_everyone_in_sessions_at_once():
    """SPEC 6: "a school with two or more people in the roster never has all of them in
    sessions at the same time (a DSL or deputy must stay available)". Three at Oak whose
    sessions overlap one after another are never all away at one moment; at 10:15 all
    three are."""
    oak = roster(
        person("A", "Oak"),
        person("B", "Oak"),
        person("C", "Oak"),
        person("X", "Elm"),
        person("Y", "Ash"),
        person("Z", "Yew"),
        half_terms=(AUTUMN_1_DATED,),
    )
    day = date(2025, 9, 2)
    staggered = plan(
        dated("X", "A", day, "09:00", "10:00"),
        dated("Y", "B", day, "09:30", "10:30"),
        dated("Z", "C", day, "10:15", "11:15"),
    )
    together = plan(
        dated("X", "A", day, "09:30", "10:30"),
        dated("Y", "B", day, "09:30", "10:30"),
        dated("Z", "C", day, "10:15", "11:15"),
    )

    assert messages(oak, staggered) == []
    assert messages(oak, together) == [
        "everyone at Oak is in a session on Tue 02/09/2025 at 10:15 (Person A (A), Person B (B), "
        "Person C (C)): nobody is left available"
    ]


def test_the_calendar_leaves_someone_at_a_school_available_and_says_why_a_session_waits():
    """SPEC 6: "a DSL or deputy must stay available". A and B, the only two at Oak, are
    supervised on the half term's one day for sessions at its one Session Time: one of
    them must go without a date, and D1 gives the reason."""
    oak = roster(
        person("A", "Oak"),
        person("B", "Oak"),
        person("C", "Elm"),
        person("D", "Ash"),
        half_terms=(ONE_DAY,),
        settings=Settings(session_times=(time(9, 30),)),
    )
    two = plan(session("C", "A"), session("D", "B"))

    put = schedule(oak, two)

    assert [s.date for s in put.sessions] == [date(2026, 9, 7), None]
    assert messages(oak, put) == [
        "Person D (D) and Person B (B) have no date: every day in Autumn 1 that suits both "
        "Person D (D) and Person B (B) is taken: Mon 07/09/2026: everyone at Oak would be in "
        "sessions"
    ]
