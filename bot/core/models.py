"""Database tables (SQLModel). Times are stored as UTC."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bot.core.db import UTCDateTime
from bot.core.states import CanvasState, IncidentStatus, MarkState, MentionState, StatementStatus


class HasId(Protocol):
    """A table row with an integer primary key, None until the row is flushed."""

    id: int | None


def require_id(row: HasId) -> int:
    """The primary key of a row that has been stored; a row without one here is a programming error."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id: it was never flushed")
    return row.id


class Incident(SQLModel, table=True):
    """One crisis: one channel, one responsible person."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    #: The Enterprise Grid org of the workspace, when there is one (an org-wide install answers for it).
    enterprise_id: str | None = Field(default=None, max_length=32)
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
    leadership_channel_id: str | None = Field(default=None, max_length=32)
    leadership_ts: str | None = Field(default=None, max_length=32)
    is_drill: bool = False
    #: How many times faster than real time the incident's clock runs (drills: 24 puts 48 hours in 2).
    time_scale: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    #: A drill whose events are mirrored to the leadership channel (asked for when it was started).
    drill_reaches_leadership: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    source_view_id: str | None = Field(default=None, max_length=64, unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: When a planned disruption starts (the `deadline: before` steps are reminded ahead of it).
    disruption_starts_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: Set when the responsible person decided not to respond publicly: the 12h/48h marks are waived.
    waiver_reason: str | None = Field(default=None, sa_type=sa.Text)
    waived_by_user_id: str | None = Field(default=None, max_length=32)
    waived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: An invite-only crisis (a data leak always is): nothing about it leaves its channel...
    is_private: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    #: ...unless the responsible person (or a crisis lead) opted in to share it with leadership.
    shared_with_leadership: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    #: The channel canvas holding the living brief, and whether the workspace can have one at all.
    canvas_id: str | None = Field(default=None, max_length=32)
    canvas_state: str = Field(
        default=CanvasState.NONE, max_length=16, sa_column_kwargs={"server_default": CanvasState.NONE.value}
    )
    #: When the team said the cause is fixed (`/crisis fixed`): mentions waiting for the fix get answered.
    cause_fixed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cause_fixed_by_user_id: str | None = Field(default=None, max_length=32)
    #: When the channel was asked to name a senior spokesperson (once, on reaching critical severity).
    senior_prompted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


def require_channel(incident: Incident) -> str:
    """The incident's channel id; only an incident still being opened has none."""
    if incident.channel_id is None:
        raise ValueError(f"incident {incident.id} has no channel yet")
    return incident.channel_id


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
    """A request Slack sent (a command, a click, a submission), kept from before its ack until its work is
    done, so that a replay changes nothing and work a crash interrupted is resumed (the request inbox)."""

    __tablename__ = "processed_request"

    key: str = Field(primary_key=True, max_length=200)
    at: datetime = Field(sa_type=UTCDateTime)
    #: received (acked, work not started) → started (a process is doing the work) → done | failed
    state: str = Field(default="done", max_length=16, index=True)
    #: the request's payload as JSON while its work is unfinished (dropped when done)
    body: str | None = Field(default=None, sa_type=sa.Text)
    owner: str | None = Field(default=None, max_length=200)
    #: until when its process owns the work (claim time + inbox.LEASE; kept once done)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    attempts: int = 0


class SlackSurface(SQLModel, table=True):
    """Something in Slack the bot keeps showing the latest state of (a pinned header, a checklist
    message, a workspace's Home tabs, a canvas): a state change bumps `wanted`; the reconciler renders the
    latest state wherever `shown` lags behind, so a burst of changes becomes one Slack call and a crash
    or a rate limit only delays it."""

    __tablename__ = "slack_surface"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=32)
    team_id: str = Field(default="", max_length=32)
    #: the Enterprise Grid org of `team_id` (OAuth distribution, org-wide installs), else None
    enterprise_id: str | None = Field(default=None, max_length=32)
    channel_id: str = Field(default="", max_length=32)
    incident_id: int | None = Field(default=None, index=True)
    wanted: int = 1
    shown: int = 0
    #: not to be shown before this (a rate limit's Retry-After, a back-off, a kind's minimum interval)
    not_before: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claimed_by: str | None = Field(default=None, max_length=200)
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=200)


class StatusUpdate(SQLModel, table=True):
    """A formatted update posted in the incident channel and mirrored to leadership."""

    __tablename__ = "status_update"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True, ondelete="CASCADE")
    author_user_id: str = Field(max_length=32)
    what_happened: str = Field(sa_type=sa.Text)
    impact: str = Field(sa_type=sa.Text)
    actions: str = Field(sa_type=sa.Text)
    next_update_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    message_ts: str | None = Field(default=None, max_length=32)


class WorkspaceSettings(SQLModel, table=True):
    """Per-workspace settings changed from Slack (`/crisis settings`); the environment is the default."""

    __tablename__ = "workspace_settings"

    team_id: str = Field(primary_key=True, max_length=32)
    leadership_channel_id: str | None = Field(default=None, max_length=32)
    monitoring_channel_id: str | None = Field(default=None, max_length=32)
    updated_by_user_id: str | None = Field(default=None, max_length=32)
    updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class HomeViewer(SQLModel, table=True):
    """Someone who opened the App Home recently: their tab is refreshed when incidents change."""

    __tablename__ = "home_viewer"

    user_id: str = Field(primary_key=True, max_length=32)
    team_id: str = Field(max_length=32)
    opened_at: datetime = Field(sa_type=UTCDateTime, index=True)


class Mention(SQLModel, table=True):
    """One negative post about the company, logged into an incident, with its triage and handling.

    The URL is unique per incident: logging the same post twice (a webhook retry, two people) keeps one.
    """

    __table_args__ = (sa.UniqueConstraint("incident_id", "url"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True, ondelete="CASCADE")
    url: str = Field(max_length=2000)
    platform: str = Field(max_length=64)
    author: str | None = Field(default=None, max_length=200)
    author_followers: int | None = None
    text: str = Field(default="", sa_type=sa.Text)
    posted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reach: int | None = None
    mention_class: str = Field(max_length=32)
    suggested_action: str = Field(max_length=64)
    source_kind: str = Field(max_length=32)
    reasons: list = Field(default_factory=list, sa_type=sa.JSON)
    duplicate_of_id: int | None = Field(default=None, foreign_key="mention.id", ondelete="SET NULL")
    classified_by_user_id: str | None = Field(default=None, max_length=32)
    state: str = Field(default=MentionState.OPEN, max_length=16)
    hidden_reason: str | None = Field(default=None, sa_type=sa.Text)
    handled_by_user_id: str | None = Field(default=None, max_length=32)
    handled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    card_ts: str | None = Field(default=None, max_length=32)
    logged_by: str = Field(max_length=64)
    created_at: datetime = Field(sa_type=UTCDateTime)
    #: When the responsible person was pinged about it (influencer and press posts, once).
    pinged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class MonitoringBurst(SQLModel, table=True):
    """A run of negative posts in the monitoring feed, each within the window of the one before; it
    suggests opening a crisis at most once, and the crisis opened from it takes its posts as mentions."""

    __tablename__ = "monitoring_burst"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    first_posted_at: datetime = Field(sa_type=UTCDateTime)
    last_posted_at: datetime = Field(sa_type=UTCDateTime)
    #: What crossed the threshold ("volume", "influencer", "media"); None while below it.
    trigger: str | None = Field(default=None, max_length=16)
    suggested_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    channel_id: str | None = Field(default=None, max_length=32)
    suggestion_ts: str | None = Field(default=None, max_length=32)
    incident_id: int | None = Field(default=None, foreign_key="incident.id", ondelete="SET NULL")
    created_at: datetime = Field(sa_type=UTCDateTime)


class MonitoredPost(SQLModel, table=True):
    """A post the mentions webhook received without naming a crisis: triaged in the monitoring feed.

    The URL is unique per workspace: a listening tool's retry keeps one post and one card.
    """

    __tablename__ = "monitored_post"

    __table_args__ = (sa.UniqueConstraint("team_id", "url"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    url: str = Field(max_length=2000)
    platform: str = Field(max_length=64)
    author: str | None = Field(default=None, max_length=200)
    author_followers: int | None = None
    text: str = Field(default="", sa_type=sa.Text)
    posted_at: datetime = Field(sa_type=UTCDateTime)
    reach: int | None = None
    language: str = Field(max_length=8)
    mention_class: str = Field(max_length=32)
    suggested_action: str = Field(max_length=64)
    source_kind: str = Field(max_length=32)
    reasons: list = Field(default_factory=list, sa_type=sa.JSON)
    #: Counts towards a burst (not an ad, not a repeat of an earlier post).
    negative: bool = True
    #: A repeat: the first post of its group (the feed keeps that one).
    duplicate_of_id: int | None = Field(default=None, foreign_key="monitored_post.id", ondelete="SET NULL")
    burst_id: int | None = Field(
        default=None, foreign_key="monitoring_burst.id", index=True, ondelete="SET NULL"
    )
    channel_id: str | None = Field(default=None, max_length=32)
    card_ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)


class WebhookToken(SQLModel, table=True):
    """A workspace's secret for `POST /webhooks/mentions`; only its SHA-256 is stored."""

    __tablename__ = "webhook_token"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    token_hash: str = Field(max_length=64, unique=True)
    label: str = Field(default="", max_length=100)
    created_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Statement(SQLModel, table=True):
    """A draft of the public message; approved, it is *the* message (one per incident at a time)."""

    __table_args__ = (
        sa.UniqueConstraint("incident_id", "number"),
        sa.UniqueConstraint("incident_id", "version"),
        # The database itself guarantees at most one approved message per incident: two approvals
        # racing in two processes leave exactly one winner.
        sa.Index(
            "uq_statement_one_approved",
            "incident_id",
            unique=True,
            sqlite_where=sa.text("status = 'approved'"),
            postgresql_where=sa.text("status = 'approved'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True, ondelete="CASCADE")
    number: int
    version: int | None = None
    text: str = Field(sa_type=sa.Text)
    platforms: list = Field(default_factory=list, sa_type=sa.JSON)
    tone: str = Field(max_length=16)
    author_user_id: str = Field(max_length=32)
    status: str = Field(default=StatementStatus.PROPOSED, max_length=24)
    card_ts: str | None = Field(default=None, max_length=32)
    findings: list = Field(default_factory=list, sa_type=sa.JSON)
    decided_by_user_id: str | None = Field(default=None, max_length=32)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reason: str | None = Field(default=None, sa_type=sa.Text)
    source_view_id: str | None = Field(default=None, max_length=64, unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class IncidentRole(SQLModel, table=True):
    """Someone with a role in one incident: an approver (besides the responsible person) or a spokesperson."""

    __tablename__ = "incident_role"

    __table_args__ = (sa.UniqueConstraint("incident_id", "user_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True, ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    role: str = Field(max_length=16)
    added_by_user_id: str = Field(max_length=32)
    added_at: datetime = Field(sa_type=UTCDateTime)


class Publication(SQLModel, table=True):
    """Where and when an approved version was published (and, when it differed, what was posted)."""

    __table_args__ = (sa.UniqueConstraint("statement_id", "platform", "url"),)

    id: int | None = Field(default=None, primary_key=True)
    statement_id: int = Field(foreign_key="statement.id", index=True, ondelete="CASCADE")
    platform: str = Field(max_length=32)
    url: str = Field(max_length=2000)
    published_by: str = Field(max_length=32)
    published_at: datetime = Field(sa_type=UTCDateTime)
    posted_text: str | None = Field(default=None, sa_type=sa.Text)
    similarity: float | None = None


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


class SlackUser(SQLModel, table=True):
    """A workspace member's names as Slack last told us (users.info), so text that leaves Slack can
    show a name. Refreshed when older than the directory's refresh age."""

    __tablename__ = "slack_user"

    user_id: str = Field(primary_key=True, max_length=32)
    display_name: str = Field(default="", max_length=200)
    real_name: str = Field(default="", max_length=200)
    deleted: bool = False
    fetched_at: datetime = Field(sa_type=UTCDateTime)
