"""Write the sample roster: a fictional multi-academy trust for the 2026-27 school year.

    python sample_data/make_sample_roster.py

writes `roster.xlsx` (every sheet peerpair reads) and `roster.csv` (the Staff
sheet alone, the other form a roster may take) next to this script. The data
below is fixed, so every run writes the same cells.

Everyone and everything here is invented: the schools, the people, and the
email addresses, which all end in .example.org so that none can be real.

The Meridian Learning Trust has 30 DSLs and deputies in 10 schools (primaries,
secondaries and a special school) in three hubs, North, Central and Coast,
plus three trust leads in the Central team. The roster uses every Staff
column and the forms a real sheet would hold: IDs typed as numbers, Yes/No
as "Yes", "Y" and a real TRUE, a supervision-training date in the middle of
the year, part-time working days written three ways, a DSL training date
typed as UK text, and so on. The comments in STAFF say what each odd row
is there to show. The trust also closes for an INSET day and a school trip,
and runs the policies' other tiers: a Lead DSLs' group each term, a
half-termly group at its special school, trust-led school sessions, deputies'
one-to-ones with their Lead DSL, and one request for an extra session.
"""

# ruff: noqa: E501  (the STAFF table is easier to read one person a line)

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
XLSX = HERE / "roster.xlsx"
CSV = HERE / "roster.csv"

D = date.fromisoformat

STAFF_COLUMNS = [
    "ID",
    "Name",
    "School",
    "Email",
    "Hub",
    "Role",
    "Supervision Trained",
    "Gives",
    "Receives",
    "Capacity",
    "Working Days",
    "Line Manager ID",
    "Receive From",
    "DSL Training Date",
]

# School -> (hub, email domain).
SCHOOLS = {
    "Oakfield Primary Academy": ("North", "oakfield"),
    "Northgate Academy": ("North", "northgate"),
    "Hollins Brook Primary Academy": ("North", "hollinsbrook"),
    "Castle View Primary Academy": ("Central", "castleview"),
    "Kingsmead Academy": ("Central", "kingsmead"),
    "Riverside Park Primary Academy": ("Central", "riversidepark"),
    "Willow Tree Academy": ("Central", "willowtree"),  # special school
    "Seacroft Primary Academy": ("Coast", "seacroft"),
    "Harbour Lane Academy": ("Coast", "harbourlane"),
    "Bayview Primary Academy": ("Coast", "bayview"),
    "Central team": ("", "meridiantrust"),  # trust leads: their hub is set per person
}

LEAD, DEPUTY = "Lead DSL", "Deputy DSL"
HIGH_CASELOAD = {"Northgate Academy", "Willow Tree Academy"}

# One tuple per person, in the Staff sheet's column order, except that Email
# and Hub are filled in from SCHOOLS (email None = no email address).
# IDs are ints where the sheet holds a number: peerpair reads 101 as the ID "101".
# fmt: off
STAFF = [
    # ID   Name                  School                             Role         Trained           Gives  Rec.   Cap  Working days         LM     Receive From  DSL training
    # --- North hub ---
    (101, "Priya Sharma",        "Oakfield Primary Academy",        LEAD,        "Yes",            "Yes", "Yes", 1,   None,                107,   None,         D("2025-10-08")),  # line-managed by 107 at another school (H8)
    (102, "Tom Haworth",         "Oakfield Primary Academy",        DEPUTY,      "Yes",            "Yes", "Yes", 1,   "Mon, Tue, Wed",     101,   None,         D("2026-03-18")),  # part-time
    (103, "Gareth Lloyd",        "Northgate Academy",               LEAD,        "Yes",            "Yes", "Yes", 1,   None,                None,  None,         D("2025-11-12")),
    (104, "Aisha Begum",         "Northgate Academy",               DEPUTY,      "Yes",            "Yes", "Yes", 1,   None,                103,   None,         D("2026-01-21")),  # change request with 118
    (105, "Declan O'Neill",      "Northgate Academy",               DEPUTY,      "Yes",            "Yes", "Yes", 1,   None,                103,   None,         D("2025-09-24")),
    (106, "Hannah Whitfield",    "Northgate Academy",               "Deputy DSL (Pastoral)", "No", "Yes", "Yes", 1,   None,                103,   None,         D("2026-06-10")),  # not yet trained to supervise
    (107, "Rebecca Ashworth",    "Hollins Brook Primary Academy",   "Executive Lead DSL", "Yes",   "Yes", "Yes", 1,   None,                None,  None,         D("2025-12-03")),  # also line-manages 101
    (108, "Kwame Mensah",        "Hollins Brook Primary Academy",   DEPUTY,      "Yes",            "Yes", "Yes", 1,   None,                107,   None,         D("2026-02-04")),
    # --- Central hub ---
    (109, "Sarah Jenkins",       "Castle View Primary Academy",     LEAD,        "Yes",            "Yes", "Yes", 2,   None,                None,  None,         D("2025-10-15")),  # volunteers for two
    (110, "Marek Nowak",         "Castle View Primary Academy",     DEPUTY,      "Yes",            "Yes", "Yes", 1,   "Thursday/Friday",   109,   None,         D("2026-05-06")),  # part-time
    (111, "Fiona Campbell",      "Castle View Primary Academy",     DEPUTY,      "Y",              "Yes", "Yes", 1,   None,                109,   None,         D("2026-01-14")),  # "Y" for Yes
    (112, "David Okafor",        "Kingsmead Academy",               LEAD,        "Yes",            "Yes", "Yes", 2,   None,                None,  None,         D("2025-09-17")),  # volunteers for two
    (113, "Emma Richardson",     "Kingsmead Academy",               DEPUTY,      True,             "Yes", "Yes", 1,   None,                112,   None,         D("2026-04-22")),  # a real TRUE
    (114, "Imran Hussain",       "Kingsmead Academy",               DEPUTY,      "Yes",            "Yes", "Yes", 1,   None,                112,   None,         D("2025-01-15")),  # DSL training lapses 2027-01-15
    (115, "Lucy Pritchard",      "Kingsmead Academy",               DEPUTY,      "Yes",            "No",  "Yes", 1,   None,                112,   None,         D("2025-11-26")),  # receives only this year
    (116, "Joanne Clarke",       "Riverside Park Primary Academy",  LEAD,        "Yes",            "Yes", "Yes", 1,   None,                None,  None,         D("2026-02-25")),
    (117, "Ben Taylor",          "Riverside Park Primary Academy",  DEPUTY,      "Yes",            "Yes", "Yes", 1,   "Tu, Th",            116,   None,         D("2026-06-17")),  # part-time
    (118, "Nadia Rahman",        "Willow Tree Academy",             LEAD,        "Yes",            "Yes", "Yes", 1,   None,                None,  None,         D("2025-10-01")),
    (119, "Chris Evans",         "Willow Tree Academy",             DEPUTY,      D("2027-01-14"),  "Yes", "Yes", 1,   None,                118,   None,         D("2026-03-04")),  # supervises from Spring 2
    (120, "Megan Price",         "Willow Tree Academy",             DEPUTY,      "Yes",            "Yes", "Yes", 1,   None,                118,   None,         D("2026-05-20")),  # absent Spring 1
    # --- Coast hub ---
    (121, "Sian Morgan",         "Seacroft Primary Academy",        LEAD,        "Yes",            "Yes", "Yes", 2,   None,                None,  None,         D("2025-10-14")),  # volunteers for two; date typed as text
    (122, "Olu Adeyemi",         "Seacroft Primary Academy",        DEPUTY,      "Yes",            "Yes", "Yes", 1,   None,                121,   None,         D("2026-01-28")),
    (123, "Rachel Green",        "Seacroft Primary Academy",        DEPUTY,      "Yes",            "Yes", "Yes", 1,   "Mon, Wed, Fri",     121,   None,         D("2026-06-03")),  # part-time
    (124, "Jamie Fraser",        "Harbour Lane Academy",            LEAD,        "Yes",            "Yes", "Yes", 2,   None,                None,  None,         D("2025-11-05")),  # volunteers for two
    (125, "Zainab Ali",          "Harbour Lane Academy",            DEPUTY,      "Yes",            "Yes", "Yes", 1,   None,                124,   None,         D("2026-02-11")),  # long-term absence
    (126, "Liam Doherty",        "Harbour Lane Academy",            DEPUTY,      "Yes",            "Yes", "Yes", 1,   None,                124,   "trust lead", D("2025-12-10")),  # only from a trust lead
    (127, "Grace Whitaker",      "Harbour Lane Academy",            DEPUTY,      "No",             "Yes", "Yes", 1,   None,                124,   None,         D("2026-07-01")),  # new deputy, not yet trained
    (128, "Tariq Mahmood",       "Bayview Primary Academy",         LEAD,        D("2026-06-24"),  "Yes", "Yes", 1,   None,                None,  "112; 121",    D("2026-04-29")),  # trained last June; chose two supervisors
    (129, "Holly Barnes",        "Bayview Primary Academy",         DEPUTY,      "Yes",            "Yes", "Yes", 1,   None,                128,   None,         D("2026-03-11")),
    (130, "Anil Patel",          "Bayview Primary Academy",         DEPUTY,      "Yes",            "Yes", "Yes", 1,   None,                128,   None,         D("2025-09-10")),
    # --- trust leads (Central team): receive nothing, supervise up to 3 ---
    ("T01", "Catherine Hughes",  "Central team",                    "Trust Safeguarding Lead", "Yes", "Yes", None, 3, None,             None,  None,         D("2025-09-03")),
    ("T02", "Andrew Mitchell",   "Central team",                    "Hub Strategic Lead",      "Yes", "Yes", None, 3, None,             "T01", None,         D("2026-01-07")),
    ("T03", "Yasmin Khan",       "Central team",                    "Hub Strategic Lead",      "Yes", "Yes", None, None, "Mon, Tue, Wed, Thu", "T01", None,  D("2025-10-22")),  # capacity left to the default (3)
]
# fmt: on

TRUST_LEAD_HUBS = {"T01": "Central", "T02": "North", "T03": "Coast"}
NO_EMAIL = {116, 129}  # email not known yet: the column is optional
DSL_DATE_TYPED_AS_TEXT = {121}  # typed as "14/10/2025" in Excel (UK, day first)

HALF_TERMS = [
    ("Autumn 1", D("2026-09-02"), D("2026-10-23")),
    ("Autumn 2", D("2026-11-02"), D("2026-12-18")),
    ("Spring 1", D("2027-01-04"), D("2027-02-12")),
    ("Spring 2", D("2027-02-22"), D("2027-03-26")),
    ("Summer 1", D("2027-04-12"), D("2027-05-28")),
    ("Summer 2", D("2027-06-07"), D("2027-07-21")),
]

# ID, Half Term, From, To
ABSENCES = [
    (120, "Spring 1", None, None),
    (125, None, D("2027-02-15"), D("2027-05-30")),  # covers all of Spring 2 and Summer 1
]

# ID, Partner ID, From Half Term, Reason. peerpair never reads or copies the reason.
CHANGE_REQUESTS = [
    (104, 118, "Spring 1", "Asked not to be paired after a joint case review (confidential)"),
]

# Supervisor ID, Supervisee ID, Half Term: last year's pairs.
HISTORY = [
    (103, 109, "2025-26 Autumn 1"),
    (109, 122, "2025-26 Autumn 1"),
    (112, 101, "2025-26 Autumn 1"),
    (121, 104, "2025-26 Autumn 2"),
    (118, 124, "2025-26 Autumn 2"),
    (124, 116, "2025-26 Spring 1"),
    (116, 130, "2025-26 Spring 1"),
    (107, 113, "2025-26 Spring 2"),
    (130, 111, "2025-26 Summer 1"),
    (121, 128, "2025-26 Summer 1"),
    (111, 105, "2025-26 Summer 2"),
    ("099", 108, "2025-26 Summer 2"),  # 099 has since left the trust: peerpair warns and ignores it
]

# Date, From, To, School: days no session may fall on (besides bank holidays).
CLOSURES = [
    (D("2026-11-02"), None, None, None),  # trust-wide INSET day
    (None, D("2027-03-08"), D("2027-03-10"), "Willow Tree Academy"),  # residential trip
]

# The other tiers (SPEC 7).
# Group, Facilitator IDs, Members, Per, Max Size
GROUPS = [
    ("Lead DSLs' group", "T01, T02", "role:Lead DSL", "term", 6),  # 9 leads: two sessions a term
    ("Willow Tree team", "T03", "school:Willow Tree Academy", "half term", None),  # special school
]
# School, High Caseload: one trust-led session a term, or a half term when high.
SCHOOL_VISITS = [
    (school, "Yes" if school in HIGH_CASELOAD else "No")
    for school in SCHOOLS
    if school != "Central team"
]
# Role, Supervisor Role, Per: internal one-to-ones (001 Appendix 1).
REQUIREMENTS = [("Deputy DSL", "Lead DSL", "term")]
# ID, Preferred Supervisor ID, By: asked for an extra session (private: never in the plan's words).
REQUESTS = [(115, 109, D("2027-01-29"))]

SETTINGS = [
    ("Trust Name", "Meridian Learning Trust"),  # the printed plan's title
    ("Repeat Pairs", "avoid"),
    ("Same Hub", "avoid"),  # cross-hub pairs are encouraged
    ("Time Limit", 60),
]


def staff_rows() -> list[list]:
    """The Staff sheet as cell values: ints, text, booleans and dates, blanks as None."""
    rows = []
    for pid, name, school, role, trained, gives, receives, cap, days, lm, rfrom, dsl in STAFF:
        hub, domain = SCHOOLS[school]
        hub = TRUST_LEAD_HUBS.get(pid, hub)
        email = None if pid in NO_EMAIL else f"{email_local(name)}@{domain}.example.org"
        row = [pid, name, school, email, hub, role, trained, gives, receives, cap, days, lm, rfrom]
        rows.append([*row, dsl])
    return rows


def email_local(name: str) -> str:
    return ".".join(part.lower().replace("'", "") for part in name.split())


def write_xlsx(path: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "peerpair sample data"
    wb.properties.created = datetime(2026, 7, 1, 9, 0)

    staff = add_sheet(wb, "Staff", STAFF_COLUMNS, staff_rows())
    for row in staff.iter_rows(min_row=2):
        pid = row[0].value
        if pid in DSL_DATE_TYPED_AS_TEXT:
            row[-1].value = row[-1].value.strftime("%d/%m/%Y")

    add_sheet(wb, "Half Terms", ["Half Term", "Start", "End"], HALF_TERMS)
    add_sheet(wb, "Absences", ["ID", "Half Term", "From", "To"], ABSENCES)
    add_sheet(
        wb, "Change Requests", ["ID", "Partner ID", "From Half Term", "Reason"], CHANGE_REQUESTS
    )
    add_sheet(wb, "History", ["Supervisor ID", "Supervisee ID", "Half Term"], HISTORY)
    add_sheet(wb, "Closures", ["Date", "From", "To", "School"], CLOSURES)
    add_sheet(wb, "Groups", ["Group", "Facilitator IDs", "Members", "Per", "Max Size"], GROUPS)
    add_sheet(wb, "Schools", ["School", "High Caseload"], SCHOOL_VISITS)
    add_sheet(wb, "Requirements", ["Role", "Supervisor Role", "Per"], REQUIREMENTS)
    add_sheet(wb, "Requests", ["ID", "Preferred Supervisor ID", "By"], REQUESTS)
    add_sheet(wb, "Settings", ["Setting", "Value"], SETTINGS)
    wb.save(path)


def add_sheet(wb: Workbook, title: str, header: list[str], rows: list) -> Worksheet:
    """A finished-looking sheet: bold, frozen header; UK dates; columns wide enough."""
    ws = wb.create_sheet(title)
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for column in ws.iter_cols():
        for cell in column:
            if isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
        widest = max(len(shown(cell.value)) for cell in column)
        ws.column_dimensions[get_column_letter(column[0].column)].width = min(widest + 3, 60)
    return ws


def shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return "00/00/0000"
    return str(value)


def write_csv(path: Path) -> None:
    """The Staff sheet alone: ISO dates, booleans as Yes/No, blanks empty."""
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(STAFF_COLUMNS)
        for row in staff_rows():
            out.writerow([csv_text(v) for v in row])


def csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def main() -> None:
    write_xlsx(XLSX)
    write_csv(CSV)
    print(f"wrote {XLSX.name} and {CSV.name} ({len(STAFF)} people) in {HERE}")


if __name__ == "__main__":
    main()
