"""Planning on the page, request by request: a plan that needs cover shows each session's
reason and what `explain` says would help, and every plan is a new file."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from markupsafe import escape
from starlette.testclient import TestClient

from peerpair import explain, read_roster
from peerpair.web.app import make_app
from peerpair.web.security import FormToken
from tests.web.conftest import HALF_TERMS, STAFF_HEADER, write_roster

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Four people at Oak Primary and one place for them at each other school: two need cover.
CROWDED = [
    ["101", "Ann Able", "Oak Primary", "Yes"],
    ["102", "Ben Best", "Oak Primary", "Yes"],
    ["103", "Cal Cott", "Oak Primary", "Yes"],
    ["104", "Di Dunn", "Oak Primary", "Yes"],
    ["201", "Eve Ent", "Elm Academy", "Yes"],
    ["301", "Fay Fox", "Ash High", "Yes"],
]


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(make_app(tmp_path / "workspace"), base_url="http://127.0.0.1:8765")


def token(client: TestClient) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', client.get("/").text).group(1)


def upload(client: TestClient, roster: Path) -> str:
    """Upload `roster`; return its page."""
    response = client.post(
        "/rosters",
        data={FormToken.FIELD: token(client)},
        files={"roster": (roster.name, roster.read_bytes(), XLSX)},
        follow_redirects=False,
    )
    return response.headers["location"]


def follow(client: TestClient, started) -> str:
    """Follow work started by `started` (a redirect to its progress) to the page it ends on."""
    job = started.history[0].headers["location"] if started.history else started.url.path
    assert "progress" in client.get(job).text
    for _ in range(600):
        progress = client.get(f"{job}/progress")
        if "hx-redirect" in progress.headers:
            return client.get(progress.headers["hx-redirect"]).text
        assert progress.status_code == 200, progress.text
        threading.Event().wait(0.1)
    raise AssertionError("the work never finished")


def plan(client: TestClient, roster: Path) -> str:
    """Upload `roster`, plan it, follow the progress until the plan; return its page."""
    started = client.post(f"{upload(client, roster)}/plan", data={FormToken.FIELD: token(client)})
    return follow(client, started)


def test_a_plan_that_needs_cover_says_why_and_what_would_help(client, tmp_path):
    roster = write_roster(
        tmp_path / "crowded.xlsx", {"Staff": [STAFF_HEADER, *CROWDED], "Half Terms": HALF_TERMS}
    )
    page = plan(client, roster)
    assert "This plan is not complete yet" in page
    assert "4 sessions need" in page  # two in each of two half terms
    cover = re.search(r"<caption>Sessions nobody could deliver.*?</table>", page, re.S).group(0)
    assert cover.count("<tr>") == 1 + 4
    explained = explain(read_roster(roster).roster)
    assert explained.lines and explained.fixes
    for line in [*explained.lines, *(fix.line() for fix in explained.fixes)]:
        assert str(escape(line)) in page, line


def test_each_plan_is_a_new_file(client, tmp_path):
    roster = write_roster(
        tmp_path / "crowded.xlsx", {"Staff": [STAFF_HEADER, *CROWDED], "Half Terms": HALF_TERMS}
    )
    plan(client, roster)
    plan(client, roster)
    home = client.get("/").text
    assert "Plan 1" in home and "Plan 2" in home
    folder = tmp_path / "workspace"
    assert sorted(p.name for p in folder.glob("*.xlsx")) == [
        "plan-001.xlsx",
        "plan-002.xlsx",
        "roster-001.xlsx",
        "roster-002.xlsx",
    ]
