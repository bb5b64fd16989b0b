"""Recording what happened to sessions (SPEC 8) on a copy of a plan workbook, as a lead
would type it in Excel: the Status column, and for a postponed session its new Date, Start
and End. Every other cell, sheet and format of the plan is kept as it was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from peerpair.domain.plan import Session, SessionStatus
from peerpair.domain.tiers import TierSession
from peerpair.io.cells import id_key, is_blank, normalise_header, parse_date, parse_id, parse_time
from peerpair.io.files import write_atomically
from peerpair.io.plan_workbook import PAIRINGS, SESSIONS, STATUS, PlanError

Key = tuple  # which session a row holds: see `peer_key` and `tier_key`


@dataclass(frozen=True)
class Record:
    """What the lead recorded of one session: a Status (None for blank) and, for Postponed,
    the agreed new date and times."""

    status: SessionStatus | None
    date: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None


def peer_key(s: Session) -> Key:
    """A peer session as a Pairings row names it: one supervisor meets one supervisee at
    most once at a given date and time."""
    people = (id_key(s.supervisor_id), id_key(s.supervisee_id))
    return ("peer", normalise_header(s.half_term), *people, s.date, s.start)


def tier_key(t: TierSession) -> Key:
    """A session of another tier as a Sessions row names it: its lead leads one session at
    a time."""
    tier, half_term = normalise_header(t.tier.value), normalise_header(t.half_term)
    return (tier, half_term, id_key(t.lead_id), t.date, t.start)


def record_what_happened(source: Path, target: Path, records: Mapping[Key, Record]) -> None:
    """Write `target`, a copy of the plan `source` with `records` typed in. PlanError when a
    recorded session is not in the plan (`source` is only read)."""
    workbook = load_workbook(source)
    found: set[Key] = set()
    for name, key_of in ((PAIRINGS, _peer_row_key), (SESSIONS, _tier_row_key)):
        sheet = next((s for s in workbook.worksheets if _same(s.title, name)), None)
        if sheet is None:
            continue
        columns = {normalise_header(c.value): c.column for c in sheet[1] if not is_blank(c.value)}
        if normalise_header(STATUS) not in columns:
            columns[normalise_header(STATUS)] = sheet.max_column + 1
            sheet.cell(1, columns[normalise_header(STATUS)], STATUS)
        for row in sheet.iter_rows(min_row=2):
            cells = {h: row[column - 1] for h, column in columns.items() if column <= len(row)}
            key = key_of(cells)
            if key is None or key not in records:
                continue
            found.add(key)
            _type_in(sheet, row[0].row, columns, records[key])
    missing = [key for key in records if key not in found]
    if missing:
        raise PlanError([f"{len(missing)} recorded session(s) are no longer in {source.name}"])
    write_atomically(target, workbook.save)


def _type_in(sheet, row: int, columns: dict[str, int], record: Record) -> None:
    status = sheet.cell(row, columns[normalise_header(STATUS)])
    status.value = record.status.value if record.status else None
    status.data_type = "s" if record.status else "n"
    if record.status is SessionStatus.POSTPONED:
        typed = {"Date": record.date, "Start": record.start, "End": record.end}
        for header, value in typed.items():
            if normalise_header(header) in columns and value is not None:
                sheet.cell(row, columns[normalise_header(header)]).value = value


def _peer_row_key(cells) -> Key | None:
    try:
        people = (_person(cells, "supervisorid"), _person(cells, "superviseeid"))
        when = (_when(cells, "date", parse_date), _when(cells, "start", parse_time))
        return ("peer", normalise_header(cells["halfterm"].value), *people, *when)
    except (KeyError, ValueError):
        return None  # a row the plan reader would refuse: never the one recorded


def _tier_row_key(cells) -> Key | None:
    try:
        tier, half_term = normalise_header(cells["tier"].value), cells["halfterm"].value
        when = (_when(cells, "date", parse_date), _when(cells, "start", parse_time))
        return (tier, normalise_header(half_term), _person(cells, "leadid"), *when)
    except (KeyError, ValueError):
        return None


def _person(cells, header: str) -> str:
    return id_key(parse_id(cells[header].value))


def _when(cells, header: str, parse):
    cell = cells.get(header)
    return None if cell is None or is_blank(cell.value) else parse(cell.value)


def _same(title: str, name: str) -> bool:
    return normalise_header(title) == normalise_header(name)
