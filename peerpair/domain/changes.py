"""What changed between two plans, session by session.

One definition serves the re-solve's objective 2, its Changes sheet, the terminal's list of
whom to contact, and `peerpair diff`: in each half term, a supervisee whose supervisor is
not the same in both plans is one change. That covers a new supervisor, a session that
disappears (the supervisee is absent or has left: no new supervisor), and a session that
appears (a joiner, or someone who was under Cover Needed).

A session that keeps its pair but not its date and time is no change of supervisor, but
both people need to hear of it: `moves_between` lists those. A make-up for a Missed session
is one of them. Plans are compared as their rules see them (`Plan.effective`).

The other tiers' sessions (SPEC 7) change too: `tier_changes_between` lists those added,
removed, moved, or held at the same time with other people. A session is what its
`identity` says it is (tier, half term, group, school and people, never its date), so a
calendar invitation keeps its UID while the session moves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from peerpair.domain.plan import Plan, Session, SessionStatus
from peerpair.domain.tiers import Tier, TierSession


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
BOOKED_AGAIN = "booked again after a cancelled session"
MOVED = "moved to fit the re-plan"


def why_changed(
    change: Change,
    old: Plan,
    new: Plan,
    gone: Callable[[str, str], bool],
    published: Plan | None = None,
) -> str:
    """Why `change` (a supervisee's supervisor differs) happened, in shared words. `gone`
    tells whether a person can no longer give or receive in a half term (left, away);
    `published` is the plan as the lead recorded it, Cancelled sessions and all."""
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
        cancelled = published is not None and any(
            s.status is SessionStatus.CANCELLED and s.supervisee_id == change.supervisee_id
            for s in published.sessions_in(change.half_term)
        )
        if cancelled:
            return BOOKED_AGAIN
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


def identities(sessions: list[Session | TierSession]) -> list[str]:
    """Each session's identity, in the order given: its tier, half term and people (with a
    tier session's group and school), never its date, so a moved session is the same
    session. Two sessions alike in all of that (a make-up after a missed session) are told
    apart by their order in time: the second is "#1", the third "#2"."""
    seen: Counter[str] = Counter()
    found: dict[int, str] = {}
    for n, s in sorted(enumerate(sessions), key=lambda pair: _when_sort(pair[1])):
        key = _identity(s)
        found[n] = f"{key}#{seen[key]}" if seen[key] else key
        seen[key] += 1
    return [found[n] for n in range(len(sessions))]


def _identity(s: Session | TierSession) -> str:
    if isinstance(s, TierSession):
        people = ",".join(s.attendee_ids)
        return f"{s.tier}:{s.half_term}:{s.group}:{s.school}:{s.lead_id}:{people}"
    return f"{Tier.PEER}:{s.half_term}:{s.supervisor_id}:{s.supervisee_id}"


def _when_sort(s: Session | TierSession) -> tuple:
    return (s.date is None, s.date or 0, s.start or 0, s.end or 0)


class TierChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"
    OTHER_PEOPLE = "other people"


@dataclass(frozen=True)
class TierChange:
    """A session of another tier in one plan and not the same in the other: `old` is None
    when it was added, `new` when it was removed; both are given when it moved or is held
    at the same time with other people."""

    kind: TierChangeKind
    old: TierSession | None
    new: TierSession | None

    @property
    def session(self) -> TierSession:
        return self.new or self.old  # type: ignore[return-value]


def tier_changes_between(old: Plan, new: Plan, half_terms: list[str]) -> list[TierChange]:
    """The other tiers' changes in `half_terms`, by half term (in their order), then tier,
    then the session's time. The same session (by `identities`) on another date or at another
    time has moved; a session of the same group or school at the same time with other
    people is one change; anything else was added or removed. A Cancelled session counts
    as none."""
    order = {h: n for n, h in enumerate(half_terms)}
    before = _by_identity(t for t in old.tier_sessions if _compared(t, order))
    after = _by_identity(t for t in new.tier_sessions if _compared(t, order))
    found = [
        TierChange(TierChangeKind.MOVED, before[key], after[key])
        for key in before.keys() & after.keys()
        if _when(before[key]) + (before[key].end,) != _when(after[key]) + (after[key].end,)
    ]
    gone = [before[key] for key in before.keys() - after.keys()]
    came = [after[key] for key in after.keys() - before.keys()]
    for t in sorted(gone, key=TierSession.sort_key):
        same_time = next((u for u in came if _slot(u) == _slot(t)), None)
        if same_time is None:
            found.append(TierChange(TierChangeKind.REMOVED, t, None))
        else:
            came.remove(same_time)
            found.append(TierChange(TierChangeKind.OTHER_PEOPLE, t, same_time))
    found += [TierChange(TierChangeKind.ADDED, None, t) for t in came]
    return sorted(
        found,
        key=lambda c: (
            (order[c.session.half_term], list(Tier).index(c.session.tier))
            + c.session.sort_key()[1:]
        ),
    )


def _compared(t: TierSession, half_terms: dict[str, int]) -> bool:
    # A Cancelled session is not held (SPEC 8): as if it were not in the plan.
    return t.half_term in half_terms and t.status is not SessionStatus.CANCELLED


def _by_identity(sessions) -> dict[str, TierSession]:
    listed = list(sessions)
    return dict(zip(identities(listed), listed, strict=True))


def _slot(t: TierSession) -> tuple:
    """A tier session's place: the same group's or school's session at the same time."""
    return t.tier, t.half_term, t.group, t.school, t.date, t.start
