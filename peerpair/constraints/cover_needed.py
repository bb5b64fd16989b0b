"""Objective 1: fewest sessions under Cover Needed. Everyone in the cycle "will both offer
and receive supervision" (policy 001, Appendix 2); a session nobody can deliver falls to the
Trust Safeguarding Leads to arrange by hand."""

from __future__ import annotations

from ortools.sat.python import cp_model

from peerpair.constraints.base import Objective


class FewestCoverNeeded(Objective):
    name = "sessions under Cover Needed"

    def expression(self, model):
        return cp_model.LinearExpr.sum(list(model.cover.values()))

    def value(self, roster, plan, half_terms):
        names = {roster.half_terms[h].name for h in half_terms}
        return sum(1 for c in plan.cover_needed if c.half_term in names)
