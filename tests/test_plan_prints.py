"""The plan prints (SPEC 4): 'Printed or saved as PDF, every sheet is readable on A4: titled
with the trust and year, header rows repeated, no text overlapping or shrunk past reading.'

The layout is checked as written (page setup, row heights), and, where LibreOffice is
installed, by printing the sample plan to PDF and reading every page back."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from peerpair.cli import cli
from peerpair.domain.plan import Plan
from peerpair.domain.roster import HalfTerm, Person, Roster, Settings
from peerpair.io.plan_workbook import plan_title, write_plan
from peerpair.io.roster_reader import read_roster

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_data" / "roster.xlsx"
PEOPLE = (Person(id="1", name="Ann Able", school="Oak"), Person(id="2", name="Ben", school="Ash"))
DATED = (
    HalfTerm(name="Autumn 1", start=date(2026, 9, 2), end=date(2026, 10, 23)),
    HalfTerm(name="Summer 2", start=date(2027, 6, 7), end=date(2027, 7, 21)),
)


@pytest.mark.parametrize(
    ("trust", "source", "half_terms", "title"),
    [
        ("Meridian Learning Trust", "roster.xlsx", DATED,
         "Meridian Learning Trust: supervision plan 2026–27"),
        # No Trust Name setting: the roster's file name stands in.
        ("", "Oak & Ash 2026.xlsx", DATED, "Oak & Ash 2026: supervision plan 2026–27"),
        # No dates: no year to give.
        ("Meridian", "roster.xlsx", (HalfTerm(name="Autumn 1"),), "Meridian: supervision plan"),
        ("", "", (HalfTerm(name="Autumn 1"),), "Supervision plan"),
    ],
)  # fmt: skip
def test_the_title_names_the_trust_and_the_school_year(trust, source, half_terms, title):
    roster = Roster(
        people=PEOPLE, half_terms=half_terms, settings=Settings(trust_name=trust), source=source
    )
    assert plan_title(roster) == title


def test_every_sheet_prints_titled_on_a4_with_its_header_row_on_every_page(tmp_path):
    roster = Roster(
        people=PEOPLE,
        half_terms=DATED,
        settings=Settings(trust_name="Oak & Ash Trust"),
    )
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, Plan(), [], [("Roster", "x")], changes=[])
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        assert sheet.oddHeader.center.text == "Oak && Ash Trust: supervision plan 2026–27"
        assert sheet.oddFooter.center.text == "Page &P of &N"
        # The title has the top line to itself: a long trust name on a portrait page ran
        # into the sheet's name beside it. The sheet's name is at the foot.
        assert not sheet.oddHeader.left.text and not sheet.oddHeader.right.text
        assert sheet.oddFooter.left.text == "&A"
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    people = workbook["People"]
    # ID, Name and School on every page across, each half term on a page of its own.
    assert people.print_title_cols == "$A:$C"
    assert [b.id for b in people.col_breaks.brk] == [5, 7]
    assert workbook["Pairings"].page_setup.orientation == "landscape"
    assert workbook["Cover Needed"].page_setup.orientation == "portrait"


def test_a_row_with_wrapped_text_is_tall_enough_for_it(tmp_path):
    """A Summary value or a Checks cell longer than its column wraps, and its row is made
    tall enough: Excel and LibreOffice keep the saved height, and text would overlap the
    next row."""
    roster = Roster(people=PEOPLE, half_terms=DATED)
    long = "word " * 40  # 200 characters: several lines at fifty wide
    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, Plan(), [], [("Short", "1"), ("Long", long), ("Lines", "a\nb\nc")])
    sheet = load_workbook(path)["Summary"]
    assert sheet.row_dimensions[2].height is None  # one line: the default height
    assert sheet["B3"].alignment.wrap_text
    assert sheet.row_dimensions[3].height >= 4 * 15
    assert sheet.row_dimensions[4].height == 3 * 15


def test_every_font_names_its_typeface_so_headers_print_in_the_tables_face(tmp_path):
    """A font with no name is the program's fallback: LibreOffice printed every header row
    of the plan and the template (and the report workbook, which shares their look) in a
    serif face."""
    from peerpair.io.template import write_template

    roster = Roster(people=PEOPLE, half_terms=DATED, settings=Settings(trust_name="Oak"))
    write_plan(tmp_path / "plan.xlsx", roster, Plan(), [], [("Roster", "x")], changes=[])
    write_template(tmp_path / "roster.xlsx")
    for name in ("plan.xlsx", "roster.xlsx"):
        workbook = load_workbook(tmp_path / name)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(max_row=3):
                for cell in row:
                    assert cell.font.name == "Calibri", (name, sheet.title, cell.coordinate)


def sheet_of(page: str) -> str:
    """The sheet a printed page is of: named at its foot, before the page number."""
    foot = [line for line in page.splitlines() if line.strip()][-1]
    return foot.split("Page ")[0].strip()


SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(
    not (SOFFICE and PDFTOTEXT),
    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext) to print the plan",
)
def test_the_sample_plan_printed_carries_the_trust_on_every_page_and_headers_repeated(
    tmp_path,
):
    from click.testing import CliRunner

    plan = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(cli, ["solve", str(SAMPLE), "-o", str(plan)])
    assert result.exit_code == 0, result.output
    # A profile of its own: a LibreOffice already running for someone else is left alone.
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(plan)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pdf = tmp_path / "plan.pdf"
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) > 10
    for number, page in enumerate(pages, start=1):
        assert "Meridian Learning Trust: supervision plan 2026–27" in page, number
        assert f"Page {number} of {len(pages)}" in page, number
    people = [page for page in pages if sheet_of(page) == "People"]
    assert len(people) >= 7  # a page at least for each half term, and one for emails
    for page in people:
        assert all(column in page for column in ("ID", "Name", "School")), page[:300]
    pairings = [page for page in pages if sheet_of(page) == "Pairings"]
    assert len(pairings) >= 2
    for page in pairings:
        assert "Supervisor School" in page and "Supervisee School" in page


def test_the_trust_name_is_read_from_the_settings_sheet():
    """The sample roster's Settings sheet names the trust: its plan is titled with it."""
    roster = read_roster(SAMPLE).roster
    assert roster.settings.trust_name == "Meridian Learning Trust"
    assert plan_title(roster) == "Meridian Learning Trust: supervision plan 2026–27"
