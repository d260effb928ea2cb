"""The living crisis brief (a channel canvas): what it says, and what is known about its canvas.
Slack-free: the service renders these facts and talks to Slack. When it is edited is the reconciler's
business (a `canvas` surface, at most one edit per `EDIT_EVERY`; see bot/core/surfaces.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from bot.core.db import table_of
from bot.core.models import Incident, Publication, Statement, StatusUpdate, require_id
from bot.core.states import CanvasState, Outcome
from bot.deadlines import deadlines
from bot.incidents import checklist, status_updates
from bot.statements import statements

#: At most one canvas edit per this long per canvas; a burst of changes shows in the next edit.
EDIT_EVERY = timedelta(seconds=5)
#: A hard mark not met, not waived and not yet due.
DUE = "due"


@dataclass(frozen=True)
class MarkLine:
    """One hard mark in the brief: when it falls due and where it stands (met, missed, waived, due)."""

    mark: str
    due_at: datetime
    state: str


@dataclass(frozen=True)
class BriefFacts:
    """Everything the brief shows about an incident."""

    incident: Incident
    marks: list[MarkLine]
    approved: Statement | None
    publications: list[Publication]
    last_update: StatusUpdate | None
    open_steps: int
    total_steps: int


def facts(session: Session, incident: Incident, now: datetime) -> BriefFacts:
    """The brief of `incident` as of `now`."""
    incident_id = require_id(incident)
    met = deadlines.met_marks(session, [incident_id])[incident_id]
    marks = []
    for mark in deadlines.HARD_MARKS:
        due_at = deadlines.mark_due(incident, mark)
        if mark in met:
            state: str = Outcome.MET
        elif incident.waiver_reason:
            state = Outcome.WAIVED
        elif now >= due_at:
            state = Outcome.MISSED
        else:
            state = DUE
        marks.append(MarkLine(mark, due_at, state))
    approved = statements.approved_statement(session, incident_id)
    published = statements.publications(session, require_id(approved)) if approved else []
    progress = checklist.progress(checklist.items(session, incident_id))
    return BriefFacts(
        incident=incident,
        marks=marks,
        approved=approved,
        publications=published,
        last_update=status_updates.latest_update(session, incident_id),
        open_steps=progress.total - progress.done,
        total_steps=progress.total,
    )


def record_canvas(session: Session, incident_id: int, canvas_id: str) -> None:
    """The brief is on canvas `canvas_id`."""
    table = table_of(Incident)
    session.execute(
        sa.update(table)
        .where(table.c.id == incident_id)
        .values(canvas_id=canvas_id, canvas_state=CanvasState.ACTIVE)
    )


def record_unavailable(session: Session, incident_id: int) -> None:
    """Slack cannot give this crisis a canvas: the pinned header stays the brief; no edit is tried again."""
    table = table_of(Incident)
    session.execute(
        sa.update(table)
        .where(table.c.id == incident_id)
        .values(canvas_id=None, canvas_state=CanvasState.UNAVAILABLE)
    )


def forget_canvas(session: Session, incident_id: int) -> None:
    """The canvas is gone (deleted in Slack): the next pass creates a new one."""
    table = table_of(Incident)
    session.execute(
        sa.update(table)
        .where(table.c.id == incident_id)
        .values(canvas_id=None, canvas_state=CanvasState.NONE)
    )
