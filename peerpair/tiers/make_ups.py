"""Make-ups for missed one-to-ones (SPEC 8: "books a make-up for the same supervisee: the
same supervisor where both can, as early as the notice allows, within the half term (the
kept-free week included)").

A one-to-one recorded Missed meets no need. Where the need it was for is not met by the
sessions that stand, it is made up in its own half term: with the supervisor of the missed
one on the first day from the notice's earliest on that both can use, the last five weekdays
included (they are kept free for exactly this); failing that, with whoever else may lead it,
on the first day anyone can. A make-up the published plan already has, from the earliest
day on, is booked again by the same rule, so it lands on the same day unless an earlier one
(or the same supervisor) has become possible. With no day left in the half term, a need
whose period or By date ends with it is reported with that reason; any other is planned
again across the rest of its period, as every need is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from peerpair.constraints.tier_needs import OneToOneNeed, meets, one_to_one_needs
from peerpair.domain.dates import show_day
from peerpair.domain.periods import school_key
from peerpair.domain.roster import Person, Roster
from peerpair.domain.tiers import SessionStatus, Tier, TierSession, Unscheduled
from peerpair.tiers.carry import need_key
from peerpair.tiers.diary import Diary


def book_make_ups(
    roster: Roster,
    diary: Diary,
    missed: tuple[TierSession, ...],
    first: int,
    met: set[tuple],
    standing: Sequence[TierSession] = (),
) -> tuple[list[TierSession], list[Unscheduled], set[tuple]]:
    """A make-up for each missed one-to-one of half term `first` on whose need is not in
    `met`, booked in `diary`. Returns the make-ups, the needs reported for want of a day,
    and `met` with the needs both meet (a reported need is not planned again).

    `standing` are the sessions that stand (`met` counts the needs they meet). A missed
    one-to-one whose supervisor has a standing one with the person after it, in its half
    term, is made up already (by an earlier re-plan, within the notice): the needs still
    open go to the others, each with its own supervisor, and any left to the one-to-ones'
    own planning."""
    met = set(met)
    if not any(m.tier is Tier.ONE_TO_ONE for m in missed):
        return [], [], met
    needs = one_to_one_needs(roster)
    names = {h.name: n for n, h in enumerate(roster.half_terms)}
    sessions: list[TierSession] = []
    reported: list[Unscheduled] = []
    # The last standing one-to-one of each half term, supervisor and person.
    last: dict[tuple, date] = {}
    for s in standing:
        if s.tier is Tier.ONE_TO_ONE and s.status is not SessionStatus.MISSED:
            key = (s.half_term, s.lead_id, s.attendee_ids)
            last[key] = max(last.get(key, s.date), s.date)

    for m in sorted(missed, key=TierSession.sort_key):
        h = names.get(m.half_term)
        if m.tier is not Tier.ONE_TO_ONE or h is None or h < first or len(m.attendee_ids) != 1:
            continue
        if last.get((m.half_term, m.lead_id, m.attendee_ids), m.date) > m.date:
            continue  # made up already: its make-up stands
        person_id = m.attendee_ids[0]
        if person_id not in roster.index:
            continue  # they have left: nothing to make up
        probe = m.model_copy(update={"status": None})
        need = next(
            (
                n
                for n in needs
                if n.person_id == person_id and need_key(n) not in met and meets(roster, n, probe)
            ),
            None,
        )
        if need is None:
            continue  # what it was for is met by a session that stands
        person = roster.person(person_id)
        session = _book(roster, diary, need, m, person, h)
        if session is not None:
            sessions.append(session)
            met.add(need_key(need))
        elif not _later_chance(roster, need, h):
            met.add(need_key(need))
            reported.append(
                Unscheduled(
                    tier=Tier.ONE_TO_ONE,
                    half_term=m.half_term,
                    message=f"{person.label()} missed a one-to-one on {show_day(m.date)} and "
                    f"no day is left in {m.half_term} to make it up",
                )
            )
    return sessions, reported, met


def _book(
    roster: Roster, diary: Diary, need: OneToOneNeed, m: TierSession, person: Person, h: int
) -> TierSession | None:
    """Book the make-up, after the missed one: its supervisor on the first day both can
    use, else the first day anyone else who may lead it can (the better supervisor first
    that day)."""
    if not diary.is_present(person, h):
        return None
    days = sorted({*diary.regular_days(h), *diary.last_week(h)})
    days = [d for d in days if d > m.date and diary.can_use(person, h, d)]

    def may_lead(lead: Person, day) -> bool:
        probe = m.model_copy(update={"status": None, "lead_id": lead.id, "date": day})
        return lead.id != person.id and diary.can_use(lead, h, day) and meets(roster, need, probe)

    same = roster.person(m.lead_id) if m.lead_id in roster.index else None
    if same is not None:
        for day in days:
            if may_lead(same, day):
                session = diary.one_to_one(h, day, same.id, person)
                if session is not None:
                    return session
    others = sorted(
        (p for p in roster.people if p.id not in (person.id, m.lead_id)),
        key=lambda p: (
            not roster.is_trained_by(p, h),
            school_key(p.school) != school_key(person.school),
            roster.index[p.id],
        ),
    )
    for day in days:
        for lead in others:
            if may_lead(lead, day):
                session = diary.one_to_one(h, day, lead.id, person)
                if session is not None:
                    return session
    return None


def _later_chance(roster: Roster, need: OneToOneNeed, h: int) -> bool:
    """Whether the need may still be met after half term h: its period goes on, or its By
    date is after the half term."""
    if need.requirement is not None:
        return any(k > h for k in need.period.half_terms)
    end = roster.half_terms[h].end
    return need.request.by is None or end is None or need.request.by > end
