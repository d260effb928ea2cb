"""At-most-once handling of requests Slack may send twice (retries, double clicks, replays)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.core.db import rowcount, session_scope, table_of
from bot.core.models import ProcessedRequest


def claim(engine: Engine, key: str, now: datetime) -> bool:
    """Record `key` as handled; False when some earlier request (in any process) already claimed it."""
    try:
        with session_scope(engine) as session:
            session.add(ProcessedRequest(key=key[:200], at=now))
    except IntegrityError:
        return False
    return True


#: Slack retries within minutes and nobody replays a click after days: older keys can go.
RETENTION = timedelta(days=7)


def forget_old(engine: Engine, now: datetime) -> int:
    """Delete keys older than RETENTION (the table would otherwise grow forever); returns how many."""
    table = table_of(ProcessedRequest)
    with session_scope(engine) as session:
        result = session.execute(sa.delete(table).where(table.c.at < now - RETENTION))
        return rowcount(result)
