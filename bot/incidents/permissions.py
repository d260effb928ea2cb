"""Enforcing the policy of `bot.core.policy` on one incident: the only caller of `policy.may`.

Domain functions that change what only some people may change call `require` first, before they
write anything, so a refusal leaves the transaction untouched and is recorded on the timeline.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime

from sqlmodel import Session, col, select

from bot.core import policy
from bot.core.errors import NotAllowed
from bot.core.models import Incident, IncidentRole, require_id
from bot.core.policy import Action, Standing
from bot.core.states import Role


def approvers(session: Session, incident_id: int) -> list[str]:
    """The approvers the responsible person named, in the order they were added."""
    query = select(IncidentRole.user_id).where(
        IncidentRole.incident_id == incident_id, IncidentRole.role == Role.APPROVER
    )
    return list(session.exec(query.order_by(col(IncidentRole.id))))


def standings(
    session: Session, incident: Incident, user_id: str, crisis_leads: Collection[str]
) -> set[Standing]:
    """What `user_id` is in this incident, as far as the database and settings tell."""
    return policy.standings_of(
        user_id,
        responsible_user_id=incident.responsible_user_id,
        approvers=approvers(session, require_id(incident)),
        crisis_leads=crisis_leads,
    )


def require(
    session: Session,
    incident: Incident,
    user_id: str,
    action: Action,
    now: datetime,
    *,
    crisis_leads: Collection[str] = (),
    is_channel_member: Callable[[], bool] | None = None,
) -> None:
    """Raise NotAllowed (explained to the person, logged on the timeline) unless the policy allows it.

    `is_channel_member` asks Slack; it is called only when membership alone would be enough and the
    database has not already answered.
    """
    found = standings(session, incident, user_id, crisis_leads)
    if policy.may(action, found):
        return
    if policy.asks_membership(action) and is_channel_member is not None and is_channel_member():
        return
    raise NotAllowed(
        f"policy.refused.{action}",
        incident_id=incident.id,
        action=str(action),
        actor_user_id=user_id,
        at=now,
        responsible_user=incident.responsible_user_id,
    )
