"""The roster's sheets and their columns (SPEC 2 and 7): what the reader looks for."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SheetSpec:
    name: str
    required: tuple[str, ...]  # columns that must be there, with a value on every row
    optional: tuple[str, ...] = ()
    confidential: bool = False  # never quote its other columns: a reason must never be copied

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


STAFF = SheetSpec(
    "Staff",
    ("ID", "Name", "School"),
    (
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
    ),
)
HALF_TERMS = SheetSpec("Half Terms", ("Half Term",), ("Start", "End"))
ABSENCES = SheetSpec("Absences", ("ID",), ("Half Term", "From", "To"))
CHANGE_REQUESTS = SheetSpec(
    "Change Requests", ("ID", "Partner ID"), ("From Half Term",), confidential=True
)
HISTORY = SheetSpec("History", ("Supervisor ID", "Supervisee ID"), ("Half Term",))
CLOSURES = SheetSpec("Closures", (), ("Date", "From", "To", "School"))
SETTINGS = SheetSpec("Settings", ("Setting", "Value"))
# The other tiers (SPEC 7). A request is private: its other columns are never quoted.
GROUPS = SheetSpec("Groups", ("Group", "Facilitator IDs", "Members"), ("Per", "Max Size"))
SCHOOLS = SheetSpec("Schools", ("School",), ("High Caseload",))
REQUIREMENTS = SheetSpec("Requirements", ("Role", "Supervisor Role"), ("Per",))
REQUESTS = SheetSpec("Requests", ("ID",), ("Preferred Supervisor ID", "By"), confidential=True)
SHEETS = (
    STAFF,
    HALF_TERMS,
    ABSENCES,
    CHANGE_REQUESTS,
    HISTORY,
    CLOSURES,
    GROUPS,
    SCHOOLS,
    REQUIREMENTS,
    REQUESTS,
    SETTINGS,
)
UNREAD_SHEETS = {"instructions"}
# Columns that hold dates (Supervision Trained may): a file typed month first shows there.
DATE_COLUMNS = frozenset(
    {"Start", "End", "From", "To", "Date", "By", "DSL Training Date", "Supervision Trained"}
)  # the template's own help: known, so no warning
