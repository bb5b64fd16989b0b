"""Role-based one-to-one supervision (Requirements sheet; policy 001 Appendix 1, policy 004's
table of who supervises whom): everyone holding a Role is supervised one-to-one by someone
holding the Supervisor Role once per period.

Hard: the supervisor holds the Supervisor Role, is not the person, is not in a change
request with them from its half term on (001 Appendix 2: change requests), and both work
that day and are free. Same school and line management are allowed: this is internal
supervision (002, level 1; 001 Appendix 1 names the line manager for most roles).

Preferences, in order: the same supervisor all year (continuity, policy 000: "continue
arranging meetings with the same supervisor"); a supervisor who has done the supervision
training (003, section 4: "should have attended supervision training"); one at the same
school (004: "Provision of supervision ... will be internal"). Each person's usual
supervisor is chosen first, by those preferences and then the fewest supervisees so far,
and every period tries them before anyone else.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from datetime import date

from peerpair.domain.periods import (
    Period,
    holders_of,
    holds_role,
    may_supervise,
    periods,
    present_in_period,
    school_key,
)
from peerpair.domain.roster import Person, Roster
from peerpair.domain.tiers import Requirement, Tier, TierSession, Unscheduled
from peerpair.tiers.assign import Option, choose
from peerpair.tiers.diary import Diary

_NOT_USUAL = 100
_UNTRAINED = 10
_OTHER_SCHOOL = 1
_CANDIDATES = 8  # supervisors offered for one session: the best by the preferences
# Needs of one period up to which each is offered its `_CANDIDATES` at once. Above it (a
# trust of thousands), each is offered its best supervisor first, and the needs that leaves
# are offered all `_CANDIDATES`: the same supervisors, without millions of options at once.
FULL_OFFER = 1_000


def plan_one_to_ones(
    roster: Roster,
    diary: Diary,
    first: int = 0,
    kept: tuple[TierSession, ...] = (),
    met: set[tuple] = frozenset(),
) -> tuple[list[TierSession], list[Unscheduled]]:
    """Every requirement's one-to-ones from half term `first` on, booked in `diary`, period
    by period (the periods of all requirements together, in order of their last half
    term). `kept` are a re-solve's standing sessions, which set each person's usual
    supervisor; `met` the needs they meet, as (person ID, requirement, half terms)."""
    usual = _usual_supervisors(roster, kept)
    # Each requirement's supervisors, found once: each person's options look through them.
    supervisors = {
        r.supervisor_role: _Supervisors(roster, holders_of(roster, r.supervisor_role))
        for r in roster.requirements
    }
    work: list[tuple[Period, Requirement, Person]] = []
    for requirement in roster.requirements:
        for period in periods(roster, requirement.per):
            if period.last < first:
                continue
            for person in holders_of(roster, requirement.role):
                if not present_in_period(roster, person, period):
                    continue
                if (person.id, requirement, period.half_terms) in met:
                    continue
                work.append((period, requirement, person))
    sessions: list[TierSession] = []
    missed: list[Unscheduled] = []
    by_end: dict[int, list[tuple[Period, Requirement, Person]]] = defaultdict(list)
    for item in work:
        by_end[item[0].last].append(item)
    for end in sorted(by_end):
        left = by_end[end]
        rounds = (1, _CANDIDATES) if len(left) > FULL_OFFER else (_CANDIDATES,)
        for offered in rounds:
            left = _plan_batch(diary, left, first, usual, supervisors, offered, sessions)
        for period, requirement, person in left:
            missed.append(
                Unscheduled(
                    tier=Tier.ONE_TO_ONE,
                    half_term=roster.half_terms[period.last].name,
                    message=f"{period.name}: {person.label()} has no one-to-one with "
                    f'someone holding the role "{requirement.supervisor_role}": '
                    + _why(roster, requirement, person, period),
                )
            )
    return sessions, missed


def _plan_batch(
    diary: Diary,
    batch: list[tuple[Period, Requirement, Person]],
    first: int,
    usual: dict[tuple, str],
    supervisors: dict[str, _Supervisors],
    offered: int,
    sessions: list[TierSession],
) -> list[tuple[Period, Requirement, Person]]:
    """Book a one-to-one for each need of `batch` that can have one with its best `offered`
    supervisors, adding them to `sessions`; return the needs left. With fewer than
    `_CANDIDATES` offered, the greedy choice is kept as it is: the needs it leaves are
    offered them all next."""
    free = _FreeDays(diary)  # nothing is booked while the options are found
    options = [
        _options(diary, requirement, person, period, first, usual, supervisors, free, offered)
        for period, requirement, person in batch
    ]
    choice = choose(options, load=lambda day: diary.load[day], search=offered == _CANDIDATES)
    left = []
    for (period, requirement, person), option in zip(batch, choice.chosen, strict=True):
        session = None
        if option is not None:
            session = diary.one_to_one(option.h, option.day, option.lead_id, person)
        if session is None:
            left.append((period, requirement, person))
        else:
            sessions.append(session)
    return left


class _FreeDays:
    """Each supervisor's free days of a half term, found once while nothing is booked."""

    def __init__(self, diary: Diary) -> None:
        self.diary = diary
        self._found: dict[tuple[str, int], set[date]] = {}

    def of(self, person: Person, h: int) -> set[date]:
        key = (person.id, h)
        if key not in self._found:
            days = self.diary.regular_days(h)
            self._found[key] = set(self.diary.free_days(person, h, days))
        return self._found[key]


def _usual_supervisors(roster: Roster, kept: tuple[TierSession, ...]) -> dict[tuple, str]:
    """(person ID, requirement) -> the person's usual supervisor for it: their last kept
    one's on a re-solve, otherwise the best by the preferences, fewest supervisees first."""
    usual: dict[tuple, str] = {}
    load: dict[str, int] = defaultdict(int)
    attended: dict[str, list[TierSession]] = defaultdict(list)
    for s in kept:
        if s.tier is Tier.ONE_TO_ONE:
            for i in s.attendee_ids:
                attended[i].append(s)
    pools = {r: _Pool(roster, holders_of(roster, r.supervisor_role)) for r in roster.requirements}
    for requirement in roster.requirements:
        for person in holders_of(roster, requirement.role):
            ordered = sorted(
                attended[person.id],
                key=lambda s: (roster.half_term_index(s.half_term), s.date),
            )
            last = [
                s.lead_id
                for s in ordered
                if s.lead_id in roster.index
                and holds_role(roster.person(s.lead_id), requirement.supervisor_role)
            ]
            best = last[-1] if last else pools[requirement].best(person, load)
            if best is None:
                continue
            usual[person.id, requirement] = best
            load[best] += 1
            for pool in pools.values():
                pool.grew(best, load)
    return usual


class _Pool:
    """The holders of a Supervisor Role, to find a person's best usual supervisor: the least
    by (preference, no working day shared, supervisees so far, sheet order), as if ranking
    them all. Those at the person's school are ranked; of the rest, the trained and the
    untrained are each kept in a heap by (supervisees, sheet order), whose first few suffice."""

    def __init__(self, roster: Roster, holders: list[Person]) -> None:
        self.roster = roster
        self._by_id = {s.id: s for s in holders}
        self._by_school: dict[str, list[Person]] = defaultdict(list)
        for s in holders:
            self._by_school[school_key(s.school)].append(s)
        self._heaps = {
            trained: [(0, roster.index[s.id], s) for s in holders if self._trained(s) == trained]
            for trained in (True, False)
        }

    def _trained(self, supervisor: Person) -> bool:
        return self.roster.is_trained_by(supervisor, 0)

    def grew(self, supervisor_id: str, load: dict[str, int]) -> None:
        """Take note that `supervisor_id` has one more supervisee (the old entry is stale)."""
        s = self._by_id.get(supervisor_id)
        if s is not None:
            heapq.heappush(self._heaps[self._trained(s)], (load[s.id], self.roster.index[s.id], s))

    def best(self, person: Person, load: dict[str, int]) -> str | None:
        key = school_key(person.school)
        ranked = [
            (
                _preference(self.roster, s, person, 0),
                not (s.working_days & person.working_days),
                load[s.id],
                self.roster.index[s.id],
                s.id,
            )
            for s in self._by_school.get(key, [])
            if s.id != person.id
        ]
        for trained, heap in self._heaps.items():
            found = self._first_elsewhere(heap, person, key, load)
            if found is not None:
                ranked.append((_UNTRAINED * (not trained) + _OTHER_SCHOOL, *found))
        return min(ranked)[-1] if ranked else None

    @staticmethod
    def _first_elsewhere(
        heap: list, person: Person, key: str, load: dict[str, int]
    ) -> tuple | None:
        """(no working day shared, supervisees, sheet order, ID) of the least of `heap`'s
        holders at another school, as `min` over them all would find it."""
        popped, found, fallback = [], None, None
        while heap:
            entry = heapq.heappop(heap)
            supervisees, n, s = entry
            if supervisees != load[s.id]:
                continue  # stale: a later entry has their count
            popped.append(entry)
            if s.id == person.id or school_key(s.school) == key:
                continue
            if s.working_days & person.working_days:
                found = (False, supervisees, n, s.id)
                break
            if fallback is None:
                fallback = (True, supervisees, n, s.id)
        for entry in popped:
            heapq.heappush(heap, entry)
        return found or fallback


class _Supervisors:
    """Everyone holding a Supervisor Role, numbered in Staff sheet order, and indexed so that
    the best few for one person are found without ranking them all."""

    def __init__(self, roster: Roster, holders: list[Person]) -> None:
        self.holders = list(enumerate(holders))
        self._by_id = {s.id: (n, s) for n, s in self.holders}
        self._by_school: dict[str, list[tuple[int, Person]]] = defaultdict(list)
        for n, s in self.holders:
            self._by_school[school_key(s.school)].append((n, s))
        self._trained: dict[int, tuple[list, list]] = {}
        self._roster = roster

    def _split(self, h: int) -> tuple[list, list]:
        """The holders trained by half term h and those not, each in sheet order."""
        if h not in self._trained:
            trained = [(n, s) for n, s in self.holders if self._roster.is_trained_by(s, h)]
            others = [(n, s) for n, s in self.holders if not self._roster.is_trained_by(s, h)]
            self._trained[h] = (trained, others)
        return self._trained[h]

    def contenders(
        self, diary: Diary, person: Person, usual: str | None, h: int
    ) -> list[tuple[int, Person]]:
        """Those who may supervise `person` in h among a subset of the holders that
        contains the first `_CANDIDATES` of them all by (preference, sheet order): the
        usual supervisor, everyone at the person's school, and the first `_CANDIDATES`
        trained and untrained ones elsewhere who may. Every preference class is then either
        whole or holds its best `_CANDIDATES`, so ranking them ranks the same first few."""
        found = []
        if usual in self._by_id:
            found.append(self._by_id[usual])
        key = school_key(person.school)
        found += self._by_school.get(key, [])
        found = [(n, s) for n, s in found if diary.may_supervise(s, person, h)]
        for kind in self._split(h):
            taken = 0
            for n, s in kind:
                if taken == _CANDIDATES:
                    break
                if school_key(s.school) != key and diary.may_supervise(s, person, h):
                    found.append((n, s))
                    taken += 1
        return list({n: (n, s) for n, s in found}.values())


def _preference(roster: Roster, supervisor: Person, person: Person, h: int) -> int:
    return _UNTRAINED * (not roster.is_trained_by(supervisor, h)) + _OTHER_SCHOOL * (
        school_key(supervisor.school) != school_key(person.school)
    )


def _options(
    diary: Diary,
    requirement: Requirement,
    person: Person,
    period: Period,
    first: int,
    usual: dict[tuple, str],
    supervisors: dict[str, _Supervisors],
    free: _FreeDays,
    offered: int,
) -> list[Option]:
    """Each half term and day of the period with each of the person's best `offered`
    supervisors free then."""
    roster = diary.roster
    mine = usual.get((person.id, requirement))
    found = []
    for h in period.half_terms:
        if h < first or not diary.is_present(person, h):
            continue
        ranked = sorted(
            (
                (_NOT_USUAL * (s.id != mine) + _preference(roster, s, person, h), n, s)
                for n, s in supervisors[requirement.supervisor_role].contenders(
                    diary, person, mine, h
                )
            ),
            key=lambda item: item[:2],
        )[:offered]
        for day in diary.free_days(person, h, diary.regular_days(h)):
            for cost, _, supervisor in ranked:
                if day in free.of(supervisor, h):
                    found.append(Option(h, day, supervisor.id, (person.id,), cost))
    return found


def _why(roster: Roster, requirement: Requirement, person: Person, period: Period) -> str:
    supervisors = [
        s
        for s in holders_of(roster, requirement.supervisor_role)
        if any(may_supervise(roster, s, person, h) for h in period.half_terms)
    ]
    if not supervisors:
        return "nobody holding it can supervise them then"
    return (
        "no day suits both them and someone holding it (working days, closures, days not "
        "available, or days already taken)"
    )
