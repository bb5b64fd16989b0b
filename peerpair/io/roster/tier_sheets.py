"""The other tiers' sheets (SPEC 7): Groups, Schools, Requirements and Requests."""

from __future__ import annotations

from collections.abc import Callable

from peerpair.domain.roster import HalfTerm, Person, school_key
from peerpair.domain.tiers import (
    Group,
    Request,
    Requirement,
    SchoolVisit,
    Selector,
    role_key,
    roles_in,
)
from peerpair.io.cells import parse_text
from peerpair.io.roster.calendar_sheets import dated
from peerpair.io.roster.problems import Problem, Report
from peerpair.io.roster.rows import Cells, Left, each_row
from peerpair.io.roster.schema import GROUPS, REQUESTS, REQUIREMENTS, SCHOOLS
from peerpair.io.roster.tables import Table


def read_tiers(
    tables: dict[str, Table],
    report: Report,
    people: list[Person],
    known_id: Callable[[object], str],
    schools: dict[str, str] | None,
    half_terms: tuple[HalfTerm, ...] | None,
) -> dict[str, tuple]:
    """The Groups, Schools, Requirements and Requests sheets, as the Roster's fields."""
    school = _known_school(schools)
    tiers = {
        "groups": _read_groups(tables.get(GROUPS.name), report, people, known_id, school),
        "school_visits": _read_schools(tables.get(SCHOOLS.name), report, school),
        "requirements": _read_requirements(tables.get(REQUIREMENTS.name), report, people),
        "requests": _read_requests(tables.get(REQUESTS.name), report, known_id),
    }
    has_dates = dated(half_terms)
    for sheet in (GROUPS, SCHOOLS, REQUIREMENTS, REQUESTS):
        table = tables.get(sheet.name)
        if not has_dates and table is not None and table.rows:
            message = (
                "its sessions are planned on the calendar, but the Half Terms sheet gives no "
                "dates: give each half term a Start and an End"
            )
            report.problems.append(Problem(sheet.name, None, None, message))
    return {field: tuple(rows) for field, rows in tiers.items()}


def _known_school(schools: dict[str, str] | None) -> Callable[[object], str]:
    """A parser for school names, in any case and spacing, giving the Staff sheet's spelling."""

    def parse(value: object) -> str:
        text = parse_text(value)
        if schools is None:
            return text
        if name := schools.get(school_key(text)):
            return name
        raise ValueError(f'"{text}" is not a school on the Staff sheet')

    return parse


def _unique(cells: Cells, column: str, value: str | None, first_row: dict[str, int]) -> bool:
    """False (after noting the problem) when an earlier row has the same value."""
    if value is None:
        return True
    key = " ".join(value.casefold().split())
    if key in first_row:
        cells.problem(column, f'"{value}" is already used on row {first_row[key]}')
        return False
    first_row[key] = cells.row.number
    return True


def _read_groups(
    table: Table | None,
    report: Report,
    people: list[Person],
    known_id: Callable[[object], str],
    school: Callable[[object], str],
) -> list[Group]:
    groups = []
    first_row: dict[str, int] = {}
    for cells in each_row(table, report):
        name = cells.get("Group")
        facilitators = cells.get("Facilitator IDs")
        if facilitators is not None:
            facilitators = _facilitators(cells, facilitators, known_id)
        named = cells.get("Members") or ()
        members = [
            member
            for kind, value in named
            if (member := _member(cells, kind, value, people, known_id, school))
        ]
        if named and not members and cells.ok:
            cells.problem("Members", "names only people who have left: name who is in it now")
        per = cells.get("Per", default="half term")
        size = cells.get("Max Size", default=6)
        if size is not None and size < 1:
            cells.problem("Max Size", f'"{size}" is less than 1')
        if not _unique(cells, "Group", name, first_row):
            continue
        group = cells.build(
            Group,
            name=name,
            facilitator_ids=facilitators,
            members=tuple(members),
            per=per,
            max_size=size,
        )
        if group:
            groups.append(group)
    return groups


def _facilitators(
    cells: Cells, named: tuple[str, ...], known_id: Callable[[object], str]
) -> tuple[str, ...] | None:
    """The group's facilitators as the Staff sheet types their IDs, each once; those who have
    left are dropped with a warning."""
    facilitators: list[str] = []
    for person_id in named:
        try:
            facilitator = known_id(person_id)
        except Left as left:
            cells.warning("Facilitator IDs", f"{left}; it is ignored")
            continue
        except ValueError as error:
            cells.problem("Facilitator IDs", str(error))
            continue
        if facilitator not in facilitators:
            facilitators.append(facilitator)
    if not facilitators and cells.ok:
        cells.problem("Facilitator IDs", "names only people who have left: name who leads it now")
    return tuple(facilitators) or None


def _member(
    cells: Cells,
    kind: str,
    value: str,
    people: list[Person],
    known_id: Callable[[object], str],
    school: Callable[[object], str],
) -> Selector | None:
    """One item of Members, checked against the Staff sheet: it must name someone."""
    try:
        if kind == "id":
            value = known_id(value)
        elif kind == "school":
            value = school(value)
        elif kind == "role" and not any(role_key(value) in roles_in(p.role) for p in people):
            raise ValueError(f'nobody on the Staff sheet has the role "{value}"')
        elif kind == "hub" and not any(school_key(p.hub) == school_key(value) for p in people):
            raise ValueError(f'nobody on the Staff sheet is in the hub "{value}"')
    except Left as left:
        cells.warning("Members", f"{left}; it is ignored")
        return None
    except ValueError as error:
        cells.problem("Members", str(error))
        return None
    return Selector(kind=kind, value=value)


def _read_schools(
    table: Table | None, report: Report, school: Callable[[object], str]
) -> list[SchoolVisit]:
    visits = []
    first_row: dict[str, int] = {}
    for cells in each_row(table, report):
        name = cells.get("School", school)
        high = cells.get("High Caseload", default=False)
        if not _unique(cells, "School", name, first_row):
            continue
        visit = cells.build(SchoolVisit, school=name, high_caseload=high)
        if visit:
            visits.append(visit)
    return visits


def _read_requirements(
    table: Table | None, report: Report, people: list[Person]
) -> list[Requirement]:
    requirements = []
    for cells in each_row(table, report):
        role = cells.get("Role")
        supervisor_role = cells.get("Supervisor Role")
        per = cells.get("Per", default="half term")
        held = {key for p in people for key in roles_in(p.role)}
        if supervisor_role is not None and role_key(supervisor_role) not in held:
            message = f'nobody on the Staff sheet has the role "{supervisor_role}"'
            cells.problem("Supervisor Role", message)
        if role is not None and role_key(role) not in held:
            message = f'nobody on the Staff sheet has the role "{role}": this row asks for nothing'
            cells.warning("Role", message)
        requirement = cells.build(Requirement, role=role, supervisor_role=supervisor_role, per=per)
        if requirement:
            requirements.append(requirement)
    return requirements


def _read_requests(
    table: Table | None, report: Report, known_id: Callable[[object], str]
) -> list[Request]:
    requests = []
    for cells in each_row(table, report):
        person_id = cells.get("ID", known_id)
        preferred = cells.get("Preferred Supervisor ID", known_id)
        by = cells.get("By")
        if preferred is not None and preferred == person_id:
            message = f'"{preferred}" is the ID as well: nobody supervises themselves'
            cells.problem("Preferred Supervisor ID", message)
        request = cells.build(
            Request, person_id=person_id, preferred_supervisor_id=preferred, by=by
        )
        if request:
            requests.append(request)
    return requests
