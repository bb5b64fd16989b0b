"""The web page's test harness: one Chromium for the whole run, a fresh server and workspace
for each test, and a screenshot of the screen whenever a browser test fails.

Chromium is Debian's (/usr/bin/chromium; .ci/run installs it): Playwright's own browser
download is not used."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import sync_playwright

from peerpair.web.server import address, listening_socket, server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-screenshots"
SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "roster.xlsx"
# Playwright waits this long (ms) for anything to appear: planning the sample takes seconds.
PATIENCE = 60_000


@dataclass
class Running:
    """A server running in this process, on a free port, over its own workspace."""

    url: str
    folder: Path


# Every browser test runs on this day of the sample's year: tests never read the clock.
TODAY = dt.date(2026, 10, 5)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    folder = tmp_path / "workspace"
    sock = listening_socket(0)
    app_server = server(folder, sock, lambda: TODAY)
    thread = threading.Thread(target=app_server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not app_server.started:
        if not thread.is_alive():
            pytest.fail("the server did not start")
        threading.Event().wait(0.02)
    yield Running(address(sock).rstrip("/"), folder)
    app_server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (as .ci/run does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Dialogs:
    """Every alert, confirm or prompt a page opened: a script that ran."""

    seen: list[str] = field(default_factory=list)


@pytest.fixture
def dialogs() -> Dialogs:
    return Dialogs()


@pytest.fixture
def page(browser, running: Running, dialogs: Dialogs, request):
    context = browser.new_context(
        base_url=running.url, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(PATIENCE)
    opened = context.new_page()
    opened.on("dialog", lambda dialog: (dialogs.seen.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    # A script blocked by the Content-Security-Policy, or one that fails, shows here.
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.console_errors = errors
    yield opened
    call = getattr(request.node, "report_call", None)
    if call is not None and call.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        opened.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def write_roster(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A roster workbook with one sheet per entry, rows written from A1."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


STAFF_HEADER = ["ID", "Name", "School", "Supervision Trained"]
SIX_PEOPLE = [
    ["101", "Ann Able", "Oak Primary", "Yes"],
    ["102", "Ben Best", "Oak Primary", "Yes"],
    ["201", "Cat Cole", "Elm Academy", "Yes"],
    ["202", "Dan Dee", "Elm Academy", "Yes"],
    ["301", "Eve Ent", "Ash High", "Yes"],
    ["302", "Fay Fox", "Ash High", "Yes"],
]
HALF_TERMS = [
    ["Half Term", "Start", "End"],
    ["Autumn 1", "2026-09-02", "2026-10-23"],
    ["Autumn 2", "2026-11-02", "2026-12-18"],
]


_CONTROL = re.compile(
    r"^\s*- (link|button|textbox|combobox|spinbutton|checkbox|radio|progressbar)\b(?! \")"
)


def unlabelled_controls(page) -> list[str]:
    """The controls on the page with no accessible name (a screen reader would say only
    "button"), from the page's accessibility tree."""
    tree = page.locator("body").aria_snapshot()
    return [line.strip() for line in tree.splitlines() if _CONTROL.match(line)]
