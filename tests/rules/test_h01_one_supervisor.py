"""H1 one supervisor: every person who receives in a half term has exactly one supervisor,
or is listed under Cover Needed (SPEC 3). A person receives if present and Receives."""

from __future__ import annotations

from datetime import date

import pytest
from rule_builders import (
    AUTUMN_1,
    AUTUMN_1_DATED,
    AUTUMN_2,
    AUTUMN_2_DATED,
    assert_complete,
    broken,
    pairs,
    person,
    plan,
    reason,
    roster,
    session,
    solved,
    trust_lead,
    uncovered,
    where,
)

from peerpair.domain.roster import Absence

H1 = "H1 one supervisor"


def test_three_schools_each_person_gets_exactly_one_supervisor():
    """Policy 001 App. 2: "Attendance is required once per half-term for two sessions (one to
    deliver and one to receive)": three DSLs at three schools supervise in a ring."""
    three = roster(person("A", "Oak"), person("B", "Ash"), person("C", "Elm"))

    result = solved(three)

    assert_complete(result)
    supervisees = sorted(supervisee for _, supervisee in pairs(result.plan))
    assert supervisees == ["A", "B", "C"]


def test_receiver_nobody_else_can_supervise_is_under_cover_needed():
    """SPEC 3 H1: a person who receives has a supervisor "or is listed under Cover Needed".
    A is the only one who gives, so A is listed, not silently left out; once A does not
    receive (Receives = No) the same pair is a complete plan."""
    giver = person("A", "Oak")
    only_receives = person("B", "Ash", gives=False)

    result = solved(roster(giver, only_receives))

    assert pairs(result.plan) == {("A", "B")}
    assert uncovered(result.plan) == {(AUTUMN_1, "A")}
    assert reason(result.plan, AUTUMN_1, "A") == "nobody else can give supervision in Autumn 1"
    assert broken(roster(giver, only_receives), result.plan) == {}

    assert_complete(solved(roster(person("A", "Oak", receives=False), only_receives)))


@pytest.mark.parametrize(
    ("hand_made", "who", "problem"),
    [
        # C is missing from the plan altogether.
        (plan(session("A", "B"), session("B", "D"), session("D", "A")), "C", "no supervisor"),
        # B has both A and E; E does not receive, so nobody goes short.
        (
            plan(
                session("A", "B"),
                session("E", "B"),
                session("B", "C"),
                session("C", "D"),
                session("D", "A"),
            ),
            "B",
            "has 2 supervisors (Person A (A) and Person E (E))",
        ),
        # D has a supervisor and is also listed under Cover Needed.
        (
            plan(
                session("A", "B"),
                session("B", "C"),
                session("C", "D"),
                session("D", "A"),
                cover=((AUTUMN_1, "D"),),
            ),
            "D",
            "also listed under Cover Needed",
        ),
        # E does not receive, yet is listed under Cover Needed.
        (
            plan(
                session("A", "B"),
                session("B", "C"),
                session("C", "D"),
                session("D", "A"),
                cover=((AUTUMN_1, "E"),),
            ),
            "E",
            "does not receive supervision",
        ),
    ],
)
def test_check_catches_hand_made_plan_that_breaks_only_h1(hand_made, who, problem):
    """SPEC 3 H1: every person who receives has "exactly one supervisor in h, or is listed
    under Cover Needed for h" (and those who do not receive are not listed)."""
    four_and_a_volunteer = roster(
        person("A", "Oak"),
        person("B", "Ash"),
        person("C", "Elm"),
        person("D", "Pine"),
        person("E", "Yew", receives=False),
    )

    found = broken(four_and_a_volunteer, hand_made)

    assert list(found) == [H1]
    assert where(found[H1]) == [(AUTUMN_1, (who,))]
    assert problem in found[H1][0].message


def test_person_absent_for_a_named_half_term_neither_gives_nor_receives_then():
    """Policy 001 App. 2: "Should a colleague in this cycle be unable to deliver supervision
    due to prolonged absence ..."; SPEC 2 Absences: absent "if a row names" the half term.
    D is out of Autumn 1 (not under Cover Needed there) and back in Autumn 2."""
    four = roster(
        person("A", "Oak"),
        person("B", "Ash"),
        person("C", "Elm"),
        person("D", "Pine"),
        half_terms=(AUTUMN_1, AUTUMN_2),
        absences=(Absence(person_id="D", half_term=AUTUMN_1),),
    )

    result = solved(four)

    assert_complete(result)
    assert all("D" not in pair for pair in pairs(result.plan, AUTUMN_1))
    assert len(pairs(result.plan, AUTUMN_1)) == 3
    assert len(result.plan.supervisors_of(AUTUMN_2, "D")) == 1
    assert len(result.plan.supervisees_of(AUTUMN_2, "D")) == 1


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 9, 1), date(2025, 10, 17)),  # exactly the half term, Monday to Friday
        (date(2025, 8, 30), date(2025, 10, 19)),  # from the Saturday before to the Sunday after
        (date(2025, 7, 1), date(2025, 12, 31)),  # well beyond it
    ],
)
def test_absence_dates_covering_every_weekday_make_person_absent(start, end):
    """SPEC 2 Absences: a person is absent for a half term "if a From-To range covers every
    weekday of that half term": D is not a supervisee or supervisor in Autumn 1."""
    four = roster(
        person("A", "Oak"),
        person("B", "Ash"),
        person("C", "Elm"),
        person("D", "Pine"),
        half_terms=(AUTUMN_1_DATED, AUTUMN_2_DATED),
        absences=(Absence(person_id="D", start=start, end=end),),
    )

    result = solved(four)

    assert_complete(result)
    assert all("D" not in pair for pair in pairs(result.plan, AUTUMN_1))
    assert result.plan.supervisors_of(AUTUMN_1, "D") == []


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 9, 2), date(2025, 10, 17)),  # back on the first Monday
        (date(2025, 9, 1), date(2025, 10, 16)),  # back on the last Friday
        (date(2025, 9, 8), date(2025, 10, 10)),  # the middle weeks only
    ],
)
def test_absence_dates_missing_a_weekday_leave_person_present(start, end):
    """SPEC 2 Absences: only a range that "covers every weekday of that half term" makes
    someone absent; C, away for most of Autumn 1, still gives and receives then."""
    three = roster(
        person("A", "Oak"),
        person("B", "Ash"),
        person("C", "Elm"),
        half_terms=(AUTUMN_1_DATED,),
        absences=(Absence(person_id="C", start=start, end=end),),
    )

    result = solved(three)

    assert_complete(result)
    assert len(result.plan.supervisors_of(AUTUMN_1, "C")) == 1
    assert len(result.plan.supervisees_of(AUTUMN_1, "C")) == 1


def test_receives_no_is_never_under_cover_needed():
    """SPEC 2 Staff, Receives: "in the cycle as a supervisee"; SPEC 3: a person "receives if
    present and Receives". A volunteer who only gives needs no supervisor."""
    volunteer = person("A", "Oak", receives=False)
    result = solved(roster(volunteer, person("B", "Ash", gives=False)))

    assert_complete(result)
    assert pairs(result.plan) == {("A", "B")}
    assert result.plan.supervisors_of(AUTUMN_1, "A") == []


def test_check_catches_a_supervisor_given_to_someone_who_does_not_receive():
    """SPEC 3: a person "receives if present and Receives"; A (Receives = No) is not in the
    cycle as a supervisee, so C supervising A breaks H1 and nothing else."""
    three = roster(
        person("A", "Oak", receives=False),
        person("B", "Ash", gives=False),
        person("C", "Elm"),
    )
    hand_made = plan(session("A", "B"), session("C", "A"), cover=((AUTUMN_1, "C"),))

    found = broken(three, hand_made)

    assert list(found) == [H1]
    assert where(found[H1]) == [(AUTUMN_1, ("C", "A"))]
    assert "Person A (A) is not in the cycle as a supervisee" in found[H1][0].message


@pytest.mark.parametrize("role", ["Trust Safeguarding Lead", "Hub Strategic Lead", "TSL"])
def test_trust_lead_defaults_receives_no_and_capacity_three(role):
    """SPEC 2 Staff: Receives "Default Yes; No for trust leads", Capacity "Default 1; 3 for
    trust leads". Three DSLs from one school can only be supervised by the trust lead, who
    takes all three and needs no supervisor."""
    lead = trust_lead("T", role=role)
    one_school = [person(i, "Oak") for i in ("A", "B", "C")]

    assert (lead.receives, lead.capacity) == (False, 3)
    result = solved(roster(lead, *one_school))

    assert result.plan.cover_needed == ()
    assert pairs(result.plan) == {("T", "A"), ("T", "B"), ("T", "C")}
    assert broken(roster(lead, *one_school), result.plan) == {}


def test_trust_lead_capacity_three_leaves_a_fourth_under_cover_needed():
    """SPEC 2 Staff: Capacity "3 for trust leads": a fourth DSL from the same school is
    under Cover Needed, and the reason says the only possible supervisor is fully booked."""
    one_school = [person(i, "Oak") for i in ("A", "B", "C", "D")]

    result = solved(roster(trust_lead("T"), *one_school))

    assert len(result.plan.supervisees_of(AUTUMN_1, "T")) == 3
    [(half_term, who)] = uncovered(result.plan)
    assert half_term == AUTUMN_1
    assert who in {"A", "B", "C", "D"}
    assert "Person T (T)" in reason(result.plan, AUTUMN_1, who)
    assert "fully booked" in reason(result.plan, AUTUMN_1, who)


def test_trust_lead_who_opts_in_as_supervisee_receives():
    """SPEC 2 Staff, Receives: "No for trust leads" is only a default; a lead marked
    Receives = Yes is in the cycle and needs a supervisor."""
    lead = trust_lead("T", receives=True)
    result = solved(roster(lead, person("A", "Oak"), person("B", "Ash")))

    assert lead.receives is True
    assert_complete(result)
    assert len(result.plan.supervisors_of(AUTUMN_1, "T")) == 1
