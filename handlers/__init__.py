"""Bolt listeners, grouped by kind. Thin: read the payload, ack, call bot/, render with messages/."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.context import AppContext
from handlers import actions, commands, deadlines, drills, events, mentions, statements, updates, views


def register(app: App, context: AppContext) -> None:
    """Wire every listener to the app."""
    crisis_command = commands.register(app, context)
    views.register(app, context)
    actions.register(app, context)
    updates.register(app, context, crisis_command)
    events.register(app, context)
    mentions.register(app, context, crisis_command)
    statements.register(app, context, crisis_command)
    deadlines.register(app, context, crisis_command)
    drills.register(app, context, crisis_command)
