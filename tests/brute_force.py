"""A second, independent reading of SPEC 3 for tiny rosters: who may supervise whom, written
straight from the SPEC's sentences rather than from peerpair's rule modules, and the fewest
sessions under Cover Needed found by exhaustive search."""

from __future__ import annotations

import numpy as np

from peerpair.domain.plan import Plan
from peerpair.domain.roster import Roster

TRUST_LEAD_ROLES = {"trust safeguarding lead", "hub strategic lead", "tsl"}


def _absent(roster: Roster, person, h: int) -> bool:
    half_term = roster.half_terms[h]
    for a in roster.absences:
        if a.person_id != person.id:
            continue
        if a.half_term == half_term.name:
            return True
        days = half_term.weekdays()
        if a.start and a.end and days and a.start <= days[0] and days[-1] <= a.end:
            return True
    return False


def _trained_by(roster: Roster, person, h: int) -> bool:
    start = roster.half_terms[h].start
    if not person.supervision_trained:
        return False
    return person.trained_on is None or start is None or person.trained_on <= start


def gives(roster: Roster, person, h: int) -> bool:
    """SPEC 3: present, Gives, Capacity > 0 and trained by h."""
    return (
        not _absent(roster, person, h)
        and person.gives
        and person.capacity > 0
        and _trained_by(roster, person, h)
    )


def receives(roster: Roster, person, h: int) -> bool:
    """SPEC 3: present and Receives."""
    return not _absent(roster, person, h) and person.receives


def may_supervise(roster: Roster, h: int, supervisor, supervisee) -> bool:
    """Every hard rule that concerns one pair: H2 (gives), H3, H5-H10, H11 against History."""
    if not (gives(roster, supervisor, h) and receives(roster, supervisee, h)):
        return False
    if supervisor.id == supervisee.id:
        return False
    if supervisor.school.strip().lower() == supervisee.school.strip().lower():
        return False
    names = [x.name for x in roster.half_terms]
    for c in roster.change_requests:
        starts = 0 if c.from_half_term is None else names.index(c.from_half_term)
        if {c.person_id, c.partner_id} == {supervisor.id, supervisee.id} and starts <= h:
            return False
    if supervisor.id == supervisee.line_manager_id or supervisee.id == supervisor.line_manager_id:
        return False
    if not set(supervisor.working_days) & set(supervisee.working_days):
        return False
    if supervisee.receive_from is not None:
        lead = supervisor.role.strip().lower() in TRUST_LEAD_ROLES
        if supervisor.id not in supervisee.receive_from and not (
            "trust lead" in supervisee.receive_from and lead
        ):
            return False
    if roster.settings.repeat_pairs == "forbid":
        for past in roster.history:
            if {past.supervisor_id, past.supervisee_id} == {supervisor.id, supervisee.id}:
                return False
    return True


def fewest_cover_needed(roster: Roster) -> int:
    """The least sessions under Cover Needed over the whole year, by exhaustive search."""
    return fewest_cover_then_changes(roster, Plan(), 0)[0]


def fewest_cover_then_changes(roster: Roster, previous, first: int) -> tuple[int, int]:
    """Re-solving from half term `first` against the `previous` plan: the least sessions
    under Cover Needed, then the least changed sessions, by exhaustive search. A change is a
    supervisee (in the roster or the previous plan) whose supervisor in a re-planned half
    term is not the one the previous plan gave them."""
    names = [h.name for h in roster.half_terms]
    planned = range(first, len(names))
    before = {(s.half_term, s.supervisee_id): s.supervisor_id for s in previous.sessions}
    kept = [s for s in previous.sessions if names.index(s.half_term) < first]
    needed = [(h, r) for h in planned for r in roster.people if receives(roster, r, h)]
    # Previous sessions whose supervisee no longer needs one change whatever we do.
    gone = sum(
        1
        for s in previous.sessions
        if names.index(s.half_term) >= first
        and not any(names[h] == s.half_term and r.id == s.supervisee_id for h, r in needed)
    )
    options = [[s for s in roster.people if may_supervise(roster, h, s, r)] for h, r in needed]
    forbid = roster.settings.repeat_pairs == "forbid"
    return search_fewest(names, needed, options, before, gone, forbid, kept)


def search_fewest(names, needed, options, before, gone, forbid, met_before, pinned=()):
    """The least (uncovered, changed) over every choice of supervisor in `options` for each
    (half term, supervisee) in `needed`: `before` gives the previous supervisors, `gone` the
    changes made whatever is chosen, `met_before` the sessions a forbidden repeat counts
    against, and `pinned` sessions that stand (their places taken, their pairs not
    reversed)."""
    load: dict[tuple[int, str], int] = {}
    chosen: dict[tuple[int, str], str] = {}
    for s in pinned:
        h = names.index(s.half_term)
        load[h, s.supervisor_id] = load.get((h, s.supervisor_id), 0) + 1
        chosen[h, s.supervisee_id] = s.supervisor_id
    met: dict[frozenset[str], int] = {}
    for s in met_before:
        pair = frozenset((s.supervisor_id, s.supervisee_id))
        met[pair] = met.get(pair, 0) + 1
    best = [(len(needed) + 1, 0)]

    def search(i: int, uncovered: int, changes: int) -> None:
        if (uncovered, changes) >= best[0]:
            return
        if i == len(needed):
            best[0] = (uncovered, changes)
            return
        h, r = needed[i]
        was = before.get((names[h], r.id))
        for s in options[i]:
            pair = frozenset((s.id, r.id))
            if load.get((h, s.id), 0) >= s.capacity or chosen.get((h, s.id)) == r.id:
                continue
            if forbid and met.get(pair, 0):
                continue
            load[h, s.id] = load.get((h, s.id), 0) + 1
            chosen[h, r.id] = s.id
            met[pair] = met.get(pair, 0) + 1
            search(i + 1, uncovered, changes + (was != s.id))
            load[h, s.id] -= 1
            del chosen[h, r.id]
            met[pair] -= 1
        search(i + 1, uncovered + 1, changes + (was is not None))

    search(0, 0, gone)
    return best[0]


def met_in_history(roster: Roster) -> np.ndarray:
    """The History sheet's pairs as roster positions, one row a pair, as the flows take them."""
    index = roster.index
    return np.array(
        [(index[p.supervisor_id], index[p.supervisee_id]) for p in roster.history]
    ).reshape(-1, 2)
