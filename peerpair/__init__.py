"""peerpair: a school trust's peer safeguarding-supervision pairings, from its Excel roster.

The library the command line, the year loop and the web page all call:

    reading = read_roster(path)                  # RosterError lists every problem
    year = plan_year(reading.roster, replan)     # pair, date, plan the tiers, check
    write_plan(path, year)
    published = read_plan(path, reading.roster)  # .plan, .names, .leavers, ...
"""

from peerpair.domain.replan import Replan
from peerpair.io.plan_workbook import PlanError, PlanReading, read_plan
from peerpair.io.plan_workbook import write_year_plan as write_plan
from peerpair.io.roster_reader import RosterError, RosterReading, read_roster
from peerpair.version import __version__
from peerpair.year import Explanation, YearPlan, explain, plan_year

__all__ = [
    "Explanation",
    "PlanError",
    "Replan",
    "RosterError",
    "RosterReading",
    "YearPlan",
    "__version__",
    "explain",
    "plan_year",
    "PlanReading",
    "read_plan",
    "read_roster",
    "write_plan",
]
