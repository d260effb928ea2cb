"""Incidents: opening, looking up, reassigning and resolving a crisis (database side)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlparse

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bot.core.errors import CrisisError, NotAnIncidentChannel
from bot.core.models import ChecklistItem, Incident, require_id
from bot.core.playbooks import Playbook
from bot.core.policy import Action
from bot.core.states import IncidentStatus, Severity
from bot.incidents import permissions, timeline

MAX_TITLE = 150
MAX_DESCRIPTION = 2000
MAX_RESOLUTION = 500
FUTURE_TOLERANCE = timedelta(minutes=5)
#: The first negative post of a crisis being handled now cannot be older than this.
OLDEST_FIRST_POST = timedelta(days=366)


@dataclass(frozen=True)
class OpenPrefill:
    """What the open modal is filled with when a crisis is opened from a monitoring burst."""

    burst_id: int
    title: str
    first_negative_at: datetime
    first_post_url: str
    language: str


@dataclass(frozen=True)
class OpenRequest:
    """What the `/crisis open` modal (or `/crisis drill`) asks for; `source_view_id` keys a replay."""

    team_id: str
    opener_user_id: str
    title: str
    case_key: str
    severity: str
    language: str
    responsible_user_id: str
    first_negative_at: datetime
    first_post_url: str | None
    description: str
    source_view_id: str | None = None
    is_drill: bool = False
    time_scale: int = 1
    drill_reaches_leadership: bool = False
    disruption_starts_at: datetime | None = None
    is_private: bool = False
    #: The workspace's Enterprise Grid org, when it has one.
    enterprise_id: str | None = None


def validate_open_request(
    request: OpenRequest, now: datetime, known_cases: set[str], cases_with_start: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Field name → error string key, for every field the modal must send back; empty when valid.

    `cases_with_start` are the cases whose playbook has steps due before a planned disruption starts
    (`deadline: before`): for those the start is required.
    """
    errors: dict[str, str] = {}
    if not request.title.strip():
        errors["title"] = "errors.title_required"
    elif len(request.title) > MAX_TITLE:
        errors["title"] = "errors.title_too_long"
    if request.case_key not in known_cases:
        errors["case"] = "errors.case_unknown"
    if request.severity not in tuple(Severity):
        errors["severity"] = "errors.severity_unknown"
    if not request.responsible_user_id:
        errors["responsible"] = "errors.responsible_required"
    moment = moment_problem(request.first_negative_at, now)
    if moment:
        errors["first_negative_at"] = moment
    if request.case_key in cases_with_start and request.disruption_starts_at is None:
        errors["disruption_starts_at"] = "errors.disruption_start_required"
    if request.first_post_url and not is_web_url(request.first_post_url):
        errors["first_post_url"] = "errors.url_invalid"
    if len(request.description) > MAX_DESCRIPTION:
        errors["description"] = "errors.description_too_long"
    return errors


def moment_problem(when: datetime, now: datetime) -> str | None:
    """The error key when a first-post time is outside the sane window, else None.

    Not more than `FUTURE_TOLERANCE` ahead (clocks differ a little) and not more than
    `OLDEST_FIRST_POST` back: a typo like year 0001 would otherwise move every deadline.
    """
    if when > now + FUTURE_TOLERANCE:
        return "errors.first_post_in_future"
    if when < now - OLDEST_FIRST_POST:
        return "errors.first_post_too_old"
    return None


def is_web_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host, without spaces or control characters."""
    stripped = text.strip()
    if any(ord(character) < 0x20 or character in " \x7f" for character in stripped):
        return False
    parsed = urlparse(stripped)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


#: Cases that are always private, whatever the modal said: seed 001 (case 3) asks to stop internal
#: messenger and e-mail traffic during a leak, so nothing about it may leave its invite-only channel.
ALWAYS_PRIVATE_CASES = frozenset({"data_leak"})


def is_private_case(case_key: str, asked: bool) -> bool:
    """Whether a crisis of `case_key` opens invite-only: when asked to, and always for a data leak."""
    return asked or case_key in ALWAYS_PRIVATE_CASES


def shares_outside(incident: Incident) -> bool:
    """Whether anything about the incident beyond "a private crisis is open" may leave its channel: the
    leadership feed, the Home tab, escalations, the approved text in DMs. The one place that decides it.

    A public crisis shares; a private one only after the responsible person (or a crisis lead) opted in
    with `/crisis share-with-leadership`.
    """
    return not incident.is_private or incident.shared_with_leadership


def share_with_leadership(
    session: Session,
    incident: Incident,
    actor_user_id: str,
    now: datetime,
    crisis_leads: Collection[str] = (),
) -> bool:
    """`/crisis share-with-leadership`: let leadership follow a private crisis from now on. False when
    it was already shared (or is not private: nothing to open up). In the caller's transaction.

    Raises NotAllowed unless the policy lets the person decide it, CrisisError when it is not open.
    """
    require_open(incident)
    permissions.require(
        session, incident, actor_user_id, Action.SHARE_WITH_LEADERSHIP, now, crisis_leads=crisis_leads
    )
    if shares_outside(incident):
        return False
    incident.shared_with_leadership = True
    session.add(incident)
    timeline.record(session, require_id(incident), "shared_with_leadership", now, actor_user_id)
    return True


def create_incident(session: Session, request: OpenRequest, playbook: Playbook, now: datetime) -> Incident:
    """Insert an incident in the `opening` state with its checklist copied from the playbook.

    A second call with the same `source_view_id` fails on the unique constraint (the caller treats
    that as a replayed submission).
    """
    incident = Incident(
        team_id=request.team_id,
        enterprise_id=request.enterprise_id,
        title=request.title.strip(),
        case_key=request.case_key,
        severity=request.severity,
        language=request.language,
        responsible_user_id=request.responsible_user_id,
        opener_user_id=request.opener_user_id,
        first_negative_at=request.first_negative_at,
        first_post_url=(request.first_post_url or "").strip() or None,
        description=request.description.strip(),
        status=IncidentStatus.OPENING,
        is_drill=request.is_drill,
        time_scale=request.time_scale,
        drill_reaches_leadership=request.drill_reaches_leadership,
        # only a case with steps due before a planned disruption keeps its start
        disruption_starts_at=(
            request.disruption_starts_at if any(step.is_before for step in playbook.steps) else None
        ),
        source_view_id=request.source_view_id,
        created_at=now,
        is_private=is_private_case(request.case_key, request.is_private),
        # a drill started with the leadership opt-in asked for leadership to follow it
        shared_with_leadership=request.is_drill and request.drill_reaches_leadership,
    )
    session.add(incident)
    session.flush()
    assert incident.id is not None
    for position, step in enumerate(playbook.steps, start=1):
        session.add(
            ChecklistItem(
                incident_id=incident.id,
                step_key=step.key,
                position=position,
                phase=step.phase,
                owner=step.owner,
                deadline=step.deadline,
                text=step.text_for(request.language),
                guidance=step.guidance_for(request.language),
            )
        )
    return incident


def activate(session: Session, incident: Incident, channel_id: str, channel_name: str, now: datetime) -> None:
    """Mark a just-created incident open in its channel and put the opening on the timeline."""
    incident.channel_id = channel_id
    incident.channel_name = channel_name
    incident.status = IncidentStatus.OPEN
    session.add(incident)
    timeline.record(
        session,
        require_id(incident),
        "opened",
        now,
        incident.opener_user_id,
        channel=channel_name,
        case=incident.case_key,
        severity=incident.severity,
        responsible=incident.responsible_user_id,
    )


#: Opening a crisis takes seconds; one still `opening` after this was interrupted (crash or stall).
STALE_OPENING = timedelta(minutes=10)


def note_channel(session: Session, incident_id: int, channel_id: str, channel_name: str) -> None:
    """Remember the channel of an incident still opening, so a sweep can archive it after a crash."""
    incident = session.get(Incident, incident_id)
    if incident is not None:
        incident.channel_id, incident.channel_name = channel_id, channel_name
        session.add(incident)


def stale_openings(session: Session, now: datetime, older_than: timedelta = STALE_OPENING) -> list[Incident]:
    """Incidents left in `opening` by a crash or a stall, oldest first."""
    query = select(Incident).where(
        Incident.status == IncidentStatus.OPENING, Incident.created_at < now - older_than
    )
    return list(session.exec(query.order_by(col(Incident.id))))


def discard(session: Session, incident_id: int) -> None:
    """Remove an incident that failed to open, with its checklist and timeline."""
    incident = session.get(Incident, incident_id)
    if incident is not None:
        session.delete(incident)


def require_open(incident: Incident) -> None:
    """Raise the explanation that this crisis is not open any more (resolved, or still opening)."""
    if incident.status != IncidentStatus.OPEN:
        raise CrisisError("errors.incident_not_open")


def for_channel(session: Session, channel_id: str) -> Incident:
    """The incident whose channel this is, or NotAnIncidentChannel."""
    incident = session.exec(select(Incident).where(Incident.channel_id == channel_id)).first()
    if incident is None or incident.status == IncidentStatus.OPENING:
        raise NotAnIncidentChannel()
    return incident


def assign(
    session: Session,
    incident: Incident,
    user_id: str,
    actor_user_id: str,
    now: datetime,
    crisis_leads: Collection[str] = (),
) -> str:
    """Make `user_id` the responsible person; returns the previous one."""
    require_open(incident)
    permissions.require(session, incident, actor_user_id, Action.ASSIGN, now, crisis_leads=crisis_leads)
    previous = incident.responsible_user_id
    if previous == user_id:
        raise CrisisError("errors.already_responsible", user=user_id)
    incident.responsible_user_id = user_id
    session.add(incident)
    timeline.record(
        session, require_id(incident), "assigned", now, actor_user_id, previous=previous, responsible=user_id
    )
    return previous


def change_severity(
    session: Session,
    incident: Incident,
    severity: str,
    actor_user_id: str,
    now: datetime,
    crisis_leads: Collection[str] = (),
) -> str:
    """Set a new severity; returns the previous one."""
    require_open(incident)
    permissions.require(
        session, incident, actor_user_id, Action.CHANGE_SEVERITY, now, crisis_leads=crisis_leads
    )
    if severity not in tuple(Severity):
        raise CrisisError("errors_update.severity_usage")
    previous = incident.severity
    if previous == severity:
        return previous
    incident.severity = severity
    session.add(incident)
    timeline.record(
        session,
        require_id(incident),
        "severity_changed",
        now,
        actor_user_id,
        previous=previous,
        severity=severity,
    )
    return previous


def validate_resolution(text: str) -> str | None:
    """The error string key for a resolution line, or None when it is fine."""
    if not text.strip():
        return "errors.resolution_required"
    if len(text) > MAX_RESOLUTION:
        return "errors.resolution_too_long"
    return None


def resolve(
    session: Session,
    incident: Incident,
    resolution: str,
    actor_user_id: str,
    now: datetime,
    crisis_leads: Collection[str] = (),
) -> None:
    """Close the incident with a one-line resolution."""
    require_open(incident)
    permissions.require(session, incident, actor_user_id, Action.RESOLVE, now, crisis_leads=crisis_leads)
    problem = validate_resolution(resolution)
    if problem:
        raise CrisisError(problem)
    incident.status = IncidentStatus.RESOLVED
    incident.resolution = resolution.strip()
    incident.resolved_at = now
    session.add(incident)
    timeline.record(
        session, require_id(incident), "resolved", now, actor_user_id, resolution=incident.resolution
    )


def reopen(
    session: Session,
    incident: Incident,
    actor_user_id: str,
    now: datetime,
    crisis_leads: Collection[str] = (),
) -> None:
    """Bring a resolved incident back to open; the old resolution goes to the timeline."""
    if incident.status != IncidentStatus.RESOLVED:
        raise CrisisError("deadlines.errors.not_resolved")
    permissions.require(session, incident, actor_user_id, Action.REOPEN, now, crisis_leads=crisis_leads)
    previous = incident.resolution
    incident.status = IncidentStatus.OPEN
    incident.resolution = None
    incident.resolved_at = None
    session.add(incident)
    timeline.record(
        session, require_id(incident), "reopened", now, actor_user_id, previous_resolution=previous
    )


def move_first_post(
    session: Session,
    incident: Incident,
    when: datetime,
    actor_user_id: str,
    now: datetime,
    crisis_leads: Collection[str] = (),
) -> bool:
    """A person moves the first negative post by hand (`/crisis first-post`, the header's button)."""
    permissions.require(
        session, incident, actor_user_id, Action.MOVE_FIRST_POST, now, crisis_leads=crisis_leads
    )
    return set_first_negative_at(session, incident, when, actor_user_id, now)


def set_first_negative_at(
    session: Session, incident: Incident, when: datetime, actor_user_id: str | None, now: datetime
) -> bool:
    """Move the moment the first negative post appeared (the deadlines count from it).

    Returns False when nothing changed. Callers refresh the header and reschedule the deadlines.
    """
    problem = moment_problem(when, now)
    if problem:
        raise CrisisError(problem)
    if incident.first_negative_at == when:
        return False
    previous = incident.first_negative_at
    incident.first_negative_at = when
    session.add(incident)
    timeline.record(
        session,
        require_id(incident),
        "first_negative_moved",
        now,
        actor_user_id,
        previous=previous.isoformat(),
        first_negative_at=when.isoformat(),
    )
    return True


def claim_senior_prompt(session: Session, incident_id: int, now: datetime) -> bool:
    """Claim the one prompt to name a senior spokesperson a critical crisis gets (a conditional update)."""
    claimed = session.exec(
        sa.update(Incident)
        .where(col(Incident.id) == incident_id, col(Incident.senior_prompted_at).is_(None))
        .values(senior_prompted_at=now)
    ).rowcount
    return bool(claimed)
