"""Things a trust lead should know before a half term starts, that do not stop a plan."""

from __future__ import annotations

from datetime import date

from peerpair.pairing.roster import Roster


def _two_years_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 2)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 2, day=28)


def lapsing_dsl_training(roster: Roster) -> list[str]:
    """KCSIE asks for DSL training to be renewed every two years: name everyone whose training
    lapses before a half term of the plan ends (the first such half term)."""
    alerts = []
    for person in roster.people:
        if person.dsl_training_date is None:
            continue
        lapses = _two_years_after(person.dsl_training_date)
        for half_term in roster.half_terms:
            if half_term.end is not None and lapses < half_term.end:
                alerts.append(
                    f"{person.label()}: DSL training from {person.dsl_training_date:%d/%m/%Y} "
                    f"lapses on {lapses:%d/%m/%Y}, before {half_term.name} ends "
                    "(KCSIE asks for renewal every two years)"
                )
                break
    return alerts
