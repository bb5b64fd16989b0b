"""A re-plan against a published plan: which plan, where re-planning starts, what is kept
as published, and who has joined or left since. One value, handed to every step of the
pipeline, so that each step keeps the same sessions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from peerpair.domain.plan import Plan
from peerpair.domain.roster import Absence, Roster

Names = Mapping[str, tuple[str, str]]  # ID -> (name, school), as a plan gives them


@dataclass(frozen=True)
class Replan:
    """Re-plan `roster`'s year against `previous` from the half term `from_half_term` on.

    `names` are everyone's name and school as the published plan gives them: the half terms
    kept from it are written as published, and people who have left are named by them."""

    roster: Roster
    previous: Plan
    from_half_term: str
    names: Names = field(default_factory=dict)

    @cached_property
    def first(self) -> int:
        """The position of the first re-planned half term."""
        return self.roster.half_term_index(self.from_half_term)

    @cached_property
    def kept(self) -> frozenset[str]:
        """The half terms copied unchanged from the published plan."""
        return frozenset(h.name for h in self.roster.half_terms[: self.first])

    @cached_property
    def replanned(self) -> list[str]:
        return [h.name for h in self.roster.half_terms[self.first :]]

    @cached_property
    def leavers(self) -> dict[str, tuple[str, str]]:
        """The people the published plan names who are no longer in the roster, by the name
        and school it gives them."""
        return {
            i: (name or i, school)
            for i, (name, school) in self.names.items()
            if i not in self.roster.index
        }

    def roster_with_joiners_absent(self) -> Roster:
        """The roster, with each joiner absent in the kept half terms before they joined:
        they were not yet in the cycle, so the checks must not expect them to have had a
        supervisor. People joined in the first half term the published plan names them in,
        or at the re-plan if it never does (it may itself be a re-plan someone joined)."""
        position = {h.name: k for k, h in enumerate(self.roster.half_terms)}
        joined_at: dict[str, int] = {}
        for half_term, named in [
            *((s.half_term, (s.supervisor_id, s.supervisee_id)) for s in self.previous.sessions),
            *((c.half_term, (c.supervisee_id,)) for c in self.previous.cover_needed),
        ]:
            for person_id in named:
                joined_at[person_id] = min(
                    joined_at.get(person_id, self.first), position[half_term]
                )
        joined = [
            Absence(person_id=p.id, half_term=h.name)
            for p in self.roster.people
            for h in self.roster.half_terms[: joined_at.get(p.id, self.first)]
        ]
        return self.roster.model_copy(update={"absences": self.roster.absences + tuple(joined)})
