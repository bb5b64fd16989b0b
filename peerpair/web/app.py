"""The page's routes: parse the request, call peerpair, show the result (SPEC 11).

Screens, in the lead's order: the workspace (template, upload, every roster and plan), a
roster (its problems, or Plan the year), planning (a progress bar), a plan (summary, cover
needed and why, half terms, calendar, check, downloads), and during the year a re-plan whose
changes are seen before it is saved.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import re
import tempfile
import threading
import zipfile
from collections.abc import Callable
from dataclasses import replace
from http import HTTPStatus
from pathlib import Path, PureWindowsPath

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from peerpair import __version__
from peerpair.constraints import KEPT_AS_PUBLISHED
from peerpair.io.files import OutputError
from peerpair.io.plan_workbook import PlanError, read_plan
from peerpair.io.recording import record_what_happened
from peerpair.io.roster_reader import RosterError, read_roster
from peerpair.io.template import write_template
from peerpair.web import views
from peerpair.web.jobs import Job, Jobs, Refused, say
from peerpair.web.planning import (
    OPENING,
    Proposal,
    ShownPlan,
    audit,
    board_report,
    plan_the_year,
    read_shown_plan,
    replan_the_year,
    save,
)
from peerpair.web.security import MAX_UPLOAD_BYTES, FormToken, Guard
from peerpair.web.workspace import (
    PLAN,
    ROSTER,
    ROSTER_SUFFIXES,
    Entry,
    NotInWorkspace,
    Workspace,
    label,
)

STATIC = Path(__file__).parent / "static"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def make_app(folder: Path, today: Callable[[], dt.date] = dt.date.today) -> ASGIApp:
    """The app serving the workspace in `folder` (made if missing). `today` is the date the
    year is recorded and re-planned from (SPEC 8): the computer's, unless given."""
    workspace = Workspace(folder)
    jobs = Jobs()
    # Re-plans worked out, by job; and the saving of each, once the lead saves it.
    proposals: dict[str, Proposal] = {}
    saving: dict[str, asyncio.Future] = {}
    # Plans as read for the page, by file name; one reader at a time, so each is read once.
    read_plans: dict[str, ShownPlan] = {}
    reading = threading.Lock()
    # Each plan's invitations, made in the background from when the plan is first shown.
    invitations: dict[tuple[str, dt.date], Job] = {}
    making = threading.Lock()
    token = FormToken()
    pages = Environment(
        loader=PackageLoader("peerpair.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    pages.filters["label"] = label
    pages.filters["blocks"] = views.explanation_blocks
    pages.globals.update(form_token=token, version=__version__, max_mb=MAX_UPLOAD_BYTES >> 20)

    def page(name: str, status: int = 200, **values) -> HTMLResponse:
        # Every page says which day it plans and records as of (SPEC 8).
        html = pages.get_template(name).render(this_day=today(), **values)
        return HTMLResponse(html, status, headers={"cache-control": "no-store"})

    async def checked_form(request: Request, max_fields: int = 20):
        """The posted form, refused unless it carries this server's token."""
        form = await request.form(max_files=1, max_fields=max_fields)
        if not token.matches(form.get(FormToken.FIELD)):
            raise HTTPException(
                403,
                "This form is out of date or came from another site. Go back, reload the "
                "page and try again.",
            )
        return form

    def entry(kind: str, name: str):
        try:
            found = workspace.entry(name)
        except NotInWorkspace:
            found = None
        if found is None or found.kind != kind:
            raise HTTPException(404, f"There is no {kind} called {name} in {workspace.folder}.")
        return found

    # Pages that read files are plain functions: Starlette runs them in its thread pool, so
    # a large roster being read never holds up the progress bar of a plan being made.
    def home(request: Request) -> HTMLResponse:
        return page(
            "home.html",
            rosters=workspace.entries(ROSTER),
            plans=workspace.entries(PLAN),
            folder=workspace.folder,
        )

    def template(request: Request) -> Response:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "roster.xlsx"
            write_template(path)
            content = path.read_bytes()
        return _download(content, "roster-template.xlsx", XLSX)

    async def upload(request: Request) -> Response:
        form = await checked_form(request)
        given = form.get("roster")
        if not isinstance(given, UploadFile) or not given.filename:
            return page("problem.html", 400, problem="Choose a roster file first.")
        # The browser's name for the file says only what kind it is, and is shown, never used.
        suffix = Path(given.filename).suffix.lower()
        content = await given.read()
        if suffix not in ROSTER_SUFFIXES:
            why = _not_a_roster(suffix, content)
            return page("problem.html", 400, problem=f"“{given.filename}”: {why}.")
        added = workspace.add(
            ROSTER, suffix, lambda path: path.write_bytes(content), {"uploaded_as": given.filename}
        )
        return RedirectResponse(f"/rosters/{added.name}", 303)

    def roster(request: Request) -> HTMLResponse:
        found = entry(ROSTER, request.path_params["name"])
        try:
            reading = read_roster(workspace.path(found))
        except RosterError as error:
            # A problem with the whole file names it: by the lead's name for it, not the
            # workspace's roster-NNN.xlsx, which they never chose.
            called = PureWindowsPath(found.note.get("uploaded_as", "")).name or found.label
            problems = [
                replace(p, sheet=called) if p.sheet == found.name else p for p in error.problems
            ]
            return page("roster.html", roster=found, problems=problems, warnings=error.warnings)
        people = sorted(reading.roster.people, key=lambda p: (p.school, p.name))
        return page(
            "roster.html",
            roster=found,
            problems=[],
            warnings=reading.warnings,
            read=reading.roster,
            people=people,
            plans=[p for p in workspace.entries(PLAN) if p.note.get("roster") == found.name],
        )

    def roster_download(request: Request) -> Response:
        found = entry(ROSTER, request.path_params["name"])
        kind = XLSX if found.name.endswith(".xlsx") else "text/csv"
        return _download(workspace.path(found).read_bytes(), found.name, kind)

    async def plan_start(request: Request) -> Response:
        found = entry(ROSTER, request.path_params["name"])
        await checked_form(request)

        def work(job: Job) -> str:
            added = plan_the_year(workspace, found, job)
            opened(added, job)
            return f"/plans/{added.name}"

        job = jobs.start(f"Planning the year from {found.label}", work)
        return RedirectResponse(f"/jobs/{job.id}", 303)

    def opened(plan_entry: Entry, job: Job) -> None:
        """Read a new plan back for the page while the progress bar is still up."""
        say(job, "Opening the plan", OPENING)
        shown_plan(plan_entry.name)
        say(job, "Done", 1.0)

    def shown_plan(name: str) -> tuple[Entry, ShownPlan]:
        """A plan read from its file. Plans are never written over, so each is read once."""
        found = entry(PLAN, name)
        with reading:
            if found.name not in read_plans:
                try:
                    read_plans[found.name] = read_shown_plan(workspace, found)
                except PlanError as error:
                    problems = " ".join(error.problems)
                    raise HTTPException(422, f"{found.label} cannot be read: {problems}") from error
            return found, read_plans[found.name]

    def job_named(request: Request):
        found = jobs.get(request.path_params["id"])
        if found is None:
            raise HTTPException(
                404, "That piece of work is not known here: was peerpair restarted?"
            )
        return found

    def job_page(request: Request) -> Response:
        # Shown even when the work is already done: the next poll moves on to the result.
        return page("job.html", job=job_named(request))

    def job_progress(request: Request) -> Response:
        job = job_named(request)
        if job.done and job.error is None and job.download is None:
            # htmx follows this header with a full page load: the finished plan.
            return Response(status_code=204, headers={"hx-redirect": job.result})
        # 286 is htmx's "stop asking": the work failed, or its file is ready to download.
        return page("job_progress.html", 286 if job.done else 200, job=job)

    def plan(request: Request) -> HTMLResponse:
        found, shown = shown_plan(request.path_params["name"])
        invitations_for(found, shown)  # ready by the time the lead asks, or nearly
        return page("plan.html", plan=found, shown=shown, tab="overview")

    def plan_half_terms(request: Request) -> HTMLResponse:
        found, shown = shown_plan(request.path_params["name"])
        tables = views.by_half_term(shown.plan, shown.names, shown.half_terms)
        return page("plan_half_terms.html", plan=found, shown=shown, tables=tables, tab="half")

    def plan_calendar(request: Request) -> HTMLResponse:
        found, shown = shown_plan(request.path_params["name"])
        try:
            wanted = dt.date.fromisoformat(request.query_params.get("month", "") + "-01")
        except ValueError:
            wanted = None
        month = views.month(shown.plan, shown.names, wanted, today())
        return page("plan_calendar.html", plan=found, shown=shown, month=month, tab="calendar")

    def during_the_year(request: Request) -> HTMLResponse:
        found, shown = shown_plan(request.path_params["name"])
        rosters = workspace.entries(ROSTER)
        # The plan's own roster first: the newest may be another trust's, or a test. An
        # updated roster is chosen on purpose (docs/guide/web-page.md: "then choose it").
        chosen = shown.roster if any(r.name == shown.roster for r in rosters) else None
        return page(
            "plan_during.html",
            plan=found,
            shown=shown,
            rosters=rosters,
            chosen=chosen or (rosters[0].name if rosters else None),
            today=today(),
            tab="during",
        )

    async def replan_start(request: Request) -> Response:
        found, shown = shown_plan(request.path_params["name"])
        form = await checked_form(request)
        roster = entry(ROSTER, str(form.get("roster", "")))
        try:
            day = dt.date.fromisoformat(str(form.get("today", "")))
        except ValueError:
            raise HTTPException(400, "Give today's date to re-plan from.") from None
        from_half_term = str(form.get("from_half_term", "")) or None
        if from_half_term is not None and from_half_term not in shown.half_terms:
            raise HTTPException(400, f"Choose the half term to re-plan from ({from_half_term}?).")

        def work(job) -> str:
            proposals[job.id] = replan_the_year(workspace, roster, found, day, from_half_term, job)
            return f"/proposals/{job.id}"

        start = from_half_term or f"{day:%-d %B %Y}"
        job = jobs.start(f"Re-planning {found.label} from {start}", work)
        return RedirectResponse(f"/jobs/{job.id}", 303)

    def proposal_named(request: Request) -> tuple[str, Proposal]:
        key = request.path_params["id"]
        if key not in proposals:
            raise HTTPException(404, "This re-plan is not known here: was peerpair restarted?")
        return key, proposals[key]

    def proposal(request: Request) -> Response:
        key, proposed = proposal_named(request)
        if key in saving and saving[key].done():
            return RedirectResponse(f"/plans/{saving[key].result().name}", 303)
        return page("proposal.html", key=key, proposed=proposed)

    async def proposal_save(request: Request) -> Response:
        key, proposed = proposal_named(request)
        await checked_form(request)
        if key not in saving:  # saved once, however often the button is pressed

            def saved() -> Entry:
                added = save(
                    workspace,
                    proposed.year,
                    proposed.roster,
                    proposed.explanation,
                    proposed.previous,
                )
                shown_plan(added.name)  # read for the page now, while the lead waits anyway
                return added

            saving[key] = asyncio.ensure_future(run_in_threadpool(saved))
        try:
            added = await saving[key]
        except Exception:
            saving.pop(key, None)  # not saved: pressing again tries again
            raise
        return RedirectResponse(f"/plans/{added.name}", 303)

    def plan_check(request: Request) -> HTMLResponse:
        found, shown = shown_plan(request.path_params["name"])
        rosters = workspace.entries(ROSTER)
        chosen = request.query_params.get("roster")
        result, problem = None, None
        if chosen:
            try:
                result = audit(workspace, found, entry(ROSTER, chosen), today())
            except Refused as refused:
                problem = str(refused)
        return page(
            "plan_check.html",
            plan=found,
            shown=shown,
            rosters=rosters,
            chosen=chosen or shown.roster,
            audit=result,
            problem=problem,
            today=today(),
            kept_as_published=KEPT_AS_PUBLISHED,
            tab="check",
        )

    async def plan_upload(request: Request) -> Response:
        form = await checked_form(request)
        given = form.get("plan")
        if not isinstance(given, UploadFile) or not given.filename:
            return page("problem.html", 400, problem="Choose a plan file first.")
        if Path(given.filename).suffix.lower() != ".xlsx":
            problem = f"“{given.filename}” is not a plan: a plan is an Excel workbook (.xlsx)."
            return page("problem.html", 400, problem=problem)
        content = await given.read()
        problem = await run_in_threadpool(_not_a_plan, given.filename, content)
        if problem:  # not kept: an unreadable plan would sit in the workspace's list for good
            return page("problem.html", 400, problem=f"Nothing was added: {problem.rstrip('.')}.")
        note = {"uploaded_as": given.filename}
        added = workspace.add(PLAN, ".xlsx", lambda path: path.write_bytes(content), note)
        return RedirectResponse(f"/plans/{added.name}/check", 303)

    def record_page(request: Request) -> HTMLResponse:
        found, shown = shown_plan(request.path_params["name"])
        half_term = request.query_params.get("half_term")
        if half_term not in shown.half_terms:
            half_term = views.half_term_of(shown.plan, shown.half_terms, today())
        return recording(found, shown, half_term)

    def recording(found, shown, half_term, values=None, problems=(), status=200):
        sessions = views.recordable(shown.plan, shown.names, half_term)
        return page(
            "plan_record.html",
            status,
            plan=found,
            shown=shown,
            tab="record",
            half_term=half_term,
            sessions=sessions,
            values=values or {},
            problems=problems,
            today=today(),
        )

    async def record_save(request: Request) -> Response:
        found, shown = shown_plan(request.path_params["name"])
        form = await checked_form(request, max_fields=_MAX_RECORDED)
        half_term = str(form.get("half_term", ""))
        if half_term not in shown.half_terms:
            raise HTTPException(400, f"{found.label} has no half term called {half_term}.")
        sessions = views.recordable(shown.plan, shown.names, half_term)
        given = {
            n: {k: str(form.get(f"{k}-{n}", "")).strip() for k in ("status", "date", "start")}
            for n in range(len(sessions))
        }
        records, problems = views.recorded(sessions, given)
        if not problems and not records:
            problems = ["No Status was changed."]
        if problems:
            return recording(found, shown, half_term, given, problems, 400)
        note = {k: v for k, v in found.note.items() if k not in ("made", "uploaded_as")}
        note |= {"previous": found.name, "recorded": half_term}
        source = workspace.path(found)
        added = await run_in_threadpool(
            workspace.add,
            PLAN,
            ".xlsx",
            lambda path: record_what_happened(source, path, records),
            note,
        )
        return RedirectResponse(f"/plans/{added.name}/during-the-year", 303)

    def plan_download(request: Request) -> Response:
        found = entry(PLAN, request.path_params["name"])
        return _download(workspace.path(found).read_bytes(), found.name, XLSX)

    def report(request: Request) -> Response:
        found, shown = shown_plan(request.path_params["name"])
        rosters = workspace.entries(ROSTER)
        chosen = shown.roster
        if chosen is None and rosters:
            chosen = rosters[0].name  # a plan added by hand: the newest roster
        if chosen is None:
            raise HTTPException(
                400, "Check a roster on your workspace first: the report counts against it."
            )
        anonymous = request.query_params.get("for") == "governors"
        try:
            html = board_report(workspace, found, entry(ROSTER, chosen), today(), anonymous)
        except Refused as refused:
            raise HTTPException(422, str(refused)) from refused
        stem = found.name.removesuffix(".xlsx")
        name = f"{stem}-report{'-for-governors' if anonymous else ''}.html"
        # A download, opened from the lead's disk: the page itself never shows it.
        return _download(html.encode(), name, "text/html; charset=utf-8")

    def invitations_zip(request: Request) -> Response:
        found, shown = shown_plan(request.path_params["name"])
        job = invitations_for(found, shown)
        if job.done and job.error is None:
            stem = found.name.removesuffix(".xlsx")
            return _download(job.result, f"{stem}-invitations.zip", "application/zip")
        return RedirectResponse(f"/jobs/{job.id}", 303)

    def invitations_for(found: Entry, shown: ShownPlan) -> Job:
        """The work of making a plan's invitations (a calendar file per person takes seconds
        at 1,000 people), started once, when the plan is first shown."""
        # Invitations are for the sessions from today on: a new day, new invitations.
        key = (found.name, today())
        with making:
            if key not in invitations:

                def work(job: Job) -> bytes:
                    say(job, "Writing a calendar file for each person")
                    buffer = io.BytesIO()
                    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                        for name, content in shown.invitations(key[1]).items():
                            archive.writestr(name, content)
                    say(job, "Ready", 1.0)
                    return buffer.getvalue()

                title = f"Preparing the invitations for {found.label}"
                download = f"/plans/{found.name}/invitations"
                invitations[key] = jobs.start(title, work, download)
            return invitations[key]

    async def refused(request: Request, error: HTTPException) -> Response:
        problem = error.detail
        if error.status_code in (404, 405) and problem == HTTPStatus(error.status_code).phrase:
            # Starlette's own words ("Not Found", "Method Not Allowed"): an address typed,
            # kept from an earlier visit, or a form's address opened again.
            problem = "There is no page at this address. Start again from your workspace."
        return page("problem.html", error.status_code, problem=problem)

    async def not_written(request: Request, error: OutputError) -> Response:
        return page("problem.html", 500, problem=str(error))

    async def failed(request: Request, error: Exception) -> Response:
        # A bug in peerpair: said to be one, in words, never as a traceback.
        problem = (
            f"peerpair stopped unexpectedly ({type(error).__name__}: {error}). Your files were "
            "not changed. Please report this, with what you were doing."
        )
        return page("problem.html", 500, problem=problem)

    handlers = {HTTPException: refused, OutputError: not_written, Exception: failed}
    routes = [
        Route("/", home),
        Route("/template", template),
        Route("/rosters", upload, methods=["POST"]),
        Route("/rosters/{name}", roster),
        Route("/rosters/{name}/file", roster_download),
        Route("/rosters/{name}/plan", plan_start, methods=["POST"]),
        Route("/jobs/{id}", job_page),
        Route("/jobs/{id}/progress", job_progress),
        Route("/plans/{name}", plan),
        Route("/plans/{name}/half-terms", plan_half_terms),
        Route("/plans/{name}/calendar", plan_calendar),
        Route("/plans", plan_upload, methods=["POST"]),
        Route("/plans/{name}/check", plan_check),
        Route("/plans/{name}/record", record_page),
        Route("/plans/{name}/record", record_save, methods=["POST"]),
        Route("/plans/{name}/during-the-year", during_the_year),
        Route("/plans/{name}/replan", replan_start, methods=["POST"]),
        Route("/proposals/{id}", proposal),
        Route("/proposals/{id}/save", proposal_save, methods=["POST"]),
        Route("/plans/{name}/file", plan_download),
        Route("/plans/{name}/invitations", invitations_zip),
        Route("/plans/{name}/report", report),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    # Guarded outside everything, Starlette's own error page included.
    return Guard(Starlette(routes=routes, exception_handlers=handlers))


# A half term's sessions, three fields each (a trust of 1,000 has 1,000 peer sessions a half
# term and its other tiers' too), and the token.
_MAX_RECORDED = 10_000


def _not_a_roster(suffix: str, content: bytes) -> str:
    """Why the roster reader refuses a file of this kind (a LibreOffice .ods has its own
    advice), asked of a copy in a folder of its own: such a file is not kept."""
    if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
        suffix = ".unknown"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"roster{suffix}"
        path.write_bytes(content)
        try:
            read_roster(path)
        except RosterError as error:
            return error.problems[0].message
    raise AssertionError(f"the roster reader took a {suffix} file")


def _not_a_plan(filename: str, content: bytes) -> str:
    """Why the plan reader refuses this file ("" when it reads it), asked of a copy under
    the lead's own file name, so that the reader's words name the file they chose."""
    name = re.sub(r"[^\w .()'-]", "_", PureWindowsPath(filename).name) or "plan.xlsx"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            read_plan(path)
        except PlanError as error:
            return " ".join(error.problems)
    return ""


def _download(content: bytes, name: str, kind: str) -> Response:
    # `name` is always one peerpair made, so it needs no quoting beyond the quotes.
    return Response(
        content,
        media_type=kind,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
