"""The user directory: people's names for text that leaves Slack (reports, the demo transcript).

Inside Slack a person is written `<@U…>` and Slack shows the name; outside it nothing does, so the
names come from users.info, cached in the database and asked again when older than the refresh age.
A name is the display name, else the real name, else the id.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.core.clock import Clock
from bot.core.db import session_scope
from bot.core.models import SlackUser
from bot.slack.gateway import SlackCallFailed, SlackGateway, UserNames

log = logging.getLogger(__name__)


def best_name(display_name: str | None, real_name: str | None, user_id: str) -> str:
    """Display name → real name → id, the order Slack's own clients use."""
    return (display_name or "").strip() or (real_name or "").strip() or user_id


class UserDirectory:
    """Names of workspace members, from a database cache refreshed through the gateway."""

    def __init__(
        self,
        engine: Engine,
        gateway: Callable[[], SlackGateway],
        clock: Clock,
        refresh_age: timedelta,
        online: bool = True,
    ) -> None:
        self.engine = engine
        self.gateway = gateway
        self.clock = clock
        self.refresh_age = refresh_age
        #: False where there is no bot token (e.g. `crisisbot report` on a laptop): cached names only.
        self.online = online

    def names(self, user_ids: Iterable[str | None]) -> dict[str, str]:
        """A name for each id (ids Slack cannot name, or cannot be asked about now, map to themselves)."""
        wanted = sorted({user_id for user_id in user_ids if user_id})
        if not wanted:
            return {}
        now = self.clock.now()
        with session_scope(self.engine) as session:
            cached = {
                row.user_id: row
                for row in session.exec(select(SlackUser).where(col(SlackUser.user_id).in_(wanted)))
            }
        names = {
            user_id: best_name(row.display_name, row.real_name, user_id) for user_id, row in cached.items()
        }
        for user_id in wanted:
            row = cached.get(user_id)
            if not self.online or (row is not None and now - row.fetched_at < self.refresh_age):
                continue
            try:
                answer = self.gateway().user_names(user_id)
            except (SlackCallFailed, OSError) as failure:
                # Slack refuses or cannot be reached: a stale name (or the id) is better than no report.
                log.warning("users.info %s failed: %s", user_id, failure)
                continue
            answer = answer or UserNames(user_id=user_id, display_name="", real_name="")
            self._store(answer)
            names[user_id] = best_name(answer.display_name, answer.real_name, user_id)
        return {user_id: names.get(user_id, user_id) for user_id in wanted}

    def name(self, user_id: str) -> str:
        """One person's name."""
        return self.names([user_id]).get(user_id, user_id)

    def _store(self, answer: UserNames) -> None:
        row = SlackUser(
            user_id=answer.user_id,
            display_name=answer.display_name[:200],
            real_name=answer.real_name[:200],
            deleted=answer.deleted,
            fetched_at=self.clock.now(),
        )
        try:
            with session_scope(self.engine) as session:
                session.merge(row)
        except IntegrityError:
            # Another process cached the same person at the same moment; its row is as good as ours.
            log.debug("user %s cached concurrently", answer.user_id)
