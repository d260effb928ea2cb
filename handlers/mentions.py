"""Mentions: `/crisis mention`, `/crisis mentions`, the "Log as mention" shortcut, the card's buttons
and the modal asking why a mention is hidden. Thin: read the payload, ack, call bot.mentions."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime

from slack_bolt import Ack, App, Respond

from bot.core.db import session_scope
from bot.core.errors import CrisisError, NotAnIncidentChannel
from bot.core.models import Incident, require_id
from bot.core.states import MentionState
from bot.incidents import incidents
from bot.mentions import mentions
from bot.mentions.mentions import MentionInput, MentionLogged
from bot.mentions.service import MentionDesk
from bot.slack import view_state
from bot.slack.context import AppContext
from bot.slack.listener import ephemeral, explain, first_click, first_submission
from handlers.commands import CrisisCommand
from messages import ids
from messages.i18n import Translator
from messages.render import render_message, render_view

log = logging.getLogger(__name__)

_PROBLEM_KEYS = {"text": "mentions.errors.text_too_long", "url": "errors.url_invalid"}


def _checked(data: MentionInput, now: datetime) -> MentionInput:
    """Raise the CrisisError a person should see when a mention from Slack is unusable."""
    problems = mentions.validate_input(data, now)
    for field, key in _PROBLEM_KEYS.items():
        if field in problems:
            raise CrisisError(key)
    if problems:
        raise CrisisError("errors.url_invalid")
    return data


def _from_unfurl(message: dict) -> tuple[str | None, str | None]:
    """(link, author) from the first link preview Slack attached to a pasted post, if any."""
    for attachment in message.get("attachments") or []:
        url = attachment.get("original_url") or attachment.get("from_url")
        if url:
            author = attachment.get("author_subname") or attachment.get("author_name")
            return str(url), (str(author).strip().lstrip("@") or None) if author else None
    return None, None


class MentionListeners:
    """Listeners for logging, handling and summarising mentions."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.desk = MentionDesk(context)

    # ---- logging ---------------------------------------------------------------------------------

    def log_from_command(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis mention <link> [text]` in a crisis channel."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, command["channel_id"])
        if not rest.strip():
            raise CrisisError("mentions.errors.usage")
        data = _checked(mentions.from_slack(rest), self.context.clock.now())
        logged = self.desk.log(require_id(incident), data, command["user_id"], command["user_id"])
        self._confirm(incident, logged, lambda text: respond(**ephemeral(text)))

    def log_from_shortcut(self, ack: Ack, body: dict, respond: Respond) -> None:
        """Message shortcut "Log as mention" on a post pasted into the crisis channel."""
        ack()
        channel_id = (body.get("channel") or {}).get("id", "")
        user_id = body["user"]["id"]
        message = body.get("message") or {}
        language = self.context.settings.crisis_language

        def reply(text: str) -> None:
            respond(**ephemeral(text))

        try:
            with session_scope(self.context.engine) as session:
                try:
                    incident = incidents.for_channel(session, channel_id)
                except NotAnIncidentChannel:
                    raise CrisisError("mentions.errors.shortcut_outside") from None
            language = incident.language
            text = str(message.get("text") or "")
            link, _ = mentions.from_slack_text(text)
            unfurl_link, unfurl_author = _from_unfurl(message)
            fallback = unfurl_link
            if link is None and fallback is None:
                fallback = self.context.gateway.permalink(channel_id, str(message.get("ts")))
            data = mentions.from_slack(text, fallback)
            if data.author is None and unfurl_author:
                data = MentionInput(**{**data.__dict__, "author": unfurl_author[: mentions.MAX_AUTHOR]})
            data = _checked(data, self.context.clock.now())
            logged = self.desk.log(require_id(incident), data, user_id, user_id)
            self._confirm(incident, logged, reply)
        except Exception as error:
            reply(explain(error, language))

    def _confirm(self, incident: Incident, logged: MentionLogged, reply: Callable[[str], object]) -> None:
        """Tell the person when nothing new appeared in the channel (already logged, or card failed)."""
        t = Translator(incident.language)
        mention = logged.mention
        if not logged.created:
            reply(
                t(
                    "mentions.logged.duplicate",
                    id=mention.id,
                    mention_class=t.plain("mentions.class." + mention.mention_class),
                )
            )
        elif not mention.card_ts:
            reply(t("mentions.logged.card_failed", id=mention.id))

    def show_summary(self, command: dict, rest: str, respond: Respond) -> None:
        """`/crisis mentions`: counts by class, platform, source and handling, only to the person."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, command["channel_id"])
            summary = mentions.summarise(session, require_id(incident))
        message = render_message(
            "mentions_summary.json.j2", incident.language, summary=summary, title=incident.title
        )
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

    def _mark(self, ack: Ack, body: dict, state: str) -> None:
        ack()
        channel_id, user_id = _where(body)
        try:
            if not first_click(self.context, body):
                return
            mention_id = _mention_id(body["actions"][0].get("value"))
            self.desk.handle(mention_id, channel_id, state, user_id)
        except Exception as error:
            self._refuse(channel_id, user_id, error)

    def ask_hidden_reason(self, ack: Ack, body: dict) -> None:
        """Button "Hidden…": open the modal asking what the author is told (seeds 000, 004)."""
        ack()
        channel_id, user_id = _where(body)
        try:
            if not first_click(self.context, body):
                return
            mention_id = _mention_id(body["actions"][0].get("value"))
            mention, incident = self.desk.check_in_channel(mention_id, channel_id)
            view = render_view(
                "mention_hide_modal.json.j2",
                incident.language,
                private_metadata=json.dumps({"mention_id": mention_id, "channel_id": channel_id}),
                mention=mention,
                max_reason=mentions.MAX_HIDDEN_REASON,
            )
            self.context.gateway.open_view(body["trigger_id"], view)
        except Exception as error:
            self._refuse(channel_id, user_id, error)

    def hide_with_reason(self, ack: Ack, body: dict) -> None:
        """The hide modal submitted: a reason is required; then the card shows it."""
        view = body["view"]
        reason = view_state.text(view, ids.MENTION_HIDDEN_REASON)
        metadata = view_state.metadata(view)
        channel_id = str(metadata.get("channel_id") or "")
        user_id = body["user"]["id"]
        language = self._language(channel_id)
        problem = mentions.validate_hidden_reason(reason)
        if problem:
            ack(
                response_action="errors",
                errors={ids.MENTION_HIDDEN_REASON: Translator(language).plain(problem)},
            )
            return
        ack()
        try:
            if not first_submission(self.context, body):
                return
            mention_id = _mention_id(metadata.get("mention_id"))
            self.desk.handle(mention_id, channel_id, MentionState.HIDDEN, user_id, reason)
        except Exception as error:
            self._refuse(channel_id, user_id, error)

    def reclassify_mention(self, ack: Ack, body: dict) -> None:
        """The "Reclassify" select: put the mention in the chosen class."""
        ack()
        channel_id, user_id = _where(body)
        try:
            if not first_click(self.context, body):
                return
            selected = (body["actions"][0].get("selected_option") or {}).get("value", "")
            raw_id, _, mention_class = str(selected).partition(":")
            self.desk.reclassify(_mention_id(raw_id), channel_id, mention_class, user_id)
        except Exception as error:
            self._refuse(channel_id, user_id, error)

    # ---- helpers ---------------------------------------------------------------------------------

    def _language(self, channel_id: str) -> str:
        with session_scope(self.context.engine) as session:
            try:
                return incidents.for_channel(session, channel_id).language
            except CrisisError:
                return self.context.settings.crisis_language

    def _refuse(self, channel_id: str, user_id: str, error: Exception) -> None:
        language = self._language(channel_id)
        notice = render_message("notice.json.j2", language, text=explain(error, language))
        try:
            if channel_id:
                self.context.gateway.post_ephemeral(channel_id, user_id, notice.text, notice.blocks)
            else:
                self.context.gateway.send_dm(user_id, notice.text, notice.blocks)
        except Exception:
            log.exception("could not tell %s: %s", user_id, notice.text)


def _where(body: dict) -> tuple[str, str]:
    channel_id = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id", "")
    return str(channel_id), body["user"]["id"]


def _mention_id(raw: object) -> int:
    try:
        return int(str(raw))
    except ValueError:
        raise CrisisError("mentions.errors.unknown") from None


def register(app: App, context: AppContext, crisis_command: CrisisCommand) -> None:
    """Wire the mention subcommands, shortcut, card buttons and hide modal."""
    listeners = MentionListeners(context)
    crisis_command.add("mention", listeners.log_from_command)
    crisis_command.add("mentions", listeners.show_summary)
    app.message_shortcut(ids.SHORTCUT_LOG_MENTION)(listeners.log_from_shortcut)
    app.action(ids.MENTION_RESPONDED)(listeners.mark_responded)
    app.action(ids.MENTION_MOVED_PRIVATE)(listeners.mark_moved_private)
    app.action(ids.MENTION_IGNORED)(listeners.mark_ignored)
    app.action(ids.MENTION_HIDE)(listeners.ask_hidden_reason)
    app.action(ids.MENTION_RECLASSIFY)(listeners.reclassify_mention)
    app.view(ids.MENTION_HIDE_MODAL)(listeners.hide_with_reason)
