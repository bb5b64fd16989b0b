"""The plan as the page lays it out: each half term's sessions in date order, and a month
of sessions as a calendar, Monday first."""

from __future__ import annotations

import datetime as dt

from peerpair.domain.plan import Plan, Session, SessionStatus
from peerpair.domain.tiers import Tier, TierSession
from peerpair.web.views import by_half_term, month

NAMES = {"101": ("Ann Able", "Oak Primary"), "201": ("Cat Cole", "Elm Academy")}


def session(half_term: str, day: dt.date | None, supervisor="101", supervisee="201") -> Session:
    return Session(
        half_term=half_term,
        supervisor_id=supervisor,
        supervisee_id=supervisee,
        date=day,
        start=dt.time(9, 30) if day else None,
        end=dt.time(10, 30) if day else None,
    )


def test_each_half_term_lists_its_sessions_by_date():
    plan = Plan(
        sessions=(
            session("Autumn 1", dt.date(2026, 10, 5)),
            session("Autumn 1", dt.date(2026, 9, 7), "201", "101"),
            session("Autumn 2", None),
        )
    )
    tables = by_half_term(plan, NAMES, ["Autumn 1", "Autumn 2", "Spring 1"])
    assert [half_term for half_term, _ in tables] == ["Autumn 1", "Autumn 2", "Spring 1"]
    autumn = tables[0][1]
    assert [(r.date, r.supervisor, r.supervisee_school) for r in autumn] == [
        (dt.date(2026, 9, 7), "Cat Cole", "Oak Primary"),
        (dt.date(2026, 10, 5), "Ann Able", "Elm Academy"),
    ]
    assert tables[2][1] == []


def test_a_month_starts_on_monday_and_holds_every_tier():
    plan = Plan(
        sessions=(
            session("Autumn 1", dt.date(2026, 9, 2)).model_copy(
                update={"status": SessionStatus.HELD}
            ),
        ),
        tier_sessions=(
            TierSession(
                tier=Tier.ONE_TO_ONE,
                half_term="Autumn 2",
                date=dt.date(2026, 11, 3),
                start=dt.time(13, 30),
                end=dt.time(14, 30),
                lead_id="101",
                attendee_ids=("201",),
            ),
        ),
    )
    september = month(plan, NAMES, None)
    assert september.title == "September 2026"
    assert september.weeks[0][0].date == dt.date(2026, 8, 31)  # a Monday, from August
    assert not september.weeks[0][0].in_month
    wednesday = september.weeks[0][2]
    assert wednesday.date == dt.date(2026, 9, 2)
    assert [(e.what, e.who, e.status) for e in wednesday.events] == [
        ("Peer", "Ann Able with Cat Cole", "Held")
    ]
    assert september.previous is None and september.next == dt.date(2026, 11, 1)

    november = month(plan, NAMES, dt.date(2026, 11, 1))
    events = [e for week in november.weeks for day in week if day.in_month for e in day.events]
    assert [(e.what, e.who) for e in events] == [("One-to-one", "Ann Able with Cat Cole")]
    assert november.previous == dt.date(2026, 9, 1) and november.next is None


def test_a_plan_without_dates_has_no_calendar():
    assert month(Plan(sessions=(session("Autumn 1", None),)), NAMES, None) is None
