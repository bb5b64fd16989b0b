"""`explain` during the year (SPEC 8) explains the re-plan the lead has in front of them: the
sessions today pins take their supervisors' places and need no other, and someone with no
day left for a new session is said to be so, not explained by the rules."""

from __future__ import annotations

from datetime import date, time

from peerpair.diagnosis import fixes
from peerpair.diagnosis.proofs import fewest_cover_needed
from peerpair.domain.plan import CoverNeeded, Plan, Session, SessionStatus
from peerpair.domain.replan import Replan
from peerpair.domain.roster import Absence, Roster
from peerpair.year import explain, plan_year
from tests.year_rosters import AUTUMN_1, TODAY, person, published, replan, roster


def _explained(r: Roster, previous: Plan, today: date = TODAY):
    plan = Replan(r, previous, None, {}, today)
    return plan_year(r, plan, time_limit=10), explain(r, plan, time_limit=10)


def _one_place_left() -> tuple[Roster, Plan]:
    """A1, with two places, held a session with B1 before today. B2, B3 and B4 still need
    one, and C1 works Mondays only, when they do not: their only possible supervisor is A1,
    with one place left. Ignoring the held session, A1 would supervise two of them and C1
    B1, leaving one uncovered, not two."""
    weekdays = frozenset({"Tue", "Wed", "Thu", "Fri"})
    people = (
        person("A1", receives=False, capacity=2),
        person("C1", receives=False, working_days=frozenset({"Mon"})),
        person("B1", gives=False),
        person("B2", gives=False, working_days=weekdays),
        person("B3", gives=False, working_days=weekdays),
        person("B4", gives=False, working_days=weekdays),
    )
    held = Session(
        half_term="Autumn 1",
        supervisor_id="A1",
        supervisee_id="B1",
        date=date(2026, 9, 14),
        start=time(9, 30),
        end=time(10, 30),
        status=SessionStatus.HELD,
    )
    previous = Plan(
        sessions=(held,),
        cover_needed=tuple(
            CoverNeeded(half_term="Autumn 1", supervisee_id=b, reason="")
            for b in ("B2", "B3", "B4")
        ),
    )
    return Roster(people=people, half_terms=(AUTUMN_1,)), previous


def test_a_pinned_session_takes_its_supervisors_place_in_the_explanation():
    year, explanation = _explained(*_one_place_left())
    assert len(year.plan.cover_needed) == 2
    diagnosis = explanation.diagnosis
    assert diagnosis.proven and diagnosis.cover_needed == diagnosis.fewest_uncovered == 2
    [autumn] = diagnosis.half_terms
    # B1 is done: B2, B3 and B4 need one; A1 has one place left, C1 one.
    assert (autumn.receivers, autumn.givers, autumn.places) == (3, 2, 2)
    assert explanation.lines[0] == "Autumn 1: 2 of 3 sessions need cover in any plan."
    # Two more places for A1 cover both: the held session keeps one of A1's four.
    assert explanation.fixes[0].line() == (
        "Capacity 4 (now 2) for Person A1 (A1, Oak Primary) covers 2 more sessions (in Autumn 1)."
    )


def test_each_fix_is_judged_from_the_plan_as_a_flow_judges_it_with_the_held_session():
    """Fixes are judged from the diagnosis's own best plan (diagnosis/one_change.py): with
    the held session's place taken there as in a flow over every pair."""
    _, explanation = _explained(*_one_place_left())
    diagnosis = explanation.diagnosis
    assert diagnosis.plans
    eligibility = diagnosis.eligibility()
    candidates = list(fixes._candidates(diagnosis, eligibility))
    assert candidates
    for kind, description, variant, changed in candidates:
        judged_by = diagnosis.eligibility(variant)
        quick = fixes._from_the_plans(
            diagnosis, variant, eligibility if kind == "capacity" else judged_by, changed
        )
        slow = fewest_cover_needed(variant, judged_by, [0], time_limit=10)
        assert quick is not None and slow.proven
        assert quick.per_half_term == slow.per_half_term, description


def test_no_day_left_is_said_apart_from_the_rules():
    """Someone away from today to the end of the half term has no day left for a new session:
    the explanation says so by name, and does not claim everyone can be covered."""
    away = next(s for s in published().sessions_in("Autumn 1") if s.date >= TODAY)
    absent = Absence(person_id=away.supervisee_id, start=TODAY, end=date(2026, 10, 30))
    r = roster(absences=(absent,))
    year = replan(r, published())
    explanation = explain(r, Replan(r, published(), None, {}, TODAY), time_limit=10)
    assert len(year.plan.cover_needed) == explanation.diagnosis.cover_needed == 1
    assert not explanation.diagnosis.complete
    named = next(p for p in r.people if p.id == away.supervisee_id)
    autumn = next(line for line in explanation.lines if line.startswith("Autumn 1:"))
    assert autumn.startswith("Autumn 1: everyone else can have a supervisor")
    assert (
        f"Autumn 1: 1 person has no day left for a new session with the notice required, "
        f"whatever the rules: {named.name} ({named.id}, {named.school})." in explanation.lines
    )
