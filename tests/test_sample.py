"""The sample roster gives the plan committed beside it, run after run and machine after
machine (SPEC 3: "The same roster and settings give the same plan on every run and machine")."""

from pathlib import Path

from peerpair.calendar.schedule import schedule
from peerpair.io.plan_workbook import read_plan
from peerpair.io.roster_reader import read_roster
from peerpair.pairing.solve import solve

SAMPLE = Path(__file__).parent.parent / "sample_data"


def test_the_sample_roster_gives_the_committed_sample_plan():
    roster = read_roster(SAMPLE / "roster.xlsx").roster
    committed = read_plan(SAMPLE / "plan.xlsx", roster).plan
    result = solve(roster)
    assert result.proven_optimal
    assert result.plan.cover_needed == ()
    # The sample's half terms have dates: the committed plan is dated (SPEC 6), as solve
    # writes it.
    assert schedule(roster, result.plan).sessions == committed.sessions
    assert all(s.date is not None for s in committed.sessions)
