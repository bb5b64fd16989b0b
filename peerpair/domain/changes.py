"""What changed between two plans, session by session.

One definition serves the re-solve's objective 2, its Changes sheet, the terminal's list of
whom to contact, and `peerpair diff`: in each half term, a supervisee whose supervisor is
not the same in both plans is one change. That covers a new supervisor, a session that
disappears (the supervisee is absent or has left: no new supervisor), and a session that
appears (a joiner, or someone who was under Cover Needed).

A session that keeps its pair but not its date and time is no change of supervisor, but
both people need to hear of it: `moves_between` lists those. A make-up for a Missed session
is one of them. Plans are compared as their rules see them (`Plan.effective`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from peerpair.domain.plan import Plan, Session, SessionStatus


@dataclass(frozen=True, order=True)
class Change:
    half_term: str
    supervisee_id: str
    old_supervisor_id: str  # "" when there was none
    new_supervisor_id: str  # "" when there is none now


def changes_between(old: Plan, new: Plan, half_terms: list[str]) -> list[Change]:
    """Changes in `half_terms`, in their order, then by supervisee ID."""
    found = []
    for half_term in half_terms:
        before = _supervisor_of(old, half_term)
        after = _supervisor_of(new, half_term)
        for supervisee in sorted(before.keys() | after.keys()):
            if before.get(supervisee) != after.get(supervisee):
                found.append(
                    Change(
                        half_term, supervisee, before.get(supervisee, ""), after.get(supervisee, "")
                    )
                )
    return found


@dataclass(frozen=True)
class Move:
    old: Session
    new: Session  # the same pair in the same half term, on another date or at another time


def moves_between(old: Plan, new: Plan, half_terms: list[str]) -> list[Move]:
    """Sessions in `half_terms` that both plans have, dated differently, in the new plan's
    order."""
    wanted = set(half_terms)
    before = {_pair(s): s for s in old.effective().sessions if s.half_term in wanted}
    return [
        Move(before[_pair(s)], s)
        for s in new.effective().sessions
        if _pair(s) in before and _when(before[_pair(s)]) != _when(s)
    ]


def _pair(s: Session) -> tuple[str, str, str]:
    return s.half_term, s.supervisor_id, s.supervisee_id


def _when(s: Session) -> tuple:
    return s.date, s.start


def supervisor_ids(supervisor: str) -> list[str]:
    """The IDs in a Change's supervisor field: none, one, or each of a hand-edited plan's."""
    return supervisor.split(_BOTH) if supervisor else []


_BOTH = "; "


def _supervisor_of(plan: Plan, half_term: str) -> dict[str, str]:
    # A hand-edited plan may give someone two supervisors; "; " keeps both visible.
    found: dict[str, list[str]] = {}
    for s in plan.effective().sessions_in(half_term):
        found.setdefault(s.supervisee_id, []).append(s.supervisor_id)
    return {who: _BOTH.join(sorted(ids)) for who, ids in found.items()}


# Why a session changed or moved, in the plan's shared words (SPEC 8): never a change
# request, an absence or its reason, which are private to the lead.
MADE_UP = "made up after a missed session"
SUPERVISOR_UNAVAILABLE = "supervisor no longer available"
NO_LONGER_POSSIBLE = "moved: no longer possible on that day"
NEW_IN_THE_CYCLE = "new in the cycle"
WAS_UNCOVERED = "was under Cover Needed"
NOT_IN_THE_CYCLE = "no longer in the cycle this half term"
NOW_UNCOVERED = "now under Cover Needed"
RE_PAIRED = "re-paired under the trust's rules"
MOVED = "moved to fit the re-plan"


def why_changed(change: Change, old: Plan, new: Plan, gone: Callable[[str, str], bool]) -> str:
    """Why `change` (a supervisee's supervisor differs) happened, in shared words. `gone`
    tells whether a person can no longer give or receive in a half term (left, away)."""
    if not change.new_supervisor_id:
        uncovered = any(
            c.half_term == change.half_term and c.supervisee_id == change.supervisee_id
            for c in new.cover_needed
        )
        if not uncovered:
            return NOT_IN_THE_CYCLE
        return SUPERVISOR_UNAVAILABLE if _all_gone(change, gone) else NOW_UNCOVERED
    if not change.old_supervisor_id:
        uncovered = any(
            c.half_term == change.half_term and c.supervisee_id == change.supervisee_id
            for c in old.cover_needed
        )
        return WAS_UNCOVERED if uncovered else NEW_IN_THE_CYCLE
    if _all_gone(change, gone):
        return SUPERVISOR_UNAVAILABLE
    return RE_PAIRED


def _all_gone(change: Change, gone: Callable[[str, str], bool]) -> bool:
    old = supervisor_ids(change.old_supervisor_id)
    return bool(old) and all(gone(change.half_term, i) for i in old)


def why_moved(move: Move, possible: Callable[[Session], bool]) -> str:
    """Why `move` (a session keeps its pair, not its date) happened, in shared words.
    `possible` tells whether a session could still be held on its old date."""
    if move.old.status is SessionStatus.MISSED:
        return MADE_UP
    if not possible(move.old):
        return NO_LONGER_POSSIBLE
    return MOVED
