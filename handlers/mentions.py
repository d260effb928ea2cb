"""Mentions: `/crisis mention`, `/crisis mentions`, `/crisis fixed`, the "Log as mention" shortcut,
the card's buttons, the modal asking why a mention is hidden, and the monitoring suggestion's button.
Thin: read the payload, ack, call bot.mentions."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond

from bot.core.states import MentionState
from bot.mentions.mentions import parse_mention_id, validate_hidden_reason
from bot.mentions.monitoring import parse_burst_id
from bot.mentions.service import MentionDesk, MonitoringDesk
from bot.slack import view_state
from bot.slack.context import AppContext
from bot.slack.listener import Listener, ephemeral, where
from handlers.commands import CrisisCommand
from messages import ids
from messages.i18n import Translator


class MentionListeners:
    """Listeners for logging, handling and summarising mentions."""

    def __init__(self, context: AppContext) -> None:
        self.listener = Listener(context)
        self.desk = MentionDesk(context)
        self.monitoring = MonitoringDesk(context)

    # ---- logging ---------------------------------------------------------------------------------

    def log_from_command(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis mention <link> [text]` in a crisis channel."""
        answer = self.desk.log_from_command(command["channel_id"], rest, command["user_id"])
        if answer:
            respond(**ephemeral(answer))

    def log_from_shortcut(self, ack: Ack, body: dict, respond: Respond) -> None:
        """Message shortcut "Log as mention" on a post pasted into the crisis channel."""
        ack()
        channel_id, user_id = where(body)

        def reply(text: str | None) -> None:
            if text:
                respond(**ephemeral(text))

        self.listener.run(
            body,
            lambda: reply(self.desk.log_from_message(channel_id, body.get("message") or {}, user_id)),
            reply=reply,
        )

    def show_summary(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis mentions`: counts by class, platform, source and handling, only to the person."""
        message = self.desk.summary(command["channel_id"])
        respond(response_type="ephemeral", text=message.text, blocks=message.blocks)

    # ---- the card --------------------------------------------------------------------------------

    def mark_responded(self, ack: Ack, body: dict) -> None:
        """Button "Responded"."""
        self._mark(ack, body, MentionState.RESPONDED)

    def mark_moved_private(self, ack: Ack, body: dict) -> None:
        """Button "Moved to private"."""
        self._mark(ack, body, MentionState.MOVED_PRIVATE)

    def mark_ignored(self, ack: Ack, body: dict) -> None:
        """Button "Ignored"."""
        self._mark(ack, body, MentionState.IGNORED)

    def mark_awaiting_fix(self, ack: Ack, body: dict) -> None:
        """Button "Reply once fixed": fix the cause first, then answer the person (seed 004)."""
        self._mark(ack, body, MentionState.AWAITING_FIX)

    def mark_cause_fixed(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis fixed`: the cause is fixed; the responsible person is reminded whom to answer."""
        self.desk.mark_cause_fixed(command["channel_id"], command["user_id"])

    # ---- the monitoring feed ---------------------------------------------------------------------

    def open_from_suggestion(self, ack: Ack, body: dict) -> None:
        """The monitoring suggestion's "Open a crisis…": the open modal, pre-filled from the burst."""
        ack()
        channel_id, user_id = where(body)
        raw_id = body["actions"][0].get("value")
        self.listener.run(
            body,
            lambda: self.monitoring.ask_open(parse_burst_id(raw_id), body["trigger_id"], channel_id, user_id),
            opens_modal=True,
        )

    def _mark(self, ack: Ack, body: dict, state: MentionState) -> None:
        ack()
        channel_id, user_id = where(body)
        raw_id = body["actions"][0].get("value")
        self.listener.run(
            body,
            lambda: self.desk.handle(parse_mention_id(raw_id), channel_id, state, user_id),
        )

    def ask_hidden_reason(self, ack: Ack, body: dict) -> None:
        """Button "Hidden…": open the modal asking what the author is told (seeds 000, 004)."""
        ack()
        channel_id, _ = where(body)
        raw_id = body["actions"][0].get("value")
        self.listener.run(
            body,
            lambda: self.desk.ask_hidden_reason(parse_mention_id(raw_id), channel_id, body["trigger_id"]),
            opens_modal=True,
        )

    def hide_with_reason(self, ack: Ack, body: dict) -> None:
        """The hide modal submitted: a reason is required; then the card shows it."""
        view = body["view"]
        reason = view_state.text(view, ids.MENTION_HIDDEN_REASON)
        metadata = view_state.metadata(view)
        channel_id = str(metadata.get("channel_id") or "")
        problem = validate_hidden_reason(reason)
        if problem:
            language = self.listener.language_for(channel_id)
            ack(
                response_action="errors",
                errors={ids.MENTION_HIDDEN_REASON: Translator(language).plain(problem)},
            )
            return
        ack()
        _, user_id = where(body)
        raw_id = metadata.get("mention_id")
        self.listener.run(
            # the modal was opened from the card: a failure is told there, in the crisis channel
            {**body, "channel_id": channel_id},
            lambda: self.desk.handle(
                parse_mention_id(raw_id), channel_id, MentionState.HIDDEN, user_id, reason
            ),
        )

    def reclassify_mention(self, ack: Ack, body: dict) -> None:
        """The "Reclassify" select: put the mention in the chosen class."""
        ack()
        channel_id, user_id = where(body)
        selected = (body["actions"][0].get("selected_option") or {}).get("value", "")
        raw_id, _, mention_class = str(selected).partition(":")
        self.listener.run(
            body,
            lambda: self.desk.reclassify(parse_mention_id(raw_id), channel_id, mention_class, user_id),
        )


def register(app: App, context: AppContext, crisis_command: CrisisCommand) -> None:
    """Wire the mention subcommands, shortcut, card buttons and hide modal."""
    listeners = MentionListeners(context)
    crisis_command.add("mention", listeners.log_from_command)
    crisis_command.add("mentions", listeners.show_summary)
    crisis_command.add("fixed", listeners.mark_cause_fixed)
    app.message_shortcut(ids.SHORTCUT_LOG_MENTION)(listeners.log_from_shortcut)
    app.action(ids.MENTION_RESPONDED)(listeners.mark_responded)
    app.action(ids.MENTION_MOVED_PRIVATE)(listeners.mark_moved_private)
    app.action(ids.MENTION_IGNORED)(listeners.mark_ignored)
    app.action(ids.MENTION_AWAITING_FIX)(listeners.mark_awaiting_fix)
    app.action(ids.MONITORING_OPEN_CRISIS)(listeners.open_from_suggestion)
    app.action(ids.MENTION_HIDE)(listeners.ask_hidden_reason)
    app.action(ids.MENTION_RECLASSIFY)(listeners.reclassify_mention)
    app.view(ids.MENTION_HIDE_MODAL)(listeners.hide_with_reason)
