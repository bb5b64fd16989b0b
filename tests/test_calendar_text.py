"""Invitations write their iCalendar text directly (issue 17), and icalendar is the oracle:
for any names, emails, half terms, days and times, a calendar and a meeting request are the
bytes icalendar writes for the same events, so Outlook and Google get what they accepted
before."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event, vCalAddress

from peerpair.domain.plan import Session
from peerpair.io.calendar_text import UK_TIME, fold
from peerpair.io.invitations import Contact, _Calendars, _message, _people, _title, _who_and_when

ORGANISER = "lead@trust.example.org"
STAMP = datetime(2026, 8, 20, tzinfo=UTC)

# Anything a spreadsheet cell may hold, the characters iCalendar escapes or quotes most of all.
_cell_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(" ,;:\"'^\\\n\r’—éŝ漢😀aZ0")), st.characters(codec="utf-8")
    ),
    min_size=1,
    max_size=90,
).filter(lambda t: t.strip())
_ids = st.from_regex(r"[A-Za-z0-9 /&é-]{1,12}", fullmatch=True)
_emails = st.one_of(
    st.just(""),
    st.from_regex(r"[a-z0-9.'+^-]{1,40}@[a-z0-9-]{1,30}\.example\.org", fullmatch=True),
)


def _oracle_event(uid, s, sequence, by_id) -> Event:
    """The event as icalendar builds it: what invitations wrote before issue 17."""
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", STAMP)
    event.add("dtstart", datetime.combine(s.date, s.start, UK_TIME))
    event.add("dtend", datetime.combine(s.date, s.end, UK_TIME))
    event.add("summary", _title(s))
    for person_id in _people(s):
        contact = by_id.get(person_id) or Contact(person_id, person_id)
        address = vCalAddress(
            f"mailto:{contact.email}" if contact.email else f"urn:peerpair:{quote(contact.id)}"
        )
        address.params["cn"] = contact.name
        address.params["role"] = "REQ-PARTICIPANT"
        address.params["partstat"] = "NEEDS-ACTION"
        address.params["rsvp"] = "TRUE"
        event.add("attendee", address)
    return event


def _oracle_calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//peerpair//Peer supervision//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _time_zone(calendar: Calendar, days: list[date]) -> None:
    calendar.add_missing_timezones(
        first_date=date(min(days).year, 1, 1), last_date=date(max(days).year, 12, 31)
    )


@st.composite
def _sessions(draw):
    people = draw(
        st.lists(
            st.tuples(_ids, _cell_text, _emails),
            min_size=2,
            max_size=4,
            unique_by=lambda p: p[0],
        )
    )
    contacts = [Contact(*p) for p in people]
    ids = [c.id for c in contacts]
    sessions = []
    for n in range(draw(st.integers(1, 4))):
        day = date(2026, 9, 1) + timedelta(days=draw(st.integers(0, 700)))
        start = time(draw(st.integers(0, 22)), draw(st.sampled_from([0, 15, 30, 45])))
        supervisor, supervisee = draw(st.permutations(ids))[:2]
        sessions.append(
            (
                f"{n:08x}-uid@peerpair",
                Session(
                    half_term=draw(_cell_text),
                    supervisor_id=supervisor,
                    supervisee_id=supervisee,
                    date=day,
                    start=start,
                    end=start.replace(hour=start.hour + 1),
                ),
                draw(st.integers(0, 12)),
            )
        )
    return contacts, sessions


@settings(max_examples=100, deadline=None)
@given(_sessions(), st.booleans(), st.sampled_from(["REQUEST", "CANCEL"]))
def test_calendars_and_requests_are_the_bytes_icalendar_writes(drawn, named, method):
    contacts, sessions = drawn
    by_id = {c.id: c for c in contacts}
    organiser = contacts[0].email if named and contacts[0].email else ORGANISER
    calendars = _Calendars(by_id, STAMP, organiser)

    expected = _oracle_calendar()
    for uid, s, sequence in sessions:
        expected.add_component(_oracle_event(uid, s, sequence, by_id))
    _time_zone(expected, [s.date for _, s, _ in sessions])
    sequences = {uid: (sequence, "") for uid, _, sequence in sessions}
    written = calendars.calendar([(uid, s) for uid, s, _ in sessions], sequences)
    assert written == expected.to_ical()

    uid, s, sequence = sessions[0]
    expected = _oracle_calendar(method)
    event = _oracle_event(uid, s, sequence, by_id)
    address = vCalAddress(f"mailto:{organiser}")
    name = next((c.name for c in contacts if c.email.casefold() == organiser.casefold()), "")
    if name:
        address.params["cn"] = name
    event.add("organizer", address)
    event.add("status", "CONFIRMED" if method == "REQUEST" else "CANCELLED")
    expected.add_component(event)
    _time_zone(expected, [s.date])
    assert calendars.request(uid, s, method, sequence) == expected.to_ical()
    assert Calendar.from_ical(written).walk("VEVENT")[0]["UID"] == sessions[0][0]


def _oracle_message(contact, requests, by_id, organiser) -> bytes:
    """The email as the email package lays it out, attachments and all: what invitations
    wrote before issue 17."""
    message = EmailMessage(policy=SMTP)
    message["X-Unsent"] = "1"
    message["From"] = organiser
    if contact.email:
        message["To"] = contact.email
    message["Subject"] = "Safeguarding supervision: your sessions"
    lines = [f"Dear {contact.name},", ""]
    new = [s for s, m, _ in requests if m == "REQUEST"]
    gone = [s for s, m, _ in requests if m == "CANCEL"]
    if new:
        lines += ["Your safeguarding supervision sessions, attached as meeting requests:", ""]
        lines += [f"- {_who_and_when(s, contact.id, by_id)}" for s in new]
        lines.append("")
    if gone:
        lines += ["These sessions are cancelled:", ""]
        lines += [f"- {_who_and_when(s, contact.id, by_id)}" for s in gone]
        lines.append("")
    lines.append("Open each attachment to update your calendar.")
    message.set_content("\n".join(lines) + "\n")
    for n, (_, method, content) in enumerate(requests, 1):
        message.add_attachment(
            content.decode("utf-8"),
            subtype="calendar",
            params={"method": method},
            filename=f"{'invitation' if method == 'REQUEST' else 'cancellation'}-{n}.ics",
        )
    content = b"".join(c for _, _, c in requests) + "\n".join(lines).encode("utf-8")
    message.set_boundary(f"peerpair-{hashlib.sha256(content).hexdigest()[:32]}")
    return message.as_bytes()


# Addresses the email package quotes, folds or keeps a display name in: the messages that
# invitations lay out with the email package itself rather than as text.
_UNPLAIN = [
    "Trust Lead <lead@trust.example.org>",
    "Lead, Trust <lead@trust.example.org>",
    "Siobhán Ní Lead <lead@trust.example.org>",
    ".lead@trust.example.org",
    "a..b@trust.example.org",
    "a" * 70 + "@trust.example.org",
]


@settings(max_examples=60, deadline=None)
@given(
    _sessions(),
    st.lists(st.sampled_from(["REQUEST", "CANCEL"]), min_size=4, max_size=4),
    st.booleans(),
    st.sampled_from([ORGANISER, ORGANISER, *_UNPLAIN]),
    st.one_of(st.none(), st.sampled_from(_UNPLAIN)),
)
def test_an_email_is_the_bytes_the_email_package_writes(drawn, methods, plain, organiser, to):
    """Plain: calendars in ASCII only (7bit, where the titles' dash makes them 8bit)."""
    contacts, sessions = drawn
    if to is not None:
        contacts = [Contact(contacts[0].id, contacts[0].name, to), *contacts[1:]]
    by_id = {c.id: c for c in contacts}
    calendars = _Calendars(by_id, STAMP, ORGANISER)
    requests = [
        (s, method, calendars.request(uid, s, method, sequence))
        for (uid, s, sequence), method in zip(sessions, methods, strict=False)
    ]
    if plain:
        requests = [(s, m, r.decode().encode("ascii", "replace")) for s, m, r in requests]
    contact = contacts[0]
    written = _message(contact, requests, by_id, organiser)
    assert written == _oracle_message(contact, requests, by_id, organiser)


def test_a_line_folds_before_75_octets_and_never_inside_an_escape():
    """RFC 5545 3.1, octets not characters: "é" is two, "😀" four."""
    line = "SUMMARY:" + "é" * 40 + "\\," + "😀" * 30
    folded = fold(line).split("\r\n ")
    assert all(len(part.encode("utf-8")) < 75 for part in folded)
    assert "".join(folded) == line
    assert not any(part.endswith("\\") for part in folded)
    escape_at_the_fold = "SUMMARY:" + "a" * 65 + "\\;b"  # the backslash is octet 74
    assert fold(escape_at_the_fold).split("\r\n ")[1].startswith("\\;")
    assert fold("UID:short") == "UID:short"
