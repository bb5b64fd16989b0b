"""One spreadsheet cell to one clean value (SPEC 2).

Each parser takes a cell's value as openpyxl or the csv module gives it (text, a
number, a boolean, a date or a datetime; blank cells are the caller's business)
and returns the clean value, or raises ValueError with a message for the person
who keeps the roster, quoting what the cell holds.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time

from openpyxl.cell.cell import ERROR_CODES

from peerpair.domain.roster import TRUST_LEAD_WORD, WEEKDAYS
from peerpair.words import DAY_NAMES

_DAY_NAMES = tuple(name.casefold() for name in DAY_NAMES)
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
# "Mon - Fri", "Monday to Friday" and "Mon–Fri" all become "Mon-Fri" before splitting.
_DAY_RANGE = re.compile(r"\s*(?:-|–|—|\bto\b)\s*", re.IGNORECASE)
_DAY_SEPARATORS = re.compile(r"(?:[\s,/;&]|\band\b)+", re.IGNORECASE)
_TRUST_LEAD_WORDS = {TRUST_LEAD_WORD, TRUST_LEAD_WORD + "s"}
_CLOCK_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")
MAX_SECONDS = 86_400  # a day: the longest time limit
SESSION_MINUTES = (15, 480)  # a quarter of an hour to a working day


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def show(value: object) -> str:
    """A cell's value as the roster's keeper sees it in Excel, for IDs and for quoting."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # so an Excel boolean reads as Yes/No text does
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores every number as a float: 101 arrives as 101.0
    return str(value).strip()


def normalise_header(value: object) -> str:
    """The key sheet names and column headers are matched on: "Supervision_Trained" is
    "supervisiontrained", as is "supervision trained?"."""
    return re.sub(r"[\W_]+", "", show(value).casefold())


def parse_text(value: object) -> str:
    text = show(value)
    if text in ERROR_CODES:
        raise ValueError(
            f"the cell shows the Excel error {text}: fix the formula or type the value"
        )
    return text


def id_key(person_id: str) -> str:
    """What IDs are matched on (SPEC 2): case and surrounding spaces ignored, and an all-digit
    ID's leading zeros, which Excel drops when it stores 0107 as the number 107."""
    key = person_id.strip().casefold()
    if key.isascii() and key.isdigit():
        return key.lstrip("0") or "0"
    return key


def parse_id(value: object) -> str:
    if isinstance(value, str) and any(unicodedata.category(c) == "Cc" for c in value.strip(" ")):
        # Alt+Enter in Excel: the ID would look like two lines and match nothing as typed.
        what = "a line break" if "\n" in value or "\r" in value else "a control character"
        shown = "".join("⏎" if unicodedata.category(c) == "Cc" else c for c in show(value))
        raise ValueError(f'"{shown}" holds {what}: type the ID again on one line, without it')
    if isinstance(value, date):
        raise ValueError(
            f'"{show(value)}" is a date, not an ID: Excel may have changed what was typed; '
            "format the column as Text and type the ID again"
        )
    text = parse_text(value)
    if "," in text or ";" in text:
        raise ValueError(
            f'"{text}" cannot be an ID: commas and semicolons separate IDs in Receive From lists'
        )
    return text


def parse_yes_no(value: object) -> bool:
    text = parse_text(value).casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f'"{show(value)}" is not Yes or No')


def parse_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = parse_text(value)
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _UK_DATE.fullmatch(text):
        day, _, month, year = match.groups()
        if int(month) > 12 and 1 <= int(day) <= 12:
            raise ValueError(
                f'"{text}" is month first, and peerpair reads dates day first: '
                f"write it {month}/{day}/{year}, or {year}-{int(day):02d}-{int(month):02d}"
            )
    else:
        raise ValueError(
            f'"{text}" is not a date: write it day first, like 03/09/2025, or 2025-09-03'
        )
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(
            f'"{text}" is not a real date (dates are day first, like 03/09/2025)'
        ) from None


def day_and_month_readings(text: str) -> tuple[date, date] | None:
    """The two dates a text date like 03/09/2026 may be, day first and month first, when both
    are real and differ; None for any other text."""
    match = _UK_DATE.fullmatch(text.strip())
    if not match:
        return None
    first, _, second, year = (int(n) if n.isdigit() else n for n in match.groups())
    if first == second or first > 12 or second > 12:
        return None
    try:
        return date(year, second, first), date(year, first, second)
    except ValueError:
        return None


def is_month_first(text: str) -> bool:
    """Whether a text date can only be month first, like 09/25/2026."""
    match = _UK_DATE.fullmatch(text.strip())
    return bool(match) and 1 <= int(match.group(1)) <= 12 < int(match.group(3)) <= 31


def parse_trained(value: object) -> tuple[bool, date | None]:
    """Supervision Trained: Yes/No, or the date of the training (which means Yes)."""
    try:
        return parse_yes_no(value), None
    except ValueError:
        pass
    try:
        return True, parse_date(value)
    except ValueError:
        raise ValueError(f'"{show(value)}" is not Yes, No or a date') from None


def parse_whole_number(value: object) -> int:
    text = parse_text(value)
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f'"{text}" is not a whole number') from None
    if not number.is_integer():
        raise ValueError(f'"{text}" is not a whole number')
    if number < 0:
        raise ValueError(f'"{text}" is less than 0')
    return int(number)


def parse_seconds(value: object) -> float:
    """A time limit: seconds, more than 0 and at most a day (longer is a typing slip, and a
    run nobody waits for)."""
    text = parse_text(value)
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number > 0):
        raise ValueError(f'"{text}" is not a number of seconds greater than 0')
    if number > MAX_SECONDS:
        raise ValueError(f'"{text}" seconds is more than a day: give at most {MAX_SECONDS}')
    return number


def parse_weekdays(value: object) -> frozenset[str]:
    """Working Days such as "Mon, Tue, Thu", "Monday/Wednesday", "Tu & Th" or "Mon-Fri"."""
    text = parse_text(value)
    days: set[int] = set()
    for part in _DAY_SEPARATORS.split(_DAY_RANGE.sub("-", text)):
        if not part:
            continue
        first, dash, last = part.partition("-")
        if dash and not (first and last and "-" not in last):
            raise ValueError(f'"{part}" is not a range of days like Mon-Fri')
        start = _weekday(first)
        end = _weekday(last) if last else start
        if end < start:
            raise ValueError(f'"{part}" is not a range of days: write the earlier day first')
        days.update(range(start, end + 1))
    if not days:
        raise ValueError(f'"{text}" names no weekdays')
    if weekend := sorted(days & {5, 6}):
        names = " and ".join(_DAY_NAMES[d].title() for d in weekend)
        raise ValueError(
            f'"{text}" includes {names}: weekends are not school days; '
            "list working days from Monday to Friday"
        )
    return frozenset(WEEKDAYS[d] for d in days)


def _weekday(word: str) -> int:
    """Monday is 0. Any start of a day's name of two letters or more ("Tu", "Thurs"), any case,
    or a plural ("Weds", "Mondays")."""
    key = word.casefold()
    key = key.removesuffix("s") if key.endswith(("ds", "ys")) else key
    for number, name in enumerate(_DAY_NAMES):
        if len(key) >= 2 and name.startswith(key):
            return number
    raise ValueError(f'"{word}" is not a weekday')


def parse_receive_from(value: object) -> frozenset[str]:
    """IDs and/or the words "trust lead(s)", separated by commas or semicolons. Whether the
    IDs exist is the reader's business: it knows the Staff sheet."""
    names = set()
    for item in re.split(r"[,;]", parse_text(value)):
        item = " ".join(item.split())
        if item.casefold() in _TRUST_LEAD_WORDS:
            names.add(TRUST_LEAD_WORD)
        elif item:
            names.add(item)
    if not names:
        raise ValueError(f'"{show(value)}" names nobody: list IDs and/or "trust lead"')
    return frozenset(names)


def parse_session_minutes(value: object) -> int:
    """Session Minutes: how long each session lasts, a whole number of minutes."""
    low, high = SESSION_MINUTES
    try:
        minutes = parse_whole_number(value)
    except ValueError:
        minutes = None
    if minutes is None or not low <= minutes <= high:
        raise ValueError(f'"{show(value)}" is not a whole number of minutes from {low} to {high}')
    return minutes


def parse_time(value: object) -> time:
    """A time of day: a time cell, or "HH:MM" on the 24-hour clock. "9.30" is 09:30 too, even
    as Excel stores it once typed, the number 9.3."""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = f"{value:.2f}"
    text = parse_text(value)
    match = _CLOCK_TIME.fullmatch(text)
    hour, minute = (int(n) for n in match.groups()) if match else (-1, -1)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f'"{text}" is not a time: write it on the 24-hour clock, like 13:30')
    return time(hour, minute)


def parse_session_times(value: object) -> tuple[time, ...]:
    """Session Times: start times such as "09:30, 13:30, 15:45" (24-hour clock), or one
    time as Excel stores it. In order, each once."""
    if isinstance(value, time | datetime | int | float) and not isinstance(value, bool):
        return (parse_time(value),)
    text = parse_text(value)
    times = set()
    for part in re.split(r"[,;]", text):
        if not part.strip():
            continue
        try:
            times.add(parse_time(part.strip()))
        except ValueError:
            raise ValueError(
                f'"{part.strip()}" is not a time: write start times on the 24-hour clock, '
                'separated by commas, like "09:30, 13:30, 15:45"'
            ) from None
    if not times:
        raise ValueError(f'"{text}" names no time: write start times like "09:30, 13:30"')
    return tuple(sorted(times))


# --- the tier sheets (SPEC 7) -----------------------------------------------------------

_SELECTOR = re.compile(r"(school|role|hub)\s*:\s*(.*)", re.IGNORECASE | re.DOTALL)
_PERIODS = {
    "halfterm": "half term",
    "halftermly": "half term",
    "term": "term",
    "termly": "term",
    "year": "year",
    "yearly": "year",
    "annually": "year",
    "annual": "year",
}


def parse_id_list(value: object) -> tuple[str, ...]:
    """IDs separated by commas or semicolons, each once, in the order given. Whether they
    exist is the reader's business."""
    ids = []
    for item in re.split(r"[,;]", parse_text(value)):
        item = item.strip()
        if item and item not in ids:
            ids.append(parse_id(item))
    if not ids:
        raise ValueError(f'"{show(value)}" names nobody: list IDs separated by commas')
    return tuple(ids)


def parse_members(value: object) -> tuple[tuple[str, str], ...]:
    """A group's Members: IDs and/or "school:NAME", "role:NAME" and "hub:NAME", separated by
    commas or semicolons, as (kind, value) pairs with kind "id", "school", "role" or "hub".
    Whether they name anyone is the reader's business."""
    members: list[tuple[str, str]] = []
    for item in re.split(r"[,;]", parse_text(value)):
        item = " ".join(item.split())
        if not item:
            continue
        if match := _SELECTOR.fullmatch(item):
            kind, name = match.group(1).casefold(), match.group(2).strip()
            if not name:
                raise ValueError(f'"{item}" names no {kind}: write it like {kind}:NAME')
            member = (kind, name)
        else:
            member = ("id", parse_id(item))
        if member not in members:
            members.append(member)
    if not members:
        raise ValueError(
            f'"{show(value)}" names nobody: list IDs and/or school:NAME, role:NAME, hub:NAME'
        )
    return tuple(members)


def parse_per(value: object) -> str:
    """How often a tier's session is due: "half term", "term" or "year" (also "termly",
    "yearly" and the like)."""
    text = parse_text(value)
    key = normalise_header(re.sub(r"\b(?:once|per|every|each|a)\b", " ", text.casefold()))
    if key in _PERIODS:
        return _PERIODS[key]
    raise ValueError(f'"{text}" is not allowed: choose half term, term or year')
