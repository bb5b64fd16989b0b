"""Objective 6: most (Same Hub = prefer) or fewest (avoid) same-hub pairs (SPEC 3). Policy
001 App. 2: "When allocating supervisors, the Trust Safeguarding Leads will take account of
individuals' roles, school, and circumstances"; trusts differ on whether local pairs or
fresh eyes from another hub serve that better."""

from __future__ import annotations

import pytest
from rule_builders import assert_complete, pairs, person, roster, solved, stage

from peerpair.constraints.repeat_pairs import FewestRepeatPairs
from peerpair.constraints.same_hub import SameHub
from peerpair.domain.roster import PastPair, Settings


def north_or_south(same_hub: str, north_hub: str = "North", **fields):
    """B (North hub) needs a supervisor: A from the North hub or D from the South hub."""
    return roster(
        person("A", "Oak", hub=north_hub, receives=False),
        person("D", "Pine", hub="South", receives=False),
        person("B", "Ash", hub="North", gives=False),
        settings=Settings(same_hub=same_hub, **fields.pop("settings", {})),
        **fields,
    )


@pytest.mark.parametrize(
    ("same_hub", "supervisor", "same_hub_pairs"),
    [
        ("prefer", "A", 1),  # local pairs know the context
        ("avoid", "D", 0),  # cross-hub pairs bring fresh eyes
    ],
)
def test_prefer_and_avoid_flip_the_choice_of_supervisor(same_hub, supervisor, same_hub_pairs):
    """SPEC 3 objective 6: "most (prefer) or fewest (avoid) same-hub pairs": A and D are
    otherwise equal for B; prefer picks A from B's hub, avoid picks D from another."""
    hubs = north_or_south(same_hub)

    result = solved(hubs)

    assert_complete(result)
    assert pairs(result.plan) == {(supervisor, "B")}
    hub = stage(result, SameHub)
    assert (hub.value, hub.bound, hub.proven) == (same_hub_pairs, same_hub_pairs, True)
    assert hub.maximise is (same_hub == "prefer")
    assert SameHub().value(hubs, result.plan, [0]) == hub.value


@pytest.mark.parametrize("north_hub", ["north", "  North ", "NORTH"])
def test_hub_names_match_ignoring_case_and_spacing(north_hub):
    """SPEC 3 objective 6 "same-hub pairs": a hub typed with different case or spacing is
    the same hub, so prefer still picks A."""
    result = solved(north_or_south("prefer", north_hub=north_hub))

    assert pairs(result.plan) == {("A", "B")}
    assert stage(result, SameHub).value == 1


def test_blank_hubs_are_never_the_same_hub():
    """SPEC 2 Staff, Hub is optional: people with no hub are not "same-hub" pairs, so with
    prefer a roster without hubs counts none."""
    no_hubs = roster(
        person("A", "Oak"),
        person("B", "Ash"),
        person("C", "Elm"),
        settings=Settings(same_hub="prefer"),
    )

    result = solved(no_hubs)

    assert_complete(result)
    assert stage(result, SameHub).value == 0


def test_objective_does_not_apply_with_any():
    """SPEC 2 Settings, Same Hub: "any" (the default) leaves hubs out of the choice."""
    result = solved(north_or_south("any"))

    assert SameHub.name not in [s.name for s in result.stages]


def test_avoiding_a_repeat_comes_before_preferring_the_same_hub():
    """SPEC 3: "Objectives, in strict priority order (a later one never worsens an earlier
    one)": fewest repeats (5) comes before same hub (6). A, from B's hub, supervised B in
    an earlier year, so even with prefer D supervises B."""
    met_before = north_or_south(
        "prefer",
        history=(PastPair(supervisor_id="A", supervisee_id="B"),),
        settings={"repeat_pairs": "avoid"},
    )

    result = solved(met_before)

    assert_complete(result)
    assert pairs(result.plan) == {("D", "B")}
    assert stage(result, FewestRepeatPairs).value == 0
    assert stage(result, SameHub).value == 0
