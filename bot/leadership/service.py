"""The leadership service: what leadership follows of a crisis. Status updates (the modal, then the post
in the channel and in the leadership thread), severity changes, and where the leadership channel is."""

from __future__ import annotations

from datetime import timedelta

from bot.core.clock import to_unix
from bot.core.db import session_scope
from bot.core.errors import CrisisError
from bot.core.models import Incident, StatusUpdate, require_channel
from bot.deadlines import deadlines
from bot.incidents import incidents, status_updates
from bot.incidents.service import BriefCanvas, CrisisRoom
from bot.incidents.status_updates import UpdateForm
from bot.leadership.feed import LeadershipFeed, leadership_channel, set_leadership_channel
from bot.slack import command_text
from bot.slack.context import AppContext
from bot.slack.listener import Listener
from messages.i18n import Translator
from messages.markup import channel as channel_link
from messages.markup import date
from messages.markup import user as mention
from messages.render import render_message

#: When the update modal suggests the next update, from now.
NEXT_UPDATE_SUGGESTED = timedelta(hours=2)


class LeadershipDesk:
    """Status updates, severity and the leadership channel, each posted where leadership follows it."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.room = CrisisRoom(context)
        self.feed = LeadershipFeed(context)

    def ask_update(self, channel_id: str, trigger_id: str) -> None:
        """`/crisis update`: open the status update modal."""
        suggested_next = self.context.clock.now() + NEXT_UPDATE_SUGGESTED
        self.room.open_modal(
            channel_id,
            trigger_id,
            "update_modal.json.j2",
            lambda incident: {
                "max_field": status_updates.MAX_FIELD,
                "suggested_next_unix": to_unix(suggested_next),
            },
        )

    def post_update(self, incident_id: int | None, form: UpdateForm, user_id: str) -> None:
        """The update modal submitted (and valid): store it, expect the next one, post it in the channel
        and in the leadership thread."""
        context = self.context
        with session_scope(context.engine) as session:
            incident = session.get(Incident, incident_id) if incident_id else None
            if incident is None:
                return
            now = context.clock.now()
            update = status_updates.record_update(session, incident, form, user_id, now)
            deadlines.expect_update(session, incident, form.next_update_at, now)
        message = render_message("status_update.json.j2", incident.language, incident=incident, update=update)
        ts = context.gateway.post_message(require_channel(incident), message.text, message.blocks)
        with session_scope(context.engine) as session:
            stored = session.get(StatusUpdate, update.id)
            if stored is not None:
                stored.message_ts = ts
                session.add(stored)
        self.feed.post_update(incident, message)
        BriefCanvas(context).changed(incident)
        context.wake_scheduler()

    def request_update(self, incident_id: int | None, requester_user_id: str, where_channel_id: str) -> None:
        """ "Request an update" on the incident's leadership message: ping the responsible person in the
        crisis channel (and by DM for a private crisis), log it, and tell the requester privately; a
        second request by the same person within 15 minutes only gets a polite note."""
        context = self.context
        with session_scope(context.engine) as session:
            incident = session.get(Incident, incident_id) if incident_id is not None else None
            if incident is None:
                raise CrisisError("errors.not_incident_channel")
            again_at = status_updates.request_update(
                session, incident, requester_user_id, context.clock.now()
            )
        t = Translator(incident.language)
        responsible = mention(incident.responsible_user_id)
        tell = Listener(context).tell
        if again_at is not None:
            tell(
                where_channel_id,
                requester_user_id,
                t("update_request.too_soon", user=responsible, when=date(again_at)),
                incident.language,
            )
            return
        ping = render_message(
            "notice.json.j2",
            incident.language,
            text=t("update_request.ping", requester=mention(requester_user_id), user=responsible),
        )
        context.gateway.post_message(require_channel(incident), ping.text, ping.blocks)
        if incident.is_private:
            context.gateway.send_dm(incident.responsible_user_id, ping.text, ping.blocks)
        tell(
            where_channel_id,
            requester_user_id,
            t("update_request.asked", user=responsible),
            incident.language,
        )

    def change_severity(self, channel_id: str, severity_text: str, user_id: str) -> None:
        """`/crisis severity <low|high|critical>`: announce it, refresh topic and header, tell leadership."""
        severity = severity_text.strip().lower()
        if not severity:
            raise CrisisError("errors_update.severity_usage")
        now = self.context.clock.now()
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, channel_id)
            previous = incidents.change_severity(
                session, incident, severity, user_id, now, self.context.settings.crisis_leads
            )
        if previous == severity:
            return
        t = Translator(incident.language)
        params = {
            "actor": mention(user_id),
            "previous": t.plain(f"severity.{previous}"),
            "severity": t.plain(f"severity.{severity}"),
        }
        notice = render_message("notice.json.j2", incident.language, text=t("severity_change.done", **params))
        self.context.gateway.post_message(require_channel(incident), notice.text, notice.blocks)
        self.room.refresh_topic(incident)
        self.room.refresh_header(incident)
        self.feed.mirror(incident, "severity", **params)
        self.room.prompt_senior_spokesperson(incident)

    def share_with_leadership(self, channel_id: str, user_id: str) -> str | None:
        """`/crisis share-with-leadership`: the responsible person (or a crisis lead) lets leadership follow
        a private crisis; announced in the channel, and the leadership thread turns into the usual one.
        What to tell the person when nothing changed (None when the channel hears about it)."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, channel_id)
            shared = incidents.share_with_leadership(
                session, incident, user_id, self.context.clock.now(), self.context.settings.crisis_leads
            )
        t = Translator(incident.language)
        if not shared:
            return t("leadership.share_already")
        notice = render_message(
            "notice.json.j2", incident.language, text=t("leadership.shared", actor=mention(user_id))
        )
        self.context.gateway.post_message(require_channel(incident), notice.text, notice.blocks)
        self.feed.mirror(incident, "shared", actor=mention(user_id))
        self.room.refresh_header(incident)
        return None

    def settings(self, team_id: str, text: str, user_id: str) -> str:
        """`/crisis settings [leadership #channel|off]`: show or change the leadership channel; what the
        person is told."""
        context = self.context
        t = Translator(context.settings.crisis_language)
        words = text.split()
        if not words:
            with session_scope(context.engine) as session:
                current = leadership_channel(session, context, team_id)
            return t("settings.shown", channel=channel_link(current)) if current else t("settings.none")
        if words[0].lower() != "leadership" or len(words) != 2:
            raise CrisisError("errors_update.settings_usage")
        target = None if words[1].lower() == "off" else command_text.channel_mention(words[1])
        if words[1].lower() != "off" and target is None:
            raise CrisisError("errors_update.settings_usage")
        if target:
            context.gateway.join_channel(target)
        with session_scope(context.engine) as session:
            set_leadership_channel(session, team_id, target, user_id, context.clock.now())
        actor = mention(user_id)
        if target:
            return t("settings.changed", actor=actor, channel=channel_link(target))
        return t("settings.cleared", actor=actor)
