"""The page's routes: parse the request, call peerpair, show the result (SPEC 11).

Screens, in the lead's order: the workspace (template, upload, every roster and plan), a
roster (its problems, or Plan the year), planning (a progress bar), a plan (summary, cover
needed and why, half terms, calendar, downloads).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from peerpair import __version__
from peerpair.io.plan_workbook import PlanError
from peerpair.io.roster_reader import RosterError, read_roster
from peerpair.io.template import write_template
from peerpair.web import views
from peerpair.web.jobs import Jobs
from peerpair.web.planning import Proposal, plan_the_year, read_shown_plan, replan_the_year, save
from peerpair.web.security import MAX_UPLOAD_BYTES, FormToken, Guard
from peerpair.web.workspace import (
    PLAN,
    ROSTER,
    ROSTER_SUFFIXES,
    NotInWorkspace,
    Workspace,
    label,
)

STATIC = Path(__file__).parent / "static"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def make_app(folder: Path) -> Starlette:
    """The app serving the workspace in `folder` (made if missing)."""
    workspace = Workspace(folder)
    jobs = Jobs()
    # Re-plans worked out but not yet saved, by job; and the plan each became once saved.
    proposals: dict[str, Proposal] = {}
    saved: dict[str, str] = {}
    token = FormToken()
    pages = Environment(
        loader=PackageLoader("peerpair.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    pages.filters["label"] = label
    pages.globals.update(form_token=token, version=__version__, max_mb=MAX_UPLOAD_BYTES >> 20)

    def page(name: str, status: int = 200, **values) -> HTMLResponse:
        html = pages.get_template(name).render(**values)
        return HTMLResponse(html, status, headers={"cache-control": "no-store"})

    async def checked_form(request: Request):
        """The posted form, refused unless it carries this server's token."""
        form = await request.form(max_files=1, max_fields=20)
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

    async def home(request: Request) -> HTMLResponse:
        return page(
            "home.html",
            rosters=workspace.entries(ROSTER),
            plans=workspace.entries(PLAN),
            folder=workspace.folder,
        )

    async def template(request: Request) -> Response:
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
        if suffix not in ROSTER_SUFFIXES:
            return page(
                "problem.html",
                400,
                problem=f"“{given.filename}” is not a roster: peerpair reads Excel workbooks "
                "(.xlsx) and .csv files. In Excel, use Save As and choose Excel Workbook.",
            )
        content = await given.read()
        added = workspace.add(
            ROSTER, suffix, lambda path: path.write_bytes(content), {"uploaded_as": given.filename}
        )
        return RedirectResponse(f"/rosters/{added.name}", 303)

    async def roster(request: Request) -> HTMLResponse:
        found = entry(ROSTER, request.path_params["name"])
        try:
            reading = read_roster(workspace.path(found))
        except RosterError as error:
            return page(
                "roster.html", roster=found, problems=error.problems, warnings=error.warnings
            )
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

    async def roster_download(request: Request) -> Response:
        found = entry(ROSTER, request.path_params["name"])
        kind = XLSX if found.name.endswith(".xlsx") else "text/csv"
        return _download(workspace.path(found).read_bytes(), found.name, kind)

    async def plan_start(request: Request) -> Response:
        found = entry(ROSTER, request.path_params["name"])
        await checked_form(request)
        job = jobs.start(
            f"Planning the year from {found.label}",
            lambda job: plan_the_year(workspace, found, job),
        )
        return RedirectResponse(f"/jobs/{job.id}", 303)

    def shown_plan(name: str):
        found = entry(PLAN, name)
        try:
            return found, read_shown_plan(workspace, found)
        except PlanError as error:
            raise HTTPException(
                422, f"{found.label} cannot be read: " + " ".join(error.problems)
            ) from error

    def job_named(request: Request):
        found = jobs.get(request.path_params["id"])
        if found is None:
            raise HTTPException(
                404, "That piece of work is not known here: was peerpair restarted?"
            )
        return found

    async def job_page(request: Request) -> Response:
        # Shown even when the work is already done: the next poll moves on to the result.
        return page("job.html", job=job_named(request))

    async def job_progress(request: Request) -> Response:
        job = job_named(request)
        if job.done and job.error is None:
            # htmx follows this header with a full page load: the finished plan.
            return Response(status_code=204, headers={"hx-redirect": job.result})
        # 286 is htmx's "stop asking": the work failed and will not change.
        return page("job_progress.html", 286 if job.done else 200, job=job)

    async def plan(request: Request) -> HTMLResponse:
        found, shown = shown_plan(request.path_params["name"])
        return page("plan.html", plan=found, shown=shown, tab="overview")

    async def plan_half_terms(request: Request) -> HTMLResponse:
        found, shown = shown_plan(request.path_params["name"])
        tables = views.by_half_term(shown.plan, shown.names, shown.half_terms)
        return page("plan_half_terms.html", plan=found, shown=shown, tables=tables, tab="half")

    async def plan_calendar(request: Request) -> HTMLResponse:
        found, shown = shown_plan(request.path_params["name"])
        try:
            wanted = dt.date.fromisoformat(request.query_params.get("month", "") + "-01")
        except ValueError:
            wanted = None
        month = views.month(shown.plan, shown.names, wanted)
        return page("plan_calendar.html", plan=found, shown=shown, month=month, tab="calendar")

    async def during_the_year(request: Request) -> HTMLResponse:
        found, shown = shown_plan(request.path_params["name"])
        rosters = workspace.entries(ROSTER)
        return page("plan_during.html", plan=found, shown=shown, rosters=rosters, tab="during")

    async def replan_start(request: Request) -> Response:
        found, shown = shown_plan(request.path_params["name"])
        form = await checked_form(request)
        roster = entry(ROSTER, str(form.get("roster", "")))
        from_half_term = str(form.get("from_half_term", ""))
        if from_half_term not in shown.half_terms:
            raise HTTPException(400, f"Choose the half term to re-plan from ({from_half_term}?).")

        def work(job) -> str:
            proposals[job.id] = replan_the_year(workspace, roster, found, from_half_term, job)
            return f"/proposals/{job.id}"

        job = jobs.start(f"Re-planning {found.label} from {from_half_term}", work)
        return RedirectResponse(f"/jobs/{job.id}", 303)

    def proposal_named(request: Request) -> tuple[str, Proposal]:
        key = request.path_params["id"]
        if key not in proposals:
            raise HTTPException(404, "This re-plan is not known here: was peerpair restarted?")
        return key, proposals[key]

    async def proposal(request: Request) -> Response:
        key, proposed = proposal_named(request)
        if key in saved:
            return RedirectResponse(f"/plans/{saved[key]}", 303)
        return page("proposal.html", key=key, proposed=proposed)

    async def proposal_save(request: Request) -> Response:
        key, proposed = proposal_named(request)
        await checked_form(request)
        if key not in saved:  # saved once, however often the button is pressed
            added = save(
                workspace, proposed.year, proposed.roster, proposed.explanation, proposed.previous
            )
            saved[key] = added.name
        return RedirectResponse(f"/plans/{saved[key]}", 303)

    async def plan_download(request: Request) -> Response:
        found = entry(PLAN, request.path_params["name"])
        return _download(workspace.path(found).read_bytes(), found.name, XLSX)

    async def invitations_zip(request: Request) -> Response:
        found, shown = shown_plan(request.path_params["name"])
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in shown.invitations().items():
                archive.writestr(name, content)
        stem = found.name.removesuffix(".xlsx")
        return _download(buffer.getvalue(), f"{stem}-invitations.zip", "application/zip")

    async def refused(request: Request, error: HTTPException) -> Response:
        return page("problem.html", error.status_code, problem=error.detail)

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
        Route("/plans/{name}/during-the-year", during_the_year),
        Route("/plans/{name}/replan", replan_start, methods=["POST"]),
        Route("/proposals/{id}", proposal),
        Route("/proposals/{id}/save", proposal_save, methods=["POST"]),
        Route("/plans/{name}/file", plan_download),
        Route("/plans/{name}/invitations", invitations_zip),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(Guard)],
        exception_handlers={HTTPException: refused},
    )


def _download(content: bytes, name: str, kind: str) -> Response:
    # `name` is always one peerpair made, so it needs no quoting beyond the quotes.
    return Response(
        content,
        media_type=kind,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
