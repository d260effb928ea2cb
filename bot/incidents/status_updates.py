"""Status updates: what happened, current impact, what we are doing, when the next update comes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.core.models import Incident, StatusUpdate, TimelineEvent, require_id
from bot.incidents import incidents, timeline

MAX_FIELD = 2000
#: One request for an update per person per incident within this long.
UPDATE_REQUEST_EVERY = timedelta(minutes=15)


@dataclass(frozen=True)
class UpdateForm:
    """What the `/crisis update` modal asks for."""

    what_happened: str
    impact: str
    actions: str
    next_update_at: datetime | None


def validate_update(form: UpdateForm, now: datetime) -> dict[str, str]:
    """Field → error string key; empty when the update can be posted."""
    errors: dict[str, str] = {}
    for field in ("what_happened", "impact", "actions"):
        value = getattr(form, field)
        if not value.strip():
            errors[field] = "errors_update.field_required"
        elif len(value) > MAX_FIELD:
            errors[field] = "errors_update.field_too_long"
    if form.next_update_at is not None and form.next_update_at <= now:
        errors["next_update_at"] = "errors_update.next_update_in_past"
    return errors


def record_update(
    session: Session, incident: Incident, form: UpdateForm, author_user_id: str, now: datetime
) -> StatusUpdate:
    """Store an update on an open incident and put it on the timeline."""
    incidents.require_open(incident)
    update = StatusUpdate(
        incident_id=require_id(incident),
        author_user_id=author_user_id,
        what_happened=form.what_happened.strip(),
        impact=form.impact.strip(),
        actions=form.actions.strip(),
        next_update_at=form.next_update_at,
        created_at=now,
    )
    session.add(update)
    session.flush()
    timeline.record(
        session,
        require_id(incident),
        "status_update",
        now,
        author_user_id,
        update_id=update.id,
        next_update_at=form.next_update_at.isoformat() if form.next_update_at else None,
    )
    return update


def latest_update(session: Session, incident_id: int) -> StatusUpdate | None:
    """The newest status update of an incident."""
    statement = select(StatusUpdate).where(StatusUpdate.incident_id == incident_id)
    newest_first = statement.order_by(col(StatusUpdate.created_at).desc(), col(StatusUpdate.id).desc())
    return session.exec(newest_first).first()


def request_update(
    session: Session, incident: Incident, requester_user_id: str, now: datetime
) -> datetime | None:
    """`requester_user_id` asks the responsible person for an update: recorded on the timeline, unless they
    asked within `UPDATE_REQUEST_EVERY`. Returns None when recorded, else when they may ask again."""
    incidents.require_open(incident)
    # the incident row is write-locked first, so two clicks in two processes are counted one after the other
    session.exec(select(Incident.id).where(Incident.id == require_id(incident)).with_for_update()).first()
    statement = select(TimelineEvent.at).where(
        TimelineEvent.incident_id == require_id(incident),
        TimelineEvent.kind == "update_requested",
        TimelineEvent.actor_user_id == requester_user_id,
    )
    last = session.exec(statement.order_by(col(TimelineEvent.at).desc())).first()
    if last is not None and now - last < UPDATE_REQUEST_EVERY:
        return last + UPDATE_REQUEST_EVERY
    timeline.record(
        session,
        require_id(incident),
        "update_requested",
        now,
        requester_user_id,
        responsible=incident.responsible_user_id,
    )
    return None
