"""Wanted and shown revisions of what the bot keeps showing in Slack (see models.SlackSurface).

A state change calls `want` in its own transaction; the reconciler `claim_due`s rows where `shown` lags,
renders the latest state with no database lock held, then `mark_shown` (or `postpone` on a rate limit or
failure). Claims are row leases, so several processes share the work: on PostgreSQL the claiming query
skips rows another transaction holds (`FOR UPDATE SKIP LOCKED`); SQLite runs one writer at a time anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.db import session_scope, table_of
from bot.core.models import Incident, SlackSurface

_table = table_of(SlackSurface)
#: How a surface's last error starts when Slack answered 5xx or did not answer (see resume_failed).
SLACK_FAILING = "slack failing: "


def failing_error(since: datetime, error: str) -> str:
    """The last error of a surface that Slack has failed since `since` (kept over its tries)."""
    return f"{SLACK_FAILING}{since.isoformat()} {error}"


def failing_since(last_error: str | None) -> datetime | None:
    """When Slack started failing a surface, from its last error (None: it was not failing)."""
    if not last_error or not last_error.startswith(SLACK_FAILING):
        return None
    stamp = last_error[len(SLACK_FAILING) :].split(" ", 1)[0]
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


#: How long a claim lasts: a process that dies mid-call loses its rows to another after this.
CLAIM_LEASE = timedelta(minutes=2)


def want(
    session: Session,
    kind: str,
    key: str,
    *,
    team_id: str = "",
    enterprise_id: str | None = None,
    channel_id: str = "",
    incident_id: int | None = None,
) -> None:
    """Ask for `key` to show the latest state (in the caller's transaction: it happens if the change does)."""
    insert = (postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert)(_table)
    statement = insert.values(
        key=key,
        kind=kind,
        team_id=team_id,
        enterprise_id=enterprise_id,
        channel_id=channel_id,
        incident_id=incident_id,
        wanted=1,
        shown=0,
        attempts=0,
    ).on_conflict_do_update(index_elements=["key"], set_={"wanted": _table.c.wanted + 1})
    session.execute(statement)


def want_incident(session: Session, kind: str, key: str, incident: Incident) -> None:
    """`want` for a surface of `incident`: in its workspace (and Grid org) and channel."""
    want(
        session,
        kind,
        key,
        team_id=incident.team_id,
        enterprise_id=incident.enterprise_id,
        channel_id=incident.channel_id or "",
        incident_id=incident.id,
    )


@dataclass(frozen=True)
class Due:
    """A claimed surface: render the latest state of `key`, then report revision `wanted` as shown."""

    id: int
    kind: str
    key: str
    team_id: str
    enterprise_id: str | None
    channel_id: str
    incident_id: int | None
    wanted: int
    attempts: int
    #: why its last try failed (None after a success): see SLACK_FAILING
    last_error: str | None = None


def claim_due(engine: Engine, owner: str, now: datetime, limit: int = 20) -> list[Due]:
    """Claim up to `limit` surfaces whose shown revision lags, oldest first, skipping ones others hold.
    `owner` must be unique to the caller (two drains of one process are two owners)."""
    conditions = (
        _table.c.wanted > _table.c.shown,
        sa.or_(_table.c.not_before.is_(None), _table.c.not_before <= now),
        sa.or_(_table.c.claimed_until.is_(None), _table.c.claimed_until < now),
    )
    due = (
        sa.select(_table.c.id)
        .where(*conditions)
        .order_by(_table.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    with session_scope(engine) as session:
        ids = [row[0] for row in session.execute(due)]
        if not ids:
            return []
        # the conditions again: on SQLite another drain may have claimed a row since the SELECT
        session.execute(
            sa.update(_table)
            .where(_table.c.id.in_(ids), *conditions)
            .values(claimed_by=owner, claimed_until=now + CLAIM_LEASE)
        )
        rows = session.execute(
            sa.select(
                _table.c.id,
                _table.c.kind,
                _table.c.key,
                _table.c.team_id,
                _table.c.enterprise_id,
                _table.c.channel_id,
                _table.c.incident_id,
                _table.c.wanted,
                _table.c.attempts,
                _table.c.last_error,
            )
            .where(_table.c.id.in_(ids), _table.c.claimed_by == owner)
            .order_by(_table.c.id)
        ).all()
    return [Due(*row) for row in rows]


def mark_shown(engine: Engine, due: Due, owner: str, not_before: datetime | None = None) -> None:
    """Revision `due.wanted` is what Slack shows now; the next change may be shown from `not_before`."""
    with session_scope(engine) as session:
        session.execute(
            sa.update(_table)
            .where(_table.c.id == due.id, _table.c.claimed_by == owner)
            .values(
                shown=sa.func.max(_table.c.shown, due.wanted)
                if _is_sqlite(session)
                else sa.func.greatest(_table.c.shown, due.wanted),
                claimed_by=None,
                claimed_until=None,
                attempts=0,
                last_error=None,
                not_before=not_before,
            )
        )


def postpone(
    engine: Engine, due: Due, owner: str, until: datetime, error: str, same_channel: bool = False
) -> None:
    """Try `due` again from `until` (a back-off or Slack's Retry-After). With `same_channel`, every other
    lagging surface of its channel (or of its kind in its workspace, outside a channel) waits too."""
    with session_scope(engine) as session:
        session.execute(
            sa.update(_table)
            .where(_table.c.id == due.id, _table.c.claimed_by == owner)
            .values(
                claimed_by=None,
                claimed_until=None,
                not_before=until,
                attempts=_table.c.attempts + 1,
                last_error=error[:200],
            )
        )
        if same_channel:
            # Slack's limits are per workspace: a surface outside a channel (Home) holds up its kind in
            # its own workspace only
            scope = (
                _table.c.channel_id == due.channel_id
                if due.channel_id
                else (_table.c.kind == due.kind) & (_table.c.team_id == due.team_id)
            )
            session.execute(
                sa.update(_table)
                .where(
                    scope,
                    _table.c.wanted > _table.c.shown,
                    sa.or_(_table.c.not_before.is_(None), _table.c.not_before < until),
                )
                # the channel's wait is now Slack's Retry-After, which Slack answering again (see
                # resume_failed) must not cut short
                .values(not_before=until, last_error=error[:200])
            )


def resume_failed(engine: Engine, now: datetime) -> int:
    """Make every lagging surface that waits in a back-off after Slack failed (its error starts with
    SLACK_FAILING) due now; returns how many."""
    with session_scope(engine) as session:
        result = session.execute(
            sa.update(_table)
            .where(
                _table.c.wanted > _table.c.shown,
                _table.c.not_before > now,
                _table.c.last_error.startswith(SLACK_FAILING, autoescape=True),
            )
            .values(not_before=now)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def next_due_at(engine: Engine) -> datetime | None:
    """When the earliest postponed surface may be tried again (None when none waits)."""
    with session_scope(engine) as session:
        return session.execute(
            sa.select(sa.func.min(_table.c.not_before)).where(_table.c.wanted > _table.c.shown)
        ).scalar()


def lagging(engine: Engine) -> int:
    """How many surfaces do not show their latest state yet."""
    with session_scope(engine) as session:
        return int(
            session.execute(
                sa.select(sa.func.count()).select_from(_table).where(_table.c.wanted > _table.c.shown)
            ).scalar()
            or 0
        )


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"
