"""Reading a roster workbook, or a Staff sheet saved as .csv, into a Roster (SPEC 2).

Every problem in the file is collected, with its sheet, Excel row and column,
before the roster is refused, so its keeper can fix them all in one go.
Warnings are things peerpair ignored on purpose (unknown sheets, columns and
settings; History rows about people who have left; an Email that is not an address)
and do not stop the read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from peerpair.domain.roster import Roster
from peerpair.io.cells import day_and_month_readings, is_month_first
from peerpair.io.roster.calendar_sheets import (
    dated,
    known_half_term,
    read_absences,
    read_closures,
    read_half_terms,
    read_settings,
)
from peerpair.io.roster.pair_sheets import read_change_requests, read_history
from peerpair.io.roster.people import read_staff, staff_schools
from peerpair.io.roster.problems import Problem, Report, RosterError
from peerpair.io.roster.rows import plain
from peerpair.io.roster.schema import (
    ABSENCES,
    CHANGE_REQUESTS,
    CLOSURES,
    DATE_COLUMNS,
    HALF_TERMS,
    HISTORY,
    SETTINGS,
    SHEETS,
    STAFF,
)
from peerpair.io.roster.tables import Table, read_tables
from peerpair.io.roster.tier_sheets import read_tiers

__all__ = ["Problem", "RosterError", "RosterReading", "read_roster"]


@dataclass(frozen=True)
class RosterReading:
    roster: Roster
    warnings: list[Problem]


def read_roster(path: str | Path, *, leavers: Iterable[str] = ()) -> RosterReading:
    """Read and validate a roster; raise RosterError listing every problem found in it.

    `leavers`: IDs of people who have left (named by the previous plan, SPEC 8). A reference
    to one of them is dropped with a warning; any other reference to an ID not on the Staff
    sheet is a problem."""
    path = Path(path)
    report = Report()
    tables = read_tables(path, report)
    _month_first_dates(tables, report)
    staff = tables.pop(STAFF.name, None)
    people, ids = read_staff(staff, report, leavers)
    schools = staff_schools(staff)
    del staff  # a large Staff sheet's cells need not stay beside its people
    half_terms = read_half_terms(tables.get(HALF_TERMS.name), report)
    half_term = known_half_term(half_terms)
    absences = read_absences(tables.get(ABSENCES.name), report, ids, half_term, dated(half_terms))
    change_requests = read_change_requests(tables.get(CHANGE_REQUESTS.name), report, ids, half_term)
    history = read_history(tables.get(HISTORY.name), report, ids)
    closures = read_closures(tables.get(CLOSURES.name), report, schools, half_terms)
    tiers = read_tiers(tables, report, people, ids, schools, half_terms)
    settings = read_settings(tables.get(SETTINGS.name), report)
    warnings = _in_sheet_order(report.warnings)
    if report.problems:
        raise RosterError(_in_sheet_order(report.problems), warnings)
    try:
        roster = Roster(
            people=tuple(people),
            half_terms=half_terms,
            absences=tuple(absences),
            change_requests=tuple(change_requests),
            history=tuple(history),
            closures=tuple(closures),
            settings=settings,
            source=path.name,
            **tiers,
        )
    except ValidationError as error:  # the checks above should make this unreachable
        raise RosterError([Problem(path.name, None, None, plain(error))], warnings) from error
    return RosterReading(roster, warnings)


def _in_sheet_order(problems: list[Problem]) -> list[Problem]:
    """File and unknown-sheet notes first, then sheet by sheet, row by row."""
    order = {sheet.name: n for n, sheet in enumerate(SHEETS)}
    return sorted(problems, key=lambda p: (order.get(p.sheet, -1), p.row or 0))


def _month_first_dates(tables: dict[str, Table], report: Report) -> None:
    """SPEC 2: text dates are day first, but one that can only be month first (09/25/2026)
    shows the file was typed month first, and then every text date that reads both ways is
    a problem too: 03/09/2026 may mean 9 March."""
    dates = [
        (table.sheet.name, row.number, column, value)
        for table in tables.values()
        for row in table.rows
        for column, value in row.cells.items()
        if column in DATE_COLUMNS and isinstance(value, str)
    ]
    sheet, number, _, typed = next((d for d in dates if is_month_first(d[3])), (0, 0, 0, 0))
    if not typed:
        return
    for where, row, column, text in dates:
        if readings := day_and_month_readings(text):
            day_first, month_first = readings
            message = (
                f'"{text.strip()}" could be {_long_date(day_first)} or {_long_date(month_first)}, '
                f'and this file has month-first dates ("{typed.strip()}" on {sheet} row {number}): '
                f"write it year first, like {day_first.isoformat()} for {_long_date(day_first)}"
            )
            report.problems.append(Problem(where, row, column, message))


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
