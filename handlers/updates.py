"""`/crisis update`, `/crisis severity`, `/crisis settings`: what leadership follows."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

from slack_bolt import Ack, App, Respond

from bot.core.clock import to_unix
from bot.core.db import session_scope
from bot.core.errors import CrisisError
from bot.core.models import Incident
from bot.deadlines import deadlines
from bot.incidents import incidents, status_updates
from bot.incidents.service import CrisisRoom
from bot.leadership.feed import LeadershipFeed, leadership_channel, set_leadership_channel
from bot.slack import command_text, replays, view_state
from bot.slack.context import AppContext
from bot.slack.replies import ephemeral, explain
from handlers.commands import CrisisCommand
from messages import ids
from messages.i18n import Translator
from messages.markup import channel as channel_link
from messages.markup import user as mention
from messages.render import render_message, render_view

log = logging.getLogger(__name__)


class LeadershipCommands:
    """Subcommands and the update modal."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.room = CrisisRoom(context)
        self.feed = LeadershipFeed(context)

    def ask_update(self, command: dict, rest: str, respond: Respond) -> None:
        """Open the status update modal."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, command["channel_id"])
        incidents.require_open(incident)
        view = render_view(
            "update_modal.json.j2",
            incident.language,
            private_metadata=json.dumps({"incident_id": incident.id}),
            max_field=status_updates.MAX_FIELD,
            suggested_next_unix=to_unix(self.context.clock.now() + timedelta(hours=2)),
        )
        self.context.gateway.open_view(command["trigger_id"], view)

    def post_update(self, ack: Ack, body: dict) -> None:
        """The update modal was submitted: post it in the channel and in the leadership thread."""
        view = body["view"]
        form = status_updates.UpdateForm(
            what_happened=view_state.text(view, ids.UPDATE_WHAT_HAPPENED),
            impact=view_state.text(view, ids.UPDATE_IMPACT),
            actions=view_state.text(view, ids.UPDATE_ACTIONS),
            next_update_at=view_state.moment(view, ids.UPDATE_NEXT_AT),
        )
        incident_id = view_state.metadata(view).get("incident_id")
        with session_scope(self.context.engine) as session:
            incident = session.get(Incident, incident_id) if incident_id else None
        language = incident.language if incident else self.context.settings.crisis_language
        problems = status_updates.validate_update(form, self.context.clock.now())
        if problems:
            t = Translator(language)
            ack(response_action="errors", errors={field: t.plain(key) for field, key in problems.items()})
            return
        ack()
        user_id = body["user"]["id"]
        if not replays.first_submission(self.context, body):
            return  # the same submission again
        try:
            with session_scope(self.context.engine) as session:
                incident = session.get(Incident, incident_id)
                if incident is None:
                    return
                now = self.context.clock.now()
                update = status_updates.record_update(session, incident, form, user_id, now)
                deadlines.expect_update(session, incident, form.next_update_at, now)
            message = render_message("status_update.json.j2", language, incident=incident, update=update)
            ts = self.context.gateway.post_message(incident.channel_id, message.text, message.blocks)  # type: ignore[arg-type]
            with session_scope(self.context.engine) as session:
                stored = session.get(type(update), update.id)
                if stored is not None:
                    stored.message_ts = ts
                    session.add(stored)
            self.feed.post_update(incident, message)
            self.context.wake_scheduler()
        except Exception as error:
            notice = render_message("notice.json.j2", language, text=explain(error, language))
            self.context.gateway.send_dm(user_id, notice.text, notice.blocks)

    def change_severity(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis severity <low|high|critical>`."""
        severity = rest.strip().lower()
        if not severity:
            raise CrisisError("errors_update.severity_usage")
        now = self.context.clock.now()
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, command["channel_id"])
            previous = incidents.change_severity(
                session, incident, severity, command["user_id"], now, self.context.settings.crisis_leads
            )
        if previous == severity:
            return
        t = Translator(incident.language)
        params = {
            "actor": mention(command["user_id"]),
            "previous": t.plain(f"severity.{previous}"),
            "severity": t.plain(f"severity.{severity}"),
        }
        notice = render_message("notice.json.j2", incident.language, text=t("severity_change.done", **params))
        self.context.gateway.post_message(incident.channel_id, notice.text, notice.blocks)  # type: ignore[arg-type]
        self.room.refresh_topic(incident)
        self.room.refresh_header(incident)
        self.feed.mirror(incident, "severity", **params)

    def settings(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis settings [leadership #channel|off]`: show or change the leadership channel."""
        context = self.context
        team_id = command.get("team_id", "")
        language = context.settings.crisis_language
        t = Translator(language)
        words = rest.split()
        if not words:
            with session_scope(context.engine) as session:
                current = leadership_channel(session, context, team_id)
            text = t("settings.shown", channel=channel_link(current)) if current else t("settings.none")
            respond(**ephemeral(text))
            return
        if words[0].lower() != "leadership" or len(words) != 2:
            raise CrisisError("errors_update.settings_usage")
        target = None if words[1].lower() == "off" else command_text.channel_mention(words[1])
        if words[1].lower() != "off" and target is None:
            raise CrisisError("errors_update.settings_usage")
        if target:
            context.gateway.join_channel(target)
        with session_scope(context.engine) as session:
            set_leadership_channel(session, team_id, target, command["user_id"], context.clock.now())
        actor = mention(command["user_id"])
        text = (
            t("settings.changed", actor=actor, channel=channel_link(target))
            if target
            else t("settings.cleared", actor=actor)
        )
        respond(**ephemeral(text))


def register(app: App, context: AppContext, crisis_command: CrisisCommand) -> None:
    """Wire the leadership subcommands and the update modal."""
    commands = LeadershipCommands(context)
    crisis_command.add("update", commands.ask_update)
    crisis_command.add("severity", commands.change_severity)
    crisis_command.add("settings", commands.settings)
    app.view(ids.UPDATE_MODAL)(commands.post_update)
