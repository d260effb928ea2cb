"""What every part of the running app shares: settings, database, clock, Slack gateway, playbooks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property

from sqlalchemy.engine import Engine

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.core.playbooks import PlaybookLibrary
from bot.slack.directory import UserDirectory
from bot.slack.gateway import SlackGateway


@dataclass
class AppContext:
    """The running app's shared services, built once by the app factory."""

    settings: Settings
    engine: Engine
    clock: Clock
    gateway: SlackGateway
    playbooks: PlaybookLibrary
    #: Ask the deadline scheduler to look at its queue now (a no-op in processes that run none).
    wake_scheduler: Callable[[], None] = field(default=lambda: None, repr=False)

    @cached_property
    def directory(self) -> UserDirectory:
        """People's names for text that leaves Slack (users.info, cached in the database)."""
        return UserDirectory(
            self.engine,
            self.gateway,
            self.clock,
            timedelta(hours=self.settings.user_names_refresh_hours),
            online=bool(self.settings.slack_bot_token),
        )
