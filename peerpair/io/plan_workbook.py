"""The plan workbook (SPEC 4): writing a plan to share, and reading one back, as written or
as edited by hand in Excel.

The plan is meant to be shared with the people in it, so it holds only who supervises whom,
who still needs cover, and the checks and summary: never change requests, absences, Receive
From lists or anything else from the roster beyond IDs, names, schools and emails.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from warnings import catch_warnings, simplefilter

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from peerpair.constraints.base import CheckResult
from peerpair.io.cells import is_blank, normalise_header, parse_id, parse_text, show
from peerpair.io.files import write_atomically
from peerpair.io.sheets import write_table
from peerpair.pairing.plan import CoverNeeded, Plan, Session
from peerpair.pairing.roster import Roster

PAIRINGS = "Pairings"
COVER_NEEDED = "Cover Needed"
PEOPLE = "People"
CHANGES = "Changes"
CHECKS = "Checks"
SUMMARY = "Summary"

PAIRINGS_COLUMNS = (
    "Half Term",
    "Supervisor ID",
    "Supervisor",
    "Supervisor School",
    "Supervisee ID",
    "Supervisee",
    "Supervisee School",
)
COVER_NEEDED_COLUMNS = ("Half Term", "Supervisee ID", "Supervisee", "Reason")
CHANGES_COLUMNS = ("Half Term", "Supervisee ID", "Old Supervisor ID", "New Supervisor ID")
CHECKS_COLUMNS = ("Rule", "Result", "Details")
SUMMARY_COLUMNS = ("Item", "Value")
COVER_NEEDED_MARK = "Cover needed"  # People sheet, in place of a supervisor's name

# A cell holding every message of a badly broken rule would be too tall to read, and Excel
# refuses text over 32,767 characters; `peerpair check` prints the full list.
_MAX_DETAILS = 20


class PlanError(Exception):
    """A plan workbook that cannot be read. Each problem names its sheet, Excel row and column."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# --- writing -----------------------------------------------------------------------


def write_plan(
    path: str | Path,
    roster: Roster,
    plan: Plan,
    checks: list[CheckResult],
    summary: list[tuple[str, str]],
    changes: list[tuple[str, str, str, str]] | None = None,
) -> None:
    """Write the plan workbook atomically. `changes` (Half Term, Supervisee ID, Old and New
    Supervisor ID) are given on a re-solve only, and add the Changes sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    order = _PlanOrder(roster)
    write_table(
        workbook.create_sheet(PAIRINGS), PAIRINGS_COLUMNS, _pairings_rows(roster, plan, order)
    )
    write_table(
        workbook.create_sheet(COVER_NEEDED), COVER_NEEDED_COLUMNS, _cover_rows(roster, plan, order)
    )
    write_table(workbook.create_sheet(PEOPLE), *_people_table(roster, plan), frozen_columns=3)
    if changes is not None:
        write_table(workbook.create_sheet(CHANGES), CHANGES_COLUMNS, changes)
    write_table(workbook.create_sheet(CHECKS), CHECKS_COLUMNS, map(_check_row, checks))
    write_table(workbook.create_sheet(SUMMARY), SUMMARY_COLUMNS, summary)
    write_atomically(path, workbook.save)


class _PlanOrder:
    """Sort keys: half terms in year order, then people by name (ID breaks ties)."""

    def __init__(self, roster: Roster):
        self.roster = roster
        self.half_terms = {h.name: i for i, h in enumerate(roster.half_terms)}

    def person(self, person_id: str) -> tuple[str, str]:
        return (self.roster.person(person_id).name, person_id)

    def session(self, s: Session) -> tuple:
        return (
            self.half_terms[s.half_term],
            self.person(s.supervisor_id),
            self.person(s.supervisee_id),
        )

    def cover(self, c: CoverNeeded) -> tuple:
        return (self.half_terms[c.half_term], self.person(c.supervisee_id))


def _pairings_rows(roster: Roster, plan: Plan, order: _PlanOrder) -> Iterator[list[str]]:
    for s in sorted(plan.sessions, key=order.session):
        supervisor, supervisee = roster.person(s.supervisor_id), roster.person(s.supervisee_id)
        yield [
            s.half_term,
            supervisor.id,
            supervisor.name,
            supervisor.school,
            supervisee.id,
            supervisee.name,
            supervisee.school,
        ]


def _cover_rows(roster: Roster, plan: Plan, order: _PlanOrder) -> Iterator[list[str]]:
    for c in sorted(plan.cover_needed, key=order.cover):
        yield [c.half_term, c.supervisee_id, roster.person(c.supervisee_id).name, c.reason]


def _people_table(roster: Roster, plan: Plan) -> tuple[list[str], list[list[str]]]:
    """One row per person: who they supervise and who supervises them in each half term,
    with Email last so the sheet works as a mail-merge source."""
    header = ["ID", "Name", "School"]
    for h in roster.half_terms:
        header += [f"{h.name} supervises", f"{h.name} supervised by"]
    header.append("Email")
    supervises: dict[tuple[str, str], list[str]] = defaultdict(list)
    supervised_by: dict[tuple[str, str], list[str]] = defaultdict(list)
    for s in plan.sessions:
        supervises[s.half_term, s.supervisor_id].append(roster.person(s.supervisee_id).name)
        supervised_by[s.half_term, s.supervisee_id].append(roster.person(s.supervisor_id).name)
    for c in plan.cover_needed:
        supervised_by[c.half_term, c.supervisee_id].append(COVER_NEEDED_MARK)
    rows = []
    for person in roster.people:
        row = [person.id, person.name, person.school]
        for h in roster.half_terms:
            for names in (supervises, supervised_by):
                row.append("; ".join(sorted(names[h.name, person.id])))
        row.append(person.email)
        rows.append(row)
    return header, rows


def _check_row(check: CheckResult) -> list[str]:
    if not check.in_force:
        return [check.rule, "Not in force", "Switched off by the roster's Settings"]
    if check.passed:
        return [check.rule, "Passed", "—"]
    messages = [
        f"{v.half_term}: {v.message}" if v.half_term else v.message for v in check.violations
    ]
    if len(messages) > _MAX_DETAILS:
        hidden = len(messages) - _MAX_DETAILS
        messages = messages[:_MAX_DETAILS] + [f"… and {hidden} more"]
    return [check.rule, f"Broken: {len(check.violations)}", "\n".join(messages)]


# --- reading -----------------------------------------------------------------------


def read_plan(path: str | Path, roster: Roster) -> Plan:
    """Read the Pairings and Cover Needed sheets of a plan workbook against `roster`.

    IDs are the truth: names, schools and every other sheet are ignored, so a plan edited by
    hand only needs its Half Term and ID cells right. Every problem is collected before
    PlanError is raised. The file is only read."""
    workbook = _open(Path(path))
    pairings = _find_sheet(workbook, PAIRINGS)
    if pairings is None:
        raise PlanError([f'"{Path(path).name}" has no {PAIRINGS} sheet, so it is not a plan'])
    cover_sheet = _find_sheet(workbook, COVER_NEEDED)
    reader = _PlanReader(roster)
    sessions = reader.rows(pairings, ("Half Term", "Supervisor ID", "Supervisee ID"))
    cover = (
        []
        if cover_sheet is None
        else reader.rows(cover_sheet, ("Half Term", "Supervisee ID"), optional="Reason")
    )
    if reader.problems:
        raise PlanError(reader.problems)
    return Plan(
        sessions=tuple(
            Session(half_term=h, supervisor_id=a, supervisee_id=b) for h, a, b in sessions
        ),
        cover_needed=tuple(
            CoverNeeded(half_term=h, supervisee_id=b, reason=reason) for h, b, reason in cover
        ),
    )


def _open(path: Path) -> Workbook:
    if not path.is_file():
        where = path.resolve()
        raise PlanError(
            [f"{where} is a folder" if path.exists() else f"there is no plan file at {where}"]
        )
    try:
        with catch_warnings():
            # openpyxl warns about Excel features it would drop on saving; a plan is never saved.
            simplefilter("ignore")
            return load_workbook(path, data_only=True)
    except OSError as error:
        raise PlanError(
            [f'"{path.name}" could not be opened ({error.strerror or error})']
        ) from error
    except Exception as error:  # a damaged file fails in many ways, all meaning the same here
        raise PlanError(
            [
                f'"{path.name}" cannot be read as an Excel workbook: it may be damaged, '
                "password-protected or not an .xlsx file (in Excel, use Save As and choose "
                "Excel Workbook (.xlsx))"
            ]
        ) from error


def _find_sheet(workbook: Workbook, name: str) -> Worksheet | None:
    key = normalise_header(name)
    return next((s for s in workbook.worksheets if normalise_header(s.title) == key), None)


class _PlanReader:
    """Reads tables of a plan against the roster, collecting every problem it meets."""

    def __init__(self, roster: Roster):
        self.roster = roster
        self.half_terms = {normalise_header(h.name): h.name for h in roster.half_terms}
        self.problems: list[str] = []

    def rows(
        self, sheet: Worksheet, required: tuple[str, ...], optional: str | None = None
    ) -> list[tuple[str, ...]]:
        """Each non-blank row's values of the `required` columns then the `optional` one
        (blank text if the sheet lacks it). Rows with a problem are left out, and so are
        repeats of an earlier row. A sheet with nothing on it has no rows."""
        header, *lines = list(sheet.iter_rows(values_only=True)) or [()]
        if all(is_blank(v) for line in (header, *lines) for v in line):
            return []
        columns: dict[str, int] = {}
        for position, title in enumerate(header):
            columns.setdefault(normalise_header(title), position)
        missing = [c for c in required if normalise_header(c) not in columns]
        self.problems += [f'{sheet.title} row 1: no "{c}" column' for c in missing]
        if missing:
            return []
        wanted = [*required, optional] if optional else list(required)
        first_seen: dict[tuple[str, ...], int] = {}
        found = []
        for excel_row, line in enumerate(lines, start=2):
            if all(is_blank(v) for v in line):
                continue
            where = f"{sheet.title} row {excel_row}"
            cells = {c: _at(line, columns.get(normalise_header(c))) for c in wanted}
            row = self._values(where, cells, required)
            if row is None:
                continue
            same = row[: len(required)]
            if same in first_seen:
                self.problems.append(
                    f"{where}: the same as row {first_seen[same]}; delete one of the two"
                )
                continue
            first_seen[same] = excel_row
            found.append(row)
        return found

    def _values(
        self, where: str, cells: dict[str, object], required: tuple[str, ...]
    ) -> tuple[str, ...] | None:
        """The row's clean values, or None after noting each of its problems."""
        values, problems = [], []
        for column, cell in cells.items():
            if is_blank(cell):
                if column in required:
                    problems.append(f"{where}, {column}: blank, but needed")
                values.append("")
                continue
            try:
                values.append(self._value(column, cell))
            except ValueError as error:
                problems.append(f"{where}, {column}: {error}")
        self.problems += problems
        return None if problems else tuple(values)

    def _value(self, column: str, cell: object) -> str:
        if column == "Half Term":
            name = self.half_terms.get(normalise_header(cell))
            if name is None:
                known = ", ".join(self.half_terms.values())
                raise ValueError(f'"{show(cell)}" is not a half term (they are: {known})')
            return name
        if column.endswith(" ID"):
            person_id = parse_id(cell)
            if person_id not in self.roster.index:
                raise ValueError(f'"{person_id}" is not in the roster')
            return person_id
        return parse_text(cell)


def _at(line: tuple, position: int | None) -> object:
    return None if position is None or position >= len(line) else line[position]
