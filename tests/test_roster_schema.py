"""One roster schema (issue 13) feeds the reader, the template and the format page: each is
checked against it here, so a column added to the schema reaches all three."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from openpyxl import load_workbook

from peerpair.io.roster.schema import SHEETS, STAFF, SheetSpec
from peerpair.io.roster_reader import RosterError, read_roster
from peerpair.io.template import write_template
from tests.test_roster_reader import write_xlsx

ROOT = Path(__file__).resolve().parents[1]


def test_the_roster_format_page_is_written_from_the_schema():
    make = runpy.run_path(str(ROOT / "docs" / "make_roster_format_page.py"))
    assert (ROOT / "docs" / "guide" / "roster-format.md").read_text(encoding="utf-8") == make[
        "roster_format_page"
    ](), "docs/guide/roster-format.md is out of date: run python docs/make_roster_format_page.py"


def test_the_format_page_names_every_column_with_its_help():
    page = (ROOT / "docs" / "guide" / "roster-format.md").read_text(encoding="utf-8")
    for spec in SHEETS:
        assert f"## {spec.name}\n" in page
        for column in spec.columns:
            assert f"| {column.name} | {'yes' if column.required else ''} |" in page


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "roster.xlsx"
    write_template(path)
    return load_workbook(path)


@pytest.mark.parametrize("spec", SHEETS, ids=lambda spec: spec.name)
def test_the_template_has_each_schema_sheet_with_its_columns_in_order(template, spec):
    header = [cell.value for cell in template[spec.name][1]]
    assert header == list(spec.names)


def test_the_template_instructions_give_each_columns_help_from_the_schema(template):
    rows = {
        (a, b)
        for a, b in template["Instructions"].iter_rows(values_only=True, max_col=2)
        if a is not None
    }
    for spec in SHEETS:
        for column in spec.columns:
            said = f"Required. {column.help}" if column.required else column.help
            assert (column.name, said) in rows, (spec.name, column.name)


def _minimal_rows(spec: SheetSpec, blank: str) -> list[list[object]]:
    """The sheet's required columns and its first optional one, and a row with each filled
    but `blank` (the optional one keeps the row from being a blank row)."""
    values = {"School": "Oak", "Setting": "Time Limit"}
    names = [*spec.required, *spec.optional[:1]]
    filled = [None if name == blank else values.get(name, "101") for name in names]
    return [names, filled]


@pytest.mark.parametrize(
    ("spec", "column"),
    [(spec, name) for spec in SHEETS for name in spec.required],
    ids=lambda value: value if isinstance(value, str) else value.name,
)
def test_a_blank_in_any_required_column_of_the_schema_is_a_problem(tmp_path, spec, column):
    """The reader takes which columns are required from the schema, sheet by sheet."""
    staff = [["ID", "Name", "School"], ["101", "Ann", "Oak"], ["102", "Ben", "Elm"]]
    sheets = {STAFF.name: staff if spec is not STAFF else _minimal_rows(STAFF, column)}
    if spec is not STAFF:
        sheets[spec.name] = _minimal_rows(spec, column)
        sheets["Half Terms"] = [["Half Term", "Start", "End"], ["101", "2026-09-02", "2026-10-23"]]
    if spec.name == "Half Terms":
        sheets["Half Terms"] = _minimal_rows(spec, column)
    with pytest.raises(RosterError) as raised:
        read_roster(write_xlsx(tmp_path / "roster.xlsx", sheets))
    found = [str(p) for p in raised.value.problems]
    assert f"{spec.name} row 2, {column}: required, but blank" in found
