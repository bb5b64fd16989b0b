"""Write docs/guide/roster-format.md from the roster schema (peerpair.io.roster.schema), the
one the reader checks workbooks against and the template is written from:
`python docs/make_roster_format_page.py`. tests/test_roster_schema.py fails when the
committed page is not what this writes."""

from __future__ import annotations

from pathlib import Path

from peerpair.io.roster.schema import GENERAL, SHEETS, SheetSpec

PAGE = Path(__file__).parent / "guide" / "roster-format.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _sheet(spec: SheetSpec) -> list[str]:
    lines = [
        f"## {spec.name}",
        "",
        spec.about,
        "",
        "| column | required | what to enter |",
        "| --- | --- | --- |",
        *(f"| {c.name} | {'yes' if c.required else ''} | {_cell(c.help)} |" for c in spec.columns),
        "",
    ]
    if spec.confidential:
        lines += [
            "Other columns on this sheet are ignored, and what they hold is never quoted or "
            "copied anywhere.",
            "",
        ]
    return lines


def roster_format_page() -> str:
    lines = [
        "# The roster format",
        "",
        "<!-- Written by docs/make_roster_format_page.py from the roster schema: do not edit. -->",
        "",
        "Every sheet and column peerpair reads, as the reader checks them and `peerpair",
        "template` writes them. A `.csv` file can stand in for the Staff sheet alone (comma,",
        "semicolon or tab separated; UTF-8, UTF-16 or Windows-1252). [The roster](roster.md)",
        "has the same in brief.",
        "",
        "## On every sheet",
        "",
        *(f"- **{subject}.** {text}" for subject, text in GENERAL),
        "",
    ]
    for spec in SHEETS:
        lines += _sheet(spec)
    return "\n".join(lines)


if __name__ == "__main__":
    PAGE.write_text(roster_format_page(), encoding="utf-8")
    print(f"written to {PAGE}")
