"""Choosing one session for each of many needs: a school's session for a term, someone's
one-to-one for a half term, a request.

Each need has options (a half term, a day, a lead and the attendees, and a cost: lower is
preferred), already limited to days on which everyone in them is free. Chosen options never
put one person in two sessions on one day, and never take more of a limited resource (a
trust lead's capacity in a half term) than there is. The most needs are met; then the
total cost is the least.

A greedy choice comes first: the needs with the fewest options first, each taking its
cheapest option that still fits, on the least busy day. When it meets every need that has
an option, each at its cheapest, it is optimal and no search is needed. Otherwise CP-SAT
improves it, deterministically (one worker, a fixed seed, a deterministic time budget);
the greedy choice is its hint and its fallback. To keep that search small, each need
offers it only its first few days for each lead, half term and cost (days differ little:
a clash on one is rare), and always the greedy choice: a better plan is then proven better,
but the best is only proven among those options.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date

from ortools.sat.python import cp_model

from peerpair.pairing.cp_sat import Stage, optimise_in_order, set_hint

SECONDS = 1.0  # CP-SAT deterministic time for one stage of one choice
_SEED = 0
_DAYS_OFFERED = 4  # days offered to the search per need, lead, half term and cost


@dataclass(frozen=True)
class Option:
    """One way to meet a need: a session on `day` of half term `h`."""

    h: int
    day: date
    lead_id: str
    attendee_ids: tuple[str, ...]
    cost: int = 0
    limits: tuple[Hashable, ...] = ()  # resources it uses one of, such as (lead, half term)

    @property
    def people(self) -> tuple[str, ...]:
        return (self.lead_id, *self.attendee_ids)


@dataclass(frozen=True)
class Choice:
    chosen: list[Option | None]  # one per need, None when it is not met
    proven: bool  # the most needs met and, among those, the least cost


def choose(
    needs: list[list[Option]],
    limits: dict[Hashable, int] | None = None,
    load: Callable[[date], int] = lambda day: 0,
    search: bool = True,
) -> Choice:
    """Choose at most one option per need (see the module's docstring). `limits` caps how
    many chosen options may use each resource; `load` says how busy a day already is, so
    that the greedy choice spreads sessions over the days. Without `search`, the greedy
    choice is returned as it is (proven only when it needs no search)."""
    limits = limits or {}
    greedy = _greedy(needs, limits, load)
    all_met = _met(greedy) == sum(bool(options) for options in needs)
    cheapest = _cost(greedy) == sum(
        min(o.cost for o in options)
        for c, options in zip(greedy, needs, strict=True)
        if c is not None
    )
    if all_met and cheapest:
        return Choice(greedy, True)
    if not search:
        return Choice(greedy, False)
    offered = [_offered(options, c, load) for options, c in zip(needs, greedy, strict=True)]
    return _improve(offered, limits, greedy, search_met=not all_met)


def _offered(
    options: list[Option], chosen: Option | None, load: Callable[[date], int]
) -> list[Option]:
    """The options a need offers the search: the greedy choice, and the least busy few days
    of each lead, half term and cost."""
    taken: dict[tuple, int] = defaultdict(int)
    offered = []
    for option in sorted(options, key=lambda o: (o.cost, load(o.day), o.day)):
        kind = (option.lead_id, option.h, option.cost)
        if option is chosen or taken[kind] < _DAYS_OFFERED:
            offered.append(option)
            taken[kind] += 1
    return offered


def _greedy(
    needs: list[list[Option]], limits: dict[Hashable, int], load: Callable[[date], int]
) -> list[Option | None]:
    chosen: list[Option | None] = [None] * len(needs)
    busy: set[tuple[str, date]] = set()
    used: dict[Hashable, int] = defaultdict(int)
    added: dict[date, int] = defaultdict(int)
    for n in sorted(range(len(needs)), key=lambda n: (len(needs[n]), n)):
        ranked = sorted(
            range(len(needs[n])),
            key=lambda k: (
                needs[n][k].cost,
                load(needs[n][k].day) + added[needs[n][k].day],
                needs[n][k].day,
                k,
            ),
        )
        for k in ranked:
            option = needs[n][k]
            if any((p, option.day) in busy for p in option.people):
                continue
            if any(used[r] >= limits.get(r, 0) for r in option.limits):
                continue
            chosen[n] = option
            busy.update((p, option.day) for p in option.people)
            for r in option.limits:
                used[r] += 1
            added[option.day] += 1
            break
    return chosen


def _improve(
    needs: list[list[Option]],
    limits: dict[Hashable, int],
    greedy: list[Option | None],
    search_met: bool,
) -> Choice:
    search = _Search(needs, limits)
    stages = [
        Stage(
            "needs met",
            search.met,
            _met,
            maximise=True,
            # Without a search to meet more, the greedy choice meets all it can.
            best_possible=None if search_met else _met(greedy),
        ),
        Stage("cost", search.cost, _cost),
    ]
    choice, outcomes, _ = optimise_in_order(
        search, stages, greedy, seconds=SECONDS, seed=_SEED, shared=False
    )
    # Meeting more needs was searched among the options offered only: not proven the most.
    return Choice(choice, not search_met and all(o.proven for o in outcomes))


class _Search:
    """A variable per option offered; nobody in two sessions on a day; limits kept."""

    def __init__(self, needs: list[list[Option]], limits: dict[Hashable, int]) -> None:
        self.needs = needs
        model = self.cp = cp_model.CpModel()
        self.x: list[list[cp_model.IntVar]] = [
            [model.new_bool_var("") for _ in options] for options in needs
        ]
        by_person_day: dict[tuple[str, date], list[cp_model.IntVar]] = defaultdict(list)
        by_limit: dict[Hashable, list[cp_model.IntVar]] = defaultdict(list)
        for options, variables in zip(needs, self.x, strict=True):
            model.add_at_most_one(variables)
            for option, v in zip(options, variables, strict=True):
                for p in set(option.people):
                    by_person_day[p, option.day].append(v)
                for r in option.limits:
                    by_limit[r].append(v)
        for variables in by_person_day.values():
            if len(variables) > 1:
                model.add_at_most_one(variables)
        for r, variables in by_limit.items():
            model.add(sum(variables) <= limits.get(r, 0))

    def met(self) -> cp_model.LinearExprT:
        return cp_model.LinearExpr.sum([v for variables in self.x for v in variables])

    def cost(self) -> cp_model.LinearExprT:
        return cp_model.LinearExpr.weighted_sum(
            [v for variables in self.x for v in variables],
            [o.cost for options in self.needs for o in options],
        )

    def hint(self, choice: list[Option | None]) -> None:
        set_hint(
            self.cp,
            {
                v.index: int(option is c)
                for options, variables, c in zip(self.needs, self.x, choice, strict=True)
                for option, v in zip(options, variables, strict=True)
            },
        )

    def read(self, solution: Sequence[int]) -> list[Option | None]:
        return [
            next((o for o, v in zip(options, variables, strict=True) if solution[v.index]), None)
            for options, variables in zip(self.needs, self.x, strict=True)
        ]


def _met(choice: list[Option | None]) -> int:
    return sum(c is not None for c in choice)


def _cost(choice: list[Option | None]) -> int:
    return sum(c.cost for c in choice if c is not None)
