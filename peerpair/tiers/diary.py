"""The diary the tiers are planned in: which days each half term offers, who can use each
day, and who is already in a session on it.

It starts from the dated peer sessions, which never move, and every tier session planned
is booked in it, so nobody ever has two sessions of any tier on one day. Days are those of
SPEC 6 (`peerpair.domain.dates`): weekdays inside the half term that are not bank
holidays or closures. The last five weekdays of each half term stay free for postponed
sessions (policy 001: "a new date (within 5 working days)"), except for mop-ups, which
policy 000 puts "during the last week of each half term".
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, time

import numpy as np

from peerpair.domain.bookings import DAY_MINUTES, Bookings, Slot, clock, minutes
from peerpair.domain.dates import SchoolDays, kept_for_postponements
from peerpair.domain.periods import may_supervise
from peerpair.domain.plan import Plan
from peerpair.domain.roster import Person, Roster
from peerpair.domain.tiers import Tier, TierSession


def minutes_of(tier: Tier, roster: Roster) -> int:
    """How long a session of the tier lasts: Visit Minutes for school sessions, Session
    Minutes for the rest (policy 002: no longer than an hour, the default)."""
    settings = roster.settings
    return settings.visit_minutes if tier is Tier.SCHOOL else settings.session_minutes


class Diary:
    """Session days and bookings for one plan."""

    def __init__(
        self, roster: Roster, plan: Plan, today: date | None = None, earliest: date | None = None
    ) -> None:
        """`today` and `earliest` (a re-plan from today, SPEC 8): sessions planned anew are
        on `earliest` or later; a session carried from the published plan keeps a day from
        today on (see `keeps`)."""
        self.roster = roster
        self.today, self.earliest = today, earliest
        self.calendar = SchoolDays(roster)
        self.bookings = Bookings(roster)
        self._at_time: dict[tuple[date, int], int] = defaultdict(int)
        self.load: dict[date, int] = defaultdict(int)  # sessions a day, for spreading them
        self._regular: dict[int, list[date]] = {}
        self._last_week: dict[int, list[date]] = {}
        # What bookings never change, asked about again and again: worked out once.
        self._present: dict[tuple[str, int], bool] = {}
        self._day_problem: dict[tuple[str, date], str | None] = {}
        self._open: dict[tuple[str, int], dict[date, bool]] = {}
        # The days each person has a session, as `bookings` has them: for `free_days`.
        self._busy: dict[str, set[date]] = defaultdict(set)
        self._tables: dict[int, tuple[list[date], dict[str, int], np.ndarray]] = {}
        self._apart = {i for c in roster.change_requests for i in (c.person_id, c.partner_id)}
        for s in plan.sessions:
            if s.date is not None:
                self._book((s.supervisor_id, s.supervisee_id), s.date, Slot.of(s.start, s.end))
        for t in plan.tier_sessions:
            self.book(t)

    # --- days ----------------------------------------------------------------------

    def regular_days(self, h: int) -> list[date]:
        """Days of half term h for sessions other than mop-ups (none when it has no dates)."""
        if h not in self._regular:
            half_term = self.roster.half_terms[h]
            dated = half_term.start is not None and half_term.end is not None
            self._regular[h] = self.calendar.session_days(half_term) if dated else []
        return self._from_earliest(self._regular[h])

    def last_week(self, h: int) -> list[date]:
        """The last five weekdays of half term h that are not bank holidays or closures for
        the whole trust: the days for mop-ups."""
        if h not in self._last_week:
            half_term = self.roster.half_terms[h]
            self._last_week[h] = [
                d
                for d in kept_for_postponements(half_term)
                if self.calendar.day_problem(d, None) is None
            ]
        return self._from_earliest(self._last_week[h])

    def keeps(self, h: int, day: date, mop_up: bool, make_up: bool = False) -> bool:
        """Whether a session carried from the published plan may stay on `day` of half
        term h: a day of its kind (a make-up of a missed one-to-one may have either), and
        not past."""
        self.regular_days(h), self.last_week(h)  # worked out once
        days = self._last_week[h] if mop_up else self._regular[h]
        if make_up:
            days = [*self._regular[h], *self._last_week[h]]
        return day in days and (self.today is None or day >= self.today)

    def _from_earliest(self, days: list[date]) -> list[date]:
        if self.earliest is None:
            return days
        return [d for d in days if d >= self.earliest]

    # --- people --------------------------------------------------------------------

    def why_not(self, person: Person, h: int, day: date) -> str | None:
        """Why `person` cannot be in a session on `day` of half term h, or None. Absences
        are private: a day away is only "not available"."""
        if not self.is_present(person, h):
            return f"{person.label()} is not available in {self.roster.half_terms[h].name}"
        if self.bookings.is_busy(person.id, day):
            return f"{person.label()} already has a session that day"
        return self._problem_on(person, day)

    def can_use(self, person: Person, h: int, day: date) -> bool:
        """Whether `person` can be in a session on `day` of half term h: present, working,
        not away, and free."""
        is_open = self._open_days(person, h).get(day)
        if is_open is None:  # not one of the half term's session days
            is_open = self.is_present(person, h) and self._problem_on(person, day) is None
        return is_open and not self.bookings.is_busy(person.id, day)

    def free_days(self, person: Person, h: int, days: list[date]) -> list[date]:
        """Those of `days` of half term h on which `can_use` holds."""
        is_open = self._open_days(person, h)
        busy = self._busy.get(person.id, ())
        return [
            d
            for d in days
            if (is_open[d] if d in is_open else self.can_use(person, h, d)) and d not in busy
        ]

    def _open_days(self, person: Person, h: int) -> dict[date, bool]:
        """Of half term h's session days, those `person` works and is not away on, found
        once: the tiers ask about the same person and days many times."""
        key = (person.id, h)
        found = self._open.get(key)
        if found is None:
            days, rows, table = self._open_table(h)
            row = rows.get(person.id)
            if not self.is_present(person, h):
                found = dict.fromkeys(days, False)
            elif row is not None and self.roster.people[row] is person:
                found = dict(zip(days, table[row].tolist(), strict=True))
            else:
                found = {d: self.calendar.person_problem(d, person) is None for d in days}
            self._open[key] = found
        return found

    def _open_table(self, h: int) -> tuple[list[date], dict[str, int], np.ndarray]:
        """Half term h's session days, and for everyone on the roster (by position) whether
        they work and are not away on each: worked out for them all at once."""
        if h not in self._tables:
            self.regular_days(h), self.last_week(h)
            days = sorted({*self._regular[h], *self._last_week[h]})
            people = list(self.roster.people)
            rows = {p.id: n for n, p in enumerate(people)}
            self._tables[h] = (days, rows, self.calendar.free(people, days))
        return self._tables[h]

    def may_supervise(self, supervisor: Person, person: Person, h: int) -> bool:
        """`may_supervise` of the domain, which looks through every change request: only
        for people in one."""
        if supervisor.id in self._apart and person.id in self._apart:
            return may_supervise(self.roster, supervisor, person, h)
        return supervisor.id != person.id and self.is_present(supervisor, h)

    def is_present(self, person: Person, h: int) -> bool:
        """`Roster.is_present`, found once a person and half term."""
        key = (person.id, h)
        if key not in self._present:
            self._present[key] = self.roster.is_present(person, h)
        return self._present[key]

    def _problem_on(self, person: Person, day: date) -> str | None:
        key = (person.id, day)
        if key not in self._day_problem:
            self._day_problem[key] = self.calendar.person_problem(day, person)
        return self._day_problem[key]

    def is_free(self, person_id: str, day: date) -> bool:
        return not self.bookings.is_busy(person_id, day)

    # --- booking -------------------------------------------------------------------

    def start_time(self, people: list[str], day: date, length: int) -> time | None:
        """A Session Time for a session of `people` on `day`: where possible one at which
        every school of two or more keeps someone out of sessions (SPEC 6's rule for peer
        sessions, a preference here), then the least used that day."""
        starts = [
            minutes(t)
            for t in sorted(set(self.roster.settings.session_times))
            if minutes(t) + length <= DAY_MINUTES
        ]
        if not starts:
            return None
        best = min(
            starts,
            key=lambda start: (
                len(self.bookings.left_alone(people, day, Slot(start, start + length))),
                self._at_time[day, start],
                start,
            ),
        )
        return clock(best)

    def book(self, session: TierSession) -> None:
        self._book(session.people, session.date, Slot.of(session.start, session.end))

    def _book(self, people, day: date, slot: Slot) -> None:
        self.load[day] += 1
        self._at_time[day, slot.start] += 1
        self.bookings.book(people, day, slot)
        for person_id in people:
            self._busy[person_id].add(day)

    def one_to_one(self, h: int, day: date, lead_id: str, person: Person) -> TierSession | None:
        """Book `person`'s one-to-one with `lead_id` on `day`, as `session` books any."""
        return self.session(Tier.ONE_TO_ONE, h, day, lead_id, (person.id,), school=person.school)

    def session(
        self,
        tier: Tier,
        h: int,
        day: date,
        lead_id: str,
        attendee_ids: tuple[str, ...],
        school: str = "",
        group: str = "",
    ) -> TierSession | None:
        """Book a session of the tier on `day` at the best Session Time, and return it (None
        when no Session Time leaves room for its length before midnight)."""
        length = minutes_of(tier, self.roster)
        start = self.start_time([lead_id, *attendee_ids], day, length)
        if start is None:
            return None
        session = TierSession(
            tier=tier,
            half_term=self.roster.half_terms[h].name,
            date=day,
            start=start,
            end=clock(minutes(start) + length),
            lead_id=lead_id,
            attendee_ids=attendee_ids,
            school=school,
            group=group,
        )
        self.book(session)
        return session
