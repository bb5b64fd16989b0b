"""peerpair: a school trust's peer safeguarding-supervision pairings, from its Excel roster.

The library the command line, the year loop and the web page all call:

    reading = read_roster(path)                  # RosterError lists every problem
    year = plan_year(reading.roster, replan)     # pair, date, plan the tiers, check
    write_plan(path, year)
    published = read_plan(path, reading.roster)  # .plan, .names, .leavers, ...
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from peerpair.version import __version__

# Each name's module, imported on first use: a command loads only what it uses (the
# planner's solver and the workbook writer take a second to import; issue 17).
_FROM = {
    "Replan": ("peerpair.domain.replan", "Replan"),
    "PlanError": ("peerpair.io.plan_workbook", "PlanError"),
    "PlanReading": ("peerpair.io.plan_workbook", "PlanReading"),
    "read_plan": ("peerpair.io.plan_workbook", "read_plan"),
    "write_plan": ("peerpair.io.plan_workbook", "write_year_plan"),
    "RosterError": ("peerpair.io.roster_reader", "RosterError"),
    "RosterReading": ("peerpair.io.roster_reader", "RosterReading"),
    "read_roster": ("peerpair.io.roster_reader", "read_roster"),
    "Explanation": ("peerpair.year", "Explanation"),
    "YearPlan": ("peerpair.year", "YearPlan"),
    "explain": ("peerpair.year", "explain"),
    "plan_year": ("peerpair.year", "plan_year"),
}

if TYPE_CHECKING:
    from peerpair.domain.replan import Replan
    from peerpair.io.plan_workbook import PlanError, PlanReading, read_plan
    from peerpair.io.plan_workbook import write_year_plan as write_plan
    from peerpair.io.roster_reader import RosterError, RosterReading, read_roster
    from peerpair.year import Explanation, YearPlan, explain, plan_year


def __getattr__(name: str) -> object:
    if name not in _FROM:
        raise AttributeError(f"module 'peerpair' has no attribute {name!r}")
    module, attribute = _FROM[name]
    return getattr(import_module(module), attribute)


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
