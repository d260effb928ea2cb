"""Modal submissions: validate in the modal itself, ack, then do the slow work."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_bolt import Ack, App

from bot.core.db import session_scope
from bot.core.models import Incident
from bot.deadlines import deadlines
from bot.drills.drills import DrillDesk
from bot.incidents import incidents
from bot.incidents.incidents import OpenRequest
from bot.incidents.service import CrisisRoom
from bot.leadership.feed import LeadershipFeed
from bot.reports.service import upload_report
from bot.slack import replays, view_state
from bot.slack.context import AppContext
from bot.slack.replies import explain
from messages import ids
from messages.i18n import Translator
from messages.markup import channel
from messages.markup import user as mention
from messages.render import render_message

log = logging.getLogger(__name__)


def read_open_request(body: dict, now: datetime, default_language: str) -> OpenRequest:
    """Build the domain request from a `crisis_open` view_submission payload."""
    view = body["view"]
    user = body["user"]
    return OpenRequest(
        team_id=(body.get("team") or {}).get("id") or user.get("team_id") or "",
        opener_user_id=user["id"],
        title=view_state.text(view, ids.OPEN_TITLE),
        case_key=view_state.option(view, ids.OPEN_CASE),
        severity=view_state.option(view, ids.OPEN_SEVERITY),
        language=view_state.option(view, ids.OPEN_LANGUAGE) or default_language,
        responsible_user_id=view_state.entry(view, ids.OPEN_RESPONSIBLE).get("selected_user") or "",
        first_negative_at=view_state.moment(view, ids.OPEN_FIRST_NEGATIVE_AT) or now,
        first_post_url=view_state.text(view, ids.OPEN_FIRST_POST_URL) or None,
        description=view_state.text(view, ids.OPEN_DESCRIPTION),
        source_view_id=view.get("id"),
    )


class ModalSubmissions:
    """Listeners for the modals crisisbot opens."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.room = CrisisRoom(context)

    def open_crisis(self, ack: Ack, body: dict) -> None:
        """`crisis_open` submitted: errors go back into the modal; otherwise open the room after ack."""
        settings = self.context.settings
        request = read_open_request(body, self.context.clock.now(), settings.crisis_language)
        problems = incidents.validate_open_request(
            request, self.context.clock.now(), {playbook.case for playbook in self.context.playbooks.cases()}
        )
        if problems:
            t = Translator(request.language)
            ack(response_action="errors", errors={field: t.plain(key) for field, key in problems.items()})
            return
        ack()
        origin = view_state.metadata(body["view"]).get("channel_id") or request.opener_user_id
        try:
            opened = self.room.open(request)
        except Exception as error:
            text = Translator(request.language)("open.failed", error=explain(error, request.language))
            self._tell(request.opener_user_id, request.opener_user_id, text, request.language)
            return
        if opened is None:
            return
        incident = opened.incident
        t = Translator(incident.language)
        text = t(
            "open.opened", channel=channel(incident.channel_id), user=mention(incident.responsible_user_id)
        )
        if opened.problems:
            text = t("open.opened_with_problems", opened=text, problems=", ".join(opened.problems))
        self._tell(origin, request.opener_user_id, text, incident.language)

    def _tell(self, channel_id: str, user_id: str, text: str, language: str) -> None:
        notice = render_message("notice.json.j2", language, text=text)
        try:
            if channel_id == user_id:
                self.context.gateway.send_dm(user_id, notice.text, notice.blocks)
            else:
                self.context.gateway.post_ephemeral(channel_id, user_id, notice.text, notice.blocks)
        except Exception:
            log.exception("could not tell %s: %s", user_id, notice.text)

    def resolve_crisis(self, ack: Ack, body: dict) -> None:
        """`crisis_resolve` submitted: record the resolution, announce it, refresh the header."""
        resolution = view_state.text(body["view"], ids.RESOLVE_RESOLUTION)
        incident_id = view_state.metadata(body["view"]).get("incident_id")
        with session_scope(self.context.engine) as session:
            incident = session.get(Incident, incident_id) if incident_id else None
        language = incident.language if incident else self.context.settings.crisis_language
        problem = incidents.validate_resolution(resolution)
        if problem:
            ack(
                response_action="errors", errors={ids.RESOLVE_RESOLUTION: Translator(language).plain(problem)}
            )
            return
        ack()
        if not replays.first_submission(self.context, body):
            return  # the same submission again
        user_id = body["user"]["id"]
        try:
            with session_scope(self.context.engine) as session:
                incident = session.get(Incident, incident_id)
                if incident is None:
                    return
                now = self.context.clock.now()
                incidents.resolve(
                    session, incident, resolution, user_id, now, self.context.settings.crisis_leads
                )
                deadlines.on_resolve(session, incident, self.context.settings, now)
            text = Translator(language)("resolve.done", user=mention(user_id), resolution=resolution)
            notice = render_message("notice.json.j2", language, text=text)
            self.context.gateway.post_message(incident.channel_id, notice.text, notice.blocks)  # type: ignore[arg-type]
            self.room.refresh_header(incident)
            LeadershipFeed(self.context).mirror(
                incident, "resolved", actor=mention(user_id), resolution=incident.resolution
            )
            DrillDesk(self.context).post_scorecard(incident)  # only drills have one
            upload_report(self.context, incident)
        except Exception as error:
            self._tell(user_id, user_id, explain(error, language), language)


def register(app: App, context: AppContext) -> None:
    """Wire the modal submissions."""
    submissions = ModalSubmissions(context)
    app.view(ids.OPEN_MODAL)(submissions.open_crisis)
    app.view(ids.RESOLVE_MODAL)(submissions.resolve_crisis)
