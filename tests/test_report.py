"""`peerpair report` (SPEC 9): what a plan delivered as of today, for the trust board,
governors and an inspection. The counts are checked against a plan whose every session's
outcome is worked out by hand below; the page is parsed back; privacy markers put in every
private column never reach it."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from datetime import date, datetime, time
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

import peerpair.cli
from peerpair.delivery import (
    ABSENT,
    MISSED_NOT_MADE_UP,
    NO_DAY_LEFT_IN_TIME,
    NO_POSSIBLE_SUPERVISOR,
    Outcome,
    delivery,
)
from peerpair.domain.plan import CoverNeeded, Plan, Session, SessionStatus
from peerpair.domain.roster import Absence, HalfTerm, Person, Roster
from peerpair.domain.tiers import Group, Selector, Tier, TierSession
from peerpair.io.report import report_html, write_report
from peerpair.pairing.solve import NO_DAY_LEFT
from tests.test_cli import run, write_xlsx

TODAY = date(2026, 11, 20)  # in Autumn 2
HALF_TERMS = (
    HalfTerm(name="Autumn 1", start=date(2026, 9, 2), end=date(2026, 10, 23)),
    HalfTerm(name="Autumn 2", start=date(2026, 11, 2), end=date(2026, 12, 18)),
    HalfTerm(name="Spring 1", start=date(2027, 1, 4), end=date(2027, 2, 12)),
)
HELD, MISSED, POSTPONED, CANCELLED = (
    SessionStatus.HELD,
    SessionStatus.MISSED,
    SessionStatus.POSTPONED,
    SessionStatus.CANCELLED,
)


@pytest.fixture
def roster() -> Roster:
    people = [
        Person(id="A1", name="Ann Able", school="Oak", hub="North", supervision_trained=True),
        Person(id="A2", name="Al Ash", school="Oak", hub="North", supervision_trained=True),
        Person(id="B1", name="Ben Best", school="Ash", hub="North", supervision_trained=True),
        Person(id="B2", name="Bea Birch", school="Ash", hub="North", supervision_trained=True),
        Person(id="C1", name="Cat Cole", school="Elm", hub="South", supervision_trained=True),
        Person(id="C2", name="Cy Cedar", school="Elm", hub="South", supervision_trained=True),
        Person(
            id="T",
            name="Tia Trust",
            school="Central",
            role="Trust Safeguarding Lead",
            supervision_trained=True,
            dsl_training_date=date(2024, 12, 1),  # lapses 01/12/2026, in Autumn 2
        ),
        Person(id="D", name="Dee Dunn", school="Oak", receives=False),  # gives, untrained
    ]
    return Roster(
        people=tuple(people),
        half_terms=HALF_TERMS,
        absences=(Absence(person_id="C2", half_term="Autumn 2"),),
        groups=(
            Group(
                name="Leads",
                facilitator_ids=("T",),
                members=(Selector(kind="id", value="A1"), Selector(kind="id", value="B1")),
            ),
        ),
    )


def peer(supervisor, supervisee, day, status=None, half_term=None) -> Session:
    half_term = half_term or next(h.name for h in HALF_TERMS if h.start <= day <= h.end)
    return Session(
        half_term=half_term,
        supervisor_id=supervisor,
        supervisee_id=supervisee,
        date=day,
        start=time(9, 30),
        end=time(10, 30),
        status=status,
    )


def group(day, attendees, status=None) -> TierSession:
    half_term = next(h.name for h in HALF_TERMS if h.start <= day <= h.end)
    return TierSession(
        tier=Tier.GROUP,
        half_term=half_term,
        date=day,
        start=time(13, 30),
        end=time(14, 30),
        lead_id="T",
        attendee_ids=attendees,
        group="Leads",
        status=status,
    )


@pytest.fixture
def plan() -> Plan:
    sessions = [
        # Autumn 1, all before today.
        peer("A1", "B1", date(2026, 9, 15), HELD),  # held
        peer("B1", "A1", date(2026, 9, 16)),  # not recorded
        peer("A2", "C1", date(2026, 9, 17), MISSED),  # made up by the next
        # The make-up, held, with another supervisor (the plan reader takes one row per
        # pair and half term).
        peer("B2", "C1", date(2026, 10, 5), HELD),
        peer("C1", "A2", date(2026, 9, 18), MISSED),  # missed, not made up
        peer("B2", "C2", date(2026, 9, 21), CANCELLED),  # cancelled
        peer("C2", "B2", date(2026, 10, 12), POSTPONED),  # postponed, to a past day
        # Autumn 2: C2 absent, B2 under Cover Needed.
        peer("A1", "B1", date(2026, 11, 10)),  # not recorded
        peer("B1", "A1", date(2026, 11, 25)),  # planned
        peer("A2", "C1", date(2026, 11, 26), POSTPONED),  # postponed, still to come
        peer("C1", "A2", date(2026, 12, 1)),  # planned
        # Spring 1: six sessions to come.
        *(
            peer(a, b, date(2027, 1, 11 + n))
            for n, (a, b) in enumerate(
                [("A1", "B1"), ("B1", "A1"), ("A2", "C1"), ("C1", "A2"), ("B2", "C2"), ("C2", "B2")]
            )
        ),
    ]
    return Plan(
        sessions=tuple(sessions),
        cover_needed=(
            CoverNeeded(half_term="Autumn 2", supervisee_id="B2", reason="PRIVATE-COVER-REASON"),
        ),
        tier_sessions=(
            group(date(2026, 9, 24), ("A1", "B1"), HELD),
            group(date(2026, 12, 2), ("A1", "B1")),
            group(date(2027, 1, 20), ("A1",)),
        ),
    )


def sessions_by_outcome(**counts: int) -> dict[Outcome, int]:
    found = dict.fromkeys(Outcome, 0)
    for name, n in counts.items():
        found[Outcome[name.upper()]] = n
    return found


def test_the_trusts_counts_by_half_term(roster, plan):
    counts = {c.half_term: c for c in delivery(roster, plan, TODAY).trust}
    autumn_1, autumn_2, spring_1, year = (
        counts[h] for h in ("Autumn 1", "Autumn 2", "Spring 1", "The year")
    )
    assert (autumn_1.in_cycle, autumn_1.present) == (6, 6)  # the trust lead receives none
    assert autumn_1.sessions == sessions_by_outcome(
        held=2, not_recorded=1, postponed=1, missed=1, made_up=1, cancelled=1
    )
    # B1 (held), A1 (not recorded), C1 (made up, then held), B2 (postponed to a past day).
    assert (autumn_1.received, autumn_1.share, autumn_1.with_session) == (4, 4 / 6, 4)
    assert (autumn_2.in_cycle, autumn_2.present, autumn_2.cover_needed) == (6, 5, 1)
    assert autumn_2.sessions == sessions_by_outcome(not_recorded=1, planned=2, postponed=1)
    assert (autumn_2.received, autumn_2.with_session) == (1, 4)  # only B1's has taken place
    assert spring_1.sessions == sessions_by_outcome(planned=6)
    assert (spring_1.received, spring_1.share, spring_1.with_session) == (None, None, 6)
    assert year.sessions == sessions_by_outcome(
        held=2, not_recorded=2, planned=8, postponed=2, missed=1, made_up=1, cancelled=1
    )
    assert (year.in_cycle, year.present, year.cover_needed) == (18, 17, 1)
    assert (year.received, year.present_to_date) == (5, 11)  # Spring 1 has not begun


def test_every_session_is_counted_once_by_school_and_by_hub(roster, plan):
    report = delivery(roster, plan, TODAY)
    oak = {c.half_term: c for c in report.by_school if c.who == "Oak"}
    # Oak's supervisees are A1 and A2: B1 -> A1 not recorded, C1 -> A2 missed.
    assert oak["Autumn 1"].sessions == sessions_by_outcome(not_recorded=1, missed=1)
    assert (oak["Autumn 1"].in_cycle, oak["Autumn 1"].received) == (2, 1)
    for half_term in ("Autumn 1", "Autumn 2", "Spring 1", "The year"):
        trust = next(c for c in report.trust if c.half_term == half_term)
        for rows in (report.by_school, report.by_hub):
            mine = [c for c in rows if c.half_term == half_term]
            for o in Outcome:
                assert sum(c.sessions[o] for c in mine) == trust.sessions[o]
            assert sum(c.present for c in mine) == trust.present
            assert sum(c.cover_needed for c in mine) == trust.cover_needed
    assert {c.who for c in report.by_hub} == {"North", "South"}  # T and D receive none


def test_who_missed_out_and_why_in_the_plans_shared_words(roster, plan):
    missed = [(m.half_term, m.person_id, m.why) for m in delivery(roster, plan, TODAY).missed_out]
    assert missed == [
        ("Autumn 1", "A2", MISSED_NOT_MADE_UP),
        ("Autumn 2", "C2", ABSENT),
        ("Autumn 2", "B2", NO_POSSIBLE_SUPERVISOR),
    ]


def test_a_missed_session_under_cover_needed_is_said_once_as_missed(roster, plan):
    """A make-up with no day left puts the supervisee under Cover Needed (SPEC 8): they
    missed out because the session was missed, not for want of a supervisor."""
    no_day = CoverNeeded(half_term="Autumn 1", supervisee_id="A2", reason="no day left")
    with_cover = plan.model_copy(update={"cover_needed": (*plan.cover_needed, no_day)})
    missed = [
        (m.half_term, m.person_id, m.why) for m in delivery(roster, with_cover, TODAY).missed_out
    ]
    assert missed[0] == ("Autumn 1", "A2", MISSED_NOT_MADE_UP)
    assert [m for m in missed if m[0] == "Autumn 1"] == [missed[0]]


def test_no_day_left_is_said_so_not_as_no_possible_supervisor(roster, plan):
    late = CoverNeeded(half_term="Spring 1", supervisee_id="C2", reason=NO_DAY_LEFT)
    report = delivery(roster, plan.model_copy(update={"cover_needed": (late,)}), TODAY)
    assert [(m.person_id, m.why) for m in report.missed_out if m.half_term == "Spring 1"] == [
        ("C2", NO_DAY_LEFT_IN_TIME)
    ]


def test_a_groups_sessions_held_against_those_due(roster, plan):
    [leads] = delivery(roster, plan, TODAY).tiers
    # Two members, three half terms; B1 has no Spring 1 session; only Autumn 1 is held
    # (Autumn 2's is after today).
    assert (leads.tier, leads.name, leads.due, leads.planned, leads.held) == (
        "Group",
        "Leads",
        6,
        5,
        2,
    )


def test_training_gaps_and_dsl_training_that_lapses(roster, plan):
    report = delivery(roster, plan, TODAY)
    assert [(t.person_id, t.what) for t in report.training] == [
        ("D", "not trained: gives no supervision")
    ]
    [lapse] = report.dsl_lapses
    assert (lapse.person_id, lapse.lapses, lapse.before) == ("T", date(2026, 12, 1), "Autumn 2")


def test_a_blank_status_is_planned_from_today_and_not_recorded_before(roster, plan):
    """SPEC 8: the same plan a month later has the Autumn 2 sessions not recorded; on the
    day of a session, it is still planned."""
    later = {c.half_term: c for c in delivery(roster, plan, date(2026, 12, 20)).trust}
    assert later["Autumn 2"].sessions == sessions_by_outcome(not_recorded=3, postponed=1)
    on_the_day = {c.half_term: c for c in delivery(roster, plan, date(2026, 11, 25)).trust}
    assert on_the_day["Autumn 2"].sessions == sessions_by_outcome(
        not_recorded=1, planned=2, postponed=1
    )


# --- the page -----------------------------------------------------------------------


class _Tables(HTMLParser):
    """The text of every table cell, table by table, row by row."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables(html: str) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def test_the_page_shows_the_counts(roster, plan):
    html = report_html(delivery(roster, plan, TODAY), False, "plan.xlsx")
    trust = tables(html)[0]
    assert trust[0][:4] == ["Half term", "People in the cycle", "Present", "Planned"]
    assert trust[1] == [
        "Autumn 1",
        "6",
        "6",
        "0",
        "2",
        "1",
        "1",
        "1",
        "1",
        "1",
        "0",
        "4 (67%)",
        "4 (67%)",
    ]
    assert trust[3][-2:] == ["not begun", "6 (100%)"]
    assert trust[4][0] == "The year" and trust[4][-2] == "5 (45%)"
    assert html.count("<svg") == 2  # sessions by status; coverage by school


def test_a_trust_of_many_schools_has_its_coverage_in_charts_a_page_can_hold(roster, plan):
    """A chart is an image: one taller than an A4 page is cut where the page ends, and its
    heading left alone on the page before. Many schools take several charts."""
    report = delivery(roster, plan, TODAY)
    year = next(c for c in report.by_school if c.half_term == "The year")
    schools = tuple(dataclasses.replace(year, who=f"School {k:03}") for k in range(95))
    html = report_html(dataclasses.replace(report, by_school=schools), False, "plan.xlsx")
    charts = re.findall(r"<svg.*?</svg>", html, flags=re.DOTALL)[1:]
    assert len(charts) > 1
    printable = 297 - 2 * 14  # mm of an A4 page inside the report's margins
    for chart in charts:
        width, height = (
            float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', chart).groups()
        )
        assert 186 * height / width < printable - 20  # as printed 186 mm wide, with a heading
    shown = [f"School {k:03}" for k in range(95)]
    assert sorted(n for c in charts for n in re.findall(r"School \d{3}", c)) == shown


def test_the_page_is_titled_with_the_trust(roster, plan):
    settings = roster.settings.model_copy(update={"trust_name": "Oakwood Trust"})
    named = roster.model_copy(update={"settings": settings})
    html = report_html(delivery(named, plan, TODAY), False, "plan.xlsx")
    assert "<h1>Oakwood Trust: what safeguarding supervision was delivered</h1>" in html


def test_the_page_is_self_contained_and_runs_nothing(roster, plan):
    html = report_html(delivery(roster, plan, TODAY), False, "plan.xlsx")
    assert "<script" not in html.lower()
    links = re.findall(r'(?:href|src)\s*=\s*"([^"]*)"', html)
    assert all(not link.startswith(("http", "//")) for link in links), links
    assert "@page" in html and "A4" in html


def test_every_value_is_escaped_in_the_tables_and_the_charts(roster, plan):
    hostile = "<script>alert(1)</script>"
    people = tuple(
        p.model_copy(update={"school": hostile, "name": "<b>Ann</b>"}) if p.id == "A2" else p
        for p in roster.people
    )
    html = report_html(
        delivery(roster.model_copy(update={"people": people}), plan, TODAY), False, "p"
    )
    assert hostile not in html and "<b>Ann</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Ann&lt;/b&gt;" in html
    charts = re.findall(r"<svg.*?</svg>", html, flags=re.DOTALL)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in charts[1]  # coverage by school


def test_the_same_plan_and_today_give_the_same_page(roster, plan):
    once = report_html(delivery(roster, plan, TODAY), False, "plan.xlsx")
    assert report_html(delivery(roster, plan, TODAY), False, "plan.xlsx") == once


def test_anonymous_names_nobody(roster, plan):
    report = delivery(roster, plan, TODAY)
    html = report_html(report, True, "plan.xlsx")
    for person in roster.people:
        assert person.name not in html
    missed = next(t for t in tables(html) if t[0] == ["Half term", "School", "Why", "People"])
    assert ["Autumn 2", "Ash", NO_POSSIBLE_SUPERVISOR, "1"] in missed


def test_the_workbook_has_the_same_tables_as_text_never_formulas(tmp_path, roster, plan):
    people = tuple(
        p.model_copy(update={"name": '=HYPERLINK("http://x")'}) if p.id == "A2" else p
        for p in roster.people
    )
    report = delivery(roster.model_copy(update={"people": people}), plan, TODAY)
    path = tmp_path / "report.xlsx"
    write_report(path, report, False, "plan.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == [
        "By half term",
        "By school",
        "By hub",
        "Missed out",
        "Other tiers",
        "Training",
        "DSL training",
    ]
    # Printed, every page is titled as the HTML report is.
    title = re.search(r"<h1>(.*?)</h1>", report_html(report, False, "plan.xlsx")).group(1)
    assert all(sheet.oddHeader.center.text == html_unescape(title) for sheet in workbook)
    html = tables(report_html(report, False, "plan.xlsx"))
    trust = [[str(v) for v in row] for row in workbook["By half term"].iter_rows(values_only=True)]
    assert trust == html[0]
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert any(c.value == '=HYPERLINK("http://x")' and c.data_type == "s" for c in cells)


def test_dsl_training_dates_are_dates_in_the_workbook_and_day_first_on_the_page(
    tmp_path, roster, plan
):
    """A date stored as text sorts and filters as text: 01/12/2026 before 15/01/2026."""
    report = delivery(roster, plan, TODAY)
    path = tmp_path / "report.xlsx"
    write_report(path, report, False, "plan.xlsx")
    header, row = load_workbook(path)["DSL training"].iter_rows(values_only=True)
    lapses = row[header.index("Lapses on")]
    assert isinstance(lapses, datetime) and lapses.date() == date(2026, 12, 1)
    page = next(t for t in tables(report_html(report, False, "p")) if "Lapses on" in t[0])
    assert page[1][page[0].index("Lapses on")] == "01/12/2026"


CHROMIUM, PDFTOTEXT = shutil.which("chromium"), shutil.which("pdftotext")
SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


@pytest.mark.skipif(
    not (CHROMIUM and PDFTOTEXT), reason="needs chromium and pdftotext to print the report"
)
def test_the_sample_years_report_prints_whole_rows_and_no_page_of_footer_alone(tmp_path):
    """Printed on A4 from a browser: each table row on one line ("Autumn 1", "30 (100%)"),
    not "Autumn" over "1"; and the footer never alone on the last page."""
    page = tmp_path / "report.html"
    run(
        "report", SAMPLE / "roster-january.xlsx", SAMPLE / "plan-january.xlsx",
        "-o", page, "--today", date(2027, 7, 20), code=0,
    )  # fmt: skip
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    rows = [line.split() for line in text.splitlines()]
    seasons = [r for r in rows if r and r[0] in ("Autumn", "Spring", "Summer") and len(r) > 3]
    assert seasons and all(r[1] in ("1", "2") for r in seasons), seasons
    assert all(re.fullmatch(r"\d+", r[-1]) is None for r in seasons if "%" in " ".join(r))
    last = [line for line in pages[-1].splitlines() if line.strip()]
    assert not last[0].lstrip().startswith("Made by peerpair"), pages[-1]


# --- the command --------------------------------------------------------------------

MARKERS = ("PRIVATE-CHANGE-REASON", "PRIVATE-ABSENCE-REASON", "PRIVATE-STAFF-NOTE")


def roster_file(path: Path) -> Path:
    staff = [
        ["ID", "Name", "School", "Email", "Supervision Trained", "Role", "Notes"],
        *(
            [i, name, school, f"{i.lower()}@trust.example.org", "Yes", "", MARKERS[2]]
            for i, name, school in [
                ("A1", "Ann Able", "Oak Primary"),
                ("A2", "Al Ash", "Oak Primary"),
                ("B1", "Ben Best", "Ash High"),
                ("B2", "Bea Birch", "Ash High"),
                ("C1", "Cat Cole", "Elm Academy"),
                ("C2", "Cy Cedar", "Elm Academy"),
            ]
        ),
        ["T", "Tia Trust", "Central", "t@trust.example.org", "Yes", "TSL", ""],
    ]
    half_terms = [["Half Term", "Start", "End"]] + [[h.name, h.start, h.end] for h in HALF_TERMS]
    return write_xlsx(
        path,
        {
            "Staff": staff,
            "Half Terms": half_terms,
            "Change Requests": [
                ["ID", "Partner ID", "From Half Term", "Reason"],
                ["A1", "B1", "Spring 1", MARKERS[0]],
            ],
            "Absences": [["ID", "Half Term", "Reason"], ["C2", "Autumn 2", MARKERS[1]]],
        },
    )


@pytest.fixture
def solved(tmp_path) -> tuple[Path, Path]:
    roster = roster_file(tmp_path / "roster.xlsx")
    plan = tmp_path / "plan.xlsx"
    run("solve", roster, "-o", plan, "--time-limit", 10)
    return roster, plan


def test_report_of_a_solved_plan_carries_nothing_private(tmp_path, solved):
    roster, plan = solved
    for name in ("report.html", "report.xlsx"):
        out = tmp_path / name
        result = run("report", roster, plan, "-o", out, "--today", "2026-11-20", code=0)
        assert "Wrote the report as of 20/11/2026" in result.output
        text = out.read_bytes()
        if name.endswith(".xlsx"):
            workbook = load_workbook(out)
            text = repr([list(r) for s in workbook for r in s.iter_rows(values_only=True)])
            text = text.encode()
        for marker in MARKERS:
            assert marker.encode() not in text
        assert b"Cy Cedar" in text  # absent in Autumn 2: named, without --anonymous


def test_anonymous_report_names_nobody_on_the_roster(tmp_path, solved):
    roster, plan = solved
    for name in ("anonymous.html", "anonymous.xlsx"):
        out = tmp_path / name
        run("report", roster, plan, "-o", out, "--anonymous", "--today", "2026-11-20", code=0)
        if name.endswith(".xlsx"):
            workbook = load_workbook(out)
            text = repr([list(r) for s in workbook for r in s.iter_rows(values_only=True)])
        else:
            text = out.read_text(encoding="utf-8")
        for person in ("Ann Able", "Al Ash", "Ben Best", "Bea Birch", "Cat Cole", "Cy Cedar"):
            assert person not in text
        assert "Tia Trust" not in text and "Oak Primary" in text


def test_an_unreadable_plan_is_bad_input_by_row(tmp_path, solved):
    roster, _ = solved
    broken = write_xlsx(
        tmp_path / "broken.xlsx",
        {"Pairings": [["Half Term", "Supervisor ID", "Supervisee ID"], ["Autumn 9", "A1", "B1"]]},
    )
    result = run("report", roster, broken, "-o", tmp_path / "r.html", code=2)
    assert "broken.xlsx cannot be read:" in result.output
    assert 'Pairings row 2, Half Term: "Autumn 9" is not a half term' in result.output
    assert not (tmp_path / "r.html").exists()


def test_a_report_is_an_html_page_or_a_workbook(tmp_path, solved):
    roster, plan = solved
    result = run("report", roster, plan, "-o", tmp_path / "r.pdf", code=2)
    assert "must end in .html or .xlsx" in result.output


def test_the_report_never_overwrites_its_input(tmp_path, solved):
    roster, plan = solved
    before = plan.read_bytes()
    run("report", roster, plan, "-o", plan, code=2)
    assert plan.read_bytes() == before


def test_today_defaults_to_the_computers_date(tmp_path, solved):
    """The tests' computer's date is fixed (conftest) a day before the roster's year."""
    roster, plan = solved
    result = run("report", roster, plan, "-o", tmp_path / "r.html", code=0)
    assert f"as of {peerpair.cli.clock():%d/%m/%Y}" in result.output


def test_cover_needed_reasons_are_never_shown(roster, plan):
    assert "PRIVATE-COVER-REASON" not in report_html(delivery(roster, plan, TODAY), False, "p")


# --- the Status column, from the plan file ----------------------------------------------


def test_the_counts_come_from_the_status_column_the_lead_keeps(tmp_path, roster, plan):
    """Written to a workbook and read back by `peerpair report`, the plan gives the same
    page as the plan itself: every Status survives, in any case the lead types it."""
    from peerpair.io.plan_workbook import read_plan, write_plan

    path = tmp_path / "plan.xlsx"
    write_plan(path, roster, plan, [], [])
    read_back = read_plan(path, roster).plan
    assert report_html(delivery(roster, read_back, TODAY), False, "p") == report_html(
        delivery(roster, plan, TODAY), False, "p"
    )


def test_a_plan_with_an_unknown_status_is_bad_input_by_row(tmp_path, solved):
    roster, plan = solved
    workbook = load_workbook(plan)
    pairings = workbook["Pairings"]
    status = [c.value for c in pairings[1]].index("Status") + 1
    pairings.cell(3, status, "Done")
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    result = run("report", roster, edited, "-o", tmp_path / "r.html", code=2)
    assert 'Pairings row 3, Status: "Done" is not a status' in result.output
    assert not (tmp_path / "r.html").exists()
    result = run("invites", edited, "-o", tmp_path / "out", code=2)
    assert 'Pairings row 3, Status: "Done" is not a status' in result.output


def test_statuses_typed_in_the_plan_reach_the_report(tmp_path, solved):
    roster, plan = solved
    workbook = load_workbook(plan)
    pairings = workbook["Pairings"]
    header = [c.value for c in pairings[1]]
    status, half_term = header.index("Status") + 1, header.index("Half Term") + 1
    autumn = [
        r for r in range(2, pairings.max_row + 1) if pairings.cell(r, half_term).value == "Autumn 1"
    ]
    for row, typed in zip(autumn, ("held", "MISSED", "Cancelled"), strict=False):
        pairings.cell(row, status, typed)
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    out = tmp_path / "r.xlsx"
    run("report", roster, edited, "-o", out, "--today", "2026-11-20", code=0)
    rows = list(load_workbook(out)["By half term"].iter_rows(values_only=True))
    header, autumn_1 = rows[0], rows[1]
    counted = dict(zip(header, autumn_1, strict=True))
    assert (counted["Held"], counted["Missed"], counted["Cancelled"]) == (1, 1, 1)
    assert counted["Not recorded"] == len(autumn) - 3
