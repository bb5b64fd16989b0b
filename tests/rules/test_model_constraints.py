"""Each hard rule's CP-SAT part on its own (SPEC 3: every hard rule is checked twice, in the
model and by the check of a finished plan).

For each rule, a model of the roster with that rule alone (the pairs it forbids get no
variable, and its `add_to_model` adds its constraints) is forced to be exactly one plan,
every session variable and Cover Needed variable fixed: a plan that breaks the rule must be
infeasible, and a plan that keeps it feasible. The rule's own check must agree on both, so
the model and `peerpair check` cannot drift apart.
"""

from __future__ import annotations

import pytest
from rule_builders import AUTUMN_1, AUTUMN_2, person, plan, roster, session

from peerpair.constraints import HARD_RULES
from peerpair.constraints.eligibility import Eligibility
from peerpair.constraints.model import PairingModel
from peerpair.domain.plan import Plan
from peerpair.domain.roster import ChangeRequest, PastPair, Roster, Settings
from peerpair.pairing.cp_sat import run

RULES = {rule.code: rule for rule in HARD_RULES}


def model_allows(a_roster: Roster, code: str, a_plan: Plan) -> bool:
    """Whether the model with rule `code` alone has `a_plan` as a solution: its sessions
    made and no other, and its Cover Needed exactly."""
    rule = RULES[code]
    index = a_roster.index
    model = PairingModel(
        a_roster, Eligibility(a_roster, (rule,)), list(range(len(a_roster.half_terms)))
    )
    rule.add_to_model(model)
    made = {
        (a_roster.half_term_index(s.half_term), index[s.supervisor_id], index[s.supervisee_id])
        for s in a_plan.sessions
    }
    if any(model.chosen(*key) is None for key in made):
        return False  # the rule forbids the pair outright: the model cannot make it
    for p in model.pairings:
        model.cp.add(p.chosen == int((p.half_term, p.supervisor, p.supervisee) in made))
    cover = {
        (a_roster.half_term_index(c.half_term), index[c.supervisee_id]) for c in a_plan.cover_needed
    }
    for key, var in model.cover.items():
        model.cp.add(var == int(key in cover))
    return run(model.cp, 10.0, 0).found


def three(**fields) -> Roster:
    """A, B and C at three schools, trained, giving and receiving, one half term."""
    return roster(person("A", "Oak"), person("B", "Ash"), person("C", "Elm"), **fields)


def three_with(changed: dict[str, dict], **fields) -> Roster:
    """`three()` with some people's fields changed."""
    people = [person(i, school) for i, school in (("A", "Oak"), ("B", "Ash"), ("C", "Elm"))]
    return roster(*(p.model_copy(update=changed.get(p.id, {})) for p in people), **fields)


RING = plan(session("A", "B"), session("B", "C"), session("C", "A"))
# A supervises C, C supervises B; A is under Cover Needed.
AROUND_B = plan(session("A", "C"), session("C", "B"), cover=((AUTUMN_1, "A"),))

# (rule, roster, a plan that breaks the rule, a plan that keeps it), each with the policy
# sentence or SPEC rule it protects.
CASES = [
    pytest.param(
        "H1",
        three(),
        plan(session("A", "B"), session("C", "B"), cover=((AUTUMN_1, "A"), (AUTUMN_1, "C"))),
        RING,
        id="H1-two-supervisors",  # SPEC 3 H1: each supervisee has at most one supervisor
    ),
    pytest.param(
        "H1",
        three(),
        plan(session("A", "B"), session("B", "C")),
        RING,
        id="H1-uncovered-yet-not-under-cover-needed",  # SPEC 3 H1: or is under Cover Needed
    ),
    pytest.param(
        "H2",
        three_with({"A": {"capacity": 1}}),
        plan(session("A", "B"), session("A", "C"), cover=((AUTUMN_1, "A"),)),
        RING,
        id="H2-beyond-capacity",  # SPEC 3 H2: no supervisor beyond their Capacity
    ),
    pytest.param(
        "H2",
        roster(
            person("A", "Oak", capacity=2),
            person("B", "Ash"),
            person("C", "Elm"),
            person("D", "Yew"),
        ),
        plan(session("A", "B"), session("A", "C"), session("A", "D"), session("B", "A")),
        plan(session("A", "B"), session("A", "C"), session("B", "D"), session("D", "A")),
        id="H2-capacity-two",
    ),
    pytest.param(
        "H3",
        three(),
        plan(session("A", "A"), session("B", "C"), session("C", "B")),
        RING,
        id="H3-self",  # SPEC 3 H3: nobody supervises themselves
    ),
    pytest.param(
        "H4",
        three(),
        plan(session("A", "B"), session("B", "A"), cover=((AUTUMN_1, "C"),)),
        RING,
        id="H4-swap",  # policy 001 App. 2: not delivered and received between the same two
    ),
    pytest.param(
        "H5",
        three_with({"B": {"school": "oak"}}),
        plan(session("A", "B"), session("B", "C"), session("C", "A")),
        AROUND_B,
        id="H5-same-school",  # policy 001 App. 2: not delivered by someone within the same school
    ),
    pytest.param(
        "H6",
        three_with({"C": {"supervision_trained": False}}),
        plan(session("A", "B"), session("B", "C"), session("C", "A")),
        plan(session("A", "B"), session("B", "C"), cover=((AUTUMN_1, "A"),)),
        id="H6-untrained",  # policy 001: supervisors have had supervision-skills training
    ),
    pytest.param(
        "H7",
        three(change_requests=(ChangeRequest(person_id="A", partner_id="B"),)),
        plan(session("B", "A"), session("A", "C"), session("C", "B")),
        AROUND_B,
        id="H7-change-request-either-way",  # SPEC 3 H7: neither supervises the other
    ),
    pytest.param(
        "H8",
        three_with({"B": {"line_manager_id": "A"}}),
        plan(session("A", "B"), session("B", "C"), session("C", "A")),
        AROUND_B,
        id="H8-line-manager",  # SPEC 3 H8: nobody supervises someone they line-manage
    ),
    pytest.param(
        "H9",
        three_with(
            {"A": {"working_days": frozenset({"Mon"})}, "B": {"working_days": frozenset({"Tue"})}}
        ),
        plan(session("A", "B"), session("B", "C"), session("C", "A")),
        AROUND_B,
        id="H9-no-shared-day",  # policy 001 App. 2: within both people's working hours
    ),
    pytest.param(
        "H10",
        three_with({"B": {"receive_from": frozenset({"C"})}}),
        plan(session("A", "B"), session("B", "C"), session("C", "A")),
        AROUND_B,
        id="H10-not-on-receive-from",  # SPEC 3 H10: only from someone on the list
    ),
    pytest.param(
        "H11",
        three(
            settings=Settings(repeat_pairs="forbid"),
            history=(PastPair(supervisor_id="A", supervisee_id="B"),),
        ),
        plan(session("B", "A"), session("A", "C"), session("C", "B")),
        AROUND_B,
        id="H11-paired-in-history",  # policy 001 App. 2: not between the same two people
    ),
    pytest.param(
        "H11",
        three(settings=Settings(repeat_pairs="forbid"), half_terms=(AUTUMN_1, AUTUMN_2)),
        plan(session("A", "B"), session("B", "A", AUTUMN_2)),
        plan(*RING.sessions),
        id="H11-twice-in-the-year",
    ),
]


@pytest.mark.parametrize(("code", "a_roster", "breaks", "keeps"), CASES)
def test_a_plan_breaking_the_rule_is_infeasible_in_its_model(code, a_roster, breaks, keeps):
    """SPEC 3: every hard rule is a constraint of the model; the rule's own check agrees."""
    assert RULES[code].check(a_roster, breaks)
    assert not model_allows(a_roster, code, breaks)


@pytest.mark.parametrize(("code", "a_roster", "breaks", "keeps"), CASES)
def test_a_plan_keeping_the_rule_is_feasible_in_its_model(code, a_roster, breaks, keeps):
    """SPEC 3: the model rules out nothing the rule allows; the rule's own check agrees."""
    assert RULES[code].check(a_roster, keeps) == []
    assert model_allows(a_roster, code, keeps)


def test_every_hard_rule_with_a_model_part_has_a_case():
    """A new hard rule gets its model tested here too (D1 adds nothing to the model)."""
    covered = {case.values[0] for case in CASES}
    assert covered == {rule.code for rule in HARD_RULES} - {"D1"}
