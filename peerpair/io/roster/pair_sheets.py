"""The sheets about pairs of people: Change Requests (never together again) and History
(together in earlier years)."""

from __future__ import annotations

from collections.abc import Callable

from peerpair.domain.roster import ChangeRequest, PastPair
from peerpair.io.roster.people import StaffIds
from peerpair.io.roster.problems import Report
from peerpair.io.roster.rows import each_row
from peerpair.io.roster.tables import Table


def read_change_requests(
    table: Table | None,
    report: Report,
    known_id: Callable[[object], str],
    known_half_term: Callable[[object], str],
) -> list[ChangeRequest]:
    requests = []
    for cells in each_row(table, report):
        person_id = cells.get("ID", known_id)
        partner_id = cells.get("Partner ID", known_id)
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


def read_history(table: Table | None, report: Report, ids: StaffIds) -> list[PastPair]:
    """Past pairs, by the Staff sheet's IDs; rows about people who have left are warned of."""
    pairs = []
    for cells in each_row(table, report):
        supervisor_id = cells.get("Supervisor ID")
        supervisee_id = cells.get("Supervisee ID")
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
