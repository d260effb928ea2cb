"""The App Home dashboard: open crises by urgency and the last resolved ones, in a few queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bot.core.models import ChecklistItem, DeadlineMark, HomeViewer, Incident, require_id
from bot.core.playbooks import PlaybookLibrary
from bot.core.states import IncidentStatus, MarkKind, MarkState, Severity
from bot.deadlines.deadlines import HARD_MARKS, RESPONSE_MARK, met_marks

HOME_OPEN_ROWS = 24
RECENT_RESOLVED = 10
VIEWER_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class DashboardRow:
    """One open crisis as the Home tab shows it."""

    incident: Incident
    case_title: str
    age: timedelta
    next_mark: str | None
    next_due: datetime | None
    hours_left: float | None
    approved: bool
    done: int
    total: int

    @property
    def overdue(self) -> bool:
        """True when the next unmet deadline has passed."""
        return self.hours_left is not None and self.hours_left < 0


@dataclass(frozen=True)
class Dashboard:
    """What the Home tab shows."""

    open_rows: list[DashboardRow]
    open_total: int
    overdue_total: int
    resolved: list[Incident]


def _progress(session: Session, incident_ids: list[int]) -> dict[int, tuple[int, int]]:
    statement = (
        select(
            ChecklistItem.incident_id,
            sa.func.count(),
            sa.func.sum(sa.case((col(ChecklistItem.done), 1), else_=0)),
        )
        .where(col(ChecklistItem.incident_id).in_(incident_ids))
        .group_by(col(ChecklistItem.incident_id))
    )
    return {incident_id: (int(done or 0), int(total)) for incident_id, total, done in session.exec(statement)}


def _hard_marks_due(session: Session, incident_ids: list[int]) -> dict[int, dict[str, datetime]]:
    """For each incident, when each of its scheduled 12h/48h marks falls due (waived ones are not due)."""
    statement = select(DeadlineMark.incident_id, DeadlineMark.mark, DeadlineMark.due_at).where(
        col(DeadlineMark.incident_id).in_(incident_ids),
        DeadlineMark.kind == MarkKind.DUE,
        col(DeadlineMark.mark).in_(list(HARD_MARKS)),
        col(DeadlineMark.state).not_in((MarkState.CANCELLED, MarkState.WAIVED)),
    )
    due: dict[int, dict[str, datetime]] = {}
    for incident_id, mark, due_at in session.exec(statement):
        due.setdefault(incident_id, {})[mark] = due_at
    return due


def _urgency(row: DashboardRow) -> tuple:
    hours = row.hours_left if row.hours_left is not None else float("inf")
    return (hours, -tuple(Severity).index(row.incident.severity), -row.age.total_seconds())


def build_dashboard(
    session: Session, playbooks: PlaybookLibrary, now: datetime, team_id: str | None = None
) -> Dashboard:
    """Open crises sorted by urgency (overdue first, then least time left, then severity)."""
    statement = select(Incident).where(Incident.status == IncidentStatus.OPEN)
    if team_id:
        statement = statement.where(Incident.team_id == team_id)
    incidents = list(session.exec(statement))
    ids = [incident.id for incident in incidents if incident.id is not None]
    progress = _progress(session, ids)
    due = _hard_marks_due(session, ids)
    met = met_marks(session, ids)
    rows: list[DashboardRow] = []
    for incident in incidents:
        incident_id = require_id(incident)
        pending = [
            (when, mark) for mark, when in due.get(incident_id, {}).items() if mark not in met[incident_id]
        ]
        next_due, next_mark = min(pending) if pending else (None, None)
        done, total = progress.get(require_id(incident), (0, 0))
        rows.append(
            DashboardRow(
                incident=incident,
                case_title=playbooks.case_title(incident.case_key, incident.language),
                age=now - incident.first_negative_at,
                next_mark=next_mark,
                next_due=next_due,
                hours_left=round((next_due - now).total_seconds() / 3600, 1) if next_due else None,
                approved=RESPONSE_MARK in met[incident_id],
                done=done,
                total=total,
            )
        )
    rows.sort(key=_urgency)
    resolved_statement = select(Incident).where(Incident.status == IncidentStatus.RESOLVED)
    if team_id:
        resolved_statement = resolved_statement.where(Incident.team_id == team_id)
    resolved = list(
        session.exec(resolved_statement.order_by(col(Incident.resolved_at).desc()).limit(RECENT_RESOLVED))
    )
    return Dashboard(
        open_rows=rows[:HOME_OPEN_ROWS],
        open_total=len(rows),
        overdue_total=sum(1 for row in rows if row.overdue),
        resolved=resolved,
    )


def note_viewer(session: Session, user_id: str, team_id: str, now: datetime) -> None:
    """Remember that `user_id` has the Home tab open now."""
    viewer = session.get(HomeViewer, user_id) or HomeViewer(user_id=user_id, team_id=team_id, opened_at=now)
    viewer.opened_at = now
    viewer.team_id = team_id
    session.add(viewer)


def recent_viewers(session: Session, now: datetime, team_id: str) -> list[HomeViewer]:
    """People of workspace `team_id` who opened the Home tab within the last hour: their tab is
    refreshed on changes."""
    return list(
        session.exec(
            select(HomeViewer).where(
                HomeViewer.opened_at >= now - VIEWER_WINDOW, HomeViewer.team_id == team_id
            )
        )
    )
