"""Group safeguarding supervision (Groups sheet; policies 000, 002, 003).

For each group and period, every member present in the period is placed in one session of
the group, at most Max Size to a session, each led by a facilitator who works that day and
is not in it as a member. Then, in the last week of the period's last half term, a mop-up
session is booked with a facilitator: policy 000's "a 'mop-up' session will be scheduled
during the last week of each half term" for those who miss theirs. Members no regular
session could take (away on every other day, say) are placed in it.

How the sessions are chosen:

1. Cover the most members with the fewest sessions. Greedy: the day on which a free
   facilitator could take the most members still to place, those with the fewest possible
   days first. It is optimal when it places every member who has a possible day in
   ceil(members / Max Size) sessions, the least any plan could use; otherwise CP-SAT
   improves it (one worker, a fixed seed, a deterministic time budget).
2. Even the sizes: the members are re-placed among the chosen sessions so the largest
   session is as small as it can be (a max-flow for each size tried, smallest first).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ortools.graph.python import max_flow
from ortools.sat.python import cp_model

from peerpair.domain.periods import Period, members_of, periods, present_in_period
from peerpair.domain.roster import Person, Roster
from peerpair.domain.tiers import Group, Tier, TierSession, Unscheduled
from peerpair.pairing.cp_sat import Stage, optimise_in_order, set_hint
from peerpair.tiers.diary import Diary

SECONDS = 5.0  # CP-SAT deterministic time for one group and period
_SEED = 0


@dataclass(frozen=True)
class _Slot:
    """A session being planned: its half term, day and facilitator."""

    h: int
    day: date
    facilitator: str


def plan_groups(
    roster: Roster,
    diary: Diary,
    first: int = 0,
    kept: tuple[TierSession, ...] = (),
    missed: frozenset[tuple[str, str, str]] = frozenset(),
) -> tuple[list[TierSession], list[Unscheduled]]:
    """Every group's sessions from half term `first` on, booked in `diary`. `kept` are
    sessions of earlier half terms (a re-solve's): their attendees are already covered for
    their period. `missed` are (group, half term, person ID) of members who missed a
    session of the group (SPEC 8): they go to the period's mop-up."""
    sessions: list[TierSession] = []
    unplaced: list[Unscheduled] = []
    by_group: dict[str, list[TierSession]] = defaultdict(list)
    for s in kept:
        by_group[s.group].append(s)
    for group in roster.groups:
        members = members_of(roster, group)  # the same in every period
        for period in periods(roster, group.per):
            if period.last < first:
                continue
            planned, left = _GroupPeriod(
                roster, diary, group, period, first, tuple(by_group[group.name]), missed, members
            ).plan()
            sessions += planned
            unplaced += left
    return sessions, unplaced


class _GroupPeriod:
    def __init__(
        self,
        roster: Roster,
        diary: Diary,
        group: Group,
        period: Period,
        first: int,
        kept: tuple[TierSession, ...],
        missed: frozenset[tuple[str, str, str]],
        members: list[Person],
    ) -> None:
        """`kept` may be only the group's; `members` is `members_of` the group."""
        self.roster, self.diary, self.group, self.period = roster, diary, group, period
        self.half_terms = [h for h in period.half_terms if h >= first]
        names = {roster.half_terms[h].name for h in period.half_terms}
        covered = {
            i
            for s in kept
            if s.group == group.name and s.half_term in names
            for i in s.attendee_ids
        }
        present = [p for p in members if present_in_period(roster, p, period)]
        self.anyone = bool(present)  # someone to meet, so a mop-up is needed
        # Members who missed a session of the period wait for its mop-up, not another.
        self.for_mop_up = [
            p
            for p in present
            if p.id not in covered and any((group.name, h, p.id) in missed for h in names)
        ]
        self.members = [p for p in present if p.id not in covered and p not in self.for_mop_up]
        self.facilitators = [roster.person(i) for i in group.facilitator_ids]
        last = roster.half_terms[period.last].name
        self.has_mop_up = any(
            s.tier is Tier.MOP_UP and s.group == group.name and s.half_term == last for s in kept
        )
        self.size = group.max_size

    def plan(self) -> tuple[list[TierSession], list[Unscheduled]]:
        if not self.anyone:
            return [], []
        slots, placed = self._choose()
        placed = self._even_sizes(slots, placed)
        sessions = []
        by_slot: dict[int, list[str]] = defaultdict(list)
        for person_id, k in placed.items():
            by_slot[k].append(person_id)
        for k, slot in enumerate(slots):
            if by_slot[k]:
                sessions.append(self._book(Tier.GROUP, slot, by_slot[k]))
        left = [p for p in self.members if p.id not in placed] + self.for_mop_up
        mop_up, left = (None, left) if self.has_mop_up else self._mop_up(left)
        missed = [
            self._missed(
                Tier.GROUP,
                f"{person.label()} has no session of the group: {self._why_missed(person)}",
            )
            for person in left
        ]
        if mop_up is None and not self.has_mop_up and self.period.last in self.half_terms:
            missed.append(
                self._missed(
                    Tier.MOP_UP,
                    "no mop-up session: no facilitator of the group is free on any of the "
                    f"last five weekdays of {self.roster.half_terms[self.period.last].name}",
                )
            )
        sessions.append(mop_up)
        return [s for s in sessions if s is not None], missed

    def _missed(self, tier: Tier, message: str) -> Unscheduled:
        return Unscheduled(
            tier=tier,
            half_term=self.roster.half_terms[self.period.last].name,
            message=f"{self.period.name}, group {self.group.name}: {message}",
        )

    def _book(self, tier: Tier, slot: _Slot, attendees: list[str]) -> TierSession | None:
        schools = {self.roster.person(i).school for i in attendees}
        return self.diary.session(
            tier,
            slot.h,
            slot.day,
            slot.facilitator,
            tuple(attendees),
            school=next(iter(schools)) if len(schools) == 1 else "",
            group=self.group.name,
        )

    # --- who can be where ------------------------------------------------------------

    def _days(self) -> list[tuple[int, date]]:
        return [(h, d) for h in self.half_terms for d in self.diary.regular_days(h)]

    def _available(self, person: Person, h: int, day: date) -> bool:
        return self.diary.can_use(person, h, day)

    def _free_days(self, person: Person) -> dict[int, set[date]]:
        """The person's days for the group's sessions, by half term (`_available` in bulk)."""
        return {
            h: set(self.diary.free_days(person, h, self.diary.regular_days(h)))
            for h in self.half_terms
        }

    def _free_facilitators(self, h: int, day: date, taken: set[str]) -> list[Person]:
        return [f for f in self.facilitators if f.id not in taken and self.diary.can_use(f, h, day)]

    # --- 1. the most members in the fewest sessions ------------------------------------

    def _choose(self) -> tuple[list[_Slot], dict[str, int]]:
        days = self._days()
        can = {}
        for p in self.members:
            free = self._free_days(p)
            can[p.id] = [n for n, (h, d) in enumerate(days) if d in free[h]]
        hosts = {
            n: [f.id for f in self._free_facilitators(h, d, set())] for n, (h, d) in enumerate(days)
        }
        coverable = [p.id for p in self.members if any(set(hosts[n]) - {p.id} for n in can[p.id])]
        slots, placed = self._greedy(days, can, hosts)
        bound = -(-len(coverable) // self.size)
        if len(placed) == len(coverable) and len(slots) <= bound:
            return slots, placed
        return self._improve(days, can, hosts, slots, placed, len(coverable))

    def _greedy(
        self, days: list[tuple[int, date]], can: dict[str, list[int]], hosts: dict[int, list[str]]
    ) -> tuple[list[_Slot], dict[str, int]]:
        slots: list[_Slot] = []
        placed: dict[str, int] = {}
        hosting: dict[int, set[str]] = defaultdict(set)  # day -> facilitators used
        load: dict[str, int] = defaultdict(int)  # sessions each facilitator leads
        options = {i: len(n) for i, n in can.items()}
        # Who can come on each day, in `can`'s order, and who is placed on it so far.
        on_day: dict[int, list[str]] = defaultdict(list)
        for i, ns in can.items():
            for n in ns:
                on_day[n].append(i)
        attending_on: dict[int, set[str]] = defaultdict(set)
        while True:
            best = None
            for n, (_, d) in enumerate(days):
                attending = attending_on[n]
                free = [f for f in hosts[n] if f not in hosting[n] and f not in attending]
                if not free:
                    continue
                waiting = [i for i in on_day[n] if i not in placed]
                for facilitator in sorted(free, key=lambda f: (f in can, load[f])):
                    takers = [i for i in waiting if i != facilitator and i not in hosting[n]]
                    if takers:
                        key = (-min(len(takers), self.size), self.diary.load[d], d)
                        if best is None or key < best[0]:
                            best = (key, n, facilitator, takers)
                        break
            if best is None:
                return slots, placed
            _, n, facilitator, takers = best
            takers = sorted(takers, key=lambda i: (options[i], i))[: self.size]
            slots.append(_Slot(*days[n], facilitator))
            hosting[n].add(facilitator)
            load[facilitator] += 1
            for i in takers:
                placed[i] = len(slots) - 1
                attending_on[n].add(i)

    def _improve(
        self,
        days: list[tuple[int, date]],
        can: dict[str, list[int]],
        hosts: dict[int, list[str]],
        slots: list[_Slot],
        placed: dict[str, int],
        coverable: int,
    ) -> tuple[list[_Slot], dict[str, int]]:
        """CP-SAT from the greedy plan: the most members placed, then the fewest sessions."""
        search = _Search(days, can, hosts, self.size)
        stages = [
            Stage(
                "members placed",
                search.placed,
                lambda plan: len(plan[1]),
                maximise=True,
                best_possible=coverable,
            ),
            Stage("sessions", search.sessions, lambda plan: len(plan[0])),
        ]
        plan, _, _ = optimise_in_order(
            search, stages, (slots, placed), seconds=SECONDS, seed=_SEED, shared=False
        )
        return plan

    # --- 2. even sizes ----------------------------------------------------------------

    def _even_sizes(self, slots: list[_Slot], placed: dict[str, int]) -> dict[str, int]:
        """The same sessions, with the members spread so that the largest is as small as
        possible: a max-flow from members to the sessions they can attend, each session's
        room raised one at a time until everyone placed fits."""
        if not placed:
            return placed
        members = sorted(placed)
        can = {
            i: [
                k
                for k, slot in enumerate(slots)
                if k == placed[i]
                or (
                    self._available(self.roster.person(i), slot.h, slot.day)
                    and not any(s.day == slot.day and s.facilitator == i for s in slots)
                )
            ]
            for i in members
        }
        for room in range(-(-len(members) // len(slots)), max(_sizes(placed).values())):
            flow = max_flow.SimpleMaxFlow()
            source, sink = 0, 1
            member_node = {i: 2 + n for n, i in enumerate(members)}
            slot_node = [2 + len(members) + k for k in range(len(slots))]
            arcs = []
            for i in members:
                flow.add_arc_with_capacity(source, member_node[i], 1)
                for k in can[i]:
                    arc = flow.add_arc_with_capacity(member_node[i], slot_node[k], 1)
                    arcs.append((arc, i, k))
            for k in range(len(slots)):
                flow.add_arc_with_capacity(slot_node[k], sink, room)
            if flow.solve(source, sink) == flow.OPTIMAL and flow.optimal_flow() == len(members):
                return {i: k for arc, i, k in arcs if flow.flow(arc)}
        return placed

    # --- mop-ups ---------------------------------------------------------------------

    def _mop_up(self, left: list[Person]) -> tuple[TierSession | None, list[Person]]:
        """Book the period's mop-up in the last week of its last half term, on the day a
        facilitator is free that takes the most of those still to place (then the least
        busy day). Returns it and who is still without a session."""
        h = self.period.last
        if h not in self.half_terms:
            return None, left
        best = None
        for d in self.diary.last_week(h):
            for f in self._free_facilitators(h, d, set()):
                takers = [p.id for p in left if p.id != f.id and self._available(p, h, d)]
                key = (-min(len(takers), self.size), self.diary.load[d], d)
                if best is None or key < best[0]:
                    best = (key, _Slot(h, d, f.id), takers[: self.size])
        if best is None:
            return None, left
        _, slot, takers = best
        session = self._book(Tier.MOP_UP, slot, takers)
        if session is None:
            return None, left
        return session, [p for p in left if p.id not in takers]

    def _why_missed(self, person: Person) -> str:
        days = [(h, d) for h in self.period.half_terms for d in self.diary.regular_days(h)]
        if not days:
            return f"{self.period.name} has no dates, or no day for sessions"
        if not any(self.diary.calendar.person_problem(d, person) is None for _, d in days):
            return f"{person.label()} is not available on any day for sessions in it"
        if all(f.id == person.id for f in self.facilitators):
            return (
                f"{person.label()} is its only facilitator, and joins a session someone else "
                "leads: give the group another facilitator"
            )
        if not any(
            self.diary.calendar.person_problem(d, f) is None
            and self.diary.calendar.person_problem(d, person) is None
            for _, d in days
            for f in self.facilitators
            if f.id != person.id
        ):
            return f"no facilitator of the group works on a day {person.label()} can use"
        return (
            f"every day that suits {person.label()} and a facilitator is taken by other "
            "sessions, or its sessions are full"
        )


def _sizes(placed: dict[str, int]) -> dict[int, int]:
    sizes: dict[int, int] = defaultdict(int)
    for k in placed.values():
        sizes[k] += 1
    return sizes


class _Search:
    """attend[member, day] and lead[facilitator, day]: a day's members fit in its
    sessions, nobody both leads and attends on one day, and a facilitator leads only
    sessions someone attends."""

    def __init__(
        self,
        days: list[tuple[int, date]],
        can: dict[str, list[int]],
        hosts: dict[int, list[str]],
        size: int,
    ) -> None:
        self.days = days
        model = self.cp = cp_model.CpModel()
        attend = self.attend = {(i, n): model.new_bool_var("") for i, ns in can.items() for n in ns}
        lead = self.lead = {(f, n): model.new_bool_var("") for n, fs in hosts.items() for f in fs}
        for i in can:
            model.add_at_most_one(v for (j, _), v in attend.items() if j == i)
        by_day: dict[int, list] = defaultdict(list)
        for (_, n), v in attend.items():
            by_day[n].append(v)
        leads_on: dict[int, list] = defaultdict(list)
        for (_, n), v in lead.items():
            leads_on[n].append(v)
        for n in range(len(days)):
            model.add(sum(by_day[n]) <= size * sum(leads_on[n]))
        for (f, n), v in lead.items():
            if (f, n) in attend:
                model.add_at_most_one([v, attend[f, n]])
        for n, variables in leads_on.items():
            model.add(sum(variables) <= sum(by_day[n]))

    def placed(self) -> cp_model.LinearExprT:
        return sum(self.attend.values())

    def sessions(self) -> cp_model.LinearExprT:
        return sum(self.lead.values())

    def hint(self, plan: tuple[list[_Slot], dict[str, int]]) -> None:
        slots, placed = plan
        attending = {(i, slots[k].day) for i, k in placed.items()}
        leading = {(s.facilitator, s.day) for s in slots}
        values = {
            v.index: int((i, self.days[n][1]) in attending) for (i, n), v in self.attend.items()
        }
        values |= {v.index: int((f, self.days[n][1]) in leading) for (f, n), v in self.lead.items()}
        set_hint(self.cp, values)

    def read(self, solution: Sequence[int]) -> tuple[list[_Slot], dict[str, int]]:
        slots: list[_Slot] = []
        placed: dict[str, int] = {}
        for n, (h, d) in enumerate(self.days):
            hosts = [f for (f, m), v in self.lead.items() if m == n and solution[v.index]]
            takers = [i for (i, m), v in self.attend.items() if m == n and solution[v.index]]
            for k, facilitator in enumerate(hosts):
                slots.append(_Slot(h, d, facilitator))
                for i in takers[k :: len(hosts)]:
                    placed[i] = len(slots) - 1
        return slots, placed
