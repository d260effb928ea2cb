"""The post-crisis report: what happened, how fast, what was said, what is still open."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.core.errors import CrisisError
from bot.core.models import (
    ChecklistItem,
    Incident,
    Mention,
    Publication,
    Statement,
    StatusUpdate,
    TimelineEvent,
)
from bot.core.playbooks import PlaybookLibrary
from bot.core.states import MentionState
from bot.deadlines.deadlines import publication_due, response_due, waived_marks
from bot.drills import drills
from bot.drills.drills import DrillScore
from bot.incidents import checklist, timeline
from bot.mentions.mentions import MentionSummary, summarise
from bot.statements import statements


@dataclass(frozen=True)
class ChartPoint:
    """One marker on the incident's timeline chart; `x` runs from 0 (first post) to 1 (end)."""

    x: float
    kind: str
    at: datetime


@dataclass
class IncidentReport:
    """Everything the report templates show, computed from the database."""

    incident: Incident
    case_title: str
    generated_at: datetime
    ended_at: datetime
    events: list[TimelineEvent]
    steps: list[ChecklistItem]
    updates: list[StatusUpdate]
    first_approval_at: datetime | None = None
    published_everywhere_at: datetime | None = None
    mentions: MentionSummary | None = None
    drafts: list[Statement] = field(default_factory=list)
    drill: DrillScore | None = None
    #: Hard marks (`response_12h`, `publication_48h`) waived by `/crisis waive` before they fell due.
    waived: set[str] = field(default_factory=set)
    #: Publications of each approved version, by statement id, oldest first.
    publications: dict[int, list[Publication]] = field(default_factory=dict)
    #: Every mention logged into the incident, oldest first.
    all_mentions: list[Mention] = field(default_factory=list)

    @property
    def hidden_mentions(self) -> list[Mention]:
        """Mentions the team hid, with the reason they gave."""
        return [mention for mention in self.all_mentions if mention.state == MentionState.HIDDEN]

    @property
    def awaiting_fix_mentions(self) -> list[Mention]:
        """Mentions waiting for the cause to be fixed before they are answered (seed 004)."""
        return [mention for mention in self.all_mentions if mention.state == MentionState.AWAITING_FIX]

    @property
    def duration(self) -> timedelta:
        """From the first negative post to resolution (or to now, while open)."""
        return self.ended_at - self.incident.first_negative_at

    @property
    def response_due(self) -> datetime:
        """The 12-hour mark (a drill's comes sooner: its clock runs faster)."""
        return response_due(self.incident.first_negative_at, self.incident.time_scale)

    @property
    def publication_due(self) -> datetime:
        """The 48-hour mark."""
        return publication_due(self.incident.first_negative_at, self.incident.time_scale)

    @property
    def time_to_approval(self) -> timedelta | None:
        """First negative post → first approved response."""
        return self.first_approval_at - self.incident.first_negative_at if self.first_approval_at else None

    @property
    def time_to_publication(self) -> timedelta | None:
        """First negative post → approved response published on every target platform."""
        if self.published_everywhere_at is None:
            return None
        return self.published_everywhere_at - self.incident.first_negative_at

    @property
    def done_steps(self) -> int:
        """Checklist steps ticked."""
        return checklist.progress(self.steps).done

    @property
    def open_steps(self) -> list[ChecklistItem]:
        """Checklist steps never ticked."""
        return [step for step in self.steps if not step.done]

    @property
    def open_follow_ups(self) -> list[ChecklistItem]:
        """Follow-up steps still to do after resolution."""
        return [step for step in self.open_steps if step.phase == "follow-up"]

    def chart(self) -> list[ChartPoint]:
        """Markers for the HTML chart: first post, deadlines, approvals, publications, resolution."""
        start = self.incident.first_negative_at
        end = max(self.ended_at, self.publication_due)
        span = (end - start).total_seconds() or 1.0

        def point(at: datetime, kind: str) -> ChartPoint:
            return ChartPoint(min(max((at - start).total_seconds() / span, 0.0), 1.0), kind, at)

        points = [
            point(start, "first_post"),
            point(self.response_due, "response_due"),
            point(self.publication_due, "publication_due"),
        ]
        points.extend(point(event.at, event.kind) for event in self.events if event.kind in CHARTED_EVENTS)
        return sorted(points, key=lambda item: item.at)


CHARTED_EVENTS = ("opened", "statement_approved", "statement_published", "status_update", "resolved")


def build_report(
    session: Session, playbooks: PlaybookLibrary, incident_id: int, now: datetime
) -> IncidentReport:
    """Gather the report of one incident (open or resolved)."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise CrisisError("errors_report.unknown_incident", incident=incident_id)
    case_title = playbooks.case_title(incident.case_key, incident.language)
    updates = list(
        session.exec(
            select(StatusUpdate)
            .where(StatusUpdate.incident_id == incident_id)
            .order_by(col(StatusUpdate.created_at))
        )
    )
    drafts = statements.statements(session, incident_id)
    logged = session.exec(
        select(Mention)
        .where(Mention.incident_id == incident_id)
        .order_by(col(Mention.created_at), col(Mention.id))
    )
    return IncidentReport(
        incident=incident,
        case_title=case_title,
        generated_at=now,
        ended_at=incident.resolved_at or now,
        events=timeline.events(session, incident_id),
        steps=checklist.items(session, incident_id),
        updates=updates,
        mentions=summarise(session, incident_id),
        drafts=drafts,
        publications={
            draft.id: statements.publications(session, draft.id)
            for draft in drafts
            if draft.id is not None and draft.version is not None
        },
        all_mentions=list(logged),
        first_approval_at=statements.first_approval_at(session, incident_id),
        published_everywhere_at=statements.published_everywhere_at(session, incident_id),
        drill=drills.score(session, incident_id, now) if incident.is_drill else None,
        waived=waived_marks(session, incident_id),
    )
