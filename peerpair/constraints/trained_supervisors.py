"""H6 trained supervisors only: "Only colleagues who have undertaken the ATLP Supervision
Skills Training can deliver supervision" (policy 001, Appendix 2). Someone trained mid-year
gives from the first half term that starts on or after their training date."""

from __future__ import annotations

from peerpair.constraints.base import HardRule, per_person


class TrainedSupervisors(HardRule):
    code = "H6"
    name = "trained supervisors only"

    def forbids(self, roster, h, supervisors, supervisees):
        trained = per_person(roster, ("trained by", h), lambda p: roster.is_trained_by(p, h))
        return ~trained[supervisors]

    def why(self, roster, h, supervisor, supervisee):
        person = roster.people[supervisor]
        session = f"{person.label()} supervises {roster.people[supervisee].label()}"
        if person.supervision_trained and person.trained_on is not None:
            return (
                f"{session} but is trained only from {person.trained_on:%d/%m/%Y}, "
                f"after {roster.half_terms[h].name} starts"
            )
        return f"{session} but has not done the supervision-skills training"
