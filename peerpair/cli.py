"""The peerpair command line (SPEC 5): parse, call, print, exit code.

Exit codes: 0 done and complete; 1 a plan left sessions under Cover Needed, a check found
broken rules, or `diff` found differences; 2 bad input or usage; 130 stopped by Ctrl-C, with
nothing written. Nothing here ever shows a traceback: problems with the user's files are
reported in their words, and a failure of peerpair itself is said to be one (exit 3), with
the input untouched.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
import threading
import time
from datetime import date
from difflib import get_close_matches
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

import click

from peerpair.domain.changes import (
    TierChange,
    TierChangeKind,
    changes_between,
    moves_between,
    supervisor_ids,
    tier_changes_between,
    why_changed,
    why_moved,
)
from peerpair.domain.dates import show_day
from peerpair.domain.plan import Plan, SessionStatus
from peerpair.domain.tiers import Tier, TierSession
from peerpair.io.cells import normalise_header, parse_date, parse_seconds
from peerpair.io.files import (
    OutputError,
    open_warning,
    refuse_to_overwrite,
    stop_writing,
    write_atomically,
    write_files_atomically,
    written,
)
from peerpair.io.invitations import (
    MAIL_MERGE,
    MANIFEST,
    MESSAGES_FOLDER,
    REQUESTS_FOLDER,
    Contact,
    Sent,
    invitations,
)
from peerpair.io.plan_workbook import (
    PlanCells,
    PlanError,
    PlanReading,
    named_in,
    open_plan,
    read_plan,
    read_summary,
    when,
    write_year_plan,
)
from peerpair.io.roster_reader import RosterError, RosterReading, read_roster
from peerpair.summary import ORGANISER_EMAIL, stage_outcome, tier_counts
from peerpair.version import __version__
from peerpair.words import count

# The planner, the rules and the report writer are imported by the commands that use them:
# each takes a good part of a second to import, and `diff` or `invites` need none (issue 17).
if TYPE_CHECKING:
    from peerpair.domain.replan import Replan
    from peerpair.year import Explanation

DONE, NOT_COMPLETE, BAD_INPUT, FAILED = 0, 1, 2, 3
STOPPED = 130  # the shell's own code for a program stopped by Ctrl-C (128 + SIGINT)


class _ExistingFile(click.Path):
    """A file to read; one not there is said with the files beside it its name is near, as
    a name typed wrong usually is."""

    def convert(self, value, param, ctx):
        path = Path(value)
        folder = path.parent.resolve()
        if not path.exists() and not folder.is_dir():
            self.fail(f'There is no folder "{folder}".', param, ctx)
        if not path.exists():
            try:
                nearby = sorted(p.name for p in folder.iterdir() if p.is_file())
            except OSError:  # a folder we may not list: no guesses, the same message
                nearby = []
            near = get_close_matches(path.name, nearby, n=3, cutoff=0.6)
            meant = " or ".join(f'"{name}"' for name in near)
            guess = f" Did you mean {meant}?" if near else ""
            self.fail(f'There is no file "{path.name}" in {folder}.{guess}', param, ctx)
        return super().convert(value, param, ctx)


_existing_file = _ExistingFile(exists=True, dir_okay=False, path_type=Path)


class _Workbook(click.Path):
    """An .xlsx file to write: Excel would refuse to open a workbook under another name."""

    def convert(self, value, param, ctx):
        path = super().convert(value, param, ctx)
        if path.suffix.lower() != ".xlsx":
            self.fail(f'"{value}" must end in .xlsx: peerpair writes Excel workbooks', param, ctx)
        return path


_new_file = _Workbook(dir_okay=False, path_type=Path)


class _Seconds(click.ParamType):
    """A time limit, read as the Settings sheet reads one: click's FloatRange lets "nan"
    through, and the search would then have no time at all."""

    name = "seconds"

    def convert(self, value, param, ctx):
        try:
            return parse_seconds(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


class _Day(click.ParamType):
    """A date, day first as the roster's are (07/10/2026) or ISO (2026-10-07)."""

    name = "date"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return parse_date(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


def clock() -> date:
    """The computer's date: the default --today, and the only place peerpair reads it."""
    return date.today()


def _today_option(help_text: str):
    return click.option("--today", "today", type=_Day(), help=help_text)


class _Stop(Exception):
    """Stop with a message and an exit code."""

    def __init__(self, message: str, code: int = BAD_INPUT):
        super().__init__(message)
        self.code = code


class _Commands(click.Group):
    """Turns every way a command can stop into a message and SPEC 5's exit code."""

    def invoke(self, ctx: click.Context):
        already_written = len(written())
        try:
            return super().invoke(ctx)
        except _Stop as stop:
            if str(stop):
                click.echo(str(stop), err=True)
            ctx.exit(stop.code)
        except OutputError as error:
            click.echo(str(error), err=True)
            ctx.exit(BAD_INPUT)
        except KeyboardInterrupt:
            # Ctrl-C in Python code; `main` stops it anywhere else, CP-SAT's searches included.
            # Its files' temporaries are gone already: `write_atomically` removes them.
            click.echo(_stopped_line(written()[already_written:]), err=True)
            ctx.exit(STOPPED)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            # The reader stopped listening (`peerpair diff ... | head`): not a bug. Whatever
            # is still to be printed goes nowhere, so Python's exit does not fail on it too.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(NOT_COMPLETE)
        except Exception as error:  # noqa: BLE001 - a bug in peerpair must not become a traceback
            click.echo(
                f"peerpair stopped unexpectedly ({type(error).__name__}: {error}). Your files "
                "were not changed. Please report this, with the command you ran.",
                err=True,
            )
            ctx.exit(FAILED)


# SPEC 5's exit codes, as the README's table says them; \b keeps click from rewrapping.
_EXIT_CODES = """\b
Exit codes:
  0    done: the plan is complete, or the check found nothing broken
  1    sessions left under Cover Needed, broken rules, or plans that differ
       (a plan is still written, and the reasons are printed)
  2    bad input or usage: every problem names its sheet, Excel row and column
  3    peerpair itself failed (a bug): nothing was written; please report it
  130  stopped with Ctrl-C: nothing was written
"""


@click.group(
    cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]}, epilog=_EXIT_CODES
)
@click.version_option(__version__, prog_name="peerpair")
def cli() -> None:
    """Peer safeguarding-supervision pairings for a school trust, from its Excel roster."""


@cli.command(short_help="A blank roster: instructions, examples, drop-downs.")
@click.argument("out", type=_new_file)
def template(out: Path) -> None:
    """Write a blank roster workbook with instructions, examples and drop-downs."""
    from peerpair.io.template import write_template

    if out.exists():
        raise _Stop(f'"{out}" already exists; peerpair will not replace it. Choose a new name.')
    refuse_to_overwrite(out)
    write_template(out)
    click.echo(f"Wrote a blank roster to {out}. Fill in the Staff sheet, then run:")
    click.echo(f"  peerpair validate {out}")


@cli.command(short_help="Every problem in a roster, at once.")
@click.argument("roster", type=_existing_file)
@click.option(
    "--previous",
    type=_existing_file,
    help="The published plan: people it names who are no longer on Staff have left.",
)
def validate(roster: Path, previous: Path | None) -> None:
    """Report every problem in a roster at once."""
    reading = _read(roster, _cells(previous))
    r = reading.roster
    click.echo(
        f"{roster.name} is ready: {count(len(r.people), 'person', 'people')}, "
        f"{count(len(r.half_terms), 'half term')}, {count(len(r.absences), 'absence')}, "
        f"{count(len(r.change_requests), 'change request')}, "
        f"{count(len(r.history), 'past pair')}."
    )
    if r.has_tiers:
        click.echo(
            f"Other tiers: {count(len(r.groups), 'group')}, "
            f"{count(len(r.school_visits), 'school')}, "
            f"{count(len(r.requirements), 'requirement')}, "
            f"{count(len(r.requests), 'request')}."
        )


@cli.command(name="solve", short_help="Build the year's plan; re-plan from today with --previous.")
@click.argument("roster", type=_existing_file)
@click.option("-o", "--output", "output", type=_new_file, required=True, help="Plan to write.")
@click.option("--previous", type=_existing_file, help="Published plan to re-solve against.")
@click.option("--from", "from_half_term", help='First half term to re-plan, e.g. "Spring 1".')
@_today_option(
    "The day to plan from (default: the computer's date on a re-solve; a first solve plans "
    "the whole year). Nothing before it changes; new sessions give Notice Days' notice."
)
@click.option(
    "--time-limit",
    type=_Seconds(),
    help="The most seconds to spend looking for the best plan (default: the roster's Time "
    "Limit setting, else 60).",
)
# CP-SAT takes a 32-bit seed: a larger one would fail deep in the solver, not here.
@click.option(
    "--seed",
    type=click.IntRange(0, 2**31 - 1),
    default=0,
    show_default=True,
    help="Another seed may find another plan as good, when several are.",
)
def solve_command(
    roster: Path,
    output: Path,
    previous: Path | None,
    from_half_term: str | None,
    today: date | None,
    time_limit: float | None,
    seed: int,
) -> None:
    """Build the year's plan from a roster and write it to OUTPUT.

    With --previous, re-solve after a change or with what the plan records (Status):
    nothing before today changes, and as few sessions as possible change from today on
    (--today, default the computer's date). With --from too, half terms before --from are
    kept as published, and the re-plan starts at --from."""
    from peerpair.diagnosis.wording import sessions_need
    from peerpair.domain.replan import Replan
    from peerpair.year import explain as explain_year
    from peerpair.year import plan_year

    if from_half_term is not None and previous is None:
        raise click.UsageError("--from needs --previous: the published plan to re-solve.")
    if previous is not None and today is None:
        today = clock()
    refuse_to_overwrite(output, roster, previous)
    _refuse_to_lose_records(output, roster)
    progress = _Progress()  # from the start: reading a large roster takes seconds too
    published_cells = _cells(previous)  # read once: for its leavers, then against the roster
    r = _read(roster, published_cells).roster
    replan = None
    if previous is None and today is not None:
        # A first plan made during the year: from today, against no published plan.
        replan = Replan(r, Plan(), None, {}, today)
        _check_start(replan)
    if previous is not None:
        # Both are checked before stopping: every problem is reported in one run.
        problems = []
        if from_half_term is not None:
            from_half_term, problems = _half_term_named(r, from_half_term)
        try:
            reading = read_plan(published_cells or previous, r)
            published, names = reading.plan, reading.names
        except PlanError as error:
            problems += [f"{previous.name} cannot be used:", *error.problems]
        if problems:
            raise _Stop("\n".join(problems))
        replan = Replan(r, published, from_half_term, names, today)
        _check_start(replan)
        for person_id, (name, _) in replan.leavers.items():
            click.echo(f"{name} ({person_id}) is no longer in the roster: re-pairing.", err=True)
    if replan is not None and replan.today is not None:
        notice = (
            f"new and moved sessions from {show_day(replan.earliest)} "
            f"({count(r.settings.notice_days, 'working day')}' notice)"
        )
        begins = r.half_terms[replan.first].start
        if begins is not None and begins > replan.today:
            # --from a half term still to come: the re-plan starts there, not at today.
            later = f"; {notice}" if replan.earliest > begins else ""
            click.echo(
                f"Planning from {replan.start} ({show_day(begins)}): nothing before it "
                f"changes{later}."
            )
        else:
            click.echo(
                f"Planning from {show_day(replan.today)} ({replan.start}): nothing before "
                f"it changes; {notice}."
            )
    year = plan_year(r, replan, time_limit=time_limit, seed=seed, progress=progress)
    plan = year.plan
    progress(f"writing {output.name}")
    write_year_plan(output, year)
    click.echo(
        f"Planned {count(len(plan.effective().sessions), 'session')} for "
        f"{count(len(r.people), 'person', 'people')} over "
        f"{count(len(r.half_terms), 'half term')} in {year.pairing.seconds:.1f} s."
    )
    if year.tiered:
        click.echo(f"Other tiers: {tier_counts(r, plan, year.unscheduled)}.")
    for stage in year.pairing.stages:
        click.echo(f"  {stage.name}: {stage_outcome(stage)}")

    def name(person_id: str) -> str:
        return _name(r, replan.leavers if replan else {}, person_id)

    if year.changes is not None:
        _echo_changes(year.changes, name, year.why_changed)
        _echo_moves(year.moves, name, year.why_moved)
    if plan.cover_needed:
        click.echo(f"{sessions_need(len(plan.cover_needed))} cover:")
        for c in plan.cover_needed:
            click.echo(f"  {c.half_term}: {name(c.supervisee_id)}: {c.reason}")
        if year.cover_needs_explaining:
            _echo_explanation(explain_year(r, replan, time_limit=time_limit))
    if year.undated:
        click.echo(f"{count(len(year.undated), 'session has', 'sessions have')} no date:")
        for s, reason in year.undated:
            click.echo(f"  {s.half_term}: {reason}")
    if year.unscheduled:
        need = count(len(year.unscheduled), "need")
        click.echo(f"{need} of the other tiers could not be scheduled:")
        for unscheduled in year.unscheduled:
            click.echo(f"  {unscheduled.message}")
    for result in year.broken:
        click.echo(f"{result.rule}: BROKEN ({count(len(result.violations), 'time')})")
        for v in result.violations:
            click.echo(f"  {v.half_term}: {v.message}")
    click.echo(f"Plan written to {output}")
    if not year.complete or year.broken:
        raise _Stop("", NOT_COMPLETE)


@cli.command(short_help="Meeting requests, emails ready to send and calendar files.")
@click.argument("plan", type=_existing_file)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the invitations (made if missing).",
)
@click.option(
    "--previous",
    type=_existing_file,
    help="The plan invitations were last sent for: write only what changed since.",
)
@click.option(
    "--organiser",
    help="Email the invitations come from (default: the plan's Organiser Email).",
)
@_today_option(
    "Invite to sessions from this day on, and stamp the invitations with it (default: the "
    "computer's date); past, Missed and Cancelled sessions get no invitation."
)
def invites(
    plan: Path,
    output: Path,
    previous: Path | None,
    organiser: str | None,
    today: date | None,
) -> None:
    """Write OUTPUT/meeting-requests (one meeting request per session), OUTPUT/messages (an
    email per person, ready to send, with their requests attached), a calendar file (.ics)
    per person to import, and OUTPUT/mail-merge.csv.

    With --previous, only the sessions that changed since that plan, new sessions, and a
    cancellation for each session it had that PLAN has not. Files peerpair wrote into
    OUTPUT before that no longer apply are removed; nothing else is."""
    today = today or clock()
    problems: list[str] = []
    read: list[PlanReading] = []
    plan_cells = _cells(plan)  # read once: its sessions, then its Summary's organiser
    for path, cells in ((plan, plan_cells), (previous, None)):
        if path is None:  # both read before stopping: every problem in one run
            continue
        try:
            read.append(read_plan(cells or path, half_terms=read[0].half_terms if read else ()))
        except PlanError as error:
            problems += [f"{path.name} cannot be read:", *error.problems]
    if problems:
        raise _Stop("\n".join(problems))
    sessions = read[0].plan
    if not any(s.date for s in sessions.sessions) and not sessions.tier_sessions:
        raise _Stop(
            f"{plan.name} has no dates. Give the roster's Half Terms sheet Start and End "
            "dates and solve again: peerpair then dates every session."
        )
    organiser = organiser or read_summary(plan_cells).get(ORGANISER_EMAIL, "")
    if not organiser:
        # The calendars to import and the mail merge need no organiser: they are still made.
        click.echo(
            f"{plan.name} names no Organiser Email, the address invitations come from, so no "
            "meeting requests or emails are made: give one with --organiser, or add the "
            "Organiser Email setting (or a trust lead's Email on the Staff sheet) to the "
            "roster and solve again.",
            err=True,
        )
    contacts = _contacts(read[0])
    old_plan, old_contacts = None, []
    if previous is not None:
        old_plan, old_contacts = read[1].plan, _contacts(read[1])
        listed = {c.id for c in contacts}
        contacts += [c for c in old_contacts if c.id not in listed]
    if output.exists() and not output.is_dir():
        raise _Stop(f'Cannot write into "{output}": it is a file. Give a folder.')
    sent = _manifest(output / MANIFEST)
    made = invitations(
        sessions,
        contacts,
        list(read[0].half_terms),
        organiser=organiser,
        today=today,
        previous=old_plan,
        previous_contacts=old_contacts,
        sent=sent,
    )
    try:
        for folder in (output, output / REQUESTS_FOLDER, output / MESSAGES_FOLDER):
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _Stop(f'Cannot make the folder "{output}": {error.strerror or error}') from error
    write_files_atomically({output / name: content for name, content in made.files.items()})
    kept = _remove_stale(output, sent, made.manifest)
    write_atomically(output / MANIFEST, lambda path: path.write_bytes(made.manifest.to_json()))
    messages = sum(name.startswith(MESSAGES_FOLDER) for name in made.files)
    click.echo(
        f"Wrote to {output}: {count(made.requests, 'meeting request')} for new sessions, "
        f"{count(made.updates, 'update')}, {count(made.cancellations, 'cancellation')}; "
        f"{count(messages, 'email')} to send (in {MESSAGES_FOLDER}), "
        f"{count(len(made.calendars), 'calendar file')} to import, and {MAIL_MERGE}."
    )
    for name in kept:
        click.echo(f"Left {name} in place: it was changed after peerpair wrote it.", err=True)
    missing = [row[1] for row in made.mail_merge if row[3] and row[6]]
    if missing:
        # The first few by name; the mail merge lists them all, where a terminal would
        # scroll thousands of names past.
        named = ", ".join(missing[:_MISSING_EMAILS_NAMED])
        if len(missing) > _MISSING_EMAILS_NAMED:
            named += f" and {len(missing) - _MISSING_EMAILS_NAMED} more"
        click.echo(
            f"{count(len(missing), 'person has', 'people have')} no email in the plan "
            f"(flagged in {MAIL_MERGE}): {named}",
            err=True,
        )


_MISSING_EMAILS_NAMED = 10


def _contacts(reading: PlanReading) -> list[Contact]:
    """Everyone on a plan's People sheet, then anyone its sessions name that the sheet does
    not list (a hand-edited plan), named as its Pairings sheet names them."""
    contacts = [Contact(*row) for row in reading.contacts]
    listed = {c.id for c in contacts}
    everyone = [(s.supervisor_id, s.supervisee_id) for s in reading.plan.sessions]
    for people in everyone + [t.people for t in reading.plan.tier_sessions]:
        for person_id in people:
            if person_id not in listed:
                listed.add(person_id)
                contacts.append(Contact(person_id, reading.name_of(person_id)))
    return contacts


def _manifest(path: Path) -> Sent:
    """The manifest an earlier run left in the folder: none, or one it wrote."""
    if not path.exists():
        return Sent()
    try:
        return Sent.from_json(path.read_bytes())
    except (OSError, ValueError) as error:
        raise _Stop(
            f'"{path}" cannot be read ({error}). peerpair keeps there the list of files it '
            "wrote; move it away to start the folder afresh."
        ) from error


def _remove_stale(folder: Path, sent: Sent, now: Sent) -> list[str]:
    """Remove the files an earlier run wrote that this one did not. A file changed since it
    was written is someone's work: it is kept, and its name returned."""
    kept = []
    for name, digest in sorted(sent.files.items()):
        path = folder / name
        inside = not Path(name).is_absolute() and ".." not in Path(name).parts
        if name in now.files or not inside or not path.is_file():
            continue
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            kept.append(name)
            continue
        path.unlink()
    return kept


@cli.command(short_help="What was delivered, for the board: HTML for A4, or .xlsx.")
@click.argument("roster", type=_existing_file)
@click.argument("plan", type=_existing_file)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="REPORT.html (a page that prints on A4) or REPORT.xlsx (the same tables).",
)
@click.option("--anonymous", is_flag=True, help="Name nobody: count people by school.")
@_today_option("Count as of this day (default: the computer's date).")
def report(roster: Path, plan: Path, output: Path, anonymous: bool, today: date | None) -> None:
    """Write what the plan delivered, for the trust board, governors and an inspection:
    sessions by Status per half term, by school and hub, who missed out and why, the other
    tiers, and training."""
    from peerpair.delivery import delivery
    from peerpair.io.report import write_report

    if output.suffix.lower() not in (".html", ".htm", ".xlsx"):
        raise click.UsageError(f'"{output}" must end in .html or .xlsx.')
    refuse_to_overwrite(output, roster, plan)
    cells = _cells(plan)  # read once: for its leavers, then against the roster
    r = _read(roster, cells).roster
    try:
        reading = read_plan(cells or plan, r)
    except PlanError as error:
        raise _Stop("\n".join([f"{plan.name} cannot be read:", *error.problems])) from error
    day = today or clock()
    report = delivery(r, reading.plan, day, reading.leavers)
    write_report(output, report, anonymous, plan.name)
    click.echo(f"Wrote the report as of {day:%d/%m/%Y} to {output}")


@cli.command(short_help="Can everyone be covered? If not, who, why and what would help.")
@click.argument("roster", type=_existing_file)
@_today_option(
    "Explain the half terms from the one this day falls in (default: the computer's date)."
)
def explain(roster: Path, today: date | None) -> None:
    """Say whether every session of the year can be covered, before any plan exists: if not,
    which people and which rule, and what would cover more (exit 1 when some cannot). During
    the year, from today's half term on."""
    from peerpair.diagnosis.alerts import fragile_supervisees, mid_year_training
    from peerpair.diagnosis.wording import sessions_need
    from peerpair.domain.replan import Replan
    from peerpair.year import explain as explain_year

    r = _read(roster).roster
    replan = None
    if r.has_dates:
        replan = Replan(r, Plan(), None, {}, today or clock())
        _check_start(replan)
    explanation = explain_year(r, replan)
    diagnosis = explanation.diagnosis
    _echo_explanation(explanation)
    warnings = [*mid_year_training(r), *fragile_supervisees(r)]
    if warnings:
        click.echo("Before the half terms start:")
        for warning in warnings:
            click.echo(f"  - {warning}")
    if diagnosis.complete:
        click.echo("Everyone can have a supervisor in every half term. Plan with:")
        click.echo(f"  peerpair solve {roster} -o plan.xlsx")
        return
    fewest = sessions_need(diagnosis.cover_needed)
    if diagnosis.proven:
        click.echo(f"No plan can cover every session: {fewest} cover over the year in the best.")
    elif diagnosis.cover_needed == 0:
        click.echo(
            "The search ran out of time before it could say whether every session can be covered."
        )
    else:
        click.echo(
            f"At least {fewest} cover over the year; the search ran out of time before it "
            "could say exactly how many."
        )
    raise _Stop("", NOT_COMPLETE)


def _echo_explanation(explanation: Explanation) -> None:
    """Why sessions need cover, person by person and rule by rule, and what would cover
    more: for the lead's eyes, so change requests and Receive From lists are counted."""
    for line in explanation.lines:
        click.echo(line)
    if explanation.fixes:
        click.echo("What would cover more, best first:")
        for rank, fix in enumerate(explanation.fixes, 1):
            click.echo(f"  {rank}. {fix.line()}")
    if explanation.unjudged:
        click.echo(
            f"{count(explanation.unjudged, 'other change', 'other changes')} might cover "
            "more, but working out how many takes longer than peerpair gives it."
        )


@cli.command(short_help="What changed between two plans, by half term and tier, and why.")
@click.argument("old", type=_existing_file)
@click.argument("new", type=_existing_file)
@_today_option(
    "Warn of any difference before this day, which a re-plan never makes (default: the "
    "computer's date)."
)
def diff(old: Path, new: Path, today: date | None) -> None:
    """Show the session-level differences between two plans, every tier's, and why, in the
    plan's shared words (exit 1 when they differ)."""
    today = today or clock()
    problems, read = [], []
    for plan in (old, new):  # both read before stopping: every problem in one run
        try:
            read.append(read_plan(plan, half_terms=read[0].half_terms if read else ()))
        except PlanError as error:
            problems += [f"{plan.name} cannot be read:", *error.problems]
    if problems:
        raise _Stop("\n".join(problems))
    before, after = read[0].plan, read[1].plan
    tier_half_terms = tuple(t.half_term for t in (*before.tier_sessions, *after.tier_sessions))
    half_terms = list(dict.fromkeys(read[0].half_terms + read[1].half_terms + tier_half_terms))
    changes = changes_between(before, after, half_terms)
    moves = moves_between(before, after, half_terms)
    tier_changes = tier_changes_between(before, after, half_terms)
    if not changes and not moves and not tier_changes:
        click.echo(f"{old.name} and {new.name} have the same sessions.")
        return
    # Someone only in the other tiers' sessions is named by the People sheet.
    listed = {i: name for reading in read for i, name, _ in reading.contacts}

    def name(person_id: str) -> str:
        named = read[1] if person_id in read[1].names else read[0]
        shown = named.name_of(person_id)
        return f"{listed.get(person_id, shown) if shown == person_id else shown} ({person_id})"

    # Without a roster, someone the new plan no longer names in a half term is taken to be
    # no longer available; a date is taken to be possible still.
    named = {(s.half_term, i) for s in after.sessions for i in (s.supervisor_id, s.supervisee_id)}

    def gone(half_term: str, person_id: str) -> bool:
        return (half_term, person_id) not in named

    if changes or not tier_changes:
        _echo_changes(
            changes,
            name,
            # The re-plan that wrote the new plan knew why; without it, a guess.
            lambda c: read[1].why(c) or why_changed(c, before, after, gone),
        )
    else:
        click.echo("Every peer session keeps its supervisor.")
    _echo_moves(moves, name, lambda m: why_moved(m, lambda _: True))
    _echo_tier_changes(tier_changes, name)
    rewritten = [
        m
        for m in moves
        if m.old.date is not None
        and m.old.date < today
        and m.old.status is not SessionStatus.MISSED
    ]
    if rewritten:
        click.echo(
            f"Warning: {count(len(rewritten), 'session')} dated before {show_day(today)} "
            f"moved in {new.name}: the past should stay as it happened.",
            err=True,
        )
    raise _Stop("", NOT_COMPLETE)


_TIER_NAMES = {
    Tier.GROUP: "group supervision",
    Tier.MOP_UP: "group supervision (mop-up)",
    Tier.SCHOOL: "school sessions",
    Tier.ONE_TO_ONE: "one-to-ones",
}


def _echo_tier_changes(changes: list[TierChange], name) -> None:
    """The other tiers' sessions added, removed, moved or with other people, by half term
    and tier: for the lead, who tells those in them."""
    if not changes:
        return
    many = "sessions of the other tiers change"
    click.echo(f"{count(len(changes), 'session of the other tiers changes', many)}:")
    for (half_term, tier), in_tier in groupby(
        changes, key=lambda c: (c.session.half_term, c.session.tier)
    ):
        click.echo(f"  {half_term}, {_TIER_NAMES[tier]}:")
        for c in in_tier:
            click.echo(f"    {_tier_change_line(c, name)}")


def _tier_change_line(c: TierChange, name) -> str:
    """ "moved: Deputies, led by Ann Able (101) with ...: Tue 15/09/2026 13:30 -> ..." """

    def what(t: TierSession) -> str:
        where = ", ".join(part for part in (t.group, t.school) if part)
        others = [name(i) for i in t.people[1:]]
        led = f"led by {name(t.lead_id)}" + (f" with {', '.join(others)}" if others else "")
        return f"{where}, {led}" if where else led

    def at(t: TierSession) -> str:
        return f"{show_day(t.date)} {t.start:%H:%M}"

    if c.kind is TierChangeKind.ADDED:
        return f"added: {what(c.new)}, {at(c.new)}"
    if c.kind is TierChangeKind.REMOVED:
        return f"removed: {what(c.old)}, {at(c.old)}"
    if c.kind is TierChangeKind.MOVED:
        return f"moved: {what(c.new)}: {at(c.old)} -> {at(c.new)}"
    return f"other people at {at(c.new)}: {what(c.old)} -> {what(c.new)}"


class _Progress:
    """Shows the solver's steps on the terminal, but only once a run has taken a couple of
    seconds: a quick plan needs no commentary."""

    QUIET_SECONDS = 2.0

    def __init__(self) -> None:
        self.started = time.perf_counter()

    def __call__(self, line: str) -> None:
        elapsed = time.perf_counter() - self.started
        if elapsed >= self.QUIET_SECONDS:
            click.echo(f"  [{elapsed:5.1f} s] {line}", err=True)


def _echo_changes(changes, name, why) -> None:
    """Who changes supervisor, by half term, and why in the plan's shared words: the people
    a trust lead needs to contact."""
    if not changes:
        click.echo("No sessions change: everyone keeps their supervisor.")
        return
    click.echo(f"{count(len(changes), 'session changes', 'sessions change')}:")
    for half_term, in_half_term in groupby(changes, key=lambda c: c.half_term):
        click.echo(f"  {half_term}:")
        for c in in_half_term:
            old = " and ".join(map(name, supervisor_ids(c.old_supervisor_id))) or "nobody"
            new = " and ".join(map(name, supervisor_ids(c.new_supervisor_id))) or "nobody"
            click.echo(f"    {name(c.supervisee_id)}: supervised by {old} -> {new} ({why(c)})")


def _echo_moves(moves, name, why) -> None:
    """Sessions that keep their pair but move, by half term, and why: both people need the
    new date."""
    if not moves:
        return
    moved = count(
        len(moves), "session keeps its pair but moves", "sessions keep their pair but move"
    )
    click.echo(f"{moved}:")
    for half_term, in_half_term in groupby(moves, key=lambda m: m.new.half_term):
        click.echo(f"  {half_term}:")
        for m in in_half_term:
            click.echo(
                f"    {name(m.new.supervisor_id)} supervises {name(m.new.supervisee_id)}: "
                f"{when(m.old) or 'no date'} -> {when(m.new) or 'no date'} ({why(m)})"
            )


def _name(roster, leavers, person_id: str) -> str:
    if person_id in roster.index:
        return roster.person(person_id).label()
    return f"{leavers.get(person_id, (person_id, ''))[0]} ({person_id})"


def _check_start(replan: Replan) -> None:
    """Stop, before any planning, when today leaves nothing to re-plan."""
    from peerpair.domain.replan import NothingToReplan

    try:
        replan.start  # noqa: B018 - where the re-plan starts
    except NothingToReplan as error:
        raise _Stop(f"Nothing to plan: {error}.") from error


def _half_term_named(roster, given: str) -> tuple[str, list[str]]:
    """The roster's name for the half term `given`, or the problem with it."""
    # Matched as plan sheets match half terms: ignoring case, spaces and punctuation.
    for h in roster.half_terms:
        if normalise_header(h.name) == normalise_header(given):
            return h.name, []
    known = ", ".join(h.name for h in roster.half_terms)
    return given, [f'--from "{given}" is not a half term of the roster (they are: {known}).']


@cli.command(short_help="Audit any plan, even one edited by hand, against the rules.")
@click.argument("roster", type=_existing_file)
@click.argument("plan", type=_existing_file)
@_today_option(
    "Judge the plan as of this day (default: the computer's date): the past is not judged "
    "again, and sessions from today must name people on the roster."
)
def check(roster: Path, plan: Path, today: date | None) -> None:
    """Audit any plan, including one edited by hand, against the hard rules, as of today."""
    from peerpair.constraints import KEPT_AS_PUBLISHED
    from peerpair.year import audit

    today = today or clock()
    cells = _cells(plan)  # read once: for its leavers, then against the roster
    reading = _read(roster, cells)
    try:
        audited = read_plan(cells or plan, reading.roster)
    except PlanError as error:
        raise _Stop("\n".join([f"{plan.name} cannot be checked:", *error.problems])) from error
    _echo_warnings(audited.warnings)
    found = audit(
        reading.roster, audited.plan, zip(audited.unknown, audited.unknown_when, strict=True), today
    )
    if found.unknown:
        click.echo(f"People on the roster: BROKEN ({count(len(found.unknown), 'time')})")
        for line in found.unknown:
            click.echo(f"  {line}")
    for result in found.results:
        if result.rule == KEPT_AS_PUBLISHED:
            # The past as it happened: counted, never a broken rule (SPEC 8).
            for v in result.violations:
                click.echo(f"Before {show_day(today)}: {v.half_term}: {v.message} (not judged)")
            continue
        if not result.in_force:
            click.echo(f"{result.rule}: not in force (Repeat Pairs setting)")
        elif result.passed:
            click.echo(f"{result.rule}: passed")
        else:
            times = len(result.violations)
            click.echo(f"{result.rule}: BROKEN ({count(times, 'time')})")
            for v in result.violations:
                click.echo(f"  {v.half_term}: {v.message}")
    if found.broken:
        raise _Stop(f"{plan.name} breaks the rules {count(found.broken, 'time')}.", NOT_COMPLETE)
    click.echo(f"{plan.name} keeps every rule.")


@cli.command(short_help="Everything here in a web page, on this computer only.")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("~/peerpair"),
    show_default=True,
    help="Workspace folder: every roster and plan is kept there (made if missing).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="The port the page answers on; another if peerpair is already open.",
)
@click.option("--no-browser", is_flag=True, help="Do not open the browser.")
@_today_option("The day the page records and re-plans from (default: the computer's date).")
def serve(folder: Path, port: int, no_browser: bool, today: date | None) -> None:
    """Open peerpair's page in the browser: everything the commands do, without a terminal.
    It answers on this computer only (127.0.0.1), until Ctrl-C."""
    # Imported here: the web server's libraries are only needed by this command.
    from peerpair.web.server import address, listening_socket
    from peerpair.web.server import serve as run

    folder = folder.expanduser()
    if folder.exists() and not folder.is_dir():
        raise _Stop(f'"{folder}" is a file. Give a folder for --dir.')
    try:
        sock = listening_socket(port)
    except OSError as error:
        raise _Stop(
            f"Port {port} is in use (is peerpair already open?). Use another, e.g. --port "
            f"{port + 1 if port < 65535 else 8765}. ({error.strerror or error})"
        ) from error
    click.echo(f"peerpair is open at {address(sock)} (workspace: {folder.resolve()})")
    click.echo("Leave this window open while you use it; press Ctrl-C to stop.")
    run(folder, sock, open_browser=not no_browser, today=clock if today is None else lambda: today)


def _read(path: Path, against: PlanCells | None = None) -> RosterReading:
    """Read the roster; `against` a plan's cells, the people it names who are no longer on
    the Staff sheet have left, so a reference to one is a warning, not an error (SPEC 2, 8)."""
    from peerpair.diagnosis.alerts import lapsing_dsl_training

    _echo_warnings([w for w in [open_warning(path)] if w])
    try:
        reading = read_roster(path, leavers=named_in(against))
    except RosterError as error:
        _echo_warnings(error.warnings)
        lines = [f"{path.name} has {count(len(error.problems), 'problem')} to fix:"]
        raise _Stop("\n".join(lines + [f"  {p}" for p in error.problems])) from error
    _echo_warnings([*reading.warnings, *lapsing_dsl_training(reading.roster)])
    return reading


def _refuse_to_lose_records(output: Path, roster: Path) -> None:
    """A plan the lead has recorded the year in (a Status typed on any session) is never
    written over by a new plan: what happened would be lost, where it should be the
    --previous of a re-plan. Any other file there is replaced, as before."""
    if not output.is_file():
        return
    try:
        plan = read_plan(open_plan(output)).plan
    except PlanError:
        return  # not a plan peerpair can read: nothing recorded in it to keep
    recorded = sum(s.status is not None for s in (*plan.sessions, *plan.tier_sessions))
    if recorded:
        raise _Stop(
            f'"{output}" records what happened ({count(recorded, "session")} with a Status), '
            "which a new plan written there would lose. To re-plan with it, give it as "
            "--previous and write the new plan under another name:\n"
            f"  peerpair solve {roster} --previous {output} "
            f"-o {output.with_name(output.stem + '-v2' + output.suffix)}"
        )


def _cells(plan: Path | None) -> PlanCells | None:
    """The plan's cells, read once; None when there is no plan or it cannot be read (reading
    it again then says why)."""
    if plan is None:
        return None
    _echo_warnings([w for w in [open_warning(plan)] if w])
    try:
        return open_plan(plan)
    except PlanError:
        return None


def _echo_warnings(warnings) -> None:
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)


def main() -> None:
    """The `peerpair` program: the command line, stopped at once by Ctrl-C wherever it is."""
    _stop_on_ctrl_c()
    cli()


def _stop_on_ctrl_c() -> None:
    """Make Ctrl-C stop the run at once with exit 130, writing nothing (SPEC 5).

    Python raises KeyboardInterrupt only once control is back in Python code, which during
    a search may be a minute away. So its signal handler does nothing but wake a thread of
    our own (through the wakeup file Python writes the signal's number to, whichever thread
    the signal lands on), and that thread ends the process. CP-SAT is told not to catch
    Ctrl-C itself (pairing/cp_sat.py)."""
    if os.name == "nt":  # Windows wakes through sockets only: KeyboardInterrupt, in `_Commands`
        return
    wake, woken = os.pipe()
    os.set_blocking(woken, False)
    signal.set_wakeup_fd(woken)
    signal.signal(signal.SIGINT, lambda number, frame: None)
    threading.Thread(target=_wait_for_ctrl_c, args=(wake,), name="ctrl-c", daemon=True).start()


def _wait_for_ctrl_c(wake: int) -> None:
    while signal.SIGINT not in os.read(wake, 64):
        pass  # another signal Python handles itself
    written = stop_writing()
    sys.stdout.flush()
    click.echo(_stopped_line(written), err=True)
    sys.stderr.flush()
    os._exit(STOPPED)  # at once: the main thread may be deep in a search


def _stopped_line(written: list[Path]) -> str:
    """What Ctrl-C left: nothing, or (a plan saved on the web page, a plan whose writing had
    just finished) only the files already complete before it."""
    if not written:
        return "Stopped: nothing written"
    return f"Stopped: nothing more written ({count(len(written), 'file')} finished before)"
