"""What every method hands back to the harness, and the plan-building they share."""

from __future__ import annotations

from dataclasses import dataclass, field

from peerpair.constraints.eligibility import Eligibility
from peerpair.domain.plan import CoverNeeded, Plan, Session
from peerpair.domain.roster import Roster

# Sessions by (half term, supervisee) -> supervisor, all by roster position, as in peerpair.
Sessions = dict[tuple[int, int], int]


@dataclass(frozen=True)
class Outcome:
    """One method's answer for one roster.

    `plan` is None for the flow bound (it makes no plan) and for a method that found none in
    its time. `proven` says, per objective name, whether the method proved its value the best
    possible. The harness measures every objective's value on `plan` itself, with peerpair's
    own `Objective.value`, so every column is counted the same way."""

    plan: Plan | None
    proven: dict[str, bool] = field(default_factory=dict)
    cover_needed_bound: int | None = None  # the flow bound only
    eligible_pairs: int | None = None  # the flow bound only: the dense models' size
    most_pairs_in_a_half_term: int | None = None  # the flow bound only: a split model's size
    note: str = ""  # e.g. which stages a solver reached in its time


def plan_from(roster: Roster, eligibility: Eligibility, sessions: Sessions) -> Plan:
    """The plan with these sessions, and everyone else who receives under Cover Needed."""
    names = [h.name for h in roster.half_terms]
    people = roster.people
    return Plan(
        sessions=tuple(
            Session(
                half_term=names[h],
                supervisor_id=people[s].id,
                supervisee_id=people[r].id,
            )
            for (h, r), s in sessions.items()
        ),
        cover_needed=tuple(
            CoverNeeded(half_term=names[h], supervisee_id=people[r].id)
            for h in range(len(names))
            for r in eligibility.receivers(h)
            if (h, r) not in sessions
        ),
    )
