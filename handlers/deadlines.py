"""The response clock in Slack: `/crisis deadlines`, `/crisis first-post <when>`, `/crisis reopen`, and the
header's "Edit first post" button with its modal, and snoozing a reminder."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond

from bot.deadlines.deadlines import MAX_SNOOZE_REASON, first_post_problem, snooze_problem
from bot.deadlines.service import ResponseClock
from bot.slack import view_state
from bot.slack.context import AppContext
from bot.slack.listener import Listener, ephemeral, where
from handlers.commands import CrisisCommand
from messages import ids
from messages.i18n import Translator


class DeadlineCommands:
    """Listeners of the response clock."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.listener = Listener(context)
        self.clock = ResponseClock(context)

    def show_deadlines(self, command: dict, rest: str, respond: Respond) -> None:
        """List every pending and past reminder of this crisis with its state (only the asker sees it)."""
        message = self.clock.list_deadlines(command["channel_id"])
        respond(response_type="ephemeral", text=message.text, blocks=message.blocks)

    def move_first_post(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis first-post <when>`: move the moment the deadlines count from, then reschedule."""
        answer = self.clock.move_first_post_to(command["channel_id"], rest, command["user_id"])
        if answer:
            respond(**ephemeral(answer))

    def waive_deadlines(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis waive <reason>`: the responsible person decided not to respond; the marks are waived."""
        self.clock.waive(command["channel_id"], command["user_id"], rest)

    def reopen_crisis(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis reopen`: a resolved crisis is open again; deadlines still ahead come back."""
        self.clock.reopen(command["channel_id"], command["user_id"])

    def edit_first_post(self, ack: Ack, body: dict) -> None:
        """The header's button: open a modal with a date-time picker on the current first post."""
        ack()
        channel_id, _ = where(body)
        self.listener.run(
            body, lambda: self.clock.ask_first_post(channel_id, body["trigger_id"]), opens_modal=True
        )

    def save_first_post(self, ack: Ack, body: dict) -> None:
        """The modal was submitted: refuse a future time in the modal, else move the first post."""
        incident_id = view_state.incident_id(body["view"])
        if incident_id is None:
            ack()
            return
        when = view_state.moment(body["view"], ids.FIRST_POST_WHEN)
        problem = first_post_problem(when, self.context.clock.now())
        if problem is not None:
            language = self.listener.language_for(incident_id=incident_id)
            ack(response_action="errors", errors={ids.FIRST_POST_WHEN: Translator(language).plain(problem)})
            return
        ack()
        assert when is not None  # first_post_problem refuses a missing moment
        _, user_id = where(body)
        self.listener.run(
            body, lambda: self.clock.move_first_post(incident_id, when, user_id), incident_id=incident_id
        )

    def open_snooze(self, ack: Ack, body: dict) -> None:
        """A reminder's "Snooze" button: the modal asking how long and why."""
        ack()
        _, user_id = where(body)
        mark_id = view_state.clicked_id(body)
        self.listener.run(
            body, lambda: self.clock.ask_snooze(mark_id, user_id, body["trigger_id"]), opens_modal=True
        )

    def snooze_reminder(self, ack: Ack, body: dict) -> None:
        """The snooze modal was submitted: a missing reason is shown in the modal, else the reminder moves."""
        view = body["view"]
        incident_id = view_state.incident_id(view)
        reason = view_state.text(view, ids.SNOOZE_REASON)
        problem = snooze_problem(reason)
        if problem is not None:
            t = Translator(self.listener.language_for(incident_id=incident_id))
            ack(
                response_action="errors",
                errors={ids.SNOOZE_REASON: t.plain(problem, limit=MAX_SNOOZE_REASON)},
            )
            return
        ack()
        _, user_id = where(body)
        mark_id = view_state.metadata_id(view, "mark_id")
        choice = view_state.option(view, ids.SNOOZE_FOR)
        self.listener.run(
            body,
            lambda: self.clock.snooze(mark_id, choice, reason, user_id),
            incident_id=incident_id,
        )


def register(app: App, context: AppContext, crisis_command: CrisisCommand) -> None:
    """Wire the deadline subcommands, the header's edit button and its modal."""
    listeners = DeadlineCommands(context)
    crisis_command.add("deadlines", listeners.show_deadlines)
    crisis_command.add("first-post", listeners.move_first_post)
    crisis_command.add("reopen", listeners.reopen_crisis)
    crisis_command.add("waive", listeners.waive_deadlines)
    app.action(ids.EDIT_FIRST_POST)(listeners.edit_first_post)
    app.view(ids.FIRST_POST_MODAL)(listeners.save_first_post)
    app.action(ids.SNOOZE_REMINDER)(listeners.open_snooze)
    app.view(ids.SNOOZE_MODAL)(listeners.snooze_reminder)
