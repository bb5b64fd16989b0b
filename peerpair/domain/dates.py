"""Which days can hold a session (SPEC 6).

A session's day is a weekday inside its half term that is not an England bank holiday, not
a closure (Closures sheet) for the trust or for either person's school, not one of the last
five weekdays of the half term (kept free for postponed sessions: policy 001, Appendix 2
asks for "a new date (within 5 working days)"), and a day both people work and are not
away. One definition serves the calendar pass, its explanations and the D1 check.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays
import numpy as np

from peerpair.domain.roster import WEEKDAYS, HalfTerm, Person, Roster, school_key
from peerpair.words import DAY_NAMES

KEPT_FOR_POSTPONEMENTS = 5  # weekdays at the end of each half term


def weekday_name(day: date) -> str:
    """ "Thursday": messages say "does not work on Thursdays", never "Thus"."""
    return DAY_NAMES[day.weekday()]


def show_day(day: date) -> str:
    """How a day is named in messages and invites: "Tue 15/09/2026"."""
    return f"{day:%a} {day:%d/%m/%Y}"


@cache
def _bank_holidays(year: int) -> dict[date, str]:
    # The holidays package ships its calendars: nothing is fetched.
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holiday(day: date) -> str | None:
    """The name of the England bank holiday on `day`, if it is one."""
    return _bank_holidays(day.year).get(day)


def working_days_after(day: date, days: int) -> date:
    """The `days`-th working day (a weekday that is no bank holiday) after `day`: with a
    week's notice (5) from a Monday, the next Monday. `day` itself when `days` is 0."""
    found = day
    while days > 0:
        found += timedelta(1)
        if found.weekday() < 5 and bank_holiday(found) is None:
            days -= 1
    return found


def kept_for_postponements(half_term: HalfTerm) -> list[date]:
    """The last five weekdays of the half term: no session is planned on them."""
    return list(_kept_for_postponements(half_term))


@cache
def _kept_for_postponements(half_term: HalfTerm) -> tuple[date, ...]:
    # Worked out once a half term: the check asks for every session (issue 17).
    return tuple(half_term.weekdays()[-KEPT_FOR_POSTPONEMENTS:])


class SchoolDays:
    """The roster's calendar: the days each half term offers for sessions, and which of them
    each person can use."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self._trust_closed: set[date] = set()
        self._school_closed: dict[str, set[date]] = {}
        for closure in roster.closures:
            days = {
                closure.start + timedelta(n) for n in range((closure.end - closure.start).days + 1)
            }
            if closure.school:
                self._school_closed.setdefault(school_key(closure.school), set()).update(days)
            else:
                self._trust_closed |= days
        self._closed_at: dict[str, set[date]] = {}  # by the school as spelt: `closed_at`
        self._away: dict[str, list[tuple[date, date]]] = {}
        for absence in roster.absences:
            if absence.start is not None and absence.end is not None:
                self._away.setdefault(absence.person_id, []).append((absence.start, absence.end))

    def session_days(self, half_term: HalfTerm) -> list[date]:
        """Days of the half term that can hold sessions for anyone in the trust."""
        kept = set(kept_for_postponements(half_term))
        return [
            d
            for d in half_term.weekdays()
            if d not in kept and bank_holiday(d) is None and d not in self._trust_closed
        ]

    def day_problem(self, day: date, half_term: HalfTerm | None) -> str | None:
        """Why nobody can have a session on `day` in `half_term`, or None. Without half-term
        dates only the day itself is judged."""
        if day.weekday() >= 5:
            return f"{show_day(day)} is a weekend"
        if half_term is not None and half_term.start and half_term.end:
            if not half_term.start <= day <= half_term.end:
                return (
                    f"{show_day(day)} is outside {half_term.name} "
                    f"({show_day(half_term.start)} to {show_day(half_term.end)})"
                )
            if day in _kept_for_postponements(half_term):
                return (
                    f"{show_day(day)} is in the last five weekdays of {half_term.name}, kept "
                    "free for postponed sessions"
                )
        if name := bank_holiday(day):
            return f"{show_day(day)} is a bank holiday ({name})"
        if day in self._trust_closed:
            return f"{show_day(day)} is a closure for the whole trust"
        return None

    def person_problem(self, day: date, person: Person) -> str | None:
        """Why `person` cannot have a session on `day` (a school day), or None. Absences are
        private (SPEC 4): a day away is only "not available"."""
        if WEEKDAYS[day.weekday()] not in person.working_days:
            return f"{person.label()} does not work on {weekday_name(day)}s"
        if day in self.closed_at(person.school):
            return f"{show_day(day)} is a closure at {person.school}"
        if self._is_away(person.id, day):
            return f"{person.label()} is not available on {show_day(day)}"
        return None

    def free(self, people: list[Person], days: list[date]) -> np.ndarray:
        """Boolean matrix [person, day]: the person works that day, their school is open and
        they are not away. `days` are session days (see `session_days`)."""
        weekday = np.array([d.weekday() for d in days], dtype=np.int64)
        works = np.array(
            [sum(1 << WEEKDAYS.index(w) for w in p.working_days) for p in people], dtype=np.int64
        )
        free = ((works[:, None] >> weekday[None, :]) & 1).astype(bool)
        position = {d: n for n, d in enumerate(days)}
        for i, person in enumerate(people):
            for day in self.closed_at(person.school):
                if day in position:
                    free[i, position[day]] = False
            for first, last in self._away.get(person.id, ()):
                for n, day in enumerate(days):
                    if first <= day <= last:
                        free[i, n] = False
        return free

    def closed_at(self, school: str) -> set[date]:
        """The days the school (as a Staff row spells it) is closed, trust closures aside."""
        if not self._school_closed:
            return set()
        if school not in self._closed_at:
            # Matching a spelling is worked out once a spelling: the check asks for every
            # session (issue 17).
            self._closed_at[school] = self._school_closed.get(school_key(school), set())
        return self._closed_at[school]

    def _is_away(self, person_id: str, day: date) -> bool:
        return any(first <= day <= last for first, last in self._away.get(person_id, ()))
