"""Every state and kind the app stores, as StrEnums: code and templates compare against these names."""

from __future__ import annotations

from enum import StrEnum


class IncidentStatus(StrEnum):
    """The states an incident moves through."""

    OPENING = "opening"
    OPEN = "open"
    RESOLVED = "resolved"


class Severity(StrEnum):
    """How bad a crisis is, least to most severe."""

    LOW = "low"
    HIGH = "high"
    CRITICAL = "critical"


class MentionState(StrEnum):
    """Where the team is with one mention."""

    OPEN = "open"
    RESPONDED = "responded"
    MOVED_PRIVATE = "moved_private"
    HIDDEN = "hidden"
    IGNORED = "ignored"
    #: The post has a real grievance: fix the cause first, then answer the person (seed 004).
    AWAITING_FIX = "awaiting_fix"


class StatementStatus(StrEnum):
    """The states a statement draft moves through. Only `proposed` drafts can be decided."""

    PROPOSED = "proposed"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    APPROVED = "approved"
    SUPERSEDED = "superseded"


class Role(StrEnum):
    """What a person can be in one incident besides the responsible person."""

    APPROVER = "approver"
    SPOKESPERSON = "spokesperson"


class MarkState(StrEnum):
    """The life of one scheduled reminder row."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"
    #: Not sent: the responsible person decided the crisis gets no public response (`/crisis waive`).
    WAIVED = "waived"


class MarkKind(StrEnum):
    """What a reminder row reminds of."""

    WARNING = "warning"
    DUE = "due"
    ESCALATION = "escalation"
    DAILY = "daily"
    FOLLOW_UP = "follow_up"
    NEXT_UPDATE = "next_update"
    #: A step due before the announced start of a planned disruption (`deadline: before`).
    EARLY_WARNING = "early_warning"
    #: Not a reminder: a drill's scripted mention, logged into the incident when it falls due.
    DRILL_MENTION = "drill_mention"


class Outcome(StrEnum):
    """Whether a hard mark was met when its reminder fired."""

    MET = "met"
    MISSED = "missed"
    WAIVED = "waived"


class CanvasState(StrEnum):
    """Whether an incident's channel has the living brief as a Slack canvas."""

    #: Not asked yet (the room is still opening, or it opened before canvases existed here).
    NONE = "none"
    ACTIVE = "active"
    #: Slack cannot hold one here (free tier, scope missing): the pinned header is the brief.
    UNAVAILABLE = "unavailable"


class SurfaceKind(StrEnum):
    """What a Slack surface the bot keeps up to date shows (bot/core/surfaces.py)."""

    HEADER = "header"
    CHECKLIST = "checklist"
    HOME = "home"
    CANVAS = "canvas"


#: Every enum above, by class name: the templates' globals.
ALL_STATES: dict[str, type[StrEnum]] = {
    cls.__name__: cls
    for cls in (
        IncidentStatus,
        Severity,
        MentionState,
        StatementStatus,
        Role,
        MarkState,
        MarkKind,
        Outcome,
        CanvasState,
    )
}
