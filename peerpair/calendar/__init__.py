"""Sessions on the calendar (SPEC 6): which days can hold a session (dates.py), the pass
that dates every session of a plan (schedule.py), and the invitations (invites.py)."""
