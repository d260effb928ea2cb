"""The mentions service: logs mentions into incidents and keeps their cards in Slack up to date."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from bot.core.db import session_scope
from bot.core.errors import CrisisError, NotAnIncidentChannel
from bot.core.models import Incident, Mention, require_id
from bot.core.states import IncidentStatus
from bot.deadlines import deadlines
from bot.incidents import incidents
from bot.incidents.service import CrisisRoom
from bot.mentions.mentions import (
    CARD_PENDING,
    MAX_AUTHOR,
    MAX_HIDDEN_REASON,
    MentionInput,
    MentionLogged,
    WebhookInputError,
    from_slack,
    from_slack_text,
    incident_for_webhook,
    log_mention,
    mention_in_channel,
    parse_webhook_body,
    reclassify,
    require_usable,
    set_state,
    summarise,
)
from bot.mentions.triage import MentionClass
from bot.slack.context import AppContext
from messages.i18n import Translator
from messages.render import Message, render_message, render_view

log = logging.getLogger(__name__)


def _from_unfurl(message: dict) -> tuple[str | None, str | None]:
    """(link, author) from the first link preview Slack attached to a pasted post, if any."""
    for attachment in message.get("attachments") or []:
        url = attachment.get("original_url") or attachment.get("from_url")
        if url:
            author = attachment.get("author_subname") or attachment.get("author_name")
            return str(url), (str(author).strip().lstrip("@") or None) if author else None
    return None, None


class MentionDesk:
    """Logs mentions into incidents and keeps their cards in the incident channel up to date."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.room = CrisisRoom(context)

    def log(
        self, incident_id: int, data: MentionInput, logged_by: str, actor_user_id: str | None = None
    ) -> MentionLogged:
        """Store the mention (first), move the first negative post if it is earlier, then post its card.

        A Slack failure while posting does not lose the mention: logging the same URL again posts
        the card that is missing. Slack errors after the mention is stored are logged, not raised.
        """
        context = self.context
        now = context.clock.now()
        with session_scope(context.engine) as session:
            incident = session.get(Incident, incident_id)
            if incident is None:
                raise NotAnIncidentChannel()
            logged = log_mention(
                session, incident, data, logged_by, now, context.settings.crisis_competitors, actor_user_id
            )
        mention = logged.mention
        if logged.created and mention.posted_at is not None:
            try:
                self.move_first_negative_if_earlier(incident_id, mention.posted_at, actor_user_id)
            except Exception:
                log.exception("could not move the first negative post of incident %s", incident_id)
        if mention.card_ts is None:
            try:
                self.post_card(require_id(mention))
            except Exception:
                log.exception("could not post the card of mention %s; it is stored", mention.id)
        with session_scope(context.engine) as session:
            stored = session.get(Mention, mention.id)
        return MentionLogged(stored or mention, logged.created)

    def move_first_negative_if_earlier(
        self, incident_id: int, posted_at: datetime, actor_user_id: str | None
    ) -> bool:
        """A logged mention older than the incident's first negative post moves it back (the one domain
        rule, `deadlines.move_first_post`, locks the row so concurrent mentions keep the earliest)."""
        context = self.context
        with session_scope(context.engine) as session:
            incident = deadlines.move_first_post(
                session,
                incident_id,
                posted_at,
                actor_user_id,
                context.settings,
                context.clock.now(),
                only_earlier=True,
            )
        if incident is None:
            return False
        self.room.refresh_header(incident)
        context.wake_scheduler()
        return True

    def card(self, mention: Mention, language: str) -> Message:
        """The card message of a mention."""
        with session_scope(self.context.engine) as session:
            original = session.get(Mention, mention.duplicate_of_id) if mention.duplicate_of_id else None
        return render_message(
            "mention_card.json.j2",
            language,
            mention=mention,
            original=original,
            classes=[c.value for c in MentionClass],
        )

    def post_card(self, mention_id: int) -> str | None:
        """Post the mention's card once (a row-level claim stops two processes posting it twice)."""
        engine = self.context.engine
        with session_scope(engine) as session:
            claimed = session.exec(
                sa.update(Mention)
                .where(col(Mention.id) == mention_id, col(Mention.card_ts).is_(None))
                .values(card_ts=CARD_PENDING)
            ).rowcount
            mention = session.get(Mention, mention_id)
            incident = session.get(Incident, mention.incident_id) if mention else None
        if not claimed or mention is None or incident is None or not incident.channel_id:
            return None
        try:
            message = self.card(mention, incident.language)
            ts = self.context.gateway.post_message(incident.channel_id, message.text, message.blocks)
        except Exception:
            self._set_card_ts(mention_id, None)
            raise
        self._set_card_ts(mention_id, ts)
        return ts

    def _set_card_ts(self, mention_id: int, ts: str | None) -> None:
        with session_scope(self.context.engine) as session:
            session.exec(sa.update(Mention).where(col(Mention.id) == mention_id).values(card_ts=ts))

    def refresh_card(self, mention: Mention, incident: Incident) -> None:
        """Re-render a mention's card in place (after a button, the reason modal or a reclassification)."""
        if not incident.channel_id or not mention.card_ts or mention.card_ts == CARD_PENDING:
            return
        message = self.card(mention, incident.language)
        self.context.gateway.update_message(
            incident.channel_id, mention.card_ts, message.text, message.blocks
        )

    def handle(
        self, mention_id: int, channel_id: str, state: str, user_id: str, hidden_reason: str | None = None
    ) -> bool:
        """A person in the incident channel marks the mention handled; the card updates in place."""
        with session_scope(self.context.engine) as session:
            mention, incident = mention_in_channel(session, mention_id, channel_id)
            changed = set_state(session, mention, state, user_id, self.context.clock.now(), hidden_reason)
        # refreshed even when unchanged: a card left stale by a failed update heals on the next click
        self.refresh_card(mention, incident)
        return changed

    def reclassify(self, mention_id: int, channel_id: str, mention_class: str, user_id: str) -> bool:
        """A person in the incident channel changes the class; the card updates in place."""
        with session_scope(self.context.engine) as session:
            mention, incident = mention_in_channel(session, mention_id, channel_id)
            changed = reclassify(session, mention, mention_class, user_id, self.context.clock.now())
        self.refresh_card(mention, incident)
        return changed

    # ---- use cases -------------------------------------------------------------------------------

    def log_from_command(self, channel_id: str, text: str, user_id: str) -> str | None:
        """`/crisis mention <link> [text]`: log it; what to tell the person when no new card appeared."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, channel_id)
        if not text.strip():
            raise CrisisError("mentions.errors.usage")
        data = require_usable(from_slack(text), self.context.clock.now())
        return self._confirmation(incident, self.log(require_id(incident), data, user_id, user_id))

    def log_from_message(self, channel_id: str, message: dict, user_id: str) -> str | None:
        """"Log as mention" on a post pasted into the crisis channel: its link (else its preview's, else
        the permalink of the Slack message itself) and author; what to tell the person, if anything."""
        with session_scope(self.context.engine) as session:
            try:
                incident = incidents.for_channel(session, channel_id)
            except NotAnIncidentChannel:
                raise CrisisError("mentions.errors.shortcut_outside") from None
        text = str(message.get("text") or "")
        link, _ = from_slack_text(text)
        fallback, unfurl_author = _from_unfurl(message)
        if link is None and fallback is None:
            fallback = self.context.gateway.permalink(channel_id, str(message.get("ts")))
        data = from_slack(text, fallback)
        if data.author is None and unfurl_author:
            data = replace(data, author=unfurl_author[:MAX_AUTHOR])
        data = require_usable(data, self.context.clock.now())
        return self._confirmation(incident, self.log(require_id(incident), data, user_id, user_id))

    def _confirmation(self, incident: Incident, logged: MentionLogged) -> str | None:
        """What to tell the person when nothing new appeared in the channel (already logged, or the card
        failed); None when the new card says it all."""
        t = Translator(incident.language)
        mention = logged.mention
        if not logged.created:
            return t(
                "mentions.logged.duplicate",
                id=mention.id,
                mention_class=t.plain("mentions.class." + mention.mention_class),
            )
        if not mention.card_ts:
            return t("mentions.logged.card_failed", id=mention.id)
        return None

    def summary(self, channel_id: str) -> Message:
        """`/crisis mentions`: counts by class, platform, source and handling."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, channel_id)
            counts = summarise(session, require_id(incident))
        return render_message(
            "mentions_summary.json.j2", incident.language, summary=counts, title=incident.title
        )

    def ask_hidden_reason(self, mention_id: int, channel_id: str, trigger_id: str) -> None:
        """The card's "Hidden…": open the modal asking what the author is told (seeds 000, 004)."""
        with session_scope(self.context.engine) as session:
            mention, incident = mention_in_channel(session, mention_id, channel_id)
        view = render_view(
            "mention_hide_modal.json.j2",
            incident.language,
            private_metadata=json.dumps({"mention_id": mention_id, "channel_id": channel_id}),
            mention=mention,
            max_reason=MAX_HIDDEN_REASON,
        )
        self.context.gateway.open_view(trigger_id, view)

    def receive_webhook(self, authorization: str | None, raw: bytes) -> tuple[int, dict[str, Any]]:
        """Handle one `POST /webhooks/mentions` body: (HTTP status, JSON answer).

        401 bad or missing token, 400 bad JSON or fields (all listed), 404 no such incident in the
        token's workspace, 409 incident not open, 200 logged (`duplicate: true` when the URL was
        already logged: same answer, no second card).
        """
        from bot.mentions import webhook_tokens

        context = self.context
        with session_scope(context.engine) as session:
            token = webhook_tokens.authenticate(session, authorization)
        if token is None:
            return 401, {"ok": False, "error": "invalid_token"}
        try:
            parsed = parse_webhook_body(raw, context.clock.now())
        except WebhookInputError as error:
            return 400, {"ok": False, "error": "invalid_request", "fields": error.problems}
        with session_scope(context.engine) as session:
            incident = incident_for_webhook(session, token.team_id, parsed)
        if incident is None:
            return 404, {"ok": False, "error": "incident_not_found"}
        if incident.status != IncidentStatus.OPEN:
            return 409, {"ok": False, "error": "incident_not_open"}
        try:
            with context.serving(incident.team_id, incident.enterprise_id):
                logged = self.log(require_id(incident), parsed.mention, f"webhook:{require_id(token)}")
        except CrisisError:
            return 409, {"ok": False, "error": "incident_not_open"}
        mention = logged.mention
        return 200, {
            "ok": True,
            "duplicate": not logged.created,
            "incident_id": incident.id,
            "mention_id": mention.id,
            "mention_class": mention.mention_class,
            "suggested_action": mention.suggested_action,
            "source_kind": mention.source_kind,
        }
