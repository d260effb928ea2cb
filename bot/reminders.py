"""Posting the reminders the response clock owes (the *what*; `bot.scheduler` decides *when*).

Each due `deadline_mark` row is claimed with a conditional UPDATE (pending → sending) that only one
process can win, rendered, posted through the gateway, then marked sent. A Slack failure returns the
row to pending, so it is retried on the next tick and never lost; a row is posted at most once unless a
process dies between Slack accepting the message and the database recording it (then the row is
retried after `deadlines.SENDING_LEASE`: a possible duplicate rather than a silent loss).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot import checklist, deadlines
from bot.context import AppContext
from bot.db import session_scope
from bot.deadlines import MarkKind, Outcome
from bot.gateway import SlackCallFailed
from bot.models import ChecklistItem, DeadlineMark, Incident, IncidentStatus, MarkState
from messages.render import Message, render_message

log = logging.getLogger(__name__)

#: A reminder fired this long after it was due (or created, if later) is labelled late.
LATE_AFTER = timedelta(minutes=5)
#: Rows handled per batch; `fire_due` keeps taking batches until the queue is empty.
BATCH = 200
#: After this many failed posts a row is marked failed (still listed by `/crisis deadlines`).
MAX_ATTEMPTS = 50
#: Errors that mean the leadership channel will not take the escalation: post it in the incident channel.
UNREACHABLE = ("channel_not_found", "not_in_channel", "is_archived", "invalid_channel")


@dataclass(frozen=True)
class Fired:
    """What happened to one claimed row: `posted`, `skipped` (nothing to say), `cancelled`
    (the incident moved on), `retry` (Slack failed; pending again) or `failed` (gave up)."""

    mark_id: int
    incident_id: int
    mark: str
    kind: str
    result: str
    late: bool = False
    outcome: str | None = None
    channel: str | None = None


@dataclass(frozen=True)
class _Delivery:
    channel: str
    fallback_channel: str | None
    message: Message
    outcome: str | None


@dataclass(frozen=True)
class _Silence:
    state: str
    outcome: str | None


def fire_due(context: AppContext, now: datetime, limit: int = BATCH) -> list[Fired]:
    """Post every reminder due by `now` that no other process has claimed; returns what was done."""
    fired: list[Fired] = []
    while True:
        with session_scope(context.engine) as session:
            ids = [row.id for row in deadlines.due_marks(session, now, limit)]
        for mark_id in ids:
            result = fire_one(context, mark_id, now)  # type: ignore[arg-type]
            if result is not None:
                fired.append(result)
        if len(ids) < limit:
            return fired
        if all(item.result == "retry" for item in fired[-len(ids) :]):
            return fired  # Slack is down: the rest waits for the next tick


def fire_one(context: AppContext, mark_id: int, now: datetime) -> Fired | None:
    """Claim one row, post it, record the outcome. None when another process already claimed it."""
    engine = context.engine
    if not _claim(engine, mark_id, now):
        return None
    with session_scope(engine) as session:
        row = session.get(DeadlineMark, mark_id)
        assert row is not None
    late = now - max(row.due_at, row.created_at) > LATE_AFTER
    try:
        with session_scope(engine) as session:
            incident = session.get(Incident, row.incident_id)
            decision = _decide(session, context, row, incident, late)
    except Exception:
        log.exception("could not prepare reminder %s; it stays pending", mark_id)
        return _release(engine, row)
    if isinstance(decision, _Silence):
        _finish(context, row, decision.state, now, late, decision.outcome, None)
        result = "cancelled" if decision.state == MarkState.CANCELLED else "skipped"
        return Fired(mark_id, row.incident_id, row.mark, row.kind, result, late, decision.outcome)
    channel = decision.channel
    message = decision.message
    try:
        try:
            ts = context.gateway.post_message(channel, message.text, message.blocks)
        except SlackCallFailed as failure:
            if not (decision.fallback_channel and failure.error in UNREACHABLE):
                raise
            log.warning("leadership channel refused an escalation (%s); using the incident", failure.error)
            channel = decision.fallback_channel
            ts = context.gateway.post_message(channel, message.text, message.blocks)
    except Exception as error:
        log.warning("reminder %s not posted (%s); it will be retried", mark_id, error)
        return _release(engine, row)
    _finish(context, row, MarkState.SENT, now, late, decision.outcome, ts)
    return Fired(mark_id, row.incident_id, row.mark, row.kind, "posted", late, decision.outcome, channel)


def _claim(engine: Engine, mark_id: int, now: datetime) -> bool:
    table = DeadlineMark.__table__  # type: ignore[attr-defined]
    with session_scope(engine) as session:
        claimed = session.execute(
            sa.update(table)
            .where(table.c.id == mark_id, table.c.state == MarkState.PENDING)
            .values(state=MarkState.SENDING, claimed_at=now)
        )
        return claimed.rowcount == 1  # type: ignore[attr-defined]


def _release(engine: Engine, row: DeadlineMark) -> Fired:
    """Put a claimed row back in the queue (or give up on it after MAX_ATTEMPTS)."""
    table = DeadlineMark.__table__  # type: ignore[attr-defined]
    attempts = row.attempts + 1
    state = MarkState.FAILED if attempts >= MAX_ATTEMPTS else MarkState.PENDING
    with session_scope(engine) as session:
        session.execute(
            sa.update(table)
            .where(table.c.id == row.id, table.c.state == MarkState.SENDING)
            .values(state=state, attempts=attempts, claimed_at=None)
        )
    if state == MarkState.FAILED:
        log.error("reminder %s gave up after %s attempts", row.id, attempts)
    result = "failed" if state == MarkState.FAILED else "retry"
    return Fired(row.id, row.incident_id, row.mark, row.kind, result)  # type: ignore[arg-type]


def _finish(
    context: AppContext,
    row: DeadlineMark,
    state: str,
    now: datetime,
    late: bool,
    outcome: str | None,
    ts: str | None,
) -> None:
    """Record what became of a claimed row; a sent daily reminder plans the next day's."""
    table = DeadlineMark.__table__  # type: ignore[attr-defined]
    with session_scope(context.engine) as session:
        session.execute(
            sa.update(table)
            .where(table.c.id == row.id, table.c.state == MarkState.SENDING)
            .values(
                state=state,
                sent_at=now if state == MarkState.SENT else None,
                late=late,
                outcome=outcome,
                message_ts=ts,
            )
        )
        step_key = deadlines.daily_step_key(row.mark)
        if step_key and state == MarkState.SENT:
            incident = session.get(Incident, row.incident_id)
            if incident is not None:
                deadlines.schedule_next_daily(session, incident, step_key, context.settings, now)


def _decide(
    session: Session, context: AppContext, row: DeadlineMark, incident: Incident | None, late: bool
) -> _Delivery | _Silence:
    """What this row should say and where, or why it stays silent."""
    if incident is None or not incident.channel_id:
        return _Silence(MarkState.CANCELLED, None)
    wanted_status = IncidentStatus.RESOLVED if row.kind == MarkKind.FOLLOW_UP else IncidentStatus.OPEN
    if incident.status != wanted_status:
        return _Silence(MarkState.CANCELLED, None)
    settings = context.settings
    channel, fallback = incident.channel_id, None
    outcome: str | None = None
    status = deadlines.MarkStatus(met=False, missing=[])
    due_at = row.due_at
    step: ChecklistItem | None = None
    if row.mark in deadlines.HARD_MARKS:
        status = deadlines.mark_status(session, incident, row.mark)
        due_at = incident.first_negative_at + deadlines.HARD_MARKS[row.mark][1]
        if status.met:
            outcome = Outcome.MET
            if row.kind == MarkKind.ESCALATION or _confirmed(session, row):
                return _Silence(MarkState.SKIPPED, outcome)
        elif row.kind != MarkKind.WARNING:
            outcome = Outcome.MISSED
        if row.kind == MarkKind.ESCALATION and settings.crisis_leadership_channel:
            channel, fallback = settings.crisis_leadership_channel, incident.channel_id
    elif row.kind == MarkKind.DAILY:
        step_key = deadlines.daily_step_key(row.mark)
        steps = checklist.items(session, incident.id)  # type: ignore[arg-type]
        step = next((item for item in steps if item.step_key == step_key), None)
        if step is None:
            return _Silence(MarkState.CANCELLED, None)
    message = render_message(
        "deadline_reminder.json.j2",
        incident.language,
        incident=incident,
        row=row,
        due_at=due_at,
        met=status.met,
        missing=status.missing,
        step=step,
        late=late,
        leadership=channel != incident.channel_id,
        followup_days=settings.followup_days,
    )
    return _Delivery(channel, fallback, message, outcome)


def _confirmed(session: Session, row: DeadlineMark) -> bool:
    """True when a confirmation for this mark was already posted (the warning found it met)."""
    statement = select(DeadlineMark.id).where(
        DeadlineMark.incident_id == row.incident_id,
        DeadlineMark.mark == row.mark,
        DeadlineMark.state == MarkState.SENT,
        DeadlineMark.outcome == Outcome.MET,
    )
    return session.exec(statement).first() is not None
