"""`/crisis update`, `/crisis severity`, `/crisis settings`: what leadership follows."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond

from bot.incidents import status_updates
from bot.leadership.service import LeadershipDesk
from bot.mentions.service import MonitoringDesk
from bot.slack import view_state
from bot.slack.context import AppContext
from bot.slack.listener import Listener, ephemeral, where
from handlers.commands import CrisisCommand
from messages import ids
from messages.i18n import Translator
from messages.markup import Mrkdwn


class LeadershipCommands:
    """Subcommands and the update modal."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.listener = Listener(context)
        self.desk = LeadershipDesk(context)
        self.monitoring = MonitoringDesk(context)

    def ask_update(self, command: dict, rest: str, respond: Respond) -> None:
        """Open the status update modal."""
        self.desk.ask_update(command["channel_id"], command["trigger_id"])

    def post_update(self, ack: Ack, body: dict) -> None:
        """The update modal was submitted: post it in the channel and in the leadership thread."""
        view = body["view"]
        form = status_updates.UpdateForm(
            what_happened=view_state.text(view, ids.UPDATE_WHAT_HAPPENED),
            impact=view_state.text(view, ids.UPDATE_IMPACT),
            actions=view_state.text(view, ids.UPDATE_ACTIONS),
            next_update_at=view_state.moment(view, ids.UPDATE_NEXT_AT),
        )
        incident_id = view_state.incident_id(view)
        problems = status_updates.validate_update(form, self.context.clock.now())
        if problems:
            t = Translator(self.listener.language_for(incident_id=incident_id))
            ack(response_action="errors", errors={field: t.plain(key) for field, key in problems.items()})
            return
        ack()
        _, user_id = where(body)
        self.listener.run(
            body,
            lambda: self.desk.post_update(incident_id, form, user_id),
            incident_id=incident_id,
        )

    def request_update(self, ack: Ack, body: dict) -> None:
        """ "Request an update" on an incident's leadership message."""
        ack()
        channel_id, user_id = where(body)
        incident_id = view_state.clicked_id(body)
        self.listener.run(
            body,
            lambda: self.desk.request_update(incident_id, user_id, channel_id),
            incident_id=incident_id,
        )

    def change_severity(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis severity <low|high|critical>`."""
        self.desk.change_severity(command["channel_id"], rest, command["user_id"])

    def settings(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis settings [leadership|monitoring #channel|off]`: show or change the leadership channel
        or the monitoring feed's channel."""
        team_id, user_id = command.get("team_id", ""), command["user_id"]
        if rest.lower().startswith("monitoring"):
            respond(**ephemeral(self.monitoring.settings(team_id, rest, user_id)))
            return
        answer = self.desk.settings(team_id, rest, user_id)
        if not rest.strip():
            answer = Mrkdwn(answer + "\n" + self.monitoring.describe(team_id))
        respond(**ephemeral(answer))

    def share_with_leadership(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis share-with-leadership`: a private crisis's events reach leadership from now on."""
        answer = self.desk.share_with_leadership(command["channel_id"], command["user_id"])
        if answer:
            respond(**ephemeral(answer))


def register(app: App, context: AppContext, crisis_command: CrisisCommand) -> None:
    """Wire the leadership subcommands and the update modal."""
    commands = LeadershipCommands(context)
    crisis_command.add("update", commands.ask_update, opens_modal=True)
    crisis_command.add("severity", commands.change_severity)
    crisis_command.add("settings", commands.settings)
    crisis_command.add("share-with-leadership", commands.share_with_leadership)
    app.view(ids.UPDATE_MODAL)(commands.post_update)
    app.action(ids.REQUEST_UPDATE)(commands.request_update)
