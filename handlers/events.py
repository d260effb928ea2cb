"""Events API listeners."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.leadership.home import HomeTab
from bot.slack.context import AppContext
from bot.slack.workspaces import workspace_of

log = logging.getLogger(__name__)


def register(app: App, context: AppContext) -> None:
    """Wire `app_home_opened`."""
    home = HomeTab(context)

    @app.event("app_home_opened")
    def publish_dashboard(event: dict, body: dict) -> None:
        """Someone opened the Home tab: show them the dashboard."""
        if event.get("tab") != "home":
            return
        workspace = workspace_of(body)
        with context.serving(workspace.team_id, workspace.enterprise_id):
            home.opened(event["user"], workspace.team_id)
