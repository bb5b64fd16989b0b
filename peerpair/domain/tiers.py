"""The policies' other tiers as the roster holds them (SPEC 7), and the sessions planned for
them.

Peer pairing is one tier of each policy. The others are optional roster sheets:

- Groups: group safeguarding supervision (policy 000's universal offer, 002's groups of up
  to six, 003's group of DSLs);
- Schools: one trust-led session per school per term, every half term for a school with a
  high caseload (003);
- Requirements: role-based one-to-one supervision (001 Appendix 1, 004's role table);
- Requests: targeted or additional supervision someone asked for (000, 001).

These models are plain, validated data: who belongs to a group or holds a role is worked out
against the Staff sheet in `peerpair.tiers.people`. Nothing here imports the roster, which
holds these models.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Per = Literal["half term", "term", "year"]
PERIODS: tuple[Per, ...] = ("half term", "term", "year")
DEFAULT_MAX_SIZE = 6  # policy 002: "a group of up to six"
DEFAULT_VISIT_MINUTES = 90  # policy 003: "approximately one to two hours"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


@lru_cache(maxsize=4096)  # a roster has a few roles, asked about for every person (issue 17)
def role_key(text: str) -> str:
    """Roles match ignoring case, spacing and anything in brackets: "DSL (part-time)" holds
    the role "DSL", and "Deputy DSL" does not."""
    return " ".join(re.sub(r"\([^)]*\)", " ", text).casefold().split())


# An abbreviation in brackets: one word with two capitals at least, like (DSL) or (SENCo),
# not a note like (part-time) or (Deputy).
_ABBREVIATION = re.compile(r"\(\s*([A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*)\s*\)")


@lru_cache(maxsize=4096)
def roles_in(role: str) -> frozenset[str]:
    """The roles a Role cell names: several may be separated by commas, semicolons or
    slashes ("DSL / SENDCo"); a role with its abbreviation in brackets is both (SPEC 2):
    "Designated Safeguarding Lead (DSL)" holds "designated safeguarding lead" and "dsl"."""
    parts = re.split(r"[,;/]", role)
    named = [*parts, *(m for part in parts for m in _ABBREVIATION.findall(part))]
    return frozenset(key for part in named if (key := role_key(part)))


class Selector(_Frozen):
    """One item of a group's Members cell: a person's ID, or everyone at a school, with a
    role, or in a hub."""

    kind: Literal["id", "school", "role", "hub"]
    value: str = Field(min_length=1)

    def __str__(self) -> str:
        return self.value if self.kind == "id" else f"{self.kind}:{self.value}"


class Group(_Frozen):
    """A row of the Groups sheet: group safeguarding supervision. Every present member is
    in at least one of its sessions each period, at most `max_size` to a session, each led
    by one of the facilitators; a mop-up session in the last week of each period takes
    those who missed theirs (000)."""

    name: str = Field(min_length=1)
    facilitator_ids: tuple[str, ...] = Field(min_length=1)
    members: tuple[Selector, ...] = Field(min_length=1)
    per: Per = "half term"
    max_size: int = Field(default=DEFAULT_MAX_SIZE, ge=1)


class SchoolVisit(_Frozen):
    """A row of the Schools sheet: a trust-led session at the school once a term, or every
    half term when it has a high caseload (003)."""

    school: str = Field(min_length=1)
    high_caseload: bool = False

    @property
    def per(self) -> Per:
        return "half term" if self.high_caseload else "term"


class Requirement(_Frozen):
    """A row of the Requirements sheet: everyone holding `role` is supervised one-to-one by
    someone holding `supervisor_role` once per period (001 Appendix 1, 004)."""

    role: str = Field(min_length=1)
    supervisor_role: str = Field(min_length=1)
    per: Per = "half term"


class Request(_Frozen):
    """A row of the Requests sheet: someone asked for a one-to-one session, by a date. Any
    reason given is never read."""

    person_id: str = Field(min_length=1)
    preferred_supervisor_id: str | None = None
    by: dt.date | None = Field(default=None, description="the session is on or before it")

    @model_validator(mode="after")
    def _not_themselves(self) -> Request:
        if self.preferred_supervisor_id == self.person_id:
            raise ValueError("nobody supervises themselves")
        return self


class Tier(StrEnum):
    """A session's tier, as the plan's Sessions sheet names it. A session someone asked for
    (Requests sheet) is a one-to-one: the plan is shared, and never says who asked."""

    PEER = "peer"
    GROUP = "group"
    MOP_UP = "mop-up"
    SCHOOL = "school"
    ONE_TO_ONE = "one-to-one"


class SessionStatus(StrEnum):
    """What the lead recorded of a session on the plan's Status column (SPEC 8). A blank
    Status is None: before today, assumed held; from today, planned."""

    HELD = "Held"  # it took place: a re-solve keeps it
    MISSED = "Missed"  # it did not take place: a re-solve books a make-up
    POSTPONED = "Postponed"  # moved to the Date the lead typed: kept on that date
    CANCELLED = "Cancelled"  # not needed (the person left or is absent): dropped


class TierSession(_Frozen):
    """A session of a tier other than peer: led by `lead_id`, attended by `attendee_ids`,
    on a date. `school` is the school the session is for (blank when it is for several);
    `group` names the group of a group or mop-up session; `status` is what the lead
    recorded of it (SPEC 8), None for blank."""

    tier: Tier
    half_term: str
    date: dt.date
    start: dt.time
    end: dt.time
    lead_id: str
    attendee_ids: tuple[str, ...] = ()
    school: str = ""
    group: str = ""
    status: SessionStatus | None = None

    @model_validator(mode="after")
    def _tidy(self) -> TierSession:
        if self.tier is Tier.PEER:
            raise ValueError("peer sessions are the plan's Pairings")
        if self.end <= self.start:
            raise ValueError("a session ends after it starts")
        object.__setattr__(self, "attendee_ids", tuple(sorted(set(self.attendee_ids))))
        return self

    @property
    def people(self) -> tuple[str, ...]:
        """Everyone in the session, once each: the lead, then the attendees. A hand-edited
        plan may list the lead among the attendees too; that is one person, in one session."""
        return (self.lead_id, *(i for i in self.attendee_ids if i != self.lead_id))

    def sort_key(self) -> tuple:
        return (
            self.half_term,
            self.date,
            self.start,
            self.tier,
            self.group,
            self.school,
            self.lead_id,
            self.attendee_ids,
        )


class Unscheduled(_Frozen):
    """Something a tier needs that the plan could not give, with why: for the terminal, the
    lead's eyes only (it may name a request). `half_term` is the last half term of the
    period it concerns."""

    tier: Tier
    half_term: str
    message: str
