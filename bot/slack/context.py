"""What every part of the running app shares: settings, database, clock, Slack gateways, playbooks."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property

from sqlalchemy.engine import Engine

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.core.playbooks import PlaybookLibrary
from bot.slack.directory import UserDirectory
from bot.slack.gateway import SlackGateway
from bot.slack.workspaces import Workspace, Workspaces, serving


@dataclass
class AppContext:
    """The running app's shared services, built once by the app factory."""

    settings: Settings
    engine: Engine
    clock: Clock
    workspaces: Workspaces
    playbooks: PlaybookLibrary
    #: Ask the deadline scheduler to look at its queue now (a no-op in processes that run none).
    wake_scheduler: Callable[[], None] = field(default=lambda: None, repr=False)

    @property
    def gateway(self) -> SlackGateway:
        """The gateway of the workspace being served (see `serving`); with one bot token, the only one."""
        return self.workspaces.current()

    def gateway_for(self, team_id: str, enterprise_id: str | None = None) -> SlackGateway:
        """The gateway of one workspace: the one bot token, or that workspace's installation (OAuth)."""
        return self.workspaces.gateway_for(team_id, enterprise_id)

    def serving(self, team_id: str, enterprise_id: str | None = None) -> AbstractContextManager[Workspace]:
        """Run a block for one workspace: inside it, `gateway` is that workspace's."""
        return serving(team_id, enterprise_id)

    @cached_property
    def directory(self) -> UserDirectory:
        """People's names for text that leaves Slack (users.info, cached in the database)."""
        return UserDirectory(
            self.engine,
            lambda: self.gateway,
            self.clock,
            timedelta(hours=self.settings.user_names_refresh_hours),
            online=bool(self.settings.slack_bot_token) or self.settings.oauth,
        )
