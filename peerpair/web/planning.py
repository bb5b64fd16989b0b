"""Planning a year from a roster in the workspace, and reading a plan back to show it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PureWindowsPath

from peerpair import (
    Explanation,
    PlanError,
    Replan,
    YearPlan,
    explain,
    plan_year,
    read_plan,
    write_plan,
)
from peerpair.delivery import delivery
from peerpair.domain.changes import supervisor_ids
from peerpair.domain.dates import show_day
from peerpair.domain.plan import Plan
from peerpair.domain.replan import NothingToReplan
from peerpair.io.invitations import Contact, invitations
from peerpair.io.plan_workbook import PlanCells, named_in, open_plan, when
from peerpair.io.report import report_html
from peerpair.io.roster_reader import RosterError, read_roster
from peerpair.summary import ORGANISER_EMAIL
from peerpair.web.jobs import Job, Refused, say
from peerpair.web.workspace import PLAN, Entry, Workspace
from peerpair.words import count
from peerpair.year import Audit as Found
from peerpair.year import audit as audit_as_of

# How far planning has got when its lines name each step, after the half terms.
_STEPS = (("on the calendar", 0.6), ("other tiers", 0.66), ("checking", 0.7))
_HALF_TERMS_SHARE = 0.55
# Then the plan is saved, and read back for the page (each a few seconds at 1,000 people).
SAVING, OPENING = 0.75, 0.88


def plan_the_year(workspace: Workspace, roster: Entry, job: Job) -> Entry:
    """Plan the year from `roster` into a new plan file."""
    r = _read(workspace, roster, job)
    year = plan_year(r, progress=_progress(job, r))
    explanation = _explanation(year, job)
    say(job, "Saving the plan", SAVING)
    return save(workspace, year, roster, explanation)


@dataclass(frozen=True)
class Proposal:
    """A re-plan worked out but not yet saved: the lead sees its changes first."""

    year: YearPlan
    roster: Entry
    previous: Entry
    # half term, supervisee, was supervised by, now supervised by, why: by name
    changes: list[tuple[str, str, str, str, str]]
    # half term, supervisor, supervisee, was, now, why
    moves: list[tuple[str, str, str, str, str, str]]
    explanation: dict


def replan_the_year(
    workspace: Workspace,
    roster: Entry,
    previous: Entry,
    today: dt.date,
    from_half_term: str | None,
    job: Job,
) -> Proposal:
    """Re-plan against the published plan `previous` from `today` (SPEC 8: nothing before it
    changes, make-ups for what was missed), or from the start of `from_half_term`, with as
    few changes as possible; nothing is written until the lead saves it."""
    cells = _cells(workspace, previous)  # read once: for its leavers, then against the roster
    r = _read(workspace, roster, job, against=cells)
    try:
        reading = read_plan(cells or workspace.path(previous), r)
        published, names = reading.plan, reading.names
    except PlanError as error:
        problems = " ".join(error.problems)
        message = f"{previous.label} cannot be re-planned with {roster.label}: {problems}"
        raise Refused(message) from error
    if from_half_term is not None and from_half_term not in [h.name for h in r.half_terms]:
        raise Refused(f"{roster.label} has no half term called {from_half_term}.")
    replan = Replan(r, published, from_half_term, names, today)
    try:
        say(job, f"Re-planning from {show_day(today)} ({replan.start})")
    except NothingToReplan as error:
        raise Refused(f"Nothing to re-plan: {error}.") from error
    year = plan_year(r, replan, progress=_progress(job, r))
    explanation = _explanation(year, job)
    say(job, "Done", 1.0)

    def name(person_id: str) -> str:
        if person_id in r.index:
            return r.person(person_id).label()
        return f"{replan.leavers.get(person_id, (person_id, ''))[0]} ({person_id})"

    def supervised_by(supervisor: str) -> str:
        return " and ".join(map(name, supervisor_ids(supervisor))) or "nobody"

    changes = [
        (
            c.half_term,
            name(c.supervisee_id),
            supervised_by(c.old_supervisor_id),
            supervised_by(c.new_supervisor_id),
            year.why_changed(c),
        )
        for c in year.changes or ()
    ]
    moves = [
        (
            m.new.half_term,
            name(m.new.supervisor_id),
            name(m.new.supervisee_id),
            when(m.old) or "no date",
            when(m.new) or "no date",
            year.why_moved(m),
        )
        for m in year.moves
    ]
    return Proposal(year, roster, previous, changes, moves, explanation)


def save(
    workspace: Workspace,
    year: YearPlan,
    roster: Entry,
    explanation: dict,
    previous: Entry | None = None,
) -> Entry:
    """Write `year` as a new plan file, noting what the page shows beside it."""
    note = {
        "roster": roster.name,
        "complete": year.complete,
        "summary": [[str(item), str(value)] for item, value in year.summary],
        "undated": [f"{s.half_term}: {reason}" for s, reason in year.undated],
        "unscheduled": [u.message for u in year.unscheduled],
        "explanation": explanation,
    }
    if previous is not None:
        note["previous"] = previous.name
    return workspace.add(PLAN, ".xlsx", lambda path: write_plan(path, year), note)


def _explanation(year: YearPlan, job: Job) -> dict:
    """Why sessions need cover and what would help, when some do: it takes seconds, so it
    is worked out with the plan, not when the page is shown."""
    if not year.cover_needs_explaining:
        return {}
    say(job, "Some sessions need cover: working out why, and what would help")
    return _explained(explain(year.roster, year.replan))


def _read(workspace: Workspace, roster: Entry, job: Job | None, against: PlanCells | None = None):
    """The roster, named as the lead knows it; Refused when it has problems to fix. Read
    `against` a plan, as the command line reads it: someone the plan names who is no longer
    on the Staff sheet has left, so a reference to them is a warning, not a problem
    (SPEC 2, 8)."""
    if job is not None:
        say(job, f"Reading {roster.label}")
    try:
        r = read_roster(workspace.path(roster), leavers=named_in(against)).roster
    except RosterError as error:
        problems = count(len(error.problems), "problem")
        raise Refused(
            f"{roster.label} has {problems} to fix first: see its page.",
            see=(f"/rosters/{roster.name}", f"Open {roster.label}"),
        ) from error
    # The Summary names the roster as the lead knows it, not by its number in the workspace.
    uploaded_as = PureWindowsPath(roster.note.get("uploaded_as", "")).name
    return r.model_copy(update={"source": uploaded_as or roster.name})


def _cells(workspace: Workspace, plan: Entry) -> PlanCells | None:
    """The plan's cells, read once; None when it cannot be read (reading it again then says
    why, in the caller's words)."""
    try:
        return open_plan(workspace.path(plan))
    except PlanError:
        return None


def _progress(job: Job, roster):
    """plan_year's progress lines, as the job's lines and how far it has got."""
    half_terms = [h.name for h in roster.half_terms]

    def progress(line: str) -> None:
        fraction = None
        for n, name in enumerate(half_terms, 1):
            if line.startswith(f"{name} planned"):
                fraction = _HALF_TERMS_SHARE * n / len(half_terms)
        for words, share in _STEPS:
            if words in line:
                fraction = share
        say(job, line[:1].upper() + line[1:], fraction)

    return progress


def _explained(explanation: Explanation) -> dict:
    """What `peerpair explain` prints: the reasons, the fixes best first, and what was not
    worked out in time."""
    unjudged = ""
    if explanation.unjudged:
        unjudged = (
            f"{count(explanation.unjudged, 'other change', 'other changes')} might cover "
            "more, but working out how many takes longer than peerpair gives it."
        )
    return {
        "lines": list(explanation.lines),
        "fixes": [fix.line() for fix in explanation.fixes],
        "unjudged": unjudged,
    }


@dataclass
class ShownPlan:
    """A plan as read back from its file, with what the workspace noted when it was made."""

    entry: Entry
    plan: Plan
    names: dict[str, tuple[str, str]]
    half_terms: list[str]
    contacts: list[Contact] = field(default_factory=list)

    @property
    def summary(self) -> list[list[str]]:
        return self.entry.note.get("summary", [])

    @property
    def explanation(self) -> dict:
        return self.entry.note.get("explanation", {})

    @property
    def undated(self) -> list[str]:
        return self.entry.note.get("undated", [])

    @property
    def unscheduled(self) -> list[str]:
        return self.entry.note.get("unscheduled", [])

    @property
    def roster(self) -> str | None:
        return self.entry.note.get("roster")

    @property
    def complete(self) -> bool:
        return not (self.plan.cover_needed or self.undated or self.unscheduled)

    def name(self, person_id: str) -> str:
        return self.names.get(person_id, (person_id, ""))[0] or person_id

    def invitations(self, today: dt.date) -> dict[str, bytes]:
        """Every file of the invitations from `today` on, by name (as `peerpair invites`
        writes them): a meeting request per session and an email per person when the plan
        names its Organiser Email, a calendar per person, the mail merge."""
        organiser = dict(map(tuple, self.summary)).get(ORGANISER_EMAIL, "")
        made = invitations(
            self.plan, self.contacts, self.half_terms, organiser=organiser, today=today
        )
        return made.files


@dataclass(frozen=True)
class Audit:
    """A plan checked against a roster, rule by rule, as `peerpair check` prints it."""

    roster: Entry
    found: Found
    warnings: tuple[str, ...] = ()  # names that contradict their IDs


def audit(workspace: Workspace, plan: Entry, roster: Entry, today: dt.date) -> Audit:
    """Check `plan` against `roster`'s hard rules as of `today`, as `peerpair check` does;
    Refused when either cannot be read."""
    cells = _cells(workspace, plan)
    r = _read(workspace, roster, None, against=cells)
    try:
        reading = read_plan(cells or workspace.path(plan), r)
    except PlanError as error:
        raise Refused(f"{plan.label} cannot be checked: " + " ".join(error.problems)) from error
    found = audit_as_of(
        r, reading.plan, zip(reading.unknown, reading.unknown_when, strict=True), today
    )
    return Audit(roster, found, reading.warnings)


def board_report(
    workspace: Workspace, plan: Entry, roster: Entry, today: dt.date, anonymous: bool
) -> str:
    """The report for the trust board (SPEC 9) of what `plan` delivered as of `today`, as
    `peerpair report` writes it: one self-contained HTML page."""
    cells = _cells(workspace, plan)
    r = _read(workspace, roster, None, against=cells)
    try:
        reading = read_plan(cells or workspace.path(plan), r)
    except PlanError as error:
        raise Refused(f"{plan.label} cannot be read: " + " ".join(error.problems)) from error
    return report_html(delivery(r, reading.plan, today, reading.leavers), anonymous, plan.name)


def read_shown_plan(workspace: Workspace, entry: Entry) -> ShownPlan:
    path = workspace.path(entry)
    reading = read_plan(path)
    plan, half_terms = reading.plan, list(reading.half_terms)
    names = {i: (reading.name_of(i), school) for i, (_, school) in reading.names.items()}
    contacts = [Contact(*row) for row in reading.contacts]
    listed = {c.id for c in contacts}
    for person_id in names:
        if person_id not in listed:
            contacts.append(Contact(person_id, names[person_id][0]))
    return ShownPlan(entry, plan, names, half_terms, contacts)
