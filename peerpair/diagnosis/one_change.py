"""The most sessions of a half term a roster with one person changed can cover, worked out from
the roster's own best plan rather than a new flow over every pair (issue 17: at 5,000 people
a third untrained, each candidate fix was six flows over millions of pairs).

The plan keeps every session not involving the changed person; their sessions are dropped
and the pairs they may now be in added. Then each augmenting path (a supervisee without a
supervisor takes someone's place, who takes another's, ... until a supervisor with a place
to spare) covers one more session, until none is left. The people the last search reaches
are a cut: when none of the supervisees it reached could be supervised by a giver it did not
reach (asked of every pair, a block of givers at a time), no plan covers more, by the same
argument as the diagnosis's certificates. The answer is given only when the plan is then
checked against every rule, H4 (no reciprocal pairs) included; otherwise None, and the
caller runs the flow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peerpair.constraints.eligibility import BLOCK_PAIRS, Eligibility
from peerpair.domain.roster import Roster


@dataclass(frozen=True)
class HalfTermPlan:
    """A half term's best plan and the pairs its flow looked at, by position in `receivers`
    and `givers` (roster positions). The arcs are by receiver."""

    half_term: int
    receivers: np.ndarray
    givers: np.ndarray
    arc_r: np.ndarray
    arc_g: np.ndarray
    giver_of: np.ndarray  # each receiver's supervisor in the plan (position in givers), or -1

    @classmethod
    def of(cls, h: int, receivers, givers, supervisors, supervisees, pairs) -> HalfTermPlan:
        """From the pairs a flow looked at and the plan it made, all as roster positions."""
        receivers = np.asarray(receivers, dtype=np.int64)
        givers = np.asarray(givers, dtype=np.int64)
        r_at, g_at = _positions(receivers), _positions(givers)
        arc_r, arc_g = r_at[np.asarray(supervisees)], g_at[np.asarray(supervisors)]
        order = np.argsort(arc_r, kind="stable")
        giver_of = np.full(len(receivers), -1, dtype=np.int64)
        if pairs:
            g, r = np.asarray(pairs, dtype=np.int64).T
            giver_of[r_at[r]] = g_at[g]
        return cls(h, receivers, givers, arc_r[order], arc_g[order], giver_of)


def fewest_uncovered(
    plan: HalfTermPlan, roster: Roster, eligibility: Eligibility, changed: int
) -> int | None:
    """The fewest sessions of the plan's half term under Cover Needed with `roster`: the
    most it can cover taken from those who need a supervisor. `roster` is the
    plan's roster with the person at position `changed` changed (or added at the end) and
    `eligibility` its pairs, with a re-plan's pinned sessions and unavailable people as the
    diagnosis has them. None when a plan with that many sessions breaks H4 or a pair it kept
    is no longer allowed: then a flow must decide."""
    h = plan.half_term
    person = roster.people[changed]
    may_receive, may_give = eligibility.open_to(h, changed)
    receives = roster.receives_in(person, h) and may_receive
    # As Eligibility.givers has it: gives, may give a new session, and has places left.
    gives = (
        roster.gives_in(person, h) and may_give and person.capacity > eligibility.booked(h, changed)
    )
    # The changed person keeps their position, or comes last when new to either side.
    receivers, me_r = _with(plan.receivers, changed, receives)
    givers, me_g = _with(plan.givers, changed, gives)
    places = np.array(
        [roster.people[g].capacity - eligibility.booked(h, g) for g in givers.tolist()],
        dtype=np.int64,
    )
    if me_g >= 0 and not gives:
        places[me_g] = 0
    active = np.ones(len(receivers), dtype=bool)
    if me_r >= 0:
        active[me_r] = receives
    giver_of = np.full(len(receivers), -1, dtype=np.int64)
    giver_of[: len(plan.receivers)] = plan.giver_of
    # The plan less the changed person's sessions and pairs; then their pairs as they are now.
    if me_r >= 0:
        giver_of[me_r] = -1
    if me_g >= 0:
        giver_of[giver_of == me_g] = -1
    keep = (plan.arc_r != me_r) & (plan.arc_g != me_g)
    arcs = plan.arc_r[keep], plan.arc_g[keep]
    matching = _Matching(len(receivers), places, active, *arcs, giver_of)
    if gives and len(receivers):
        who = np.nonzero(eligibility.allows(h, np.intp(changed), receivers) & active)[0]
        who = who[who != me_r]
        matching.add(who, np.full(len(who), me_g, dtype=np.int64))
    if receives and len(givers):
        may = np.nonzero(eligibility.allows(h, givers, np.intp(changed)) & (places > 0))[0]
        may = may[may != me_g]
        matching.add(np.full(len(may), me_r, dtype=np.int64), may)
    while True:
        while matching.augment():
            pass
        outside = givers[~matching.seen_g & (places > 0)]
        inside_r = np.nonzero(matching.seen_r & active)[0]
        found = _pairs_across(eligibility, h, outside, receivers[inside_r])
        if not len(found[0]):
            break
        g_at = _positions(givers)
        matching.add(inside_r[found[1]], g_at[found[0]])
    covered = np.nonzero(matching.giver_of >= 0)[0]
    supervisors, supervisees = givers[matching.giver_of[covered]], receivers[covered]
    if not eligibility.allows(h, supervisors, supervisees).all():
        return None
    pairs = set(zip(supervisors.tolist(), supervisees.tolist(), strict=True))
    if any((r, g) in pairs for g, r in pairs):
        return None
    return int(active.sum()) - len(covered)


class _Matching:
    """Receivers to givers (positions), at most `places` each, over arcs by receiver."""

    def __init__(self, nr, places, active, arc_r, arc_g, giver_of) -> None:
        self.nr, self.places, self.active = nr, places, active
        self.giver_of = giver_of
        self.load = np.bincount(giver_of[giver_of >= 0], minlength=len(places))
        self.arc_r, self.arc_g = arc_r, arc_g
        self._index()

    def add(self, arc_r: np.ndarray, arc_g: np.ndarray) -> None:
        order = np.argsort(arc_r, kind="stable")
        at = np.searchsorted(self.arc_r, arc_r[order], side="right")
        self.arc_r = np.insert(self.arc_r, at, arc_r[order])
        self.arc_g = np.insert(self.arc_g, at, arc_g[order])
        self._index()

    def _index(self) -> None:
        self.start = np.searchsorted(self.arc_r, np.arange(self.nr + 1))

    def augment(self) -> bool:
        """One more session by an augmenting path, if there is one; else the people the
        search reached are `seen_r` and `seen_g`."""
        giver_of, places, load = self.giver_of, self.places, self.load
        seen_r = (giver_of < 0) & self.active
        seen_g = np.zeros(len(places), dtype=bool)
        reached_by = np.full(len(places), -1, dtype=np.int64)
        frontier = np.nonzero(seen_r)[0]
        seen_r |= ~self.active
        while len(frontier):
            counts = self.start[frontier + 1] - self.start[frontier]
            total = int(counts.sum())
            if not total:
                break
            first = np.repeat(self.start[frontier] - (np.cumsum(counts) - counts), counts)
            arcs = first + np.arange(total)
            g, r = self.arc_g[arcs], self.arc_r[arcs]
            new = ~seen_g[g]
            g, at = np.unique(g[new], return_index=True)
            r = r[new][at]
            seen_g[g] = True
            reached_by[g] = r
            spare = g[load[g] < places[g]]
            if len(spare):
                self._move(int(spare[0]), reached_by)
                return True
            reached = np.zeros(len(places) + 1, dtype=bool)
            reached[g] = True
            frontier = np.nonzero(reached[giver_of] & ~seen_r)[0]
            seen_r[frontier] = True
        self.seen_r, self.seen_g = seen_r & self.active, seen_g
        return False

    def _move(self, g: int, reached_by: np.ndarray) -> None:
        self.load[g] += 1
        while True:
            r = int(reached_by[g])
            before = int(self.giver_of[r])
            self.giver_of[r] = g
            if before < 0:
                return
            g = before


def _pairs_across(
    eligibility: Eligibility, h: int, givers: np.ndarray, receivers: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every allowed pair of these givers and receivers, as (giver, position in receivers),
    a block of givers at a time."""
    found_g, found_r = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    if len(givers) and len(receivers):
        rows = max(1, BLOCK_PAIRS // len(receivers))
        for start in range(0, len(givers), rows):
            block = givers[start : start + rows]
            g, r = np.nonzero(eligibility.allows(h, block[:, None], receivers[None, :]))
            found_g.append(block[g])
            found_r.append(r)
    return np.concatenate(found_g), np.concatenate(found_r)


def _with(people: np.ndarray, p: int, present: bool) -> tuple[np.ndarray, int]:
    """`people` with p last if present and not among them, and p's position (-1: absent)."""
    hit = np.nonzero(people == p)[0]
    if len(hit):
        return people, int(hit[0])
    if not present:
        return people, -1
    return np.append(people, p), len(people)


def _positions(people: np.ndarray) -> np.ndarray:
    at = np.full(int(people.max()) + 2 if len(people) else 1, -1, dtype=np.int64)
    at[people] = np.arange(len(people))
    return at
