"""Database tables (SQLModel). Times are stored as UTC."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bot.db import UTCDateTime

SEVERITIES = ("low", "high", "critical")


class IncidentStatus:
    """The states an incident moves through."""

    OPENING = "opening"
    OPEN = "open"
    RESOLVED = "resolved"


class Incident(SQLModel, table=True):
    """One crisis: one channel, one responsible person."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    channel_id: str | None = Field(default=None, max_length=32, unique=True)
    channel_name: str | None = Field(default=None, max_length=80)
    title: str = Field(max_length=150)
    case_key: str = Field(max_length=64)
    severity: str = Field(max_length=16)
    language: str = Field(max_length=8)
    responsible_user_id: str = Field(max_length=32)
    opener_user_id: str = Field(max_length=32)
    first_negative_at: datetime = Field(sa_type=UTCDateTime)
    first_post_url: str | None = Field(default=None, max_length=2000)
    description: str = Field(default="", sa_type=sa.Text)
    status: str = Field(default=IncidentStatus.OPENING, max_length=16, index=True)
    resolution: str | None = Field(default=None, sa_type=sa.Text)
    header_ts: str | None = Field(default=None, max_length=32)
    is_drill: bool = False
    source_view_id: str | None = Field(default=None, max_length=64, unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ChecklistItem(SQLModel, table=True):
    """One playbook step of one incident, with who ticked it and when (text snapshotted at open)."""

    __tablename__ = "checklist_item"

    __table_args__ = (sa.UniqueConstraint("incident_id", "step_key"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True, ondelete="CASCADE")
    step_key: str = Field(max_length=64)
    position: int
    phase: str = Field(max_length=16)
    owner: str = Field(max_length=16)
    deadline: str | None = Field(default=None, max_length=16)
    text: str = Field(sa_type=sa.Text)
    guidance: str | None = Field(default=None, sa_type=sa.Text)
    done: bool = False
    done_by_user_id: str | None = Field(default=None, max_length=32)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ChecklistMessage(SQLModel, table=True):
    """A Slack message that shows part of an incident's checklist (long playbooks span several)."""

    __tablename__ = "checklist_message"

    __table_args__ = (sa.UniqueConstraint("incident_id", "part"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True, ondelete="CASCADE")
    part: int
    ts: str = Field(max_length=32)
    first_position: int
    last_position: int
    revision: int = 0


class TimelineEvent(SQLModel, table=True):
    """Who did what, when, on an incident."""

    __tablename__ = "timeline_event"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True, ondelete="CASCADE")
    at: datetime = Field(sa_type=UTCDateTime)
    actor_user_id: str | None = Field(default=None, max_length=32)
    kind: str = Field(max_length=32)
    detail: dict = Field(default_factory=dict, sa_type=sa.JSON)


class ProcessedRequest(SQLModel, table=True):
    """A request already acted on (a click, an event, a submission): its replay changes nothing."""

    __tablename__ = "processed_request"

    key: str = Field(primary_key=True, max_length=200)
    at: datetime = Field(sa_type=UTCDateTime)


class MarkState:
    """The life of one scheduled reminder row."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"


class DeadlineMark(SQLModel, table=True):
    """One reminder the response clock owes an incident: a warning, a mark, an escalation, a daily
    reminder or the follow-up. The row is the record of truth; the scheduler only wakes up to read it.

    (incident, mark, kind, due_at) is unique, so scheduling twice is harmless and each send is keyed.
    """

    __tablename__ = "deadline_mark"

    __table_args__ = (
        sa.UniqueConstraint("incident_id", "mark", "kind", "due_at"),
        sa.Index("ix_deadline_mark_state_due_at", "state", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True, ondelete="CASCADE")
    mark: str = Field(max_length=80)
    kind: str = Field(max_length=16)
    due_at: datetime = Field(sa_type=UTCDateTime)
    state: str = Field(default=MarkState.PENDING, max_length=16)
    created_at: datetime = Field(sa_type=UTCDateTime)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    late: bool = False
    outcome: str | None = Field(default=None, max_length=16)
    attempts: int = 0
    message_ts: str | None = Field(default=None, max_length=32)
