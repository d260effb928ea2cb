"""Publishing the App Home dashboard, on open and whenever an incident changes."""

from __future__ import annotations

import logging

from bot.core.db import session_scope
from bot.core.models import Incident
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

    def refresh_viewers(self, incident: Incident) -> None:
        """Republish for everyone of the incident's workspace who has looked at the Home tab in the
        last hour (other workspaces' tabs do not show it), through that workspace's gateway."""
        with session_scope(self.context.engine) as session:
            viewers = recent_viewers(session, self.context.clock.now(), incident.team_id)
        if not viewers:
            return
        view = self.render(incident.team_id)
        for viewer in viewers:
            try:
                gateway = self.context.gateway_for(incident.team_id, incident.enterprise_id)
                gateway.publish_home(viewer.user_id, view)
            except SlackCallFailed:
                log.exception("could not refresh the Home tab of %s", viewer.user_id)
