"""The diagnosis in a trust lead's words: each certificate with every count needed to
check it by hand, people named with their ID and school, and the report `explain` prints.
The proofs themselves are proofs.py's."""

from __future__ import annotations

from collections import Counter

from peerpair.diagnosis.proofs import MET_THIS_YEAR, Certificate, Diagnosis, Kind
from peerpair.domain.roster import Person, Roster, school_key
from peerpair.words import count

# How the lead's terminal names each rule's exclusions, for one person and for several. The
# plan says "other arrangements" for change requests and Receive From lists: it is shared.
RULE_PHRASES = {
    "H5": ("works at the same school", "work at the same school"),
    "H7": ("is excluded by a change request", "are excluded by change requests"),
    "H8": ("line-manages or is line-managed by them", "line-manage or are line-managed by them"),
    "H9": ("shares no working day", "share no working day"),
    "H10": ("is not on their Receive From list", "are not on their Receive From list"),
    "H11": ("was paired with them before", "were paired with them before"),
    MET_THIS_YEAR: (
        "was paired with them earlier this year",
        "were paired with them earlier this year",
    ),
}
PRIVATE_RULES = frozenset({"H7", "H10"})
OTHER_ARRANGEMENTS = ("is ruled out by other arrangements", "are ruled out by other arrangements")


def who(person: Person) -> str:
    """A person as messages name them: name, ID and school."""
    return f"{person.name} ({person.id}, {person.school})"


def by_school(people: list[Person]) -> str:
    """ "8 at Oak Primary, 1 at Elm Academy": the largest first. Schools are matched as H5
    matches them, ignoring case, spacing and punctuation, and named as first spelt."""
    spelt: dict[str, str] = {}
    schools = Counter(spelt.setdefault(school_key(p.school), p.school) for p in people)
    return ", ".join(f"{n} at {school}" for school, n in schools.most_common())


def names(people: list[Person], limit: int | None = None) -> str:
    shown = [who(p) for p in people[:limit]]
    if limit is not None and len(people) > limit:
        shown.append(f"{len(people) - limit} more")
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def ruled_out_phrase(certificate: Certificate, private: bool) -> str:
    """ "3 work at the same school, 2 share no working day". With `private` (for the plan),
    change requests and Receive From lists are counted together as other arrangements, in
    the plan's fixed wording."""
    # Singular or plural by the count said, which for other arrangements is a sum.
    counts: dict[tuple[str, str], int] = {}
    for code, n in certificate.ruled_out:
        phrases = RULE_PHRASES.get(code, OTHER_ARRANGEMENTS)
        if private and code in PRIVATE_RULES:
            phrases = OTHER_ARRANGEMENTS
        counts[phrases] = counts.get(phrases, 0) + n
    parts = [f"{n} {one if n == 1 else several}" for (one, several), n in counts.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def describe(certificate: Certificate, roster: Roster, when: str | None = None) -> str:
    """A certificate for the lead's terminal, with every count they need to check it.
    `when` says which half terms it holds in ("in every half term"); by default its own."""
    people = roster.people
    supervisees = [people[i] for i in certificate.supervisees]
    supervisors = [people[i] for i in certificate.supervisors]
    one = when is None
    if when is None and certificate.half_term is not None:
        when = f"in {roster.half_terms[certificate.half_term].name}"
    # Held in several half terms, the shortfall is each one's.
    short = sessions_need(certificate.shortfall) + " cover" + ("" if one else " in each")
    match certificate.kind:
        case Kind.NOBODY_GIVES:
            return (
                f"{who(supervisees[0])} has no possible supervisor {when}: nobody else gives "
                "supervision then."
            )
        case Kind.NO_SUPERVISOR:
            others = count(certificate.others, "other trained person", "other trained people")
            return (
                f"{who(supervisees[0])} has no possible supervisor {when}: of the {others} "
                f"giving supervision then, {ruled_out_phrase(certificate, private=False)}."
            )
        case Kind.GROUP if len(supervisors) == 1:
            return (
                f"These {len(supervisees)} people ({by_school(supervisees)}) can only be "
                f"supervised by {who(supervisors[0])}, who has "
                f"{count(certificate.places, 'place')} {when}: at least {short}.\n"
                f"    They are {names(supervisees)}."
            )
        case Kind.GROUP:
            return (
                f"These {len(supervisees)} people ({by_school(supervisees)}) can only be "
                f"supervised by these {len(supervisors)} people, who have "
                f"{count(certificate.places, 'place')} between them {when}: at least "
                f"{short}.\n"
                f"    They are {names(supervisees)}.\n"
                f"    Their possible supervisors are {_with_places(supervisors)}."
            )
        case Kind.TOO_FEW_PLACES if len(supervisors) == 1:
            return (
                f"Too few places {when}: {who(supervisors[0])}, the only person giving "
                f"supervision, has {count(certificate.places, 'place')}, and "
                f"{count(len(supervisees), 'person needs', 'people need')} them as supervisor: "
                f"at least {short}."
            )
        case Kind.TOO_FEW_PLACES:
            return (
                f"Too few places {when}: the {len(supervisors)} people giving supervision "
                f"have {count(certificate.places, 'place')} between them, and "
                f"{count(len(supervisees), 'person needs', 'people need')} one of them as "
                f"supervisor: at least {short}."
            )
        case Kind.DEADLOCK:
            a, b = supervisees
            return (
                f"{who(a)} and {who(b)} can each be supervised only by the other, and two "
                f"people may not supervise each other in one half term: one of them needs "
                f"cover {when}."
            )
        case Kind.RECIPROCAL:
            involved = (
                f" (a best plan leaves {names(supervisees)} uncovered)" if supervisees else ""
            )
            return (
                f"{when[0].upper()}{when[1:]}, {short} because two people may not supervise each "
                f"other: every plan that covers more has a reciprocal pair{involved}. This is "
                "proven by search rather than by a count."
            )
        case Kind.REPEAT_PAIRS:
            lines = [
                "Repeat Pairs is forbid, so nobody may be paired with the same person twice "
                f"in the year: over the year, {sessions_need(certificate.shortfall)} cover "
                "beyond those above (proven by search)."
            ]
            lines += [
                f"    {who(people[r])} receives in {count(n, 'half term')} but has only "
                f"{count(k, 'possible supervisor')} all year."
                for r, n, k in certificate.few_partners
            ]
            return "\n".join(lines)
    raise ValueError(certificate.kind)


def sessions_need(n: int) -> str:
    """ "1 session needs", "3 sessions need"."""
    return f"{n} session needs" if n == 1 else f"{n} sessions need"


def in_half_terms(names_: list[str], every: int) -> str:
    """ "in Autumn 1", "in Autumn 1 and Spring 2", or "in every half term" when these are
    all `every` of them."""
    if len(names_) == every > 1:
        return "in every half term"
    if len(names_) == 1:
        return f"in {names_[0]}"
    return "in " + ", ".join(names_[:-1]) + " and " + names_[-1]


def _with_places(supervisors: list[Person]) -> str:
    shown = [f"{who(p)} with {count(p.capacity, 'place')}" for p in supervisors]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def report(diagnosis: Diagnosis) -> list[str]:
    """The diagnosis for the lead's terminal: a line for each half term, then the
    certificates, each once with the half terms it holds in."""
    roster = diagnosis.roster
    lines = []
    for d in diagnosis.half_terms:
        name = roster.half_terms[d.half_term].name
        if d.fewest_uncovered == 0 and d.proven:
            everyone = "everyone else" if d.no_day_left else "everyone"
            lines.append(
                f"{name}: {everyone} can have a supervisor "
                f"({count(d.receivers, 'person', 'people')} need one; "
                f"{count(d.givers, 'person', 'people')} give, with {count(d.places, 'place')})."
            )
        elif d.proven:
            lines.append(
                f"{name}: {d.fewest_uncovered} of {d.receivers} sessions need cover in any plan."
            )
        elif d.fewest_uncovered == 0:
            lines.append(
                f"{name}: the search ran out of time before it could say whether everyone can "
                "have a supervisor."
            )
        else:
            lines.append(
                f"{name}: at least {d.fewest_uncovered} of {d.receivers} sessions need cover in "
                "any plan "
                "(the search ran out of time before it could say exactly)."
            )
        if d.no_day_left:
            late = [roster.people[r] for r in d.no_day_left]
            lines.append(
                f"{name}: {count(len(late), 'person has', 'people have')} no day left for a "
                f"new session with the notice required, whatever the rules: {names(late, 5)}."
            )
    held: dict[tuple, tuple[Certificate, list[int]]] = {}
    for d in diagnosis.half_terms:
        for c in d.certificates:
            held.setdefault(_same_in_every_half_term(c), (c, []))[1].append(d.half_term)
    if held or diagnosis.year:
        lines.append("Why:")
    for certificate, half_terms in held.values():
        when = None
        if len(half_terms) > 1:
            when = in_half_terms(
                [roster.half_terms[h].name for h in half_terms], len(roster.half_terms)
            )
        lines.append("  - " + describe(certificate, roster, when).replace("\n", "\n  "))
    for certificate in diagnosis.year:
        lines.append("  - " + describe(certificate, roster).replace("\n", "\n  "))
    return lines


def _same_in_every_half_term(certificate: Certificate) -> tuple:
    """What a certificate says, but for its half term: equal when it says the same thing."""
    return (
        certificate.kind,
        certificate.supervisees,
        certificate.supervisors,
        certificate.places,
        certificate.shortfall,
        certificate.others,
        certificate.ruled_out,
    )
