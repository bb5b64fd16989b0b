"""What a plan has delivered, as of a day (SPEC 9, `peerpair report`): the counts a trust
board, governors and an inspector read.

Every peer session is in exactly one outcome, from the Status the lead recorded (SPEC 8):

- planned: blank, on or after today (or in a half term not yet over, when undated);
- held: Held;
- not recorded: blank, before today (assumed to have taken place);
- postponed: Postponed (it has the agreed new date);
- missed: Missed, with no make-up in the half term;
- made up: Missed, and the supervisee has another session in the half term that is not
  missed or cancelled (the make-up counts under its own outcome);
- cancelled: Cancelled.

Someone present received supervision in a half term when a session of theirs took place:
held, not recorded, or postponed to a day before today.

Who missed out is said in the plan's shared words only (absent; missed and not made up; no
possible supervisor; no day left in the half term), never a change request, an absence's
reason or a Cover Needed reason.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath

from peerpair.constraints.tier_needs import match, one_to_one_needs
from peerpair.diagnosis.alerts import dsl_training_lapses
from peerpair.domain.periods import at_school, members_of, periods, present_in_period
from peerpair.domain.plan import Plan, Session, SessionStatus
from peerpair.domain.replan import joiners_absent
from peerpair.domain.roster import Roster
from peerpair.domain.tiers import Tier, TierSession
from peerpair.pairing.solve import NO_DAY_LEFT


class Outcome(StrEnum):
    PLANNED = "Planned"
    HELD = "Held"
    NOT_RECORDED = "Not recorded"
    POSTPONED = "Postponed"
    MISSED = "Missed"
    MADE_UP = "Made up"
    CANCELLED = "Cancelled"


OUTCOMES = tuple(Outcome)
TOOK_PLACE = (Outcome.HELD, Outcome.NOT_RECORDED)
# A missed session's make-up is a session of its own; the missed one delivers nothing.
NOT_DELIVERED = (Outcome.MISSED, Outcome.MADE_UP, Outcome.CANCELLED)

ABSENT = "absent"
MISSED_NOT_MADE_UP = "missed and not made up"
NO_POSSIBLE_SUPERVISOR = "no possible supervisor"
NO_DAY_LEFT_IN_TIME = "no day left in the half term"
WHOLE_TRUST = "The trust"
NO_HUB = "(no hub)"


@dataclass(frozen=True)
class Counts:
    """One row of the report's tables: a half term (or the year) for the trust, a school or
    a hub. `received` is None before the half term has started."""

    half_term: str
    who: str
    in_cycle: int = 0
    present: int = 0
    sessions: dict[Outcome, int] = field(default_factory=dict)
    cover_needed: int = 0
    received: int | None = None
    with_session: int = 0  # people present with a session the plan still counts on
    present_to_date: int = 0  # of `present`, those in half terms that have begun

    @property
    def share(self) -> float | None:
        """The share of people present who received supervision, in the half terms begun."""
        if self.received is None or not self.present_to_date:
            return None
        return self.received / self.present_to_date

    @property
    def planned_share(self) -> float | None:
        """The share of people present the plan gives a session (held, to come, or made up)."""
        return self.with_session / self.present if self.present else None


@dataclass(frozen=True)
class MissedOut:
    half_term: str
    person_id: str
    name: str
    school: str
    why: str  # ABSENT, MISSED_NOT_MADE_UP, NO_POSSIBLE_SUPERVISOR or NO_DAY_LEFT_IN_TIME


@dataclass(frozen=True)
class TierDelivery:
    """A group's, school's or requirement's sessions: due over the year, planned, and held
    (took place) so far. For a group and a requirement each is one person's session in one
    period; for a school, one session in one period."""

    tier: str
    name: str
    due_per: str
    due: int
    planned: int
    held: int


@dataclass(frozen=True)
class Training:
    """Someone who gives no supervision, or gives it only later, for want of the
    supervision-skills training."""

    person_id: str
    name: str
    school: str
    what: str


@dataclass(frozen=True)
class DslLapse:
    person_id: str
    name: str
    school: str
    trained: dt.date
    lapses: dt.date
    before: str


@dataclass(frozen=True)
class Delivery:
    """The report's content, in order: the trust, schools and hubs by half term; who missed
    out; the other tiers; training."""

    today: dt.date
    trust_name: str  # the Settings sheet's Trust Name, else the roster's file name
    half_terms: tuple[str, ...]
    trust: tuple[Counts, ...]
    by_school: tuple[Counts, ...]
    by_hub: tuple[Counts, ...]
    missed_out: tuple[MissedOut, ...]
    tiers: tuple[TierDelivery, ...]
    training: tuple[Training, ...]
    dsl_lapses: tuple[DslLapse, ...]


def outcomes(plan: Plan, roster: Roster, today: dt.date) -> list[tuple[Session, Outcome]]:
    """Every peer session of the plan with its outcome, in the plan's order."""
    kept = Counter(
        (s.half_term, s.supervisee_id)
        for s in plan.sessions
        if s.status not in (SessionStatus.MISSED, SessionStatus.CANCELLED)
    )
    ends = {h.name: h.end for h in roster.half_terms}
    return [(s, _outcome(s, today, ends.get(s.half_term), kept)) for s in plan.sessions]


def _outcome(s: Session, today: dt.date, end: dt.date | None, kept: Counter) -> Outcome:
    if s.status is SessionStatus.HELD:
        return Outcome.HELD
    if s.status is SessionStatus.POSTPONED:
        return Outcome.POSTPONED
    if s.status is SessionStatus.CANCELLED:
        return Outcome.CANCELLED
    if s.status is SessionStatus.MISSED:
        made_up = kept[(s.half_term, s.supervisee_id)] > 0
        return Outcome.MADE_UP if made_up else Outcome.MISSED
    day = s.date or end
    return Outcome.NOT_RECORDED if day is not None and day < today else Outcome.PLANNED


def _took_place(s: Session, outcome: Outcome, today: dt.date) -> bool:
    return outcome in TOOK_PLACE or (
        outcome is Outcome.POSTPONED and s.date is not None and s.date < today
    )


def delivery(
    roster: Roster,
    plan: Plan,
    today: dt.date,
    leavers: dict[str, tuple[str, str]] | None = None,
) -> Delivery:
    """What `plan` has delivered as of `today`, counted against `roster`. `leavers` names
    and places (name, school) people the plan names who have left the roster."""
    leavers = leavers or {}
    judged = outcomes(plan, roster, today)
    names = [h.name for h in roster.half_terms]
    hub_of_school = {p.school: p.hub for p in roster.people if p.hub}
    # Counted as the year was, not as today's roster is: a joiner is in the cycle from the
    # first half term the plan names them in, and a leaver in each half term it names them
    # as a supervisee, as `check` judges the kept half terms (SPEC 8).
    begun = sum(1 for h in roster.half_terms if h.start is not None and h.start <= today)
    counted = joiners_absent(roster, plan, begun)
    position = {h.name: k for k, h in enumerate(roster.half_terms)}
    not_yet_joined = {  # those absent by the roster stay in the cycle: they were absent
        (a.person_id, a.half_term)
        for a in counted.absences[len(roster.absences) :]
        if roster.is_present(roster.person(a.person_id), position[a.half_term])
    }
    leaver_in = {
        (person_id, half_term)
        for half_term, person_id in [
            *((s.half_term, s.supervisee_id) for s in plan.sessions),
            *((c.half_term, c.supervisee_id) for c in plan.cover_needed),
        ]
        if person_id not in roster.index
    }

    def school_of(person_id: str) -> str:
        if person_id in roster.index:
            return roster.person(person_id).school
        return leavers.get(person_id, ("", ""))[1] or "(left)"

    def hub_of(person_id: str) -> str:
        if person_id in roster.index:
            return roster.person(person_id).hub or NO_HUB
        return hub_of_school.get(school_of(person_id), NO_HUB)

    trust, schools, hubs = [], [], []
    for h, half_term in enumerate(roster.half_terms):
        started = _started(
            half_term.start, today, [s for s, _ in judged if s.half_term == half_term.name]
        )
        people = [
            p.id
            for p in roster.people
            if p.receives and (p.id, half_term.name) not in not_yet_joined
        ] + sorted(i for i, name in leaver_in if name == half_term.name)
        present = [
            i for i in people if i not in roster.index or roster.is_present(roster.person(i), h)
        ]

        def counts(key, people=people, present=present, h=h, started=started):
            return _counts_by(roster, plan, judged, h, started, today, key, people, present)

        trust += counts(lambda _: WHOLE_TRUST)
        schools += counts(school_of)
        hubs += counts(hub_of)
    trust.append(_year(trust, WHOLE_TRUST))
    schools += [_year(schools, who) for who in sorted({c.who for c in schools})]
    hubs += [_year(hubs, who) for who in sorted({c.who for c in hubs})]
    with_hubs = any(p.hub for p in roster.people)
    return Delivery(
        today=today,
        trust_name=roster.settings.trust_name or PurePath(roster.source).stem,
        half_terms=tuple(names),
        trust=tuple(trust),
        by_school=tuple(sorted(schools, key=lambda c: (c.who, _position(c, names)))),
        by_hub=tuple(sorted(hubs, key=lambda c: (c.who, _position(c, names)))) if with_hubs else (),
        missed_out=tuple(_missed_out(roster, plan, judged, school_of, leavers)),
        tiers=tuple(_tiers(roster, plan, today)),
        training=tuple(_training(roster)),
        dsl_lapses=tuple(
            DslLapse(p.id, p.name, p.school, p.dsl_training_date, lapses, before)
            for p, lapses, before in dsl_training_lapses(roster)
        ),
    )


def _position(c: Counts, names: list[str]) -> int:
    return names.index(c.half_term) if c.half_term in names else len(names)


def _started(start: dt.date | None, today: dt.date, sessions: list[Session]) -> bool:
    """Whether a half term has begun: by its dates, else by a session dated or recorded."""
    if start is not None:
        return start <= today
    return any((s.date is not None and s.date < today) or s.status for s in sessions)


def _counts_by(roster, plan, judged, h, started, today, key, people, present_ids) -> list[Counts]:
    """A half term's counts, one row per value of `key` (a person ID -> trust, school or
    hub): people by their own, sessions and Cover Needed by their supervisee's. `people`
    are the IDs in the cycle that half term, `present_ids` those of them present."""
    half_term = roster.half_terms[h].name
    in_cycle: Counter[str] = Counter(key(i) for i in people)
    present: Counter[str] = Counter(key(i) for i in present_ids)
    present_ids = set(present_ids)
    received: dict[str, set[str]] = defaultdict(set)
    with_session: dict[str, set[str]] = defaultdict(set)
    sessions: dict[str, Counter] = defaultdict(Counter)
    cover: Counter[str] = Counter()
    for s, outcome in judged:
        if s.half_term != half_term:
            continue
        sessions[key(s.supervisee_id)][outcome] += 1
        if s.supervisee_id in present_ids and _took_place(s, outcome, today):
            received[key(s.supervisee_id)].add(s.supervisee_id)
        if s.supervisee_id in present_ids and outcome not in NOT_DELIVERED:
            with_session[key(s.supervisee_id)].add(s.supervisee_id)
    for c in plan.cover_needed:
        if c.half_term == half_term:
            cover[key(c.supervisee_id)] += 1
    whos = sorted(in_cycle.keys() | sessions.keys() | cover.keys())
    return [
        Counts(
            half_term,
            who,
            in_cycle[who],
            present[who],
            {o: sessions[who][o] for o in OUTCOMES},
            cover[who],
            len(received[who]) if started else None,
            len(with_session[who]),
            present[who] if started else 0,
        )
        for who in whos
    ]


def _year(rows: list[Counts], who: str) -> Counts:
    """The year's total for `who`: people counted once per half term they are in."""
    mine = [c for c in rows if c.who == who]
    begun = [c for c in mine if c.received is not None]
    return Counts(
        "The year",
        who,
        sum(c.in_cycle for c in mine),
        sum(c.present for c in mine),
        {o: sum(c.sessions.get(o, 0) for c in mine) for o in OUTCOMES},
        sum(c.cover_needed for c in mine),
        sum(c.received for c in begun) if begun else None,
        sum(c.with_session for c in mine),
        sum(c.present_to_date for c in begun),
    )


def _missed_out(roster, plan, judged, school_of, leavers) -> list[MissedOut]:
    """Who missed out in each half term, and why, in the plan's shared words."""
    found = []

    def name_of(person_id: str) -> str:
        if person_id in roster.index:
            return roster.person(person_id).name
        return leavers.get(person_id, (person_id, ""))[0] or person_id

    for h, half_term in enumerate(roster.half_terms):
        absent = [p.id for p in roster.people if p.receives and not roster.is_present(p, h)]
        missed = {
            s.supervisee_id
            for s, o in judged
            if s.half_term == half_term.name and o is Outcome.MISSED
        }
        # A missed session with no day left for its make-up is under Cover Needed too: it is
        # said once, as missed.
        uncovered = [
            c
            for c in plan.cover_needed
            if c.half_term == half_term.name and c.supervisee_id not in missed
        ]
        # Cover Needed's reason only chooses the words: a re-plan from today may have no day
        # left in the half term for someone (SPEC 8); otherwise nobody could supervise them.
        late = [c.supervisee_id for c in uncovered if c.reason == NO_DAY_LEFT]
        unsupervised = [c.supervisee_id for c in uncovered if c.reason != NO_DAY_LEFT]
        for ids, why in (
            (absent, ABSENT),
            (sorted(missed), MISSED_NOT_MADE_UP),
            (unsupervised, NO_POSSIBLE_SUPERVISOR),
            (late, NO_DAY_LEFT_IN_TIME),
        ):
            found += [MissedOut(half_term.name, i, name_of(i), school_of(i), why) for i in ids]
    return found


def _tier_took_place(t: TierSession, today: dt.date) -> bool:
    status = t.status
    if status is SessionStatus.HELD:
        return True
    if status in (SessionStatus.MISSED, SessionStatus.CANCELLED):
        return False
    return t.date < today


def _tier_planned(t: TierSession) -> bool:
    return t.status is not SessionStatus.CANCELLED


def _tiers(roster: Roster, plan: Plan, today: dt.date) -> list[TierDelivery]:
    found = []
    names = [h.name for h in roster.half_terms]
    for group in roster.groups:
        theirs = [
            t
            for t in plan.tier_sessions
            if t.tier in (Tier.GROUP, Tier.MOP_UP) and t.group == group.name
        ]
        due = planned = held = 0
        for period in periods(roster, group.per):
            in_period = [t for t in theirs if t.half_term in {names[h] for h in period.half_terms}]
            for member in members_of(roster, group):
                if not present_in_period(roster, member, period):
                    continue
                due += 1
                mine = [t for t in in_period if member.id in t.people]
                planned += any(_tier_planned(t) for t in mine)
                held += any(_tier_took_place(t, today) for t in mine)
        found.append(
            TierDelivery("Group", group.name, f"each member once a {group.per}", due, planned, held)
        )
    for visit in roster.school_visits:
        staff = {p.id for p in at_school(roster, visit.school)}
        theirs = [
            t
            for t in plan.tier_sessions
            if t.tier is Tier.SCHOOL and (t.school == visit.school or staff & set(t.attendee_ids))
        ]
        due = planned = held = 0
        for period in periods(roster, visit.per):
            in_period = [t for t in theirs if t.half_term in {names[h] for h in period.half_terms}]
            due += 1
            planned += any(_tier_planned(t) for t in in_period)
            held += any(_tier_took_place(t, today) for t in in_period)
        found.append(
            TierDelivery("School", visit.school, f"once a {visit.per}", due, planned, held)
        )
    needs = one_to_one_needs(roster)
    ones = [t for t in plan.tier_sessions if t.tier is Tier.ONE_TO_ONE]
    planned_ones = [t for t in ones if _tier_planned(t)]
    held_ones = [t for t in ones if _tier_took_place(t, today)]
    planned_met = set(match(roster, needs, planned_ones).values())
    held_met = set(match(roster, needs, held_ones).values())
    for requirement in roster.requirements:
        mine = [n for n, need in enumerate(needs) if need.requirement == requirement]
        found.append(
            TierDelivery(
                "Requirement",
                f"{requirement.role}, supervised by {requirement.supervisor_role}",
                f"each once a {requirement.per}",
                len(mine),
                len(planned_met.intersection(mine)),
                len(held_met.intersection(mine)),
            )
        )
    return found


def _training(roster: Roster) -> list[Training]:
    """Willing supervisors without the supervision-skills training, or trained only during
    the year (H6: they give from the first half term that starts after it)."""
    found = []
    for person in roster.people:
        if not (person.gives and person.capacity > 0):
            continue
        trained = [h for h in range(len(roster.half_terms)) if roster.is_trained_by(person, h)]
        if trained and trained[0] == 0:
            continue
        if not person.supervision_trained:
            what = "not trained: gives no supervision"
        elif not trained:
            what = f"trained on {person.trained_on:%d/%m/%Y}: gives no supervision this year"
        else:
            start = roster.half_terms[trained[0]].name
            what = f"trained on {person.trained_on:%d/%m/%Y}: gives only from {start}"
        found.append(Training(person.id, person.name, person.school, what))
    return found
