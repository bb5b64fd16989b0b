"""A plan: who supervises whom in each half term, and who still needs cover."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from pydantic import BaseModel, ConfigDict, model_validator

# SessionStatus is defined beside TierSession, which this module imports and which needs it
# too; it belongs to the plan, and is imported from here.
from peerpair.domain.tiers import SessionStatus, TierSession


class Session(BaseModel):
    """One supervision session: `supervisor_id` supervises `supervisee_id` in `half_term`,
    on `date` from `start` to `end` once the calendar pass has dated it (SPEC 6). `status`
    is what the lead recorded of it on the plan (SPEC 8); None is blank."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    half_term: str
    supervisor_id: str
    supervisee_id: str
    date: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    status: SessionStatus | None = None


_NOT_HELD = (SessionStatus.MISSED, SessionStatus.CANCELLED)


def _session_order(s: Session) -> tuple:
    # A Missed session and its make-up share a pair: the earlier date comes first.
    return (
        s.half_term,
        s.supervisee_id,
        s.supervisor_id,
        s.date or dt.date.min,
        s.start or dt.time(),
    )


class CoverNeeded(BaseModel):
    """A session nobody could deliver: the supervisee receives in this half term but has no
    supervisor. `reason` is one line a trust lead can check by hand."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    half_term: str
    supervisee_id: str
    reason: str = ""


class Plan(BaseModel):
    """Sessions and Cover Needed are kept in one canonical order, so two plans with the same
    sessions are equal however they were made or read; sheets choose their own display order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sessions: tuple[Session, ...] = ()
    cover_needed: tuple[CoverNeeded, ...] = ()
    # The other tiers' sessions (SPEC 7): groups, mop-ups, school sessions, one-to-ones.
    tier_sessions: tuple[TierSession, ...] = ()

    @model_validator(mode="after")
    def _canonical_order(self) -> Plan:
        by_key = {
            "sessions": sorted(self.sessions, key=_session_order),
            "cover_needed": sorted(self.cover_needed, key=lambda c: (c.half_term, c.supervisee_id)),
            "tier_sessions": sorted(self.tier_sessions, key=TierSession.sort_key),
        }
        for field, ordered in by_key.items():
            object.__setattr__(self, field, tuple(ordered))
        return self

    def effective(self) -> Plan:
        """The plan as the rules and comparisons see it (SPEC 8): Cancelled sessions are
        dropped, and so is a Missed one once its supervisee has a make-up or is under Cover
        Needed in that half term. A Missed session not yet re-planned still stands for the
        supervisee's session: nothing has replaced it yet."""
        if self._effective_sessions is None:
            return self
        return self.model_copy(update={"sessions": self._effective_sessions})

    @cached_property
    def _effective_sessions(self) -> tuple[Session, ...] | None:
        """None when every session counts (the plan is its own effective plan)."""
        if not any(s.status in _NOT_HELD for s in self.sessions):
            return None
        replaced = {
            (s.half_term, s.supervisee_id) for s in self.sessions if s.status not in _NOT_HELD
        }
        replaced |= {(c.half_term, c.supervisee_id) for c in self.cover_needed}
        return tuple(
            s
            for s in self.sessions
            if s.status is not SessionStatus.CANCELLED
            and not (
                s.status is SessionStatus.MISSED and (s.half_term, s.supervisee_id) in replaced
            )
        )

    def sessions_in(self, half_term: str) -> list[Session]:
        return self._by_half_term.get(half_term, [])

    def supervisors_of(self, half_term: str, supervisee_id: str) -> list[str]:
        return self._supervisors.get((half_term, supervisee_id), [])

    def supervisees_of(self, half_term: str, supervisor_id: str) -> list[str]:
        return self._supervisees.get((half_term, supervisor_id), [])

    def model_copy(self, *, update=None, deep: bool = False) -> Plan:
        """A copy with some fields replaced, without the original's lookups (pydantic would
        carry them over, stale)."""
        copy = super().model_copy(update=update, deep=deep)
        for cached in ("_by_half_term", "_supervisors", "_supervisees", "_effective_sessions"):
            copy.__dict__.pop(cached, None)
        return copy

    # Lookups, built once: rules, reasons and sheets ask them for every person.

    @cached_property
    def _by_half_term(self) -> dict[str, list[Session]]:
        found: dict[str, list[Session]] = {}
        for s in self.sessions:
            found.setdefault(s.half_term, []).append(s)
        return found

    @cached_property
    def _supervisors(self) -> dict[tuple[str, str], list[str]]:
        found: dict[tuple[str, str], list[str]] = {}
        for s in self.sessions:
            found.setdefault((s.half_term, s.supervisee_id), []).append(s.supervisor_id)
        return found

    @cached_property
    def _supervisees(self) -> dict[tuple[str, str], list[str]]:
        found: dict[tuple[str, str], list[str]] = {}
        for s in self.sessions:
            found.setdefault((s.half_term, s.supervisor_id), []).append(s.supervisee_id)
        return found
