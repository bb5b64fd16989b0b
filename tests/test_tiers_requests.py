"""Supervision someone asked for (Requests sheet; SPEC 7; rule T5): who takes it, by when,
what is reported when it cannot be met, and what the shared plan may say about it."""

from __future__ import annotations

from datetime import date, time

from openpyxl import load_workbook

from peerpair.constraints import check_plan
from peerpair.constraints.supervision_requests import SupervisionRequests
from peerpair.domain.plan import Plan, Session
from peerpair.domain.roster import Absence, ChangeRequest, Roster
from peerpair.domain.tiers import Request, SchoolVisit, Tier, TierSession
from peerpair.io.plan_workbook import read_plan, write_plan
from peerpair.tiers.plan_tiers import plan_tiers
from tests.tier_rosters import AUTUMN, lead, person, tiers_only


def trust(**roster) -> Roster:
    people = (
        person("ASK", "Oak", receives=True),
        person("PREF", "Elm", supervision_trained=True),
        person("PEER", "Ash", supervision_trained=True, gives=True),
        person("UNTRAINED", "Ash"),
        lead("T1"),
    )
    return Roster(people=people, half_terms=AUTUMN, **roster)


def peer_plan() -> Plan:
    """PEER supervises ASK in Autumn 1 (on 8 September)."""
    return Plan(
        sessions=(
            Session(
                half_term="Autumn 1",
                supervisor_id="PEER",
                supervisee_id="ASK",
                date=date(2026, 9, 8),
                start=time(9, 30),
                end=time(10, 30),
            ),
        )
    )


def requested(result) -> list[TierSession]:
    return [s for s in result.plan.tier_sessions if s.tier is Tier.ONE_TO_ONE]


def test_the_preferred_supervisor_on_the_first_day_possible_before_the_by_date():
    """000: "Choose a preferred supervisor from the trained pool"; 001: "as soon as
    possible". 2 September is the first day of Autumn 1."""
    roster = trust(
        requests=(Request(person_id="ASK", preferred_supervisor_id="PREF", by=date(2026, 10, 1)),)
    )
    [session] = requested(plan_tiers(roster, peer_plan()))
    assert (session.lead_id, session.attendee_ids, session.date) == (
        "PREF",
        ("ASK",),
        date(2026, 9, 2),
    )
    assert SupervisionRequests().check(roster, plan_tiers(roster, peer_plan()).plan) == []


def test_an_untrained_preferred_supervisor_gives_way_to_the_usual_one():
    """001: "Only colleagues who have undertaken the ATLP Supervision Skills Training can
    deliver supervision". The usual supervisor is the peer one of that half term."""
    request = Request(person_id="ASK", preferred_supervisor_id="UNTRAINED", by=date(2026, 10, 1))
    [session] = requested(plan_tiers(trust(requests=(request,)), peer_plan()))
    assert session.lead_id == "PEER"


def test_with_no_usual_supervisor_a_trust_lead_takes_it():
    """001: additional sessions are "delivered ... by the Trust Safeguarding Lead"."""
    request = Request(person_id="ASK", by=date(2026, 12, 1))
    [session] = requested(tiers_only(trust(requests=(request,))))
    assert session.lead_id == "T1"


def test_the_preferred_supervisor_on_a_later_day_beats_another_on_an_earlier_one():
    """PREF works Fridays only; the first Friday, 4 September, beats the trust lead's 2nd."""
    roster = trust(requests=(Request(person_id="ASK", preferred_supervisor_id="PREF"),))
    people = tuple(
        p.model_copy(update={"working_days": frozenset({"Fri"})}) if p.id == "PREF" else p
        for p in roster.people
    )
    [session] = requested(tiers_only(roster.model_copy(update={"people": people})))
    assert (session.lead_id, session.date) == ("PREF", date(2026, 9, 4))


def test_a_change_request_keeps_the_preferred_supervisor_away():
    change = ChangeRequest(person_id="ASK", partner_id="PREF")
    roster = trust(
        requests=(Request(person_id="ASK", preferred_supervisor_id="PREF"),),
        change_requests=(change,),
    )
    [session] = requested(tiers_only(roster))
    assert session.lead_id == "T1"


def test_a_request_that_cannot_be_met_by_its_date_is_reported_and_checked_without_names():
    """The person is away until after the By date. The terminal names them (the lead's
    eyes); the check, whose rows go into the shared plan, names only the request's row."""
    roster = trust(
        requests=(
            Request(person_id="PEER", by=date(2026, 12, 1)),
            Request(person_id="ASK", by=date(2026, 9, 30)),
        ),
        absences=(Absence(person_id="ASK", start=date(2026, 9, 1), end=date(2026, 10, 2)),),
    )
    result = tiers_only(roster)
    assert [u.message for u in result.unscheduled] == [
        "Request 2 on the Requests sheet: no day by Wed 30/09/2026 suits both Person ASK (ASK) "
        "and a trained supervisor (working days, closures, days not available, or the last "
        "five weekdays of a half term)"
    ]
    [violation] = SupervisionRequests().check(roster, result.plan)
    assert violation.message == (
        "request 2 on the Requests sheet has no one-to-one by Wed 30/09/2026"
    )
    assert violation.people == () and violation.half_term == "Autumn 1"


def test_a_by_date_before_the_year_is_reported_as_such():
    """A By date typed for last year can never be met: the terminal says the date is the
    problem, not working days or closures."""
    roster = trust(requests=(Request(person_id="ASK", by=date(2026, 7, 1)),))
    result = tiers_only(roster)
    assert [u.message for u in result.unscheduled] == [
        "Request 1 on the Requests sheet: its By date, Wed 01/07/2026, is before Autumn 1 "
        "starts (Wed 02/09/2026)"
    ]
    assert len(SupervisionRequests().check(roster, result.plan)) == 1


def test_the_shared_plan_shows_a_one_to_one_and_never_that_it_was_asked_for(tmp_path):
    """The plan is shared with everyone in it: the Sessions sheet calls the session a
    one-to-one, and no sheet says "request" about a person."""
    roster = trust(requests=(Request(person_id="ASK", preferred_supervisor_id="PREF"),))
    result = tiers_only(roster)
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, result.plan, check_plan(roster, result.plan), [("Roster", "x")])
    workbook = load_workbook(path)
    sessions = list(workbook["Sessions"].iter_rows(values_only=True))
    assert [row[0] for row in sessions[1:]] == ["one-to-one"]
    text = " ".join(
        str(value)
        for sheet in workbook.worksheets
        if sheet.title != "Checks"
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    assert "request" not in text.casefold()
    checks = {row[0]: row[2] for row in workbook["Checks"].iter_rows(values_only=True)}
    assert checks["T5 requests"] == "—"
    assert read_plan(path, roster).plan.tier_sessions == result.plan.tier_sessions


def test_the_check_accepts_any_trained_supervisor_on_or_before_the_by_date():
    roster = trust(requests=(Request(person_id="ASK", by=date(2026, 9, 8)),))

    def one(day: int, lead_id: str) -> Plan:
        session = TierSession(
            tier=Tier.ONE_TO_ONE,
            half_term="Autumn 1",
            date=date(2026, 9, day),
            start=time(9, 30),
            end=time(10, 30),
            lead_id=lead_id,
            attendee_ids=("ASK",),
        )
        return Plan(tier_sessions=(session,))

    rule = SupervisionRequests()
    assert rule.check(roster, one(8, "PREF")) == []
    assert len(rule.check(roster, one(9, "PREF"))) == 1  # after the By date
    assert len(rule.check(roster, one(8, "UNTRAINED"))) == 1
    assert len(rule.check(roster, one(8, "ASK"))) == 1  # themselves


def test_the_checks_sheet_is_the_same_whether_or_not_anyone_asked(tmp_path):
    """000 and 001: a request is between the person and the trust; the plan, shared with
    everyone in it, must not tell them that someone asked. The T5 row is there whenever the
    other tiers are planned, and passes alike with a request met and with none made. (The
    session itself is in the plan, as a one-to-one: its two people need to know of it.)"""
    school = SchoolVisit(school="Oak")
    asked = trust(school_visits=(school,), requests=(Request(person_id="ASK"),))
    not_asked = trust(school_visits=(school,))
    rows = {}
    for name, roster in (("asked", asked), ("not asked", not_asked)):
        plan = tiers_only(roster).plan
        path = tmp_path / f"{name}.xlsx"
        write_plan(path, roster, plan, check_plan(roster, plan), [("Roster", "x")])
        sheet = load_workbook(path)["Checks"]
        rows[name] = [row[:3] for row in sheet.iter_rows(values_only=True) if row[0][:2] == "T5"]
    assert rows["asked"] == rows["not asked"] == [("T5 requests", "Passed", "—")]
