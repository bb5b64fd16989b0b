"""H9 working days: supervisor and supervisee share at least one working day (SPEC 3).
Policy 001 App. 2: "Agreeing the time for a supervision session per term is the
responsibility of the supervisor and supervisee jointly. It must be within both people's
working hours"."""

from __future__ import annotations

from rule_builders import (
    AUTUMN_1,
    assert_complete,
    broken,
    pairs,
    person,
    plan,
    reason,
    roster,
    session,
    solved,
    uncovered,
    where,
)

H9 = "H9 working days"


def part_timers(giver_days: set[str], receiver_days: set[str]):
    """A, who gives but does not receive, and B, who receives but does not give."""
    return roster(
        person("A", "Oak", receives=False, working_days=frozenset(giver_days)),
        person("B", "Ash", gives=False, working_days=frozenset(receiver_days)),
    )


def test_part_timers_sharing_one_day_are_paired():
    """Policy 001 App. 2: the session "must be within both people's working hours": A works
    Mon-Wed and B Wed-Fri; they share Wednesday."""
    result = solved(part_timers({"Mon", "Tue", "Wed"}, {"Wed", "Thu", "Fri"}))

    assert_complete(result)
    assert pairs(result.plan) == {("A", "B")}


def test_part_timers_with_no_shared_day_leave_supervisee_under_cover_needed():
    """Policy 001 App. 2: the session "must be within both people's working hours": A works
    Mon-Tue and B Thu-Fri, so B is under Cover Needed and the reason says they share no
    working day; once B also works Tuesday the roster is complete."""
    result = solved(part_timers({"Mon", "Tue"}, {"Thu", "Fri"}))

    assert result.plan.sessions == ()
    assert uncovered(result.plan) == {(AUTUMN_1, "B")}
    assert reason(result.plan, AUTUMN_1, "B") == (
        "no possible supervisor in Autumn 1: of 1 who can give, 1 shares no working day"
    )

    assert_complete(solved(part_timers({"Mon", "Tue"}, {"Tue", "Thu", "Fri"})))


def test_full_timer_shares_a_day_with_every_part_timer():
    """SPEC 2 Staff, Working Days: "Blank = Mon-Fri": a full-timer supervises a one-day
    part-timer."""
    full_timer = person("A", "Oak", receives=False)
    one_day = person("B", "Ash", gives=False, working_days=frozenset({"Fri"}))

    result = solved(roster(full_timer, one_day))

    assert_complete(result)
    assert pairs(result.plan) == {("A", "B")}


def test_check_catches_pair_with_no_shared_working_day():
    """Policy 001 App. 2: the session "must be within both people's working hours": A
    (Mon-Tue) -> B (Thu-Fri) breaks H9 alone."""
    found = broken(part_timers({"Mon", "Tue"}, {"Thu", "Fri"}), plan(session("A", "B")))

    assert list(found) == [H9]
    assert where(found[H9]) == [(AUTUMN_1, ("A", "B"))]
    assert found[H9][0].message == "Person A (A) and Person B (B) share no working day"
