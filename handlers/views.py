"""Modal submissions of the incident itself: validate in the modal, ack, then open or resolve the crisis."""

from __future__ import annotations

from datetime import datetime

from slack_bolt import Ack, App

from bot.incidents import incidents
from bot.incidents.incidents import OpenRequest
from bot.incidents.service import CrisisRoom
from bot.mentions.service import MonitoringDesk
from bot.slack import view_state
from bot.slack.context import AppContext
from bot.slack.listener import Listener
from messages import ids
from messages.i18n import Translator


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
        disruption_starts_at=view_state.moment(view, ids.OPEN_DISRUPTION_STARTS_AT),
        description=view_state.text(view, ids.OPEN_DESCRIPTION),
        source_view_id=view.get("id"),
        is_private=ids.PRIVATE_CHECKED in view_state.options(view, ids.OPEN_PRIVATE),
    )


class ModalSubmissions:
    """Listeners for the open and resolve modals."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.listener = Listener(context)
        self.room = CrisisRoom(context)
        self.monitoring = MonitoringDesk(context)

    def open_crisis(self, ack: Ack, body: dict) -> None:
        """`crisis_open` submitted: errors go back into the modal; otherwise open the room after ack."""
        now = self.context.clock.now()
        request = read_open_request(body, now, self.context.settings.crisis_language)
        cases = self.context.playbooks.cases()
        problems = incidents.validate_open_request(
            request,
            now,
            {playbook.case for playbook in cases},
            frozenset(playbook.case for playbook in cases if any(step.is_before for step in playbook.steps)),
        )
        if problems:
            t = Translator(request.language)
            ack(response_action="errors", errors={field: t.plain(key) for field, key in problems.items()})
            return
        ack()
        metadata = view_state.metadata(body["view"])
        origin = metadata.get("channel_id") or ""
        burst_id = metadata.get("burst_id")
        if isinstance(burst_id, int):  # opened from a monitoring suggestion: the burst's posts come along
            self.listener.run(body, lambda: self.monitoring.open_from_burst(request, origin, burst_id))
            return
        self.listener.run(body, lambda: self.room.open_and_tell(request, origin))

    def resolve_crisis(self, ack: Ack, body: dict) -> None:
        """`crisis_resolve` submitted: record the resolution, announce it, refresh the header."""
        resolution = view_state.text(body["view"], ids.RESOLVE_RESOLUTION)
        raw_id = view_state.metadata(body["view"]).get("incident_id")
        incident_id = raw_id if isinstance(raw_id, int) else None
        problem = incidents.validate_resolution(resolution)
        if problem:
            t = Translator(self.listener.language_for(incident_id=incident_id))
            ack(response_action="errors", errors={ids.RESOLVE_RESOLUTION: t.plain(problem)})
            return
        ack()
        if incident_id is None:
            return
        user_id = body["user"]["id"]
        self.listener.run(
            body,
            lambda: self.room.resolve(incident_id, resolution, user_id),
            incident_id=incident_id,
        )


def register(app: App, context: AppContext) -> None:
    """Wire the modal submissions."""
    submissions = ModalSubmissions(context)
    app.view(ids.OPEN_MODAL)(submissions.open_crisis)
    app.view(ids.RESOLVE_MODAL)(submissions.resolve_crisis)
