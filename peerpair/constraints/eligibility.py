"""Who may supervise whom in each half term, under every rule that forbids pairs outright.

This is the first thing the model and the explanations both need: the model makes a
variable only for allowed pairs, and an uncovered person's reason counts, rule by rule,
why each would-be supervisor was ruled out.

Nothing here keeps a people x people matrix (issue 17: at 20,000 people one is 400 MB a
half term): pairs are asked about a block of supervisors at a time, and each rule keeps
only arrays of one value a person.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache, lru_cache

import numpy as np

from peerpair.constraints.base import HardRule, PairList
from peerpair.domain.plan import Session
from peerpair.domain.replan import Unavailable
from peerpair.domain.roster import Roster

BLOCK_PAIRS = 1_000_000  # pairs looked at together: about 30 MB of working arrays


class Eligibility:
    """Who may supervise whom. A re-plan from today (SPEC 8) adds two things: `pinned`
    sessions of the re-planned half terms that stay as they are (the past, Held,
    Postponed), whose supervisees need no other and whose supervisors have that many
    fewer places; and, by half term, the people `unavailable` for any new session (no day
    left before the half term ends), who can be given none."""

    def __init__(
        self,
        roster: Roster,
        rules: tuple[HardRule, ...],
        pinned: tuple[Session, ...] = (),
        unavailable: Mapping[int, Unavailable] | None = None,
    ) -> None:
        self.roster = roster
        self.rules = rules
        self.pinned = pinned
        index = roster.index
        self._load: dict[tuple[int, int], int] = {}
        self._pinned_supervisees: dict[int, set[int]] = {}
        self._pinned_pairs: dict[int, list[tuple[int, int]]] = {}
        for s in pinned:
            h = roster.half_term_index(s.half_term)
            a, b = index.get(s.supervisor_id), index.get(s.supervisee_id)
            if b is not None:
                self._pinned_supervisees.setdefault(h, set()).add(b)
            if a is not None:
                self._load[h, a] = self._load.get((h, a), 0) + 1
            if a is not None and b is not None:
                self._pinned_pairs.setdefault(h, []).append((a, b))
        self._unavailable = {
            h: {index[i] for i in u.receive if i in index} for h, u in (unavailable or {}).items()
        }
        self._cannot_give = {
            h: {index[i] for i in u.give if i in index} for h, u in (unavailable or {}).items()
        }
        self._receivers = cache(self._receivers_in)
        self._givers = cache(self._givers_in)
        self._replan = cache(self._replan_in)
        # The whole matrix, for the explanations of small rosters: one half term at a time.
        self._matrix = lru_cache(maxsize=1)(self._allowed_matrix)

    def allows(self, h: int, supervisors, supervisees) -> np.ndarray:
        """Which of these pairs (roster positions, in arrays that broadcast together) no rule
        forbids in half term h."""
        shape = np.broadcast_shapes(np.shape(supervisors), np.shape(supervisees))
        forbidden = np.zeros(shape, dtype=bool)
        # Rules about one side alone answer with a row or a column: those are joined first,
        # so that a block pays one pass over every pair for each rule about pairs.
        sides: dict[tuple[int, ...], np.ndarray] = {}
        # A re-plan from today: only givers with places give, pinned supervisees need no
        # other session, a pinned pair may not be reversed (H4), and nobody unavailable
        # receives a new session.
        gives, blocked, reversed_pinned = self._replan(h)
        replan = (
            ~gives[supervisors],
            blocked[supervisees],
            reversed_pinned.holds(supervisors, supervisees) if len(reversed_pinned.codes) else None,
        )
        answers = (rule.forbids(self.roster, h, supervisors, supervisees) for rule in self.rules)
        for found in (*answers, *replan):
            if found is None:
                continue
            found = np.asarray(found)
            if found.shape == shape:
                forbidden |= found
            else:
                side = sides.get(found.shape)
                sides[found.shape] = found if side is None else side | found
        for side in sides.values():
            forbidden |= side
        return ~forbidden

    def _replan_in(self, h: int) -> tuple[np.ndarray, np.ndarray, PairList]:
        n = len(self.roster.people)
        gives = np.zeros(n, dtype=bool)
        gives[self.givers(h)] = True
        blocked = np.zeros(n, dtype=bool)
        blocked[list(self._pinned_supervisees.get(h, ()))] = True
        blocked[list(self._unavailable.get(h, ()))] = True
        reversed_pinned = PairList.of_positions(
            n, [(b, a) for a, b in self._pinned_pairs.get(h, ())], both_ways=False
        )
        return gives, blocked, reversed_pinned

    def block(self, h: int, supervisors: np.ndarray) -> np.ndarray:
        """Boolean matrix [supervisor, receiver]: whether each of `supervisors` may supervise
        each of `receiver_array(h)`."""
        return self.allows(h, supervisors[:, None], self.receiver_array(h)[None, :])

    def blocks(self, h: int) -> Iterator[np.ndarray]:
        """The half term's givers, a block at a time: together, every possible supervisor."""
        givers = self.giver_array(h)
        rows = max(1, BLOCK_PAIRS // max(len(self.receiver_array(h)), 1))
        for start in range(0, len(givers), rows):
            yield givers[start : start + rows]

    def pairs(self, h: int) -> tuple[np.ndarray, np.ndarray]:
        """Every allowed pair of half term h as (supervisors, supervisees), by supervisor then
        supervisee: as many entries as pairs, so only for rosters whose pairs all fit."""
        found = [self._pairs_in(h, rows) for rows in self.blocks(h)]
        if not found:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        return (
            np.concatenate([s for s, _ in found]),
            np.concatenate([r for _, r in found]),
        )

    def _pairs_in(self, h: int, supervisors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rows, columns = np.nonzero(self.block(h, supervisors))
        return supervisors[rows], self.receiver_array(h)[columns]

    def allowed(self, h: int) -> np.ndarray:
        """Boolean matrix [supervisor, supervisee] over the whole roster: pairs no rule forbids
        in half term h. People x people: for the explanations of small rosters only."""
        return self._matrix(h)

    def receivers(self, h: int) -> list[int]:
        """Everyone who receives in half term h (SPEC 3: present and Receives)."""
        return self._receivers(h)

    def givers(self, h: int) -> list[int]:
        """Everyone who gives in half term h (present, Gives, places, trained)."""
        return self._givers(h)

    def capacity(self, h: int, giver: int) -> int:
        """The places `giver` has left in half term h, after their pinned sessions."""
        return self.roster.people[giver].capacity - self.booked(h, giver)

    def booked(self, h: int, giver: int) -> int:
        """The places `giver`'s pinned sessions take in half term h."""
        return self._load.get((h, giver), 0)

    def open_to(self, h: int, person: int) -> tuple[bool, bool]:
        """Whether a re-plan from today leaves `person` free, in half term h, to receive a
        new session (none pinned, a day left for one) and to give one (a day left), their
        roles and places aside."""
        receive = person not in self._pinned_supervisees.get(h, ()) and person not in (
            self._unavailable.get(h, ())
        )
        return receive, person not in self._cannot_give.get(h, ())

    def unavailable(self, h: int) -> set[int]:
        """Receivers in half term h who can have no new session: they go under Cover
        Needed."""
        return self._unavailable.get(h, set())

    def receiver_array(self, h: int) -> np.ndarray:
        return np.asarray(self.receivers(h), dtype=np.intp)

    def giver_array(self, h: int) -> np.ndarray:
        return np.asarray(self.givers(h), dtype=np.intp)

    def _receivers_in(self, h: int) -> list[int]:
        pinned = self._pinned_supervisees.get(h, set())
        return [
            i
            for i, p in enumerate(self.roster.people)
            if self.roster.receives_in(p, h) and i not in pinned
        ]

    def _givers_in(self, h: int) -> list[int]:
        away = self._cannot_give.get(h, set())
        return [
            i
            for i, p in enumerate(self.roster.people)
            if self.roster.gives_in(p, h) and i not in away and self.capacity(h, i) > 0
        ]

    def ruled_out(self, h: int, supervisee: int) -> list[tuple[HardRule, list[int]]]:
        """For each pair rule, the givers it rules out for this supervisee and no earlier rule
        did: the counts add up to every giver who is not a possible supervisor."""
        givers = self.giver_array(h)
        remaining = np.ones(len(givers), dtype=bool)
        breakdown = []
        for rule in self.rules:
            forbidden = rule.forbids(self.roster, h, givers, np.intp(supervisee))
            if forbidden is None:
                continue
            out = remaining & np.broadcast_to(forbidden, givers.shape)
            remaining &= ~out
            if out.any():
                breakdown.append((rule, givers[out].tolist()))
        return breakdown

    def _allowed_matrix(self, h: int) -> np.ndarray:
        n = len(self.roster.people)
        allowed = np.zeros((n, n), dtype=bool)
        supervisors, supervisees = self.pairs(h)
        allowed[supervisors, supervisees] = True
        return allowed
