"""The page as a trust safeguarding lead meets it: what it chooses for them, what it says after
they act, and where its links lead."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from peerpair.web.app import make_app
from peerpair.web.security import FormToken
from tests.web.conftest import HALF_TERMS, SIX_PEOPLE, STAFF_HEADER, TODAY, write_roster
from tests.web.test_web_plan import CROWDED, XLSX, plan, token, upload


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    app = make_app(tmp_path / "workspace", today=lambda: TODAY)
    return TestClient(app, base_url="http://127.0.0.1:8765")


def selected(page: str, select_id: str) -> str:
    """The value of the option chosen in the drop-down `select_id`."""
    body = re.search(rf'<select id="{select_id}".*?</select>', page, re.S).group(0)
    return re.search(r'<option value="([^"]*)"\s+selected', body).group(1)


def words(page: str) -> str:
    """The page's text as a reader meets it: markup gone, white space single."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_during_the_year_offers_the_plans_own_roster_not_the_newest(client, tmp_path):
    own = write_roster(
        tmp_path / "own.xlsx", {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": HALF_TERMS}
    )
    plan(client, own)
    other = write_roster(
        tmp_path / "other.xlsx", {"Staff": [STAFF_HEADER, *CROWDED], "Half Terms": HALF_TERMS}
    )
    upload(client, other)  # roster-002, newer: another trust's, or a test
    page = client.get("/plans/plan-001.xlsx/during-the-year").text
    assert selected(page, "roster") == "roster-001.xlsx"


def test_a_plan_saved_from_record_what_happened_says_so(client, tmp_path):
    roster = write_roster(
        tmp_path / "roster.xlsx", {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": HALF_TERMS}
    )
    plan(client, roster)
    form = {FormToken.FIELD: token(client), "half_term": "Autumn 1", "status-0": "Held"}
    saved = client.post("/plans/plan-001.xlsx/record", data=form)
    assert saved.url.path == "/plans/plan-002.xlsx/during-the-year"
    said = words(saved.text)
    assert "Saved: Plan 2 is Plan 1 with what happened in Autumn 1" in said
    # Nothing was re-planned: recording is not re-planning.
    assert "re-planned" not in said
    assert "Plan 1 with what happened in Autumn 1" in words(client.get("/").text)


def test_the_calendar_opens_on_this_month(client, tmp_path):
    roster = write_roster(
        tmp_path / "roster.xlsx", {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": HALF_TERMS}
    )
    plan(client, roster)
    assert TODAY.month == 10
    page = client.get("/plans/plan-001.xlsx/calendar").text
    assert "<h2>October 2026</h2>" in page
    assert "‹ September" in page  # and the months before are a click away
    assert (
        "<h2>September 2026</h2>" in client.get("/plans/plan-001.xlsx/calendar?month=2026-09").text
    )


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("roster", "Roster for 2026.xlsx is a roster, not a plan"),
        (b"PK\x03\x04 not really a workbook", '"Roster for 2026.xlsx" cannot be read'),
    ],
)
def test_a_roster_added_as_a_plan_is_refused_and_not_kept(client, tmp_path, content, said):
    if content == "roster":
        roster = write_roster(
            tmp_path / "r.xlsx", {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": HALF_TERMS}
        )
        content = roster.read_bytes()
    added = client.post(
        "/plans",
        data={FormToken.FIELD: token(client)},
        files={"plan": ("C:\\Users\\lead\\Roster for 2026.xlsx", content, XLSX)},
    )
    assert added.status_code == 400
    assert said in words(added.text).replace("&#34;", '"')
    assert "Nothing was added" in added.text
    assert list((tmp_path / "workspace").glob("plan-*")) == []
    assert "No plans yet" in client.get("/").text


def test_a_roster_that_is_no_workbook_is_named_as_the_lead_named_it(client):
    response = client.post(
        "/rosters",
        data={FormToken.FIELD: token(client)},
        files={"roster": ("C:\\Trust\\Roster 2026.xlsx", b"PK\x03\x04 not a workbook", XLSX)},
    )
    table = re.search(r"<caption>Problems to fix.*?</table>", response.text, re.S).group(0)
    assert "<td>Roster 2026.xlsx</td>" in table
    assert "roster-001" not in table  # the workspace's name, which the lead never chose


def _a_plan_then_a_roster_with_a_problem(client, tmp_path) -> None:
    """Plan 1 from a good roster, then Roster 2, whose first School is blank."""
    good = write_roster(
        tmp_path / "good.xlsx", {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": HALF_TERMS}
    )
    plan(client, good)
    blank_school = [["101", "Ann Able", "", "Yes"], *SIX_PEOPLE[1:]]
    bad = write_roster(
        tmp_path / "bad.xlsx", {"Staff": [STAFF_HEADER, *blank_school], "Half Terms": HALF_TERMS}
    )
    upload(client, bad)


def test_checking_against_a_roster_with_problems_links_to_them(client, tmp_path):
    _a_plan_then_a_roster_with_a_problem(client, tmp_path)
    page = client.get("/plans/plan-001.xlsx/check?roster=roster-002.xlsx").text
    assert "Roster 2 has 1 problem to fix first: see its page." in words(page)
    assert '<a href="/rosters/roster-002.xlsx">Open Roster 2</a>' in page


@pytest.mark.parametrize("address", ["/nowhere", "/rosters", "/plans/plan-001.xlsx/replan"])
def test_an_address_with_no_page_says_so_in_words(client, address):
    response = client.get(address)
    assert response.status_code in (404, 405)
    said = words(response.text)
    assert "There is no page at this address. Start again from your workspace." in said
    assert "Not Found" not in said and "Method Not Allowed" not in said


def test_a_replan_with_a_roster_with_problems_links_to_them(client, tmp_path):
    _a_plan_then_a_roster_with_a_problem(client, tmp_path)
    form = {FormToken.FIELD: token(client), "roster": "roster-002.xlsx", "today": "2026-10-05"}
    started = client.post("/plans/plan-001.xlsx/replan", data=form)
    progress = started.url.path + "/progress"
    for _ in range(200):
        shown = client.get(progress)
        if shown.status_code == 286:  # htmx's "stop asking": the work has ended
            break
        threading.Event().wait(0.05)
    assert "Roster 2 has 1 problem to fix first: see its page." in words(shown.text)
    assert '<a class="button" href="/rosters/roster-002.xlsx">Open Roster 2</a>' in shown.text


def test_january_is_checked_re_planned_and_reported_with_a_leaver_the_roster_still_names(
    tmp_path,
):
    """David Okafor (112) has left: the January roster no longer lists him, though Receive
    From and Line Manager IDs still name him. Against the plan that names him that is a
    warning, as on the command line, not "problems to fix" (SPEC 2, 8)."""
    from datetime import date

    from peerpair.web.jobs import Job
    from peerpair.web.planning import audit, board_report, replan_the_year
    from peerpair.web.workspace import PLAN, ROSTER, Workspace

    sample = Path(__file__).resolve().parents[2] / "sample_data"
    workspace = Workspace(tmp_path / "workspace")

    def added(kind: str, name: str):
        data = (sample / name).read_bytes()
        return workspace.add(kind, ".xlsx", lambda path: path.write_bytes(data), {})

    roster, october = added(ROSTER, "roster-january.xlsx"), added(PLAN, "plan-october-v2.xlsx")
    today = date(2027, 1, 11)
    job = Job(id="j", title="re-plan")
    proposal = replan_the_year(workspace, roster, october, today, None, job)
    assert any("David Okafor" in change[2] for change in proposal.changes)
    # The January plan, as the command line wrote it, names him in the Autumn only.
    january = added(PLAN, "plan-january.xlsx")
    assert audit(workspace, january, roster, today).found.broken == 0
    assert "Autumn 1" in board_report(workspace, january, roster, today, anonymous=False)
