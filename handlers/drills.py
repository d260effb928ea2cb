"""`/crisis drill <case> [speed] [leadership]`: rehearse a playbook in a DRILL room on an accelerated clock.
Thin: parse, call bot.drills, reply to the person who asked (only they see it)."""

from __future__ import annotations

from slack_bolt import App, Respond

from bot.deadlines import deadlines
from bot.drills import script as drill_script
from bot.drills.drills import MAX_SPEED, UnknownDrillCase, parse_request
from bot.drills.service import DrillDesk
from bot.slack.context import AppContext
from bot.slack.listener import ephemeral
from handlers.commands import CrisisCommand
from messages.i18n import Translator
from messages.markup import channel, date
from messages.render import render_message


class DrillCommands:
    """The drill subcommand."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.desk = DrillDesk(context)

    def start_drill(self, command: dict, rest: str, respond: Respond) -> None:
        """Open a drill room; an unknown or missing case gets the list of cases. Works in any channel."""
        context = self.context
        language = context.settings.crisis_language
        playbooks = context.playbooks.cases()
        try:
            drill = parse_request(rest, {playbook.case for playbook in playbooks})
        except UnknownDrillCase as error:
            message = render_message(
                "drill_cases.json.j2",
                language,
                unknown=error.case,
                cases=[(playbook.case, playbook.title_for(language)) for playbook in playbooks],
                max_speed=MAX_SPEED,
            )
            respond(response_type="ephemeral", text=message.text, blocks=message.blocks)
            return
        team_id = command.get("team_id") or ""
        # the trigger id is unique to one typed command: a replayed request opens nothing more
        source_id = f"drill:{command.get('trigger_id') or command.get('response_url') or ''}"
        opened = self.desk.start(drill, team_id, command["user_id"], source_id)
        if opened is None:
            return
        incident = opened.incident
        wave = drill_script.wave(incident.case_key)
        last = max((entry.offset for entry in wave), default=None)
        text = Translator(language)(
            "drills.started.leadership" if incident.drill_reaches_leadership else "drills.started.private",
            channel=channel(incident.channel_id),
            scale=incident.time_scale,
            response=date(deadlines.response_due(incident.first_negative_at, incident.time_scale)),
            publication=date(deadlines.publication_due(incident.first_negative_at, incident.time_scale)),
            count=len(wave),
            last=date(incident.created_at + deadlines.scaled(last, incident.time_scale)) if last else "—",
        )
        if opened.problems:
            text = Translator(language)(
                "open.opened_with_problems", opened=text, problems=", ".join(opened.problems)
            )
        respond(**ephemeral(text))


def register(app: App, context: AppContext, crisis_command: CrisisCommand) -> None:
    """Wire `/crisis drill` (the drill script is validated here, at start, not at the first drill)."""
    del app
    drill_script.default_script()
    crisis_command.add("drill", DrillCommands(context).start_drill)
