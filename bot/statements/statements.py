"""The one approved message (seed 003): drafts, approval, approvers and spokespeople, the publication log.

At most one statement per incident is `approved` at a time; the database guarantees it (a partial unique
index), so two approvals racing in two processes leave exactly one winner. An approved text is never
edited: a change is a new draft and a new approval, which supersedes the previous version.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bot.core.db import rowcount
from bot.core.errors import CrisisError
from bot.core.models import Incident, IncidentRole, Publication, Statement, require_id
from bot.core.policy import Action
from bot.core.states import Role, StatementStatus
from bot.incidents import incidents, permissions, timeline
from bot.incidents.incidents import is_web_url
from bot.statements.compare import Comparison, compare_to_approved
from bot.statements.lint import lint_statement

# Where a statement can be published; keys are stored, labels live in the strings files.
PLATFORMS = (
    "x",
    "facebook",
    "instagram",
    "linkedin",
    "tiktok",
    "youtube",
    "website",
    "press_release",
    "email",
    "internal",
    "other",
)
# Seed 000: the tone is informative, neutral or more social, depending on the crisis.
TONES = ("informative", "neutral", "social")
MAX_TEXT = 3000
MAX_REASON = 500
MAX_URL = 2000


class DecidedMeanwhile(Exception):
    """Another request decided the draft (or approved another one) between our read and our write."""


@dataclass(frozen=True)
class DraftRequest:
    """What the draft modal asks for."""

    author_user_id: str
    text: str
    platforms: tuple[str, ...]
    tone: str
    source_view_id: str | None = None


@dataclass(frozen=True)
class Approval:
    """A draft just approved, and the version it superseded (if any)."""

    statement: Statement
    superseded: Statement | None


@dataclass(frozen=True)
class PublicationRecord:
    """A publication just logged, what it was checked against, and whether the version is now everywhere."""

    publication: Publication
    statement: Statement
    comparison: Comparison | None
    everywhere: bool


# ---- drafts ---------------------------------------------------------------------------------------


def validate_draft(text: str, platforms: tuple[str, ...] | list[str], tone: str) -> dict[str, str]:
    """Field name (`text`, `platforms`, `tone`) → error string key; empty when the draft is acceptable."""
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = "statements.errors.text_required"
    elif len(text) > MAX_TEXT:
        errors["text"] = "statements.errors.text_too_long"
    if not platforms:
        errors["platforms"] = "statements.errors.platforms_required"
    elif any(platform not in PLATFORMS for platform in platforms):
        errors["platforms"] = "statements.errors.platform_unknown"
    if tone not in TONES:
        errors["tone"] = "statements.errors.tone_unknown"
    return errors


def finding_records(text: str, language: str, case: str | None = None) -> list[dict[str, str]]:
    """The linter's findings for a draft, as stored on the statement (message in the incident's language).

    ``case`` is the incident's crisis case: an at-fault case also checks that the draft apologises.
    """
    return [
        {"rule": f.rule, "severity": f.severity, "quote": f.quote, "message": f.message}
        for f in lint_statement(text, language, case=case)
    ]


def by_view(session: Session, source_view_id: str) -> Statement | None:
    """The draft a modal submission already created (its replay must create nothing)."""
    return session.exec(select(Statement).where(Statement.source_view_id == source_view_id)).first()


def propose(session: Session, incident: Incident, request: DraftRequest, now: datetime) -> Statement:
    """Add a draft with the next number and its linter findings.

    Two drafts proposed at the same moment may pick the same number: the unique constraint then fails
    the later transaction, and the caller retries it.
    """
    incidents.require_open(incident)
    problems = validate_draft(request.text, request.platforms, request.tone)
    if problems:
        raise CrisisError(next(iter(problems.values())))
    text = request.text.strip()
    highest = session.exec(
        select(sa.func.max(Statement.number)).where(Statement.incident_id == incident.id)
    ).one()
    statement = Statement(
        incident_id=require_id(incident),
        number=(highest or 0) + 1,
        text=text,
        platforms=[platform for platform in PLATFORMS if platform in request.platforms],
        tone=request.tone,
        author_user_id=request.author_user_id,
        status=StatementStatus.PROPOSED,
        findings=finding_records(text, incident.language, incident.case_key),
        source_view_id=request.source_view_id,
        created_at=now,
    )
    session.add(statement)
    session.flush()
    timeline.record(
        session,
        require_id(incident),
        "statement_proposed",
        now,
        request.author_user_id,
        number=statement.number,
        findings=len(statement.findings),
    )
    return statement


def set_card(session: Session, statement_id: int, card_ts: str) -> None:
    """Remember the Slack message that shows the draft."""
    session.execute(sa.update(Statement).where(col(Statement.id) == statement_id).values(card_ts=card_ts))


def discard(session: Session, statement_id: int) -> None:
    """Remove a draft whose card could not be posted (its author gets the text back)."""
    statement = session.get(Statement, statement_id)
    if statement is not None and statement.status == StatementStatus.PROPOSED:
        session.delete(statement)


def get(session: Session, statement_id: int) -> tuple[Statement, Incident]:
    """A statement and its incident, or CrisisError when it no longer exists."""
    statement = session.get(Statement, statement_id)
    incident = session.get(Incident, statement.incident_id) if statement else None
    if statement is None or incident is None:
        raise CrisisError("statements.errors.unknown")
    return statement, incident


def statements(session: Session, incident_id: int) -> list[Statement]:
    """Every draft of an incident, oldest first."""
    query = select(Statement).where(Statement.incident_id == incident_id)
    return list(session.exec(query.order_by(col(Statement.number))))


# ---- who decides ----------------------------------------------------------------------------------


def check_may_decide(
    session: Session, incident: Incident, user_id: str, now: datetime, crisis_leads: Collection[str] = ()
) -> None:
    """Raise NotAllowed unless `user_id` may approve, reject or ask for changes (see bot.core.policy)."""
    permissions.require(session, incident, user_id, Action.DECIDE_DRAFT, now, crisis_leads=crisis_leads)


def _decided(statement: Statement) -> CrisisError:
    """Why a draft can no longer be decided."""
    keys: dict[str, str] = {
        StatementStatus.APPROVED: "statements.errors.already_approved",
        StatementStatus.SUPERSEDED: "statements.errors.already_approved",
        StatementStatus.CHANGES_REQUESTED: "statements.errors.already_changes_requested",
        StatementStatus.REJECTED: "statements.errors.already_rejected",
    }
    return CrisisError(
        keys.get(statement.status, "statements.errors.unknown"),
        decided_user=statement.decided_by_user_id,
        version=statement.version,
        number=statement.number,
    )


def explain_lost_race(session: Session, statement_id: int) -> CrisisError:
    """What the loser of two simultaneous decisions is told, read after the winner committed."""
    statement = session.get(Statement, statement_id)
    if statement is None:
        return CrisisError("statements.errors.unknown")
    if statement.status != StatementStatus.PROPOSED:
        return _decided(statement)
    winner = approved_statement(session, statement.incident_id)
    if winner is None:
        return CrisisError("statements.errors.try_again")
    return CrisisError(
        "statements.errors.other_approved_meanwhile",
        decided_user=winner.decided_by_user_id,
        version=winner.version,
        number=winner.number,
    )


def _move(session: Session, statement_id: int, from_status: str, **values: object) -> bool:
    """Compare-and-set: change the row only if it still has `from_status` (True when it did)."""
    result = session.execute(
        sa.update(Statement)
        .where(col(Statement.id) == statement_id, col(Statement.status) == from_status)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result) == 1


def _open_draft(
    session: Session, statement_id: int, user_id: str, now: datetime, crisis_leads: Collection[str]
) -> tuple[Statement, Incident]:
    statement, incident = get(session, statement_id)
    check_may_decide(session, incident, user_id, now, crisis_leads)
    if statement.status != StatementStatus.PROPOSED:
        raise _decided(statement)
    incidents.require_open(incident)
    return statement, incident


def approve(
    session: Session, statement_id: int, user_id: str, now: datetime, crisis_leads: Collection[str] = ()
) -> Approval:
    """Make the draft *the* approved message: the next version; the previous one is superseded.

    One transaction. Raises DecidedMeanwhile, or IntegrityError at the write, when a concurrent
    approval won; the caller rolls back and tells the person with `explain_lost_race`.
    """
    statement, incident = _open_draft(session, statement_id, user_id, now, crisis_leads)
    blocked = [finding for finding in statement.findings if finding.get("severity") == "block"]
    if blocked:
        raise CrisisError(
            "statements.errors.blocked", quote=blocked[0]["quote"] or "—", message=blocked[0]["message"]
        )
    previous = approved_statement(session, require_id(incident))
    highest = session.exec(
        select(sa.func.max(Statement.version)).where(Statement.incident_id == incident.id)
    ).one()
    version = (highest or 0) + 1
    # Supersede first: the partial unique index allows one approved row at any moment.
    if previous is not None and not _move(
        session, require_id(previous), StatementStatus.APPROVED, status=StatementStatus.SUPERSEDED
    ):
        raise DecidedMeanwhile()
    if not _move(
        session,
        statement_id,
        StatementStatus.PROPOSED,
        status=StatementStatus.APPROVED,
        version=version,
        decided_by_user_id=user_id,
        decided_at=now,
    ):
        raise DecidedMeanwhile()
    session.flush()
    session.refresh(statement)
    if previous is not None:
        session.refresh(previous)
    timeline.record(
        session,
        require_id(incident),
        "statement_approved",
        now,
        user_id,
        number=statement.number,
        version=version,
        superseded_version=previous.version if previous else None,
    )
    return Approval(statement=statement, superseded=previous)


def validate_reason(reason: str) -> str | None:
    """The error key for a reason given when asking for changes or rejecting, or None when fine."""
    if not reason.strip():
        return "statements.errors.reason_required"
    if len(reason) > MAX_REASON:
        return "statements.errors.reason_too_long"
    return None


def decline(
    session: Session,
    statement_id: int,
    user_id: str,
    decision: str,
    reason: str,
    now: datetime,
    crisis_leads: Collection[str] = (),
) -> Statement:
    """Ask for changes on a draft, or reject it, with a reason for its author."""
    if decision not in (StatementStatus.CHANGES_REQUESTED, StatementStatus.REJECTED):
        raise ValueError(decision)
    problem = validate_reason(reason)
    if problem:
        raise CrisisError(problem)
    statement, incident = _open_draft(session, statement_id, user_id, now, crisis_leads)
    if not _move(
        session,
        statement_id,
        StatementStatus.PROPOSED,
        status=decision,
        decided_by_user_id=user_id,
        decided_at=now,
        reason=reason.strip(),
    ):
        raise DecidedMeanwhile()
    session.refresh(statement)
    timeline.record(
        session,
        require_id(incident),
        f"statement_{decision}",
        now,
        user_id,
        number=statement.number,
        reason=statement.reason,
    )
    return statement


# ---- the approved message, as the deadlines see it -------------------------------------------------


def approved_statement(session: Session, incident_id: int) -> Statement | None:
    """The current approved message of an incident, or None."""
    query = select(Statement).where(
        Statement.incident_id == incident_id, Statement.status == StatementStatus.APPROVED
    )
    return session.exec(query).first()


def open_drafts(session: Session, incident_id: int) -> list[Statement]:
    """Drafts still waiting for a decision, oldest first."""
    query = select(Statement).where(
        Statement.incident_id == incident_id, Statement.status == StatementStatus.PROPOSED
    )
    return list(session.exec(query.order_by(col(Statement.number))))


def first_approval_at(session: Session, incident_id: int) -> datetime | None:
    """When the first version was approved (the 12-hour mark is met by then), or None."""
    query = select(sa.func.min(Statement.decided_at)).where(
        Statement.incident_id == incident_id,
        col(Statement.status).in_([StatementStatus.APPROVED, StatementStatus.SUPERSEDED]),
    )
    return session.exec(query).one()  # min() keeps the column type: an aware UTC datetime


def target_platforms(session: Session, incident_id: int) -> list[str]:
    """The platforms the current approved version must be published on; empty when none is approved."""
    approved = approved_statement(session, incident_id)
    return list(approved.platforms) if approved else []


def published_platforms(session: Session, statement_id: int) -> list[str]:
    """The platforms a version has at least one logged publication on."""
    query = select(Publication.platform).where(Publication.statement_id == statement_id).distinct()
    return sorted(session.exec(query))


def superseded(session: Session, statement: Statement) -> CrisisError | None:
    """Why `statement` can no longer be logged as published: it is not the approved version (any more)."""
    approved = approved_statement(session, statement.incident_id)
    if approved is not None and approved.id == statement.id:
        return None
    current = approved.version if approved else "—"
    return CrisisError("statements.errors.superseded_since", version=statement.version, current=current)


def unpublished_platforms(session: Session, incident_id: int) -> list[str]:
    """Target platforms of the current approved version with no publication of it yet."""
    approved = approved_statement(session, incident_id)
    if approved is None:
        return []
    done = set(published_platforms(session, require_id(approved)))
    return [platform for platform in approved.platforms if platform not in done]


def published_everywhere(session: Session, incident_id: int) -> bool:
    """True when the current approved version is published on every one of its target platforms."""
    approved = approved_statement(session, incident_id)
    return bool(approved and approved.platforms) and not unpublished_platforms(session, incident_id)


def published_everywhere_at(session: Session, incident_id: int) -> datetime | None:
    """When the current approved version became published on its last target platform, or None."""
    approved = approved_statement(session, incident_id)
    if approved is None or not approved.platforms:
        return None
    query = (
        select(Publication.platform, sa.func.min(Publication.published_at))
        .where(Publication.statement_id == approved.id)
        .group_by(Publication.platform)
    )
    first_by_platform = dict(session.exec(query).all())
    if any(platform not in first_by_platform for platform in approved.platforms):
        return None
    return max(first_by_platform[platform] for platform in approved.platforms)


def ever_approved(session: Session, incident_ids: list[int]) -> set[int]:
    """Which of these incidents have had a response approved (batch form of `first_approval_at`)."""
    query = select(Statement.incident_id).where(
        col(Statement.incident_id).in_(incident_ids),
        col(Statement.status).in_([StatementStatus.APPROVED, StatementStatus.SUPERSEDED]),
    )
    return set(session.exec(query.distinct()))


def fully_published(session: Session, incident_ids: list[int]) -> set[int]:
    """Which of these incidents have their current approved version published on every target platform
    (batch form of `published_everywhere`)."""
    approved = session.exec(
        select(Statement.id, Statement.incident_id, Statement.platforms).where(
            col(Statement.incident_id).in_(incident_ids),
            Statement.status == StatementStatus.APPROVED,
        )
    ).all()
    if not approved:
        return set()
    done: dict[int | None, set[str]] = {}
    rows = session.exec(
        select(Publication.statement_id, Publication.platform)
        .where(col(Publication.statement_id).in_([row[0] for row in approved]))
        .distinct()
    )
    for statement_id, platform in rows:
        done.setdefault(statement_id, set()).add(platform)
    return {
        incident_id
        for statement_id, incident_id, platforms in approved
        if platforms and set(platforms) <= done.get(statement_id, set())
    }


def publications(session: Session, statement_id: int) -> list[Publication]:
    """The logged publications of one version, oldest first."""
    query = select(Publication).where(Publication.statement_id == statement_id)
    return list(session.exec(query.order_by(col(Publication.published_at), col(Publication.id))))


# ---- consistency ----------------------------------------------------------------------------------


def check_text(session: Session, incident_id: int, text: str) -> tuple[Statement, Comparison]:
    """Compare a text with the current approved message."""
    approved = approved_statement(session, incident_id)
    if approved is None:
        raise CrisisError("statements.errors.none_approved")
    if not text.strip():
        raise CrisisError("statements.errors.check_text_required")
    incident = session.get(Incident, incident_id)
    return approved, compare_to_approved(approved.text, text, incident.language if incident else None)


def validate_publication(platform: str, url: str, posted_text: str | None) -> dict[str, str]:
    """Field name (`platform`, `url`, `posted_text`) → error key; empty when fine."""
    errors: dict[str, str] = {}
    if platform not in PLATFORMS:
        errors["platform"] = "statements.errors.platform_unknown"
    if not url or len(url) > MAX_URL or not is_web_url(url):
        errors["url"] = "errors.url_invalid"
    if posted_text and len(posted_text) > MAX_TEXT:
        errors["posted_text"] = "statements.errors.text_too_long"
    return errors


def record_publication(
    session: Session,
    incident: Incident,
    platform: str,
    url: str,
    user_id: str,
    now: datetime,
    posted_text: str | None = None,
    statement_id: int | None = None,
) -> PublicationRecord:
    """Log that the current approved version was published on `platform` at `url`.

    `statement_id` (from a button on a card) must still be the approved version. When the posted text is
    given it is compared with the approved one and the similarity stored.
    """
    problems = validate_publication(platform, url.strip(), posted_text)
    if problems:
        raise CrisisError(next(iter(problems.values())))
    approved = approved_statement(session, require_id(incident))
    if approved is None:
        raise CrisisError("statements.errors.none_approved")
    if statement_id is not None and statement_id != approved.id:
        stale = session.get(Statement, statement_id)
        raise CrisisError(
            "statements.errors.superseded_since",
            version=stale.version if stale else "?",
            current=approved.version,
        )
    url = url.strip()
    duplicate = session.exec(
        select(Publication).where(
            Publication.statement_id == approved.id, Publication.platform == platform, Publication.url == url
        )
    ).first()
    if duplicate is not None:
        raise CrisisError("statements.errors.already_logged", version=approved.version)
    comparison = (
        compare_to_approved(approved.text, posted_text, incident.language)
        if posted_text and posted_text.strip()
        else None
    )
    publication = Publication(
        statement_id=require_id(approved),
        platform=platform,
        url=url,
        published_by=user_id,
        published_at=now,
        posted_text=posted_text.strip() if posted_text and comparison else None,
        similarity=comparison.similarity if comparison else None,
    )
    session.add(publication)
    session.flush()
    timeline.record(
        session,
        require_id(incident),
        "statement_published",
        now,
        user_id,
        version=approved.version,
        platform=platform,
        url=url,
        similarity=publication.similarity,
    )
    return PublicationRecord(
        publication=publication,
        statement=approved,
        comparison=comparison,
        everywhere=published_everywhere(session, require_id(incident)),
    )


# ---- approvers and spokespeople --------------------------------------------------------------------


def role_holders(session: Session, incident_id: int, role: str) -> list[str]:
    """The people holding `role` in an incident, in the order they were added."""
    query = select(IncidentRole.user_id).where(
        IncidentRole.incident_id == incident_id, IncidentRole.role == role
    )
    return list(session.exec(query.order_by(col(IncidentRole.id))))


def _check_may_manage(
    session: Session,
    incident: Incident,
    role: str,
    actor_user_id: str,
    now: datetime,
    crisis_leads: Collection[str],
) -> None:
    action = Action.NAME_APPROVERS if role == Role.APPROVER else Action.NAME_SPOKESPEOPLE
    permissions.require(session, incident, actor_user_id, action, now, crisis_leads=crisis_leads)


def add_role(
    session: Session,
    incident: Incident,
    user_id: str,
    role: str,
    actor_user_id: str,
    now: datetime,
    crisis_leads: Collection[str] = (),
) -> bool:
    """Give `user_id` a role; False when they already had it (a concurrent duplicate fails at commit)."""
    if role not in tuple(Role):
        raise ValueError(role)
    incidents.require_open(incident)
    _check_may_manage(session, incident, role, actor_user_id, now, crisis_leads)
    if user_id in role_holders(session, require_id(incident), role):
        return False
    session.add(
        IncidentRole(
            incident_id=require_id(incident),
            user_id=user_id,
            role=role,
            added_by_user_id=actor_user_id,
            added_at=now,
        )
    )
    session.flush()
    timeline.record(session, require_id(incident), "role_added", now, actor_user_id, role=role, user=user_id)
    return True


def remove_role(
    session: Session,
    incident: Incident,
    user_id: str,
    role: str,
    actor_user_id: str,
    now: datetime,
    crisis_leads: Collection[str] = (),
) -> bool:
    """Take a role away; False when they did not have it."""
    if role not in tuple(Role):
        raise ValueError(role)
    _check_may_manage(session, incident, role, actor_user_id, now, crisis_leads)
    rows = session.exec(
        select(IncidentRole).where(
            IncidentRole.incident_id == incident.id,
            IncidentRole.user_id == user_id,
            IncidentRole.role == role,
        )
    ).all()
    if not rows:
        return False
    for row in rows:
        session.delete(row)
    timeline.record(
        session, require_id(incident), "role_removed", now, actor_user_id, role=role, user=user_id
    )
    return True
