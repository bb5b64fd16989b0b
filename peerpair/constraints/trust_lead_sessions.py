"""Objective 3: fewest sessions delivered by trust leads. They are the fallback: policy 001,
Appendix 2 has the Trust Safeguarding Leads "ensure that alternative arrangements can be
made", and keep their time for additional sessions on request."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from peerpair.constraints.base import Objective, PriceBounds, per_person


class FewestTrustLeadSessions(Objective):
    name = "sessions delivered by trust leads"

    def expression(self, model):
        leads = {i for i, p in enumerate(model.roster.people) if p.is_trust_lead}
        return cp_model.LinearExpr.sum([p.chosen for p in model.pairings if p.supervisor in leads])

    def flow_prices(self, roster, pairs):
        leads = per_person(roster, "trust lead", lambda p: p.is_trust_lead)
        return leads[pairs.supervisors].astype(np.int8), 0

    def flow_price_bounds(self, roster, h):
        leads = per_person(roster, "trust lead", lambda p: p.is_trust_lead)
        return PriceBounds(most=1, supervisor=leads.astype(np.int8))  # the price is the floor

    def value(self, roster, plan, half_terms):
        names = {roster.half_terms[h].name for h in half_terms}
        return sum(
            1
            for s in plan.sessions
            if s.half_term in names
            and s.supervisor_id in roster.index
            and roster.person(s.supervisor_id).is_trust_lead
        )
