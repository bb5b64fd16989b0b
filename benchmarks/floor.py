"""The floor under any planner: read the roster workbook and write a plan workbook of its
size, with nothing worked out in between. `peerpair solve` cannot be faster than this.

    python -m benchmarks.floor roster.xlsx plan.xlsx

Reading is peerpair's own reader (every SPEC 2 check included); writing is openpyxl in
write-only mode, without styles: a Sessions sheet of a session for each person who receives
in each half term (eight columns, as the plan's), and a People sheet.
"""

from __future__ import annotations

import sys
from datetime import time
from pathlib import Path

from openpyxl import Workbook

from peerpair.io.roster_reader import read_roster

COLUMNS = (
    "Half Term",
    "Supervisor ID",
    "Supervisor",
    "Supervisee ID",
    "Supervisee",
    "Date",
    "Start",
    "End",
)


def floor(roster_path: Path, plan_path: Path) -> None:
    roster = read_roster(roster_path).roster
    people = roster.people
    workbook = Workbook(write_only=True)
    sessions = workbook.create_sheet("Sessions")
    sessions.append(COLUMNS)
    for h, half_term in enumerate(roster.half_terms):
        for n, person in enumerate(people):
            if not roster.receives_in(person, h):
                continue
            other = people[(n + 1 + h) % len(people)]
            sessions.append(
                [
                    half_term.name,
                    other.id,
                    other.name,
                    person.id,
                    person.name,
                    half_term.start,
                    time(9, 30),
                    time(10, 30),
                ]
            )
    listed = workbook.create_sheet("People")
    listed.append(["ID", "Name", "School", "Hub"])
    for person in people:
        listed.append([person.id, person.name, person.school, person.hub])
    workbook.save(plan_path)


if __name__ == "__main__":
    floor(Path(sys.argv[1]), Path(sys.argv[2]))
