"""The whole way through the page on the sample trust, in Chromium: drop the roster in,
plan the year with a progress bar, see the plan, and download exactly the plan the command
line makes (SPEC 11)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from peerpair.cli import cli
from tests.web.conftest import SAMPLE, unlabelled_controls

# The Summary's cells that say when and with what it was made, not what was planned.
UNSTABLE_SUMMARY_ROWS = {"Time taken", "peerpair version"}


@pytest.fixture(scope="module")
def command_line_plan(tmp_path_factory) -> Path:
    plan = tmp_path_factory.mktemp("cli") / "plan.xlsx"
    result = CliRunner().invoke(cli, ["solve", str(SAMPLE), "-o", str(plan)])
    assert result.exit_code == 0, result.output
    return plan


def cells(path: Path) -> dict[str, list[tuple]]:
    workbook = load_workbook(path)
    found = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        if sheet.title == "Summary":
            rows = [r for r in rows if not r or r[0] not in UNSTABLE_SUMMARY_ROWS]
        found[sheet.title] = rows
    return found


def plan_the_sample(page: Page) -> None:
    page.goto("/")
    page.get_by_label("Roster").set_input_files(SAMPLE)
    page.get_by_role("button", name="Check the roster").click()
    expect(page.get_by_text("ready to plan")).to_be_visible()
    assert unlabelled_controls(page) == []
    page.get_by_role("button", name="Plan the year").click()
    expect(page.get_by_role("progressbar", name="Progress")).to_be_visible()
    page.wait_for_url("**/plans/plan-001.xlsx")


def test_the_sample_planned_on_the_page_is_the_command_lines_plan(
    page: Page, running, command_line_plan, tmp_path
):
    plan_the_sample(page)
    expect(page.get_by_text("Everyone in the cycle has a supervisor")).to_be_visible()
    expect(page.get_by_role("table", name="What was planned")).to_contain_text("Sessions planned")
    assert unlabelled_controls(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the plan").click()
    downloaded = tmp_path / "downloaded.xlsx"
    download.value.save_as(downloaded)
    assert download.value.suggested_filename == "plan-001.xlsx"
    assert cells(downloaded) == cells(command_line_plan)
    # The workspace keeps the roster and the plan, each under its own name.
    assert (running.folder / "roster-001.xlsx").read_bytes() == SAMPLE.read_bytes()
    assert (running.folder / "plan-001.xlsx").read_bytes() == downloaded.read_bytes()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the invitations").click()
        if "/jobs/" in page.url:  # not ready yet: its progress, then a link to it
            expect(page.get_by_role("status")).to_have_text("Ready.")
            page.get_by_role("link", name="Download the invitations").click()
    invitations = tmp_path / "invitations.zip"
    download.value.save_as(invitations)
    names = zipfile.ZipFile(invitations).namelist()
    assert "mail-merge.csv" in names
    assert sum(name.endswith(".ics") and "/" not in name for name in names) == 33
    assert any(name.startswith("meeting-requests/") for name in names)
    assert sum(name.startswith("messages/") for name in names) == 33
    if "/jobs/" in page.url:
        page.get_by_role("link", name="Back to the plan").click()

    if "/jobs/" in page.url:
        page.get_by_role("link", name="Back to the plan").click()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report").click()
    assert download.value.suggested_filename == "plan-001-report.html"
    report = tmp_path / "report.html"
    download.value.save_as(report)
    assert "what safeguarding supervision was delivered" in report.read_text(encoding="utf-8")

    page.get_by_role("link", name="By half term").click()
    autumn = page.get_by_role("table", name="Who supervises whom in Autumn 1")
    expect(autumn.get_by_role("row")).to_have_count(1 + 30)

    page.get_by_role("link", name="Calendar").click()
    expect(page.get_by_role("heading", name="October 2026")).to_be_visible()  # today's month
    page.get_by_role("link", name="September").click()
    expect(page.get_by_role("heading", name="September 2026")).to_be_visible()
    assert unlabelled_controls(page) == []

    page.get_by_role("link", name="Your workspace").first.click()
    expect(page.get_by_role("link", name="Plan 1")).to_be_visible()
    expect(page.get_by_role("link", name="Roster 1")).to_be_visible()
    assert page.console_errors == []
