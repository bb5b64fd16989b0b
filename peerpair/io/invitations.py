"""Invitations for the dated sessions of a plan (SPEC 6 and 10, `peerpair invites`).

What a folder of invitations holds:

- one calendar file (.ics, RFC 5545) per person with all their sessions, to import;
- `meeting-requests/`: one meeting request per session (RFC 5546, METHOD:REQUEST) from the
  organiser to everyone in it, which Outlook, Google Calendar and Apple Calendar accept as
  an invitation; after a re-solve (`--previous`), only the sessions that changed or are new,
  and a METHOD:CANCEL for each session the re-solve removed;
- `messages/`: one unsent email per person (.eml, `X-Unsent: 1`) with their meeting requests
  attached, ready to send;
- `mail-merge.csv`: whom each person supervises and who supervises them, and when, with the
  names of their files;
- `peerpair-invites.json`, the manifest: the files peerpair wrote, so that the next run
  removes those that no longer apply and nothing else, and each session's SEQUENCE.

Each event has a neutral title ("Peer supervision — Autumn 1"), its date and time (UK
time), and the people in it as attendees with their names and emails. Nothing else: no
description, no location, and nothing from the roster beyond names and emails, so a file
can be sent to the person it is for and to nobody else's harm. Policy 004 asks for
sessions to be "calendared and meeting requests sent". A session's UID is made from what
it is (tier, half term, people), never its date, so a moved session is an update of the
invitation already accepted.

The other tiers' sessions (SPEC 7) are events too, with a title naming only the tier
("Group supervision — Autumn 1"): not the group, and never whether a one-to-one was asked
for.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cache
from urllib.parse import quote

from peerpair.domain.changes import identities
from peerpair.domain.dates import show_day
from peerpair.domain.plan import Plan, Session, SessionStatus
from peerpair.domain.tiers import Tier, TierSession
from peerpair.io.calendar_text import common_name, fold, local_time, text, time_zone, utc_time
from peerpair.io.files import csv_bytes

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
OTHER_SESSIONS_COLUMN = "Other Sessions"  # only for a plan with other tiers
FILE_COLUMNS = ("Message File", "Meeting Request Files")  # last: the columns this run added
MAIL_MERGE = "mail-merge.csv"
MANIFEST = "peerpair-invites.json"
REQUESTS_FOLDER = "meeting-requests"
MESSAGES_FOLDER = "messages"
_PRODID = "-//peerpair//Peer supervision//EN"

Dated = Session | TierSession


@dataclass(frozen=True)
class Contact:
    """A person as the plan names them."""

    id: str
    name: str
    email: str = ""


@dataclass(frozen=True)
class Sent:
    """What the manifest of a folder remembers from earlier runs: each file peerpair wrote
    (relative path -> SHA-256 of what it wrote), and each session's last SEQUENCE and the
    fingerprint of the request sent with it (by UID)."""

    files: dict[str, str] = field(default_factory=dict)
    sequences: dict[str, tuple[int, str]] = field(default_factory=dict)

    def to_json(self) -> bytes:
        data = {
            "about": "Written by peerpair invites: the files it wrote here, so that the next "
            "run removes only those, and each invitation's SEQUENCE. Do not edit.",
            "files": dict(sorted(self.files.items())),
            "sessions": {
                uid: {"sequence": seq, "fingerprint": fingerprint}
                for uid, (seq, fingerprint) in sorted(self.sequences.items())
            },
        }
        return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, text: bytes) -> Sent:
        """Raises ValueError when the manifest is not one peerpair wrote."""
        try:
            data = json.loads(text)
            files = {str(k): str(v) for k, v in data["files"].items()}
            sequences = {
                str(uid): (int(entry["sequence"]), str(entry["fingerprint"]))
                for uid, entry in data["sessions"].items()
            }
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ValueError("it is not a manifest peerpair wrote") from error
        return cls(files, sequences)


@dataclass(frozen=True)
class Invitations:
    """What `peerpair invites` writes into its folder: every file by relative path, and the
    manifest to leave with them. `requests`, `updates` and `cancellations` count the meeting
    requests for new sessions, for changed ones, and the cancellations."""

    files: dict[str, bytes]
    manifest: Sent
    mail_merge: list[list[str]]
    columns: tuple[str, ...]
    requests: int = 0
    updates: int = 0
    cancellations: int = 0

    @property
    def calendars(self) -> dict[str, bytes]:
        """The per-person calendar files to import, by file name."""
        return {n: data for n, data in self.files.items() if "/" not in n and n.endswith(".ics")}


def invitations(
    plan: Plan,
    contacts: list[Contact],
    half_terms: list[str],
    *,
    organiser: str,
    today: date,
    previous: Plan | None = None,
    previous_contacts: list[Contact] | None = None,
    sent: Sent | None = None,
) -> Invitations:
    """Everything `peerpair invites` writes for `plan`: its sessions from `today` on.
    `half_terms` gives the year's order; `today` stamps every event (DTSTAMP), so a run is
    reproducible. With the `previous` plan,
    meeting requests are written only for what changed since it, and cancellations for what
    it had and `plan` has not; `previous_contacts` are the people as it named them, so that
    a new email is an update too. `sent` is the folder's manifest: the SEQUENCE each
    session's invitation was last sent with. `contacts` name and address everyone in either
    plan. Without an `organiser` no meeting request or email is written, since a request
    names who it is from; the calendars to import and the mail merge still are."""
    sent = sent or Sent()
    stamp = datetime.combine(today, time(), UTC)
    by_id = {c.id: c for c in contacts}
    by_id_before = by_id | {c.id: c for c in previous_contacts or ()}
    order = {name: n for n, name in enumerate(half_terms)}

    def in_order(s: Dated) -> tuple:
        return (order.get(s.half_term, len(order)), s.date or date.max, s.start or time.min)

    now = _invitable(plan, today)
    before = _invitable(previous, today) if previous is not None else {}
    sequences = dict(sent.sequences)
    to_send: list[tuple[str, Dated, str]] = []  # (uid, session, method)
    counts = {"new": 0, "changed": 0}
    for uid, s in sorted(now.items() if organiser else (), key=lambda item: in_order(item[1])):
        fingerprint = _fingerprint(s, by_id, organiser)
        old = before.get(uid)
        if old is not None and _fingerprint(old, by_id_before, organiser) == fingerprint:
            sequences.setdefault(uid, (0, fingerprint))
            continue
        sequence = _next_sequence(sent, uid, fingerprint, changed=old is not None)
        sequences[uid] = (sequence, fingerprint)
        counts["changed" if old is not None else "new"] += 1
        to_send.append((uid, s, "REQUEST"))
    for uid, s in sorted(before.items(), key=lambda item: in_order(item[1])):
        if uid not in now and organiser:
            sequence = _next_sequence(sent, uid, "cancelled", changed=True)
            sequences[uid] = (sequence, "cancelled")
            to_send.append((uid, s, "CANCEL"))

    files: dict[str, bytes] = {}
    calendars = _Calendars(by_id, stamp, organiser)
    request_files: dict[str, list[str]] = {}  # person ID -> their request files
    attachments: dict[str, list[tuple[Dated, str, bytes]]] = {}
    for uid, s, method in to_send:
        content = calendars.request(uid, s, method, sequences[uid][0])
        name = f"{REQUESTS_FOLDER}/{_request_file_name(uid, s, method)}"
        files[name] = content
        for person_id in _people(s):
            request_files.setdefault(person_id, []).append(name)
            attachments.setdefault(person_id, []).append((s, method, content))

    rows = []
    tiered = bool(plan.tier_sessions)
    # The mail merge says what is to come: an undated peer session too, not a past one.
    upcoming = [s for s in plan.sessions if _to_be_held(s, today, undated=True)]
    upcoming_tiers = [t for t in plan.tier_sessions if _to_be_held(t, today)]
    # Each person's sessions, grouped once: scanning every session for every contact grows
    # with the square of the roster (issue 17).
    peer_sessions = _by_person(upcoming, lambda s: (s.supervisor_id, s.supervisee_id))
    tier_sessions = _by_person(upcoming_tiers, lambda t: t.people)
    their_events = _by_person(list(now.items()), lambda item: _people(item[1]))
    for contact in contacts:
        theirs = sorted(peer_sessions.get(contact.id, ()), key=in_order)
        others = sorted(tier_sessions.get(contact.id, ()), key=in_order)
        events = list(their_events.get(contact.id, ()))
        calendar_file = calendar_file_name(contact) if events else ""
        if events:
            events.sort(key=lambda item: in_order(item[1]))
            files[calendar_file] = calendars.calendar(events, sequences)
        message_file = ""
        if contact.id in attachments:
            message_file = f"{MESSAGES_FOLDER}/{file_name(contact, '.eml')}"
            files[message_file] = _message(contact, attachments[contact.id], by_id, organiser)
        row = [
            contact.id,
            contact.name,
            contact.email,
            "" if contact.email else "Yes: add an Email on the Staff sheet",
            _sessions_text(theirs, contact.id, "supervisor_id", "supervisee_id", by_id),
            _sessions_text(theirs, contact.id, "supervisee_id", "supervisor_id", by_id),
            calendar_file,
        ]
        if tiered:
            row.append(_other_sessions_text(others, contact.id, by_id))
        row += [message_file, "; ".join(request_files.get(contact.id, []))]
        rows.append(row)
    columns = (
        *MAIL_MERGE_COLUMNS,
        *((OTHER_SESSIONS_COLUMN,) if tiered else ()),
        *FILE_COLUMNS,
    )
    files[MAIL_MERGE] = csv_bytes(columns, rows)
    manifest = Sent(
        {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}, sequences
    )
    return Invitations(
        files,
        manifest,
        rows,
        columns,
        requests=counts["new"],
        updates=counts["changed"],
        cancellations=sum(method == "CANCEL" for _, _, method in to_send),
    )


def _by_person(items: list, people) -> dict[str, list]:
    """`items` by each of `people(item)`, once a person, in the order given."""
    found: dict[str, list] = defaultdict(list)
    for item in items:
        for person_id in dict.fromkeys(people(item)):
            found[person_id].append(item)
    return found


def _invitable(plan: Plan, today: date) -> dict[str, Dated]:
    """The sessions of `plan` to invite people to, by UID: those dated today or later (every
    peer session the calendar pass dated, every session of the other tiers), except those
    the lead recorded as Missed or Cancelled (SPEC 8). A session that is not, or no longer,
    to be held has its invitation cancelled by a re-run."""
    dated: list[Dated] = [s for s in plan.sessions if s.date and s.start and s.end]
    dated += plan.tier_sessions
    # Identities are given over the whole plan, so a make-up stays "#1" after its missed
    # session is past.
    return {
        f"{uuid.uuid5(uuid.NAMESPACE_URL, 'peerpair:' + key)}@peerpair": s
        for key, s in zip(identities(dated), dated, strict=True)
        if _to_be_held(s, today)
    }


def _to_be_held(s: Dated, today: date, undated: bool = False) -> bool:
    """On or after `today` (or, when `undated`, without a date yet), and neither Missed nor
    Cancelled (SPEC 8)."""
    on_time = s.date >= today if s.date is not None else undated
    return on_time and s.status not in (SessionStatus.MISSED, SessionStatus.CANCELLED)


def _next_sequence(sent: Sent, uid: str, fingerprint: str, changed: bool) -> int:
    """The SEQUENCE of an invitation: as last sent when nothing in it differs, else one more.
    A session the manifest does not know was first sent with 0 when the previous plan had it
    (`changed`), and is new otherwise."""
    if uid in sent.sequences:
        sequence, last = sent.sequences[uid]
        return sequence if last == fingerprint else sequence + 1
    return 1 if changed else 0


def _fingerprint(s: Dated, by_id: dict[str, Contact], organiser: str) -> str:
    """What an attendee's calendar shows of an invitation: a change in any of it is an
    update to send."""
    contacts = [by_id.get(i) or Contact(i, i) for i in _people(s)]
    people = [(c.id, c.name, c.email) for c in contacts]  # as astuple, without its deep copy
    text = repr((_title(s), s.date, s.start, s.end, people, organiser))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _people(s: Dated) -> tuple[str, ...]:
    if isinstance(s, TierSession):
        return s.people
    return (s.supervisor_id, s.supervisee_id)


def _title(s: Dated) -> str:
    if isinstance(s, TierSession):
        return TIER_TITLES[s.tier].format(half_term=s.half_term)
    return TITLE.format(half_term=s.half_term)


class _Calendars:
    """The iCalendar text of a run's calendars and meeting requests. Each session's event
    and each person's ATTENDEE line is written once and reused: a session is in two
    calendars and a meeting request, a person in all their sessions' events."""

    def __init__(self, by_id: dict[str, Contact], stamp: datetime, organiser: str) -> None:
        self.by_id = by_id
        self.stamp = f"DTSTAMP:{utc_time(stamp)}"
        self.attendees: dict[str, str] = {}
        self.events: dict[tuple[str, int], str] = {}
        named = next(
            (c.name for c in by_id.values() if c.email.casefold() == organiser.casefold()), ""
        )
        address = f"mailto:{organiser}"
        self.organiser = fold(
            f"ORGANIZER;CN={common_name(named)}:{address}" if named else f"ORGANIZER:{address}"
        )

    def calendar(
        self, events: list[tuple[str, Dated]], sequences: dict[str, tuple[int, str]]
    ) -> bytes:
        """A person's calendar file to import: every session of theirs, as the meeting
        requests have them (the same UID and SEQUENCE), so importing it after accepting them
        adds nothing twice."""
        days = [s.date for _, s in events]
        lines = [*_HEAD, time_zone(min(days).year, max(days).year)]
        for uid, s in events:
            lines += (self._event(uid, s, sequences.get(uid, (0, ""))[0]), "END:VEVENT")
        return _calendar_bytes(lines)

    def request(self, uid: str, s: Dated, method: str, sequence: int) -> bytes:
        """One session as an iTIP message (RFC 5546): a REQUEST inviting everyone in it, or
        a CANCEL of the invitation with that UID."""
        status = "CONFIRMED" if method == "REQUEST" else "CANCELLED"
        lines = [*_HEAD, f"METHOD:{method}", time_zone(s.date.year, s.date.year)]
        lines += (self._event(uid, s, sequence), self.organiser, f"STATUS:{status}", "END:VEVENT")
        return _calendar_bytes(lines)

    def _event(self, uid: str, s: Dated, sequence: int) -> str:
        """The event's lines up to its end, in icalendar's order: SUMMARY, DTSTART, DTEND,
        DTSTAMP, UID, SEQUENCE, then the rest by name."""
        key = (uid, sequence)
        if key not in self.events:
            lines = [
                "BEGIN:VEVENT",
                _summary(_title(s)),
                f"DTSTART;{local_time(s.date, s.start)}",
                f"DTEND;{local_time(s.date, s.end)}",
                self.stamp,
                fold(f"UID:{text(uid)}"),
                f"SEQUENCE:{sequence}",
            ]
            lines += (self._attendee(person_id) for person_id in _people(s))
            self.events[key] = "\r\n".join(lines)
        return self.events[key]

    def _attendee(self, person_id: str) -> str:
        if person_id not in self.attendees:
            contact = self.by_id.get(person_id) or Contact(person_id, person_id)
            # An attendee is a URI. Without an email, a URN naming the person's ID stands in.
            address = (
                f"mailto:{contact.email}" if contact.email else f"urn:peerpair:{quote(contact.id)}"
            )
            self.attendees[person_id] = fold(
                f"ATTENDEE;CN={common_name(contact.name)};PARTSTAT=NEEDS-ACTION;"
                f"ROLE=REQ-PARTICIPANT;RSVP=TRUE:{address}"
            )
        return self.attendees[person_id]


@cache
def _summary(title: str) -> str:
    return fold(f"SUMMARY:{text(title)}")


_HEAD = ("BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{_PRODID}", "CALSCALE:GREGORIAN")


def _calendar_bytes(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\nEND:VCALENDAR\r\n").encode("utf-8")


def _message(
    contact: Contact,
    requests: list[tuple[Dated, str, bytes]],
    by_id: dict[str, Contact],
    organiser: str,
) -> bytes:
    """An unsent email to one person with their meeting requests attached: Outlook opens a
    message with `X-Unsent: 1` ready to send, and other mail programs as a draft. The body
    says who and when, and nothing else."""
    lines = [f"Dear {contact.name},", ""]
    new = [(s, m) for s, m, _ in requests if m == "REQUEST"]
    gone = [(s, m) for s, m, _ in requests if m == "CANCEL"]
    if new:
        lines += ["Your safeguarding supervision sessions, attached as meeting requests:", ""]
        lines += [f"- {_who_and_when(s, contact.id, by_id)}" for s, _ in new]
        lines.append("")
    if gone:
        lines += ["These sessions are cancelled:", ""]
        lines += [f"- {_who_and_when(s, contact.id, by_id)}" for s, _ in gone]
        lines.append("")
    lines.append("Open each attachment to update your calendar.")
    # A boundary from the content, not a random one: the same plans give the same file.
    text = "\n".join(lines)
    content = b"".join(c for _, _, c in requests) + text.encode("utf-8")
    boundary = f"peerpair-{hashlib.sha256(content).hexdigest()[:32]}"
    body = text + "\n"
    # The email package takes a hundredth of a second to lay out each attachment, and
    # more than a millisecond for each message's headers (issue 17: 5,170 drafts at 5,000
    # people), so the message is written as the text it writes (tests/test_calendar_text.py
    # holds each message to the one it makes), by the email package itself only where an
    # address is not a plain one (a display name, a quoted or non-ASCII part).
    head = _plain_head(contact.email, organiser, boundary, body)
    if head is None:
        head = _email_package_head(contact.email, organiser, boundary, body)
    parts = [head]
    for n, (_, method, request) in enumerate(requests, 1):
        name = f"{'invitation' if method == 'REQUEST' else 'cancellation'}-{n}.ics"
        parts.append(_attachment(boundary, name, method, request))
    parts.append(f"\r\n--{boundary}--\r\n".encode("ascii"))
    return b"".join(parts)


_SUBJECT = "Safeguarding supervision: your sessions"
# An address the email package writes as it is (however long: it has nowhere to fold).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_PLAIN_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _plain_head(email: str, organiser: str, boundary: str, body: str) -> bytes | None:
    """The message up to its attachments, as the email package writes it, when both
    addresses are plain; None otherwise."""
    # Only here: the email package is slow to import and only messages need it.
    from email.contentmanager import _encode_text
    from email.policy import SMTP

    addresses = [("From", organiser)] + ([("To", email)] if email else [])
    if not all(_PLAIN_ADDRESS.fullmatch(a) for _, a in addresses):
        return None
    # The text part's encoding as the email package chooses it (7bit, 8bit, quoted-
    # printable or base64), from its own function for that choice; 8bit text comes back
    # with its bytes as surrogates, as the email package's generator writes them.
    encoding, payload = _encode_text(body, "utf-8", None, SMTP)
    return "".join(
        [
            "X-Unsent: 1\r\n",
            *(f"{name}: {a}\r\n" for name, a in addresses),
            f"Subject: {_SUBJECT}\r\n",
            "MIME-Version: 1.0\r\n",
            f'Content-Type: multipart/mixed;\r\n boundary="{boundary}"\r\n\r\n',
            f"--{boundary}\r\n",
            'Content-Type: text/plain; charset="utf-8"\r\n',
            f"Content-Transfer-Encoding: {encoding}\r\n\r\n",
        ]
    ).encode("ascii") + payload.replace("\n", "\r\n").encode("ascii", "surrogateescape")


def _email_package_head(email: str, organiser: str, boundary: str, body: str) -> bytes:
    """The message up to its attachments, laid out by the email package."""
    from email.message import EmailMessage
    from email.policy import SMTP

    message = EmailMessage(policy=SMTP)
    message["X-Unsent"] = "1"
    message["From"] = organiser
    if email:
        message["To"] = email
    message["Subject"] = _SUBJECT
    message.set_content(body)
    message.make_mixed()
    message.set_boundary(boundary)
    return message.as_bytes().removesuffix(f"\r\n--{boundary}--\r\n".encode("ascii"))


def _attachment(boundary: str, name: str, method: str, request: bytes) -> bytes:
    """A meeting request as a part of a message, as the email package attaches it: a
    calendar's lines are under 78 octets, so it goes as they are, 8bit (7bit if ASCII)."""
    encoding = "7bit" if request.isascii() else "8bit"
    head = (
        f"\r\n--{boundary}\r\n"
        f"Content-Transfer-Encoding: {encoding}\r\n"
        f'Content-Disposition: attachment; filename="{name}"\r\n'
        f'Content-Type: text/calendar; charset="utf-8"; method="{method}"\r\n'
        "MIME-Version: 1.0\r\n\r\n"
    )
    return head.encode("ascii") + request


def _who_and_when(s: Dated, person_id: str, by_id: dict[str, Contact]) -> str:
    """ "Peer supervision — Autumn 1, with Ben Moss: Tue 15/09/2026, 09:30 to 10:30" """
    others = [by_id.get(i, Contact(i, i)).name for i in _people(s) if i != person_id]
    with_whom = f", with {_and(others)}" if others else ""
    return f"{_title(s)}{with_whom}: {show_day(s.date)}, {s.start:%H:%M} to {s.end:%H:%M}"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def file_name(contact: Contact, suffix: str = ".ics") -> str:
    """ "101 Ann Able.ics": the ID keeps names unique, and only characters every system
    accepts in a file name are kept."""
    text = re.sub(r"[^\w .'-]+", "-", f"{contact.id} {contact.name}").strip(" .-")
    return f"{text or contact.id}{suffix}"


def calendar_file_name(contact: Contact) -> str:
    """The person's calendar file to import."""
    return file_name(contact, ".ics")


def _request_file_name(uid: str, s: Dated, method: str) -> str:
    """ "2026-09-15 0930 peer 1a2b3c4d.ics": sorted by date, the tier, and enough of the UID
    to be unique, without anyone's name (the lead opens these, but a name in a file name
    travels further than the file)."""
    tier = s.tier if isinstance(s, TierSession) else Tier.PEER
    cancelled = " cancelled" if method == "CANCEL" else ""
    return f"{s.date:%Y-%m-%d} {s.start:%H%M} {tier} {uid[:8]}{cancelled}.ics"


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
        when = _day_and_time(s.date, s.start) if s.date and s.start else "no date yet"
        parts.append(f"{s.half_term}: {name}, {when}")
    return "; ".join(parts)


@cache
def _day_and_time(day: date, start: time) -> str:
    """ "Tue 15/09/2026 09:30", once for each day and time of a mail merge's thousands."""
    return f"{show_day(day)} {start:%H:%M}"


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
            f"{t.half_term}: {_TIER_WORDS[t.tier]} {who}, {_day_and_time(t.date, t.start)}"
        )
    return "; ".join(parts)
