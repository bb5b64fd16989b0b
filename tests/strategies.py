"""Hypothesis strategies that build small, valid rosters: every reference resolves, so every
generated roster is one a trust lead could have typed in."""

from __future__ import annotations

from hypothesis import strategies as st

from peerpair.domain.roster import (
    TRUST_LEAD_WORD,
    WEEKDAYS,
    Absence,
    ChangeRequest,
    HalfTerm,
    PastPair,
    Person,
    Roster,
    Settings,
)

HALF_TERM_NAMES = ("Autumn 1", "Autumn 2", "Spring 1")


def _mostly(usual, otherwise=None):
    """The usual value three times in four, so that most generated rosters can be planned
    and the rules that bite are the interesting ones."""
    rare = st.booleans().map(lambda b: not usual) if otherwise is None else otherwise
    return st.one_of(st.just(usual), st.just(usual), st.just(usual), rare)


@st.composite
def rosters(draw, max_people: int = 7, max_half_terms: int = 2) -> Roster:
    n = draw(st.integers(2, max_people))
    ids = [f"P{i}" for i in range(n)]
    # Shifting people's school by 0 (Hypothesis's simplest choice) spreads them over four
    # schools; other shifts crowd some schools.
    schools = [(i + draw(st.integers(0, 3))) % 4 for i in range(n)]
    half_terms = tuple(
        HalfTerm(name=name) for name in HALF_TERM_NAMES[: draw(st.integers(1, max_half_terms))]
    )
    people = []
    for i, person_id in enumerate(ids):
        lead = draw(_mostly(False))
        others = [x for x in ids if x != person_id]
        receive_from = draw(
            _mostly(
                None,
                st.sets(st.sampled_from(others + [TRUST_LEAD_WORD]), min_size=1, max_size=2).map(
                    frozenset
                ),
            )
        )
        people.append(
            Person(
                id=person_id,
                name=f"Person {i}",
                school="Central team" if lead else f"School {schools[i]}",
                hub=draw(st.sampled_from(["North", "South", ""])),
                role="Trust Safeguarding Lead" if lead else "DSL",
                supervision_trained=lead or draw(_mostly(True)),
                gives=draw(_mostly(True)),
                receives=None if lead else draw(_mostly(True)),
                capacity=draw(_mostly(None, st.integers(0, 2))),
                working_days=draw(
                    _mostly(
                        frozenset(WEEKDAYS),
                        st.sets(st.sampled_from(WEEKDAYS), min_size=1, max_size=4).map(frozenset),
                    )
                ),
                line_manager_id=draw(_mostly(None, st.sampled_from(others))),
                receive_from=receive_from,
            )
        )
    pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1])
    change_requests = tuple(
        ChangeRequest(
            person_id=a,
            partner_id=b,
            from_half_term=draw(st.none() | st.sampled_from([h.name for h in half_terms])),
        )
        for a, b in draw(st.lists(pairs, max_size=2))
    )
    history = tuple(
        PastPair(supervisor_id=a, supervisee_id=b) for a, b in draw(st.lists(pairs, max_size=3))
    )
    absences = tuple(
        Absence(person_id=p, half_term=h)
        for p, h in draw(
            st.lists(
                st.tuples(st.sampled_from(ids), st.sampled_from([h.name for h in half_terms])),
                max_size=2,
            )
        )
    )
    settings = Settings(
        repeat_pairs=draw(st.sampled_from(["avoid", "forbid", "allow"])),
        same_hub=draw(st.sampled_from(["any", "prefer", "avoid"])),
    )
    return Roster(
        people=tuple(people),
        half_terms=half_terms,
        absences=absences,
        change_requests=change_requests,
        history=history,
        settings=settings,
    )


@st.composite
def changes_to(draw, roster: Roster, previous, first: int) -> Roster:
    """The roster as a trust lead edits it mid-year: change requests between people the
    previous plan paired, absences, a joiner and a leaver, each drawn or not."""
    names = [h.name for h in roster.half_terms]
    later = [s for s in previous.sessions if names.index(s.half_term) >= first]
    people = list(roster.people)
    change_requests = list(roster.change_requests)
    for s in draw(st.lists(st.sampled_from(later), max_size=2, unique=True)) if later else []:
        change_requests.append(
            ChangeRequest(
                person_id=s.supervisee_id, partner_id=s.supervisor_id, from_half_term=names[first]
            )
        )
    absences = list(roster.absences)
    if draw(st.booleans()):
        absences.append(
            Absence(
                person_id=draw(st.sampled_from(people)).id,
                half_term=draw(st.sampled_from(names[first:])),
            )
        )
    if draw(st.booleans()):
        people.append(
            Person(
                id="J1",
                name="Joiner",
                school=f"School {draw(st.integers(0, 3))}",
                supervision_trained=True,
            )
        )
    if draw(st.booleans()) and len(people) > 2:
        leaver = draw(st.sampled_from(people)).id
        people = [
            p.model_copy(
                update={
                    "line_manager_id": None if p.line_manager_id == leaver else p.line_manager_id,
                    "receive_from": None
                    if p.receive_from is not None and p.receive_from <= {leaver}
                    else (p.receive_from - {leaver} if p.receive_from is not None else None),
                }
            )
            for p in people
            if p.id != leaver
        ]
        change_requests = [c for c in change_requests if leaver not in (c.person_id, c.partner_id)]
        absences = [a for a in absences if a.person_id != leaver]
    ids = {p.id for p in people}
    return roster.model_copy(
        update={
            "people": tuple(people),
            "change_requests": tuple(change_requests),
            "absences": tuple(absences),
            "history": tuple(
                h for h in roster.history if {h.supervisor_id, h.supervisee_id} <= ids
            ),
        }
    )
