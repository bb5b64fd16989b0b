"""Re-planning on the page after a change (SPEC 5): the lead sees who changes supervisor
before anything is saved, and the saved plan is the command line's re-solve, as a new file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from starlette.testclient import TestClient

from peerpair.cli import cli
from peerpair.domain.plan import SessionStatus
from peerpair.io.plan_workbook import read_plan
from peerpair.web.app import make_app
from peerpair.web.security import FormToken
from tests.web.conftest import HALF_TERMS, SAMPLE, SIX_PEOPLE, STAFF_HEADER, TODAY, write_roster
from tests.web.test_web_flow import cells
from tests.web.test_web_plan import follow, token, upload


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    app = make_app(tmp_path / "workspace", today=lambda: TODAY)
    return TestClient(app, base_url="http://127.0.0.1:8765")


def with_change_request(plan: Path, out: Path) -> tuple[Path, str, str]:
    """The sample roster with a new change request against a pair `plan` has in Spring 1:
    the roster and the names of the pair."""
    reading = read_plan(plan)
    pair = next(s for s in reading.plan.sessions if s.half_term == "Spring 1")
    workbook = load_workbook(SAMPLE)
    workbook["Change Requests"].append([pair.supervisee_id, pair.supervisor_id, "Spring 1"])
    workbook.save(out)
    return out, reading.name_of(pair.supervisee_id), reading.name_of(pair.supervisor_id)


def test_a_replan_shows_its_changes_then_saves_the_command_lines_plan(client, tmp_path):
    folder = tmp_path / "workspace"
    follow(client, client.post(f"{upload(client, SAMPLE)}/plan", data=form(client)))
    published = folder / "plan-001.xlsx"
    roster, supervisee, supervisor = with_change_request(published, tmp_path / "changed.xlsx")
    assert upload(client, roster) == "/rosters/roster-002.xlsx"

    during = client.get("/plans/plan-001.xlsx/during-the-year").text
    assert 'name="from_half_term"' in during and "Re-plan" in during
    response = client.post(
        "/plans/plan-001.xlsx/replan",
        data={
            **form(client),
            "roster": "roster-002.xlsx",
            "today": TODAY.isoformat(),
            "from_half_term": "Spring 1",
        },
    )
    proposal = follow(client, response)
    changes = re.search(r"<h2 id=\"changes\">.*?</table>", proposal, re.S).group(0)
    assert supervisee in changes and supervisor in changes
    assert "Save the new plan" in proposal
    assert sorted(p.name for p in folder.glob("plan-*")) == ["plan-001.xlsx"]  # not yet saved

    key = re.search(r'action="/proposals/([^/"]+)/save"', proposal).group(1)
    saved = client.post(f"/proposals/{key}/save", data=form(client), follow_redirects=False)
    assert saved.headers["location"] == "/plans/plan-002.xlsx"
    again = client.post(f"/proposals/{key}/save", data=form(client), follow_redirects=False)
    assert again.headers["location"] == "/plans/plan-002.xlsx"  # saved once
    assert "re-planned from Plan 1" in client.get("/plans/plan-002.xlsx").text

    command_line = tmp_path / "cli.xlsx"
    result = CliRunner().invoke(
        cli,
        ["solve", str(roster), "--previous", str(published), "--from", "Spring 1"]
        + ["--today", TODAY.isoformat(), "-o", str(command_line)],
    )
    assert result.exit_code == 0, result.output
    assert cells(folder / "plan-002.xlsx") == cells(command_line)


def test_a_replan_needs_a_half_term_of_the_plan(client, tmp_path):
    roster = write_roster(
        tmp_path / "roster.xlsx", {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": HALF_TERMS}
    )
    follow(client, client.post(f"{upload(client, roster)}/plan", data=form(client)))
    response = client.post(
        "/plans/plan-001.xlsx/replan",
        data={
            **form(client),
            "roster": "roster-001.xlsx",
            "today": TODAY.isoformat(),
            "from_half_term": "Winter 9",
        },
    )
    assert response.status_code == 400


def form(client: TestClient) -> dict[str, str]:
    return {FormToken.FIELD: token(client)}


def test_a_missed_session_is_made_up_by_a_replan_from_today(client, tmp_path):
    """SPEC 8: record a session Missed, re-plan from today, see its make-up, save it."""
    roster = write_roster(
        tmp_path / "roster.xlsx", {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": HALF_TERMS}
    )
    follow(client, client.post(f"{upload(client, roster)}/plan", data=form(client)))
    folder = tmp_path / "workspace"
    before = read_plan(folder / "plan-001.xlsx").plan
    missed = min((s for s in before.sessions if s.date < TODAY), key=lambda s: s.date)
    page = client.get("/plans/plan-001.xlsx/record", params={"half_term": "Autumn 1"}).text
    labels = re.findall(r'name="status-(\d+)" aria-label="Status of ([^"]+)"', page)
    on = f"{missed.date:%-d %B}"
    [number] = [n for n, label in labels if label.endswith(f" on {on}")]
    recorded = client.post(
        "/plans/plan-001.xlsx/record",
        data={**form(client), "half_term": "Autumn 1", f"status-{number}": "Missed"},
        follow_redirects=False,
    )
    assert recorded.headers["location"] == "/plans/plan-002.xlsx/during-the-year"

    proposal = follow(
        client,
        client.post(
            "/plans/plan-002.xlsx/replan",
            data={**form(client), "roster": "roster-001.xlsx", "today": TODAY.isoformat()},
        ),
    )
    moves = re.search(r'<h2 id="moves">.*?</table>', proposal, re.S).group(0)
    assert "made up after a missed session" in moves
    key = re.search(r'action="/proposals/([^/"]+)/save"', proposal).group(1)
    client.post(f"/proposals/{key}/save", data=form(client))
    after = read_plan(folder / "plan-003.xlsx").plan
    pair = (missed.supervisor_id, missed.supervisee_id)
    same_pair = [s for s in after.sessions if (s.supervisor_id, s.supervisee_id) == pair]
    make_up = [s for s in same_pair if s.half_term == missed.half_term and s.date >= TODAY]
    assert len(make_up) == 1
    assert any(s.status is SessionStatus.MISSED and s.date == missed.date for s in same_pair)


def test_a_replan_keeping_a_typed_date_that_breaks_a_rule_says_so(client, tmp_path):
    """A Postponed session keeps the date typed for it, even a Saturday: the changes page
    says which rule the new plan breaks before it is saved, as `solve` prints it."""
    roster = write_roster(
        tmp_path / "roster.xlsx", {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": HALF_TERMS}
    )
    follow(client, client.post(f"{upload(client, roster)}/plan", data=form(client)))
    fields = {"half_term": "Autumn 1", "status-5": "Postponed", "date-5": "2026-10-17"}
    recorded = client.post(
        "/plans/plan-001.xlsx/record", data={**form(client), **fields}, follow_redirects=False
    )
    assert recorded.status_code == 303
    proposal = follow(
        client,
        client.post(
            "/plans/plan-002.xlsx/replan",
            data={**form(client), "roster": "roster-001.xlsx", "today": TODAY.isoformat()},
        ),
    )
    broken = re.search(r'<div class="notice error" id="broken".*?</div>', proposal, re.S)
    assert broken is not None, proposal
    assert "D1 session dates" in broken.group(0)
    assert "Sat 17/10/2026 is a weekend" in broken.group(0)
