"""Stopping a run (SPEC 5): Ctrl-C is exit 130 and writes nothing, and what a killed run
left behind is cleared by the next one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from benchmarks.rosters import generated_roster
from peerpair.cli import cli
from peerpair.io.files import write_atomically, write_files_atomically

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_data" / "roster.xlsx"


def write_roster(path: Path, people: int) -> Path:
    """A generated trust (benchmarks/rosters.py) as a roster workbook: Staff and dated Half
    Terms, enough for a solve that runs for several seconds."""
    roster = generated_roster(people)
    workbook = Workbook()
    staff = workbook.active
    staff.title = "Staff"
    staff.append(["ID", "Name", "School", "Hub", "Role", "Supervision Trained", "Capacity"])
    for p in roster.people:
        trained = "Yes" if p.supervision_trained else "No"
        staff.append([p.id, p.name, p.school, p.hub, p.role, trained, p.capacity])
    half_terms = workbook.create_sheet("Half Terms")
    half_terms.append(["Half Term", "Start", "End"])
    for h in roster.half_terms:
        half_terms.append([h.name, h.start, h.end])
    workbook.save(path)
    return path


@contextmanager
def _python(*args: object) -> Iterator[subprocess.Popen]:
    """Python running `args` with this checkout's peerpair, its output read as text; killed
    on leaving, whatever a test found."""
    run = subprocess.Popen(
        [sys.executable, *map(str, args)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield run
    finally:
        run.kill()
        run.wait()


def _ctrl_c(run: subprocess.Popen) -> tuple[str, str]:
    """Ctrl-C now, and what the run printed until it ended. Two minutes is ample for exiting
    at once on a busy machine, and far short of an hour-long search: it tells "at once"
    from "when the search returns"."""
    run.send_signal(signal.SIGINT)
    return run.communicate(timeout=120)


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signals only")
def test_ctrl_c_during_a_solve_exits_130_and_writes_nothing(tmp_path):
    """SPEC 5: '130 stopped by Ctrl-C (nothing written)'. The signal goes to a real
    `python -m peerpair solve` at its first progress line, which it shows only once a run has
    taken two seconds. 5,000 people take twice that, with the plan written last: a roster
    that plans in under two seconds would finish silently and never be stopped."""
    roster = write_roster(tmp_path / "roster.xlsx", 5000)
    plan = tmp_path / "plan.xlsx"
    with _python("-m", "peerpair", "solve", roster, "-o", plan) as run:
        first = run.stderr.readline()  # the first progress line: the solve is under way
        assert "s] " in first, (first, run.wait(), run.stdout.read())
        stdout, stderr = _ctrl_c(run)
    assert run.returncode == 130, (stdout, stderr)
    assert stderr.strip().splitlines()[-1] == "Stopped: nothing written"
    assert "Aborted" not in stderr and "Traceback" not in stderr
    assert "Plan written" not in stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.xlsx"]


def test_a_keyboard_interrupt_anywhere_in_python_exits_130(tmp_path, monkeypatch):
    """Where Python sees Ctrl-C itself (KeyboardInterrupt), the same line and code: not
    click's "Aborted!" and exit 1, which would read as Cover Needed."""

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("peerpair.year.plan_year", interrupted)
    plan = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(cli, ["solve", str(SAMPLE), "-o", str(plan)])
    assert result.exit_code == 130, result.output
    assert result.stderr.strip().splitlines()[-1] == "Stopped: nothing written"
    assert not plan.exists()


def test_a_write_left_by_a_killed_run_is_removed_by_the_next_write_there(tmp_path):
    """A run killed outright (SIGKILL, a power cut) leaves its temporary file: the next write
    of that file removes it, and nothing else: not another file's, not the user's."""
    stale = tmp_path / ".plan.xlsx.0a1b2c3d.tmp"
    others = [
        tmp_path / ".other.xlsx.0a1b2c3d.tmp",  # another file's: its own run may be going
        tmp_path / ".plan.xlsx.notours.tmp",  # not peerpair's name
        tmp_path / "plan.xlsx.0a1b2c3d.tmp",  # not hidden: not peerpair's
        tmp_path / ".plan.xlsx.0A1B2C3D.tmp",  # peerpair writes lower-case hex only
    ]
    for path in [stale, *others]:
        path.write_bytes(b"half a plan")
    write_atomically(tmp_path / "plan.xlsx", lambda path: path.write_bytes(b"plan"))
    assert not stale.exists()
    assert all(path.exists() for path in others)
    assert (tmp_path / "plan.xlsx").read_bytes() == b"plan"


def test_many_files_written_at_once_remove_only_their_own_leftovers(tmp_path):
    """Invitations write thousands of files, listing each folder once: what a killed run
    left for one of those files goes, and nothing else, in each folder written to."""
    sub = tmp_path / "messages"
    sub.mkdir()
    stale = [tmp_path / ".plan.xlsx.0a1b2c3d.tmp", sub / ".a b.eml.ffff0000.tmp"]
    others = [
        tmp_path / ".other.xlsx.0a1b2c3d.tmp",  # a file not written now: its run may be going
        tmp_path / ".plan.xlsx.notours.tmp",
        tmp_path / "plan.xlsx.0a1b2c3d.tmp",
        tmp_path / ".plan.xlsx.0A1B2C3D.tmp",
        sub / ".plan.xlsx.0a1b2c3d.tmp",  # plan.xlsx is written in the other folder only
    ]
    for path in [*stale, *others]:
        path.write_bytes(b"half a file")
    write_files_atomically({tmp_path / "plan.xlsx": b"plan", sub / "a b.eml": b"mail"})
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in others)
    assert (tmp_path / "plan.xlsx").read_bytes() == b"plan"
    assert (sub / "a b.eml").read_bytes() == b"mail"


def test_after_a_file_is_finished_ctrl_c_says_so(tmp_path, monkeypatch):
    """A file complete before Ctrl-C (a plan saved on the web page, or one whose writing had
    just finished) stands, and the line says so rather than "nothing written"."""

    def written_then_interrupted(*args, **kwargs):
        write_atomically(tmp_path / "earlier.xlsx", lambda path: path.write_bytes(b"plan"))
        raise KeyboardInterrupt

    monkeypatch.setattr("peerpair.year.plan_year", written_then_interrupted)
    result = CliRunner().invoke(cli, ["solve", str(SAMPLE), "-o", str(tmp_path / "plan.xlsx")])
    assert result.exit_code == 130, result.output
    assert result.stderr.strip().splitlines()[-1] == (
        "Stopped: nothing more written (1 file finished before)"
    )
    assert not (tmp_path / "plan.xlsx").exists()


def test_cp_sat_leaves_ctrl_c_to_peerpair(monkeypatch):
    """CP-SAT's own Ctrl-C handling stops the search and hands back its best plan so far,
    which would then be written as if the run had finished: every search runs without it."""
    from ortools.sat.python import cp_model

    from peerpair.pairing import cp_sat

    made = []

    class Recorded(cp_model.CpSolver):
        def __init__(self):
            super().__init__()
            made.append(self)

    monkeypatch.setattr(cp_sat.cp_model, "CpSolver", Recorded)
    model = cp_model.CpModel()
    model.maximize(model.new_bool_var("x"))
    cp_sat.run(model, 1.0, 0)
    assert [solver.parameters.catch_sigint_signal for solver in made] == [False]


SEARCH_UNTIL_STOPPED = """
import random, sys
from ortools.sat.python import cp_model
from peerpair import cli, year
from peerpair.pairing import cp_sat

def search(*args, **kwargs):
    # A search that runs for many minutes: the largest set of a random graph's nodes with no
    # two joined. Python sees no Ctrl-C until it returns.
    rng = random.Random(0)
    model = cp_model.CpModel()
    nodes = [model.new_bool_var(str(n)) for n in range(1500)]
    for _ in range(15000):
        a, b = rng.sample(nodes, 2)
        model.add_bool_or([a.Not(), b.Not()])
    model.maximize(sum(nodes))
    print("searching", file=sys.stderr, flush=True)
    cp_sat.run(model, 3600.0, 0)

year.plan_year = search
sys.argv = ["peerpair", "solve", sys.argv[1], "-o", sys.argv[2]]
cli.main()
"""


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals only")
def test_ctrl_c_stops_a_search_at_once_not_when_it_returns(tmp_path):
    """Ctrl-C during a CP-SAT search stops the run then, with exit 130, not when the
    search's hour is up: the search runs in C++, where Python cannot raise
    KeyboardInterrupt."""
    plan = tmp_path / "plan.xlsx"
    with _python("-c", SEARCH_UNTIL_STOPPED, SAMPLE, plan) as run:
        while "searching" not in run.stderr.readline():
            assert run.poll() is None, run.stderr.read()
        time.sleep(1)  # well inside the search, which runs for an hour
        _, stderr = _ctrl_c(run)
    assert run.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "Stopped: nothing written"
    assert not plan.exists()


LOADING_SLOWLY = """
import sys, time
from importlib.abc import MetaPathFinder

class Slow(MetaPathFinder):
    # Loading the command line waits here, as on a slow disk, until Ctrl-C comes.
    def find_spec(self, name, path, target=None):
        if name == "peerpair.cli":
            print("loading", file=sys.stderr, flush=True)
            time.sleep(3600)

sys.meta_path.insert(0, Slow())
sys.argv = ["peerpair", "solve", sys.argv[1], "-o", sys.argv[2]]
from peerpair.__main__ import main
main()
"""


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals only")
def test_ctrl_c_while_the_command_line_loads_exits_130_without_a_traceback(tmp_path):
    """The program loads for half a second before the command line can stop itself: Ctrl-C
    then is the same line and code, not Python's KeyboardInterrupt traceback."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["peerpair"] == "peerpair.__main__:main"
    plan = tmp_path / "plan.xlsx"
    with _python("-c", LOADING_SLOWLY, SAMPLE, plan) as run:
        assert run.stderr.readline() == "loading\n"
        _, stderr = _ctrl_c(run)
    assert run.returncode == 130, stderr
    assert stderr == "Stopped: nothing written\n"
    assert not plan.exists()
