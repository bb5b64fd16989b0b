"""Why a roster cannot give everyone a supervisor, as certificates a trust lead can check by
hand: the people, the rule and the count that make a session impossible to cover.

Each half term is, but for rule H4, a matching of givers (with their places) to the people
who receive. Its maximum, found as a flow, bounds the sessions any plan covers, and a
minimum cut of that flow is Hall's certificate that no plan can do better: a group of
people whose possible supervisors have too few places between them. A group with no
possible supervisor at all is one person and the rules that left them none; a group whose
supervisors are everyone who gives is a trust too short of places. H4 (no reciprocal pairs)
is the one rule a flow ignores: two people who can only supervise each other are a
certificate of their own, and anything left is proven by search and said to be so.

When Repeat Pairs is forbid, no two people may meet twice in the year, which ties the half
terms together; what that costs beyond the half terms' own shortfalls is found by search
over the whole year.

`diagnose` answers for a roster before any plan exists; `certificate_for` gives the
certificate of one uncovered person for the plan's Cover Needed Reason (reasons.py). The
words for a lead are wording.py's.
"""

from __future__ import annotations

import weakref
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np
from ortools.graph.python import max_flow

from peerpair.constraints import HARD_RULES
from peerpair.constraints.base import HalfTermPairs
from peerpair.constraints.cover_needed import FewestCoverNeeded
from peerpair.constraints.eligibility import Eligibility
from peerpair.constraints.model import PairingModel
from peerpair.diagnosis.one_change import HalfTermPlan
from peerpair.domain.plan import Plan, Session
from peerpair.domain.replan import Unavailable
from peerpair.domain.roster import Roster
from peerpair.pairing.cp_sat import run, set_hint
from peerpair.pairing.half_term_flow import DENSE_LIMIT

# Rule code for pairs a re-solve's kept half terms have already made (Repeat Pairs forbid).
MET_THIS_YEAR = "met this year"


class Kind(StrEnum):
    NOBODY_GIVES = "nobody else gives"
    NO_SUPERVISOR = "no possible supervisor"
    GROUP = "group too large for its supervisors"
    TOO_FEW_PLACES = "too few places overall"
    DEADLOCK = "can only supervise each other"
    RECIPROCAL = "no reciprocal pairs"
    REPEAT_PAIRS = "repeat pairs forbidden"


@dataclass(frozen=True)
class Certificate:
    """At least `shortfall` sessions need cover among `supervisees` (roster positions),
    because of what `kind` says. `half_term` is None for a certificate about the whole year.

    For the flow certificates (no possible supervisor, group, too few places) the arithmetic
    can be checked by hand: every possible supervisor of each of the `supervisees` is among
    the `supervisors`, who have `places` between them, and shortfall = supervisees - places.
    For no possible supervisor, `ruled_out` counts, rule by rule, the `others` who give in
    the half term (the person themself aside) and were ruled out."""

    kind: Kind
    half_term: int | None
    supervisees: tuple[int, ...]
    supervisors: tuple[int, ...] = ()
    places: int = 0
    shortfall: int = 1
    others: int = 0
    ruled_out: tuple[tuple[str, int], ...] = ()
    # REPEAT_PAIRS only: (person, half terms they receive in, possible supervisors all year)
    few_partners: tuple[tuple[int, int, int], ...] = ()

    @property
    def is_counted(self) -> bool:
        """A flow certificate: its shortfall is people minus places."""
        return self.kind in (Kind.NO_SUPERVISOR, Kind.NOBODY_GIVES, Kind.GROUP, Kind.TOO_FEW_PLACES)


@dataclass(frozen=True)
class HalfTermDiagnosis:
    half_term: int
    receivers: int  # people who need a supervisor
    givers: int  # people who give supervision
    places: int  # the givers' places between them
    fewest_uncovered: int  # the fewest sessions under Cover Needed any plan of it can have
    proven: bool  # False when the search for fewest_uncovered ran out of time
    certificates: tuple[Certificate, ...]
    # A re-plan from today: people who need a session but have no day left in the half
    # term for a new one with notice (SPEC 8). Under Cover Needed whatever the rules, so
    # counted apart from `fewest_uncovered`, which is what the rules cost.
    no_day_left: tuple[int, ...] = ()

    @property
    def shortfall(self) -> int:
        return sum(c.shortfall for c in self.certificates)


@dataclass(frozen=True)
class Diagnosis:
    roster: Roster
    half_terms: tuple[HalfTermDiagnosis, ...]
    year: tuple[Certificate, ...]  # Repeat Pairs forbid: what meeting once a year costs
    fewest_uncovered: int  # over the year
    proven: bool
    kept_pairs: frozenset[tuple[int, int]] = field(default=frozenset())
    # A re-plan from today's sessions that stay, and who can have no new session: a fix is
    # judged with them as the diagnosis was.
    pinned: tuple[Session, ...] = ()
    unavailable: Mapping[int, Unavailable] | None = field(default=None, compare=False)
    # Each half term's best plan, for judging fixes from (one_change.py); empty when a half
    # term's fewest is unproven or the half terms are tied together (Repeat Pairs forbid).
    plans: dict[int, HalfTermPlan] = field(default_factory=dict, compare=False, repr=False)

    @property
    def complete(self) -> bool:
        """A plan with everyone covered exists (and was shown to)."""
        return self.proven and self.cover_needed == 0

    @property
    def cover_needed(self) -> int:
        """The fewest sessions under Cover Needed: what the rules cost, and the sessions
        with no day left for them."""
        return self.fewest_uncovered + sum(len(d.no_day_left) for d in self.half_terms)

    def eligibility(self, roster: Roster | None = None) -> Eligibility:
        """Who may supervise whom in `roster` (by default the diagnosis's own, or a variant
        of it that a fix makes), with the re-plan's pinned sessions and unavailable people
        as the diagnosis had them."""
        return Eligibility(roster or self.roster, HARD_RULES, self.pinned, self.unavailable)

    @property
    def certificates(self) -> tuple[Certificate, ...]:
        return tuple(c for d in self.half_terms for c in d.certificates) + self.year


def diagnose(
    roster: Roster,
    *,
    previous: Plan | None = None,
    from_half_term: str | None = None,
    time_limit: float | None = None,
    pinned: tuple[Session, ...] = (),
    unavailable: Mapping[int, Unavailable] | None = None,
) -> Diagnosis:
    """Certificates for every session no plan of `roster` can cover. With `previous` and
    `from_half_term` (a re-solve), only the half terms from `from_half_term` on, which are
    re-planned, and with the pairs the kept half terms made counted when Repeat Pairs is
    forbid. A re-plan from today also gives the sessions that stay (`pinned`: their places
    taken, their supervisees done) and who can have no new session (`unavailable`), as the
    re-plan itself has them."""
    eligibility = Eligibility(roster, HARD_RULES, pinned, unavailable)
    first = 0 if previous is None else roster.half_term_index(from_half_term or "")
    half_terms = list(range(first, len(roster.half_terms)))
    kept = _kept_pairs(roster, previous, first, pinned)
    budget = time_limit if time_limit is not None else roster.settings.time_limit
    best = fewest_cover_needed(roster, eligibility, half_terms, kept, budget)
    diagnoses = []
    for h in half_terms:
        problem = _HalfTermProblem.build(roster, eligibility, h, kept)
        certificates = list(_flow_certificates(problem, eligibility, best.flows[h]))
        certificates += _deadlocks(problem, certificates)
        counted = sum(c.shortfall for c in certificates)
        # Each certificate is a proof; a search stopped by the time limit may prove less.
        fewest = max(best.per_half_term[h], counted)
        if fewest > counted:
            certificates.append(
                Certificate(
                    Kind.RECIPROCAL,
                    h,
                    tuple(sorted(best.uncovered[h] - _covered_by(certificates))),
                    shortfall=fewest - counted,
                )
            )
        diagnoses.append(
            HalfTermDiagnosis(
                h,
                len(problem.receivers),
                len(problem.givers),
                sum(problem.places.values()),
                fewest,
                best.proven_per_half_term[h],
                tuple(certificates),
                tuple(sorted(eligibility.unavailable(h) & set(eligibility.receivers(h)))),
            )
        )
    year: tuple[Certificate, ...] = ()
    in_half_terms_alone = sum(d.fewest_uncovered for d in diagnoses)
    beyond = best.total - in_half_terms_alone
    if beyond > 0:
        few = _few_partners(roster, eligibility, half_terms, kept)
        year = (
            Certificate(
                Kind.REPEAT_PAIRS,
                None,
                tuple(r for r, _, _ in few),
                shortfall=beyond,
                few_partners=few,
            ),
        )
    fewest = max(best.total, in_half_terms_alone)
    plans = {}
    if not kept and not _pairs_meet_once(roster) and best.proven:
        plans = {h: best.flows[h].plan(best.plans[h]) for h in half_terms}
    return Diagnosis(
        roster, tuple(diagnoses), year, fewest, best.proven, kept, pinned, unavailable, plans
    )


def certificate_for(eligibility: Eligibility, h: int, supervisee: int) -> Certificate | None:
    """The certificate that names `supervisee` in half term h among those a flow and the
    reciprocal deadlocks give (no search): what a Cover Needed Reason says."""
    cached = _certificates_cache.setdefault(eligibility, {})
    if h not in cached:
        problem = _HalfTermProblem.build(eligibility.roster, eligibility, h, frozenset())
        certificates = list(_flow_certificates(problem, eligibility, problem.flow()))
        cached[h] = certificates + _deadlocks(problem, certificates)
    return next((c for c in cached[h] if supervisee in c.supervisees), None)


_certificates_cache: weakref.WeakKeyDictionary[Eligibility, dict[int, list[Certificate]]] = (
    weakref.WeakKeyDictionary()
)


# --- the fewest sessions under Cover Needed --------------------------------------------------


@dataclass(frozen=True)
class Fewest:
    """The fewest sessions under Cover Needed, per half term (each on its own) and over the
    year, with one plan that achieves them: who is uncovered."""

    per_half_term: dict[int, int]
    proven_per_half_term: dict[int, bool]
    total: int
    proven: bool
    uncovered: dict[int, set[int]]  # per half term, in that half term's own best plan
    flows: dict[int, _Flow]  # per half term, whose min cuts are the certificates
    plans: dict[int, list[tuple[int, int]]]  # per half term, its own best plan's pairs
    searched: float  # what its searches cost, in seconds (see `_search`)


def fewest_cover_needed(
    roster: Roster,
    eligibility: Eligibility,
    half_terms: list[int],
    kept: frozenset[tuple[int, int]] = frozenset(),
    time_limit: float = 10.0,
    enough: int | None = None,
) -> Fewest:
    """SPEC 3 objective 1 alone: the fewest sessions under Cover Needed. A flow gives the
    answer when its plan has no reciprocal pair (usual); otherwise CP-SAT decides, hinted
    with the flow's plan. When no pair may meet twice, the half terms' own plans are made
    one after another avoiding the pairs already made; only if that loses a session does
    CP-SAT plan the year. With `enough`, stop once the half terms alone leave that many
    uncovered (the year can only leave more). `roster` may differ from `eligibility.roster`
    in capacities only."""
    per, proven, uncovered, plans = {}, {}, {}, {}
    problems = {h: _HalfTermProblem.build(roster, eligibility, h, kept) for h in half_terms}
    flows = {}
    searched = 0.0
    for h, problem in problems.items():
        flows[h], value, pairs, exact = problem.flow_without_swaps()
        # With no time to search, the flow's count stands as a bound, unproven.
        if not exact and time_limit > 0:
            found, bound, pairs, exact, cost = _search(
                roster, eligibility, [problem], pairs, time_limit
            )
            searched += cost
            # Unproven, the fewest lies between the search's bound and its plan: say the bound.
            value = found if exact else min(value, bound)
        per[h] = len(problem.receivers) - value
        proven[h] = exact
        uncovered[h] = set(problem.receivers) - {r for _, r in pairs}
        plans[h] = pairs
    total = sum(per.values())
    all_proven = all(proven.values())
    if _pairs_meet_once(roster) and _meets_twice(plans):
        if enough is not None and total >= enough:
            all_proven = False  # the year could leave more: not worked out, not needed
        elif not _once_a_year(problems, per):
            if time_limit <= 0:
                all_proven = False  # no time to search the year: the half terms' sum is a bound
            else:
                # Unhinted: hints of plans that lose a session were seen to slow the search.
                found, bound, _, year_proven, cost = _search(
                    roster, eligibility, list(problems.values()), [], time_limit
                )
                searched += cost
                all_proven = all_proven and year_proven
                receivers = sum(len(p.receivers) for p in problems.values())
                total = max(total, receivers - (found if year_proven else bound))
    return Fewest(per, proven, total, all_proven, uncovered, flows, plans, searched)


def _once_a_year(problems: dict[int, _HalfTermProblem], per: dict[int, int]) -> bool:
    """Whether the half terms' best plans, made one after another avoiding the pairs earlier
    ones made, lose no session: then the year's fewest is theirs. Tried in year order, in
    reverse, and from the half term with the fewest possible pairs."""
    orders = [
        list(problems),
        list(reversed(problems)),
        sorted(problems, key=lambda h: int(problems[h].allowed.sum())),
    ]
    for order in orders:
        met: set[tuple[int, int]] = set()
        for h in order:
            _, value, pairs, exact = problems[h].without(met).flow_without_swaps()
            if not exact or len(problems[h].receivers) - value > per[h]:
                break
            met |= set(pairs)
        else:
            return True
    return False


def _pairs_meet_once(roster: Roster) -> bool:
    return roster.settings.repeat_pairs == "forbid"


def _meets_twice(plans: dict[int, list[tuple[int, int]]]) -> bool:
    met = Counter(frozenset(pair) for pairs in plans.values() for pair in set(pairs))
    return any(n > 1 for n in met.values())


@dataclass(frozen=True)
class _HalfTermProblem:
    """One half term as a matching: who may supervise whom, and each giver's places."""

    half_term: int
    receivers: tuple[int, ...]
    givers: tuple[int, ...]
    places: dict[int, int]
    # [supervisor, supervisee] over the whole roster; None for a large half term, whose
    # pairs `eligibility` answers for a block at a time (issue 17: 21 million at 5,000).
    allowed: np.ndarray | None
    eligibility: Eligibility | None = None

    @classmethod
    def build(
        cls,
        roster: Roster,
        eligibility: Eligibility,
        h: int,
        kept: frozenset[tuple[int, int]],
    ) -> _HalfTermProblem:
        """Half term h: pairs from `eligibility` less those `kept` half terms made, places
        from `roster` (which may differ from the eligibility's in capacities alone). A
        large half term (over DENSE_LIMIT possible pairs) is not listed when nothing ties
        it to others (no kept pairs, Repeat Pairs not forbid)."""
        # Someone with no day left for a new session is under Cover Needed whatever the
        # rules (a re-plan from today): not one of the people a matching could cover.
        away = eligibility.unavailable(h)
        receivers = [r for r in eligibility.receivers(h) if r not in away]
        givers = eligibility.givers(h)
        places = {g: roster.people[g].capacity - eligibility.booked(h, g) for g in givers}
        if len(receivers) * len(givers) > DENSE_LIMIT and not kept and not _pairs_meet_once(roster):
            return cls(h, tuple(receivers), tuple(givers), places, None, eligibility)
        problem = cls(h, tuple(receivers), tuple(givers), places, eligibility.allowed(h))
        return problem.without(set(kept))

    @property
    def large(self) -> bool:
        return self.allowed is None

    def dense(self) -> _HalfTermProblem:
        """The same half term with its pairs listed, for a search."""
        if not self.large:
            return self
        return replace(self, allowed=self.eligibility.allowed(self.half_term))

    def without(self, pairs: set[tuple[int, int]]) -> _HalfTermProblem:
        """The same half term with these pairs, either way round, ruled out."""
        if not pairs:
            return self
        allowed = self.allowed.copy()
        for a, b in pairs:
            allowed[a, b] = allowed[b, a] = False
        return replace(self, allowed=allowed)

    def candidates(self, supervisee: int) -> list[int]:
        givers = np.asarray(self.givers, dtype=np.int64)
        if not len(givers):
            return []
        if self.large:
            return givers[self.eligibility.allows(self.half_term, givers, supervisee)].tolist()
        return givers[self.allowed[givers, supervisee]].tolist()

    def possible_counts(self, receivers: np.ndarray) -> np.ndarray:
        """How many possible supervisors each of `receivers` has, a block of givers at a
        time."""
        h, counts = self.half_term, np.zeros(len(receivers), dtype=np.int64)
        for rows in self.eligibility.blocks(h):
            counts += self.eligibility.allows(h, rows[:, None], receivers[None, :]).sum(0)
        return counts

    def only_supervisors(self) -> dict[int, int]:
        """Receivers with exactly one possible supervisor, and who that is."""
        if not self.large:
            return {r: c[0] for r in self.receivers if len(c := self.candidates(r)) == 1}
        receivers = np.asarray(self.receivers, dtype=np.intp)
        one = receivers[self.possible_counts(receivers) == 1].tolist()
        return {r: self.candidates(r)[0] for r in one}

    def flow(self) -> _Flow:
        if self.large:
            return _sparse_flow(self)
        givers, receivers = self.givers, self.receivers
        nr, ng = len(receivers), len(givers)
        sub = self.allowed[np.ix_(givers, receivers)] if nr and ng else np.zeros((ng, nr), bool)
        gi, ri = np.nonzero(sub)
        return _Flow(self, gi, ri)

    def flow_without_swaps(self) -> tuple[_Flow, int, list[tuple[int, int]], bool]:
        """The flow (its min cut as first found), its maximum, and a plan achieving it with
        no reciprocal pair when a few rounds of taking one arc of each pair out find one
        (then it is exact, as the flow is an upper bound); else the flow's plan and False."""
        flow = self.flow()
        value = flow.value
        for _ in range(20):
            pairs = flow.pairs()
            chosen = set(pairs)
            swaps = [(g, r) for g, r in pairs if g < r and (r, g) in chosen]
            if not swaps:
                return flow, value, pairs, True
            for g, r in swaps:
                flow.forbid(g, r)
            if flow.resolve() < value:
                return flow, value, pairs, False
        return flow, value, flow.pairs(), False


class _Flow:
    """source -> each receiver (1) -> each possible supervisor -> sink (their places), over
    the session arcs given as positions in problem.givers (`gi`) and problem.receivers
    (`ri`): every possible pair, or a large half term's candidates (`_sparse_flow`)."""

    def __init__(self, problem: _HalfTermProblem, gi: np.ndarray, ri: np.ndarray) -> None:
        self.problem = problem
        receivers, givers = problem.receivers, problem.givers
        nr, ng = len(receivers), len(givers)
        self.source, self.sink = nr + ng, nr + ng + 1
        self.solver = max_flow.SimpleMaxFlow()
        gi, ri = np.asarray(gi, dtype=np.int64), np.asarray(ri, dtype=np.int64)
        self.gi, self.ri = gi, ri
        # Each session arc's supervisor and supervisee, as roster positions.
        self.arc_supervisor = np.asarray(givers, dtype=np.int64)[gi]
        self.arc_supervisee = np.asarray(receivers, dtype=np.int64)[ri]
        if nr:
            self.solver.add_arcs_with_capacity(
                np.full(nr, self.source), np.arange(nr), np.ones(nr, dtype=np.int64)
            )
        self.middle = (
            self.solver.add_arcs_with_capacity(ri, nr + gi, np.ones(len(ri), dtype=np.int64))
            if len(ri)
            else np.zeros(0, dtype=np.int64)
        )
        if ng:
            self.solver.add_arcs_with_capacity(
                nr + np.arange(ng),
                np.full(ng, self.sink),
                np.array([problem.places[g] for g in givers], dtype=np.int64),
            )
        self.value = self.resolve()
        # With nobody to supervise anybody, every receiver is on the source side.
        self.source_side = (
            set(self.solver.get_source_side_min_cut()) if len(ri) else {self.source, *range(nr)}
        )

    def resolve(self) -> int:
        if not len(self.middle):
            return 0
        status = self.solver.solve(self.source, self.sink)
        if status != self.solver.OPTIMAL:
            raise RuntimeError(f"max flow failed with status {status}")
        return self.solver.optimal_flow()

    def pairs(self) -> list[tuple[int, int]]:
        if not len(self.middle):
            return []
        used = np.nonzero(self.solver.flows(self.middle))[0]
        return list(
            zip(self.arc_supervisor[used].tolist(), self.arc_supervisee[used].tolist(), strict=True)
        )

    def plan(self, pairs: list[tuple[int, int]]) -> HalfTermPlan:
        """The pairs this flow looked at, with a plan of them (supervisor, supervisee)."""
        p = self.problem
        return HalfTermPlan.of(
            p.half_term, p.receivers, p.givers, self.arc_supervisor, self.arc_supervisee, pairs
        )

    def forbid(self, supervisor: int, supervisee: int) -> None:
        [arc] = np.nonzero(
            (self.arc_supervisor == supervisor) & (self.arc_supervisee == supervisee)
        )[0]
        self.solver.set_arc_capacity(int(self.middle[arc]), 0)

    def hall_groups(self) -> list[tuple[list[int], list[int]]]:
        """The min cut's receivers and their possible supervisors, split into independent
        groups: each has more people than its supervisors have places. Groups come in the
        order of their first receiver; each lists its people and supervisors in roster order."""
        problem = self.problem
        receivers = np.asarray(problem.receivers, dtype=np.int64)
        givers = np.asarray(problem.givers, dtype=np.int64)
        nr, ng = len(receivers), len(givers)
        side = np.zeros(nr + ng, dtype=bool)
        side[[i for i in self.source_side if i < nr + ng]] = True
        in_r, in_g = np.nonzero(side[:nr])[0], np.nonzero(side[nr:])[0]
        # Nodes: the cut's receivers, then its givers. Every possible supervisor of a
        # receiver in the cut is in it too, so the groups are the connected parts of the
        # possible pairs among them.
        node_r = np.full(nr, -1, dtype=np.int64)
        node_r[in_r] = np.arange(len(in_r))
        node_g = np.full(ng, -1, dtype=np.int64)
        node_g[in_g] = len(in_r) + np.arange(len(in_g))
        arcs = (node_r[self.ri] >= 0) & (node_g[self.gi] >= 0)
        label = _joined(
            np.arange(len(in_r) + len(in_g)), node_g[self.gi[arcs]], node_r[self.ri[arcs]]
        )
        if problem.large and len(np.unique(label[: len(in_r)])) > 1:
            # The flow holds some of a large half term's pairs: the others may join groups.
            label = self._joined_by_every_pair(label, receivers[in_r], givers, node_g)
        groups: dict[int, tuple[list[int], list[int]]] = {}
        for root, r in zip(label[: len(in_r)].tolist(), receivers[in_r].tolist(), strict=True):
            groups.setdefault(root, ([], []))[0].append(r)
        for root, g in zip(label[len(in_r) :].tolist(), givers[in_g].tolist(), strict=True):
            if root in groups:
                groups[root][1].append(g)
        return [(sorted(rs), sorted(gs)) for rs, gs in groups.values()]

    def _joined_by_every_pair(
        self, label: np.ndarray, cut_r: np.ndarray, givers: np.ndarray, node_g: np.ndarray
    ) -> np.ndarray:
        """`label` with the groups joined by every possible pair of a large half term, asked
        about a block of givers at a time."""
        eligibility, h = self.problem.eligibility, self.problem.half_term
        node_of = np.full(len(eligibility.roster.people), -1, dtype=np.int64)
        node_of[givers] = node_g
        for rows in eligibility.blocks(h):
            rows = rows[node_of[rows] >= 0]
            if not len(rows):
                continue
            nodes = node_of[rows]
            # Only pairs across two groups so far join anything.
            across = eligibility.allows(h, rows[:, None], cut_r[None, :]) & (
                label[nodes][:, None] != label[: len(cut_r)][None, :]
            )
            g, r = np.nonzero(across)
            label = _joined(label, nodes[g], r)
        return label


def _joined(label: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each node's group (`label`: a node of it, the same for all of them) once nodes a[i]
    and b[i] are joined, for every i: each round hooks the larger of two groups' labels
    on the smaller, then points every node at its group's label."""
    label = label.copy()
    while len(a):
        la, lb = label[a], label[b]
        apart = la != lb
        a, b, la, lb = a[apart], b[apart], la[apart], lb[apart]
        if not len(a):
            break
        np.minimum.at(label, np.maximum(la, lb), np.minimum(la, lb))
        while True:
            further = label[label]
            if np.array_equal(further, label):
                break
            label = further
    return label


_EACH = 20  # possible supervisors a receiver of a large half term starts from


def _sparse_flow(problem: _HalfTermProblem) -> _Flow:
    """A large half term's flow over some of its pairs, grown until its minimum cut holds
    over every pair: no receiver in the cut has a possible supervisor outside it. Then no
    plan covers more, and the cut is the one the flow over every pair finds (the smallest
    minimum cut, what is reachable from the source, is the same for every maximum flow),
    so the certificates are the same. Nothing people x people is built: the pairs are
    asked about a block of givers at a time."""
    eligibility, h = problem.eligibility, problem.half_term
    givers = np.asarray(problem.givers, dtype=np.intp)
    receivers = np.asarray(problem.receivers, dtype=np.intp)
    nr, ng = len(receivers), len(givers)
    giver_at = np.full(len(eligibility.roster.people), -1, dtype=np.int64)
    giver_at[givers] = np.arange(ng)
    # The fixes that change capacities alone share the eligibility: picked once.
    picked = _picked_cache.setdefault(eligibility, {})
    if h not in picked:
        picked[h] = _first_candidates(eligibility, h, receivers, giver_at)
    gi, ri = picked[h]
    while True:
        flow = _Flow(problem, gi, ri)
        if flow.value == nr:
            return flow
        cut_r = np.array([i for i in range(nr) if i in flow.source_side], dtype=np.int64)
        inside = np.zeros(len(eligibility.roster.people), dtype=bool)
        inside[[givers[i - nr] for i in flow.source_side if nr <= i < nr + ng]] = True
        found_g, found_r = [], []
        for rows in eligibility.blocks(h):
            rows = rows[~inside[rows]]
            if len(rows) and len(cut_r):
                g, r = np.nonzero(eligibility.allows(h, rows[:, None], receivers[cut_r][None, :]))
                found_g.append(giver_at[rows[g]])
                found_r.append(cut_r[r])
        if not sum(len(g) for g in found_g):
            return flow
        gi = np.concatenate([gi, *found_g])
        ri = np.concatenate([ri, *found_r])


def _first_candidates(
    eligibility: Eligibility, h: int, receivers: np.ndarray, giver_at: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each receiver's first _EACH possible supervisors, as positions in the givers and the
    receivers."""
    # Each receiver's _EACH possible supervisors of smallest scrambled key: spread over the
    # givers, so that no giver is everyone's first choice.
    keys = np.full((len(receivers), 0), 0, dtype=np.int64)
    chosen = np.zeros((len(receivers), 0), dtype=np.int64)
    for rows in eligibility.blocks(h):
        allowed = eligibility.allows(h, rows[:, None], receivers[None, :]).T
        block = _scrambled(rows[None, :], receivers[:, None])
        block[~allowed] = np.iinfo(np.int64).max
        keys = np.concatenate([keys, block], axis=1)
        chosen = np.concatenate([chosen, np.broadcast_to(giver_at[rows], block.shape)], axis=1)
        if keys.shape[1] > _EACH:
            keep = np.argpartition(keys, _EACH - 1, axis=1)[:, :_EACH]
            keys = np.take_along_axis(keys, keep, axis=1)
            chosen = np.take_along_axis(chosen, keep, axis=1)
    ri, column = np.nonzero(keys < np.iinfo(np.int64).max)
    return chosen[ri, column], ri


_picked_cache: weakref.WeakKeyDictionary[Eligibility, dict[int, tuple[np.ndarray, np.ndarray]]] = (
    weakref.WeakKeyDictionary()
)


def _scrambled(supervisors: np.ndarray, supervisees: np.ndarray) -> np.ndarray:
    """A fixed pseudo-random key for each pair (a 64-bit mix of both positions)."""
    key = (supervisors.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ (
        supervisees.astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)
    )
    key ^= key >> np.uint64(29)
    key *= np.uint64(0xBF58476D1CE4E5B9)
    key ^= key >> np.uint64(32)
    return (key >> np.uint64(2)).astype(np.int64)


_SEED = 0
_ARCS_BUILT_PER_SECOND = 80_000  # measured: a year of 350,000 arcs took 4.5 s to build


def _search(
    roster: Roster,
    eligibility: Eligibility,
    problems: list[_HalfTermProblem],
    hint: list[tuple[int, int]],
    time_limit: float,
):
    """CP-SAT on the cover stage alone: the fewest sessions under Cover Needed under every
    hard rule as the rules add themselves to the pairing model (H1, H2, H4 and, when Repeat
    Pairs is forbid, H11: no pair meeting twice in these half terms), over the pairs each
    problem allows. `hint` is a plan of the first half term, as (supervisor, supervisee).
    Returns the sessions covered by the best plan found, the most that could be (a bound),
    that plan's pairs, whether it is proven best, and its cost in seconds; pairs are
    (supervisor, supervisee), or (half term, supervisor, supervisee) over several half
    terms. The cost is CP-SAT's deterministic time plus building the model, counted by its
    size so that it is the same on every machine: building a year for 300 people takes
    seconds, which CP-SAT's clock does not see."""
    n = len(roster.people)
    candidates = {}
    problems = [p.dense() for p in problems]
    for p in problems:
        gi, ri = (
            np.nonzero(p.allowed[np.ix_(p.givers, p.receivers)])
            if p.givers and p.receivers
            else (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        )
        candidates[p.half_term] = HalfTermPairs(
            p.half_term,
            np.asarray(p.givers, dtype=np.int64)[gi],
            np.asarray(p.receivers, dtype=np.int64)[ri],
            np.zeros((n, n), dtype=bool),
            None,
        )
    # `roster` gives the places (Capacity reads the model's roster); `problems` the pairs.
    model = PairingModel(roster, eligibility, [p.half_term for p in problems], (), candidates)
    for rule in HARD_RULES:
        rule.add_to_model(model)
    receivers = sum(len(p.receivers) for p in problems)
    model.cp.minimize(FewestCoverNeeded().expression(model))
    # The sessions of the hint only: full 0/1 hints were seen to slow the search.
    first = problems[0].half_term
    set_hint(model.cp, {model.chosen(first, g, r).index: 1 for g, r in hint})
    result = run(model.cp, time_limit, _SEED)
    cost = result.deterministic_time + len(model.pairings) / _ARCS_BUILT_PER_SECOND
    if not result.found:
        # Stopped before any plan, CP-SAT reports no bound: the most that is known is one
        # session for each person who needs one.
        return 0, receivers, [], False, cost
    chosen = [p for p in model.pairings if result.solution[p.chosen.index]]
    pairs = (
        [(p.supervisor, p.supervisee) for p in chosen]
        if len(problems) == 1
        else [(p.half_term, p.supervisor, p.supervisee) for p in chosen]
    )
    return receivers - result.objective, receivers - result.bound, pairs, result.proven, cost


# --- certificates ----------------------------------------------------------------------------


def _flow_certificates(problem: _HalfTermProblem, eligibility: Eligibility, flow: _Flow):
    h = problem.half_term
    all_givers = set(problem.givers)
    for receivers, supervisors in flow.hall_groups():
        places = sum(problem.places[g] for g in supervisors)
        shortfall = len(receivers) - places
        if shortfall <= 0:
            continue
        if not supervisors:
            [r] = receivers
            others = [g for g in problem.givers if g != r]
            breakdown = _ruled_out(problem, eligibility, r)
            kind = Kind.NO_SUPERVISOR if others else Kind.NOBODY_GIVES
            yield Certificate(kind, h, (r,), (), 0, 1, len(others), breakdown)
        else:
            kind = Kind.TOO_FEW_PLACES if set(supervisors) == all_givers else Kind.GROUP
            yield Certificate(kind, h, tuple(receivers), tuple(supervisors), places, shortfall)


def _ruled_out(
    problem: _HalfTermProblem, eligibility: Eligibility, supervisee: int
) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    excluded: set[int] = set()
    for rule, out in eligibility.ruled_out(problem.half_term, supervisee):
        out = [g for g in out if g != supervisee]
        excluded |= set(out)
        if out:
            counts[rule.code] = counts.get(rule.code, 0) + len(out)
    met = [g for g in problem.givers if g != supervisee and g not in excluded]
    if met:
        counts[MET_THIS_YEAR] = len(met)
    return tuple(counts.items())


def _deadlocks(problem: _HalfTermProblem, found: list[Certificate]) -> list[Certificate]:
    """Two people, not already in a certificate, each of whom only the other may supervise:
    H4 leaves one of them without a supervisor."""
    taken = _covered_by(found)
    only = {r: g for r, g in problem.only_supervisors().items() if r not in taken}
    return [
        Certificate(Kind.DEADLOCK, problem.half_term, (a, b), (b, a), 0, 1)
        for a, b in sorted(only.items())
        if a < b and only.get(b) == a
    ]


def _covered_by(certificates: list[Certificate]) -> set[int]:
    return {r for c in certificates for r in c.supervisees}


def _few_partners(
    roster: Roster, eligibility: Eligibility, half_terms: list[int], kept
) -> tuple[tuple[int, int, int], ...]:
    """People who receive in more half terms than they have possible supervisors in the year:
    with no pair meeting twice, some of their sessions cannot be covered."""
    sessions: Counter[int] = Counter()
    partners: dict[int, set[int]] = defaultdict(set)
    for h in half_terms:
        problem = _HalfTermProblem.build(roster, eligibility, h, kept)
        for r in problem.receivers:
            sessions[r] += 1
            partners[r] |= set(problem.candidates(r))
    return tuple(
        (r, n, len(partners[r])) for r, n in sorted(sessions.items()) if n > len(partners[r])
    )


def _kept_pairs(
    roster: Roster, previous: Plan | None, first: int, pinned: tuple[Session, ...]
) -> frozenset[tuple[int, int]]:
    """Pairs the half terms a re-solve keeps have made, and the sessions today pins: with
    Repeat Pairs forbid they may not meet again."""
    if previous is None or not _pairs_meet_once(roster):
        return frozenset()
    kept = {h.name for h in roster.half_terms[:first]}
    index = roster.index
    return frozenset(
        (index[s.supervisor_id], index[s.supervisee_id])
        for s in [*(s for s in previous.sessions if s.half_term in kept), *pinned]
        if s.supervisor_id in index and s.supervisee_id in index
    )
