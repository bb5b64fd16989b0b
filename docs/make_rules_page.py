"""Write docs/guide/rules.md from the rule lists themselves (peerpair.constraints), so the
page a lead reads is the rules peerpair applies: `python docs/make_rules_page.py`.
tests/test_docs.py fails when the committed page is not what this writes."""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

from peerpair.constraints import HARD_RULES, OBJECTIVES, TIER_RULES
from peerpair.constraints.changed_sessions import FewestChangedSessions

PAGE = Path(__file__).parent / "guide" / "rules.md"


def _what_it_says(rule) -> str:
    """The rule module's docstring, which states the rule and the policy sentence behind it,
    without the rule's own title in front."""
    text = inspect.getdoc(sys.modules[type(rule).__module__]) or ""
    first, *rest = [" ".join(p.split()) for p in text.split("\n\n")]
    for prefix in (f"{getattr(rule, 'code', '')} {rule.name}", rule.name, "Repeat pairs"):
        if first.casefold().startswith(prefix.strip().casefold()):
            first = first[len(prefix.strip()) :].lstrip(" :")
            break
    first = re.sub(r"^Objective \d+:?\s*", "", first)
    if first.startswith("(") and first.rstrip(".").endswith(")") and rest:
        return f"{rest[0]} {first}"  # a citation alone: the rule is the next paragraph
    if cited := re.match(r"\(([^)]*)\):\s*(.*)", first):  # "(SPEC 6): every dated ..."
        first = f"{cited[2]} ({cited[1]})"
    return first[:1].upper() + first[1:]


def rules_page() -> str:
    lines = [
        "# The rules",
        "",
        "<!-- Written by docs/make_rules_page.py from peerpair's rule lists: do not edit. -->",
        "",
        "peerpair never writes a plan that breaks a hard rule, and `peerpair check` audits any",
        "plan, including one edited by hand, against the same rules. Each rule below is",
        "quoted from the code that applies it.",
        "",
        "## Hard rules",
        "",
        *(f"- **{rule.title}.** {_what_it_says(rule)}" for rule in HARD_RULES),
        "",
        "## The other tiers",
        "",
        "Checked only when the roster or plan has that tier.",
        "",
        *(f"- **{rule.title}.** {_what_it_says(rule)}" for rule in TIER_RULES),
        "",
        "## Objectives, in priority order",
        "",
        "Each is optimised holding the values of those before it: a later one never worsens",
        "an earlier one.",
        "",
    ]
    objectives = [OBJECTIVES[0], FewestChangedSessions(None), *OBJECTIVES[1:]]
    lines += [f"{n}. {_what_it_says(o)}" for n, o in enumerate(objectives, 1)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    PAGE.write_text(rules_page(), encoding="utf-8")
