"""Live the sample roster's year (SPEC 8), as a trust lead would, one step at a time.

    python sample_data/make_sample_year.py

runs the steps of docs/guide/during-the-year.md's walk-through and writes their files next
to this script. Every step is a fixed edit and a fixed `--today`, so every run writes the
same plans.

1. Mon 05/10/2026. The lead records Autumn 1 so far on the published plan (plan.xlsx):
   three sessions Held, one Missed, and one session of this week Postponed to the week
   kept free for postponements (plan-october.xlsx). A supervisor goes on sick leave from
   Mon 12/10/2026 to Fri 06/11/2026: an Absences row (roster-october.xlsx). Re-plan from
   today (plan-october-v2.xlsx):

       peerpair solve roster-october.xlsx --previous plan-october.xlsx \\
           --today 2026-10-05 -o plan-october-v2.xlsx

2. Mon 11/01/2027. David Okafor (112) has left: his Staff row is deleted, though Tariq
   Mahmood's Receive From and three Line Manager IDs still name him. Nia Roberts (131)
   joins Kingsmead Academy (roster-january.xlsx). Re-plan from today (plan-january.xlsx):

       peerpair solve roster-january.xlsx --previous plan-october-v2.xlsx \\
           --today 2027-01-11 -o plan-january.xlsx
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import make_sample_roster as sample  # noqa: E402

from peerpair.cli import cli  # noqa: E402

D = date.fromisoformat

OCTOBER, JANUARY = D("2026-10-05"), D("2027-01-11")
SICK_FROM, SICK_TO = D("2026-10-12"), D("2026-11-06")
POSTPONED_TO = D("2026-10-21")  # Wednesday of Autumn 1's kept-free last week
LEAVER = 112
JOINER = (131, "Nia Roberts", "Kingsmead Academy", sample.LEAD, "Yes", "Yes", "Yes", 1, None, None, None, D("2026-09-16"))  # noqa: E501  # fmt: skip

ROSTER, PLAN = HERE / "roster.xlsx", HERE / "plan.xlsx"
ROSTER_OCTOBER, PLAN_OCTOBER = HERE / "roster-october.xlsx", HERE / "plan-october.xlsx"
PLAN_OCTOBER_V2 = HERE / "plan-october-v2.xlsx"
ROSTER_JANUARY, PLAN_JANUARY = HERE / "roster-january.xlsx", HERE / "plan-january.xlsx"


def autumn_1(sheet) -> list[tuple[int, dict]]:
    """(row number, cells by header) of each Pairings row of Autumn 1, by date."""
    header = [c.value for c in sheet[1]]
    found = []
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=False))
        if cells["Half Term"].value == "Autumn 1":
            found.append((row[0].row, cells))
    return sorted(found, key=lambda item: (item[1]["Date"].value, item[0]))


def day(cells) -> date:
    value = cells["Date"].value
    return value.date() if isinstance(value, datetime) else value


def works_on(person_id: str, weekday: int) -> bool:
    """Whether the sample person works on that weekday (0 is Monday)."""
    person = next(p for p in sample.STAFF if str(p[0]) == person_id)
    days = person[8]
    if days is None:
        return True
    named = ("Mon", "Tu", "We", "Th", "Fr")[weekday]
    return named.lower() in days.lower()


def record_october() -> str:
    """plan.xlsx as the lead recorded it on Mon 05/10/2026; returns the sick supervisor."""
    book = load_workbook(PLAN)
    rows = autumn_1(book["Pairings"])
    past = [cells for _, cells in rows if day(cells) < OCTOBER]
    this_week = [cells for _, cells in rows if OCTOBER <= day(cells) < SICK_FROM]
    sick_week = [cells for _, cells in rows if SICK_FROM <= day(cells) <= D("2026-10-16")]
    sick = str(sick_week[0]["Supervisor ID"].value)

    def clear_of_sick(cells) -> bool:
        return sick not in (str(cells["Supervisor ID"].value), str(cells["Supervisee ID"].value))

    for cells in past[:3]:
        cells["Status"].value = "Held"
    next(c for c in past[3:] if clear_of_sick(c))["Status"].value = "Missed"
    movable = [
        c
        for c in this_week
        if clear_of_sick(c)
        and all(
            works_on(str(c[k].value), POSTPONED_TO.weekday())
            for k in ("Supervisor ID", "Supervisee ID")
        )
    ]
    movable[0]["Status"].value = "Postponed"
    movable[0]["Date"].value = datetime.combine(POSTPONED_TO, datetime.min.time())
    book.save(PLAN_OCTOBER)
    return sick


def peerpair(*args: object) -> None:
    print("peerpair", *args)
    try:
        cli.main([str(a) for a in args], prog_name="peerpair")
    except SystemExit as stop:
        if stop.code not in (0, 1):  # 1: some sessions need cover, which the plan says
            raise


def main() -> None:
    sick = record_october()
    sample.ABSENCES.append((int(sick) if sick.isdigit() else sick, None, SICK_FROM, SICK_TO))
    sample.write_xlsx(ROSTER_OCTOBER)
    peerpair(
        "solve", ROSTER_OCTOBER, "--previous", PLAN_OCTOBER, "--today", OCTOBER,
        "-o", PLAN_OCTOBER_V2,
    )  # fmt: skip
    sample.STAFF[:] = [p for p in sample.STAFF if p[0] != LEAVER] + [JOINER]
    sample.write_xlsx(ROSTER_JANUARY)
    peerpair(
        "solve", ROSTER_JANUARY, "--previous", PLAN_OCTOBER_V2, "--today", JANUARY,
        "-o", PLAN_JANUARY,
    )  # fmt: skip


if __name__ == "__main__":
    main()
