"""H6 trained supervisors only (SPEC 3). Policy 001 App. 2: "Only colleagues who have
undertaken the ATLP Supervision Skills Training can deliver supervision under this Trust
Peer Supervision model". A person is trained by a half term if Supervision Trained is Yes,
or a date on or before its start, or any date when it has no dates."""

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
    uncovered,
    where,
)

H6 = "H6 trained supervisors only"


def giver_and_receiver(half_terms=(AUTUMN_1,), **giver):
    """A, who gives but does not receive, and B, who receives but does not give."""
    return roster(
        person("A", "Oak", receives=False, **giver),
        person("B", "Ash", gives=False),
        half_terms=half_terms,
    )


def test_trained_supervisor_gives():
    """Policy 001 App. 2: "Only colleagues who have undertaken the ATLP Supervision Skills
    Training can deliver supervision": A is trained, so A supervises B."""
    result = solved(giver_and_receiver(supervision_trained=True))

    assert_complete(result)
    assert pairs(result.plan) == {("A", "B")}


def test_untrained_giver_alone_leaves_supervisee_under_cover_needed():
    """Policy 001 App. 2: "Only colleagues who have undertaken the ATLP Supervision Skills
    Training can deliver supervision": untrained A is not a giver, so B is under Cover
    Needed because nobody else gives; the same roster with A trained is complete."""
    result = solved(giver_and_receiver(supervision_trained=False))

    assert result.plan.sessions == ()
    assert uncovered(result.plan) == {(AUTUMN_1, "B")}
    assert reason(result.plan, AUTUMN_1, "B") == "nobody else can give supervision in Autumn 1"

    assert_complete(solved(giver_and_receiver(supervision_trained=True)))


def test_trained_mid_year_gives_only_from_the_next_half_term():
    """Policy 001 App. 2: "Only colleagues who have undertaken the ATLP Supervision Skills
    Training can deliver supervision"; SPEC 3: trained by h means "a date on or before h's
    start". A, trained on 1 Oct 2025, gives in Autumn 2 but not in Autumn 1."""
    mid_year = giver_and_receiver(
        half_terms=(AUTUMN_1_DATED, AUTUMN_2_DATED), trained_on=date(2025, 10, 1)
    )

    result = solved(mid_year)

    assert pairs(result.plan, AUTUMN_1) == set()
    assert pairs(result.plan, AUTUMN_2) == {("A", "B")}
    assert uncovered(result.plan) == {(AUTUMN_1, "B")}
    assert reason(result.plan, AUTUMN_1, "B") == "nobody else can give supervision in Autumn 1"


@pytest.mark.parametrize(
    "half_terms",
    [
        (AUTUMN_1_DATED, AUTUMN_2_DATED),  # trained on the first day of Autumn 1
        (AUTUMN_1, AUTUMN_2),  # half terms without dates: any training date will do
    ],
)
def test_trained_on_or_before_start_or_without_half_term_dates_gives_throughout(half_terms):
    """SPEC 3: trained by h is "Supervision Trained is Yes, or a date on or before h's
    start, or any date when h has no dates"."""
    result = solved(giver_and_receiver(half_terms=half_terms, trained_on=date(2025, 9, 1)))

    assert_complete(result)
    assert pairs(result.plan, AUTUMN_1) == pairs(result.plan, AUTUMN_2) == {("A", "B")}


def test_check_catches_untrained_supervisor():
    """Policy 001 App. 2: "Only colleagues who have undertaken the ATLP Supervision Skills
    Training can deliver supervision": untrained A -> B breaks H6 alone."""
    found = broken(giver_and_receiver(supervision_trained=False), plan(session("A", "B")))

    assert list(found) == [H6]
    assert where(found[H6]) == [(AUTUMN_1, ("A", "B"))]
    assert found[H6][0].message == (
        "Person A (A) supervises Person B (B) but has not done the supervision-skills training"
    )


def test_check_catches_supervisor_trained_only_after_the_half_term_starts():
    """SPEC 3: trained by h is "a date on or before h's start": A (trained 1 Oct 2025)
    supervising B in Autumn 1 breaks H6; the same session in Autumn 2 does not."""
    mid_year = giver_and_receiver(
        half_terms=(AUTUMN_1_DATED, AUTUMN_2_DATED), trained_on=date(2025, 10, 1)
    )
    hand_made = plan(session("A", "B", AUTUMN_1), session("A", "B", AUTUMN_2))

    found = broken(mid_year, hand_made)

    assert list(found) == [H6]
    assert where(found[H6]) == [(AUTUMN_1, ("A", "B"))]
    assert found[H6][0].message == (
        "Person A (A) supervises Person B (B) but is trained only from 01/10/2025, "
        "after Autumn 1 starts"
    )
