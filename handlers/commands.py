"""`/crisis <subcommand>`: parse the text, ack at once, then do the work and reply ephemerally."""

from __future__ import annotations

import json
from collections.abc import Callable

from slack_bolt import Ack, App, Respond

from bot.core.clock import to_unix
from bot.core.config import SUPPORTED_LANGUAGES
from bot.core.db import session_scope
from bot.core.errors import CrisisError
from bot.core.models import SEVERITIES
from bot.core.policy import Action
from bot.incidents import checklist, incidents, permissions
from bot.incidents.incidents import MAX_DESCRIPTION, MAX_RESOLUTION, MAX_TITLE
from bot.incidents.service import CrisisRoom
from bot.leadership.feed import LeadershipFeed
from bot.slack import command_text
from bot.slack.context import AppContext
from bot.slack.replies import ephemeral, run_and_explain
from messages import ids
from messages.i18n import Translator
from messages.markup import user as mention
from messages.render import render_message, render_view

Subcommand = Callable[[dict, str, Respond], None]


class CrisisCommand:
    """The `/crisis` slash command. Feature modules add their subcommands with `add`.

    Every subcommand gets `(command payload, text after the subcommand, respond)`, runs after the ack,
    and may raise CrisisError: the person then sees the explanation, ephemerally.
    """

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.room = CrisisRoom(context)
        self.subcommands: dict[str, Subcommand] = {}
        self.add("open", self.open_crisis)
        self.add("status", self.show_status)
        self.add("assign", self.assign_responsible)
        self.add("resolve", self.ask_resolution)
        self.add("help", self.show_help)

    def add(self, name: str, action: Subcommand) -> None:
        """Register `/crisis <name>`; help comes from strings `help.usage.<name>`, `help.describe.<name>`."""
        if name in self.subcommands:
            raise ValueError(f"/crisis {name} is registered twice")
        self.subcommands[name] = action

    def handle(self, ack: Ack, command: dict, respond: Respond) -> None:
        """Entry point for `/crisis`: ack first, then dispatch on the first word."""
        ack()
        command["text"] = str(command.get("text") or "").replace("\x00", "")
        subcommand, _, rest = command["text"].strip().partition(" ")
        name = subcommand.lower() or "help"
        action = self.subcommands.get(name)
        if action is None:
            self.show_help(command, rest, respond, unknown=subcommand[:50])
            return
        run_and_explain(
            lambda: action(command, rest.strip(), respond),
            lambda text: respond(**ephemeral(text)),
            lambda: self._language_for(command.get("channel_id", "")),
        )

    def _language_for(self, channel_id: str) -> str:
        with session_scope(self.context.engine) as session:
            try:
                return incidents.for_channel(session, channel_id).language
            except CrisisError:
                return self.context.settings.crisis_language

    def open_crisis(self, command: dict, rest: str, respond: Respond) -> None:
        """Open the modal that asks for the crisis details."""
        language = self.context.settings.crisis_language
        view = render_view(
            "open_modal.json.j2",
            language,
            private_metadata=json.dumps({"channel_id": command.get("channel_id", "")}),
            initial_title=rest[:MAX_TITLE],
            max_title=MAX_TITLE,
            max_description=MAX_DESCRIPTION,
            cases=self.context.playbooks.cases(),
            severities=SEVERITIES,
            languages=SUPPORTED_LANGUAGES,
            language=language,
            opener_user_id=command["user_id"],
            now_unix=to_unix(self.context.clock.now()),
        )
        self.context.gateway.open_view(command["trigger_id"], view)

    def show_status(self, command: dict, rest: str, respond: Respond) -> None:
        """Show this crisis at a glance, only to the person who asked."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, command["channel_id"])
            steps = checklist.items(session, incident.id)  # type: ignore[arg-type]
        message = render_message(
            "status.json.j2",
            incident.language,
            view=self.room.view(incident, steps),
            now=self.context.clock.now(),
        )
        respond(response_type="ephemeral", text=message.text, blocks=message.blocks)

    def assign_responsible(self, command: dict, rest: str, respond: Respond) -> None:
        """Make another person responsible, announce it and invite them."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, command["channel_id"])
        user_id = command_text.user_mention(rest)
        if user_id is None:
            raise CrisisError("errors.assign_usage")
        if not self.context.gateway.user_exists(user_id):
            raise CrisisError("errors.user_unknown")
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, command["channel_id"])
            previous = incidents.assign(
                session,
                incident,
                user_id,
                command["user_id"],
                self.context.clock.now(),
                self.context.settings.crisis_leads,
            )
        gateway = self.context.gateway
        gateway.invite(incident.channel_id, [user_id])  # type: ignore[arg-type]
        t = Translator(incident.language)
        params = {
            "actor": mention(command["user_id"]),
            "user": mention(user_id),
            "previous": mention(previous),
        }
        text = t("assign.done", **params)
        notice = render_message("notice.json.j2", incident.language, text=text)
        gateway.post_message(incident.channel_id, notice.text, notice.blocks)  # type: ignore[arg-type]
        self.room.refresh_topic(incident)
        self.room.refresh_header(incident)
        LeadershipFeed(self.context).mirror(incident, "assigned", **params)

    def ask_resolution(self, command: dict, rest: str, respond: Respond) -> None:
        """Ask for the one-line resolution in a modal."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, command["channel_id"])
            incidents.require_open(incident)
            permissions.require(
                session,
                incident,
                command["user_id"],
                Action.RESOLVE,
                self.context.clock.now(),
                crisis_leads=self.context.settings.crisis_leads,
            )
        view = render_view(
            "resolve_modal.json.j2",
            incident.language,
            private_metadata=json.dumps({"incident_id": incident.id}),
            title=incident.title,
            max_resolution=MAX_RESOLUTION,
        )
        self.context.gateway.open_view(command["trigger_id"], view)

    def show_help(self, command: dict, rest: str, respond: Respond, unknown: str | None = None) -> None:
        """List the commands (after saying so when the subcommand is unknown)."""
        message = render_message(
            "help.json.j2",
            self._language_for(command.get("channel_id", "")),
            commands=list(self.subcommands),
            unknown=unknown,
        )
        respond(response_type="ephemeral", text=message.text, blocks=message.blocks)


def register(app: App, context: AppContext) -> CrisisCommand:
    """Wire `/crisis`; returns the command so feature modules can add subcommands."""
    command = CrisisCommand(context)
    app.command(ids.COMMAND)(command.handle)
    return command
