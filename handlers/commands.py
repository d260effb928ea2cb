"""`/crisis <subcommand>`: the router every feature adds its subcommands to, and the incident's own ones."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack, App, Respond

from bot.core.errors import CrisisError
from bot.incidents.service import CrisisRoom
from bot.slack import command_text
from bot.slack.context import AppContext
from bot.slack.listener import Listener, ephemeral
from messages import ids
from messages.render import render_message

Subcommand = Callable[[dict, str, Respond], None]


class CrisisCommand:
    """The `/crisis` slash command. Feature modules add their subcommands with `add`.

    Every subcommand gets `(command payload, text after the subcommand, respond)`, runs after the ack,
    and may raise CrisisError: the person then sees the explanation, ephemerally.
    """

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.listener = Listener(context)
        self.room = CrisisRoom(context)
        self.subcommands: dict[str, Subcommand] = {}
        self.modal_subcommands: set[str] = set()
        self.add("open", self.open_crisis, opens_modal=True)
        self.add("status", self.show_status)
        self.add("assign", self.assign_responsible)
        self.add("resolve", self.ask_resolution, opens_modal=True)
        self.add("help", self.show_help)

    def add(self, name: str, action: Subcommand, opens_modal: bool = False) -> None:
        """Register `/crisis <name>`; help comes from strings `help.usage.<name>`, `help.describe.<name>`.
        `opens_modal`: its work opens a modal (with the command's trigger id, valid for 3 seconds)."""
        if name in self.subcommands:
            raise ValueError(f"/crisis {name} is registered twice")
        self.subcommands[name] = action
        if opens_modal:
            self.modal_subcommands.add(name)

    def handle(self, ack: Ack, command: dict, respond: Respond) -> None:
        """Entry point for `/crisis`: ack first, then dispatch on the first word."""
        ack()
        text = str(command.get("text") or "").replace("\x00", "")  # PostgreSQL text cannot hold NUL
        subcommand, _, rest = text.strip().partition(" ")
        action = self.subcommands.get(subcommand.lower() or "help")
        if action is None:
            unknown = subcommand[:50]
            self.listener.run(command, lambda: self.show_help(command, rest, respond, unknown=unknown))
            return
        self.listener.run(
            command,
            lambda: action(command, rest.strip(), respond),
            reply=lambda text: respond(**ephemeral(text)),
            opens_modal=subcommand.lower() in self.modal_subcommands,
        )

    def open_crisis(self, command: dict, rest: str, respond: Respond) -> None:
        """Open the modal that asks for the crisis details."""
        self.room.ask_open(command["trigger_id"], command.get("channel_id", ""), command["user_id"], rest)

    def show_status(self, command: dict, rest: str, respond: Respond) -> None:
        """Show this crisis at a glance, only to the person who asked."""
        message = self.room.status_message(command["channel_id"])
        respond(response_type="ephemeral", text=message.text, blocks=message.blocks)

    def assign_responsible(self, command: dict, rest: str, respond: Respond) -> None:
        """Make another person responsible, announce it and invite them."""
        user_id = command_text.user_mention(rest)
        if user_id is None:
            raise CrisisError("errors.assign_usage")
        self.room.assign(command["channel_id"], user_id, command["user_id"])

    def ask_resolution(self, command: dict, rest: str, respond: Respond) -> None:
        """Ask for the one-line resolution in a modal."""
        self.room.ask_resolution(command["channel_id"], command["trigger_id"], command["user_id"])

    def show_help(self, command: dict, rest: str, respond: Respond, unknown: str | None = None) -> None:
        """List the commands (after saying so when the subcommand is unknown)."""
        message = render_message(
            "help.json.j2",
            self.listener.language_for(command.get("channel_id", "")),
            commands=list(self.subcommands),
            unknown=unknown,
        )
        respond(response_type="ephemeral", text=message.text, blocks=message.blocks)


def register(app: App, context: AppContext) -> CrisisCommand:
    """Wire `/crisis`; returns the command so feature modules can add subcommands."""
    command = CrisisCommand(context)
    app.command(ids.COMMAND)(command.handle)
    return command
