"""`peerpair diff` over every tier (SPEC 10): the other tiers' sessions added, removed,
moved, or held at the same time with other people, by half term and tier."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from peerpair.domain.changes import TierChangeKind, identities, tier_changes_between
from peerpair.domain.plan import Plan, Session
from peerpair.domain.roster import HalfTerm, Person, Roster
from peerpair.domain.tiers import Tier, TierSession
from peerpair.io.plan_workbook import write_plan
from tests.test_cli import run

HALF_TERMS = ["Autumn 1", "Autumn 2"]
PEER = Session(
    half_term="Autumn 1",
    supervisor_id="101",
    supervisee_id="102",
    date=date(2026, 9, 15),
    start=time(9, 30),
    end=time(10, 30),
)


def tier_session(tier=Tier.GROUP, half_term="Autumn 1", day=date(2026, 9, 17), **extra):
    fields = {
        "lead_id": "101",
        "attendee_ids": ("102", "103"),
        "group": "Deputies" if tier in (Tier.GROUP, Tier.MOP_UP) else "",
        "start": time(13, 30),
        "end": time(14, 30),
    }
    return TierSession(tier=tier, half_term=half_term, date=day, **(fields | extra))


GROUP = tier_session()
VISIT = tier_session(Tier.SCHOOL, day=date(2026, 9, 21), school="Oak", attendee_ids=("102",))
ONE_TO_ONE = tier_session(Tier.ONE_TO_ONE, "Autumn 2", date(2026, 11, 4), attendee_ids=("103",))


def plan(*tier_sessions: TierSession) -> Plan:
    return Plan(sessions=(PEER,), tier_sessions=tier_sessions)


def test_the_same_sessions_are_no_change():
    assert tier_changes_between(plan(GROUP, VISIT), plan(VISIT, GROUP), HALF_TERMS) == []


def test_a_session_on_another_day_has_moved():
    moved = GROUP.model_copy(update={"date": date(2026, 9, 18)})
    [change] = tier_changes_between(plan(GROUP), plan(moved), HALF_TERMS)
    assert (change.kind, change.old, change.new) == (TierChangeKind.MOVED, GROUP, moved)


def test_a_session_that_ends_later_has_moved_too():
    longer = GROUP.model_copy(update={"end": time(15, 0)})
    [change] = tier_changes_between(plan(GROUP), plan(longer), HALF_TERMS)
    assert change.kind is TierChangeKind.MOVED


def test_the_same_group_at_the_same_time_with_other_people_is_one_change():
    other = GROUP.model_copy(update={"attendee_ids": ("102", "104")})
    [change] = tier_changes_between(plan(GROUP), plan(other), HALF_TERMS)
    assert (change.kind, change.old, change.new) == (TierChangeKind.OTHER_PEOPLE, GROUP, other)


def test_sessions_added_and_removed_in_half_term_then_tier_order():
    changes = tier_changes_between(plan(GROUP, VISIT), plan(ONE_TO_ONE), HALF_TERMS)
    assert [(c.kind, c.session) for c in changes] == [
        (TierChangeKind.REMOVED, GROUP),
        (TierChangeKind.REMOVED, VISIT),
        (TierChangeKind.ADDED, ONE_TO_ONE),
    ]


def test_only_the_half_terms_asked_about():
    assert tier_changes_between(plan(GROUP), plan(ONE_TO_ONE), ["Autumn 2"]) == [
        *tier_changes_between(plan(), plan(ONE_TO_ONE), ["Autumn 2"])
    ]


def test_a_session_keeps_its_identity_when_it_moves_and_a_second_alike_is_told_apart():
    moved = GROUP.model_copy(update={"date": date(2026, 9, 18)})
    assert identities([GROUP]) == identities([moved])
    make_up = PEER.model_copy(update={"date": date(2026, 10, 12)})
    first, second = identities([make_up, PEER])
    assert second == identities([PEER])[0] and first == f"{second}#1"


# --- the command ------------------------------------------------------------------------


@pytest.fixture
def roster() -> Roster:
    return Roster(
        people=tuple(
            Person(id=i, name=name, school=school)
            for i, name, school in [
                ("101", "Ann Able", "Oak"),
                ("102", "Ben Moss", "Ash"),
                ("103", "Cat Cole", "Elm"),
                ("104", "Dan Dee", "Elm"),
            ]
        ),
        half_terms=tuple(
            HalfTerm(name=h, start=start, end=end)
            for h, start, end in [
                ("Autumn 1", date(2026, 9, 2), date(2026, 10, 23)),
                ("Autumn 2", date(2026, 11, 2), date(2026, 12, 18)),
            ]
        ),
    )


def plan_file(path: Path, roster: Roster, p: Plan) -> Path:
    write_plan(path, roster, p, [], [])
    return path


def test_diff_lists_every_tiers_changes_by_half_term_and_tier(tmp_path, roster):
    moved = GROUP.model_copy(update={"date": date(2026, 9, 18)})
    other = VISIT.model_copy(update={"attendee_ids": ("104",)})
    old = plan_file(tmp_path / "old.xlsx", roster, plan(GROUP, VISIT))
    new = plan_file(tmp_path / "new.xlsx", roster, plan(moved, other, ONE_TO_ONE))
    result = run("diff", old, new, code=1)
    assert result.stdout.splitlines() == [
        "Every peer session keeps its supervisor.",
        "3 sessions of the other tiers change:",
        "  Autumn 1, group supervision:",
        "    moved: Deputies, led by Ann Able (101) with Ben Moss (102), Cat Cole (103): "
        "Thu 17/09/2026 13:30 -> Fri 18/09/2026 13:30",
        "  Autumn 1, school sessions:",
        "    other people at Mon 21/09/2026 13:30: Oak, led by Ann Able (101) with Ben Moss "
        "(102) -> Oak, led by Ann Able (101) with Dan Dee (104)",
        "  Autumn 2, one-to-ones:",
        "    added: led by Ann Able (101) with Cat Cole (103), Wed 04/11/2026 13:30",
    ]


def test_diff_of_plans_alike_in_every_tier(tmp_path, roster):
    old = plan_file(tmp_path / "old.xlsx", roster, plan(GROUP, VISIT))
    new = plan_file(tmp_path / "new.xlsx", roster, plan(VISIT, GROUP))
    assert run("diff", old, new, code=0).stdout == "old.xlsx and new.xlsx have the same sessions.\n"


def test_diff_of_a_removed_tier_session_and_a_peer_change(tmp_path, roster):
    other_peer = PEER.model_copy(update={"supervisor_id": "103"})
    old = plan_file(tmp_path / "old.xlsx", roster, plan(GROUP))
    new = plan_file(tmp_path / "new.xlsx", roster, Plan(sessions=(other_peer,)))
    lines = run("diff", old, new, code=1).stdout.splitlines()
    changed = "    Ben Moss (102): supervised by Ann Able (101) -> Cat Cole (103)"
    assert any(line.startswith(changed) for line in lines)  # then why, in shared words
    assert (
        "    removed: Deputies, led by Ann Able (101) with Ben Moss (102), Cat Cole (103), "
        "Thu 17/09/2026 13:30" in lines
    )
