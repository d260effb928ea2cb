"""At-most-once handling of requests Slack may send twice (retries, double clicks, replays)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.db import session_scope
from bot.models import ProcessedRequest


def claim(engine: Engine, key: str, now: datetime) -> bool:
    """Record `key` as handled; False when some earlier request (in any process) already claimed it."""
    try:
        with session_scope(engine) as session:
            session.add(ProcessedRequest(key=key[:200], at=now))
    except IntegrityError:
        return False
    return True
