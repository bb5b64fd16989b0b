"""Files built to make a reader hang or exhaust memory (SPEC 2 "Size"): each is answered, with
the right message or a clean reading. How long each takes, and how much memory, is measured
by benchmarks/hostile_files.py, never asserted here."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.hostile_files import (
    fifty_thousand_people,
    huge_cell,
    million_blank_rows,
    row,
    staff_rows,
    stray_cell_at_a,
    stray_cell_at_xfd,
    stray_cell_on_an_unknown_sheet,
    strings_of_an_unknown_sheet,
    write_xlsx,
)
from peerpair.cli import cli
from peerpair.io.roster_reader import RosterError, read_roster


def problems_of(path: Path) -> list[str]:
    with pytest.raises(RosterError) as raised:
        read_roster(path)
    return [str(p) for p in raised.value.problems]


def test_a_stray_cell_at_xfd1048576_is_never_read(tmp_path):
    """One `x` at the last cell Excel has, right of every heading: the 20 people are read and
    nothing is said about the cell (it is in no column peerpair reads)."""
    reading = read_roster(stray_cell_at_xfd(tmp_path / "roster.xlsx"))
    assert len(reading.roster.people) == 20
    assert reading.warnings == []


def test_a_stray_cell_at_a1048576_is_a_row_named_by_its_excel_number(tmp_path):
    """An `x` under the ID column a million rows down is a person with no name or school: the
    keeper is told exactly where it is."""
    assert problems_of(stray_cell_at_a(tmp_path / "roster.xlsx")) == [
        "Staff row 1048576, Name: required, but blank",
        "Staff row 1048576, School: required, but blank",
    ]


def test_a_stray_cell_on_an_unknown_sheet_is_only_a_warning(tmp_path):
    reading = read_roster(stray_cell_on_an_unknown_sheet(tmp_path / "roster.xlsx"))
    assert len(reading.roster.people) == 20
    assert [w.sheet for w in reading.warnings] == ["Notes"]


def test_an_unknown_sheet_is_never_parsed(tmp_path):
    """Unknown sheets are skipped before their rows are read: one whose XML is broken (it would
    fail any parser) changes nothing."""
    sheets = {"Staff": list(staff_rows(3)), "Notes": ['<row r="1"><c r="A1"><v>1</c>']}
    reading = read_roster(write_xlsx(tmp_path / "roster.xlsx", sheets))
    assert len(reading.roster.people) == 3


def test_shared_strings_only_an_unknown_sheet_uses_are_passed_over(tmp_path):
    """Excel keeps every sheet's text in one shared part: the strings the Staff sheet uses are
    read, the 20 MB of others only streamed past (200 MB in benchmarks/HOSTILE_FILES.md)."""
    reading = read_roster(strings_of_an_unknown_sheet(tmp_path / "roster.xlsx", 200_000))
    assert [p.name for p in reading.roster.people] == [f"Person {n}" for n in range(1, 21)]


def test_a_million_blank_rows_are_no_rows(tmp_path):
    reading = read_roster(million_blank_rows(tmp_path / "roster.xlsx"))
    assert len(reading.roster.people) == 20
    assert reading.warnings == []


def test_a_cell_longer_than_excel_allows_is_an_error_even_in_an_unknown_column(tmp_path):
    """SPEC 2: a cell longer than Excel's own limit (32,767 characters) is an error; a 300 MB
    one is counted, never held (benchmarks/HOSTILE_FILES.md has the memory it takes)."""
    assert problems_of(huge_cell(tmp_path / "roster.xlsx")) == [
        "Staff row 2, column E: holds 300,000,000 characters, more than a cell can hold in "
        "Excel (32,767): this is not a file Excel saved; shorten the cell"
    ]


@pytest.mark.parametrize(("length", "refused"), [(32_767, False), (32_768, True)])
def test_excels_cell_limit_is_the_line(tmp_path, length, refused):
    rows = list(staff_rows(3))
    rows[1] = row(2, ("P1", "Person 1", "x" * length))
    path = write_xlsx(tmp_path / "roster.xlsx", {"Staff": rows})
    if refused:
        assert problems_of(path) == [
            "Staff row 2, School: holds 32,768 characters, more than a cell can hold in Excel "
            "(32,767): this is not a file Excel saved; shorten the cell"
        ]
    else:
        assert read_roster(path).roster.people[0].school == "x" * length


def test_fifty_thousand_people_are_read(tmp_path):
    roster = read_roster(fifty_thousand_people(tmp_path / "roster.xlsx")).roster
    assert len(roster.people) == 50_000
    assert roster.people[-1].id == "P50000"


def test_validate_refuses_a_stray_cell_with_exit_code_2(tmp_path):
    """A refusal from the command line: exit code 2, the row named, never a traceback."""
    path = stray_cell_at_a(tmp_path / "roster.xlsx")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "Staff row 1048576, Name: required, but blank" in result.output
    assert "Traceback" not in result.output
