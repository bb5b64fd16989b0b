"""The plan's Summary: what was solved, each objective's value and whether it was proven
optimal, the time taken and the version, as (item, value) rows."""

from __future__ import annotations

from peerpair import __version__
from peerpair.pairing.roster import Roster
from peerpair.pairing.solve import Result, Stage
from peerpair.words import count


def stage_outcome(stage: Stage) -> str:
    if stage.proven:
        return f"{stage.value} (proven optimal)"
    if stage.note:
        return f"{stage.value} ({stage.note})"
    if stage.bound is None:
        return f"{stage.value} (not optimised: the time limit was reached first)"
    # The solver's bound on a count: at least 0, and never past the value found.
    if stage.maximise:
        return f"{stage.value} (time limit reached; at most {max(stage.bound, stage.value)})"
    return f"{stage.value} (time limit reached; at least {min(max(stage.bound, 0), stage.value)})"


def summary_rows(roster: Roster, result: Result) -> list[tuple[str, str]]:
    rows = [
        ("Roster", roster.source or "(unnamed)"),
        ("People", str(len(roster.people))),
        ("Half terms", ", ".join(h.name for h in roster.half_terms)),
        # Each session needed is planned or under Cover Needed (H1).
        ("Sessions needed", str(len(result.plan.sessions) + len(result.plan.cover_needed))),
        ("Sessions planned", str(len(result.plan.sessions))),
        ("Settings", _settings(roster, result.time_limit)),
    ]
    # Objectives in priority order, named rather than numbered: SPEC 3's numbers skip
    # objective 2 (changed sessions) outside a re-solve.
    rows += [
        (stage.name[:1].upper() + stage.name[1:], stage_outcome(stage)) for stage in result.stages
    ]
    if result.changes is not None:
        changed = next(s for s in result.stages if s.name == "changed sessions")
        least = (
            "the least possible"
            if changed.proven
            else "not proven to be the least possible within the time limit"
        )
        rows.append(
            (
                "Changes from the previous plan",
                f"{count(len(result.changes), 'session')} changed — {least}",
            )
        )
    proven = "yes" if result.proven_optimal else "no"
    rows += [
        ("All objectives proven optimal", proven),
        ("Time taken", f"{result.seconds:.1f} s (limit {result.time_limit:g} s)"),
        ("Seed", str(result.seed)),
        ("peerpair version", __version__),
    ]
    return rows


def _settings(roster: Roster, time_limit: float) -> str:
    s = roster.settings
    return f"Repeat Pairs {s.repeat_pairs}, Same Hub {s.same_hub}, Time Limit {time_limit:g} s"
