"""What would cover more sessions, computed rather than guessed.

Each candidate fix is the roster with one change a trust lead can make: a supervisor takes
one more supervisee, someone adds a working day, someone is trained (earlier), or one more
trained supervisor joins from another school. Each is judged by the fewest sessions under
Cover Needed its roster allows, exactly as `diagnose` finds it for the roster itself, and
the fixes are ranked by the sessions they cover.

Candidates come only from the people the certificates name, so the list stays short. A
person's Receive From list and change requests are theirs: no fix touches them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from peerpair.constraints.eligibility import BLOCK_PAIRS, Eligibility
from peerpair.diagnosis.one_change import fewest_uncovered
from peerpair.diagnosis.proofs import Certificate, Diagnosis, Fewest, Kind, fewest_cover_needed
from peerpair.diagnosis.wording import who
from peerpair.domain.roster import WEEKDAYS, Person, Roster, school_key
from peerpair.words import DAY_NAMES, count

_DAY_NAME = dict(zip(WEEKDAYS, DAY_NAMES[:5], strict=True))  # "Mon": "Monday"

# How many candidates of each kind are tried, at most: the most promising first.
_MOST = {"capacity": 12, "working day": 12, "training": 8, "new supervisor": 4}
_ORDER = list(_MOST)  # among fixes covering as many sessions, the smaller change first
_SHOWN_PER_KIND = 2
_SECONDS_PER_FIX = 5.0  # CP-SAT's deterministic time for one fix, when a flow cannot decide
# ...and for all of them. On a large trust where no pair may meet twice, a fix may need the
# whole year searched, which costs seconds to build and more than its time to prove: tens
# of such fixes kept `solve` going for minutes after its plan was written. Once this is
# spent, fixes the flows decide are still judged; those that need a search are not.
_SECONDS_FOR_ALL_FIXES = 10.0
_MORE_PLACES = 2  # the most extra places a fix asks of one supervisor


@dataclass(frozen=True)
class Suggestions:
    """The fixes to show, best first, and how many candidates might cover more but could
    not be shown to within the search time fixes are given."""

    fixes: list[Fix]
    unjudged: int = 0


@dataclass(frozen=True)
class Fix:
    """`roster` with the fix made covers `covers` more sessions, in `half_terms`."""

    description: str
    covers: int
    half_terms: tuple[str, ...]
    roster: Roster
    kind: str
    where: str  # by half term, in words: "2 in each half term", "Autumn 1: 2, Spring 2: 1"

    def line(self) -> str:
        return f"{self.description} covers {count(self.covers, 'more session')} ({self.where})."


def suggest_fixes(
    diagnosis: Diagnosis, *, limit: int = 5, time_limit: float | None = None
) -> Suggestions:
    """The `limit` fixes that cover the most sessions, best first. None when the roster is
    complete, or when its own fewest could not be proven (nothing to compare against)."""
    if diagnosis.complete or not diagnosis.proven:
        return Suggestions([])
    roster = diagnosis.roster
    budget = time_limit if time_limit is not None else roster.settings.time_limit
    left = min(budget, _SECONDS_FOR_ALL_FIXES)
    eligibility = diagnosis.eligibility()
    half_terms = [d.half_term for d in diagnosis.half_terms]
    before = {d.half_term: d.fewest_uncovered for d in diagnosis.half_terms}
    fixes, unjudged = [], 0
    candidates = list(enumerate(_candidates(diagnosis, eligibility)))
    if diagnosis.plans:
        # Judged from the roster's own plans, the fixes that could cover the most first:
        # once five are shown, one that could not sort before the last of them is not judged.
        candidates.sort(key=lambda c: -_most_covered(diagnosis, c[1][0], c[1][2], c[1][3]))
    for number, (kind, description, variant, changed) in candidates:
        if diagnosis.plans:
            bound = _most_covered(diagnosis, kind, variant, changed)
            best_rank = (-bound, _ORDER.index(kind), number)
            if not bound or not _may_be_shown(best_rank, kind, fixes, limit):
                continue
        # A capacity changes no pair a rule allows: the roster's own eligibility serves the
        # plans, which take the places from `variant`.
        judged_by = eligibility if kind == "capacity" else diagnosis.eligibility(variant)
        after = _from_the_plans(diagnosis, variant, judged_by, changed)
        if after is None:
            # A search reads each supervisor's places from its eligibility's roster.
            after = fewest_cover_needed(
                variant,
                diagnosis.eligibility(variant) if kind == "capacity" else judged_by,
                half_terms,
                diagnosis.kept_pairs,
                min(budget, _SECONDS_PER_FIX, left),
                enough=diagnosis.fewest_uncovered,
            )
            left -= after.searched
        covers = diagnosis.fewest_uncovered - after.total
        # Unproven, `after.total` is a bound and `covers` the most the fix could cover.
        unjudged += not after.proven and covers > 0
        if after.proven and covers > 0:
            gains = {
                roster.half_terms[h].name: before[h] - after.per_half_term[h]
                for h in half_terms
                if after.per_half_term[h] < before[h]
            }
            # With pairs meeting once a year, some of a fix's sessions may belong to no one
            # half term.
            where = (
                _where(gains, len(roster.half_terms))
                if sum(gains.values()) == covers
                else "over the year"
            )
            fix = Fix(description, covers, tuple(gains), variant, kind, where)
            fixes.append(((-covers, _ORDER.index(kind), number), fix))
    return Suggestions([fix for _, fix in _shown(fixes, limit)], unjudged)


def _shown(fixes: list[tuple[tuple, Fix]], limit: int) -> list[tuple[tuple, Fix]]:
    """The fixes to show, each with its rank: most sessions covered, then the smaller
    change, then the order tried. The best of each kind first: five ways to add one place
    would crowd out a working day."""
    shown: list[tuple[tuple, Fix]] = []
    for rank, fix in sorted(fixes, key=lambda f: f[0]):
        if sum(f.kind == fix.kind for _, f in shown) < _SHOWN_PER_KIND:
            shown.append((rank, fix))
    return shown[:limit]


def _may_be_shown(best_rank: tuple, kind: str, fixes: list[tuple[tuple, Fix]], limit: int) -> bool:
    """Whether a fix of `kind` whose rank is at best `best_rank` could be among those shown:
    not when two of its kind already rank before it, nor when `limit` are shown that do.
    Judging more fixes only adds ones that rank before it, so one that cannot now never
    could."""
    if sum(f.kind == kind and rank < best_rank for rank, f in fixes) >= _SHOWN_PER_KIND:
        return False
    shown = _shown(fixes, limit)
    return len(shown) < limit or best_rank < shown[-1][0]


def _most_covered(diagnosis: Diagnosis, kind: str, variant: Roster, changed: int) -> int:
    """The most sessions a fix could cover, from the changed person alone: the places they
    gain, and a session of their own, in each half term that needs cover. A capacity changes
    no pair (the same eligibility judges it): only its new places count."""
    roster = diagnosis.roster
    person = variant.people[changed]
    most = 0
    for d in diagnosis.half_terms:
        h = d.half_term
        gives = variant.gives_in(person, h) and person.capacity > 0
        if kind == "capacity":
            was = roster.people[changed]
            gain = person.capacity - was.capacity if roster.gives_in(was, h) and gives else 0
        else:
            gain = person.capacity * gives + variant.receives_in(person, h)
        most += min(d.fewest_uncovered, max(gain, 0))
    return most


def _from_the_plans(
    diagnosis: Diagnosis, variant: Roster, eligibility: Eligibility, changed: int
) -> Fewest | None:
    """The fewest sessions under Cover Needed with a fix, each half term worked out from the
    roster's own best plan (one_change.py); None when some half term cannot be."""
    if not diagnosis.plans:
        return None
    per = {}
    for h, plan in diagnosis.plans.items():
        per[h] = fewest_uncovered(plan, variant, eligibility, changed)
        if per[h] is None:
            return None
    total = sum(per.values())
    return Fewest(per, dict.fromkeys(per, True), total, True, {}, {}, {}, 0.0)


def _where(gains: dict[str, int], every: int) -> str:
    """Where a fix's sessions are: "in Autumn 1", "2 in each half term", "1 in each of
    Spring 1 and Spring 2", "Autumn 1: 2, Spring 1: 1"."""
    names = list(gains)
    if len(names) == 1:
        return f"in {names[0]}"
    if len(set(gains.values())) == 1:
        n = gains[names[0]]
        if len(names) == every:
            return f"{n} in each half term"
        return f"{n} in each of {', '.join(names[:-1])} and {names[-1]}"
    return ", ".join(f"{name}: {n}" for name, n in gains.items())


def _candidates(diagnosis: Diagnosis, eligibility: Eligibility):
    """(kind, description, roster with the fix, position of the person it changes or adds)
    for each fix worth trying."""
    yield from _capacities(diagnosis)
    yield from _working_days(diagnosis, eligibility)
    yield from _training(diagnosis)
    yield from _new_supervisors(diagnosis)


def _certificates(diagnosis: Diagnosis) -> list[Certificate]:
    return [c for d in diagnosis.half_terms for c in d.certificates]


def _capacities(diagnosis: Diagnosis):
    """One more place, and two when the group lacks two, for the supervisors of groups short
    of places."""
    roster = diagnosis.roster
    short: dict[int, int] = {}
    for c in _certificates(diagnosis):
        if c.kind in (Kind.GROUP, Kind.TOO_FEW_PLACES):
            for g in c.supervisors:
                short[g] = max(short.get(g, 0), c.shortfall)
    # In a trust short of places everyone is a candidate: those with the most would-be
    # supervisees left without one are tried first.
    for g in sorted(short, key=lambda g: (-short[g], g))[: _MOST["capacity"]]:
        person = roster.people[g]
        for more in sorted({1, min(short[g], _MORE_PLACES)}):
            capacity = person.capacity + more
            yield (
                "capacity",
                f"Capacity {capacity} (now {person.capacity}) for {who(person)}",
                _with(roster, g, capacity=capacity),
                g,
            )


def _working_days(diagnosis: Diagnosis, eligibility: Eligibility):
    """A day added to someone's working days, where sharing no day is all that keeps a person
    in a certificate from a would-be supervisor (the first rule that rules the pair out)."""
    roster = diagnosis.roster
    # For each person and day, how many such pairs the day would open: each side gains the
    # other's working days.
    n = len(roster.people)
    days = np.array([[d in p.working_days for d in WEEKDAYS] for p in roster.people])
    opens = np.zeros((n, len(WEEKDAYS)))  # whole numbers, as bincount adds them
    for h, (supervisees, times) in _named_by_half_term(diagnosis).items():
        for givers, first in _first_ruled_out(eligibility, h, supervisees, "H9"):
            g, r = np.nonzero(first)
            g, r, pairs = givers[g], supervisees[r], times[r]  # a person named twice counts twice
            for d in range(len(WEEKDAYS)):
                opens[:, d] += np.bincount(r, pairs * days[g, d], minlength=n)
                opens[:, d] += np.bincount(g, pairs * days[r, d], minlength=n)
    people, day = np.nonzero(opens)
    ranked = sorted(
        zip(people.tolist(), day.tolist(), strict=True),
        key=lambda k: (-opens[k], k[0], k[1]),
    )
    for p, d in ranked[: _MOST["working day"]]:
        person = roster.people[p]
        yield (
            "working day",
            f"Adding {_DAY_NAME[WEEKDAYS[d]]} to the working days of {who(person)}",
            _with(roster, p, working_days=person.working_days | {WEEKDAYS[d]}),
            p,
        )


def _named_by_half_term(diagnosis: Diagnosis) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """For each half term, the people its certificates name and how many times each."""
    named: dict[int, Counter[int]] = {}
    for c in _certificates(diagnosis):
        named.setdefault(c.half_term, Counter()).update(c.supervisees)
    return {
        h: (np.array(sorted(n), dtype=np.intp), np.array([n[r] for r in sorted(n)]))
        for h, n in named.items()
    }


def _first_ruled_out(eligibility: Eligibility, h: int, supervisees: np.ndarray, code: str):
    """For each block of the half term's givers, which pairs with `supervisees` the rule
    `code` is the first to rule out, in the order Eligibility.ruled_out counts them."""
    roster, givers = eligibility.roster, eligibility.giver_array(h)
    rows = max(1, BLOCK_PAIRS // max(len(supervisees), 1))
    for start in range(0, len(givers), rows):
        block = givers[start : start + rows]
        shape = (len(block), len(supervisees))
        earlier = np.zeros(shape, dtype=bool)
        for rule in eligibility.rules:
            forbidden = rule.forbids(roster, h, block[:, None], supervisees[None, :])
            if forbidden is None:
                continue
            forbidden = np.broadcast_to(forbidden, shape)
            if rule.code == code:
                yield block, forbidden & ~earlier
                break
            earlier |= forbidden


def _training(diagnosis: Diagnosis):
    """Supervision-skills training, or training before the half term that needs it, for
    people who would give but are not trained in time."""
    roster = diagnosis.roster
    schools = {
        school_key(roster.people[r].school) for c in _certificates(diagnosis) for r in c.supervisees
    }
    found = []
    for p, person in enumerate(roster.people):
        if not (person.gives and person.capacity > 0):
            continue
        late = [
            d.half_term
            for d in diagnosis.half_terms
            # With pairs meeting once a year, one more supervisor is new partners in any.
            if (d.fewest_uncovered or diagnosis.year)
            and not roster.is_trained_by(person, d.half_term)
        ]
        if late:
            found.append((school_key(person.school) in schools, p, late[0]))
    for _, p, h in sorted(found)[: _MOST["training"]]:
        person = roster.people[p]
        before = roster.half_terms[h].name
        what = (
            f"Training {who(person)} before {before} rather than on {person.trained_on:%d/%m/%Y}"
            if person.supervision_trained
            else f"Supervision-skills training for {who(person)} before {before}"
        )
        yield (
            "training",
            what,
            _with(roster, p, supervision_trained=True, trained_on=None),
            p,
        )


def _new_supervisors(diagnosis: Diagnosis):
    """One more trained supervisor, free any day and from no school in the roster, with as
    many places as a certificate's people lack."""
    roster = diagnosis.roster
    # Per half term, the sessions the certificates of people from the same schools lack; a
    # trust short of places overall needs supervisors from anywhere.
    short: dict[tuple[tuple[str, ...], int | None], int] = {}
    # With pairs meeting once a year, a newcomer is new partners for the people it names.
    for c in (*_certificates(diagnosis), *diagnosis.year):
        schools = (
            ()
            if c.kind is Kind.TOO_FEW_PLACES
            else tuple(sorted({school_key(roster.people[r].school) for r in c.supervisees}))
        )
        short[schools, c.half_term] = short.get((schools, c.half_term), 0) + c.shortfall
    needed: dict[tuple[str, ...], int] = {}
    for (schools, _), n in short.items():
        needed[schools] = max(needed.get(schools, 0), n)
    spelt: dict[str, str] = {}  # each school as H5 matches it, named as first spelt
    for person in roster.people:
        spelt.setdefault(school_key(person.school), person.school)
    taken = {p.id for p in roster.people}
    new_id = next(f"NEW{n}" for n in range(1, len(taken) + 2) if f"NEW{n}" not in taken)
    ranked = sorted(needed.items(), key=lambda item: (-item[1], item[0]))
    for schools, places in ranked[: _MOST["new supervisor"]]:
        places = min(places, 3)
        newcomer = Person(
            id=new_id,
            name="New supervisor",
            school=_another_school(roster),
            supervision_trained=True,
            receives=False,
            capacity=places,
        )
        where = f" from outside {' or '.join(spelt[s] for s in schools)}" if schools else ""
        with_places = f", with {places} places" if places > 1 else ""
        yield (
            "new supervisor",
            f"One more trained supervisor{where}, free any day{with_places},",
            roster.model_copy(update={"people": (*roster.people, newcomer)}),
            len(roster.people),
        )


def _another_school(roster: Roster) -> str:
    schools = {school_key(p.school) for p in roster.people}
    return next(
        name
        for name in ("Another school", *(f"Another school {n}" for n in range(2, 100)))
        if school_key(name) not in schools
    )


def _with(roster: Roster, p: int, **changes) -> Roster:
    people = list(roster.people)
    people[p] = people[p].model_copy(update=changes)
    return roster.model_copy(update={"people": tuple(people)})
