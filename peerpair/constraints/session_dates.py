"""D1 session dates (SPEC 6): every dated session is on a day both people can use, nobody
has two sessions on one day, and a school of two or more never has all of them in
sessions at the same time. Once a plan has dates, a session without one in a half term
with dates is reported with the reason.

Dates are the calendar pass's job (`peerpair.calendar.schedule`), done after pairing:
this rule adds nothing to the pairing model. The clash rules are `peerpair.domain.bookings`,
which the calendar plans with. Policy 001, Appendix 2: sessions "must be
within both people's working hours", and a postponed one needs "a new date (within 5
working days)", so the last five weekdays of a half term are kept free.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from peerpair.constraints.base import HardRule, Violation, label
from peerpair.domain.bookings import Bookings, Slot, clock, sessions_without_date
from peerpair.domain.dates import SchoolDays, kept_for_postponements, show_day
from peerpair.domain.plan import SessionStatus
from peerpair.domain.replan import Replan

MISSED = SessionStatus.MISSED


class SessionDates(HardRule):
    code = "D1"
    name = "session dates"

    def check(self, roster, plan, today: date | None = None):
        """With `today` (SPEC 8), sessions dated before it (or recorded Held) are the past
        and are not judged, and a session may be in the kept-free last five weekdays of its
        half term when it was Postponed there or is a make-up for a Missed one."""
        calendar = SchoolDays(roster)
        half_terms = {h.name: h for h in roster.half_terms}
        found = []
        missed = {(s.half_term, s.supervisee_id) for s in plan.sessions if s.status is MISSED}
        plan = plan.effective()
        dated = [s for s in plan.sessions if s.date is not None]
        if today is not None:  # the past, and what was Held, happened as it did
            dated = [s for s in dated if s.date >= today and s.status is not SessionStatus.HELD]
        # A day's problem in a half term, worked out once: the plan has a few hundred days and
        # tens of thousands of sessions (issue 17).
        day_problems: dict[tuple[date, str], str | None] = {}
        for s in dated:
            people = [
                roster.person(i) for i in (s.supervisor_id, s.supervisee_id) if i in roster.index
            ]
            half_term = half_terms.get(s.half_term)
            if (s.date, s.half_term) not in day_problems:
                day_problems[s.date, s.half_term] = calendar.day_problem(s.date, half_term)
            problem = day_problems[s.date, s.half_term]
            if (
                problem is not None
                and half_term is not None
                and s.date in kept_for_postponements(half_term)
                and (
                    s.status is SessionStatus.POSTPONED or (s.half_term, s.supervisee_id) in missed
                )
            ):
                # The last five weekdays are kept free for exactly these (policy 001).
                problem = calendar.day_problem(s.date, None)
            for person in people:
                problem = problem or calendar.person_problem(s.date, person)
            if problem is not None:
                found.append(self._violation(roster, s, problem))
        bookings = Bookings(roster)
        for s in dated:
            bookings.book((s.supervisor_id, s.supervisee_id), s.date, Slot.of(s.start, s.end))
        on_day = _OnDay(dated)
        found += self._two_in_a_day(roster, bookings, on_day)
        found += self._school_left_alone(roster, bookings, on_day)
        # A plan with no date at all has not been put on the calendar (made by hand, or
        # before peerpair dated sessions): its pairings are audited, not its dates.
        first = _first_not_over(roster, today)
        # As of today, a session without a date is told of the days still open to it.
        window = Replan(roster, plan, today=today) if today is not None else None
        undated = sessions_without_date(roster, plan, first, window) if dated and first else ()
        for s, reason in undated:
            found.append(
                Violation(
                    self.title,
                    s.half_term,
                    (s.supervisor_id, s.supervisee_id),
                    f"{_pair(roster, s)} have no date: {reason}",
                )
            )
        return found

    def _violation(self, roster, s, problem: str) -> Violation:
        return Violation(
            self.title,
            s.half_term,
            (s.supervisor_id, s.supervisee_id),
            f"{_pair(roster, s)} on {show_day(s.date)}: {problem}",
        )

    def _two_in_a_day(self, roster, bookings: Bookings, on_day: _OnDay) -> list[Violation]:
        found = []
        for person_id, day, n in bookings.double_booked():
            # Each session named by the other person in it: any of them is one to move.
            others = [
                s.supervisee_id if s.supervisor_id == person_id else s.supervisor_id
                for s in on_day.sessions(day, {person_id})
            ]
            found.append(
                Violation(
                    self.title,
                    on_day.half_term(day, {person_id}),
                    (person_id, *others),
                    f"{label(roster, person_id)} has {n} sessions on {show_day(day)}, with "
                    + " and ".join(label(roster, i) for i in others),
                )
            )
        return found

    def _school_left_alone(self, roster, bookings: Bookings, on_day: _OnDay) -> list[Violation]:
        """A school of two or more with everyone in a session at one moment."""
        return [
            Violation(
                self.title,
                on_day.half_term(away.day, set(away.people)),
                away.people,
                f"everyone at {away.school} is in a session on {show_day(away.day)} at "
                f"{clock(away.moment):%H:%M} "
                f"({', '.join(sorted(roster.person(i).label() for i in away.people))}): "
                "nobody is left available",
            )
            for away in bookings.everyone_away()
        ]


class _OnDay:
    """The dated sessions by day, in plan order: a break names the sessions of its day, and
    a scan of the whole plan for each break grew with breaks times sessions."""

    def __init__(self, dated) -> None:
        self._by_day = defaultdict(list)
        for s in dated:
            self._by_day[s.date].append(s)

    def sessions(self, day: date, people: set[str]) -> list:
        """The sessions on `day` with any of `people` in them."""
        return [s for s in self._by_day[day] if {s.supervisor_id, s.supervisee_id} & people]

    def half_term(self, day: date, people: set[str]) -> str:
        """The half term of the first session on `day` with any of `people` in it."""
        return self.sessions(day, people)[0].half_term


def _pair(roster, s) -> str:
    return f"{label(roster, s.supervisor_id)} and {label(roster, s.supervisee_id)}"


def _first_not_over(roster, today: date | None) -> str | None:
    """The first half term not over before today (all of them without today); None when
    every half term is over."""
    for h in roster.half_terms:
        if today is None or h.end is None or h.end >= today:
            return h.name
    return None
