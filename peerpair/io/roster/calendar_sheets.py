"""The sheets that shape the calendar: Half Terms, Absences, Closures and Settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from peerpair.domain.roster import (
    DEFAULT_HALF_TERMS,
    Absence,
    Closure,
    HalfTerm,
    Settings,
    school_key,
)
from peerpair.io.cells import (
    normalise_header,
    parse_seconds,
    parse_session_minutes,
    parse_session_times,
    parse_text,
    parse_whole_number,
    show,
)
from peerpair.io.roster.people import is_email
from peerpair.io.roster.problems import Report
from peerpair.io.roster.rows import Cells, date_range, each_row
from peerpair.io.roster.schema import HALF_TERMS
from peerpair.io.roster.tables import Table

_DEFAULT_HALF_TERMS = tuple(HalfTerm(name=name) for name in DEFAULT_HALF_TERMS)


def _half_term_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def dated(half_terms: tuple[HalfTerm, ...] | None) -> bool:
    """Whether the half terms have dates (taken as so when the Half Terms sheet could not be
    read, so that its own problems are not repeated as ones about dates)."""
    return half_terms is None or any(h.start is not None for h in half_terms)


def known_half_term(half_terms: tuple[HalfTerm, ...] | None) -> Callable[[object], str]:
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


# England's longest half terms run eight or nine weeks; a year-long one is a typing slip
# ("2205" for "2025") that would otherwise plan sessions centuries away.
_LONGEST_HALF_TERM_DAYS = 7 * 12


def read_half_terms(table: Table | None, report: Report) -> tuple[HalfTerm, ...] | None:
    """The half terms in year order; None when the sheet has rows but no Half Term column."""
    if table is None or not table.rows:
        return _DEFAULT_HALF_TERMS
    if HALF_TERMS.required[0] not in table.columns:
        return None
    half_terms: list[HalfTerm] = []
    first_row: dict[str, int] = {}
    previous: tuple[str, date] | None = None  # the last dated half term's name and end
    for cells in each_row(table, report):
        name = cells.get("Half Term")
        start, end = date_range(cells, "Start", "End")
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


def read_absences(
    table: Table | None,
    report: Report,
    known_id: Callable[[object], str],
    known_half_term: Callable[[object], str],
    dated: bool,
) -> list[Absence]:
    """`dated`: the half terms have dates, which a From-To range needs to cover any of them."""
    absences = []
    for cells in each_row(table, report):
        person_id = cells.get("ID", known_id)
        half_term = cells.get("Half Term", known_half_term)
        start, end = date_range(cells, "From", "To")
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


def read_closures(
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
    for cells in each_row(table, report):
        day = cells.get("Date")
        start, end = date_range(cells, "From", "To")
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


def _organiser_email(value: object) -> str:
    """The Organiser Email setting: an error, not a warning, when it is no address, since
    every invitation would come from it (SPEC 10)."""
    email = parse_text(value)
    if not is_email(email):
        raise ValueError(f'"{show(value)}" is not an email address')
    return email


# Setting name (as normalise_header gives it) -> Settings field and parser.
_SETTINGS: dict[str, tuple[str, Callable[[object], Any]]] = {
    "repeatpairs": ("repeat_pairs", _choice("avoid", "forbid", "allow")),
    "samehub": ("same_hub", _choice("any", "prefer", "avoid")),
    "timelimit": ("time_limit", parse_seconds),
    "sessionminutes": ("session_minutes", parse_session_minutes),
    "sessiontimes": ("session_times", parse_session_times),
    "visitminutes": ("visit_minutes", parse_session_minutes),
    "trustname": ("trust_name", parse_text),
    "noticedays": ("notice_days", lambda value: _notice_days(value)),
    "organiseremail": ("organiser_email", _organiser_email),
}


def _notice_days(value: object) -> int:
    """Notice Days: working days between today and any new or moved session (SPEC 8)."""
    try:
        days = parse_whole_number(value)
    except ValueError:
        days = None
    if days is None or not 0 <= days <= 60:
        raise ValueError(f'"{show(value)}" is not a whole number of working days from 0 to 60')
    return days


def read_settings(table: Table | None, report: Report) -> Settings:
    values: dict[str, Any] = {}
    rows: dict[str, Cells] = {}
    first_row: dict[str, int] = {}
    for cells in each_row(table, report):
        name = cells.get("Setting")
        if name is None:
            continue
        key = normalise_header(name)
        if key not in _SETTINGS:
            message = (
                f'"{name}" is not a setting peerpair uses '
                "(it uses Trust Name, Repeat Pairs, Same Hub, Time Limit, Session Minutes, "
                "Session Times, Visit Minutes, Notice Days and Organiser Email); ignored"
            )
            cells.warning("Setting", message)
            continue
        if key in first_row:
            cells.problem("Setting", f'"{name}" is already set on row {first_row[key]}')
            continue
        first_row[key] = cells.row.number
        field_name, parse = _SETTINGS[key]
        value = cells.get("Value", parse)
        if value is not None:
            values[field_name] = value
            rows[field_name] = cells
    return _session_settings_agree(values, rows)


def _session_settings_agree(values: dict[str, Any], rows: dict[str, Cells]) -> Settings:
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
