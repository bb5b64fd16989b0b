"""The policies' other tiers, planned as lighter constraints around the peer cycle (SPEC 7):
groups and their mop-ups, trust-led school sessions, role-based one-to-ones and requests.

`models` holds the roster's tier sheets and the sessions planned for them; `plan_tiers`
plans them on the calendar, on the days the dated peer sessions leave free. This package
imports nothing on loading: the roster holds its models.
"""
