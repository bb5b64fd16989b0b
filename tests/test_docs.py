"""The documentation a lead and a developer read: current with the code, and whole in itself
(a user's copy of peerpair has nothing beside it to link to)."""

import re
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").rglob("*.md")),
    ROOT / "benchmarks" / "README.md",
]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_the_rules_page_is_written_from_the_rules_peerpair_applies():
    make = runpy.run_path(str(ROOT / "docs" / "make_rules_page.py"))
    assert (ROOT / "docs" / "guide" / "rules.md").read_text(encoding="utf-8") == make[
        "rules_page"
    ](), "docs/guide/rules.md is out of date: run python docs/make_rules_page.py"


def test_the_readme_is_a_front_page():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 120


def test_every_link_stays_inside_the_project_and_leads_somewhere():
    broken = []
    for page in PAGES:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "mailto:")):
                broken.append(f"{page.relative_to(ROOT)}: {target} leaves the project")
                continue
            where = (page.parent / target).resolve()
            if not where.is_relative_to(ROOT) or not where.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target} leads nowhere in the project")
        if "../shared" in page.read_text(encoding="utf-8"):
            broken.append(f"{page.relative_to(ROOT)} names ../shared, which a user's copy lacks")
    assert broken == []
