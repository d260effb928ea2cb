"""Helpers for the deadline tests: fire reminders with the app's manual clock, read the rows back."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import DeadlineMark, Incident
from bot.deadlines.service import Fired, fire_due
from messages import ids
from tests.support.running_app import START, RunningApp

FIRST_POST = START - timedelta(hours=3)  # what open_crisis() enters
RESPONSE_DUE = FIRST_POST + timedelta(hours=12)
PUBLICATION_DUE = FIRST_POST + timedelta(hours=48)
NEXT_DAILY = START + timedelta(days=1)  # 09:00 UTC, the default DAILY_REMINDER_HOUR


def fire(crisis: RunningApp, at: object = None) -> list[Fired]:
    """Move the app's clock to `at` (if given) and fire what is due, as the scheduler would."""
    if at is not None:
        crisis.clock.set(at)  # type: ignore[arg-type]
    return fire_due(crisis.context, crisis.clock.now())


def posted(fired: list[Fired]) -> list[tuple[str, str]]:
    """(mark, kind) of every reminder that was really posted."""
    return [(item.mark, item.kind) for item in fired if item.result == "posted"]


def rows(engine: Engine, incident_id: int) -> list[DeadlineMark]:
    """The incident's deadline rows, oldest first."""
    with Session(engine) as session:
        statement = select(DeadlineMark).where(DeadlineMark.incident_id == incident_id)
        return list(session.exec(statement.order_by(DeadlineMark.due_at, DeadlineMark.id)))  # type: ignore[arg-type]


def last_text(crisis: RunningApp, channel_id: str) -> str:
    """The blocks of the newest message in a channel, as one string."""
    return str(crisis.standin.messages(channel_id)[-1]["blocks"])


def tick_step(crisis: RunningApp, incident: Incident, step_key: str, user_id: str = "U0RESP") -> None:
    """Tick a checklist step by clicking its checkbox in the posted checklist."""
    block_id = ids.STEP_BLOCK_PREFIX + step_key
    for message in crisis.standin.messages(incident.channel_id):  # type: ignore[arg-type]
        if any(block.get("block_id") == block_id for block in message.get("blocks", [])):
            crisis.click(message, ids.CHECKLIST_TOGGLE, user_id, option_value=step_key, block_id=block_id)
            return
    raise AssertionError(f"no checklist message shows {step_key}")


def approve_response(crisis: RunningApp, incident: Incident, platforms: list[str] | None = None) -> None:
    """Propose a draft and have the responsible person approve it (the 12h mark is then met)."""
    from tests.e2e.test_statements import card_of, propose

    propose(crisis, incident, platforms=platforms or ["facebook", "x"])
    crisis.click(card_of(crisis, incident, latest=True), ids.STATEMENT_APPROVE, incident.responsible_user_id)


def publish_on(crisis: RunningApp, incident: Incident, *platforms: str) -> None:
    """Log the approved version as published on `platforms`."""
    for platform in platforms:
        crisis.command(
            f"published {platform} https://{platform}.example/posts/1",
            user_id=incident.responsible_user_id,
            channel_id=incident.channel_id,
        )
