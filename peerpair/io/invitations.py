"""Invitations for the dated sessions of a plan (SPEC 6, `peerpair invites`): one calendar
file (.ics, RFC 5545) per person with their sessions, and a mail-merge table.

Each event has a neutral title ("Peer supervision — Autumn 1"), its date and time (UK
time), and both people as attendees with their names and emails. Nothing else: no
description, no location, and nothing from the roster beyond names and emails, so a file
can be sent to the person it is for and to nobody else's harm. Policy 004 asks for
sessions to be "calendared and meeting requests sent".

The other tiers' sessions (SPEC 7) are events too, with everyone in them as attendees and a
title naming only the tier ("Group supervision — Autumn 1"): not the group, and never
whether a one-to-one was asked for.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from urllib.parse import quote
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

from peerpair.domain.dates import show_day
from peerpair.domain.plan import Plan, Session
from peerpair.domain.tiers import Tier, TierSession

UK_TIME = ZoneInfo("Europe/London")
TITLE = "Peer supervision — {half_term}"
TIER_TITLES = {
    Tier.GROUP: "Group supervision — {half_term}",
    Tier.MOP_UP: "Group supervision (mop-up) — {half_term}",
    Tier.SCHOOL: "School safeguarding supervision — {half_term}",
    Tier.ONE_TO_ONE: "One-to-one supervision — {half_term}",
}
MAIL_MERGE_COLUMNS = (
    "ID",
    "Name",
    "Email",
    "Email Missing",
    "Supervises",
    "Supervised By",
    "Calendar File",
)
OTHER_SESSIONS_COLUMN = "Other Sessions"  # last, and only for a plan with other tiers


@dataclass(frozen=True)
class Contact:
    """A person as the plan names them."""

    id: str
    name: str
    email: str = ""


@dataclass(frozen=True)
class Invitations:
    """What `peerpair invites` writes: calendar files by file name, and mail-merge rows."""

    calendars: dict[str, bytes]
    mail_merge: list[list[str]]
    columns: tuple[str, ...] = MAIL_MERGE_COLUMNS  # the mail merge's header


def invitations(
    plan: Plan, contacts: list[Contact], half_terms: list[str], now: datetime | None = None
) -> Invitations:
    """One calendar per contact with at least one dated session, and a mail-merge row for
    every contact. `half_terms` gives the year's order; `now` stamps the events."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    by_id = {c.id: c for c in contacts}
    order = {name: n for n, name in enumerate(half_terms)}

    def in_order(s: Session | TierSession) -> tuple:
        return (order.get(s.half_term, len(order)), s.date or date.max, s.start or time.min)

    # Each person's sessions, grouped once: scanning every session for every contact grows
    # with the square of the roster (issue 17).
    peer_sessions: dict[str, list[Session]] = defaultdict(list)
    for s in plan.sessions:
        for person_id in dict.fromkeys((s.supervisor_id, s.supervisee_id)):
            peer_sessions[person_id].append(s)
    tier_sessions: dict[str, list[TierSession]] = defaultdict(list)
    for t in plan.tier_sessions:
        for person_id in dict.fromkeys(t.people):
            tier_sessions[person_id].append(t)

    calendars: dict[str, bytes] = {}
    rows = []
    for contact in contacts:
        theirs = sorted(peer_sessions.get(contact.id, ()), key=in_order)
        others = sorted(tier_sessions.get(contact.id, ()), key=in_order)
        dated = [s for s in theirs if s.date is not None and s.start and s.end]
        file_name = calendar_file_name(contact) if dated or others else ""
        if dated or others:
            events = sorted([*dated, *others], key=in_order)
            calendars[file_name] = _calendar(events, by_id, stamp)
        rows.append(
            [
                contact.id,
                contact.name,
                contact.email,
                "" if contact.email else "Yes: add an Email on the Staff sheet",
                _sessions_text(theirs, contact.id, "supervisor_id", "supervisee_id", by_id),
                _sessions_text(theirs, contact.id, "supervisee_id", "supervisor_id", by_id),
                file_name,
            ]
        )
        if plan.tier_sessions:
            rows[-1].append(_other_sessions_text(others, contact.id, by_id))
    if plan.tier_sessions:
        return Invitations(calendars, rows, (*MAIL_MERGE_COLUMNS, OTHER_SESSIONS_COLUMN))
    return Invitations(calendars, rows)


def calendar_file_name(contact: Contact) -> str:
    """ "101 Ann Able.ics": the ID keeps names unique, and only characters every system
    accepts in a file name are kept."""
    text = re.sub(r"[^\w .'-]+", "-", f"{contact.id} {contact.name}").strip(" .-")
    return f"{text or contact.id}.ics"


def _calendar(
    sessions: list[Session | TierSession], by_id: dict[str, Contact], stamp: datetime
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//peerpair//Peer supervision//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for s in sessions:
        event = Event()
        event.add("uid", _uid(s))
        event.add("dtstamp", stamp)
        event.add("dtstart", datetime.combine(s.date, s.start, UK_TIME))
        event.add("dtend", datetime.combine(s.date, s.end, UK_TIME))
        if isinstance(s, TierSession):
            event.add("summary", TIER_TITLES[s.tier].format(half_term=s.half_term))
            people = s.people
        else:
            event.add("summary", TITLE.format(half_term=s.half_term))
            people = (s.supervisor_id, s.supervisee_id)
        for person_id in people:
            event.add("attendee", _attendee(by_id.get(person_id) or Contact(person_id, person_id)))
        calendar.add_component(event)
    days = [s.date for s in sessions]
    calendar.add_missing_timezones(first_date=min(days), last_date=max(days))
    return calendar.to_ical()


def _uid(s: Session | TierSession) -> str:
    """The same session has the same UID in every run, so a calendar that imports the
    file again updates the event rather than adding a second one. A tier session is the
    same while its tier, half term, group, school, lead, attendees and date are."""
    if isinstance(s, TierSession):
        people = ",".join(s.attendee_ids)
        key = f"peerpair:{s.tier}:{s.half_term}:{s.group}:{s.school}:{s.lead_id}:{people}:{s.date}"
    else:
        key = f"peerpair:{s.half_term}:{s.supervisor_id}:{s.supervisee_id}"
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, key)}@peerpair"


def _attendee(contact: Contact) -> vCalAddress:
    # An attendee is a URI. Without an email, a URN naming the person's ID stands in.
    address = vCalAddress(
        f"mailto:{contact.email}" if contact.email else f"urn:peerpair:{quote(contact.id)}"
    )
    address.params["cn"] = contact.name
    address.params["role"] = "REQ-PARTICIPANT"
    return address


def _sessions_text(
    sessions: list[Session], person_id: str, own: str, other: str, by_id: dict[str, Contact]
) -> str:
    """ "Autumn 1: Ben Moss, Tue 15/09/2026 09:30; Autumn 2: ..." for one side of a person's
    sessions: those where they are `own` (supervisor or supervisee)."""
    parts = []
    for s in sessions:
        if getattr(s, own) != person_id:
            continue
        partner = by_id.get(getattr(s, other))
        name = partner.name if partner else getattr(s, other)
        when = f"{show_day(s.date)} {s.start:%H:%M}" if s.date and s.start else "no date yet"
        parts.append(f"{s.half_term}: {name}, {when}")
    return "; ".join(parts)


_TIER_WORDS = {
    Tier.GROUP: "group supervision",
    Tier.MOP_UP: "group supervision (mop-up)",
    Tier.SCHOOL: "school session",
    Tier.ONE_TO_ONE: "one-to-one",
}


def _other_sessions_text(
    sessions: list[TierSession], person_id: str, by_id: dict[str, Contact]
) -> str:
    """ "Autumn 1: group supervision with Ann Able, Tue 15/09/2026 13:30; ..." for the
    person's tier sessions; "leading" those they lead."""
    parts = []
    for t in sessions:
        lead = by_id.get(t.lead_id)
        who = "leading" if t.lead_id == person_id else f"with {lead.name if lead else t.lead_id}"
        parts.append(
            f"{t.half_term}: {_TIER_WORDS[t.tier]} {who}, {show_day(t.date)} {t.start:%H:%M}"
        )
    return "; ".join(parts)
