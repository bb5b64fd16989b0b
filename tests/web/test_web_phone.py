"""The page on a phone (390 by 844 pixels, as a lead reading the plan away from a desk): every
screen fits the width, and the month calendar stays readable."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests.web.conftest import HALF_TERMS, SIX_PEOPLE, STAFF_HEADER, write_roster
from tests.web.test_web_page import check_roster

PHONE = {"width": 390, "height": 844}
LONG_EMAIL = "designated.safeguarding.lead.organiser@meridian-learning-trust.example.org"

# What sticks out past the right edge of the screen, outside a table that scrolls on purpose.
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const e of document.querySelectorAll("main *")) {
    if (e.getBoundingClientRect().right > width + 1 && !e.closest(".table-wrap"))
      out.push(e.tagName + " " + (e.id || e.className || e.textContent.slice(0, 30)));
  }
  return out;
}"""


def planned_on_a_phone(page: Page, tmp_path: Path) -> None:
    roster = write_roster(
        tmp_path / "roster.xlsx",
        {
            "Staff": [STAFF_HEADER, *SIX_PEOPLE],
            "Half Terms": HALF_TERMS,
            "Settings": [["Setting", "Value"], ["Organiser Email", LONG_EMAIL]],
        },
    )
    check_roster(page, roster)
    page.get_by_role("button", name="Plan the year").click()
    page.wait_for_url("**/plans/plan-001.xlsx")
    page.set_viewport_size(PHONE)


def test_the_month_calendar_on_a_phone_is_a_readable_list_of_days(page, tmp_path):
    planned_on_a_phone(page, tmp_path)
    page.goto("/plans/plan-001.xlsx/calendar?month=2026-09")
    events = page.locator("table.month .event")
    assert events.count() > 0
    for n in range(events.count()):
        box = events.nth(n).bounding_box()
        # A name broken letter by letter down a seventh of the screen is not readable.
        assert box["width"] > PHONE["width"] * 0.6, events.nth(n).inner_text()
    # Each day says which day it is, since the weekday headings are not shown.
    assert events.first.locator("xpath=ancestor::td").inner_text().startswith("Wednesday 2")
    assert page.evaluate(STICKING_OUT) == []


def test_the_overview_and_the_check_fit_a_phone(page, tmp_path):
    planned_on_a_phone(page, tmp_path)
    page.goto("/plans/plan-001.xlsx")
    summary = page.get_by_role("table", name="What was planned")
    assert LONG_EMAIL in summary.inner_text()
    wrap = summary.locator("xpath=..")
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth")  # read without scrolling
    assert page.evaluate(STICKING_OUT) == []
    page.goto("/plans/plan-001.xlsx/check?roster=roster-001.xlsx")
    assert page.evaluate(STICKING_OUT) == []


def test_wide_tables_on_a_phone_are_read_row_by_row_not_scrolled(page, tmp_path):
    planned_on_a_phone(page, tmp_path)
    for address, table in [
        ("/rosters/roster-001.xlsx", "People on the Staff sheet, by school"),
        ("/plans/plan-001.xlsx/half-terms", "Who supervises whom in Autumn 1"),
        ("/plans/plan-001.xlsx/check?roster=roster-001.xlsx", "Each hard rule"),
    ]:
        page.goto(address)
        if address.startswith("/rosters/"):
            page.get_by_text("Who is in it").click()
        shown = page.get_by_role("table", name=table)
        wrap = shown.locator("xpath=..")
        assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth"), address
        cell = shown.locator("td[data-label]").nth(2)
        label = cell.evaluate("e => getComputedStyle(e, '::before').content")
        assert label.strip('"').endswith(": "), (address, label)
    assert page.evaluate(STICKING_OUT) == []


def test_record_what_happened_fits_a_phone(page, tmp_path):
    planned_on_a_phone(page, tmp_path)
    page.goto("/plans/plan-001.xlsx/record")
    table = page.get_by_role("table", name="Sessions in Autumn 1")
    assert table.locator("xpath=..").evaluate("e => e.scrollWidth <= e.clientWidth")
    status = page.get_by_role("combobox", name="Status of ").first
    box = status.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]  # on the screen, not past its edge
    assert page.evaluate(STICKING_OUT) == []
