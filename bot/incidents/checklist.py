"""The playbook checklist of an incident: ticking steps, progress, and how it is split over messages."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bot.core.errors import CrisisError
from bot.core.models import ChecklistItem, ChecklistMessage, Incident, require_id
from bot.core.policy import Action
from bot.incidents import incidents, permissions, timeline

STEPS_PER_MESSAGE = 20


@dataclass(frozen=True)
class Progress:
    """How many steps are done."""

    done: int
    total: int


def items(session: Session, incident_id: int) -> list[ChecklistItem]:
    """The steps in playbook order."""
    statement = select(ChecklistItem).where(ChecklistItem.incident_id == incident_id)
    return list(session.exec(statement.order_by(col(ChecklistItem.position))))


def progress(steps: list[ChecklistItem]) -> Progress:
    """Done / total for a list of steps."""
    return Progress(done=sum(1 for step in steps if step.done), total=len(steps))


def parts(steps: list[ChecklistItem], per_message: int = STEPS_PER_MESSAGE) -> list[list[ChecklistItem]]:
    """The steps split into consecutive groups, one Slack message each; a step is never cut."""
    return [steps[start : start + per_message] for start in range(0, len(steps), per_message)] or [[]]


def set_step(
    session: Session,
    incident: Incident,
    step_key: str,
    done: bool,
    user_id: str,
    now: datetime,
    *,
    crisis_leads: Collection[str] = (),
    is_channel_member: Callable[[], bool] | None = None,
) -> ChecklistItem | None:
    """Tick or untick one step. Returns the step when it changed, None when it already was so."""
    incidents.require_open(incident)
    permissions.require(
        session,
        incident,
        user_id,
        Action.TICK_CHECKLIST,
        now,
        crisis_leads=crisis_leads,
        is_channel_member=is_channel_member,
    )
    statement = select(ChecklistItem).where(
        ChecklistItem.incident_id == incident.id, ChecklistItem.step_key == step_key
    )
    step = session.exec(statement.with_for_update()).first()
    if step is None:
        raise CrisisError("errors.step_unknown")
    if step.done == done:
        return None
    step.done = done
    step.done_by_user_id = user_id if done else None
    step.done_at = now if done else None
    session.add(step)
    timeline.record(
        session,
        require_id(incident),
        "step_done" if done else "step_undone",
        now,
        user_id,
        step=step_key,
    )
    return step


def message_for_step(session: Session, incident_id: int, position: int) -> ChecklistMessage | None:
    """The checklist message that shows the step at `position`."""
    statement = select(ChecklistMessage).where(
        ChecklistMessage.incident_id == incident_id,
        ChecklistMessage.first_position <= position,
        ChecklistMessage.last_position >= position,
    )
    return session.exec(statement).first()


def messages(session: Session, incident_id: int) -> list[ChecklistMessage]:
    """The checklist messages of an incident, in order."""
    statement = select(ChecklistMessage).where(ChecklistMessage.incident_id == incident_id)
    return list(session.exec(statement.order_by(col(ChecklistMessage.part))))
