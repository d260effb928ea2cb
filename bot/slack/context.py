"""What every part of the running app shares: settings, database, clock, Slack gateways, playbooks."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.core.db import QUICK_WRITE_SECONDS, make_quick_engine
from bot.core.playbooks import PlaybookLibrary
from bot.core.spool import Spool
from bot.core.spool import directory_for as spool_directory
from bot.slack.directory import UserDirectory
from bot.slack.executor import TrackingExecutor
from bot.slack.gateway import SlackGateway
from bot.slack.reconciler import Reconciler
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
    #: Where the work after an ack runs: never on the threads that ack, so a slow Slack or a locked
    #: database delays work, not acks.
    work: TrackingExecutor = field(default_factory=lambda: TrackingExecutor(16), repr=False)
    #: True in a web process whose requests' work is done by worker processes (`crisisbot worker`):
    #: its listeners only ack and hand the request on (bot.slack.listener).
    queue_work: bool = False

    @cached_property
    def quick_engine(self) -> Engine:
        """The same database, for writes that give up at once rather than delay an ack (the inbox)."""
        return make_quick_engine(self.engine.url.render_as_string(hide_password=False), QUICK_WRITE_SECONDS)

    @cached_property
    def spool(self) -> Spool:
        """Requests kept in a file on this host before their ack, on their way into the inbox."""
        url = self.engine.url.render_as_string(hide_password=False)
        directory = Path(self.settings.spool_dir) if self.settings.spool_dir else spool_directory(url)
        return Spool(self.quick_engine, directory)

    @property
    def spool_first(self) -> bool:
        """True where a request is kept in the spool rather than the inbox before its ack: unless
        SPOOL_FIRST is false (see bot.core.spool), and then still while the spool holds requests the
        database did not take in time (the next ones would wait as long, and go in after them)."""
        return self.settings.spool_first or self.spool.pending() > 0

    @cached_property
    def reconciler(self) -> Reconciler:
        """Keeps headers, checklists and Home tabs showing the latest state (see bot.slack.reconciler)."""
        return Reconciler(self)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until no work is queued or running (tests, the demo, a graceful shutdown)."""
        return self.work.wait_idle(timeout)

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
