"""One line on why a session is under Cover Needed, in words a trust lead can check by hand.

Reasons speak only of schools, working days, training and places: a person's change
requests and Receive From list are private, so they are counted under "other
arrangements" and never named.
"""

from __future__ import annotations

from peerpair.pairing.eligibility import Eligibility
from peerpair.pairing.plan import Plan

# How each pair rule's exclusions are described ("3 work at the same school").
_PHRASES = {
    "H5": "work at the same school",
    "H8": "line-manage or are line-managed by them",
    "H9": "share no working day",
    "H11": "were paired with them before",
}
_PRIVATE = "are ruled out by other arrangements"


def cover_reason(eligibility: Eligibility, plan: Plan, h: int, supervisee: int) -> str:
    """Why `supervisee` has no supervisor in half term h of `plan`."""
    roster = eligibility.roster
    half_term = roster.half_terms[h].name
    givers = [g for g in eligibility.givers(h) if g != supervisee]
    breakdown = [
        (rule, [g for g in out if g != supervisee])
        for rule, out in eligibility.ruled_out(h, supervisee)
    ]
    excluded = {g for _, out in breakdown for g in out}
    candidates = [g for g in givers if g not in excluded]
    if not givers:
        return f"nobody else can give supervision in {half_term}"
    if not candidates:
        counts: dict[str, int] = {}
        for rule, out in breakdown:
            if out:
                phrase = _PHRASES.get(rule.code, _PRIVATE)
                counts[phrase] = counts.get(phrase, 0) + len(out)
        parts = ", ".join(f"{n} {phrase}" for phrase, n in counts.items())
        return f"no possible supervisor in {half_term}: of {len(givers)} who can give, {parts}"
    names = ", ".join(roster.people[c].label() for c in candidates[:5])
    if len(candidates) > 5:
        names += f" and {len(candidates) - 5} more"
    whom = (
        f"their only possible supervisor, {names},"
        if len(candidates) == 1
        else (f"all {len(candidates)} possible supervisors ({names})")
    )
    person = roster.people[supervisee]
    booked = [
        c
        for c in candidates
        if len(plan.supervisees_of(half_term, roster.people[c].id)) >= roster.people[c].capacity
    ]
    if len(booked) == len(candidates):
        return f"{whom} {'is' if len(candidates) == 1 else 'are'} fully booked in {half_term}"
    reciprocal = [
        c for c in candidates if roster.people[c].id in plan.supervisees_of(half_term, person.id)
    ]
    if len(booked) + len(reciprocal) >= len(candidates):
        return (
            f"{whom} {'is' if len(candidates) == 1 else 'are'} fully booked or supervised by "
            f"{person.name} in {half_term}, and two people may not supervise each other"
        )
    return (
        f"{whom} cannot take them in {half_term} without leaving someone else uncovered "
        f"or repeating a pair"
    )
