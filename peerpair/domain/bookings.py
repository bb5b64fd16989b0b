"""Who is in a session when: the clash rules every tier's sessions share (SPEC 6 and 7).

- Nobody has two sessions on one day, of any tier.
- A school with two or more people on the Staff sheet never has all of them in sessions at
  the same time: someone stays available for safeguarding. "At the same time" is at one
  moment; times that overlap one after another (9:00-10:00, 9:30-10:30, 10:15-11:15) do not
  take three people away at once. Everyone on the Staff sheet with the school counts,
  whether or not they are in a session that half term; schools match as H5 matches them.

The peer calendar (calendar/schedule.py) and the other tiers' diary (tiers/diary.py) book
sessions here as they plan them; D1 and T6 book a finished plan's sessions to check it, and
`sessions_without_date` says why a peer session has no date. Times are minutes from
midnight; a session without times takes the whole day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, time
from functools import cache
from typing import NamedTuple

from peerpair.domain.dates import KEPT_FOR_POSTPONEMENTS, SchoolDays, show_day
from peerpair.domain.plan import Plan, Session
from peerpair.domain.replan import Replan
from peerpair.domain.roster import HalfTerm, Person, Roster, school_key
from peerpair.words import count

DAY_MINUTES = 24 * 60
_MAX_DAYS_NAMED = 6


def minutes(t: time) -> int:
    """A time of day as minutes from midnight."""
    return t.hour * 60 + t.minute


def clock(m: int) -> time:
    """Minutes from midnight as a time of day."""
    return time(m // 60, m % 60)


def session_person(roster: Roster, person_id: str) -> Person:
    """The person a session names: someone who has left, in a half term copied from the
    published plan, by their ID alone and at no school."""
    if person_id in roster.index:
        return roster.person(person_id)
    return Person(id=person_id, name=person_id, school=f"(left) {person_id}")


class Slot(NamedTuple):
    """A session's time on its day, in minutes from midnight: from `start` up to `end`. A
    tuple of two numbers, which the garbage collector soon stops tracking: a plan books
    tens of thousands (issue 17)."""

    start: int
    end: int

    @classmethod
    def of(cls, start: time | None, end: time | None) -> Slot:
        """The slot of a session's times; the whole day when they are missing."""
        return _slot_of(start, end)

    def covers(self, moment: int) -> bool:
        return self.start <= moment < self.end


@cache
def _slot_of(start: time | None, end: time | None) -> Slot:
    # A plan has a few times: one slot each, however many sessions have it.
    first = minutes(start) if start is not None else 0
    last = minutes(end) if end is not None else DAY_MINUTES
    return Slot(first, max(last, first + 1))


@dataclass(frozen=True)
class LeftAlone:
    """A moment at which everyone at a school is in a session."""

    school: str  # as the Staff sheet first spells it
    day: date
    moment: int
    people: tuple[str, ...]  # their IDs, sorted


class Bookings:
    """The sessions booked so far, by person and day and by school and day."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        size: dict[str, int] = defaultdict(int)
        spelt: dict[str, str] = {}
        keys = [(p, school_key(p.school)) for p in roster.people]  # once each: issue 17
        for p, key in keys:
            size[key] += 1
            spelt.setdefault(key, p.school)
        # Schools of two or more: the only ones that must keep someone available.
        self._size = {school: n for school, n in size.items() if n >= 2}
        self._spelt = spelt
        self._school = {p.id: key for p, key in keys if key in self._size}
        self._sessions: dict[tuple[str, date], int] = defaultdict(int)
        # Each school and day's sessions as (start, end, person ID): plain tuples of numbers
        # and text, which soon leave the garbage collector's care, where tens of thousands of
        # lists (or tuples holding a Slot) made it go through them again and again.
        self._spans: dict[tuple[str, date], tuple[tuple[int, int, str], ...]] = {}

    def copy(self) -> Bookings:
        """Bookings to try more on, leaving these as they are."""
        other = Bookings.__new__(Bookings)
        other.__dict__.update(self.__dict__)
        other._sessions = defaultdict(int, self._sessions)
        other._spans = dict(self._spans)
        return other

    # --- booking ------------------------------------------------------------------

    def book(self, people: Iterable[str], day: date, slot: Slot) -> None:
        """A session of `people` (IDs; someone not on the Staff sheet is busy that day but
        belongs to no school) on `day` at `slot`."""
        for person_id in people:
            self._sessions[person_id, day] += 1
            if (school := self._school.get(person_id)) is not None:
                span = (slot.start, slot.end, person_id)
                self._spans[school, day] = (*self._spans.get((school, day), ()), span)

    # --- who is busy ----------------------------------------------------------------

    def is_busy(self, person_id: str, day: date) -> bool:
        """Whether the person already has a session on `day`."""
        return self._sessions.get((person_id, day), 0) > 0

    def busy_days(self) -> Iterator[tuple[str, date]]:
        """Every (person ID, day) with a session booked."""
        return (key for key, n in self._sessions.items() if n > 0)

    def sessions_on(self, person_id: str, day: date) -> int:
        return self._sessions.get((person_id, day), 0)

    def double_booked(self) -> list[tuple[str, date, int]]:
        """(person ID, day, sessions) for everyone with two or more sessions on a day."""
        return sorted((p, d, n) for (p, d), n in self._sessions.items() if n > 1)

    # --- a school keeps someone available ----------------------------------------------

    def school_of(self, person_id: str) -> str | None:
        """The school (as `school_key` matches it) of a person whose school has two or more
        people on the Staff sheet; None for anyone else."""
        return self._school.get(person_id)

    @property
    def schools(self) -> list[str]:
        """The schools of two or more, sorted."""
        return sorted(self._size)

    def school_size(self, school: str) -> int:
        return self._size[school]

    def school_name(self, school: str) -> str:
        return self._spelt[school]

    def in_sessions(self, school: str, day: date, moment: int) -> set[str]:
        """The school's people in a session on `day` at `moment`."""
        spans = self._spans.get((school, day), ())
        return {who for start, end, who in spans if start <= moment < end}

    def left_alone(self, people: Iterable[str], day: date, slot: Slot) -> list[str]:
        """The schools (as `school_key` matches them) at which everyone would be in a session
        at some moment, were `people` booked on `day` at `slot`."""
        joining: dict[str, set[str]] = defaultdict(set)
        for person_id in people:
            if (school := self._school.get(person_id)) is not None:
                joining[school].add(person_id)
        alone = []
        for school, them in joining.items():
            spans = self._spans.get((school, day), ())
            if len(spans) + len(them) < self._size[school]:
                continue  # too few sessions that day to take everyone away
            # The most people away at once is reached when one of the sessions starts.
            moments = {slot.start} | {start for start, _, _ in spans if slot.covers(start)}
            if any(
                len(self.in_sessions(school, day, m) | them) >= self._size[school] for m in moments
            ):
                alone.append(school)
        return alone

    def clash(self, people: Sequence[Person], day: date, slot: Slot) -> str | None:
        """Why `people` cannot have a session together on `day` at `slot`, given the
        sessions booked, or None."""
        for person in people:
            if self.is_busy(person.id, day):
                return f"{person.label()} already has a session that day"
        for school in self.left_alone((p.id for p in people), day, slot):
            return f"everyone at {self.school_name(school)} would be in sessions"
        return None

    def everyone_away(self) -> list[LeftAlone]:
        """Each school and day on which everyone is in a session at some moment: the first
        such moment."""
        found = []
        # Only a school and day with as many sessions as people can leave nobody available.
        crowded = [(k, spans) for k, spans in self._spans.items() if len(spans) >= self._size[k[0]]]
        for (school, day), spans in sorted(crowded):
            for moment in sorted({start for start, _, _ in spans}):
                away = self.in_sessions(school, day, moment)
                if len(away) >= self._size[school]:
                    found.append(LeftAlone(self._spelt[school], day, moment, tuple(sorted(away))))
                    break
        return found


def session_slots(roster: Roster) -> list[Slot]:
    """The Session Times, each as a slot of Session Minutes, earliest first."""
    length = roster.settings.session_minutes
    return [
        Slot(m, m + length) for m in sorted({minutes(t) for t in roster.settings.session_times})
    ]


def sessions_without_date(
    roster: Roster, plan: Plan, from_half_term: str | None = None, window: Replan | None = None
) -> list[tuple[Session, str]]:
    """Sessions of half terms with dates (from `from_half_term` on) that have no date, each
    with one line on why no day could hold it given the rest of the plan, in plan order.
    A half term with no session dated, though days were free for them, has not been put on
    the calendar (it was published before the roster had dates, and kept by a re-solve, or
    made by hand): it has none. With a re-plan from today (`window`), only the days it
    leaves open to each session count."""
    calendar = SchoolDays(roster)
    first = 0 if from_half_term is None else roster.half_term_index(from_half_term)
    found = []
    for half_term in roster.half_terms[first:]:
        if half_term.start is None or half_term.end is None:
            continue
        sessions = plan.sessions_in(half_term.name)
        undated = [s for s in sessions if s.date is None]
        if undated:
            days = _HalfTermDays(roster, calendar, half_term, sessions, window)
            if len(undated) == len(sessions) and any(days.free_slot(s) for s in undated):
                continue
            found += [(s, days.why_no_date(s)) for s in undated]
    return found


class _HalfTermDays:
    """A half term's session days and Session Times, with its dated sessions booked."""

    def __init__(
        self,
        roster: Roster,
        calendar: SchoolDays,
        half_term: HalfTerm,
        sessions: list[Session],
        window: Replan | None = None,
    ) -> None:
        self.roster = roster
        self.calendar = calendar
        self.half_term = half_term
        self.window = window if window is not None and window.today is not None else None
        self.days = calendar.session_days(half_term)
        if self.window is not None:
            self.days = self.window.session_days(calendar, half_term, make_up=True)
        self.slots = session_slots(roster)
        self.bookings = Bookings(roster)
        days = set(self.days)
        for s in sessions:
            # A session outside the session days cannot clash with one on them.
            if s.date in days:
                self.bookings.book(
                    (s.supervisor_id, s.supervisee_id), s.date, Slot.of(s.start, s.end)
                )

    def _pair(self, s: Session) -> tuple[Person, Person]:
        return session_person(self.roster, s.supervisor_id), session_person(
            self.roster, s.supervisee_id
        )

    def _days_for(self, s: Session) -> list[date]:
        if self.window is None:
            return self.days
        return [d for d in self.days if self.window.may_date(s, d)]

    def free_slot(self, s: Session) -> tuple[date, Slot] | None:
        """A day and time that session s could have, given the sessions booked."""
        a, b = self._pair(s)
        for day in self._days_for(s):
            if self.calendar.person_problem(day, a) or self.calendar.person_problem(day, b):
                continue
            for slot in self.slots:
                if self.bookings.clash((a, b), day, slot) is None:
                    return day, slot
        return None

    def why_no_date(self, s: Session) -> str:
        """Why no day of the half term can hold session s, given the sessions booked."""
        a, b = self._pair(s)
        who = f"{a.label()} and {b.label()}"
        name = self.half_term.name
        weekdays = len(self.half_term.weekdays())
        if weekdays <= KEPT_FOR_POSTPONEMENTS:
            return (
                f"{name} has only {count(weekdays, 'weekday')}, and the "
                "last five weekdays of a half term are kept free for postponed sessions"
            )
        if self.window is not None and not self._days_for(s):
            return (
                f"no day is left in {name} for a session with "
                f"{count(self.roster.settings.notice_days, 'working day')}' notice "
                f"(the earliest is {show_day(self.window.earliest)})"
            )
        if not self.days:
            return (
                f"{name} has no day for sessions: its last five weekdays are kept free for "
                "postponed sessions and the rest are bank holidays or closures"
            )
        if free := self.free_slot(s):
            # Never after dating, which dates every session it can; but a date cleared by
            # hand may have a day free.
            day, slot = free
            return f"{show_day(day)} at {clock(slot.start):%H:%M} suits both {who}"
        problems = []
        for day in self._days_for(s):
            problem = self.calendar.person_problem(day, a) or self.calendar.person_problem(day, b)
            if problem is None:
                clash = self.bookings.clash((a, b), day, self.slots[0])
                problems.append(f"{show_day(day)}: {clash}")
        if not problems:
            shared = sorted(a.working_days & b.working_days, key=_weekday_order)
            return (
                f"no day in {name} suits both {who}: they both work only "
                f"{', '.join(shared) or 'on no day'}, and those days are bank holidays, "
                "closures, days someone is not available, or the last five weekdays (kept "
                "free for postponed sessions)"
            )
        shown = "; ".join(problems[:_MAX_DAYS_NAMED])
        if len(problems) > _MAX_DAYS_NAMED:
            shown += f"; and {len(problems) - _MAX_DAYS_NAMED} more"
        return f"every day in {name} that suits both {who} is taken: {shown}"


def _weekday_order(day: str) -> int:
    return ("Mon", "Tue", "Wed", "Thu", "Fri").index(day)
