"""The trust's roster as peerpair understands it, after reading and validation.

Everything here is already clean: IDs are stripped text, Yes/No are booleans,
dates are dates, and every ID a row refers to exists. `io.roster_reader` is
where spreadsheet cells become these models; the solver and the rule checks
only ever see these.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from peerpair.domain.tiers import (
    DEFAULT_VISIT_MINUTES,
    Group,
    Request,
    Requirement,
    SchoolVisit,
)

WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri")


def school_key(name: str) -> str:
    """Schools (and hubs) match ignoring case, spacing and punctuation: "St. Mary's  CE" is
    "St Marys CE". A roster typed by hand spells one school several ways, and H5 must see
    one school in all of them."""
    return "".join(c for c in name.casefold() if c.isalnum())


DEFAULT_HALF_TERMS: tuple[str, ...] = (
    "Autumn 1",
    "Autumn 2",
    "Spring 1",
    "Spring 2",
    "Summer 1",
    "Summer 2",
)
TRUST_LEAD_WORD = "trust lead"  # in Receive From: any trust lead may supervise this person

_TRUST_LEAD_ROLES = re.compile(r"trust safeguarding lead|hub strategic lead|\btsl\b", re.IGNORECASE)


def is_trust_lead_role(role: str) -> bool:
    """Roles that make someone a trust lead, the scheme's fallback supervisors (SPEC 2)."""
    return bool(_TRUST_LEAD_ROLES.search(role))


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Person(_Frozen):
    """One row of the Staff sheet."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    school: str = Field(min_length=1)
    email: str = ""
    hub: str = ""
    role: str = ""
    supervision_trained: bool = False
    trained_on: date | None = Field(
        default=None, description="when the supervision-skills training was done, if known"
    )
    gives: bool = True
    receives: bool = Field(default=None, description="default Yes, No for trust leads")  # type: ignore[assignment]
    capacity: int = Field(default=None, ge=0, description="default 1, 3 for trust leads")  # type: ignore[assignment]
    working_days: frozenset[str] = frozenset(WEEKDAYS)
    line_manager_id: str | None = None
    receive_from: frozenset[str] | None = Field(
        default=None,
        description="IDs (and/or the word 'trust lead') who alone may supervise this person",
    )
    dsl_training_date: date | None = None

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: dict) -> dict:
        if isinstance(data, dict):
            if data.get("trained_on") is not None:
                data = {**data, "supervision_trained": True}  # SPEC 2: a date means trained
            lead = is_trust_lead_role(data.get("role") or "")
            if data.get("receives") is None:
                data = {**data, "receives": not lead}
            if data.get("capacity") is None:
                data = {**data, "capacity": 3 if lead else 1}
        return data

    @property
    def is_trust_lead(self) -> bool:
        return is_trust_lead_role(self.role)

    def label(self) -> str:
        """How people are named in messages: by name, with the ID to disambiguate."""
        return f"{self.name} ({self.id})"


class HalfTerm(_Frozen):
    name: str = Field(min_length=1)
    start: date | None = None
    end: date | None = None

    def weekdays(self) -> list[date]:
        if self.start is None or self.end is None:
            return []
        days = (self.start + timedelta(n) for n in range((self.end - self.start).days + 1))
        return [d for d in days if d.weekday() < 5]


class Absence(_Frozen):
    """Either a named half term or a From-To range of dates."""

    person_id: str
    half_term: str | None = None
    start: date | None = None
    end: date | None = None

    def covers(self, half_term: HalfTerm) -> bool:
        if self.half_term is not None:
            return self.half_term == half_term.name
        weekdays = half_term.weekdays()
        if not weekdays or self.start is None or self.end is None:
            return False
        return self.start <= weekdays[0] and weekdays[-1] <= self.end


class ChangeRequest(_Frozen):
    """From `from_half_term` on, neither person supervises the other. Any reason is never read."""

    person_id: str
    partner_id: str
    from_half_term: str | None = None


class PastPair(_Frozen):
    """A pairing from an earlier year (History sheet)."""

    supervisor_id: str
    supervisee_id: str
    half_term: str = ""


class Closure(_Frozen):
    """Days with no sessions (Closures sheet): an INSET day, a trip, a closure. For one
    school, or for the whole trust when `school` is blank."""

    start: date
    end: date
    school: str = ""

    @model_validator(mode="after")
    def _in_order(self) -> Closure:
        _require(self.start <= self.end, "a closure cannot end before it starts")
        return self


DEFAULT_SESSION_TIMES: tuple[time, ...] = (time(9, 30), time(13, 30), time(15, 45))


class Settings(_Frozen):
    # The plan's printed title; blank, the roster's file name stands in.
    trust_name: str = ""
    repeat_pairs: Literal["avoid", "forbid", "allow"] = "avoid"
    same_hub: Literal["any", "prefer", "avoid"] = "any"
    time_limit: float = Field(default=60.0, gt=0)
    session_minutes: int = Field(default=60, ge=15, le=480)
    session_times: tuple[time, ...] = Field(default=DEFAULT_SESSION_TIMES, min_length=1)
    visit_minutes: int = Field(
        default=DEFAULT_VISIT_MINUTES, ge=15, le=480, description="trust-led school sessions"
    )
    notice_days: int = Field(
        default=5, ge=0, le=60, description="working days between today and a new session"
    )
    organiser_email: str = Field(default="", description="where calendar invitations come from")

    @model_validator(mode="after")
    def _sessions_end_the_same_day(self) -> Settings:
        for start in self.session_times:
            minutes = start.hour * 60 + start.minute + max(self.session_minutes, self.visit_minutes)
            if minutes > 24 * 60:
                raise ValueError(f"a session starting at {start:%H:%M} would end the next day")
        return self


class Roster(_Frozen):
    """A whole roster workbook. Invariants (unique IDs, known references) hold on construction."""

    people: tuple[Person, ...]
    half_terms: tuple[HalfTerm, ...] = tuple(HalfTerm(name=n) for n in DEFAULT_HALF_TERMS)
    absences: tuple[Absence, ...] = ()
    change_requests: tuple[ChangeRequest, ...] = ()
    history: tuple[PastPair, ...] = ()
    closures: tuple[Closure, ...] = ()
    settings: Settings = Settings()
    source: str = Field(default="", description="the roster's file name, for the plan's Summary")
    # The policies' other tiers (SPEC 7), planned around the peer cycle by peerpair.tiers.
    groups: tuple[Group, ...] = ()
    school_visits: tuple[SchoolVisit, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    requests: tuple[Request, ...] = ()

    @model_validator(mode="after")
    def _references_resolve(self) -> Roster:
        ids = [p.id for p in self.people]
        if len(set(ids)) != len(ids):
            raise ValueError("person IDs must be unique")
        names = [h.name for h in self.half_terms]
        if not names or len(set(names)) != len(names):
            raise ValueError("half-term names must be unique and there must be at least one")
        known = set(ids)
        for a in self.absences:
            _require(a.person_id in known, f"absence for unknown ID {a.person_id}")
            _require(
                a.half_term is None or a.half_term in names, f"unknown half term {a.half_term}"
            )
        for past in self.history:
            _require(
                {past.supervisor_id, past.supervisee_id} <= known, "history names an unknown ID"
            )
        for c in self.change_requests:
            _require({c.person_id, c.partner_id} <= known, "change request names an unknown ID")
            _require(c.from_half_term is None or c.from_half_term in names, "unknown half term")
        for group in self.groups:
            named = {*group.facilitator_ids, *(m.value for m in group.members if m.kind == "id")}
            _require(named <= known, f"group {group.name} names an unknown ID")
        _require(
            len({g.name for g in self.groups}) == len(self.groups), "group names must be unique"
        )
        for request in self.requests:
            named = {request.person_id, request.preferred_supervisor_id} - {None}
            _require(named <= known, "request names an unknown ID")
        return self

    @property
    def has_dates(self) -> bool:
        """Whether the Half Terms sheet gives dates, so that sessions go on the calendar."""
        return any(h.start is not None for h in self.half_terms)

    @property
    def organiser_email(self) -> str:
        """The address calendar invitations come from (SPEC 10): the Organiser Email setting,
        else the first trust lead's Email, else blank."""
        leads = (p.email for p in self.people if p.is_trust_lead and p.email)
        return self.settings.organiser_email or next(leads, "")

    @property
    def has_tiers(self) -> bool:
        """Whether any tier beyond peer pairing is to be planned (SPEC 7)."""
        return bool(self.groups or self.school_visits or self.requirements or self.requests)

    def model_copy(self, *, update=None, deep: bool = False) -> Roster:
        """A copy with some fields replaced. The cached lookups below are dropped: pydantic
        would otherwise carry the original's over, stale."""
        copy = super().model_copy(update=update, deep=deep)
        for cached in ("index", "_absence_map", "computed"):
            copy.__dict__.pop(cached, None)
        return copy

    # --- lookups the rules share ------------------------------------------------

    @cached_property
    def index(self) -> dict[str, int]:
        """Position of each person's ID: rules and the model refer to people by position."""
        return {p.id: i for i, p in enumerate(self.people)}

    @cached_property
    def computed(self) -> Derived:
        """Arrays the rules derive from the roster, by name, worked out once: on a large
        roster they look at a block of pairs at a time, many times over."""
        return Derived()

    def person(self, person_id: str) -> Person:
        return self.people[self.index[person_id]]

    def half_term_index(self, name: str) -> int:
        return [h.name for h in self.half_terms].index(name)

    def from_today(self, half_term: str | None, day: date | None, today: date) -> bool:
        """Whether a plan row of `half_term` and `day` is a session from `today` (SPEC 8):
        dated today or later, or undated in a half term not over before today. A row of
        neither (a People row) is no session."""
        if day is not None:
            return day >= today
        if half_term is None:
            return False
        end = next((h.end for h in self.half_terms if h.name == half_term), None)
        return end is None or end >= today

    def is_present(self, person: Person, h: int) -> bool:
        half_term = self.half_terms[h]
        return not any(
            a.person_id == person.id and a.covers(half_term)
            for a in self._absences_by_person(person)
        )

    def receives_in(self, person: Person, h: int) -> bool:
        """SPEC 3: present and Receives."""
        return person.receives and self.is_present(person, h)

    def is_willing_giver_in(self, person: Person, h: int) -> bool:
        """Present, Gives and with places: the part of "gives" that H2 owns."""
        return person.gives and person.capacity > 0 and self.is_present(person, h)

    def is_trained_by(self, person: Person, h: int) -> bool:
        """H6: trained, and by the half term's start when both dates are known."""
        if not person.supervision_trained:
            return False
        start = self.half_terms[h].start
        return person.trained_on is None or start is None or person.trained_on <= start

    def gives_in(self, person: Person, h: int) -> bool:
        """SPEC 3: present, Gives, Capacity > 0 and trained by h."""
        return self.is_willing_giver_in(person, h) and self.is_trained_by(person, h)

    def _absences_by_person(self, person: Person) -> tuple[Absence, ...]:
        return self._absence_map.get(person.id, ())

    @cached_property
    def _absence_map(self) -> dict[str, tuple[Absence, ...]]:
        grouped: dict[str, list[Absence]] = {}
        for a in self.absences:
            grouped.setdefault(a.person_id, []).append(a)
        return {k: tuple(v) for k, v in grouped.items()}


class Derived(dict):
    """What is worked out from a roster's fields alone. Two rosters with equal fields derive
    equal things, so this never tells two rosters apart: pydantic compares models' cached
    values too, and arrays do not compare as True or False."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Derived)

    __hash__ = None  # type: ignore[assignment]


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)
