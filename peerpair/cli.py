"""The peerpair command line (SPEC 5): parse, call, print, exit code.

Exit codes: 0 done and complete; 1 a plan left sessions under Cover Needed, or a check found
broken rules; 2 bad input or usage. Nothing here ever shows a traceback: problems with
the user's files are reported in their words, and a failure of peerpair itself is said
to be one (exit 3), with the input untouched.
"""

from __future__ import annotations

from pathlib import Path

import click

from peerpair import __version__
from peerpair.constraints import check_plan
from peerpair.io.files import OutputError, refuse_to_overwrite
from peerpair.io.plan_workbook import PlanError, read_plan, write_plan
from peerpair.io.roster_reader import RosterError, RosterReading, read_roster
from peerpair.io.template import write_template
from peerpair.pairing.alerts import lapsing_dsl_training
from peerpair.pairing.solve import Status, solve
from peerpair.pairing.summary import stage_outcome, summary_rows

DONE, NOT_COMPLETE, BAD_INPUT, FAILED = 0, 1, 2, 3

_existing_file = click.Path(exists=True, dir_okay=False, path_type=Path)
_new_file = click.Path(dir_okay=False, path_type=Path)


class _Stop(Exception):
    """Stop with a message and an exit code."""

    def __init__(self, message: str, code: int = BAD_INPUT):
        super().__init__(message)
        self.code = code


class _Commands(click.Group):
    """Turns every way a command can stop into a message and SPEC 5's exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except _Stop as stop:
            if str(stop):
                click.echo(str(stop), err=True)
            ctx.exit(stop.code)
        except OutputError as error:
            click.echo(str(error), err=True)
            ctx.exit(BAD_INPUT)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as error:  # noqa: BLE001 - a bug in peerpair must not become a traceback
            click.echo(
                f"peerpair stopped unexpectedly ({type(error).__name__}: {error}). Your files "
                "were not changed. Please report this, with the command you ran.",
                err=True,
            )
            ctx.exit(FAILED)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="peerpair")
def cli() -> None:
    """Peer safeguarding-supervision pairings for a school trust, from its Excel roster."""


@cli.command()
@click.argument("out", type=_new_file)
def template(out: Path) -> None:
    """Write a blank roster workbook with instructions, examples and drop-downs."""
    if out.exists():
        raise _Stop(f'"{out}" already exists; peerpair will not replace it. Choose a new name.')
    refuse_to_overwrite(out)
    write_template(out)
    click.echo(f"Wrote a blank roster to {out}. Fill in the Staff sheet, then run:")
    click.echo(f"  peerpair validate {out}")


@cli.command()
@click.argument("roster", type=_existing_file)
def validate(roster: Path) -> None:
    """Report every problem in a roster at once."""
    reading = _read(roster)
    r = reading.roster
    click.echo(
        f"{roster.name} is ready: {len(r.people)} people, {len(r.half_terms)} half terms, "
        f"{len(r.absences)} absences, {len(r.change_requests)} change requests, "
        f"{len(r.history)} past pairs."
    )


@cli.command(name="solve")
@click.argument("roster", type=_existing_file)
@click.option("-o", "--output", "output", type=_new_file, required=True, help="Plan to write.")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), help="Seconds.")
@click.option("--seed", type=int, default=0, show_default=True, help="Search seed.")
def solve_command(roster: Path, output: Path, time_limit: float | None, seed: int) -> None:
    """Build the year's plan from a roster and write it to OUTPUT."""
    refuse_to_overwrite(output, roster)
    reading = _read(roster)
    result = solve(reading.roster, time_limit=time_limit, seed=seed)
    write_plan(
        output,
        reading.roster,
        result.plan,
        list(result.checks),
        summary_rows(reading.roster, result),
    )
    plan = result.plan
    click.echo(
        f"Planned {len(plan.sessions)} sessions for {len(reading.roster.people)} people "
        f"over {len(reading.roster.half_terms)} half terms in {result.seconds:.1f} s."
    )
    for stage in result.stages:
        click.echo(f"  {stage.name}: {stage_outcome(stage)}")
    if result.status is Status.COVER_NEEDED:
        click.echo(f"{len(plan.cover_needed)} sessions need cover:")
        for c in plan.cover_needed:
            click.echo(
                f"  {c.half_term}: {reading.roster.person(c.supervisee_id).label()}: {c.reason}"
            )
    click.echo(f"Plan written to {output}")
    if result.status is Status.COVER_NEEDED:
        raise _Stop("", NOT_COMPLETE)


@cli.command()
@click.argument("roster", type=_existing_file)
@click.argument("plan", type=_existing_file)
def check(roster: Path, plan: Path) -> None:
    """Audit any plan, including one edited by hand, against the hard rules."""
    reading = _read(roster)
    try:
        audited = read_plan(plan, reading.roster)
    except PlanError as error:
        raise _Stop("\n".join([f"{plan.name} cannot be checked:", *error.problems])) from error
    results = check_plan(reading.roster, audited)
    for result in results:
        if not result.in_force:
            click.echo(f"{result.rule}: not in force (Repeat Pairs setting)")
        elif result.passed:
            click.echo(f"{result.rule}: passed")
        else:
            click.echo(f"{result.rule}: BROKEN {len(result.violations)} times")
            for v in result.violations:
                click.echo(f"  {v.half_term}: {v.message}")
    broken = sum(len(r.violations) for r in results)
    if broken:
        raise _Stop(f"{plan.name} breaks the rules {broken} times.", NOT_COMPLETE)
    click.echo(f"{plan.name} keeps every rule.")


def _read(path: Path) -> RosterReading:
    try:
        reading = read_roster(path)
    except RosterError as error:
        _echo_warnings(error.warnings)
        lines = [f"{path.name} has {len(error.problems)} problem(s) to fix:"]
        raise _Stop("\n".join(lines + [f"  {p}" for p in error.problems])) from error
    _echo_warnings([*reading.warnings, *lapsing_dsl_training(reading.roster)])
    return reading


def _echo_warnings(warnings) -> None:
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)


main = cli
