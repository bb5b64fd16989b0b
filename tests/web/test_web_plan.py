"""Planning on the page, request by request: a plan that needs cover shows each session's
reason and what `explain` says would help, and every plan is a new file."""

from __future__ import annotations

import csv
import io
import re
import threading
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import escape
from starlette.testclient import TestClient

from peerpair import explain, read_roster
from peerpair.cli import cli
from peerpair.web import app as app_module
from peerpair.web.app import make_app
from peerpair.web.planning import ShownPlan
from peerpair.web.security import FormToken
from tests.web.conftest import HALF_TERMS, SIX_PEOPLE, STAFF_HEADER, TODAY, write_roster

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
    return TestClient(
        make_app(tmp_path / "workspace", today=lambda: TODAY), base_url="http://127.0.0.1:8765"
    )


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


def invitations(client: TestClient, plan_name: str):
    """The invitations zip, as the lead gets it: at once when it is ready, else from the page
    that shows it being made."""
    response = client.get(f"/plans/{plan_name}/invitations")
    if response.history:  # not ready yet: sent to its progress
        job = response.url.path
        for _ in range(600):
            progress = client.get(f"{job}/progress")
            if progress.status_code == 286:
                break
            threading.Event().wait(0.1)
        assert "Ready" in progress.text, progress.text
        response = client.get(f"/plans/{plan_name}/invitations")
    assert response.headers["content-type"] == "application/zip"
    return response


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
    assert any(line.startswith("  - ") for line in explained.lines)
    for line in explained.lines:
        # Each reason the terminal prints as "  - ..." is an item of a list on the page.
        shown = f"<li>{escape(line[4:])}</li>" if line.startswith("  - ") else escape(line)
        assert str(shown) in page, line
    assert "  - " not in re.search(r'<div class="explanation">.*?</div>', page, re.S).group(0)
    for fix in explained.fixes:
        assert str(escape(fix.line())) in page, fix
    # "See why" leads to the reasons, not to the top of a long Cover needed table.
    assert '<a href="#why">See why, and what would help</a>' in page
    assert '<h3 id="why">' in page


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


def test_a_plan_made_by_hand_is_checked_against_a_roster(client, tmp_path):
    roster = write_roster(
        tmp_path / "roster.xlsx", {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": HALF_TERMS}
    )
    upload(client, roster)
    header = ["Half Term", "Supervisor ID", "Supervisor", "Supervisor School"]
    header += ["Supervisee ID", "Supervisee", "Supervisee School"]
    # Ann supervises Ben, at her own school: H5 is broken, and nobody else has a supervisor.
    by_hand = write_roster(
        tmp_path / "by hand.xlsx",
        {"Pairings": [header, ["Autumn 1", "101", "", "", "102", "", ""]]},
    )
    added = client.post(
        "/plans",
        data={FormToken.FIELD: token(client)},
        files={"plan": (by_hand.name, by_hand.read_bytes(), XLSX)},
        follow_redirects=False,
    )
    assert added.headers["location"] == "/plans/plan-001.xlsx/check"
    page = client.get("/plans/plan-001.xlsx/check", params={"roster": "roster-001.xlsx"}).text
    assert "Plan 1 breaks the rules of Roster 1" in page
    rule = r'<td data-label="Rule">(H\d+ [^<]+)</td>\s*'
    rows = dict(re.findall(rule + r'<td class="nowrap" data-label="Result">(.*?)</td>', page))
    assert rows["H5 different schools"] == "<strong>broken 1 time</strong>"
    assert rows["H3 no self-supervision"] == "passed"
    assert "by hand.xlsx" in page


def test_only_a_workbook_is_added_as_a_plan(client):
    added = client.post(
        "/plans",
        data={FormToken.FIELD: token(client)},
        files={"plan": ("plan.csv", b"a,b", "text/csv")},
    )
    assert added.status_code == 400
    assert "is not a plan" in added.text


def test_the_invitations_zip_holds_a_calendar_each_and_a_mail_merge_that_runs_nothing(
    client, tmp_path
):
    link = '+HYPERLINK("http://example.invalid","click")'
    people = [["101", link, "Oak Primary", "Yes"], *SIX_PEOPLE[1:]]
    roster = write_roster(
        tmp_path / "roster.xlsx", {"Staff": [STAFF_HEADER, *people], "Half Terms": HALF_TERMS}
    )
    plan(client, roster)
    response = invitations(client, "plan-001.xlsx")
    assert response.headers["content-disposition"] == (
        'attachment; filename="plan-001-invitations.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sum(name.endswith(".ics") for name in archive.namelist()) == 6
    rows = list(csv.reader(io.StringIO(archive.read("mail-merge.csv").decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert f"'{link}" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_a_roster_with_problems_is_not_planned(client, tmp_path):
    roster = write_roster(tmp_path / "bad.xlsx", {"Staff": [STAFF_HEADER, ["101", "", "", ""]]})
    started = client.post(f"{upload(client, roster)}/plan", data={FormToken.FIELD: token(client)})
    job = started.url.path
    for _ in range(100):
        progress = client.get(f"{job}/progress")
        if progress.status_code == 286:  # done: htmx stops asking
            break
        threading.Event().wait(0.05)
    assert "Roster 1 has 2 problems to fix first" in progress.text
    assert "unexpectedly" not in progress.text
    assert not list((tmp_path / "workspace").glob("plan-*"))


def test_invitations_still_being_made_show_their_progress_then_a_link(
    client, tmp_path, monkeypatch
):
    roster = write_roster(
        tmp_path / "roster.xlsx", {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": HALF_TERMS}
    )
    release = threading.Event()
    making = ShownPlan.invitations

    def slow(shown, today):
        release.wait(10)
        return making(shown, today)

    monkeypatch.setattr(ShownPlan, "invitations", slow)
    plan(client, roster)  # showing the plan starts making its invitations
    waiting = client.get("/plans/plan-001.xlsx/invitations")
    assert waiting.url.path.startswith("/jobs/")
    assert "Preparing the invitations for Plan 1" in waiting.text
    assert "<progress" in waiting.text
    release.set()
    zipped = invitations(client, "plan-001.xlsx")
    assert "mail-merge.csv" in zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()


def test_a_plan_is_read_once_however_many_of_its_screens_are_shown(client, tmp_path, monkeypatch):
    roster = write_roster(
        tmp_path / "roster.xlsx", {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": HALF_TERMS}
    )
    reads = []
    reading = app_module.read_shown_plan

    def counted(workspace, entry):
        reads.append(entry.name)
        return reading(workspace, entry)

    monkeypatch.setattr(app_module, "read_shown_plan", counted)
    plan(client, roster)  # read while the progress bar was up
    for screen in ["", "/half-terms", "/calendar", "/check", "/during-the-year"]:
        assert client.get(f"/plans/plan-001.xlsx{screen}").status_code == 200
    assert reads == ["plan-001.xlsx"]


def test_the_page_breaks_a_plan_naming_someone_not_on_the_roster(client, tmp_path):
    """SPEC 8, as `peerpair check`: an auditor must not pass an unknown person."""
    roster = write_roster(
        tmp_path / "roster.xlsx", {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": HALF_TERMS}
    )
    upload(client, roster)
    by_hand = write_roster(
        tmp_path / "by hand.xlsx",
        {"Pairings": [["Half Term", "Supervisor ID", "Supervisee ID"], ["Autumn 1", "999", "102"]]},
    )
    client.post(
        "/plans",
        data={FormToken.FIELD: token(client)},
        files={"plan": (by_hand.name, by_hand.read_bytes(), XLSX)},
        follow_redirects=False,
    )
    page = client.get("/plans/plan-001.xlsx/check", params={"roster": "roster-001.xlsx"}).text
    assert '<td data-label="Rule">People on the roster</td>' in page
    assert "Pairings row 2, Supervisor ID: &#34;999&#34; is not on the roster" in page
    # The headline counts the unknown person's row with the rules' breaks.
    rows = [int(n) for n in re.findall(r"<strong>broken (\d+) times?</strong>", page)]
    assert rows[0] == 1  # the People on the roster row comes first
    assert f"Plan 1 breaks the rules of Roster 1 {sum(rows)} times" in page


def test_the_report_is_the_command_lines_for_the_board_and_for_governors(client, tmp_path):
    roster = write_roster(
        tmp_path / "roster.xlsx", {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": HALF_TERMS}
    )
    plan(client, roster)
    folder = tmp_path / "workspace"
    for query, name, flags in [
        ("", "plan-001-report.html", []),
        ("?for=governors", "plan-001-report-for-governors.html", ["--anonymous"]),
    ]:
        response = client.get(f"/plans/plan-001.xlsx/report{query}")
        assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
        command_line = tmp_path / name
        # The page names the roster as the lead uploaded it: roster.xlsx.
        result = CliRunner().invoke(
            cli,
            ["report", str(roster), str(folder / "plan-001.xlsx")]
            + ["-o", str(command_line), "--today", TODAY.isoformat(), *flags],
        )
        assert result.exit_code == 0, result.output
        assert response.text == command_line.read_text(encoding="utf-8")
    board = client.get("/plans/plan-001.xlsx/report").text
    assert board != client.get("/plans/plan-001.xlsx/report?for=governors").text
