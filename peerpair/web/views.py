"""A plan as the page shows it: rows by half term, and a month of sessions as a calendar."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from peerpair.domain.plan import Plan
from peerpair.domain.tiers import Tier, TierSession


@dataclass(frozen=True)
class Row:
    """One peer session as a table row."""

    supervisor: str
    supervisor_school: str
    supervisee: str
    supervisee_school: str
    date: dt.date | None
    start: dt.time | None
    end: dt.time | None


@dataclass(frozen=True)
class Event:
    """A session of any tier on a day of the calendar."""

    start: dt.time | None
    what: str  # "Peer", "Group", ...
    who: str


@dataclass
class Day:
    date: dt.date
    in_month: bool
    events: list[Event] = field(default_factory=list)


@dataclass(frozen=True)
class Month:
    first: dt.date
    weeks: list[list[Day]]
    previous: dt.date | None  # the first of the month before, when the plan has sessions then
    next: dt.date | None

    @property
    def title(self) -> str:
        return f"{self.first:%B %Y}"


Names = dict[str, tuple[str, str]]


def by_half_term(plan: Plan, names: Names, half_terms: list[str]) -> list[tuple[str, list[Row]]]:
    """Each half term's sessions, by date then supervisee's name."""

    def row(s) -> Row:
        supervisor, supervisor_school = _named(names, s.supervisor_id)
        supervisee, supervisee_school = _named(names, s.supervisee_id)
        return Row(
            supervisor, supervisor_school, supervisee, supervisee_school, s.date, s.start, s.end
        )

    tables = []
    for half_term in half_terms:
        rows = [row(s) for s in plan.sessions_in(half_term)]
        rows.sort(key=lambda r: (r.date or dt.date.max, r.start or dt.time.min, r.supervisee))
        tables.append((half_term, rows))
    return tables


def month(plan: Plan, names: Names, wanted: dt.date | None) -> Month | None:
    """The month holding `wanted` (else the first month with a session), Monday first; None
    when no session has a date."""
    events: dict[dt.date, list[Event]] = {}
    for s in plan.sessions:
        if s.date is not None:
            who = f"{_named(names, s.supervisor_id)[0]} with {_named(names, s.supervisee_id)[0]}"
            events.setdefault(s.date, []).append(Event(s.start, "Peer", who))
    for t in plan.tier_sessions:
        events.setdefault(t.date, []).append(Event(t.start, _TIER_WORDS[t.tier], _who(t, names)))
    if not events:
        return None
    months = sorted({d.replace(day=1) for d in events})
    first = wanted.replace(day=1) if wanted is not None else months[0]
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        days = []
        for day in week:
            todays = sorted(events.get(day, []), key=lambda e: (e.start or dt.time.min, e.who))
            days.append(Day(day, day.month == first.month, todays))
        weeks.append(days)
    earlier = [m for m in months if m < first]
    later = [m for m in months if m > first]
    return Month(first, weeks, earlier[-1] if earlier else None, later[0] if later else None)


_TIER_WORDS = {
    Tier.GROUP: "Group",
    Tier.MOP_UP: "Mop-up",
    Tier.SCHOOL: "School",
    Tier.ONE_TO_ONE: "One-to-one",
}


def _who(t: TierSession, names: Names) -> str:
    """A group by its name, a school session by its school, a one-to-one by its two people."""
    if t.tier is Tier.ONE_TO_ONE:
        return " with ".join(_named(names, i)[0] for i in t.people)
    if t.tier is Tier.SCHOOL:
        return f"{t.school}, led by {_named(names, t.lead_id)[0]}"
    return t.group or _named(names, t.lead_id)[0]


def _named(names: Names, person_id: str) -> tuple[str, str]:
    name, school = names.get(person_id, ("", ""))
    return name or person_id, school
