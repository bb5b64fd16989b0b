"""The report (SPEC 9, `peerpair report`): what a plan delivered, for the trust board,
governors and an inspection.

One self-contained HTML page (no scripts, nothing fetched; charts drawn by matplotlib as
inline SVG) that prints on A4, or the same tables as an Excel workbook. Every value is
escaped by the template engine, and the workbook's cells are text or numbers, never
formulas. `anonymous` names nobody: people are counted by school.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from peerpair.delivery import OUTCOMES, TOOK_PLACE, Counts, Delivery, Outcome
from peerpair.io.files import write_atomically
from peerpair.io.sheets import TableWorkbook, print_title
from peerpair.version import __version__

TITLE = "What safeguarding supervision was delivered"
COUNT_COLUMNS = (
    "People in the cycle",
    "Present",
    *(o.value for o in OUTCOMES),
    "Cover needed",
    "Received supervision",
    "Have a session",
)
_COLOURS = {
    Outcome.PLANNED: "#9ecae1",
    Outcome.HELD: "#2e7d32",
    Outcome.NOT_RECORDED: "#81c784",
    Outcome.POSTPONED: "#f9a825",
    Outcome.MISSED: "#c62828",
    Outcome.MADE_UP: "#7e57c2",
    Outcome.CANCELLED: "#9e9e9e",
}
_COVER_COLOUR = "#5d1010"
# A chart of 28 schools prints about 220 mm tall: an A4 page holds it below its heading.
_SCHOOLS_PER_CHART = 28
STATUS_NOTE = (
    "Planned: no Status, on or after {today}. Held: recorded Held. Not recorded: no Status, "
    "before {today}, so assumed to have taken place. Postponed: moved to an agreed new date. "
    "Missed: did not take place and was not made up in the half term; Made up: missed, with "
    "a make-up (which is counted under its own Status). Cover needed: a session the plan "
    "could not give. Received supervision: people present with a session that took place "
    "(share of those present in the half terms begun); Have a session: people present whom "
    "the plan gives a session not missed or cancelled."
)
MISSED_OUT_NOTE = (
    "In the plan's shared words only: absent (for the whole half term); missed and not made "
    "up; no possible supervisor, or no day left in the half term (both under Cover Needed). "
    "No reason for an absence or a change is ever given here."
)


@dataclass(frozen=True)
class Table:
    """A table of the report, as the page and the workbook show it."""

    sheet: str
    columns: tuple[str, ...]
    rows: list[list[object]] = field(default_factory=list)
    totals: frozenset[int] = frozenset()  # rows shown as totals
    text_columns: int = 1  # leading columns of text, aligned left
    grouped: bool = False  # on the page, the first column heads each group of rows


def report_tables(d: Delivery, anonymous: bool) -> dict[str, Table]:
    """Every table of the report, by its place on the page."""
    return {
        "trust": _counts_table("By half term", ("Half term",), d.trust, lambda c: []),
        "school": _counts_table("By school", ("School", "Half term"), d.by_school, _who),
        "hub": _counts_table("By hub", ("Hub", "Half term"), d.by_hub, _who),
        "missed_out": _missed_out(d, anonymous),
        "tiers": Table(
            "Other tiers",
            ("Tier", "Name", "How often", "Due", "Planned", "Held"),
            [[t.tier, t.name, t.due_per, t.due, t.planned, t.held] for t in d.tiers],
            text_columns=3,
        ),
        "training": _training(d, anonymous),
        "dsl": _dsl(d, anonymous),
    }


def _who(c: Counts) -> list[object]:
    return [c.who]


def _counts_table(sheet: str, first: tuple[str, ...], rows, who) -> Table:
    found, totals = [], set()
    for n, c in enumerate(rows):
        if c.half_term == "The year":
            totals.add(n)
        found.append(
            [
                *who(c),
                c.half_term,
                c.in_cycle,
                c.present,
                *(c.sessions.get(o, 0) for o in OUTCOMES),
                c.cover_needed,
                _share(c.received, c.share, "not begun"),
                _share(c.with_session, c.planned_share, "nobody present"),
            ]
        )
    grouped = len(first) > 1
    return Table(sheet, (*first, *COUNT_COLUMNS), found, frozenset(totals), len(first), grouped)


def _share(count: int | None, share: float | None, otherwise: str) -> str:
    if count is None or share is None:
        return otherwise
    return f"{count} ({share:.0%})"


def _missed_out(d: Delivery, anonymous: bool) -> Table:
    if anonymous:
        counted = Counter((m.half_term, m.school, m.why) for m in d.missed_out)
        order = {h: n for n, h in enumerate(d.half_terms)}
        keys = sorted(counted, key=lambda k: (order.get(k[0], len(order)), k[1], k[2]))
        return Table(
            "Missed out",
            ("Half term", "School", "Why", "People"),
            [[*k, counted[k]] for k in keys],
            text_columns=3,
        )
    return Table(
        "Missed out",
        ("Half term", "Name", "School", "Why"),
        [[m.half_term, m.name, m.school, m.why] for m in d.missed_out],
        text_columns=4,
    )


def _training(d: Delivery, anonymous: bool) -> Table:
    if anonymous:
        # Dates of someone's training could name them: only whether it came this year.
        def what(text: str) -> str:
            return "not trained" if text.startswith("not trained") else "trained during the year"

        counted = Counter((t.school, what(t.what)) for t in d.training)
        return Table(
            "Training",
            ("School", "Supervision-skills training", "People"),
            [[*k, counted[k]] for k in sorted(counted)],
            text_columns=2,
        )
    return Table(
        "Training",
        ("Name", "School", "Supervision-skills training"),
        [[t.name, t.school, t.what] for t in d.training],
        text_columns=3,
    )


def _dsl(d: Delivery, anonymous: bool) -> Table:
    if anonymous:
        counted = Counter((x.school, x.before) for x in d.dsl_lapses)
        return Table(
            "DSL training",
            ("School", "Lapses before the end of", "People"),
            [[*k, counted[k]] for k in sorted(counted)],
            text_columns=2,
        )
    return Table(
        "DSL training",
        ("Name", "School", "DSL training", "Lapses on", "Before the end of"),
        [
            [x.name, x.school, x.trained, x.lapses, x.before]  # dates, as dates in the workbook
            for x in d.dsl_lapses
        ],
        text_columns=5,
    )


# --- the page --------------------------------------------------------------------------


def report_html(d: Delivery, anonymous: bool, plan_name: str) -> str:
    """The report as one self-contained HTML page."""
    environment = Environment(
        loader=PackageLoader("peerpair.io", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    environment.filters["cell"] = _cell
    year = next(c for c in d.trust if c.half_term == "The year")
    today = f"{d.today:%d/%m/%Y}"
    figures = [
        ("people in the cycle", str(max((c.in_cycle for c in d.trust[:-1]), default=0))),
        ("sessions held or not recorded", str(sum(year.sessions[o] for o in TOOK_PLACE))),
        ("sessions still to come", str(year.sessions[Outcome.PLANNED])),
        ("sessions under Cover Needed", str(year.cover_needed)),
        ("received supervision so far", f"{year.share:.0%}" if year.share is not None else "—"),
    ]
    anonymity = " Names nobody: people are counted by school." if anonymous else ""
    return environment.get_template("report.html").render(
        title=_title(d),
        subtitle=f"As of {today}, from the plan {plan_name}.{anonymity}",
        figures=figures,
        tables=report_tables(d, anonymous),
        status_chart=Markup(_status_chart(d)),  # matplotlib's SVG, its text escaped
        coverage_charts=[Markup(chart) for chart in _coverage_charts(d)],
        status_note=STATUS_NOTE.format(today=today),
        missed_out_note=MISSED_OUT_NOTE,
        today=today,
        footer=(
            f"Made by peerpair {__version__} on the plan's Status column as of {today}. It "
            "holds no change request, no reason for an absence, and nothing from a column "
            f"peerpair does not read.{anonymity}"
        ),
    )


def _cell(value: object) -> object:
    """A table cell as the page shows it: a date day first, as the workbook shows it."""
    return f"{value:%d/%m/%Y}" if isinstance(value, date) else value


def _status_chart(d: Delivery) -> str:
    """Sessions by status per half term, stacked, with Cover Needed on top."""
    from matplotlib.figure import Figure

    rows = [c for c in d.trust if c.half_term != "The year"]
    labels = [c.half_term for c in rows]
    figure = Figure(figsize=(7.2, 2.9))
    axes = figure.add_subplot()
    bottoms = [0] * len(rows)
    for outcome in OUTCOMES:
        heights = [c.sessions.get(outcome, 0) for c in rows]
        if any(heights):
            axes.bar(labels, heights, bottom=bottoms, color=_COLOURS[outcome], label=outcome)
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    cover = [c.cover_needed for c in rows]
    if any(cover):
        axes.bar(labels, cover, bottom=bottoms, color=_COVER_COLOUR, label="Cover needed")
    axes.set_ylabel("Sessions")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    figure.subplots_adjust(left=0.08, right=0.78, bottom=0.12, top=0.95)
    return _svg(figure, "status")


def _coverage_charts(d: Delivery) -> list[str]:
    """Each school's share of people present the plan gives a session, and who received
    supervision so far, over the year: in as few charts as keep each one shorter than an A4
    page, since a chart is an image that printing cuts where the page ends."""
    rows = [c for c in d.by_school if c.half_term == "The year"]
    charts = math.ceil(len(rows) / _SCHOOLS_PER_CHART) or 1
    size = math.ceil(len(rows) / charts) or 1
    return [
        _coverage_chart(rows[start : start + size], f"coverage-{start // size}")
        for start in range(0, max(len(rows), 1), size)
    ]


def _coverage_chart(rows: list[Counts], name: str) -> str:
    from matplotlib.figure import Figure

    schools = [c.who for c in rows][::-1]
    planned = [100 * (c.planned_share or 0) for c in rows][::-1]
    received = [100 * (c.share or 0) for c in rows][::-1]
    figure = Figure(figsize=(7.2, 0.7 + 0.28 * max(len(rows), 1)))
    axes = figure.add_subplot()
    axes.barh(schools, planned, color="#9ecae1", label="Have a session")
    axes.barh(schools, received, height=0.45, color="#2e7d32", label="Received so far")
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of people present, over the year")
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="y", labelsize=8)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    figure.subplots_adjust(left=0.3, right=0.78, bottom=0.5 / figure.get_figheight() + 0.05)
    return _svg(figure, name)


def _svg(figure, name: str) -> str:
    """The figure as SVG to put inside the page: text kept as text (escaped by matplotlib),
    no date, and ids made from `name`, so two charts on one page never share one and the
    same report comes out the same."""
    from matplotlib import rc_context

    out = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": f"peerpair-{name}"}):
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    return text[text.index("<svg") :] if "<svg" in text else text


# --- writing ---------------------------------------------------------------------------


def write_report(path: str | Path, d: Delivery, anonymous: bool, plan_name: str) -> None:
    """The report as HTML, or as a workbook of the same tables when `path` ends in .xlsx;
    atomically."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        write_atomically(path, lambda p: _workbook(d, anonymous).save(p))
        return
    html = report_html(d, anonymous, plan_name)
    write_atomically(path, lambda p: p.write_text(html, encoding="utf-8"))


def _workbook(d: Delivery, anonymous: bool) -> TableWorkbook:
    workbook = TableWorkbook()
    for table in report_tables(d, anonymous).values():
        if not table.rows and table.sheet == "By hub":
            continue
        sheet = workbook.add_table(table.sheet, table.columns, table.rows)
        print_title(sheet, _title(d))  # printed for the board, each page says whose it is
    return workbook


def _title(d: Delivery) -> str:
    return f"{d.trust_name}: {TITLE.lower()}" if d.trust_name else TITLE
