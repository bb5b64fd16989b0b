"""iCalendar text (RFC 5545) written directly: the few properties an invitation holds.

`peerpair invites` writes thousands of calendars; building each through icalendar's objects
took most of the command (issue 17). The lines here are the ones icalendar writes for the
same properties, byte for byte (tests/test_calendar_text.py holds it to that): properties in
its order, parameters sorted, TEXT escaped (RFC 5545 3.3.11), parameter values escaped (RFC
6868) and quoted where needed, lines folded before 75 octets without splitting an escape.
Only the VTIMEZONE is still made by icalendar, once per range of dates.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo

TIME_ZONE = "Europe/London"
UK_TIME = ZoneInfo(TIME_ZONE)

_LIMIT = 75  # octets a folded line stays under, as icalendar folds
_ESCAPE_6868 = re.compile(r'\^|\r\n|\r|\n|"')
_6868 = {"^": "^^", "\n": "^n", "\r": "^n", "\r\n": "^n", '"': "^'"}
_QUOTABLE = re.compile("[,;:’]")  # noqa: RUF001 - icalendar quotes a value with ’ too


def text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11): backslash, ";", "," and line breaks."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def common_name(name: str) -> str:
    """A CN parameter's value: RFC 6868 escapes, then quoted when it holds a space, a quote
    or a character that ends a parameter."""
    value = _ESCAPE_6868.sub(lambda m: _6868[m.group(0)], name)
    if " " in name or "'" in name or _QUOTABLE.search(value):
        return f'"{value}"'
    return value


def fold(line: str) -> str:
    """A content line folded (RFC 5545 3.1): "CRLF space" before the 75th octet, never
    between a backslash or caret and the character it escapes."""
    if len(line) * 4 < _LIMIT or len(line.encode("utf-8")) < _LIMIT:
        return line
    folded: list[str] = []
    current: list[str] = []
    octets = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and octets + size >= _LIMIT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                folded.append("".join(current))
                current = [carried]
                octets = len(carried.encode("utf-8"))
            else:
                folded.append("".join(current))
                current = []
                octets = 0
        current.append(char)
        octets += size
    if current:
        folded.append("".join(current))
    return "\r\n ".join(folded)


@cache
def local_time(day: date, at: time) -> str:
    """A DATE-TIME in UK time, as a TZID parameter and value names it."""
    return f"TZID={TIME_ZONE}:{datetime.combine(day, at):%Y%m%dT%H%M%S}"


def utc_time(moment: datetime) -> str:
    return f"{moment:%Y%m%dT%H%M%S}Z"


@cache
def time_zone(first_year: int, last_year: int) -> str:
    """UK time's VTIMEZONE over whole years, 1 January of `first_year` to 31 December of
    `last_year`, the years of a calendar's sessions: a VTIMEZONE needs a change of the clocks
    in its range to hold any rule a calendar can use, and every year has two. Whole years
    rather than the sessions' own days, so that it is made once for a run rather than once a
    person. Made by icalendar."""
    from icalendar import Timezone  # only here: it is slow to import and this is its only use

    zone = Timezone.from_tzid(
        TIME_ZONE, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31)
    )
    return zone.to_ical().decode("utf-8").removesuffix("\r\n")
