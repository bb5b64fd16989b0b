"""A plan: who supervises whom in each half term, and who still needs cover."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator


class Session(BaseModel):
    """One supervision session: `supervisor_id` supervises `supervisee_id` in `half_term`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    half_term: str
    supervisor_id: str
    supervisee_id: str


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

    @model_validator(mode="after")
    def _canonical_order(self) -> Plan:
        by_key = {
            "sessions": sorted(
                self.sessions, key=lambda s: (s.half_term, s.supervisee_id, s.supervisor_id)
            ),
            "cover_needed": sorted(self.cover_needed, key=lambda c: (c.half_term, c.supervisee_id)),
        }
        for field, ordered in by_key.items():
            object.__setattr__(self, field, tuple(ordered))
        return self

    def sessions_in(self, half_term: str) -> list[Session]:
        return [s for s in self.sessions if s.half_term == half_term]

    def supervisors_of(self, half_term: str, supervisee_id: str) -> list[str]:
        return [
            s.supervisor_id
            for s in self.sessions
            if s.half_term == half_term and s.supervisee_id == supervisee_id
        ]

    def supervisees_of(self, half_term: str, supervisor_id: str) -> list[str]:
        return [
            s.supervisee_id
            for s in self.sessions
            if s.half_term == half_term and s.supervisor_id == supervisor_id
        ]
