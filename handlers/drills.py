"""`/crisis drill <case> [speed] [leadership]`: rehearse a playbook in a DRILL room on an accelerated clock.
Thin: read the command, call bot.drills, reply to the person who asked (only they see it)."""

from __future__ import annotations

from slack_bolt import App, Respond

from bot.drills import script as drill_script
from bot.drills.service import DrillDesk
from bot.slack.context import AppContext
from handlers.commands import CrisisCommand


class DrillCommands:
    """The drill subcommand."""

    def __init__(self, context: AppContext) -> None:
        self.desk = DrillDesk(context)

    def start_drill(self, command: dict, rest: str, respond: Respond) -> None:
        """Open a drill room; an unknown or missing case gets the list of cases. Works in any channel."""
        # the trigger id is unique to one typed command: a replayed request opens nothing more
        source_id = f"drill:{command.get('trigger_id') or command.get('response_url') or ''}"
        team_id = command.get("team_id") or ""
        message = self.desk.start_from_command(rest, team_id, command["user_id"], source_id)
        if message is not None:
            respond(response_type="ephemeral", text=message.text, blocks=message.blocks)


def register(app: App, context: AppContext, crisis_command: CrisisCommand) -> None:
    """Wire `/crisis drill` (the drill script is validated here, at start, not at the first drill)."""
    del app
    drill_script.default_script()
    crisis_command.add("drill", DrillCommands(context).start_drill)
