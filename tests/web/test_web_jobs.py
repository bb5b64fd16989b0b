"""Planning runs in a worker thread while the page polls it: its progress lines, how far it
has got, its result, and a failure told in words instead of a traceback."""

from __future__ import annotations

import threading

from peerpair.web.jobs import Jobs, say


def wait(job) -> None:
    for _ in range(500):
        if job.done:
            return
        threading.Event().wait(0.01)
    raise AssertionError("the job never finished")


def test_a_job_reports_its_progress_then_its_result():
    release = threading.Event()

    def work(job):
        say(job, "Autumn 1 planned", 0.4)
        say(job, "an unknown step")  # how far is unknown: the bar stays where it was
        say(job, "a later stage counted afresh", 0.2)  # the bar never goes back
        release.wait(5)
        return "/plans/plan-001.xlsx"

    jobs = Jobs()
    job = jobs.start("Planning", work)
    assert jobs.get(job.id) is job
    for _ in range(500):
        if len(job.lines) == 3:
            break
        threading.Event().wait(0.01)
    assert not job.done
    assert job.latest == "a later stage counted afresh" and job.fraction == 0.4
    release.set()
    wait(job)
    assert (job.result, job.error) == ("/plans/plan-001.xlsx", None)


def test_a_failing_job_says_so_in_words():
    def work(job):
        raise ValueError("no half terms")

    job = Jobs().start("Planning", work)
    wait(job)
    assert job.result is None
    assert "stopped unexpectedly (ValueError: no half terms)" in job.error
    assert "Your files were not changed" in job.error


def test_an_unknown_job_is_none():
    assert Jobs().get("made-up") is None
