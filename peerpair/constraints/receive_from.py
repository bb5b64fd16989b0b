"""H10 receive-from: a person with a Receive From list is supervised only by someone on it.
Policy 001, Appendix 2: some "would only feel comfortable to receive it from a Trust
Safeguarding Lead or an alternative nominated leader"."""

from __future__ import annotations

import numpy as np

from peerpair.constraints.base import HardRule, PairList, once, per_person
from peerpair.domain.roster import TRUST_LEAD_WORD


class ReceiveFrom(HardRule):
    code = "H10"
    name = "receive-from"

    def forbids(self, roster, h, supervisors, supervisees):
        limited, lead_will_do, named = once(roster, "receive from", lambda: _lists(roster))
        if not limited.any():
            return None
        leads = per_person(roster, "trust lead", lambda p: p.is_trust_lead)
        off_list = limited[supervisees] & ~(lead_will_do[supervisees] & leads[supervisors])
        return off_list & ~named.holds(supervisors, supervisees)

    def why(self, roster, h, supervisor, supervisee):
        a, b = roster.people[supervisor], roster.people[supervisee]
        return f"{a.label()} is not among those who may supervise {b.label()}"


def _lists(roster) -> tuple[np.ndarray, np.ndarray, PairList]:
    """Who has a Receive From list, whose list says any trust lead, and the (supervisor,
    supervisee) pairs the lists name."""
    people = roster.people
    limited = np.array([p.receive_from is not None for p in people], dtype=bool)
    lead_will_do = np.array(
        [p.receive_from is not None and TRUST_LEAD_WORD in p.receive_from for p in people],
        dtype=bool,
    )
    named = [
        (supervisor_id, p.id)
        for p in people
        if p.receive_from is not None
        for supervisor_id in sorted(p.receive_from)
        if supervisor_id in roster.index
    ]
    return limited, lead_will_do, PairList.of(roster, named, both_ways=False)
