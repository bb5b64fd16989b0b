"""The plan workbook (SPEC 4): what a trust lead publishes and shares with the people in it,
and what `peerpair check` and a re-solve read back, even after editing by hand in Excel."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from peerpair.constraints.base import CheckResult, Violation
from peerpair.domain.plan import CoverNeeded, Plan, Session
from peerpair.domain.roster import (
    DEFAULT_HALF_TERMS,
    Absence,
    ChangeRequest,
    HalfTerm,
    PastPair,
    Person,
    Roster,
)
from peerpair.domain.tiers import Tier, TierSession
from peerpair.io.cells import id_key
from peerpair.io.files import OutputError, refuse_to_overwrite, write_atomically
from peerpair.io.plan_workbook import PlanError, read_plan, write_plan

PAIRINGS_HEADER = [
    "Half Term",
    "Supervisor ID",
    "Supervisor",
    "Supervisor School",
    "Supervisee ID",
    "Supervisee",
    "Supervisee School",
]
COVER_NEEDED_HEADER = ["Half Term", "Supervisee ID", "Supervisee", "Reason"]
CHANGES_HEADER = ["Half Term", "Supervisee ID", "Old Supervisor ID", "New Supervisor ID", "Why"]


@pytest.fixture
def roster() -> Roster:
    """Two half terms and five people, with everything private a roster can hold: a change
    request, an absence, a Receive From list, a line manager, history and roles."""
    return Roster(
        people=(
            Person(
                id="101",
                name="Priya Sharma",
                school="Oakfield",
                email="priya@oak.example.org",
                hub="Pennine",
                role="Lead DSL",
                supervision_trained=True,
                line_manager_id="T01",
            ),
            Person(
                id="102",
                name="Tom Haworth",
                school="Oakfield",
                role="Deputy DSL",
                working_days=frozenset({"Mon", "Tue"}),
                supervision_trained=True,
            ),
            Person(
                id="103",
                name="Aisha Begum",
                school="Northgate",
                role="Deputy DSL",
                supervision_trained=True,
                receive_from=frozenset({"trust lead", "101"}),
            ),
            Person(id="104", name="Declan O'Neill", school="Northgate", supervision_trained=True),
            Person(
                id="T01",
                name="Catherine Hughes",
                school="Central team",
                role="Trust Safeguarding Lead",
                supervision_trained=True,
                email="catherine@trust.example.org",
            ),
        ),  # fmt: skip
        half_terms=(
            HalfTerm(name="Autumn 1", start=date(2026, 9, 2), end=date(2026, 10, 23)),
            HalfTerm(name="Autumn 2", start=date(2026, 11, 2), end=date(2026, 12, 18)),
        ),
        absences=(Absence(person_id="104", half_term="Autumn 2"),),
        change_requests=(ChangeRequest(person_id="102", partner_id="104"),),
        history=(PastPair(supervisor_id="103", supervisee_id="101", half_term="Summer 2"),),
    )


@pytest.fixture
def plan() -> Plan:
    """Deliberately out of order: the workbook sorts by half term, then names."""
    return Plan(
        sessions=(
            Session(half_term="Autumn 2", supervisor_id="101", supervisee_id="103"),
            Session(half_term="Autumn 1", supervisor_id="T01", supervisee_id="103"),
            Session(half_term="Autumn 1", supervisor_id="103", supervisee_id="102"),
            Session(half_term="Autumn 1", supervisor_id="T01", supervisee_id="101"),
            Session(half_term="Autumn 1", supervisor_id="101", supervisee_id="104"),
            Session(half_term="Autumn 2", supervisor_id="104", supervisee_id="101"),
        ),
        cover_needed=(
            CoverNeeded(half_term="Autumn 2", supervisee_id="102", reason="nobody shares a day"),
        ),
    )


CHECKS = [
    CheckResult("H1 one supervisor"),
    CheckResult(
        "H5 different schools",
        (
            Violation("H5 different schools", "Autumn 1", ("101", "102"), "both at Oakfield"),
            Violation("H5 different schools", "Autumn 2", ("103", "104"), "both at Northgate"),
        ),
    ),
    CheckResult("H11 repeat pairs", in_force=False),
]
SUMMARY = [("Roster", "roster.xlsx"), ("Cover needed", "1")]


def write(path: Path, roster: Roster, plan: Plan, changes=None) -> Path:
    write_plan(path, roster, plan, CHECKS, SUMMARY, changes)
    return path


def rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def workbook(tmp_path, roster, plan):
    return load_workbook(write(tmp_path / "plan.xlsx", roster, plan))


# --- the sheets as written ------------------------------------------------------------


def test_sheets_are_in_spec_order(workbook):
    assert workbook.sheetnames == ["Pairings", "Cover Needed", "People", "Checks", "Summary"]


def test_changes_sheet_comes_after_people_on_a_resolve(tmp_path, roster, plan):
    changes = [("Autumn 2", "103", "T01", "101")]
    book = load_workbook(write(tmp_path / "plan.xlsx", roster, plan, changes))
    assert book.sheetnames == [
        "Pairings", "Cover Needed", "People", "Changes", "Checks", "Summary"
    ]  # fmt: skip
    # Written without a reason (only a re-plan knows why), Why is blank.
    assert rows(book["Changes"]) == [CHANGES_HEADER, ["Autumn 2", "103", "T01", "101", None]]


def test_pairings_in_half_term_order_then_by_supervisor_then_supervisee_name(workbook):
    """The roster's half terms have dates, so Date, Start and End follow (SPEC 6); blank
    here, as this plan has not been put on the calendar."""
    no_date = [None, None, None, None]  # Date, Start, End and a blank Status
    assert rows(workbook["Pairings"]) == [
        PAIRINGS_HEADER + ["Date", "Start", "End", "Status"],
        ["Autumn 1", "103", "Aisha Begum", "Northgate", "102", "Tom Haworth", "Oakfield"] + no_date,
        ["Autumn 1", "T01", "Catherine Hughes", "Central team", "103", "Aisha Begum", "Northgate"]
        + no_date,
        ["Autumn 1", "T01", "Catherine Hughes", "Central team", "101", "Priya Sharma", "Oakfield"]
        + no_date,
        ["Autumn 1", "101", "Priya Sharma", "Oakfield", "104", "Declan O'Neill", "Northgate"]
        + no_date,
        ["Autumn 2", "104", "Declan O'Neill", "Northgate", "101", "Priya Sharma", "Oakfield"]
        + no_date,
        ["Autumn 2", "101", "Priya Sharma", "Oakfield", "103", "Aisha Begum", "Northgate"]
        + no_date,
    ]


def test_cover_needed_lists_supervisee_and_reason(workbook):
    assert rows(workbook["Cover Needed"]) == [
        COVER_NEEDED_HEADER,
        ["Autumn 2", "102", "Tom Haworth", "nobody shares a day"],
    ]


def test_cover_needed_is_just_its_header_when_nobody_needs_cover(tmp_path, roster, plan):
    complete = Plan(sessions=plan.sessions)
    book = load_workbook(write(tmp_path / "plan.xlsx", roster, complete))
    assert rows(book["Cover Needed"]) == [COVER_NEEDED_HEADER]


def test_people_has_each_half_terms_supervisees_and_supervisor_then_email(workbook):
    """Email last, so the sheet works as a mail-merge source; 'Cover needed' where nobody
    could supervise; blank where the person does not receive (trust lead, absent)."""
    assert rows(workbook["People"]) == [
        ["ID", "Name", "School", "Autumn 1 supervises", "Autumn 1 supervised by",
         "Autumn 2 supervises", "Autumn 2 supervised by", "Email"],
        ["101", "Priya Sharma", "Oakfield", "Declan O'Neill", "Catherine Hughes",
         "Aisha Begum", "Declan O'Neill", "priya@oak.example.org"],
        ["102", "Tom Haworth", "Oakfield", None, "Aisha Begum", None, "Cover needed", None],
        ["103", "Aisha Begum", "Northgate", "Tom Haworth", "Catherine Hughes",
         None, "Priya Sharma", None],
        ["104", "Declan O'Neill", "Northgate", None, "Priya Sharma", "Priya Sharma", None, None],
        ["T01", "Catherine Hughes", "Central team", "Aisha Begum; Priya Sharma", None,
         None, None, "catherine@trust.example.org"],
    ]  # fmt: skip


def test_checks_say_passed_broken_or_not_in_force_with_each_problem_on_its_own_line(workbook):
    sheet = workbook["Checks"]
    assert rows(sheet) == [
        ["Rule", "Result", "Details"],
        ["H1 one supervisor", "Passed", "—"],
        [
            "H5 different schools",
            "Broken: 2",
            "Autumn 1: both at Oakfield\nAutumn 2: both at Northgate",
        ],
        ["H11 repeat pairs", "Not in force", "Repeat Pairs is not forbid (the default is avoid)"],
    ]
    assert sheet["C3"].alignment.wrap_text


def test_checks_details_stop_at_twenty_problems_so_the_cell_stays_readable(tmp_path, roster):
    many = tuple(Violation("H3", "Autumn 1", ("101",), f"problem {n}") for n in range(25))
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, Plan(), [CheckResult("H3 no self-supervision", many)], [])
    result, details = load_workbook(path)["Checks"]["B2":"C2"][0]
    assert result.value == "Broken: 25"
    assert details.value.splitlines()[-2:] == ["Autumn 1: problem 19", "… and 5 more"]


def test_a_long_reason_wraps_in_a_column_no_wider_than_fifty(tmp_path, roster):
    reason = "no possible supervisor in Autumn 1: of 4 who can give, 2 share no working day"
    plan = Plan(
        cover_needed=(CoverNeeded(half_term="Autumn 1", supervisee_id="102", reason=reason),)
    )
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, plan, [], [])
    sheet = load_workbook(path)["Cover Needed"]
    assert sheet["D2"].alignment.wrap_text
    assert sheet.column_dimensions["D"].width == 50


def test_summary_is_item_and_value_as_given(workbook):
    assert rows(workbook["Summary"]) == [
        ["Item", "Value"],
        ["Roster", "roster.xlsx"],
        ["Cover needed", "1"],
    ]


def test_every_sheet_has_a_bold_frozen_filtered_header_and_readable_widths(workbook):
    """People also keeps ID, Name and School in view when scrolling right."""
    for sheet in workbook.worksheets:
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
        assert sheet.freeze_panes == ("D2" if sheet.title == "People" else "A2"), sheet.title
        widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
        assert all(8 <= w <= 50 for w in widths), sheet.title


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path, roster):
    cover = CoverNeeded(half_term="Autumn 1", supervisee_id="101", reason="=1+1")
    plan = Plan(cover_needed=(cover,))
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, plan, [], [])
    cell = load_workbook(path)["Cover Needed"]["D2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


# --- privacy (SPEC 4) -----------------------------------------------------------------


def test_plan_holds_no_change_requests_absences_receive_from_or_other_roster_details(workbook):
    """SPEC 4: 'The plan holds no change requests, absences, Receive From lists or their
    reasons: it is meant to be shared with the people in it.'"""
    for name in workbook.sheetnames:
        assert name not in ("Change Requests", "Absences", "History", "Settings", "Staff")
    texts = [
        str(value).casefold()
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    for private in ("change request", "partner", "absen", "away", "receive from", "history"):
        assert not any(private in text for text in texts), private
    # Nothing from the roster beyond IDs, names, schools and emails: no roles, hubs,
    # line managers, working days or dates (an absence's or anyone's).
    for private in ("lead dsl", "deputy dsl", "pennine", "mon", "trust lead", "line manager"):
        assert not any(private in text for text in texts), private
    assert not any(
        isinstance(value, (date, datetime))
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    )


# --- reading back ---------------------------------------------------------------------


def test_read_plan_gives_back_the_plan_written(tmp_path, roster, plan):
    read = read_plan(write(tmp_path / "plan.xlsx", roster, plan), roster).plan
    assert set(read.sessions) == set(plan.sessions)
    assert read.cover_needed == plan.cover_needed


_TEXT = st.text(st.sampled_from("abcXYZ019 .,'()-=\n&é"), min_size=1, max_size=12).filter(
    lambda s: s == s.strip()
)
_ID = st.text(st.sampled_from("0123456789ABT-"), min_size=1, max_size=4)


@st.composite
def rosters_and_plans(draw) -> tuple[Roster, Plan]:
    """Any small roster and any plan over it: the workbook is a faithful carrier whether or
    not the plan keeps the rules."""
    # IDs that are one person's by SPEC 2 ("0107" and "107") are a duplicate a roster refuses.
    ids = draw(st.lists(_ID, min_size=2, max_size=6, unique_by=id_key))
    people = tuple(
        Person(id=i, name=draw(_TEXT), school=draw(_TEXT), email=draw(st.just("") | _TEXT))
        for i in ids
    )
    half_terms = draw(st.lists(st.sampled_from(DEFAULT_HALF_TERMS), min_size=1, unique=True))
    roster = Roster(people=people, half_terms=tuple(HalfTerm(name=h) for h in half_terms))
    sessions = draw(
        st.lists(
            st.builds(Session, half_term=st.sampled_from(half_terms),
                      supervisor_id=st.sampled_from(ids), supervisee_id=st.sampled_from(ids)),
            unique=True, max_size=10,
        )
    )  # fmt: skip
    cover = draw(
        st.lists(
            st.builds(CoverNeeded, half_term=st.sampled_from(half_terms),
                      supervisee_id=st.sampled_from(ids), reason=st.just("") | _TEXT),
            unique_by=lambda c: (c.half_term, c.supervisee_id), max_size=5,
        )
    )  # fmt: skip
    return roster, Plan(sessions=tuple(sessions), cover_needed=tuple(cover))


@settings(deadline=None)
@given(rosters_and_plans())
def test_reading_a_written_plan_gives_the_same_plan(roster_and_plan):
    roster, plan = roster_and_plan
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "plan.xlsx")
        write_plan(path, roster, plan, [], [])
        read = read_plan(path, roster).plan
    assert sorted(read.sessions, key=repr) == sorted(plan.sessions, key=repr)
    assert sorted(read.cover_needed, key=repr) == sorted(plan.cover_needed, key=repr)


def save_sheets(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, table in sheets.items():
        sheet = book.create_sheet(title)
        for row in table:
            sheet.append(row)
    book.save(path)
    return path


def test_read_plan_of_a_plan_edited_by_hand(tmp_path, roster):
    """Numbers typed into ID cells, headers in other spellings, columns moved and added,
    names left stale, a blank row, stray spaces, sheets renamed in another case."""
    path = save_sheets(
        tmp_path / "edited.xlsx",
        {
            "Notes": [["anything"]],
            "cover needed": [["supervisee_id", "HALF-TERM"], [" 102 ", "Autumn 2"]],
            "PAIRINGS": [
                ["Supervisee Id", "supervisor", "Supervisor ID:", "half_term", "My notes"],
                [101, "stale name", "T01", "autumn 1", "agreed 3/10"],
                [None, None, None, None, None],
                [103.0, None, " 101", " Autumn 2 ", None],
            ],
        },
    )
    assert read_plan(path, roster).plan == Plan(
        sessions=(
            Session(half_term="Autumn 1", supervisor_id="T01", supervisee_id="101"),
            Session(half_term="Autumn 2", supervisor_id="101", supervisee_id="103"),
        ),
        cover_needed=(CoverNeeded(half_term="Autumn 2", supervisee_id="102"),),
    )


def test_a_plan_without_a_cover_needed_sheet_needs_no_cover(tmp_path, roster):
    path = save_sheets(
        tmp_path / "plan.xlsx",
        {"Pairings": [["Half Term", "Supervisor ID", "Supervisee ID"], ["Autumn 1", "T01", "101"]]},
    )
    assert read_plan(path, roster).plan.cover_needed == ()


def test_every_bad_row_is_reported_with_its_sheet_excel_row_and_column(tmp_path, roster):
    path = save_sheets(
        tmp_path / "plan.xlsx",
        {
            "Pairings": [
                ["Half Term", "Supervisor ID", "Supervisee ID"],
                ["Autumn 1", "T01", "101"],
                ["Autumn 1", "T01", 999],
                ["Autumn 3", "T01", "103"],
                [],
                ["Autumn 2", None, "104"],
                ["Autumn 1", "t01", 101],
            ],
            "Cover Needed": [["Half Term", "Supervisee ID"], ["Autumn 2", "104"], ["Autumn 9", 1]],
        },
    )
    with pytest.raises(PlanError) as raised:
        read_plan(path, roster)
    assert raised.value.problems == [
        'Pairings row 4, Half Term: "Autumn 3" is not a half term (they are: Autumn 1, Autumn 2)',
        "Pairings row 6, Supervisor ID: blank, but needed",
        "Pairings row 7: the same as row 2; delete one of the two",  # t01 is T01
        'Cover Needed row 3, Half Term: "Autumn 9" is not a half term (they are: Autumn 1, '
        "Autumn 2)",
    ]


def test_an_id_not_in_the_roster_is_named_by_row_and_part_in_the_session(tmp_path, roster):
    """SPEC 8: an auditor must not pass an unknown person. Reading never refuses one (a
    published plan names people who have left since), but names each row that holds one;
    an ID the roster holds, typed in another case or with Excel's zeros dropped, is theirs."""
    path = save_sheets(
        tmp_path / "plan.xlsx",
        {
            "Pairings": [
                ["Half Term", "Supervisor ID", "Supervisee ID"],
                ["Autumn 1", " t01 ", "0101"],
                ["Autumn 1", 999, "103"],
                ["Autumn 2", "101", "X7"],
            ],
            "Cover Needed": [["Half Term", "Supervisee ID"], ["Autumn 2", "nobody"]],
        },
    )
    reading = read_plan(path, roster)
    assert reading.unknown == (
        'Pairings row 3, Supervisor ID: "999" is not on the roster',
        'Pairings row 4, Supervisee ID: "X7" is not on the roster',
        'Cover Needed row 2, Supervisee ID: "nobody" is not on the roster',
    )
    assert ("Autumn 1", "T01", "101") in [
        (s.half_term, s.supervisor_id, s.supervisee_id) for s in reading.plan.sessions
    ]
    assert set(reading.leavers) == {"999", "X7", "nobody"}


@pytest.mark.parametrize(
    ("sheets", "problem"),
    [
        # a roster given where the plan should be
        ({"Staff": [["ID", "Name", "School"]]}, "plan.xlsx is a roster, not a plan"),
        # a required column renamed beyond recognition
        ({"Pairings": [["Half Term", "Supervisor", "Supervisee ID"], ["Autumn 1", "x", "101"]]},
         'Pairings row 1: no "Supervisor ID" column'),
    ],
)  # fmt: skip
def test_a_workbook_that_is_not_a_plan_is_reported(tmp_path, roster, sheets, problem):
    path = save_sheets(tmp_path / "plan.xlsx", sheets)
    with pytest.raises(PlanError, match=problem):
        read_plan(path, roster)


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("plan.xlsx", b"Half Term,Supervisor ID\n", "cannot be read as an Excel workbook"),
        ("plan.csv", b"Half Term,Supervisor ID\n", "cannot be read as an Excel workbook"),
        ("missing.xlsx", None, "there is no plan file at"),
    ],
)
def test_a_file_that_is_not_an_xlsx_workbook_is_reported(tmp_path, roster, name, content, problem):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(PlanError, match=problem):
        read_plan(path, roster)


def test_reading_never_changes_the_file(tmp_path, roster, plan):
    path = write(tmp_path / "plan.xlsx", roster, plan)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read_plan(path, roster)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# --- safe output (SPEC 5: never overwrite the input, write atomically) -----------------


def test_a_failed_write_leaves_the_old_file_as_it_was_and_no_temporary_file(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"published plan")

    def save_half_then_fail(temporary: Path) -> None:
        temporary.write_bytes(b"half a pl")
        raise RuntimeError("solver crashed")

    with pytest.raises(RuntimeError):
        write_atomically(path, save_half_then_fail)
    assert path.read_bytes() == b"published plan"
    assert list(tmp_path.iterdir()) == [path]


def test_a_write_the_system_refuses_becomes_an_output_error(tmp_path):
    def save(temporary: Path) -> None:
        raise PermissionError(13, "Permission denied", str(temporary))

    with pytest.raises(OutputError, match="open in Excel"):
        write_atomically(tmp_path / "plan.xlsx", save)
    assert list(tmp_path.iterdir()) == []


def test_write_plan_replaces_an_earlier_plan_whole(tmp_path, roster, plan):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"an older plan")
    write(path, roster, plan)
    assert load_workbook(path).sheetnames[0] == "Pairings"
    assert list(tmp_path.iterdir()) == [path]


def test_refuses_to_write_over_an_input_however_it_is_spelled(tmp_path, monkeypatch):
    roster_file = tmp_path / "roster.xlsx"
    roster_file.write_bytes(b"roster")
    monkeypatch.chdir(tmp_path)
    for same in (roster_file, "roster.xlsx", f"../{tmp_path.name}/roster.xlsx"):
        with pytest.raises(OutputError, match="never overwrites"):
            refuse_to_overwrite(same, None, roster_file)


def test_refuses_an_output_folder_that_does_not_exist_or_a_folder_as_output(tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        refuse_to_overwrite(tmp_path / "no such folder" / "plan.xlsx", tmp_path / "roster.xlsx")
    with pytest.raises(OutputError, match="is a folder"):
        refuse_to_overwrite(tmp_path, tmp_path / "roster.xlsx")


def test_allows_a_new_file_beside_the_inputs(tmp_path):
    (tmp_path / "roster.xlsx").write_bytes(b"roster")
    refuse_to_overwrite(tmp_path / "plan.xlsx", tmp_path / "roster.xlsx", None)


FORMULA = '=HYPERLINK("http://example.invalid","x")'


def test_a_name_that_is_a_formula_is_text_in_every_sheet_of_the_plan(tmp_path, roster, plan):
    """SPEC 'Nothing peerpair writes can run as a formula': a roster's names and schools
    are typed by anyone, and openpyxl would save text starting with "=" as a formula."""
    people = list(roster.people)
    people[0] = people[0].model_copy(update={"name": FORMULA, "school": "+SUM(1,1)"})
    people[1] = people[1].model_copy(update={"name": FORMULA})  # under Cover Needed
    roster = roster.model_copy(update={"people": tuple(people)})
    group = TierSession(
        tier=Tier.GROUP,
        half_term="Autumn 1",
        date=date(2026, 9, 8),
        start=time(9, 30),
        end=time(10, 30),
        lead_id="T01",
        attendee_ids=("101", "103"),
        group="-Lead DSLs",
    )
    plan = plan.model_copy(update={"tier_sessions": (group,)})
    checks = [CheckResult("H5", (Violation("H5", "Autumn 1", ("101",), FORMULA),))]
    path = tmp_path / "plan.xlsx"
    changes = [("Autumn 1", "101", "@T01", "103")]
    write_plan(path, roster, plan, checks, [("Roster", FORMULA)], changes)
    workbook = load_workbook(path)
    assert {"Pairings", "Sessions", "People", "Changes", "Checks", "Summary"} <= set(
        workbook.sheetnames
    )
    holding = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                # Text (shared or inline), a number or a date: never "f", a formula.
                assert cell.data_type in ("s", "inlineStr", "n", "d"), (sheet.title, cell)
                if isinstance(cell.value, str) and FORMULA in cell.value:
                    holding.add(sheet.title)
    assert holding == {"Pairings", "Sessions", "People", "Cover Needed", "Checks", "Summary"}


def test_read_plan_gives_everything_a_plan_holds_in_one_reading(tmp_path, roster, plan):
    """Issue 13: one reader for every command. The plan, everyone's name and school as the
    plan gives them, its half terms in sheet order, the People sheet's contacts, and,
    against a roster that has lost someone since, that leaver named as the plan names them."""
    path = write(tmp_path / "plan.xlsx", roster, plan)
    alone = read_plan(path)
    assert alone.plan == plan
    assert alone.half_terms == ("Autumn 1", "Autumn 2")
    assert alone.names["T01"] == ("Catherine Hughes", "Central team")
    assert alone.contacts[0] == ("101", "Priya Sharma", "priya@oak.example.org")
    assert [c[0] for c in alone.contacts] == [p.id for p in roster.people]
    assert (alone.leavers, alone.unknown, alone.warnings) == ({}, (), ())
    without_declan = roster.model_copy(
        update={
            "people": tuple(p for p in roster.people if p.id != "104"),
            "absences": (),
            "change_requests": (),
        }
    )
    reading = read_plan(path, without_declan)
    assert reading.plan == plan
    assert reading.leavers == {"104": ("Declan O'Neill", "Northgate")}
    assert reading.name_of("104") == "Declan O'Neill"
    assert len(reading.unknown) == 2  # his two sessions


def test_a_formula_never_calculated_is_named_by_row_and_column(tmp_path, roster):
    """A cell holding a formula saved without its value (by a program that never calculated
    it) cannot be read: it is named, not taken for a blank or for the formula's text."""
    path = save_sheets(
        tmp_path / "plan.xlsx",
        {
            "Pairings": [
                ["Half Term", "Supervisor ID", "Supervisee ID"],
                ["Autumn 1", '=CONCAT("T","01")', "101"],
                ["Autumn 1", "T01", "102"],
            ]
        },
    )
    with pytest.raises(PlanError) as error:
        read_plan(path, roster)
    [problem] = error.value.problems
    assert problem.startswith(
        'Pairings row 2, Supervisor ID: holds a formula (=CONCAT("T","01")) that was never '
        "calculated"
    )


def test_a_plan_sheet_whose_rows_start_below_a_gap_keeps_excel_row_numbers(tmp_path, roster):
    """Blank rows between the header and the data, or among the data, are skipped, and a
    problem names the row as Excel numbers it."""
    path = save_sheets(
        tmp_path / "plan.xlsx",
        {
            "Pairings": [
                ["Half Term", "Supervisor ID", "Supervisee ID"],
                [],
                [],
                ["Autumn 1", "T01", "101"],
                [],
                ["Autumn 9", "T01", "102"],
            ]
        },
    )
    with pytest.raises(PlanError) as error:
        read_plan(path, roster)
    assert error.value.problems == [
        'Pairings row 6, Half Term: "Autumn 9" is not a half term (they are: Autumn 1, Autumn 2)'
    ]
