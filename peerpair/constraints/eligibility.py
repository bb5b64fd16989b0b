"""Who may supervise whom in each half term, under every rule that forbids pairs outright.

This is the first thing the model and the explanations both need: the model makes a
variable only for allowed pairs, and an uncovered person's reason counts, rule by rule,
why each would-be supervisor was ruled out.
"""

from __future__ import annotations

from functools import cache, lru_cache

import numpy as np

from peerpair.constraints.base import HardRule
from peerpair.domain.roster import Roster


class Eligibility:
    def __init__(self, roster: Roster, rules: tuple[HardRule, ...]) -> None:
        self.roster = roster
        self.rules = rules
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

    def _receivers_in(self, h: int) -> list[int]:
        return [i for i, p in enumerate(self.roster.people) if self.roster.receives_in(p, h)]

    def _givers_in(self, h: int) -> list[int]:
        return [i for i, p in enumerate(self.roster.people) if self.roster.gives_in(p, h)]

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
        return allowed
