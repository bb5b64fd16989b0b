"""IDs and the references between rows (SPEC 2 "References between rows")."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from peerpair.io.cells import id_key, parse_id
from peerpair.io.roster_reader import RosterError, read_roster
from peerpair.pairing.solve import solve
from tests.test_roster_reader import write_xlsx

HALF_TERMS = [
    ["Half Term", "Start", "End"],
    ["Autumn 1", "2026-09-02", "2026-10-23"],
    ["Autumn 2", "2026-11-02", "2026-12-18"],
]


def problems_of(path: Path, **options) -> list[str]:
    with pytest.raises(RosterError) as raised:
        read_roster(path, **options)
    return [str(p) for p in raised.value.problems]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("t01", "T01"),
        (" T01 ", "t01"),
        ("0107", "107"),
        ("007", "7"),
        ("0", "000"),
    ],
)
def test_id_key_matches_ids_excel_or_a_keeper_would_call_the_same(one, other):
    """SPEC 2: IDs match ignoring case and surrounding spaces, and an all-digit ID ignoring
    leading zeros."""
    assert id_key(one) == id_key(other)


@pytest.mark.parametrize(("one", "other"), [("T01", "T1"), ("A0107", "A107"), ("10", "100")])
def test_id_key_keeps_ids_that_differ_apart(one, other):
    """Only an all-digit ID loses its leading zeros: T01 and T1 are two people."""
    assert id_key(one) != id_key(other)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("T0\n1", '"T0⏎1" holds a line break'),
        ("T01\r\n", '"T01" holds a line break'),
        ("T\x0701", "holds a control character"),
    ],
)
def test_an_id_holding_a_line_break_or_control_character_is_refused(cell, message):
    """SPEC 2: an ID holding a line break or control character is an error."""
    with pytest.raises(ValueError, match=message):
        parse_id(cell)


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (
            "t01",
            "T01",
            '"T01" is the ID "t01" on row 2: IDs match ignoring case, spaces and leading zeros',
        ),
        (
            "0107",
            107,
            '"107" is the ID "0107" on row 2: IDs match ignoring case, spaces and leading zeros',
        ),
        ("S1", " S1 ", "ID S1 is already used on row 2"),
    ],
)
def test_two_staff_rows_whose_ids_match_are_a_duplicate(tmp_path, first, second, message):
    """SPEC 2: two Staff rows whose IDs match that way (t01 and T01) are a duplicate; the
    message names both rows."""
    staff = [
        ["ID", "Name", "School"],
        [first, "Ann Able", "Oak Primary"],
        ["X9", "Ben Best", "Elm Academy"],
        [second, "Cat Cole", "Ash High"],
    ]
    path = write_xlsx(tmp_path / "roster.xlsx", {"Staff": staff})
    (found,) = problems_of(path)
    assert found.startswith(f"Staff row 4, ID: {message}")


def _every_reference(tmp_path: Path, manager: object, leavers: tuple[str, ...] = ()):
    """A roster whose every kind of reference names people in other spellings than the Staff
    sheet's (`manager` is Cat's Line Manager ID)."""
    staff = [
        ["ID", "Name", "School", "Supervision Trained", "Line Manager ID", "Receive From"],
        ["0107", "Ann Able", "Oak Primary", "Yes", None, None],
        ["T01", "Ben Best", "Elm Academy", "Yes", None, "0107, trust lead"],
        ["c3", "Cat Cole", "Ash High", "Yes", manager, None],
        ["D4", "Dan Dee", "Fir School", "Yes", None, "107; t01"],
    ]
    sheets = {
        "Staff": staff,
        "Half Terms": HALF_TERMS,
        "Absences": [["ID", "Half Term"], [" C3", "Autumn 2"]],
        "Change Requests": [["ID", "Partner ID"], ["t01 ", 107]],
        "History": [["Supervisor ID", "Supervisee ID"], [107, "d4"]],
        "Groups": [["Group", "Facilitator IDs", "Members"], ["DSL forum", "t01", "107, C3"]],
        "Requests": [["ID", "Preferred Supervisor ID"], ["d4", "107"]],
    }
    return read_roster(write_xlsx(tmp_path / "roster.xlsx", sheets), leavers=leavers)


def test_every_reference_is_the_id_as_the_staff_sheet_types_it(tmp_path):
    """SPEC 2: a Line Manager ID typed 107 is ID 0107; every reference is resolved to the
    Staff sheet's ID, so everything downstream sees one ID per person."""
    roster = _every_reference(tmp_path, 107).roster
    ann, ben, cat, dan = roster.people
    assert cat.line_manager_id == "0107"
    assert ben.receive_from == {"0107", "trust lead"}
    assert dan.receive_from == {"0107", "T01"}
    assert [a.person_id for a in roster.absences] == ["c3"]
    assert [(c.person_id, c.partner_id) for c in roster.change_requests] == [("T01", "0107")]
    assert [(p.supervisor_id, p.supervisee_id) for p in roster.history] == [("0107", "D4")]
    (group,) = roster.groups
    assert group.facilitator_ids == ("T01",)
    assert [m.value for m in group.members] == ["0107", "c3"]
    (request,) = roster.requests
    assert (request.person_id, request.preferred_supervisor_id) == ("D4", "0107")


def test_a_line_manager_stored_as_a_number_is_never_their_reports_supervisor(tmp_path):
    """H8 over a real Excel slip: Line Manager ID 107 (Excel dropped the zero of 0107). Before
    SPEC 2's matching this was a warning and 0107 supervised their own report all year."""
    staff = [
        ["ID", "Name", "School", "Supervision Trained", "Line Manager ID", "Receive From"],
        ["0107", "Ann Able", "Oak Primary", "Yes", None, None],
        ["0108", "Ben Best", "Elm Academy", "Yes", 107, "0107, 0109"],
        ["0109", "Cat Cole", "Ash High", "Yes", None, None],
        ["0110", "Dan Dee", "Fir School", "Yes", None, None],
    ]
    path = write_xlsx(tmp_path / "roster.xlsx", {"Staff": staff, "Half Terms": HALF_TERMS})
    roster = read_roster(path).roster
    assert roster.person("0108").line_manager_id == "0107"
    plan = solve(roster, time_limit=10).plan
    assert {s.supervisor_id for s in plan.sessions if s.supervisee_id == "0108"} == {"0109"}
    assert plan.cover_needed == ()


@pytest.mark.parametrize(
    ("sheet", "rows", "message"),
    [
        (
            "Staff",
            None,
            'Staff row 4, Line Manager ID: "0170" is not an ID on the Staff sheet: did you '
            'mean "0107"? For a line manager outside the scheme, leave the cell blank',
        ),
        (
            "Absences",
            [["ID", "Half Term"], ["T10", "Autumn 1"]],
            'Absences row 2, ID: "T10" is not an ID on the Staff sheet: did you mean "T01"?',
        ),
        (
            "Change Requests",
            [["ID", "Partner ID"], ["T01", "zz"]],
            'Change Requests row 2, Partner ID: "zz" is not an ID on the Staff sheet',
        ),
        (
            "Groups",
            [["Group", "Facilitator IDs", "Members"], ["Forum", "T01", "C33"]],
            'Groups row 2, Members: "C33" is not an ID on the Staff sheet: did you mean "c3"?',
        ),
        (
            "Requests",
            [["ID", "Preferred Supervisor ID"], ["D4", "D44"]],
            'Requests row 2, Preferred Supervisor ID: "D44" is not an ID on the Staff sheet: '
            'did you mean "D4"?',
        ),
    ],
)
def test_a_reference_matching_no_staff_id_is_an_error_suggesting_the_closest(
    tmp_path, sheet, rows, message
):
    """SPEC 2: a reference that still matches no ID on the Staff sheet is an error (never a
    warning: it would silently drop a rule), and the message suggests the closest IDs."""
    staff = [
        ["ID", "Name", "School", "Line Manager ID"],
        ["0107", "Ann Able", "Oak Primary", None],
        ["T01", "Ben Best", "Elm Academy", None],
        ["c3", "Cat Cole", "Ash High", "0170" if sheet == "Staff" else None],
        ["D4", "Dan Dee", "Fir School", None],
    ]
    sheets = {"Staff": staff, "Half Terms": HALF_TERMS}
    if rows:
        sheets[sheet] = rows
    path = write_xlsx(tmp_path / "roster.xlsx", sheets)
    assert problems_of(path) == [message]


def test_every_unknown_reference_is_reported_in_one_run(tmp_path):
    """Every refusal names sheet, row and column, every problem in one run."""
    staff = [
        ["ID", "Name", "School", "Line Manager ID", "Receive From"],
        ["A1", "Ann Able", "Oak Primary", "Q9", None],
        ["B2", "Ben Best", "Elm Academy", None, "A1, Z8"],
    ]
    sheets = {
        "Staff": staff,
        "Absences": [["ID", "Half Term"], ["W7", "Autumn 1"]],
        "History": [["Supervisor ID", "Supervisee ID"], ["A1", "gone"]],
    }
    found = problems_of(write_xlsx(tmp_path / "roster.xlsx", sheets))
    assert [p.split(":")[0] for p in found] == [
        "Staff row 2, Line Manager ID",
        "Staff row 3, Receive From",
        "Absences row 2, ID",
    ]


def test_references_to_people_who_have_left_are_warnings_and_dropped(tmp_path):
    """SPEC 2's one exception (SPEC 8): an ID that the previous plan names but the Staff sheet
    no longer holds is a warning, and the reference is dropped."""
    staff = [
        ["ID", "Name", "School", "Line Manager ID", "Receive From"],
        ["A1", "Ann Able", "Oak Primary", "L9", None],
        ["B2", "Ben Best", "Elm Academy", None, "A1, l9"],
        ["C3", "Cat Cole", "Ash High", None, None],
    ]
    sheets = {
        "Staff": staff,
        "Half Terms": HALF_TERMS,
        "Absences": [["ID", "Half Term"], ["L9", "Autumn 1"]],
        "Change Requests": [["ID", "Partner ID"], ["A1", "L9"]],
        "Groups": [["Group", "Facilitator IDs", "Members"], ["Forum", "L9, A1", "B2, L9"]],
    }
    path = write_xlsx(tmp_path / "roster.xlsx", sheets)
    assert problems_of(path)  # without the previous plan's word, an unknown ID is an error
    reading = read_roster(path, leavers=["l9"])
    ann, ben, _ = reading.roster.people
    assert ann.line_manager_id is None
    assert ben.receive_from == {"A1"}
    assert reading.roster.absences == ()
    assert reading.roster.change_requests == ()
    (group,) = reading.roster.groups
    assert (group.facilitator_ids, [m.value for m in group.members]) == (("A1",), ["B2"])
    assert [str(w).split(":")[0] for w in reading.warnings] == [
        "Staff row 2, Line Manager ID",
        "Staff row 3, Receive From",
        "Absences row 2, ID",
        "Change Requests row 2, Partner ID",
        "Groups row 2, Facilitator IDs",
        "Groups row 2, Members",
    ]
    assert all("has left" in str(w) for w in reading.warnings)


def test_receive_from_naming_only_people_who_have_left_is_an_error(tmp_path):
    """Dropping the only names would let anyone supervise the person: the choice is theirs."""
    staff = [
        ["ID", "Name", "School", "Receive From"],
        ["A1", "Ann Able", "Oak Primary", None],
        ["B2", "Ben Best", "Elm Academy", "L9"],
    ]
    path = write_xlsx(tmp_path / "roster.xlsx", {"Staff": staff})
    assert problems_of(path, leavers=["L9"]) == [
        "Staff row 3, Receive From: names only people who have left: name who may supervise "
        "this person now"
    ]


# --- IDs stored as numbers plan as IDs stored as text ------------------------------------


@st.composite
def numeric_rosters(draw):
    """(people, line managers, receive-from lists, change requests, absences) over
    all-digit IDs 0101, 0102, ..."""
    size = draw(st.integers(3, 6))
    ids = [f"{101 + n:04d}" for n in range(size)]
    schools = [draw(st.sampled_from(["Oak", "Elm", "Ash", "Fir"])) for _ in ids]
    managers = [draw(st.none() | st.sampled_from([i for i in ids if i != own])) for own in ids]
    receive = [
        draw(
            st.none()
            | st.lists(
                st.sampled_from([i for i in ids if i != own]), min_size=1, max_size=2, unique=True
            )
        )
        for own in ids
    ]
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1]),
            max_size=2,
        )
    )
    absent = draw(st.lists(st.sampled_from(ids), max_size=1))
    return ids, schools, managers, receive, pairs, absent


def _numeric_sheets(draw, roster, typed) -> dict[str, list[list[object]]]:
    """The roster's sheets with each ID cell written by `typed(id)`."""
    ids, schools, managers, receive, pairs, absent = roster
    staff = [["ID", "Name", "School", "Supervision Trained", "Line Manager ID", "Receive From"]]
    for own, school, manager, allowed in zip(ids, schools, managers, receive, strict=True):
        names = ", ".join(str(typed(draw, i)) for i in allowed) if allowed else None
        staff.append(
            [
                typed(draw, own, staff=True),
                f"Person {own}",
                school,
                "Yes",
                typed(draw, manager) if manager else None,
                names,
            ]
        )
    return {
        "Staff": staff,
        "Half Terms": HALF_TERMS,
        "Change Requests": [
            ["ID", "Partner ID"],
            *[[typed(draw, a), typed(draw, b)] for a, b in pairs],
        ],
        "Absences": [["ID", "Half Term"], *[[typed(draw, a), "Autumn 2"] for a in absent]],
    }


def _as_text(draw, person_id: str, staff: bool = False) -> object:
    return person_id


def _as_number_or_padded_text(draw, person_id: str, staff: bool = False) -> object:
    """As Excel may store it: a number (the zeros gone), zero-padded text, or text without
    the zeros; the Staff sheet's own IDs all one way, so they keep their order."""
    if staff:
        return person_id
    return draw(st.sampled_from([int(person_id), person_id, f"0{person_id}", str(int(person_id))]))


@settings(deadline=None)
@given(st.data(), numeric_rosters())
def test_ids_stored_as_numbers_in_some_cells_plan_exactly_as_all_text_ids(data, roster):
    """SPEC 2: Excel stores 0107 as the number 107; a roster whose references hold numbers in
    some cells and zero-padded text in others plans exactly as the all-text roster."""
    with tempfile.TemporaryDirectory() as folder:
        text = write_xlsx(Path(folder) / "text.xlsx", _numeric_sheets(data.draw, roster, _as_text))
        mixed = write_xlsx(
            Path(folder) / "mixed.xlsx",
            _numeric_sheets(data.draw, roster, _as_number_or_padded_text),
        )
        try:
            expected = read_roster(text).roster
        except RosterError:
            event("the all-text roster is refused")
            return  # e.g. the only eligible supervisor is absent: not this property's business
        got = read_roster(mixed).roster
    assert got.model_dump(exclude={"source"}) == expected.model_dump(exclude={"source"})
    assert solve(got, time_limit=10).plan == solve(expected, time_limit=10).plan
