"""A re-plan against a published plan: which plan, where re-planning starts, what is kept
as published, and who has joined or left since. One value, handed to every step of the
pipeline, so that each step keeps the same sessions.

The year as it happens (SPEC 8): with `today`, a session dated before today is the past and
is never moved, re-paired or re-dated; nor is one the lead recorded as Held or Postponed. A
Missed one stays as the record of what happened, and its supervisee gets a make-up; a
Cancelled one is dropped. Every new or moved session is at least the roster's Notice Days
working days after today (`earliest`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np

from peerpair.domain.dates import SchoolDays, kept_for_postponements, working_days_after
from peerpair.domain.plan import Plan, Session, SessionStatus
from peerpair.domain.roster import Absence, HalfTerm, Roster

Names = Mapping[str, tuple[str, str]]  # ID -> (name, school), as a plan gives them

_STAYS = (SessionStatus.HELD, SessionStatus.POSTPONED)


@dataclass(frozen=True)
class Unavailable:
    """In one half term, who can receive no new session, and who can give none."""

    receive: frozenset[str] = frozenset()
    give: frozenset[str] = frozenset()


class NothingToReplan(ValueError):
    """Today is after the roster's last half term, or its half terms have no dates to say
    where today falls."""


@dataclass(frozen=True)
class Replan:
    """Re-plan `roster`'s year against `previous` from the half term `from_half_term` on, or,
    when it is None, from `today` (the half term today falls in, session by session).

    `names` are everyone's name and school as the published plan gives them: the half terms
    kept from it are written as published, and people who have left are named by them."""

    roster: Roster
    previous: Plan
    from_half_term: str | None = None
    names: Names = field(default_factory=dict)
    today: date | None = None

    def __post_init__(self) -> None:
        if self.from_half_term is None and self.today is None:
            raise ValueError("a re-plan starts at a half term or at today")

    @cached_property
    def first(self) -> int:
        """The position of the first re-planned half term."""
        if self.from_half_term is not None:
            return self.roster.half_term_index(self.from_half_term)
        if not self.roster.has_dates:
            raise NothingToReplan(
                "the roster's Half Terms sheet has no dates, so peerpair cannot tell which "
                'half term today is in: give --from "HALF TERM" (the first to re-plan)'
            )
        for k, h in enumerate(self.roster.half_terms):
            if h.end is None or h.end >= self.today:
                return k
        raise NothingToReplan(
            f"today ({self.today:%d/%m/%Y}) is after the last half term of the roster "
            f"({self.roster.half_terms[-1].name}): there is nothing left to re-plan"
        )

    @property
    def start(self) -> str:
        """The name of the first re-planned half term."""
        return self.roster.half_terms[self.first].name

    @cached_property
    def kept(self) -> frozenset[str]:
        """The half terms copied unchanged from the published plan."""
        return frozenset(h.name for h in self.roster.half_terms[: self.first])

    @cached_property
    def replanned(self) -> list[str]:
        return [h.name for h in self.roster.half_terms[self.first :]]

    @cached_property
    def earliest(self) -> date | None:
        """The first day a new or moved session may have: Notice Days working days after
        today (SPEC 8). None without today."""
        if self.today is None:
            return None
        return working_days_after(self.today, self.roster.settings.notice_days)

    def is_past(self, s: Session) -> bool:
        return self.today is not None and s.date is not None and s.date < self.today

    @cached_property
    def pinned(self) -> tuple[Session, ...]:
        """The sessions of the re-planned half terms that stay exactly as they are: the past
        (dated before today, unless recorded Missed or Cancelled), and every session
        recorded Held or Postponed (a postponed one on the new date the lead typed)."""
        replanned = set(self.replanned)
        return tuple(
            s
            for s in self.previous.sessions
            if s.half_term in replanned
            and (s.status in _STAYS or (s.status is None and self.is_past(s)))
        )

    @cached_property
    def missed(self) -> tuple[Session, ...]:
        """Sessions of the re-planned half terms recorded Missed: they stay in the plan as
        the record of what happened, and their supervisee gets a make-up."""
        replanned = set(self.replanned)
        return tuple(
            s
            for s in self.previous.sessions
            if s.half_term in replanned and s.status is SessionStatus.MISSED
        )

    def gone(self, half_term: str, person_id: str) -> bool:
        """Whether the person can no longer supervise in `half_term`: they have left, are
        absent for it, or have no day left in it for a session with notice."""
        if person_id not in self.roster.index:
            return True
        k = self.roster.half_term_index(half_term)
        if not self.roster.gives_in(self.roster.person(person_id), k):
            return True
        return person_id in self.unavailable.get(k, Unavailable()).give

    def still_works(self, s: Session) -> bool:
        """Whether session s could still be held on its date under today's roster."""
        if s.date is None:
            return True
        half_terms = {h.name: h for h in self.roster.half_terms}
        return self._still_works(SchoolDays(self.roster), half_terms.get(s.half_term), s)

    def _still_works(self, calendar: SchoolDays, half_term: HalfTerm | None, s: Session) -> bool:
        """Whether session s can still happen on its date, both people on the roster."""
        if s.supervisor_id not in self.roster.index or s.supervisee_id not in self.roster.index:
            return False
        if calendar.day_problem(s.date, None) is not None:
            return False
        return not any(
            calendar.person_problem(s.date, self.roster.person(i))
            for i in (s.supervisor_id, s.supervisee_id)
        )

    @cached_property
    def records(self) -> tuple[Session, ...]:
        """The sessions a re-plan adds back as records of what happened: those recorded
        Missed in the re-planned half terms, and in the kept half terms every one the plan
        as the rules see it leaves out (a Missed one made up, a Cancelled one), since those
        half terms are kept exactly as published."""
        planned = set(self.planned.sessions)
        kept = tuple(
            s for s in self.previous.sessions if s.half_term in self.kept and s not in planned
        )
        return kept + self.missed

    @cached_property
    def make_ups(self) -> frozenset[tuple[str, str]]:
        """(half term, supervisee ID) of each make-up to book for a Missed session, which
        may have the kept-free last five weekdays of its half term (SPEC 8). None where the
        supervisee has another session that stays in that half term."""
        staying = {(s.half_term, s.supervisee_id) for s in self.pinned}
        return frozenset(
            (s.half_term, s.supervisee_id)
            for s in self.missed
            if (s.half_term, s.supervisee_id) not in staying
        )

    @cached_property
    def planned(self) -> Plan:
        """The published plan as a re-plan compares against it: without Cancelled sessions,
        and a Missed one standing for its supervisee's session until made up (a make-up
        with the same supervisor is no change of supervisor)."""
        return self.previous.effective()

    @cached_property
    def unavailable(self) -> dict[int, Unavailable]:
        """For each re-planned half term that has begun by `earliest`, who can have no new
        session in it: no day from `earliest` to its end is free for them (an absence that
        started mid-half-term, say). Someone whose session between today and `earliest`
        still works keeps it, so is not counted. Empty without today."""
        if self.today is None:
            return {}
        calendar = SchoolDays(self.roster)
        half_terms = {h.name: h for h in self.roster.half_terms}
        soon = {
            (s.half_term, person_id)
            for s in self.previous.sessions
            if s.status is None
            and s.date is not None
            and self.today <= s.date < self.earliest
            and self._still_works(calendar, half_terms.get(s.half_term), s)
            for person_id in (s.supervisor_id, s.supervisee_id)
        }
        people = list(self.roster.people)
        found: dict[int, Unavailable] = {}
        for k in range(self.first, len(self.roster.half_terms)):
            half_term = self.roster.half_terms[k]
            if half_term.start is None or half_term.end is None:
                continue
            if half_term.start >= self.earliest:
                continue  # the whole half term is open: the calendar pass explains any gap
            days = self.session_days(calendar, half_term, make_up=True)
            kept = set(kept_for_postponements(half_term))
            usable = np.array([d not in kept for d in days], dtype=bool)
            free = calendar.free(people, days)
            make_ups = any(h == half_term.name for h, _ in self.make_ups)

            # Only a make-up's supervisee, and a supervisor when the half term has a
            # make-up to give, may use the kept week.
            anywhere = free.any(axis=1)
            outside_kept_week = (free & usable).any(axis=1)
            found[k] = Unavailable(
                receive=frozenset(
                    p.id
                    for n, p in enumerate(people)
                    if (half_term.name, p.id) not in soon
                    and not (
                        anywhere[n]
                        if (half_term.name, p.id) in self.make_ups
                        else outside_kept_week[n]
                    )
                ),
                give=frozenset(
                    p.id
                    for n, p in enumerate(people)
                    if (half_term.name, p.id) not in soon
                    and not (anywhere[n] if make_ups else outside_kept_week[n])
                ),
            )
        return found

    def is_make_up(self, s: Session) -> bool:
        """Whether s (an open session) is a make-up for a Missed session."""
        return (s.half_term, s.supervisee_id) in self.make_ups

    def may_date(self, s: Session, day: date, had: date | None = None) -> bool:
        """Whether open session s may be dated `day` in a re-plan from today: from the
        notice's `earliest` day on, a session day, or for a make-up the last five weekdays
        too; before `earliest`, only the day `had` the published plan gave this same pair
        (no move), if it is not past. Any day without today."""
        if self.today is None:
            return True
        if had is not None and had == day:
            return day >= self.today
        if day < self.earliest:
            return False
        return self.is_make_up(s) or day not in self._kept_week_of.get(s.half_term, ())

    @cached_property
    def _kept_week_of(self) -> dict[str, frozenset[date]]:
        return {h.name: frozenset(kept_for_postponements(h)) for h in self.roster.half_terms}

    def session_days(
        self, calendar: SchoolDays, half_term: HalfTerm, make_up: bool = False
    ) -> list[date]:
        """The days of `half_term` a new or moved session may have: its session days from
        `earliest` on, and for a make-up the last five weekdays too (kept free for exactly
        this), bank holidays and closures aside."""
        days = calendar.session_days(half_term)
        if make_up:
            kept = [
                d
                for d in kept_for_postponements(half_term)
                if calendar.day_problem(d, None) is None
            ]
            days = sorted({*days, *kept})
        return [d for d in days if self.earliest is None or d >= self.earliest]

    def roster_with_joiners_absent(self) -> Roster:
        """The roster, with each joiner absent in the kept half terms before they joined:
        they were not yet in the cycle, so the checks must not expect them to have had a
        supervisor. People joined in the first half term the published plan names them in,
        or at the re-plan if it never does (it may itself be a re-plan someone joined)."""
        return joiners_absent(self.roster, self.previous, self.first)

    @cached_property
    def leavers(self) -> dict[str, tuple[str, str]]:
        """The people the published plan names who are no longer in the roster, by the name
        and school it gives them."""
        return {
            i: (name or i, school)
            for i, (name, school) in self.names.items()
            if i not in self.roster.index
        }


def joiners_absent(roster: Roster, plan: Plan, first: int) -> Roster:
    """`roster`, with each person `plan` does not name before half term `first` (a joiner)
    absent in the half terms before the first one `plan` names them in, up to `first`."""
    position = {h.name: k for k, h in enumerate(roster.half_terms)}
    joined_at: dict[str, int] = {}
    for half_term, named in [
        *((s.half_term, (s.supervisor_id, s.supervisee_id)) for s in plan.sessions),
        *((c.half_term, (c.supervisee_id,)) for c in plan.cover_needed),
        *((t.half_term, t.people) for t in plan.tier_sessions),
    ]:
        if half_term not in position:
            continue
        for person_id in named:
            joined_at[person_id] = min(joined_at.get(person_id, first), position[half_term])
    joined = [
        Absence(person_id=p.id, half_term=h.name)
        for p in roster.people
        for h in roster.half_terms[: joined_at.get(p.id, first)]
    ]
    return roster.model_copy(update={"absences": roster.absences + tuple(joined)})
