"""The mentions service: logs mentions into incidents and keeps their cards in Slack up to date."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from bot.core.db import session_scope
from bot.core.errors import CrisisError, NotAnIncidentChannel
from bot.core.models import (
    Incident,
    Mention,
    MonitoredPost,
    MonitoringBurst,
    require_channel,
    require_id,
)
from bot.core.states import IncidentStatus, MentionState
from bot.deadlines import deadlines
from bot.incidents import incidents
from bot.incidents.incidents import OpenRequest, shares_outside
from bot.incidents.service import CrisisRoom
from bot.mentions import monitoring
from bot.mentions.mentions import (
    CARD_PENDING,
    MAX_AUTHOR,
    MAX_HIDDEN_REASON,
    MentionInput,
    MentionLogged,
    WebhookInputError,
    WebhookMention,
    awaiting_fix,
    claim_ping,
    from_slack,
    from_slack_text,
    incident_for_webhook,
    log_mention,
    mark_cause_fixed,
    mention_in_channel,
    parse_webhook_body,
    reclassify,
    require_usable,
    set_state,
    summarise,
)
from bot.mentions.triage import MentionClass
from bot.slack import command_text
from bot.slack.context import AppContext
from bot.slack.gateway import SlackCallFailed
from messages import markup
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
                session,
                incident,
                data,
                logged_by,
                now,
                context.settings.crisis_competitors,
                actor_user_id,
                context.settings.crisis_employee_handles,
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
        try:
            self.ping_responsible(require_id(mention))
        except Exception:
            log.exception("could not ping the responsible person about mention %s", mention.id)
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

    def ping_responsible(self, mention_id: int) -> bool:
        """An influencer's or the press's post: a line in the crisis channel mentioning the responsible
        person, and a DM to them (seed 002: these need speed). Once per mention, whoever logs it again."""
        context = self.context
        with session_scope(context.engine) as session:
            mention = claim_ping(session, mention_id, context.clock.now())
            incident = session.get(Incident, mention.incident_id) if mention else None
        if mention is None or incident is None or not incident.channel_id:
            return False
        t = Translator(incident.language)
        params = {
            "user": markup.user(incident.responsible_user_id),
            "source": t.plain("mentions.source." + mention.source_kind),
            "link": markup.link(mention.url, t.plain("mentions.card.open_post")),
            "author": mention.author or t.plain("mentions.card.no_author"),
        }
        line = render_message("notice.json.j2", incident.language, text=t("mentions.ping.channel", **params))
        try:
            context.gateway.post_message(incident.channel_id, line.text, line.blocks)
        except Exception:
            with session_scope(context.engine) as session:  # not pinged: logging it again tries again
                session.exec(sa.update(Mention).where(col(Mention.id) == mention_id).values(pinged_at=None))
            raise
        dm = render_message(
            "notice.json.j2",
            incident.language,
            text=t("mentions.ping.dm", channel=markup.channel(incident.channel_id), **params),
        )
        try:
            context.gateway.send_dm(incident.responsible_user_id, dm.text, dm.blocks)
        except SlackCallFailed:
            log.warning("could not DM %s about mention %s", incident.responsible_user_id, mention_id)
        return True

    def mark_cause_fixed(self, channel_id: str, user_id: str) -> None:
        """`/crisis fixed`: the cause is fixed. Announced in the channel; the responsible person is reminded
        (in the channel and by DM) of every mention that waited for the fix, to answer them now."""
        context = self.context
        with session_scope(context.engine) as session:
            incident = incidents.for_channel(session, channel_id)
            waiting = mark_cause_fixed(session, incident, user_id, context.clock.now())
        message = render_message(
            "mentions_fixed.json.j2",
            incident.language,
            mentions=waiting,
            actor=user_id,
            answered=None,
            responsible=incident.responsible_user_id,
        )
        context.gateway.post_message(require_channel(incident), message.text, message.blocks)
        if waiting:
            try:
                context.gateway.send_dm(incident.responsible_user_id, message.text, message.blocks)
            except SlackCallFailed:
                log.warning("could not DM %s the mentions to answer", incident.responsible_user_id)

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
            was_waiting = mention.state == MentionState.AWAITING_FIX
            changed = set_state(session, mention, state, user_id, self.context.clock.now(), hidden_reason)
            still_waiting = awaiting_fix(session, require_id(incident))
        # refreshed even when unchanged: a card left stale by a failed update heals on the next click
        self.refresh_card(mention, incident)
        if changed and was_waiting and state == MentionState.RESPONDED and still_waiting:
            self.remind_waiting(incident, mention, still_waiting)
        return changed

    def remind_waiting(self, incident: Incident, answered: Mention, waiting: list[Mention]) -> None:
        """A mention that waited for the fix was answered, so the fix is in: the responsible person is
        reminded by DM of the others still waiting to be answered."""
        message = render_message(
            "mentions_fixed.json.j2",
            incident.language,
            mentions=waiting,
            actor=None,
            answered=answered,
            responsible=incident.responsible_user_id,
        )
        try:
            self.context.gateway.send_dm(incident.responsible_user_id, message.text, message.blocks)
        except SlackCallFailed:
            log.warning("could not DM %s the mentions still waiting", incident.responsible_user_id)

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
        """ "Log as mention" on a post pasted into the crisis channel: its link (else its preview's, else
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
            waiting = awaiting_fix(session, require_id(incident))
        return render_message(
            "mentions_summary.json.j2",
            incident.language,
            summary=counts,
            title=incident.title,
            waiting=waiting,
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
        already logged: same answer, no second card). A body naming no crisis goes to the monitoring
        feed: 202 (see `MonitoringDesk.receive`), or 400 when the workspace has no monitoring channel.
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
        if not parsed.names_incident:
            return MonitoringDesk(context).receive(token.team_id, parsed)
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


class MonitoringDesk:
    """The standing monitoring feed: posts that name no crisis, triaged into the workspace's monitoring
    channel, and the one suggestion per burst to open a crisis (pre-filled from its first post)."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.room = CrisisRoom(context)

    def thresholds(self) -> monitoring.Thresholds:
        """When a burst suggests a crisis (MONITORING_THRESHOLD posts in MONITORING_WINDOW_MINUTES)."""
        settings = self.context.settings
        return monitoring.Thresholds(
            settings.monitoring_threshold, timedelta(minutes=settings.monitoring_window_minutes)
        )

    def receive(self, team_id: str, parsed: WebhookMention) -> tuple[int, dict[str, Any]]:
        """A webhook post naming no crisis: store and triage it, post its card in the monitoring channel,
        and suggest a crisis when its burst crossed the threshold. 202 (accepted into the feed, with
        `duplicate: true` for a URL already there), or 400 when the workspace has no monitoring channel.
        """
        context = self.context
        settings = context.settings
        now = context.clock.now()
        with session_scope(context.engine) as session:
            channel = monitoring.monitoring_channel(session, team_id, settings.crisis_monitoring_channel)
            if channel is None:
                return 400, {
                    "ok": False,
                    "error": "invalid_request",
                    "fields": {"incident": "is required (or incident_id) when no monitoring channel is set"},
                }
            recorded = monitoring.record_post(
                session,
                team_id,
                parsed.mention,
                parsed.language or settings.crisis_language,
                now,
                self.thresholds(),
                settings.crisis_competitors,
                settings.crisis_employee_handles,
            )
        post = recorded.post
        if post.card_ts is None:
            try:
                self.post_card(require_id(post), channel)
            except Exception:
                log.exception("could not post the card of monitored post %s; it is stored", post.id)
        suggested = False
        burst = recorded.burst
        # a burst past its threshold whose suggestion is missing (Slack refused it) gets it on a retry
        if burst is not None and burst.trigger is not None and burst.suggested_at is None:
            try:
                suggested = self.suggest(require_id(burst), channel)
            except Exception:
                log.exception("could not suggest a crisis for burst %s", burst.id)
        return 202, {
            "ok": True,
            "monitoring": True,
            "duplicate": not recorded.created,
            "post_id": post.id,
            "mention_class": post.mention_class,
            "suggested_action": post.suggested_action,
            "source_kind": post.source_kind,
            "suggested": suggested,
        }

    def post_card(self, post_id: int, channel: str) -> str | None:
        """The post's compact card in the monitoring channel, once (claimed like a mention's card)."""
        engine = self.context.engine
        with session_scope(engine) as session:
            claimed = session.exec(
                sa.update(MonitoredPost)
                .where(col(MonitoredPost.id) == post_id, col(MonitoredPost.card_ts).is_(None))
                .values(card_ts=CARD_PENDING, channel_id=channel)
            ).rowcount
            post = session.get(MonitoredPost, post_id)
            if not claimed or post is None:
                return None
            original = session.get(MonitoredPost, post.duplicate_of_id) if post.duplicate_of_id else None
            if original is not None and original.team_id != post.team_id:
                original = None  # a repeat is only ever of its own workspace's feed; never show another's
        try:
            language = self.context.settings.crisis_language
            message = render_message("monitoring_card.json.j2", language, post=post, original=original)
            ts = self.context.gateway.post_joining(channel, message.text, message.blocks)
        except Exception:
            self._set_card_ts(post_id, None)
            raise
        self._set_card_ts(post_id, ts)
        return ts

    def _set_card_ts(self, post_id: int, ts: str | None) -> None:
        with session_scope(self.context.engine) as session:
            session.exec(sa.update(MonitoredPost).where(col(MonitoredPost.id) == post_id).values(card_ts=ts))

    def suggestion(self, burst_id: int, incident: Incident | None = None) -> Message:
        """The suggestion to open a crisis: what crossed the threshold, the burst's posts so far, and the
        button; once a crisis was opened from it, where that crisis is (never a private one's details)."""
        with session_scope(self.context.engine) as session:
            burst = session.get(MonitoringBurst, burst_id)
            posts = monitoring.burst_posts(session, burst_id)
        return render_message(
            "monitoring_suggestion.json.j2",
            self.context.settings.crisis_language,
            burst=burst,
            posts=posts,
            window=self.context.settings.monitoring_window_minutes,
            incident=incident,
            shared=shares_outside(incident) if incident is not None else False,
        )

    def suggest(self, burst_id: int, channel: str) -> bool:
        """Post the burst's one suggestion to open a crisis (claimed first: never twice per burst)."""
        context = self.context
        with session_scope(context.engine) as session:
            if not monitoring.claim_suggestion(session, burst_id, context.clock.now()):
                return False
        message = self.suggestion(burst_id)
        try:
            ts = context.gateway.post_joining(channel, message.text, message.blocks)
        except Exception:
            with session_scope(context.engine) as session:
                session.exec(
                    sa.update(MonitoringBurst)
                    .where(col(MonitoringBurst.id) == burst_id)
                    .values(suggested_at=None)
                )
            raise
        with session_scope(context.engine) as session:
            session.exec(
                sa.update(MonitoringBurst)
                .where(col(MonitoringBurst.id) == burst_id)
                .values(channel_id=channel, suggestion_ts=ts)
            )
        return True

    def ask_open(self, burst_id: int, trigger_id: str, channel_id: str, user_id: str) -> None:
        """The suggestion's button: the /crisis open modal, pre-filled from the burst's first negative post
        (title, when it was posted, its link, its language)."""
        language = self.context.settings.crisis_language
        with session_scope(self.context.engine) as session:
            fallback = Translator(language).plain("monitoring.default_title")
            values = monitoring.prefill(session, burst_id, fallback)
        if values is None:
            raise CrisisError("monitoring.errors.already_opened")
        self.room.ask_open(trigger_id, channel_id, user_id, "", values)

    def open_from_burst(self, request: OpenRequest, origin_channel_id: str, burst_id: int) -> None:
        """The modal opened from a suggestion was submitted: open the crisis, log the burst's posts as its
        mentions (the earliest moves the first negative post back, as any mention does), and turn the
        suggestion into a line saying where the crisis is. Refused when a crisis was opened from the
        burst since this modal was shown (two people clicked the button)."""
        with session_scope(self.context.engine) as session:
            if not monitoring.is_open_for_a_crisis(session, burst_id):
                raise CrisisError("monitoring.errors.already_opened")
        opened = self.room.open_and_tell(request, origin_channel_id)
        if opened is None:
            return
        incident = opened.incident
        with session_scope(self.context.engine) as session:
            posts = monitoring.adopt_burst(session, burst_id, require_id(incident))
            burst = session.get(MonitoringBurst, burst_id)
        desk = MentionDesk(self.context)
        for post in posts:
            data = MentionInput(
                url=post.url,
                platform=post.platform,
                text=post.text,
                author=post.author,
                author_followers=post.author_followers,
                posted_at=post.posted_at,
                reach=post.reach,
            )
            try:
                desk.log(require_id(incident), data, f"monitoring:{require_id(post)}", request.opener_user_id)
            except CrisisError:
                log.warning("crisis %s closed while its monitored posts were logged", incident.id)
                break
        if burst is not None and burst.channel_id and burst.suggestion_ts and posts:
            message = self.suggestion(burst_id, incident)
            try:
                self.context.gateway.update_message(
                    burst.channel_id, burst.suggestion_ts, message.text, message.blocks
                )
            except SlackCallFailed:
                log.warning("could not update the suggestion of burst %s", burst_id)

    def settings(self, team_id: str, text: str, user_id: str) -> str:
        """`/crisis settings monitoring #channel|off`: change the workspace's monitoring channel; what the
        person is told."""
        context = self.context
        t = Translator(context.settings.crisis_language)
        words = text.split()
        if len(words) != 2 or words[0].lower() != "monitoring":
            raise CrisisError("errors_update.settings_usage")
        off = words[1].lower() == "off"
        target = None if off else command_text.channel_mention(words[1])
        if not off and target is None:
            raise CrisisError("errors_update.settings_usage")
        if target:
            context.gateway.join_channel(target)
        with session_scope(context.engine) as session:
            monitoring.set_monitoring_channel(session, team_id, target, user_id, context.clock.now())
        actor = markup.user(user_id)
        if target:
            return t("monitoring.settings.changed", actor=actor, channel=markup.channel(target))
        return t("monitoring.settings.cleared", actor=actor)

    def describe(self, team_id: str) -> str:
        """`/crisis settings`: the workspace's monitoring channel, or how to set one."""
        settings = self.context.settings
        with session_scope(self.context.engine) as session:
            channel = monitoring.monitoring_channel(session, team_id, settings.crisis_monitoring_channel)
        t = Translator(settings.crisis_language)
        if channel is None:
            return t("monitoring.settings.none")
        return t(
            "monitoring.settings.shown",
            channel=markup.channel(channel),
            threshold=settings.monitoring_threshold,
            window=settings.monitoring_window_minutes,
        )
