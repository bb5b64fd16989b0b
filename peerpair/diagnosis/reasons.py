"""One line on why a session is under Cover Needed, in words a trust lead can check by hand:
the uncovered person's certificate (diagnosis.py) in the words of a plan that is shared.

Reasons speak only of schools, working days, training and places: a person's change
requests and Receive From list are private, so they are counted under "other
arrangements", and when either narrows the people who could supervise someone in a
certificate, those people are counted, not named.
"""

from __future__ import annotations

from peerpair.constraints.eligibility import Eligibility
from peerpair.diagnosis.proofs import Certificate, Kind, certificate_for
from peerpair.diagnosis.wording import PRIVATE_RULES, by_school, ruled_out_phrase
from peerpair.domain.plan import Plan


def cover_reason(eligibility: Eligibility, plan: Plan, h: int, supervisee: int) -> str:
    """Why `supervisee` has no supervisor in half term h of `plan`."""
    certificate = certificate_for(eligibility, h, supervisee)
    line = _certificate_line(eligibility, plan, certificate) if certificate else None
    return line or _from_the_plan(eligibility, plan, h, supervisee)


def _certificate_line(eligibility: Eligibility, plan: Plan, certificate: Certificate) -> str:
    roster = eligibility.roster
    half_term = roster.half_terms[certificate.half_term].name
    private = _private(eligibility, certificate)
    supervisors = [roster.people[g] for g in certificate.supervisors]
    match certificate.kind:
        case Kind.NOBODY_GIVES:
            return f"nobody else can give supervision in {half_term}"
        case Kind.NO_SUPERVISOR:
            return (
                f"no possible supervisor in {half_term}: of {certificate.others} who can give, "
                f"{ruled_out_phrase(certificate, private=True)}"
            )
        case Kind.GROUP | Kind.TOO_FEW_PLACES if len(supervisors) == 1:
            [only] = supervisors
            if len(plan.supervisees_of(half_term, only.id)) < only.capacity:
                return ""  # not what kept them uncovered in this plan
            named = "" if private else f", {only.label()},"
            return f"their only possible supervisor{named} is fully booked in {half_term}"
        case Kind.TOO_FEW_PLACES:
            return (
                f"too few places in {half_term}: {len(certificate.supervisees)} people need a "
                f"supervisor, and the {len(supervisors)} who give have {certificate.places} "
                "places between them"
            )
        case Kind.GROUP:
            group = [roster.people[r] for r in certificate.supervisees]
            named = "" if private else f" ({_names(supervisors)})"
            return (
                f"one of {len(group)} people ({by_school(group)}) who can only be supervised "
                f"by {len(supervisors)} people{named}, with {certificate.places} places between "
                f"them in {half_term}"
            )
    return ""  # a reciprocal deadlock: the plan's own facts say it best


def _private(eligibility: Eligibility, certificate: Certificate) -> bool:
    """Whether a change request or Receive From list narrowed anyone's possible supervisors
    in the certificate: then naming those supervisors could give the arrangement away."""
    return any(
        rule.code in PRIVATE_RULES
        for r in certificate.supervisees
        for rule, _ in eligibility.ruled_out(certificate.half_term, r)
    )


def _names(people) -> str:
    shown = ", ".join(p.label() for p in people[:5])
    return shown + (f" and {len(people) - 5} more" if len(people) > 5 else "")


def _from_the_plan(eligibility: Eligibility, plan: Plan, h: int, supervisee: int) -> str:
    """For what no count shows (two people who may not supervise each other, pairs that may
    not meet twice): what the plan does with this person's possible supervisors."""
    roster = eligibility.roster
    half_term = roster.half_terms[h].name
    person = roster.people[supervisee]
    givers = eligibility.giver_array(h)
    allowed = eligibility.allows(h, givers, supervisee)
    candidates = [g for g in givers[allowed].tolist() if g != supervisee]
    if not candidates:
        return f"no possible supervisor in {half_term}"
    private = any(rule.code in PRIVATE_RULES for rule, _ in eligibility.ruled_out(h, supervisee))
    if private:
        whom = (
            "their only possible supervisor"
            if len(candidates) == 1
            else f"all {len(candidates)} possible supervisors"
        )
    else:
        names = _names([roster.people[c] for c in candidates])
        whom = (
            f"their only possible supervisor, {names},"
            if len(candidates) == 1
            else f"all {len(candidates)} possible supervisors ({names})"
        )
    verb = "is" if len(candidates) == 1 else "are"
    booked = [
        c
        for c in candidates
        if len(plan.supervisees_of(half_term, roster.people[c].id)) >= roster.people[c].capacity
    ]
    if len(booked) == len(candidates):
        return f"{whom} {verb} fully booked in {half_term}"
    reciprocal = [
        c for c in candidates if roster.people[c].id in plan.supervisees_of(half_term, person.id)
    ]
    if len(booked) + len(reciprocal) >= len(candidates):
        return (
            f"{whom} {verb} fully booked or supervised by {person.name} in {half_term}, and "
            "two people may not supervise each other"
        )
    return (
        f"{whom} cannot take them in {half_term} without leaving someone else uncovered "
        f"or repeating a pair"
    )
