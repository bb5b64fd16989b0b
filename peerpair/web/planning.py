"""Planning a year from a roster in the workspace, and reading a plan back to show it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PureWindowsPath

from peerpair import Explanation, explain, plan_year, write_plan
from peerpair.domain.plan import Plan
from peerpair.io.invitations import Contact, invitations
from peerpair.io.plan_workbook import read_contacts, read_plan_alone
from peerpair.io.roster_reader import read_roster
from peerpair.summary import ORGANISER_EMAIL
from peerpair.web.jobs import Job, say
from peerpair.web.workspace import PLAN, Entry, Workspace
from peerpair.words import count

# How far planning has got when its lines name each step, after the half terms.
_STEPS = (("on the calendar", 0.8), ("other tiers", 0.88), ("checking", 0.94))
_HALF_TERMS_SHARE = 0.75


def plan_the_year(workspace: Workspace, roster: Entry, job: Job) -> str:
    """Plan the year from `roster` into a new plan file; return the plan's page."""
    say(job, f"Reading {roster.label}")
    r = read_roster(workspace.path(roster)).roster
    # The Summary names the roster as the lead knows it, not by its number in the workspace.
    uploaded_as = PureWindowsPath(roster.note.get("uploaded_as", "")).name
    r = r.model_copy(update={"source": uploaded_as or roster.name})
    half_terms = [h.name for h in r.half_terms]

    def progress(line: str) -> None:
        fraction = None
        for n, name in enumerate(half_terms, 1):
            if line.startswith(f"{name} planned"):
                fraction = _HALF_TERMS_SHARE * n / len(half_terms)
        for words, share in _STEPS:
            if words in line:
                fraction = share
        say(job, line[:1].upper() + line[1:], fraction)

    year = plan_year(r, progress=progress)
    note = {
        "roster": roster.name,
        "complete": year.complete,
        "summary": [[str(item), str(value)] for item, value in year.summary],
        "undated": [f"{s.half_term}: {reason}" for s, reason in year.undated],
        "unscheduled": [u.message for u in year.unscheduled],
    }
    if year.plan.cover_needed:
        say(job, "Some sessions need cover: working out why, and what would help")
        note["explanation"] = _explained(explain(r))
    say(job, "Saving the plan", 0.98)
    added = workspace.add(PLAN, ".xlsx", lambda path: write_plan(path, year), note)
    say(job, "Done", 1.0)
    return f"/plans/{added.name}"


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

    def invitations(self) -> dict[str, bytes]:
        """Every file of the invitations, by name (as `peerpair invites` writes them): a
        meeting request per session and an email per person when the plan names its
        Organiser Email, a calendar per person, the mail merge."""
        organiser = dict(map(tuple, self.summary)).get(ORGANISER_EMAIL, "")
        today = dt.date.today()
        made = invitations(
            self.plan, self.contacts, self.half_terms, organiser=organiser, today=today
        )
        return made.files


def read_shown_plan(workspace: Workspace, entry: Entry) -> ShownPlan:
    path = workspace.path(entry)
    plan, names, half_terms = read_plan_alone(path)
    contacts = [Contact(*row) for row in read_contacts(path)]
    listed = {c.id for c in contacts}
    for person_id in names:
        if person_id not in listed:
            contacts.append(Contact(person_id, names[person_id][0]))
    return ShownPlan(entry, plan, names, half_terms, contacts)
