"""A plan as the page shows it: rows by half term, and a month of sessions as a calendar."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from peerpair.domain.plan import Plan, SessionStatus
from peerpair.domain.tiers import Tier, TierSession
from peerpair.io.recording import Record, peer_key, tier_key


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
    status: str = ""


@dataclass(frozen=True)
class Recordable:
    """A session of any tier whose Status the lead may record, with the key that finds its
    row in the plan (`peerpair.io.recording`)."""

    key: tuple
    what: str  # "Peer", "Group", ...
    who: str
    date: dt.date | None
    start: dt.time | None
    end: dt.time | None
    status: str  # the Status the plan holds, "" for blank


@dataclass(frozen=True)
class Event:
    """A session of any tier on a day of the calendar."""

    start: dt.time | None
    what: str  # "Peer", "Group", ...
    who: str
    status: str = ""  # as recorded: "Held", "Missed", ...; "" for blank


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
        status = s.status.value if s.status else ""
        return Row(
            supervisor,
            supervisor_school,
            supervisee,
            supervisee_school,
            s.date,
            s.start,
            s.end,
            status,
        )

    tables = []
    for half_term in half_terms:
        rows = [row(s) for s in plan.sessions_in(half_term)]
        rows.sort(key=lambda r: (r.date or dt.date.max, r.start or dt.time.min, r.supervisee))
        tables.append((half_term, rows))
    return tables


def recordable(plan: Plan, names: Names, half_term: str) -> list[Recordable]:
    """Every session of `half_term`, every tier, by date and time: what the lead records."""
    found = [
        Recordable(
            peer_key(s),
            "Peer",
            f"{_named(names, s.supervisor_id)[0]} with {_named(names, s.supervisee_id)[0]}",
            s.date,
            s.start,
            s.end,
            s.status.value if s.status else "",
        )
        for s in plan.sessions_in(half_term)
    ]
    found += [
        Recordable(
            tier_key(t),
            _TIER_WORDS[t.tier],
            _who(t, names),
            t.date,
            t.start,
            t.end,
            t.status.value if t.status else "",
        )
        for t in plan.tier_sessions
        if t.half_term == half_term
    ]
    return sorted(found, key=lambda r: (r.date or dt.date.max, r.start or dt.time.min, r.who))


def half_term_of(plan: Plan, half_terms: list[str], today: dt.date) -> str:
    """The half term a lead is recording: the first whose sessions run to today or later,
    else the last one."""
    for half_term in half_terms:
        dates = [s.date for s in plan.sessions_in(half_term) if s.date is not None]
        if dates and max(dates) >= today:
            return half_term
    return half_terms[-1]


def recorded(sessions: list[Recordable], given: dict[int, dict[str, str]]):
    """What the lead recorded on the form, as `Record`s by session, and every problem with
    it, naming the session."""
    records, problems = {}, []
    for n, r in enumerate(sessions):
        status, day, start = given[n]["status"], given[n]["date"], given[n]["start"]
        where = f"{r.who}, {r.date:%-d %B}" if r.date else r.who
        if status and status not in {s.value for s in SessionStatus}:
            problems.append(f"{where}: “{status}” is not a Status.")
            continue
        try:
            new_day = dt.date.fromisoformat(day) if day else None
            new_start = dt.time.fromisoformat(start) if start else None
        except ValueError:
            problems.append(f"{where}: the new date or start is not one.")
            continue
        if (new_day or new_start) and status != SessionStatus.POSTPONED:
            problems.append(f"{where}: a new date is for a postponed session: choose Postponed.")
            continue
        postponing = status == SessionStatus.POSTPONED and r.status != status
        if postponing and new_day is None:
            problems.append(f"{where}: Postponed needs the new date agreed.")
            continue
        if status == r.status and not (new_day or new_start):
            continue
        new_end = None
        if new_start and r.start and r.end:  # the same length, from the new start
            length = dt.datetime.combine(dt.date.min, r.end) - dt.datetime.combine(
                dt.date.min, r.start
            )
            new_end = (dt.datetime.combine(dt.date.min, new_start) + length).time()
        records[r.key] = Record(
            SessionStatus(status) if status else None, new_day, new_start, new_end
        )
    return records, problems


_REASON = "  - "  # how `peerpair explain` starts each reason under "Why:"


def explanation_blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """The explanation's lines as the page shows them: ("paragraph", [line]) for each line,
    and ("list", reasons) for each run of reasons, which the terminal prints as "  - " items."""
    blocks: list[tuple[str, list[str]]] = []
    for line in lines:
        if not line.startswith(_REASON):
            blocks.append(("paragraph", [line]))
        elif blocks and blocks[-1][0] == "list":
            blocks[-1][1].append(line.removeprefix(_REASON))
        else:
            blocks.append(("list", [line.removeprefix(_REASON)]))
    return blocks


def month(
    plan: Plan, names: Names, wanted: dt.date | None, today: dt.date | None = None
) -> Month | None:
    """The month holding `wanted` (else today's month when it has a session, else the first
    month with a session), Monday first; None when no session has a date."""
    events: dict[dt.date, list[Event]] = {}
    for s in plan.sessions:
        if s.date is not None:
            who = f"{_named(names, s.supervisor_id)[0]} with {_named(names, s.supervisee_id)[0]}"
            status = s.status.value if s.status else ""
            events.setdefault(s.date, []).append(Event(s.start, "Peer", who, status))
    for t in plan.tier_sessions:
        status = t.status.value if t.status else ""
        event = Event(t.start, _TIER_WORDS[t.tier], _who(t, names), status)
        events.setdefault(t.date, []).append(event)
    if not events:
        return None
    months = sorted({d.replace(day=1) for d in events})
    if wanted is None and today is not None and today.replace(day=1) in months:
        wanted = today  # during the year, the lead looks for this month's sessions
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
