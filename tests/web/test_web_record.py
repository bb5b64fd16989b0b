"""Recording what happened during the year (SPEC 8) on the page: each session's Status, a
date picker for a postponed one, saved as a new plan the command line reads back."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from peerpair.domain.plan import SessionStatus
from peerpair.io.plan_workbook import PlanError, read_plan
from peerpair.io.recording import Record, peer_key, record_what_happened, tier_key
from peerpair.web.app import make_app
from peerpair.web.security import FormToken
from tests.web.conftest import HALF_TERMS, SIX_PEOPLE, STAFF_HEADER, TODAY, write_roster
from tests.web.test_web_plan import plan, token


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    app = make_app(tmp_path / "workspace", today=lambda: TODAY)
    return TestClient(app, base_url="http://127.0.0.1:8765")


@pytest.fixture
def planned(client, tmp_path) -> Path:
    roster = write_roster(
        tmp_path / "roster.xlsx", {"Staff": [STAFF_HEADER, *SIX_PEOPLE], "Half Terms": HALF_TERMS}
    )
    plan(client, roster)
    return tmp_path / "workspace"


def rows(page: str) -> list[tuple[str, str]]:
    """(field number, session) of each row of the record form."""
    return re.findall(r'name="status-(\d+)" aria-label="Status of ([^"]+)"', page)


def test_statuses_and_a_postponed_date_are_saved_as_a_new_plan(client, planned):
    page = client.get("/plans/plan-001.xlsx/record").text
    assert "Sessions in Autumn 1" in page  # the half term today is in
    sessions = rows(page)
    assert len(sessions) == 6
    form = {FormToken.FIELD: token(client), "half_term": "Autumn 1"}
    form |= {"status-0": "Held", "status-1": "Missed", "status-2": "Postponed"}
    form |= {"date-2": "2026-10-21", "start-2": "13:30"}
    saved = client.post("/plans/plan-001.xlsx/record", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == "/plans/plan-002.xlsx/during-the-year"

    before = read_plan(planned / "plan-001.xlsx").plan
    after = read_plan(planned / "plan-002.xlsx").plan
    assert all(s.status is None for s in before.sessions)  # the published plan is kept
    autumn = sorted(
        (s for s in after.sessions if s.half_term == "Autumn 1"),
        key=lambda s: (s.date, s.start),
    )
    statuses = [s.status for s in after.sessions if s.status is not None]
    assert sorted(statuses) == sorted(
        [SessionStatus.HELD, SessionStatus.MISSED, SessionStatus.POSTPONED]
    )
    postponed = next(s for s in autumn if s.status is SessionStatus.POSTPONED)
    assert (postponed.date, postponed.start, postponed.end) == (
        dt.date(2026, 10, 21),
        dt.time(13, 30),
        dt.time(14, 30),
    )
    assert len(after.sessions) == len(before.sessions)


@pytest.mark.parametrize(
    "fields, words",
    [
        ({"status-0": "Postponed"}, "Postponed needs the new date agreed"),
        ({"status-0": "Held", "date-0": "2026-10-21"}, "choose Postponed"),
        ({"status-0": "Done"}, "is not a Status"),
        ({}, "No Status was changed"),
    ],
)
def test_what_cannot_be_recorded_is_said_and_nothing_saved(client, planned, fields, words):
    form = {FormToken.FIELD: token(client), "half_term": "Autumn 1", **fields}
    response = client.post("/plans/plan-001.xlsx/record", data=form)
    assert response.status_code == 400
    assert words in response.text
    assert sorted(p.name for p in planned.glob("plan-*")) == ["plan-001.xlsx"]


def test_a_session_of_another_tier_is_recorded_on_the_sessions_sheet(tmp_path):
    """peerpair.io.recording on the sample plan: a group session Missed, a peer one Held."""
    sample = Path(__file__).resolve().parents[2] / "sample_data" / "plan.xlsx"
    before = read_plan(sample).plan
    group = next(t for t in before.tier_sessions if t.tier.value == "group")
    peer = before.sessions[0]
    records = {
        tier_key(group): Record(SessionStatus.MISSED),
        peer_key(peer): Record(SessionStatus.HELD),
    }
    record_what_happened(sample, tmp_path / "recorded.xlsx", records)
    after = read_plan(tmp_path / "recorded.xlsx").plan
    assert [t.status for t in after.tier_sessions if tier_key(t) == tier_key(group)] == [
        SessionStatus.MISSED
    ]
    assert [s.status for s in after.sessions if peer_key(s) == peer_key(peer)] == [
        SessionStatus.HELD
    ]
    changed = [s for s in after.sessions if s.status is not None]
    assert len(changed) == 1 and len(after.sessions) == len(before.sessions)


def test_a_session_no_longer_in_the_plan_is_not_recorded(tmp_path):
    sample = Path(__file__).resolve().parents[2] / "sample_data" / "plan.xlsx"
    gone = ("peer", "autumn1", "999", "998", None, None)
    with pytest.raises(PlanError):
        record_what_happened(sample, tmp_path / "recorded.xlsx", {gone: Record(None)})
    assert not (tmp_path / "recorded.xlsx").exists()
