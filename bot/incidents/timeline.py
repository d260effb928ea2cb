"""The incident timeline: who did what, when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.core.models import TimelineEvent


def record(
    session: Session,
    incident_id: int,
    kind: str,
    at: datetime,
    actor_user_id: str | None = None,
    **detail: Any,
) -> TimelineEvent:
    """Add one event to an incident's timeline (in the caller's transaction)."""
    event = TimelineEvent(
        incident_id=incident_id, kind=kind, at=at, actor_user_id=actor_user_id, detail=detail
    )
    session.add(event)
    return event


def events(session: Session, incident_id: int) -> list[TimelineEvent]:
    """An incident's events, oldest first."""
    statement = select(TimelineEvent).where(TimelineEvent.incident_id == incident_id)
    return list(session.exec(statement.order_by(col(TimelineEvent.at), col(TimelineEvent.id))))
