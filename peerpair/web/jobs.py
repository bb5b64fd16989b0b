"""Work that takes seconds (planning a year) runs in a worker thread, while the page asks
every second how far it has got."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

# A long search reports every better plan it finds; the page shows the latest line only.
_MAX_LINES = 200


class Refused(Exception):
    """The work cannot be done with what the lead gave it; the message says why, in words,
    and `see` is (address, words) of the page that shows what to put right, when one does."""

    def __init__(self, message: str, see: tuple[str, str] | None = None) -> None:
        super().__init__(message)
        self.see = see


@dataclass
class Job:
    """One piece of work: its progress lines, then its result or the error that ended it."""

    id: str
    title: str
    lines: list[str] = field(default_factory=list)
    fraction: float = 0.0  # how far, 0 to 1, as the work's own lines tell it
    # A job that makes a file to download ends on a link to it (`download`), not a new page.
    download: str | None = None
    done: bool = False
    result: object = None
    error: str | None = None
    see: tuple[str, str] | None = None  # a Refused's page that shows what to put right

    @property
    def latest(self) -> str:
        return self.lines[-1] if self.lines else "Starting"


class Jobs:
    """The jobs of this server. Each runs `work(job)` in its own daemon thread, and is kept
    until the server stops: a lead starts a handful a day."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, title: str, work: Callable[[Job], object], download: str | None = None) -> Job:
        job = Job(id=secrets.token_urlsafe(12), title=title, download=download)
        with self._lock:
            self._jobs[job.id] = job

        def run() -> None:
            try:
                job.result = work(job)
            except Refused as refused:
                job.error, job.see = str(refused), refused.see
            except Exception as error:  # noqa: BLE001 - shown on the page, never a traceback
                job.error = (
                    f"peerpair stopped unexpectedly ({type(error).__name__}: {error}). Your "
                    "files were not changed. Please report this, with the roster you used."
                )
            finally:
                job.done = True

        threading.Thread(target=run, name=f"peerpair-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)


def say(job: Job, line: str, fraction: float | None = None) -> None:
    """Record a progress line (and how far the work has got, when known)."""
    job.lines = [*job.lines[-_MAX_LINES:], line]
    if fraction is not None:
        job.fraction = max(job.fraction, min(fraction, 1.0))
