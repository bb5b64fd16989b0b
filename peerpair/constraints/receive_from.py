"""H10 receive-from: a person with a Receive From list is supervised only by someone on it.
Policy 001, Appendix 2: some "would only feel comfortable to receive it from a Trust
Safeguarding Lead or an alternative nominated leader"."""

from __future__ import annotations

import numpy as np

from peerpair.constraints.base import HardRule
from peerpair.domain.roster import TRUST_LEAD_WORD


class ReceiveFrom(HardRule):
    code = "H10"
    name = "receive-from"

    def forbids(self, roster, h):
        n = len(roster.people)
        forbidden = np.zeros((n, n), dtype=bool)
        for j, person in enumerate(roster.people):
            if person.receive_from is not None:
                forbidden[:, j] = [not _on_list(s, person.receive_from) for s in roster.people]
        return forbidden

    def why(self, roster, h, supervisor, supervisee):
        a, b = roster.people[supervisor], roster.people[supervisee]
        return f"{a.label()} is not among those who may supervise {b.label()}"


def _on_list(supervisor, receive_from: frozenset[str]) -> bool:
    return supervisor.id in receive_from or (
        TRUST_LEAD_WORD in receive_from and supervisor.is_trust_lead
    )
