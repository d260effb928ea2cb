"""Which Slack gateway serves which workspace: one bot token, or one installation per workspace (OAuth).

With `SLACK_BOT_TOKEN` one gateway serves everything. With OAuth distribution each workspace (or an
Enterprise Grid org, installed org-wide) has its own bot token in slack-sdk's installation store, and
`gateway_for(team_id, enterprise_id)` is the one way to reach it; there is no global client then.

Code that works for one workspace runs inside `serving(team_id, enterprise_id)`: listeners for the
workspace of the request, background jobs for the workspace of the incident they work on. Inside it,
`Workspaces.current()` (what `AppContext.gateway` returns) is that workspace's gateway; outside it, OAuth
mode has none and says so (`NoWorkspace`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from slack_bolt.request.internals import extract_enterprise_id, extract_team_id
from slack_sdk.oauth.installation_store import Bot, InstallationStore

from bot.slack.gateway import SlackCallFailed, SlackGateway, SlackHealth, make_web_client

#: Slack's error for a token of a workspace that uninstalled the app; used when no installation exists.
NOT_INSTALLED = "not_installed"


@dataclass(frozen=True)
class Workspace:
    """A Slack workspace, and the Enterprise Grid org it belongs to (if any)."""

    team_id: str
    enterprise_id: str | None = None


@dataclass
class _Scope:
    """One `serving` block: its workspace, and its gateway once looked up (reused for the block)."""

    workspace: Workspace
    gateway: SlackGateway | None = None


_serving: ContextVar[_Scope | None] = ContextVar("crisisbot_workspace", default=None)


class NoWorkspace(RuntimeError):
    """OAuth mode and code asked for "the" gateway outside `serving(...)`: a bug, never a user error."""


@contextmanager
def serving(team_id: str, enterprise_id: str | None = None) -> Iterator[Workspace]:
    """Run the block for one workspace (this thread and what it calls; not other threads)."""
    workspace = Workspace(team_id, enterprise_id or None)
    token = _serving.set(_Scope(workspace))
    try:
        yield workspace
    finally:
        _serving.reset(token)


def workspace_of(body: dict) -> Workspace:
    """The workspace a Slack request (command, interaction or event envelope) came from.

    `team_id` at the top (commands, events) names the workspace even under an org-wide install, whose
    event authorizations carry the org only; Bolt's own extraction covers the other payload shapes.
    """
    team_id = body.get("team_id") or extract_team_id(body) or ""
    return Workspace(str(team_id), extract_enterprise_id(body) or None)


def current_workspace() -> Workspace | None:
    """The workspace the running code serves, if it was set with `serving`."""
    scope = _serving.get()
    return scope.workspace if scope is not None else None


class Workspaces:
    """Gateways per workspace: the one configured bot token, or the installations (OAuth)."""

    def __init__(
        self,
        api_url: str,
        single: SlackGateway | None = None,
        installations: InstallationStore | None = None,
    ) -> None:
        if (single is None) == (installations is None):
            raise ValueError("one bot token or an installation store, exactly one")
        self.api_url = api_url
        self.single = single
        self.installations = installations
        #: one for the process: every workspace's gateway reaches the same Slack
        self.health = single.health if single is not None else SlackHealth()
        self._clients: dict[tuple[str, str | None], SlackGateway] = {}
        self._lock = threading.Lock()

    @property
    def distributed(self) -> bool:
        """True in OAuth mode (each workspace has its own installation)."""
        return self.installations is not None

    def find_bot(self, team_id: str, enterprise_id: str | None = None) -> Bot | None:
        """The bot installation answering for the workspace: its own, else its org's org-wide one."""
        if self.installations is None:
            return None
        bot = self.installations.find_bot(enterprise_id=enterprise_id or None, team_id=team_id or None)
        if bot is None and enterprise_id:
            bot = self.installations.find_bot(
                enterprise_id=enterprise_id, team_id=None, is_enterprise_install=True
            )
        return bot

    def gateway_for(self, team_id: str, enterprise_id: str | None = None) -> SlackGateway:
        """The gateway that speaks for workspace `team_id` (in Grid org `enterprise_id`).

        OAuth mode: the installation's bot token, looked up on every call (an uninstalled workspace
        stops at once, in every process); one client per token is kept. Raises SlackCallFailed
        (`not_installed`) when the workspace has no installation.
        """
        if self.single is not None:
            return self.single
        bot = self.find_bot(team_id, enterprise_id)
        if bot is None or not bot.bot_token:
            raise SlackCallFailed("installation", NOT_INSTALLED)
        # an org-wide token must name the workspace where it creates a channel
        workspace_team = team_id if bot.is_enterprise_install else None
        key = (bot.bot_token, workspace_team)
        with self._lock:
            gateway = self._clients.get(key)
            if gateway is None:
                client = make_web_client(bot.bot_token, self.api_url)
                gateway = self._clients[key] = SlackGateway(
                    client, workspace_team_id=workspace_team, health=self.health
                )
            return gateway

    def current(self) -> SlackGateway:
        """The gateway of the workspace being served (the one gateway with a single bot token).

        Looked up once per `serving` block: a unit of work does not ask the store before each call.
        """
        if self.single is not None:
            return self.single
        scope = _serving.get()
        if scope is None:
            raise NoWorkspace("OAuth mode: no workspace is being served here, so there is no Slack client")
        if scope.gateway is None:
            scope.gateway = self.gateway_for(scope.workspace.team_id, scope.workspace.enterprise_id)
        return scope.gateway
