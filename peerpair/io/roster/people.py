"""The Staff sheet: the people, and the IDs every other sheet refers to them by (SPEC 2
"References between rows")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from peerpair.domain.roster import TRUST_LEAD_WORD, WEEKDAYS, Person, school_key
from peerpair.io.cells import id_key, parse_id, show
from peerpair.io.roster.problems import Problem, Report
from peerpair.io.roster.rows import Cells, Left, each_row
from peerpair.io.roster.schema import STAFF
from peerpair.io.roster.tables import Table
from peerpair.io.template import EXAMPLE_PEOPLE


@dataclass(frozen=True)
class StaffIds:
    """A parser for references to people, giving each the ID as the Staff sheet types it:
    `t01 `, `T01` and, for an all-digit ID, `107` and `0107` are one person (SPEC 2)."""

    typed: dict[str, str] | None  # id_key -> ID as typed; None: no Staff IDs to check against
    leavers: frozenset[str] = frozenset()  # id_keys of people who have left

    def __call__(self, value: object) -> str:
        person_id = parse_id(value)
        if self.typed is None:
            return person_id
        key = id_key(person_id)
        if key in self.typed:
            return self.typed[key]
        if key in self.leavers:
            raise Left(f'"{person_id}" has left (the previous plan names them, Staff does not)')
        raise ValueError(self.unknown(person_id))

    def has(self, person_id: str) -> bool:
        return self.typed is None or id_key(person_id) in self.typed

    def unknown(self, person_id: str) -> str:
        """The message for an ID not on the Staff sheet, with the closest IDs that are."""
        message = f'"{person_id}" is not an ID on the Staff sheet'
        assert self.typed is not None
        # Matched as typed, not by id_key: "T10" is nearer "T01" than the number-like "107".
        typed = {i.casefold(): i for i in self.typed.values()}
        if close := get_close_matches(person_id.casefold(), list(typed), n=3, cutoff=0.6):
            message += ": did you mean " + " or ".join(f'"{typed[c]}"' for c in close) + "?"
        return message


def read_staff(
    table: Table | None, report: Report, leavers: Iterable[str]
) -> tuple[list[Person], StaffIds]:
    """The people, and the parser of references to them (which checks nothing when there is
    no ID column to check references by)."""
    if table is None:
        return [], StaffIds(None)
    if not table.rows:
        report.problems.append(Problem(STAFF.name, None, None, "nobody is listed on the sheet"))
    # The IDs first, as references need them all; then each person, built one row at a time
    # so that a large Staff sheet never holds every row's fields at once.
    rows = [(cells, cells.get("ID")) for cells in each_row(table, report)]
    first: dict[str, tuple[str, int]] = {}  # id_key -> (ID as typed, row)
    for cells, person_id in rows:
        if person_id is None:
            continue
        if (key := id_key(person_id)) not in first:
            first[key] = (person_id, cells.row.number)
            continue
        typed, row = first[key]
        if typed == person_id:
            message = f"ID {person_id} is already used on row {row}"
        else:
            message = (
                f'"{person_id}" is the ID "{typed}" on row {row}: IDs match ignoring case, '
                "spaces and leading zeros, so give each person a different ID"
            )
        cells.problem("ID", message)
    if "ID" not in table.columns:
        return [], StaffIds(None)
    ids = StaffIds(
        {key: typed for key, (typed, _) in first.items()},
        frozenset(id_key(person_id) for person_id in leavers),
    )
    people = []
    for cells, person_id in rows:
        fields = _staff_fields(cells, person_id)
        _check_staff_references(cells, fields, ids)
        if (fields["id"], fields["name"]) in EXAMPLE_PEOPLE:
            # Left in from `peerpair template`, a made-up person would be paired with staff.
            message = f"{fields['name']} is one of the template's made-up examples: delete the row"
            cells.warning("Name", message)
        if person := cells.build(Person, **fields):
            people.append(person)
    return people, ids


_EVERY_WEEKDAY = frozenset(WEEKDAYS)  # one set shared by everyone working every day


def _staff_fields(cells: Cells, person_id: str | None) -> dict[str, Any]:
    trained, trained_on = cells.get("Supervision Trained", default=(False, None))
    return {
        "id": person_id,
        "name": cells.get("Name"),
        "school": cells.get("School"),
        "email": _email(cells),
        "hub": cells.get("Hub", default=""),
        "role": cells.get("Role", default=""),
        "supervision_trained": trained,
        "trained_on": trained_on,
        "gives": cells.get("Gives", default=True),
        "receives": cells.get("Receives"),  # blank: the model's trust-lead default
        "capacity": cells.get("Capacity"),  # likewise
        "working_days": cells.get("Working Days", default=_EVERY_WEEKDAY),
        "line_manager_id": cells.get("Line Manager ID"),
        "receive_from": cells.get("Receive From"),
        "dsl_training_date": cells.get("DSL Training Date"),
    }


# An address an invitation can go to: one "@", no spaces, a dot in the domain.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def is_email(text: str) -> bool:
    """An address an invitation can go to: one "@", no spaces, a dot in the domain."""
    return bool(_EMAIL.fullmatch(text))


def _email(cells: Cells) -> str:
    """The Email, or blank when it cannot be an address ("TBC", "none", one with a space):
    as an attendee it would be an invitation nobody receives, and blank is flagged."""
    email = cells.get("Email", default="")
    if email and not is_email(email):
        cells.warning("Email", f'"{email}" is not an email address; treated as blank')
        return ""
    return email


def _check_staff_references(cells: Cells, fields: dict[str, Any], ids: StaffIds) -> None:
    """Line Manager ID and Receive From, each ID resolved to the Staff sheet's spelling. One
    that matches nobody is a problem: left out, H8 or the person's choice would be lost."""
    own = fields["id"]
    if (manager := fields["line_manager_id"]) is not None:
        try:
            fields["line_manager_id"] = ids(manager)
        except Left as left:
            cells.warning("Line Manager ID", f"{left}; it is ignored")
            fields["line_manager_id"] = None
        except ValueError as error:
            ended = str(error).endswith("?")  # a question when it suggests IDs
            message = f"{error}{'' if ended else '.'} For a line manager outside the scheme, "
            message += "leave the cell blank"
            cells.problem("Line Manager ID", message)
        if own is not None and fields["line_manager_id"] == own:
            cells.problem("Line Manager ID", f'"{manager}" is this person\'s own ID')
    if (allowed := fields["receive_from"]) is None:
        return
    resolved, unknown = set(), []
    for name in sorted(allowed - {TRUST_LEAD_WORD}):
        try:
            resolved.add(ids(name))
        except Left as left:
            cells.warning("Receive From", f"{left}; it is ignored")
        except ValueError as error:
            unknown.append(str(error))
    if unknown:
        cells.problem("Receive From", "; ".join(unknown))
    if TRUST_LEAD_WORD in allowed:
        resolved.add(TRUST_LEAD_WORD)
    if not resolved and cells.ok:
        # Only people who have left: opening it to anyone would quietly drop the choice.
        message = "names only people who have left: name who may supervise this person now"
        cells.problem("Receive From", message)
    fields["receive_from"] = frozenset(resolved)
    if own is not None and own in resolved:
        cells.problem(
            "Receive From", f'"{own}" is this person\'s own ID: nobody supervises themselves'
        )


def staff_schools(staff: Table | None) -> dict[str, str] | None:
    """The Staff sheet's schools, by `school_key`; None without a School column to check
    against."""
    if staff is None or "School" not in staff.columns:
        return None
    named = (row.cells.get("School") for row in staff.rows)
    return {school_key(show(school)): show(school) for school in named if school is not None}
