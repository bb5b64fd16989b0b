"""Make-ups of missed one-to-ones, judged on a finished plan as of today (SPEC 8, part of
T4): a one-to-one recorded Missed is made up in its half term with the same supervisor
where both can, as early as the notice allows, the kept-free last five weekdays included.

Written apart from the planner (`peerpair.tiers.make_ups`), from the plan alone: a day is
one "both can" use when it is a school day of the half term after the missed one and from
the notice's earliest day on (its last five weekdays too, unless closed to the whole
trust), both are present, work that day, are not away nor at a closed school, and have no
other session that day, and the supervisor may lead a one-to-one meeting every need the
missed one could have met.

A missed one-to-one is judged only while what it was for is not met without its half
term's later one-to-ones, and only when it has one of those from today (a Held or typed
one stands as the lead recorded it). Then one of them must be its make-up: led by the same
supervisor, or by someone else when the same supervisor had no such day in the half term,
and with no earlier such day for its own supervisor. With no later one-to-one at all, it
is a break when the same supervisor had such a day (an unmet need is T4's own line).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from peerpair.constraints.base import Violation
from peerpair.constraints.tier_needs import OneToOneNeed, match, meets, one_to_one_needs
from peerpair.domain.dates import SchoolDays, kept_for_postponements, show_day, working_days_after
from peerpair.domain.plan import Plan, SessionStatus
from peerpair.domain.roster import Roster
from peerpair.domain.tiers import Tier, TierSession


def make_up_breaks(
    title: str, roster: Roster, plan: Plan, missed: tuple[TierSession, ...], today: date
) -> list[Violation]:
    """The breaks of the make-up rule. `plan` holds the sessions that count (no Missed nor
    Cancelled tier session); `missed`, the Missed tier sessions, whose days stay taken."""
    judge = _Judge(roster, plan, missed, today)
    found = []
    for m in missed:
        problem = judge.problem(m)
        if problem is not None:
            people, message = problem
            found.append(Violation(title, m.half_term, people, message))
    return found


class _Judge:
    def __init__(
        self, roster: Roster, plan: Plan, missed: tuple[TierSession, ...], today: date
    ) -> None:
        self.roster, self.plan, self.today = roster, plan, today
        self.earliest = working_days_after(today, roster.settings.notice_days)
        self.calendar = SchoolDays(roster)
        self.names = {h.name: n for n, h in enumerate(roster.half_terms)}
        self.busy: dict[str, set[date]] = defaultdict(set)
        for s in plan.sessions:
            if s.date is not None and s.status is not SessionStatus.CANCELLED:
                self.busy[s.supervisor_id].add(s.date)
                self.busy[s.supervisee_id].add(s.date)
        for t in (*plan.tier_sessions, *missed):
            for i in t.people:
                self.busy[i].add(t.date)
        self.needs: dict[str, list[OneToOneNeed]] = defaultdict(list)
        for n in one_to_one_needs(roster):
            self.needs[n.person_id].append(n)
        self.ones: dict[str, list[TierSession]] = defaultdict(list)  # each person's
        for t in plan.tier_sessions:
            if t.tier is Tier.ONE_TO_ONE:
                for i in t.attendee_ids:
                    self.ones[i].append(t)

    def problem(self, m: TierSession) -> tuple[tuple[str, ...], str] | None:
        """(people, message) when the missed one-to-one `m` is not made up as it should be."""
        roster = self.roster
        h = self.names.get(m.half_term)
        if m.tier is not Tier.ONE_TO_ONE or h is None or len(m.attendee_ids) != 1:
            return None
        person_id = m.attendee_ids[0]
        half_term = roster.half_terms[h]
        if person_id not in roster.index or half_term.start is None or half_term.end is None:
            return None
        probe = m.model_copy(update={"status": None})
        theirs = self.needs[person_id]
        wanted = [n for n in theirs if meets(roster, n, probe)]
        later = [s for s in self.ones[person_id] if s.half_term == m.half_term and s.date > m.date]
        if any(s.status is not None or s.date < self.today for s in later):
            return None  # recorded, or the past: as it happened
        others = [s for s in self.ones[person_id] if s not in later]
        met = {theirs[k] for k in match(roster, theirs, others).values()}
        if all(n in met for n in wanted):
            return None  # what it was for is met otherwise
        days = [d for d in self._days(half_term) if d > m.date]

        def both_can(lead_id: str, day: date) -> bool:
            return self._both_can(m, h, wanted, lead_id, day)

        same_day = next((d for d in days if both_can(m.lead_id, d)), None)
        supervisor = roster.person(m.lead_id).label() if m.lead_id in roster.index else m.lead_id
        where = f"the one-to-one {roster.person(person_id).label()} missed on {show_day(m.date)}"
        if not later:
            if same_day is None:
                return None
            return (
                (m.lead_id, person_id),
                f"{where} is not made up, though {supervisor} and they could meet on "
                f"{show_day(same_day)}",
            )
        for s in later:
            if s.lead_id != m.lead_id and same_day is not None:
                continue  # the same supervisor could: a make-up is theirs
            if not any(both_can(s.lead_id, d) for d in days if d < s.date):
                return None
        s = min(later, key=lambda s: s.date)
        better = (
            f"{supervisor} could lead it on {show_day(same_day)}"
            if same_day is not None and s.lead_id != m.lead_id
            else "an earlier day suits them both"
        )
        return (s.lead_id, person_id), f"the make-up of {where}, on {show_day(s.date)}: {better}"

    def _days(self, half_term) -> list[date]:
        """The half term's days from the notice's earliest on, its last five weekdays too."""
        calendar = self.calendar
        last_week = [
            d for d in kept_for_postponements(half_term) if calendar.day_problem(d, None) is None
        ]
        return sorted(
            d for d in {*calendar.session_days(half_term), *last_week} if d >= self.earliest
        )

    def _both_can(self, m: TierSession, h: int, wanted: list, lead_id: str, day: date) -> bool:
        """Whether `lead_id` and the missed one's supervisee are both free on `day` and it
        meets every need the missed one could have met."""
        roster = self.roster
        person_id = m.attendee_ids[0]
        if lead_id not in roster.index or lead_id == person_id:
            return False
        probe = m.model_copy(update={"status": None, "lead_id": lead_id, "date": day})
        return (
            self._free(person_id, h, day)
            and self._free(lead_id, h, day)
            and all(meets(roster, n, probe) for n in wanted)
        )

    def _free(self, person_id: str, h: int, day: date) -> bool:
        person = self.roster.person(person_id)
        return (
            self.roster.is_present(person, h)
            and self.calendar.person_problem(day, person) is None
            and day not in self.busy[person_id]
        )
