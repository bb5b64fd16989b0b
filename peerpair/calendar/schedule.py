"""schedule(roster, plan) -> plan: every session on the calendar (SPEC 6).

Pairing comes first and is not changed here: this pass only gives each session of a
half term with dates a `date`, `start` and `end`:

- a day both people can use (see `dates`), at one of the Session Times;
- nobody has two sessions on one day;
- a school with two or more people in the roster never has all of them in sessions at
  the same time: someone stays available for safeguarding;
- as many sessions as possible get a date; then, on a re-solve, as many sessions as
  possible keep the date and time the previous plan gave them; then the sessions are
  spread as evenly as possible over the weeks of the half term, each week taking a share
  in proportion to its days free for sessions; then over the days.

Each half term is a separate CP-SAT model (they share no day): a variable per session,
possible day and start time, built in bulk with numpy. A greedy plan that keeps every rule
is the model's hint and its fallback, so a date is never lost to the time limit, and a
session left without a date has a reason that names the days it could not use.
Determinism: one search worker, a fixed seed and a deterministic time budget.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, time

import numpy as np
from ortools.sat.python import cp_model

from peerpair.domain.bookings import (
    Bookings,
    Slot,
    clock,
    minutes,
    session_person,
    session_slots,
)
from peerpair.domain.dates import SchoolDays
from peerpair.domain.plan import Plan, Session
from peerpair.domain.replan import Replan
from peerpair.domain.roster import HalfTerm, Roster
from peerpair.pairing.cp_sat import Stage, optimise_in_order, set_hint

SECONDS_PER_HALF_TERM = 5.0  # CP-SAT deterministic time for one stage of one half term
_SEED = 0

# A half term's dates: each open session's (session day, slot), by position.
Choice = dict[int, tuple[int, int]]


def schedule(
    roster: Roster,
    plan: Plan,
    previous: Plan | None = None,
    from_half_term: str | None = None,
    window: Replan | None = None,
) -> Plan:
    """The plan with a date and time for every session that can have one. With `previous`,
    sessions it has too keep its date and time where the rules still allow. Half terms
    before `from_half_term` (a re-solve's, copied from the published plan: they have
    happened), half terms without dates, and sessions that already have a date are left
    as they are.

    A re-plan from today (`window`, SPEC 8) dates a new or moved session no earlier than
    its `earliest` day, and a make-up for a Missed session as early as that allows, in the
    kept-free last five weekdays too if need be; a session keeps a date between today and
    then only if it had it."""
    calendar = SchoolDays(roster)
    nothing_booked = Bookings(roster)  # each half term books on a copy of its own
    earlier = _dates_in(previous)
    first = 0 if from_half_term is None else roster.half_term_index(from_half_term)
    kept = {h.name for h in roster.half_terms[:first]}
    dated: list[Session] = []
    for half_term in roster.half_terms:
        sessions = plan.sessions_in(half_term.name)
        if half_term.start is None or half_term.end is None or half_term.name in kept:
            dated += sessions
            continue
        book = _HalfTermCalendar(
            roster, calendar, nothing_booked.copy(), half_term, sessions, earlier, window
        )
        dated += book.dated()
    named = {h.name for h in roster.half_terms}
    dated += [s for s in plan.sessions if s.half_term not in named]
    return plan.model_copy(update={"sessions": Plan(sessions=tuple(dated)).sessions})


def _dates_in(previous: Plan | None) -> dict[tuple[str, str, str], tuple[date, time]]:
    if previous is None:
        return {}
    return {
        (s.half_term, s.supervisor_id, s.supervisee_id): (s.date, s.start)
        for s in previous.sessions
        if s.date is not None and s.start is not None
    }


class _HalfTermCalendar:
    """One half term: its session days and times, who can use which, and who is busy when."""

    def __init__(
        self,
        roster: Roster,
        calendar: SchoolDays,
        bookings: Bookings,
        half_term: HalfTerm,
        sessions: list[Session],
        earlier: dict[tuple[str, str, str], tuple[date, time]],
        window: Replan | None = None,
    ) -> None:
        """`bookings`: none yet, for this half term to book its sessions in."""
        self.roster = roster
        self.calendar = calendar
        self.half_term = half_term
        self.fixed = [s for s in sessions if s.date is not None]
        self.open = [s for s in sessions if s.date is None]
        self.earlier = earlier
        self.window = window if window is not None and window.today is not None else None
        self.days = calendar.session_days(half_term)
        if self.window is not None:
            # From today on only; a make-up may also have the kept-free last five weekdays.
            make_up = any(self.window.is_make_up(s) for s in self.open)
            days = self.window.session_days(calendar, half_term, make_up=make_up)
            own = {at[0] for s in self.open if (at := earlier.get(_key(s)))}
            self.days = sorted(
                {*days, *(d for d in self.days if d >= self.window.today and d in own)}
            )
        # The Session Times, then any other time the previous plan gave a session on one of
        # these days (the pair agreed it, and the plan was edited): a re-solve keeps it, but
        # it is a slot for that session on that day only (see `usable`).
        self.slots = session_slots(roster)
        self.session_times = len(self.slots)
        days = set(self.days)
        previous = (earlier.get(_key(s)) for s in self.open)
        agreed = {minutes(at[1]) for at in previous if at and at[0] in days and at[1]}
        length = roster.settings.session_minutes
        self.slots += [Slot(m, m + length) for m in sorted(agreed - {s.start for s in self.slots})]
        ids = sorted({i for s in sessions for i in (s.supervisor_id, s.supervisee_id)})
        self.person_index = {person_id: n for n, person_id in enumerate(ids)}
        self.people = [session_person(roster, i) for i in ids]
        # Each open session's pair: by position among `people`, and as IDs to book.
        self.pairs = [self._pair(s) for s in self.open]
        self.pair_ids = [(s.supervisor_id, s.supervisee_id) for s in self.open]
        self.bookings = bookings
        # Each person's school when it must keep someone available (two or more people).
        self.school_of = [self.bookings.school_of(p.id) for p in self.people]
        # Moments at which a school's people are counted in the dating model: each session
        # time's start, and the start of every session already dated (they may be at other
        # times).
        moments = {slot.start for slot in self.slots}
        moments |= {minutes(s.start) for s in self.fixed if s.start is not None}
        self.moments = sorted(moments)
        self.day_position = {d: n for n, d in enumerate(self.days)}
        weeks = sorted({d.isocalendar()[:2] for d in self.days})
        week = {w: n for n, w in enumerate(weeks)}
        self.week_of = [week[d.isocalendar()[:2]] for d in self.days]
        for s in self.fixed:
            self._book_fixed(s)
        # The (day, slot) the previous plan gave each open session, where it can be used.
        slot_at = {slot.start: t for t, slot in enumerate(self.slots)}
        self.kept_at: list[tuple[int, int] | None] = []
        for s in self.open:
            at = earlier.get(_key(s))
            usable = at is not None and at[0] in self.day_position and at[1] is not None
            t = slot_at.get(minutes(at[1])) if usable else None
            self.kept_at.append(None if t is None else (self.day_position[at[0]], t))
        # Days each open session may have, before anything is planned: worked out once.
        self._candidate_days: dict[bool, np.ndarray] = {}

    # --- who is busy -----------------------------------------------------------------

    def _pair(self, s: Session) -> tuple[int, int]:
        return self.person_index[s.supervisor_id], self.person_index[s.supervisee_id]

    def _book_fixed(self, s: Session) -> None:
        if s.date not in self.day_position:
            return  # outside this half term's session days: it cannot clash with new ones
        self.bookings.book((s.supervisor_id, s.supervisee_id), s.date, Slot.of(s.start, s.end))

    def _book(self, n: int, d: int, slot: Slot) -> None:
        """Book open session n on session day d at `slot`."""
        self.bookings.book(self.pair_ids[n], self.days[d], slot)

    def clash(self, n: int, d: int, slot: Slot) -> str | None:
        """Why open session n cannot be on session day d in this slot, given the sessions
        booked so far, or None."""
        a, b = self.pairs[n]
        return self.bookings.clash((self.people[a], self.people[b]), self.days[d], slot)

    # --- dating ----------------------------------------------------------------------

    def dated(self) -> list[Session]:
        # The rest of the half term first, keeping the dates it had; then each make-up on
        # the first day and time left free (SPEC 8: "as early as the notice allows"), so
        # that no session moves to make room for one.
        make_ups = [n for n, s in enumerate(self.open) if self._is_make_up(s)]
        choice = self._solve(self._greedy())
        if len(choice) < len(self.open):  # most half terms have every session dated here
            for n, (d, t) in sorted(choice.items()):
                self._book(n, d, self.slots[t])
            not_make_ups = set(range(len(self.open))) - set(make_ups)
            choice = self._fill(choice, only=sorted(not_make_ups))
            choice = self._fill(choice, only=make_ups)
        return self.fixed + [
            self._with_date(s, choice[n]) if n in choice else s for n, s in enumerate(self.open)
        ]

    def _with_date(self, s: Session, at: tuple[int, int]) -> Session:
        d, t = at
        slot = self.slots[t]
        return s.model_copy(
            update={"date": self.days[d], "start": clock(slot.start), "end": clock(slot.end)}
        )

    def _candidates(self, make_ups: bool = False) -> np.ndarray:
        """Boolean matrix [open session, day]: both people can use the day and neither has
        a session already dated on it (before this pass books any), and (re-planning from
        today) the session may have it (`Replan.may_date`). Make-ups have no day here unless
        `make_ups`: they are not spread but booked as early as the notice allows, once the
        rest are dated. Worked out once each: a day taken since is a clash."""
        if make_ups not in self._candidate_days:
            self._candidate_days[make_ups] = self._find_candidates(make_ups)
        return self._candidate_days[make_ups]

    def _find_candidates(self, make_ups: bool) -> np.ndarray:
        free = self.calendar.free(self.people, self.days)
        for person_id, day in self.bookings.busy_days():
            if person_id in self.person_index and day in self.day_position:
                free[self.person_index[person_id], self.day_position[day]] = False
        pairs = np.array(self.pairs, dtype=np.int64).reshape(-1, 2)
        found = free[pairs[:, 0]] & free[pairs[:, 1]]
        if self.window is not None:
            # `may_date` depends on the session only through whether it is a make-up and the
            # day it had: one row of days for each of those.
            rows: dict[tuple[bool, date | None], np.ndarray] = {}
            for n, s in enumerate(self.open):
                make_up = self._is_make_up(s)
                if not make_ups and make_up:
                    found[n] = False
                    continue
                had = self.earlier.get(_key(s), (None,))[0]
                if (make_up, had) not in rows:
                    rows[make_up, had] = np.array(
                        [self.window.may_date(s, day, had) for day in self.days], dtype=bool
                    ).reshape(-1)
                found[n] &= rows[make_up, had]
        return found

    def _is_make_up(self, s: Session) -> bool:
        return self.window is not None and self.window.is_make_up(s)

    def usable(self, n: int, d: int, t: int) -> bool:
        """Whether open session n may have slot t on day d: a Session Time, or the time the
        previous plan gave it that day."""
        return t < self.session_times or self.kept_at[n] == (d, t)

    def _greedy(self) -> dict[int, tuple[int, int]]:
        """A plan that keeps every rule: sessions with a previous date first, on it if they
        can keep it, then those with the fewest possible days, each on the least busy day
        and time it can use: the emptiest week for its days (in proportion to the week's
        days), then the emptiest day, then the emptiest Session Time that day, then the
        earliest day and time."""
        candidates = self._candidates()
        possible_days = candidates.sum(axis=1).tolist()
        order = sorted(
            range(len(self.open)),
            key=lambda n: (self.kept_at[n] is None, possible_days[n], n),
        )
        spread = _Spread(self.week_of, self.session_times, len(self.open))
        saved, self.bookings = self.bookings, self.bookings.copy()
        choice: dict[int, tuple[int, int]] = {}
        for n in order:
            row = candidates[n].tolist()  # one row at a time: thousands of lists would be
            # kept for the garbage collector to go through again and again
            kept = self.kept_at[n]
            found = None
            if kept is not None and row[kept[0]]:
                found = None if self.clash(n, kept[0], self.slots[kept[1]]) else kept
            if found is None and self.session_times:
                found = self._emptiest(n, row, spread)
            if found is not None:
                d, t = found
                self._book(n, d, self.slots[t])
                choice[n] = found
                spread.add(d, t)
        self.bookings = saved
        return choice

    def _emptiest(self, n: int, row: list[bool], spread: _Spread) -> tuple[int, int] | None:
        """The first (day, Session Time) in `spread`'s order that open session n can have:
        the emptiest day both are free on, at its emptiest time; in the rare case that
        time would leave a school with nobody available, every option in order."""
        pair = self.pair_ids[n]
        a, b = pair
        bookings = self.bookings
        for d in spread.days_in_order():
            day = self.days[d]
            if row[d] and not bookings.is_busy(a, day) and not bookings.is_busy(b, day):
                t = spread.emptiest_time(d)
                if not bookings.left_alone(pair, day, self.slots[t]):  # `clash`, once free
                    return d, t
                break
        else:
            return None
        for d, t in spread.options([d for d, can in enumerate(row) if can]):
            if self.clash(n, d, self.slots[t]) is None:
                return d, t
        return None

    def _fill(self, choice: Choice, only: list[int]) -> Choice:
        """Give each of the open sessions `only` still without a date the first free day and
        time, so that every session left without a date truly has none. The sessions
        dated so far must be booked."""
        choice = dict(choice)
        candidates = self._candidates(make_ups=True)
        for n in only:
            if n in choice:
                continue
            # The day it had, if it can keep it (a make-up booked by an earlier re-plan).
            kept = self.kept_at[n]
            if kept is not None and candidates[n, kept[0]]:
                d, t = kept
                if not self.clash(n, d, self.slots[t]):
                    self._book(n, d, self.slots[t])
                    choice[n] = kept
                    continue
            for d in np.flatnonzero(candidates[n]).tolist():
                t = next(
                    (
                        t
                        for t, slot in enumerate(self.slots)
                        if self.usable(n, d, t) and not self.clash(n, d, slot)
                    ),
                    None,
                )
                if t is not None:
                    self._book(n, d, self.slots[t])
                    choice[n] = (d, t)
                    break
        return choice

    def _solve(self, hint: dict[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
        """Improve on the greedy plan, objective by objective: most sessions dated, then
        most previous dates kept, then the most even spread over the weeks, then over the
        days. A stage whose greedy value already meets its bound (every session that has a
        possible day dated, every date kept that can be, no week or day outside its fair
        share) is proven without a search."""
        if not self.open or not self.days:
            return hint
        model = _DatingModel(self)
        if not model.size:
            return hint
        choice, _, _ = optimise_in_order(
            model,
            model.stages(),
            hint,
            seconds=SECONDS_PER_HALF_TERM,
            seed=_SEED,
            shared=False,
        )
        return choice


class _Spread:
    """How full each week, day and Session Time of a half term is as the greedy books it,
    and its days in the greedy's order: the emptiest week first (sessions per day of the
    week), then the emptiest day, then the day's emptiest Session Time, then the earliest
    day. Kept in order as sessions are booked, so that finding a session's day walks only
    a few days (ranking every day and time for each session took seconds at 5,000
    people: issue 17)."""

    def __init__(self, week_of: list[int], times: int, sessions: int) -> None:
        self.week_of = week_of
        self.times = times
        days_in_week = Counter(week_of)
        # Sessions per day of each week, as whole numbers over one common denominator, so
        # that equal shares compare equal.
        scale = math.lcm(*days_in_week.values()) if days_in_week else 1
        self.weight = {w: scale // k for w, k in days_in_week.items()}
        self.days_of_week: dict[int, list[int]] = defaultdict(list)
        for d, w in enumerate(week_of):
            self.days_of_week[w].append(d)
        self.week_load: dict[int, int] = defaultdict(int)
        self.load = [0] * len(week_of)
        self.slot_load = [[0] * times for _ in week_of]
        self.emptiest = [0] * len(week_of)  # each day's emptiest Session Time (earliest first)
        # A day's place in the order as one number, its parts in base `_base` (above any
        # load or day): sorting numbers costs far less than sorting tuples.
        self._base = sessions + len(week_of) + 1
        self.key = [self._key(d) for d in range(len(week_of))]
        self.order = sorted(range(len(week_of)), key=self.key.__getitem__)

    def _key(self, d: int) -> int:
        w, base = self.week_of[d], self._base
        emptiest = self.slot_load[d][self.emptiest[d]] if self.times else 0
        return ((self.week_load[w] * self.weight[w] * base + self.load[d]) * base + emptiest) * (
            base
        ) + d

    def days_in_order(self) -> list[int]:
        return self.order

    def emptiest_time(self, d: int) -> int:
        return self.emptiest[d]

    def add(self, d: int, t: int) -> None:
        """A session booked on day d at slot t."""
        w = self.week_of[d]
        self.week_load[w] += 1
        self.load[d] += 1
        if t < self.times:  # another time is the previous plan's, for its session alone
            loads = self.slot_load[d]
            loads[t] += 1
            if t == self.emptiest[d]:
                self.emptiest[d] = min(range(self.times), key=lambda k: (loads[k], k))
        for day in self.days_of_week[w]:
            self.key[day] = self._key(day)
        self.order.sort(key=self.key.__getitem__)

    def options(self, days: list[int]) -> list[tuple[int, int]]:
        """Every (day, Session Time) of `days`, in order: the day's week, its load, the
        time's load, the day, the time."""
        base = self._base

        def rank(at: tuple[int, int]) -> tuple[int, int, int, int]:
            d, t = at
            return self.key[d] // (base * base), self.slot_load[d][t], d, t

        return sorted(((d, t) for d in days for t in range(self.times)), key=rank)


def _key(s: Session) -> tuple[str, str, str]:
    return s.half_term, s.supervisor_id, s.supervisee_id


def _groups(keys: np.ndarray, items: np.ndarray | None = None) -> list[tuple[int, list[int]]]:
    """(key, items) for each distinct key, in key order; `items` default to positions."""
    items = np.arange(len(keys)) if items is None else items
    if len(keys) == 0:
        return []
    order = np.argsort(keys, kind="stable")
    keys, items = keys[order], items[order]
    bounds = np.flatnonzero(np.diff(keys)) + 1
    starts = np.r_[0, bounds]
    return [
        (int(keys[start]), items[start:stop].tolist())
        for start, stop in zip(starts, np.r_[bounds, len(keys)], strict=True)
    ]


class _DatingModel:
    """One half term's choices: a variable per open session, possible day and session time
    (times vary fastest), indexed in bulk with numpy. The CP-SAT model itself is built only
    when a stage needs a search."""

    def __init__(self, book: _HalfTermCalendar) -> None:
        self.book = book
        candidates = book._candidates()
        n_slots, n_days = len(book.slots), len(book.days)
        session_of, day_of = np.nonzero(candidates)
        v_session = np.repeat(session_of, n_slots)
        v_day = np.repeat(day_of, n_slots)
        v_slot = np.tile(np.arange(n_slots), len(session_of))
        # A time that is not a Session Time is only the previous plan's, for its session.
        keep = v_slot < book.session_times
        for i in np.flatnonzero(~keep):
            keep[i] = book.usable(int(v_session[i]), int(v_day[i]), int(v_slot[i]))
        self.v_session, self.v_day, self.v_slot = v_session[keep], v_day[keep], v_slot[keep]
        self.size = len(self.v_session)
        # Each (session, day, slot)'s variable, -1 for none: an array, as a dict of them
        # took seconds to build at 5,000 people (issue 17).
        self._shape = (len(book.open), n_days, n_slots)
        self._variable = np.full(int(np.prod(self._shape)), -1, dtype=np.int64)
        self._variable[self._code(self.v_session, self.v_day, self.v_slot)] = np.arange(self.size)
        self.sessions = int(candidates.any(axis=1).sum())
        usable = sorted(set(day_of.tolist()))
        self.by_week = _Shares(book.week_of, usable, self.sessions)
        self.by_day = _Shares(list(range(n_days)), usable, self.sessions)
        earlier = {n: at for n, at in enumerate(book.kept_at) if at is not None}
        self.earlier = {n: at for n, at in earlier.items() if self.position(n, *at) is not None}
        self._cp: cp_model.CpModel | None = None

    def stages(self) -> list[Stage[Choice]]:
        """Each with the best value it could possibly have: every session that has a
        possible day dated, every date kept that can be, no week or day outside its share."""
        return [
            Stage("sessions dated", lambda: sum_of(self.x), len, True, self.sessions),
            Stage(
                "previous dates kept",
                lambda: sum_of(
                    [self.x[self.position(n, *at)] for n, at in sorted(self.earlier.items())]
                ),
                lambda choice: sum(choice.get(n) == at for n, at in self.earlier.items()),
                True,
                len(self.earlier),
            ),
            Stage(
                "spread over the weeks", self.by_week.expression, self.by_week.distance, False, 0
            ),
            Stage("spread over the days", self.by_day.expression, self.by_day.distance, False, 0),
        ]

    def _code(self, session, day, slot):
        return (session * self._shape[1] + day) * self._shape[2] + slot

    def position(self, session: int, day: int, slot: int) -> int | None:
        """The variable of session on day at slot, None when it has none."""
        if not (0 <= day < self._shape[1] and 0 <= slot < self._shape[2]):
            return None
        found = int(self._variable[self._code(session, day, slot)])
        return found if found >= 0 else None

    def read(self, solution: Sequence[int]) -> Choice:
        on = np.flatnonzero(np.array(solution)[: self.size])
        return {int(self.v_session[i]): (int(self.v_day[i]), int(self.v_slot[i])) for i in on}

    def hint(self, choice: Choice) -> None:
        """A complete hint: the plan's variables and the spread's, as the plan sets them."""
        values = np.zeros(len(self.cp.proto.variables), dtype=np.int64)
        for n, (d, t) in choice.items():
            values[self.position(n, d, t)] = 1
        for shares in (self.by_week, self.by_day):
            for index, value in shares.hint(choice):
                values[index] = value
        set_hint(self.cp, values.tolist())

    @property
    def cp(self) -> cp_model.CpModel:
        if self._cp is None:
            self._build()
        return self._cp

    def _build(self) -> None:
        book, n_days = self.book, len(self.book.days)
        cp = self._cp = cp_model.CpModel()
        x = self.x = [cp.new_bool_var("") for _ in range(self.size)]

        for _, group in _groups(self.v_session):
            cp.add_at_most_one(x[i] for i in group)

        # Nobody in two sessions on one day.
        pairs = np.array(book.pairs, dtype=np.int64).reshape(-1, 2)
        person_day = np.concatenate(
            [pairs[self.v_session, side] * n_days + self.v_day for side in (0, 1)]
        )
        both = np.concatenate([np.arange(self.size), np.arange(self.size)])
        for _, group in _groups(person_day, both):
            if len(np.unique(self.v_session[group])) > 1:
                cp.add_at_most_one(x[i] for i in group)

        # A school of two or more never has all of them in sessions at the same moment.
        names = book.bookings.schools
        code = {school: k for k, school in enumerate(names)}
        school_of = np.array([code.get(s, -1) for s in book.school_of], dtype=np.int64)
        n_moments = len(book.moments)
        covers = np.array([[slot.covers(m) for m in book.moments] for slot in book.slots])
        keys, members = [], []
        for side in (0, 1):
            school = school_of[pairs[self.v_session, side]]
            for m in range(n_moments):
                at = np.flatnonzero((school >= 0) & covers[self.v_slot, m])
                keys.append((school[at] * n_days + self.v_day[at]) * n_moments + m)
                members.append(at)
        for key, group in _groups(np.concatenate(keys), np.concatenate(members)):
            school_code, rest = divmod(key, n_days * n_moments)
            d, m = divmod(rest, n_moments)
            school = names[school_code]
            away = book.bookings.in_sessions(school, book.days[d], book.moments[m])
            room = book.bookings.school_size(school) - 1 - len(away)
            if len(group) > room:
                cp.add(sum_of([x[i] for i in group]) <= max(room, 0))

        for shares in (self.by_week, self.by_day):
            shares.build(cp, x, self.v_day)


class _Shares:
    """Spreading sessions over groups of days (weeks, or single days): each group's fair
    share is the sessions in proportion to its usable days, rounded down or up, and the
    distance is how many sessions, summed over the groups, lie outside those bounds."""

    def __init__(self, group_of_day: list[int], usable_days: list[int], sessions: int) -> None:
        self.group_of_day = group_of_day
        days_in: dict[int, int] = defaultdict(int)
        for d in usable_days:
            days_in[group_of_day[d]] += 1
        self.groups = sorted(days_in)
        total = max(len(usable_days), 1)
        self.low = {g: sessions * days_in[g] // total for g in self.groups}
        self.high = {g: -(-sessions * days_in[g] // total) for g in self.groups}
        self._over: dict[int, cp_model.IntVar] = {}
        self._under: dict[int, cp_model.IntVar] = {}

    def loads(self, choice: dict[int, tuple[int, int]]) -> dict[int, int]:
        loads: dict[int, int] = defaultdict(int)
        for d, _ in choice.values():
            loads[self.group_of_day[d]] += 1
        return loads

    def distance(self, choice: dict[int, tuple[int, int]]) -> int:
        loads = self.loads(choice)
        return sum(
            max(0, loads[g] - self.high[g]) + max(0, self.low[g] - loads[g]) for g in self.groups
        )

    def build(self, cp: cp_model.CpModel, x: list, v_day: np.ndarray) -> None:
        group_of = np.array(self.group_of_day, dtype=np.int64)[v_day]
        for g, members in _groups(group_of):
            load = sum_of([x[i] for i in members])
            self._over[g] = cp.new_int_var(0, len(members), "")
            self._under[g] = cp.new_int_var(0, self.high[g], "")
            cp.add(self._over[g] >= load - self.high[g])
            cp.add(self._under[g] >= self.low[g] - load)

    def expression(self) -> cp_model.LinearExprT:
        return sum_of(list(self._over.values()) + list(self._under.values()))

    def hint(self, choice: dict[int, tuple[int, int]]) -> list[tuple[int, int]]:
        """(variable index, value) for this spread's variables under `choice`."""
        loads = self.loads(choice)
        return [(v.index, max(0, loads[g] - self.high[g])) for g, v in self._over.items()] + [
            (v.index, max(0, self.low[g] - loads[g])) for g, v in self._under.items()
        ]


def sum_of(terms: list) -> cp_model.LinearExprT:
    return cp_model.LinearExpr.sum(terms)
