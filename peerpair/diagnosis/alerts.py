"""Things a trust lead should know before a half term starts, that do not stop a plan."""

from __future__ import annotations

from datetime import date

import numpy as np

from peerpair.constraints import HARD_RULES
from peerpair.constraints.eligibility import Eligibility
from peerpair.domain.roster import Person, Roster


def _two_years_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 2)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 2, day=28)


def dsl_training_lapses(roster: Roster) -> list[tuple[Person, date, str]]:
    """Everyone whose DSL training lapses (KCSIE: every two years) before a half term of the
    plan ends: the person, the day it lapses and the first such half term."""
    found = []
    for person in roster.people:
        if person.dsl_training_date is None:
            continue
        lapses = _two_years_after(person.dsl_training_date)
        for half_term in roster.half_terms:
            if half_term.end is not None and lapses < half_term.end:
                found.append((person, lapses, half_term.name))
                break
    return found


def lapsing_dsl_training(roster: Roster) -> list[str]:
    """KCSIE asks for DSL training to be renewed every two years: name everyone whose training
    lapses before a half term of the plan ends (the first such half term)."""
    return [
        f"{person.label()}: DSL training from {person.dsl_training_date:%d/%m/%Y} "
        f"lapses on {lapses:%d/%m/%Y}, before {half_term} ends "
        "(KCSIE asks for renewal every two years)"
        for person, lapses, half_term in dsl_training_lapses(roster)
    ]


def mid_year_training(roster: Roster) -> list[str]:
    """Supervisors trained during the year give only from the first half term that starts on
    or after their training date (H6): name that half term, or say they give none."""
    alerts = []
    for person in roster.people:
        if not (person.gives and person.capacity > 0 and person.trained_on is not None):
            continue
        trained = [h for h in range(len(roster.half_terms)) if roster.is_trained_by(person, h)]
        if trained and trained[0] == 0:
            continue
        when = (
            f"gives supervision only from {roster.half_terms[trained[0]].name}"
            if trained
            else "gives no supervision this year"
        )
        alerts.append(f"{_who(person)} is trained on {person.trained_on:%d/%m/%Y}, so {when}")
    return alerts


def fragile_supervisees(roster: Roster, eligibility: Eligibility | None = None) -> list[str]:
    """People with exactly one possible supervisor in a half term: one change request
    between the two, or one absence, would leave that session without cover."""
    eligibility = eligibility or Eligibility(roster, HARD_RULES)
    only: dict[tuple[int, int], list[str]] = {}
    for h, half_term in enumerate(roster.half_terms):
        # How many possible supervisors each receiver has, a block of givers at a time; a
        # receiver's only one is found again only for those with exactly one.
        receivers = eligibility.receiver_array(h)
        possible = np.zeros(len(receivers), dtype=np.int64)
        for givers in eligibility.blocks(h):
            possible += eligibility.block(h, givers).sum(axis=0)
        for r in receivers[possible == 1].tolist():
            givers = eligibility.giver_array(h)
            only.setdefault((r, int(givers[eligibility.allows(h, givers, r)][0])), []).append(
                half_term.name
            )
    people = roster.people
    return [
        f"{_who(people[r])} has only one possible supervisor, {_who(people[g])}, in "
        f"{_in(half_terms, roster)}: one change request or absence would leave them uncovered"
        for (r, g), half_terms in sorted(only.items())
    ]


def _in(half_terms: list[str], roster: Roster) -> str:
    if len(half_terms) == len(roster.half_terms) > 1:
        return "every half term"
    return (
        half_terms[0]
        if len(half_terms) == 1
        else ", ".join(half_terms[:-1]) + " and " + (half_terms[-1])
    )


def _who(person) -> str:
    return f"{person.name} ({person.id}, {person.school})"
