"""Publishing the App Home dashboard, on open and whenever an incident changes."""

from __future__ import annotations

import logging

from sqlmodel import Session

from bot.core import surfaces
from bot.core.db import session_scope
from bot.core.models import Incident
from bot.core.states import SurfaceKind
from bot.core.surfaces import Due
from bot.incidents.incidents import shares_outside
from bot.leadership.dashboard import build_dashboard, note_viewer, recent_viewers
from bot.slack.context import AppContext
from bot.slack.gateway import SlackCallFailed
from messages.render import render_view

log = logging.getLogger(__name__)


class HomeTab:
    """Renders the dashboard for a person and publishes it to their Home tab."""

    def __init__(self, context: AppContext) -> None:
        self.context = context

    def render(self, team_id: str | None) -> dict:
        """The Home view for a workspace, as Slack will show it."""
        now = self.context.clock.now()
        with session_scope(self.context.engine) as session:
            dashboard = build_dashboard(session, self.context.playbooks, now, team_id)
        return render_view(
            "home.json.j2",
            self.context.settings.crisis_language,
            dashboard=dashboard,
            now=now,
            shares_outside=shares_outside,
        )

    def opened(self, user_id: str, team_id: str) -> None:
        """The person opened the Home tab: remember it and publish a fresh dashboard."""
        with session_scope(self.context.engine) as session:
            note_viewer(session, user_id, team_id, self.context.clock.now())
        self.context.gateway.publish_home(user_id, self.render(team_id))

    def want(self, session: Session, incident: Incident) -> None:
        """In the caller's transaction: the incident's workspace's Home tabs are to be shown again (one
        surface per workspace: a burst of changes becomes one render, published to each recent viewer;
        other workspaces' tabs do not show it)."""
        surfaces.want(
            session,
            SurfaceKind.HOME,
            f"home:{incident.team_id}",
            team_id=incident.team_id,
            enterprise_id=incident.enterprise_id,
        )

    def refresh_viewers(self, incident: Incident) -> None:
        """Republish, soon, for everyone in the incident's workspace who looked at the Home tab lately."""
        with session_scope(self.context.engine) as session:
            self.want(session, incident)
        self.context.reconciler.wake()

    def show(self, due: Due) -> None:
        """Publish the workspace's latest dashboard to its recent viewers, through that workspace's
        gateway (the reconciler calls this, serving the surface's workspace).

        A rate limit stops the round (the reconciler tries the whole round again after Retry-After);
        a viewer Slack no longer knows is skipped.
        """
        with session_scope(self.context.engine) as session:
            viewers = [v.user_id for v in recent_viewers(session, self.context.clock.now(), due.team_id)]
        if not viewers:
            return
        view = self.render(due.team_id)
        gateway = self.context.gateway.impatient()
        for user_id in viewers:
            try:
                gateway.publish_home(user_id, view)
            except SlackCallFailed as failure:
                if failure.error == "ratelimited" or failure.server_side:
                    raise
                log.warning("could not refresh the Home tab of %s: %s", user_id, failure.error)
