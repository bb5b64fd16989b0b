"""Who may supervise whom in each half term, under every rule that forbids pairs outright.

This is the first thing the model and the explanations both need: the model makes a
variable only for allowed pairs, and an uncovered person's reason counts, rule by rule,
why each would-be supervisor was ruled out.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache

import numpy as np

from peerpair.constraints.base import HardRule
from peerpair.domain.plan import Session
from peerpair.domain.replan import Unavailable
from peerpair.domain.roster import Roster


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
        # One people-by-people matrix a half term is kept (25 MB at 5,000 people); each
        # rule's own matrix only for the half term last explained, as reasons ask by half term.
        self._allowed = cache(self._allowed_pairs)
        self._forbidden = lru_cache(maxsize=1)(self._forbidden_by_rule)
        self._receivers = cache(self._receivers_in)
        self._givers = cache(self._givers_in)

    def allowed(self, h: int) -> np.ndarray:
        """Boolean matrix [supervisor, supervisee]: pairs no rule forbids in half term h."""
        return self._allowed(h)

    def receivers(self, h: int) -> list[int]:
        """Everyone who receives in half term h (SPEC 3: present and Receives)."""
        return self._receivers(h)

    def givers(self, h: int) -> list[int]:
        """Everyone who gives in half term h (present, Gives, places, trained)."""
        return self._givers(h)

    def capacity(self, h: int, giver: int) -> int:
        """The places `giver` has left in half term h, after their pinned sessions."""
        return self.roster.people[giver].capacity - self._load.get((h, giver), 0)

    def unavailable(self, h: int) -> set[int]:
        """Receivers in half term h who can have no new session: they go under Cover
        Needed."""
        return self._unavailable.get(h, set())

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
        remaining = set(self.givers(h))
        breakdown = []
        for rule, forbidden in self._forbidden(h):
            out = sorted(g for g in remaining if forbidden[g, supervisee])
            remaining -= set(out)
            if out:
                breakdown.append((rule, out))
        return breakdown

    def _forbidden_by_rule(self, h: int) -> list[tuple[HardRule, np.ndarray]]:
        found = ((rule, rule.forbids(self.roster, h)) for rule in self.rules)
        return [(rule, forbidden) for rule, forbidden in found if forbidden is not None]

    def _allowed_pairs(self, h: int) -> np.ndarray:
        n = len(self.roster.people)
        allowed = np.ones((n, n), dtype=bool)
        for rule in self.rules:
            forbidden = rule.forbids(self.roster, h)
            if forbidden is not None:
                allowed &= ~forbidden
        # A re-plan from today: pinned supervisees need no other session, a pinned pair may
        # not be reversed (H4), and nobody gives or receives a new session unavailable or
        # without places.
        givers = np.zeros(n, dtype=bool)
        givers[self.givers(h)] = True
        allowed &= givers[:, None]
        for supervisee in self._pinned_supervisees.get(h, ()):
            allowed[:, supervisee] = False
        for a, b in self._pinned_pairs.get(h, ()):
            allowed[b, a] = False
        for person in self._unavailable.get(h, ()):
            allowed[:, person] = False
        return allowed
