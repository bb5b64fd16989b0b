"""The workspace folder: every roster and plan its own numbered file, never written over."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerpair.web.workspace import PLAN, ROSTER, NotInWorkspace, Workspace


def write(text: str):
    return lambda path: Path(path).write_text(text)


def test_each_file_gets_the_next_number_and_keeps_its_note(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    first = workspace.add(ROSTER, ".csv", write("a"), {"uploaded_as": "staff.csv"})
    second = workspace.add(ROSTER, ".xlsx", write("b"), {})
    plan = workspace.add(PLAN, ".xlsx", write("c"), {"roster": second.name})
    assert (first.name, second.name, plan.name) == (
        "roster-001.csv",
        "roster-002.xlsx",
        "plan-001.xlsx",
    )
    assert [e.name for e in workspace.entries(ROSTER)] == ["roster-002.xlsx", "roster-001.csv"]
    assert workspace.entry("roster-001.csv").note["uploaded_as"] == "staff.csv"
    assert workspace.entry("plan-001.xlsx").label == "Plan 1"
    assert (tmp_path / "ws" / "roster-001.csv").read_text() == "a"


def test_a_number_left_by_a_stopped_run_is_not_used_again(tmp_path):
    workspace = Workspace(tmp_path)
    (tmp_path / "plan-001.xlsx").touch()  # reserved, then the server stopped mid-write
    assert workspace.entries(PLAN) == []
    assert workspace.add(PLAN, ".xlsx", write("x"), {}).name == "plan-002.xlsx"


def test_a_file_that_fails_to_save_leaves_nothing(tmp_path):
    workspace = Workspace(tmp_path)

    def fail(path):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        workspace.add(PLAN, ".xlsx", fail, {})
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == []


@pytest.mark.parametrize(
    "name", ["../plan-001.xlsx", "plan-001.xlsx/..", "plan-1.xlsx", ".peerpair", "notes.txt", ""]
)
def test_only_the_workspaces_own_names_are_found(tmp_path, name):
    workspace = Workspace(tmp_path / "ws")
    workspace.add(PLAN, ".xlsx", write("x"), {})
    (tmp_path / "notes.txt").write_text("private")
    with pytest.raises(NotInWorkspace):
        workspace.entry(name)


def test_a_plan_put_in_the_folder_by_hand_is_listed(tmp_path):
    (tmp_path / "plan-007.xlsx").write_text("made elsewhere")
    workspace = Workspace(tmp_path)
    [found] = workspace.entries(PLAN)
    assert (found.name, found.note) == ("plan-007.xlsx", {})
