"""The living crisis brief (a channel canvas): what it says, and the revisions that decide when it is
edited. Slack-free: the service renders these facts and talks to Slack.

Every change bumps the incident's `canvas_wanted`; an edit renders the latest state and records the
revision it showed in `canvas_shown`. `claim_edit` is the "when": at most one edit per `EDIT_EVERY` per
canvas, won by one process with a conditional update; what was not shown yet is picked up by
`pending` on a later pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bot.core.db import rowcount, table_of
from bot.core.models import Incident, Publication, Statement, StatusUpdate, require_id
from bot.core.states import CanvasState, IncidentStatus, Outcome
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


def want(session: Session, incident_id: int) -> None:
    """The brief changed: one more revision is wanted (nothing for a crisis that cannot have a canvas)."""
    table = table_of(Incident)
    session.execute(
        sa.update(table)
        .where(table.c.id == incident_id, table.c.canvas_state != CanvasState.UNAVAILABLE)
        .values(canvas_wanted=table.c.canvas_wanted + 1)
    )


def claim_edit(session: Session, incident_id: int, now: datetime, every: timedelta = EDIT_EVERY) -> bool:
    """Take this canvas's edit slot: True when a revision is still to show and no edit happened within
    `every` (one process wins; the slot is stamped `now`)."""
    table = table_of(Incident)
    claimed = session.execute(
        sa.update(table)
        .where(
            table.c.id == incident_id,
            table.c.canvas_state != CanvasState.UNAVAILABLE,
            table.c.canvas_wanted > table.c.canvas_shown,
            sa.or_(table.c.canvas_edited_at.is_(None), table.c.canvas_edited_at <= now - every),
        )
        .values(canvas_edited_at=now)
    )
    return rowcount(claimed) == 1


def wanted_revision(session: Session, incident_id: int) -> int:
    """The newest revision wanted (read before rendering: that is what the edit will show)."""
    incident = session.get(Incident, incident_id)
    return incident.canvas_wanted if incident is not None else 0


def record_shown(session: Session, incident_id: int, revision: int, canvas_id: str) -> None:
    """An edit (or the creation) showed `revision` on canvas `canvas_id`."""
    table = table_of(Incident)
    session.execute(
        sa.update(table)
        .where(table.c.id == incident_id)
        .values(
            canvas_id=canvas_id,
            canvas_state=CanvasState.ACTIVE,
            canvas_shown=sa.case((table.c.canvas_shown < revision, revision), else_=table.c.canvas_shown),
        )
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
        .values(canvas_id=None, canvas_state=CanvasState.NONE, canvas_edited_at=None)
    )


def pending(session: Session, now: datetime, every: timedelta = EDIT_EVERY) -> list[int]:
    """Incidents whose brief shows an old revision and whose edit slot is free again."""
    query = select(Incident.id).where(
        col(Incident.status) != IncidentStatus.OPENING,
        col(Incident.canvas_state) != CanvasState.UNAVAILABLE,
        col(Incident.canvas_wanted) > col(Incident.canvas_shown),
        sa.or_(col(Incident.canvas_edited_at).is_(None), col(Incident.canvas_edited_at) <= now - every),
    )
    return [incident_id for incident_id in session.exec(query) if incident_id is not None]
