"""Reading a roster workbook, or a Staff sheet saved as .csv, into a Roster (SPEC 2).

Every problem in the file is collected, with its sheet, Excel row and column,
before the roster is refused, so its keeper can fix them all in one go.
Warnings are things peerpair ignored on purpose (unknown sheets, columns and
settings; History rows about people who have left; an Email that is not an address)
and do not stop the read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from peerpair.domain.roster import (
    DEFAULT_HALF_TERMS,
    TRUST_LEAD_WORD,
    WEEKDAYS,
    Absence,
    ChangeRequest,
    Closure,
    HalfTerm,
    PastPair,
    Person,
    Roster,
    Settings,
    school_key,
)
from peerpair.domain.tiers import (
    Group,
    Request,
    Requirement,
    SchoolVisit,
    Selector,
    role_key,
    roles_in,
)
from peerpair.io.cells import (
    day_and_month_readings,
    id_key,
    is_month_first,
    normalise_header,
    parse_date,
    parse_id,
    parse_id_list,
    parse_members,
    parse_per,
    parse_receive_from,
    parse_seconds,
    parse_session_minutes,
    parse_session_times,
    parse_text,
    parse_trained,
    parse_weekdays,
    parse_whole_number,
    parse_yes_no,
    show,
)
from peerpair.io.roster.problems import Problem, Report, RosterError
from peerpair.io.roster.schema import (
    ABSENCES,
    CHANGE_REQUESTS,
    CLOSURES,
    DATE_COLUMNS,
    GROUPS,
    HALF_TERMS,
    HISTORY,
    REQUESTS,
    REQUIREMENTS,
    SCHOOLS,
    SETTINGS,
    SHEETS,
    STAFF,
)
from peerpair.io.roster.tables import Row, Table, read_tables
from peerpair.io.template import EXAMPLE_PEOPLE

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
    people, ids = _read_staff(staff, report, leavers)
    schools = _schools(staff)
    del staff  # a large Staff sheet's cells need not stay beside its people
    half_terms = _read_half_terms(tables.get(HALF_TERMS.name), report)
    known_id, known_half_term = ids, _known_half_term(half_terms)
    absences = _read_absences(
        tables.get(ABSENCES.name), report, known_id, known_half_term, _dated(half_terms)
    )
    change_requests = _read_change_requests(
        tables.get(CHANGE_REQUESTS.name), report, known_id, known_half_term
    )
    history = _read_history(tables.get(HISTORY.name), report, ids)
    closures = _read_closures(tables.get(CLOSURES.name), report, schools, half_terms)
    tiers = _read_tiers(tables, report, people, known_id, schools, half_terms)
    settings = _read_settings(tables.get(SETTINGS.name), report)
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
        raise RosterError([Problem(path.name, None, None, _plain(error))], warnings) from error
    return RosterReading(roster, warnings)


_DEFAULT_HALF_TERMS = tuple(HalfTerm(name=name) for name in DEFAULT_HALF_TERMS)


def _in_sheet_order(problems: list[Problem]) -> list[Problem]:
    """File and unknown-sheet notes first, then sheet by sheet, row by row."""
    order = {sheet.name: n for n, sheet in enumerate(SHEETS)}
    return sorted(problems, key=lambda p: (order.get(p.sheet, -1), p.row or 0))


def _plain(error: ValidationError) -> str:
    details = "; ".join(e["msg"].removeprefix("Value error, ") for e in error.errors())
    return f"peerpair could not accept this: {details}"


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


# --- reading one row ------------------------------------------------------------


class _Cells:
    """One row's cells: each bad one is recorded as a problem and reading carries on."""

    __slots__ = ("dropped", "ok", "report", "row", "table")

    def __init__(self, table: Table, row: Row, report: Report) -> None:
        self.table, self.row, self.report = table, row, report
        self.ok = True
        self.dropped = False  # the row names someone who has left, so it is ignored

    def has(self, column: str) -> bool:
        return column in self.row.cells

    def get(
        self,
        column: str,
        parse: Callable[[object], Any] = parse_text,
        *,
        required: bool = False,
        default: Any = None,
    ) -> Any:
        if column in self.row.unreadable:
            self.ok = False  # told already, where the file was read
            return default
        if column not in self.row.cells:
            # A missing required column is reported once for the sheet, not on every row,
            # but the row still cannot be built.
            if required and column in self.table.columns:
                self.problem(column, "required, but blank")
            elif required:
                self.ok = False
            return default
        try:
            return parse(self.row.cells[column])
        except _Left as left:
            self.dropped = self.dropped or required
            self.warning(column, f"{left}; {'this row is' if required else 'it is'} ignored")
            return default
        except ValueError as error:
            self.problem(column, str(error))
            return default

    def problem(self, column: str | None, message: str) -> None:
        self.ok = False
        self.report.problems.append(self._at(column, message))

    def warning(self, column: str | None, message: str) -> None:
        self.report.warnings.append(self._at(column, message))

    def build(self, model: type[BaseModel], **fields: Any) -> Any:
        """The row's model, or None when the row has problems (the roster will be refused) or
        is about someone who has left."""
        if not self.ok or self.dropped:
            return None
        try:
            return model(**fields)
        except ValidationError as error:  # the parsers should make this unreachable
            self.problem(None, _plain(error))
            return None

    def _at(self, column: str | None, message: str) -> Problem:
        return Problem(self.table.sheet.name, self.row.number, column, message)


def _rows(table: Table | None, report: Report) -> Iterator[_Cells]:
    for row in table.rows if table else ():
        yield _Cells(table, row, report)


def _date_range(cells: _Cells, first: str, last: str) -> tuple[Any, Any]:
    """Two date columns that go together, the second not before the first."""
    start, end = cells.get(first, parse_date), cells.get(last, parse_date)
    for given, blank in ((first, last), (last, first)):
        if cells.has(given) and not cells.has(blank):
            cells.problem(blank, f"blank, but {given} is given: {first} and {last} go together")
    if start and end and end < start:
        cells.problem(last, f"{show(end)} is before {first} ({show(start)})")
    return start, end


class _Left(ValueError):
    """A reference to someone who has left (SPEC 8): warned of, and the reference dropped."""


@dataclass(frozen=True)
class _StaffIds:
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
            raise _Left(f'"{person_id}" has left (the previous plan names them, Staff does not)')
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
            message += ": did you mean " + " or ".join(f'"{typed[c]}"' for c in close)
        return message


def _half_term_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _dated(half_terms: tuple[HalfTerm, ...] | None) -> bool:
    """Whether the half terms have dates (taken as so when the Half Terms sheet could not be
    read, so that its own problems are not repeated as ones about dates)."""
    return half_terms is None or any(h.start is not None for h in half_terms)


def _known_half_term(half_terms: tuple[HalfTerm, ...] | None) -> Callable[[object], str]:
    """A parser for half-term names, in any case, giving the name as the Half Terms sheet has it."""
    names = {_half_term_key(h.name): h.name for h in half_terms or ()}

    def parse(value: object) -> str:
        text = parse_text(value)
        if half_terms is None:
            return text
        if name := names.get(_half_term_key(text)):
            return name
        raise ValueError(f'"{text}" is not a half term (they are {", ".join(names.values())})')

    return parse


# --- the sheets -----------------------------------------------------------------


def _read_staff(
    table: Table | None, report: Report, leavers: Iterable[str]
) -> tuple[list[Person], _StaffIds]:
    """The people, and the parser of references to them (which checks nothing when there is
    no ID column to check references by)."""
    if table is None:
        return [], _StaffIds(None)
    if not table.rows:
        report.problems.append(Problem(STAFF.name, None, None, "nobody is listed on the sheet"))
    # The IDs first, as references need them all; then each person, built one row at a time
    # so that a large Staff sheet never holds every row's fields at once.
    rows = [(cells, cells.get("ID", parse_id, required=True)) for cells in _rows(table, report)]
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
        return [], _StaffIds(None)
    ids = _StaffIds(
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


def _staff_fields(cells: _Cells, person_id: str | None) -> dict[str, Any]:
    trained, trained_on = cells.get("Supervision Trained", parse_trained, default=(False, None))
    return {
        "id": person_id,
        "name": cells.get("Name", required=True),
        "school": cells.get("School", required=True),
        "email": _email(cells),
        "hub": cells.get("Hub", default=""),
        "role": cells.get("Role", default=""),
        "supervision_trained": trained,
        "trained_on": trained_on,
        "gives": cells.get("Gives", parse_yes_no, default=True),
        "receives": cells.get("Receives", parse_yes_no),  # blank: the model's trust-lead default
        "capacity": cells.get("Capacity", parse_whole_number),  # likewise
        "working_days": cells.get("Working Days", parse_weekdays, default=_EVERY_WEEKDAY),
        "line_manager_id": cells.get("Line Manager ID", parse_id),
        "receive_from": cells.get("Receive From", parse_receive_from),
        "dsl_training_date": cells.get("DSL Training Date", parse_date),
    }


# An address an invitation can go to: one "@", no spaces, a dot in the domain.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _email(cells: _Cells) -> str:
    """The Email, or blank when it cannot be an address ("TBC", "none", one with a space):
    as an attendee it would be an invitation nobody receives, and blank is flagged."""
    email = cells.get("Email", default="")
    if email and not _EMAIL.fullmatch(email):
        cells.warning("Email", f'"{email}" is not an email address; treated as blank')
        return ""
    return email


def _check_staff_references(cells: _Cells, fields: dict[str, Any], ids: _StaffIds) -> None:
    """Line Manager ID and Receive From, each ID resolved to the Staff sheet's spelling. One
    that matches nobody is a problem: left out, H8 or the person's choice would be lost."""
    own = fields["id"]
    if (manager := fields["line_manager_id"]) is not None:
        try:
            fields["line_manager_id"] = ids(manager)
        except _Left as left:
            cells.warning("Line Manager ID", f"{left}; it is ignored")
            fields["line_manager_id"] = None
        except ValueError as error:
            message = f"{error}; a line manager outside the scheme is left blank"
            cells.problem("Line Manager ID", message)
        if own is not None and fields["line_manager_id"] == own:
            cells.problem("Line Manager ID", f'"{manager}" is this person\'s own ID')
    if (allowed := fields["receive_from"]) is None:
        return
    resolved, unknown = set(), []
    for name in sorted(allowed - {TRUST_LEAD_WORD}):
        try:
            resolved.add(ids(name))
        except _Left as left:
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


# England's longest half terms run eight or nine weeks; a year-long one is a typing slip
# ("2205" for "2025") that would otherwise plan sessions centuries away.
_LONGEST_HALF_TERM_DAYS = 7 * 12


def _read_half_terms(table: Table | None, report: Report) -> tuple[HalfTerm, ...] | None:
    """The half terms in year order; None when the sheet has rows but no Half Term column."""
    if table is None or not table.rows:
        return _DEFAULT_HALF_TERMS
    if HALF_TERMS.required[0] not in table.columns:
        return None
    half_terms: list[HalfTerm] = []
    first_row: dict[str, int] = {}
    previous: tuple[str, date] | None = None  # the last dated half term's name and end
    for cells in _rows(table, report):
        name = cells.get("Half Term", required=True)
        start, end = _date_range(cells, "Start", "End")
        if start and end and start <= end:
            if (end - start).days > _LONGEST_HALF_TERM_DAYS:
                weeks = (end - start).days // 7
                message = f"runs {weeks} weeks, to {show(end)}: is a date mistyped?"
                cells.warning("End", message)
            if previous and start <= previous[1]:
                message = (
                    f"{show(start)} is not after {previous[0]} ends ({show(previous[1])}): "
                    "list half terms in year order, without overlaps"
                )
                cells.problem("Start", message)
            previous = (name or f"the half term on row {cells.row.number}", end)
        if name is None:
            continue
        key = _half_term_key(name)
        if key in first_row:
            cells.problem("Half Term", f'"{name}" is already used on row {first_row[key]}')
            continue
        first_row[key] = cells.row.number
        half_terms.append(HalfTerm(name=name, start=start, end=end))
    return tuple(half_terms)


def _read_absences(
    table: Table | None,
    report: Report,
    known_id: Callable[[object], str],
    known_half_term: Callable[[object], str],
    dated: bool,
) -> list[Absence]:
    """`dated`: the half terms have dates, which a From-To range needs to cover any of them."""
    absences = []
    for cells in _rows(table, report):
        person_id = cells.get("ID", known_id, required=True)
        half_term = cells.get("Half Term", known_half_term)
        start, end = _date_range(cells, "From", "To")
        by_name, by_dates = cells.has("Half Term"), cells.has("From") or cells.has("To")
        if by_name and by_dates:
            cells.problem(None, "give either a Half Term or From and To dates, not both")
        elif not (by_name or by_dates):
            cells.problem(None, "give a Half Term, or From and To dates")
        elif by_dates and not dated and cells.ok:
            # Ignored, the range would leave the person paired all year, as if present.
            message = (
                "From and To need the half terms' dates, and the Half Terms sheet gives none: "
                "give each half term a Start and an End, or name the Half Term"
            )
            cells.problem("From", message)
        absence = cells.build(
            Absence, person_id=person_id, half_term=half_term, start=start, end=end
        )
        if absence:
            absences.append(absence)
    return absences


def _read_change_requests(
    table: Table | None,
    report: Report,
    known_id: Callable[[object], str],
    known_half_term: Callable[[object], str],
) -> list[ChangeRequest]:
    requests = []
    for cells in _rows(table, report):
        person_id = cells.get("ID", known_id, required=True)
        partner_id = cells.get("Partner ID", known_id, required=True)
        from_half_term = cells.get("From Half Term", known_half_term)
        if person_id is not None and person_id == partner_id:
            message = f'"{partner_id}" is the ID as well: a change request needs two people'
            cells.problem("Partner ID", message)
        request = cells.build(
            ChangeRequest,
            person_id=person_id,
            partner_id=partner_id,
            from_half_term=from_half_term,
        )
        if request:
            requests.append(request)
    return requests


def _read_history(table: Table | None, report: Report, ids: _StaffIds) -> list[PastPair]:
    """Past pairs, by the Staff sheet's IDs; rows about people who have left are warned of."""
    pairs = []
    for cells in _rows(table, report):
        supervisor_id = cells.get("Supervisor ID", parse_id, required=True)
        supervisee_id = cells.get("Supervisee ID", parse_id, required=True)
        half_term = cells.get("Half Term", default="")
        gone = [
            f'{column} "{person_id}"'
            for column, person_id in (
                ("Supervisor ID", supervisor_id),
                ("Supervisee ID", supervisee_id),
            )
            if person_id is not None and not ids.has(person_id)
        ]
        if not gone and supervisor_id is not None and supervisee_id is not None:
            supervisor_id, supervisee_id = ids(supervisor_id), ids(supervisee_id)
        if gone:
            verb = "is" if len(gone) == 1 else "are"
            message = f"{' and '.join(gone)} {verb} not on the Staff sheet (perhaps left); ignored"
            cells.warning(None, message)
            continue
        pair = cells.build(
            PastPair, supervisor_id=supervisor_id, supervisee_id=supervisee_id, half_term=half_term
        )
        if pair:
            pairs.append(pair)
    return pairs


def _schools(staff: Table | None) -> dict[str, str] | None:
    """The Staff sheet's schools, by `school_key`; None without a School column to check
    against."""
    if staff is None or "School" not in staff.columns:
        return None
    named = (row.cells.get("School") for row in staff.rows)
    return {school_key(show(school)): show(school) for school in named if school is not None}


def _read_closures(
    table: Table | None,
    report: Report,
    schools: dict[str, str] | None,
    half_terms: tuple[HalfTerm, ...] | None,
) -> list[Closure]:
    """INSET days, trips and closures: a Date, or From and To; for the School named (as the
    Staff sheet spells it), or the whole trust when School is blank. One outside every
    dated half term changes nothing: most likely a year typed wrong, so it is warned of."""
    dated = [h for h in half_terms or () if h.start and h.end]
    closures = []
    for cells in _rows(table, report):
        day = cells.get("Date", parse_date)
        start, end = _date_range(cells, "From", "To")
        by_day, by_range = cells.has("Date"), cells.has("From") or cells.has("To")
        if by_day and by_range:
            cells.problem(None, "give either a Date or From and To dates, not both")
        elif not (by_day or by_range):
            cells.problem(None, "give a Date, or From and To dates")
        school = cells.get("School", default="")
        if school and schools is not None:
            if school_key(school) in schools:
                school = schools[school_key(school)]
            else:
                cells.problem("School", f'"{school}" is not a school on the Staff sheet')
        closure = cells.build(Closure, start=day or start, end=day or end, school=school)
        if closure:
            closures.append(closure)
            if dated and not any(closure.start <= h.end and h.start <= closure.end for h in dated):
                days = show(closure.start) if day else f"{show(start)} to {show(end)}"
                message = f"{days} is in no half term on the Half Terms sheet; it changes nothing"
                cells.warning("Date" if day else "From", message)
    return closures


def _choice(*allowed: str) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = parse_text(value).casefold()
        if text in allowed:
            return text
        raise ValueError(f'"{show(value)}" is not allowed: choose {", ".join(allowed)}')

    return parse


# Setting name (as normalise_header gives it) -> Settings field and parser.
_SETTINGS: dict[str, tuple[str, Callable[[object], Any]]] = {
    "repeatpairs": ("repeat_pairs", _choice("avoid", "forbid", "allow")),
    "samehub": ("same_hub", _choice("any", "prefer", "avoid")),
    "timelimit": ("time_limit", parse_seconds),
    "sessionminutes": ("session_minutes", parse_session_minutes),
    "sessiontimes": ("session_times", parse_session_times),
    "visitminutes": ("visit_minutes", parse_session_minutes),
}


def _read_settings(table: Table | None, report: Report) -> Settings:
    values: dict[str, Any] = {}
    rows: dict[str, _Cells] = {}
    first_row: dict[str, int] = {}
    for cells in _rows(table, report):
        name = cells.get("Setting", required=True)
        if name is None:
            continue
        key = normalise_header(name)
        if key not in _SETTINGS:
            message = (
                f'"{name}" is not a setting peerpair uses '
                "(it uses Repeat Pairs, Same Hub, Time Limit, Session Minutes, Session Times "
                "and Visit Minutes); ignored"
            )
            cells.warning("Setting", message)
            continue
        if key in first_row:
            cells.problem("Setting", f'"{name}" is already set on row {first_row[key]}')
            continue
        first_row[key] = cells.row.number
        field_name, parse = _SETTINGS[key]
        value = cells.get("Value", parse, required=True)
        if value is not None:
            values[field_name] = value
            rows[field_name] = cells
    return _session_settings_agree(values, rows)


def _session_settings_agree(values: dict[str, Any], rows: dict[str, _Cells]) -> Settings:
    """Settings, after checking that every session (and school session) ends on the day it
    starts."""
    lengths = (("session_minutes", "Session Minutes"), ("visit_minutes", "Visit Minutes"))
    for length, name in lengths:
        minutes = values.get(length, getattr(Settings(), length))
        times = values.get("session_times", Settings().session_times)
        late = [t for t in times if t.hour * 60 + t.minute + minutes > 24 * 60]
        if late:
            cells = rows.get("session_times") or rows[length]
            message = (
                f"a session of {minutes} minutes starting at {late[0]:%H:%M} would end after "
                f"midnight: choose earlier Session Times or a shorter {name}"
            )
            cells.problem("Value", message)
            values.pop("session_times", None)
            values.pop(length, None)
    return Settings(**values)


# --- the other tiers (SPEC 7) ---------------------------------------------------------


def _read_tiers(
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
    dated = _dated(half_terms)
    for sheet in (GROUPS, SCHOOLS, REQUIREMENTS, REQUESTS):
        table = tables.get(sheet.name)
        if not dated and table is not None and table.rows:
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


def _unique(cells: _Cells, column: str, value: str | None, first_row: dict[str, int]) -> bool:
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
    for cells in _rows(table, report):
        name = cells.get("Group", required=True)
        facilitators = cells.get("Facilitator IDs", parse_id_list, required=True)
        if facilitators is not None:
            facilitators = _facilitators(cells, facilitators, known_id)
        named = cells.get("Members", parse_members, required=True) or ()
        members = [
            member
            for kind, value in named
            if (member := _member(cells, kind, value, people, known_id, school))
        ]
        if named and not members and cells.ok:
            cells.problem("Members", "names only people who have left: name who is in it now")
        per = cells.get("Per", parse_per, default="half term")
        size = cells.get("Max Size", parse_whole_number, default=6)
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
    cells: _Cells, named: tuple[str, ...], known_id: Callable[[object], str]
) -> tuple[str, ...] | None:
    """The group's facilitators as the Staff sheet types their IDs, each once; those who have
    left are dropped with a warning."""
    facilitators: list[str] = []
    for person_id in named:
        try:
            facilitator = known_id(person_id)
        except _Left as left:
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
    cells: _Cells,
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
    except _Left as left:
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
    for cells in _rows(table, report):
        name = cells.get("School", school, required=True)
        high = cells.get("High Caseload", parse_yes_no, default=False)
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
    for cells in _rows(table, report):
        role = cells.get("Role", required=True)
        supervisor_role = cells.get("Supervisor Role", required=True)
        per = cells.get("Per", parse_per, default="half term")
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
    for cells in _rows(table, report):
        person_id = cells.get("ID", known_id, required=True)
        preferred = cells.get("Preferred Supervisor ID", known_id)
        by = cells.get("By", parse_date)
        if preferred is not None and preferred == person_id:
            message = f'"{preferred}" is the ID as well: nobody supervises themselves'
            cells.problem("Preferred Supervisor ID", message)
        request = cells.build(
            Request, person_id=person_id, preferred_supervisor_id=preferred, by=by
        )
        if request:
            requests.append(request)
    return requests
