"""The response clock in Slack: `/crisis deadlines`, `/crisis first-post <when>`, `/crisis reopen`, and the
header's "Edit first post" button with its modal."""

from __future__ import annotations

import json
import logging
from datetime import datetime

from slack_bolt import Ack, App, Respond

from bot.core.clock import to_unix
from bot.core.db import session_scope
from bot.core.errors import CrisisError
from bot.core.models import Incident, IncidentStatus
from bot.deadlines import deadlines
from bot.incidents import checklist, incidents
from bot.incidents.incidents import moment_problem
from bot.incidents.service import CrisisRoom
from bot.slack import replays, view_state
from bot.slack.context import AppContext
from bot.slack.replies import ephemeral, explain
from handlers.commands import CrisisCommand
from messages import ids
from messages.i18n import Translator
from messages.markup import date
from messages.markup import user as mention
from messages.render import render_message, render_view

log = logging.getLogger(__name__)

#: Rows `/crisis deadlines` lists (a message holds 50 blocks); the oldest beyond are counted, not shown.
MAX_LISTED = 40


class DeadlineCommands:
    """Listeners of the response clock."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.room = CrisisRoom(context)

    def show_deadlines(self, command: dict, rest: str, respond: Respond) -> None:
        """List every pending and past reminder of this crisis with its state (only the asker sees it)."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, command["channel_id"])
            rows = deadlines.marks_for(session, incident.id)  # type: ignore[arg-type]
            steps = checklist.items(session, incident.id)  # type: ignore[arg-type]
        hidden = max(0, len(rows) - MAX_LISTED)
        message = render_message(
            "deadlines_list.json.j2",
            incident.language,
            incident=incident,
            rows=rows[hidden:],
            hidden=hidden,
            step_texts={step.step_key: step.text for step in steps},
        )
        respond(response_type="ephemeral", text=message.text, blocks=message.blocks)

    def move_first_post(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis first-post <when>`: move the moment the deadlines count from, then reschedule."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, command["channel_id"])
        if not rest:
            raise CrisisError("deadlines.errors.when_required")
        when = deadlines.parse_moment(rest, self.context.clock.now(), self.context.settings.crisis_timezone)
        if not self._move(incident.id, when, command["user_id"]):  # type: ignore[arg-type]
            text = Translator(incident.language)("deadlines.first_post.unchanged", when=date(when))
            respond(**ephemeral(text))

    def _move(self, incident_id: int, when: datetime, user_id: str) -> bool:
        """Move the first post, reschedule, announce it, refresh the header; False when unchanged."""
        context = self.context
        now = context.clock.now()
        with session_scope(context.engine) as session:
            incident = session.get(Incident, incident_id)
            if incident is None or incident.status != IncidentStatus.OPEN:
                raise CrisisError("errors.incident_not_open")
            if not incidents.move_first_post(
                session, incident, when, user_id, now, context.settings.crisis_leads
            ):
                return False
            deadlines.reschedule(session, incident, context.settings, now)
        context.wake_scheduler()
        text = Translator(incident.language)(
            "deadlines.first_post.moved",
            user=mention(user_id),
            when=date(when),
            response=date(deadlines.response_due(when, incident.time_scale)),
            publication=date(deadlines.publication_due(when, incident.time_scale)),
        )
        notice = render_message("notice.json.j2", incident.language, text=text)
        context.gateway.post_message(incident.channel_id, notice.text, notice.blocks)  # type: ignore[arg-type]
        self.room.refresh_header(incident)
        return True

    def reopen_crisis(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis reopen`: a resolved crisis is open again; deadlines still ahead come back."""
        context = self.context
        now = context.clock.now()
        with session_scope(context.engine) as session:
            incident = incidents.for_channel(session, command["channel_id"])
            incidents.reopen(session, incident, command["user_id"], now, context.settings.crisis_leads)
            deadlines.on_reopen(session, incident, context.settings, now)
        context.wake_scheduler()
        text = Translator(incident.language)("deadlines.reopen.done", user=mention(command["user_id"]))
        notice = render_message("notice.json.j2", incident.language, text=text)
        context.gateway.post_message(incident.channel_id, notice.text, notice.blocks)  # type: ignore[arg-type]
        self.room.refresh_header(incident)

    def edit_first_post(self, ack: Ack, body: dict) -> None:
        """The header's button: open a modal with a date-time picker on the current first post."""
        ack()
        context = self.context
        user_id = body["user"]["id"]
        channel_id = (body.get("channel") or {}).get("id") or body.get("container", {}).get("channel_id", "")
        language = context.settings.crisis_language
        try:
            if not replays.first_click(context, body):
                return
            with session_scope(context.engine) as session:
                incident = incidents.for_channel(session, channel_id)
            language = incident.language
            incidents.require_open(incident)
            view = render_view(
                "first_post_modal.json.j2",
                language,
                private_metadata=json.dumps({"incident_id": incident.id}),
                title=incident.title,
                initial_unix=to_unix(incident.first_negative_at),
            )
            context.gateway.open_view(body["trigger_id"], view)
        except Exception as error:
            self._tell(channel_id, user_id, explain(error, language), language)

    def save_first_post(self, ack: Ack, body: dict) -> None:
        """The modal was submitted: refuse a future time in the modal, else move the first post."""
        context = self.context
        user_id = body["user"]["id"]
        try:
            incident_id = int(view_state.metadata(body["view"])["incident_id"])
        except (KeyError, TypeError, ValueError):
            ack()
            return
        with session_scope(context.engine) as session:
            incident = session.get(Incident, incident_id)
        language = incident.language if incident else context.settings.crisis_language
        now = context.clock.now()
        when = view_state.moment(body["view"], ids.FIRST_POST_WHEN)
        problem = moment_problem(when, now) if when else "deadlines.errors.when_required"
        if problem:
            ack(response_action="errors", errors={ids.FIRST_POST_WHEN: Translator(language).plain(problem)})
            return
        ack()
        try:
            self._move(incident_id, when, user_id)
        except Exception as error:
            self._tell(user_id, user_id, explain(error, language), language)

    def _tell(self, channel_id: str, user_id: str, text: str, language: str) -> None:
        notice = render_message("notice.json.j2", language, text=text)
        try:
            if not channel_id or channel_id == user_id:
                self.context.gateway.send_dm(user_id, notice.text, notice.blocks)
            else:
                self.context.gateway.post_ephemeral(channel_id, user_id, notice.text, notice.blocks)
        except Exception:
            log.exception("could not tell %s: %s", user_id, notice.text)


def register(app: App, context: AppContext, crisis_command: CrisisCommand) -> None:
    """Wire the deadline subcommands, the header's edit button and its modal."""
    listeners = DeadlineCommands(context)
    crisis_command.add("deadlines", listeners.show_deadlines)
    crisis_command.add("first-post", listeners.move_first_post)
    crisis_command.add("reopen", listeners.reopen_crisis)
    app.action(ids.EDIT_FIRST_POST)(listeners.edit_first_post)
    app.view(ids.FIRST_POST_MODAL)(listeners.save_first_post)
