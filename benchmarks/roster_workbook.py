"""A generated roster (benchmarks.rosters) as the workbook a trust would give `peerpair`, so the
benchmark can time the whole command: reading the roster, solving, dating, writing the plan.

    python -m benchmarks.roster_workbook 5000 /tmp/roster-5000.xlsx
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook

from benchmarks.rosters import generated_roster
from peerpair.domain.roster import WEEKDAYS, Roster

STAFF_COLUMNS = (
    "ID",
    "Name",
    "School",
    "Hub",
    "Role",
    "Supervision Trained",
    "Capacity",
    "Working Days",
)


def write_roster_workbook(roster: Roster, path: Path) -> Path:
    """Every sheet the generated roster uses, written row by row (write-only, so 50,000
    people take seconds)."""
    workbook = Workbook(write_only=True)
    staff = workbook.create_sheet("Staff")
    staff.append(STAFF_COLUMNS)
    for p in roster.people:
        trained = p.trained_on if p.trained_on else ("Yes" if p.supervision_trained else "No")
        days = (
            ""
            if p.working_days == frozenset(WEEKDAYS)
            else ", ".join(d for d in WEEKDAYS if d in p.working_days)
        )
        staff.append([p.id, p.name, p.school, p.hub, p.role, trained, p.capacity, days])
    half_terms = workbook.create_sheet("Half Terms")
    half_terms.append(["Half Term", "Start", "End"])
    for h in roster.half_terms:
        half_terms.append([h.name, h.start, h.end])
    absences = workbook.create_sheet("Absences")
    absences.append(["ID", "Half Term", "From", "To"])
    for a in roster.absences:
        absences.append([a.person_id, a.half_term, a.start, a.end])
    requests = workbook.create_sheet("Change Requests")
    requests.append(["ID", "Partner ID", "From Half Term"])
    for c in roster.change_requests:
        requests.append([c.person_id, c.partner_id, c.from_half_term])
    history = workbook.create_sheet("History")
    history.append(["Supervisor ID", "Supervisee ID"])
    for pair in roster.history:
        history.append([pair.supervisor_id, pair.supervisee_id])
    workbook.save(path)
    return path


if __name__ == "__main__":
    write_roster_workbook(generated_roster(int(sys.argv[1])), Path(sys.argv[2]))
