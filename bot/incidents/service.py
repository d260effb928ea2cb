"""The incident's Slack side: opening the channel, and keeping its header and checklist up to date."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.core.db import session_scope
from bot.core.models import ChecklistItem, ChecklistMessage, Incident
from bot.deadlines import deadlines
from bot.deadlines.deadlines import publication_due, response_due
from bot.incidents import checklist, incidents
from bot.incidents.incidents import OpenRequest
from bot.leadership.feed import LeadershipFeed
from bot.leadership.home import HomeTab
from bot.slack.channel_names import incident_channel_name
from bot.slack.context import AppContext
from bot.slack.gateway import SlackCallFailed
from messages.i18n import Translator
from messages.markup import escape_mrkdwn
from messages.render import Message, render_message

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IncidentView:
    """Everything the header and status templates show about an incident."""

    incident: Incident
    case_title: str
    response_due: object
    publication_due: object
    done: int
    total: int


@dataclass(frozen=True)
class OpenedRoom:
    """A crisis room just opened, and the finishing touches Slack refused (e.g. `pins.add (…)`)."""

    incident: Incident
    problems: list[str]


def _attempt(problems: list[str], step: Callable[[], object]) -> None:
    try:
        step()
    except SlackCallFailed as failure:
        log.warning("opening a crisis room: %s failed (%s); going on", failure.method, failure.error)
        problems.append(f"{failure.method} ({failure.error})")


class CrisisRoom:
    """Posts and refreshes an incident's messages through the gateway."""

    def __init__(self, context: AppContext) -> None:
        self.context = context

    def view(self, incident: Incident, steps: list[ChecklistItem]) -> IncidentView:
        """What the templates need about an incident."""
        progress = checklist.progress(steps)
        case_title = (
            self.context.playbooks.get(incident.case_key).title_for(incident.language)
            if incident.case_key in self.context.playbooks
            else incident.case_key
        )
        return IncidentView(
            incident=incident,
            case_title=case_title,
            response_due=response_due(incident.first_negative_at, incident.time_scale),
            publication_due=publication_due(incident.first_negative_at, incident.time_scale),
            done=progress.done,
            total=progress.total,
        )

    def header_message(self, incident: Incident, steps: list[ChecklistItem]) -> Message:
        """The pinned header of the incident channel."""
        return render_message("incident_header.json.j2", incident.language, view=self.view(incident, steps))

    def checklist_message(
        self, incident: Incident, part_steps: list[ChecklistItem], part: int, parts: int
    ) -> Message:
        """One message of the checklist."""
        return render_message(
            "checklist.json.j2",
            incident.language,
            incident=incident,
            steps=part_steps,
            part=part,
            parts=parts,
            case_title=self.view(incident, []).case_title,
        )

    def open(self, request: OpenRequest) -> OpenedRoom | None:
        """Open the incident: channel, members, topic, pinned header, checklist.

        Returns None when this submission was already handled (a replay). The channel, the header and
        the checklist are essential: if any fails nothing is left half made (the channel is archived,
        the incident removed) and the error is re-raised. Inviting, topic, purpose and pinning are
        not: a crisis room without its pin is better than none on the worst day; what Slack refused
        is returned for the opener to hear about.
        """
        problems: list[str] = []
        context = self.context
        now = context.clock.now()
        playbook = context.playbooks.get(request.case_key)
        try:
            with session_scope(context.engine) as session:
                incident = incidents.create_incident(session, request, playbook, now)
                steps = checklist.items(session, incident.id)  # type: ignore[arg-type]
        except IntegrityError:
            log.info("view %s already opened an incident; ignoring the replay", request.source_view_id)
            return None
        channel_id: str | None = None
        try:
            channel_id, channel_name = context.gateway.create_channel(
                incident_channel_name(request.title, now, "drill" if request.is_drill else "crisis")
            )
            incident.channel_id, incident.channel_name = channel_id, channel_name
            with session_scope(context.engine) as session:
                incidents.note_channel(session, incident.id, channel_id, channel_name)  # type: ignore[arg-type]
            members = [request.opener_user_id, request.responsible_user_id]
            _attempt(problems, lambda: context.gateway.invite(channel_id, members))
            _attempt(problems, lambda: context.gateway.set_topic(channel_id, self.topic(incident, steps)))
            _attempt(
                problems,
                lambda: context.gateway.set_purpose(
                    channel_id, escape_mrkdwn(incident.description or incident.title)
                ),
            )
            header = self.header_message(incident, steps)
            header_ts = context.gateway.post_message(channel_id, header.text, header.blocks)
            _attempt(problems, lambda: context.gateway.pin(channel_id, header_ts))
            groups = checklist.parts(steps)
            posted: list[ChecklistMessage] = []
            for part, group in enumerate(groups, start=1):
                message = self.checklist_message(incident, group, part, len(groups))
                ts = context.gateway.post_message(channel_id, message.text, message.blocks)
                posted.append(
                    ChecklistMessage(
                        incident_id=incident.id,  # type: ignore[arg-type]
                        part=part,
                        ts=ts,
                        first_position=group[0].position if group else 0,
                        last_position=group[-1].position if group else 0,
                    )
                )
            with session_scope(context.engine) as session:
                stored = session.get(Incident, incident.id)
                assert stored is not None
                stored.header_ts = header_ts
                incidents.activate(session, stored, channel_id, channel_name, now)
                session.add_all(posted)
                deadlines.schedule(session, stored, context.settings, now)
                incident = stored
        except Exception:
            self._undo_open(incident.id, channel_id)  # type: ignore[arg-type]
            raise
        LeadershipFeed(context).announce_open(incident)
        HomeTab(context).refresh_viewers()
        context.wake_scheduler()
        return OpenedRoom(incident, problems)

    def _undo_open(self, incident_id: int, channel_id: str | None) -> None:
        if channel_id:
            try:
                self.context.gateway.archive_channel(channel_id)
            except SlackCallFailed:
                log.exception("could not archive half-opened channel %s", channel_id)
        try:
            with session_scope(self.context.engine) as session:
                incidents.discard(session, incident_id)
        except SQLAlchemyError:
            log.warning("could not remove half-opened incident %s now; the sweep will", incident_id)

    def sweep_half_opened(self) -> list[int]:
        """Finish off crises left in `opening` by a crash or a stalled database: archive their channel
        (if one was made), remove the incident and tell the opener. Returns the ids removed."""
        context = self.context
        with session_scope(context.engine) as session:
            stale = incidents.stale_openings(session, context.clock.now())
        removed: list[int] = []
        for incident in stale:
            if incident.channel_id:
                try:
                    context.gateway.archive_channel(incident.channel_id)
                except SlackCallFailed as failure:
                    if failure.error not in ("already_archived", "channel_not_found"):
                        log.warning(
                            "sweep: archiving %s failed (%s); the next sweep retries",
                            incident.channel_id,
                            failure.error,
                        )
                        continue
            with session_scope(context.engine) as session:
                incidents.discard(session, incident.id)  # type: ignore[arg-type]
            removed.append(incident.id)  # type: ignore[arg-type]
            text = Translator(incident.language)("open.swept", title=incident.title)
            notice = render_message("notice.json.j2", incident.language, text=text)
            try:
                context.gateway.send_dm(incident.opener_user_id, notice.text, notice.blocks)
            except SlackCallFailed:
                log.warning("sweep: could not tell %s about crisis %s", incident.opener_user_id, incident.id)
        if removed:
            log.info("swept %s half-opened crises: %s", len(removed), removed)
        return removed

    def topic(self, incident: Incident, steps: list[ChecklistItem]) -> str:
        """The channel topic: severity, kind of crisis, responsible person."""
        return render_message(
            "incident_topic.json.j2", incident.language, view=self.view(incident, steps)
        ).text

    def refresh_topic(self, incident: Incident) -> None:
        """Rewrite the channel topic (after the responsible person changes)."""
        if incident.channel_id:
            self.context.gateway.set_topic(incident.channel_id, self.topic(incident, []))

    def refresh_header(self, incident: Incident) -> None:
        """Re-render the pinned header in place."""
        if not (incident.channel_id and incident.header_ts):
            return
        with session_scope(self.context.engine) as session:
            steps = checklist.items(session, incident.id)  # type: ignore[arg-type]
        message = self.header_message(incident, steps)
        self.context.gateway.update_message(
            incident.channel_id, incident.header_ts, message.text, message.blocks
        )
        HomeTab(self.context).refresh_viewers()

    def refresh_checklist(self, incident: Incident, position: int) -> None:
        """Re-render the checklist message holding step `position`.

        The message row is write-locked (its revision bumped first) while the steps are read and Slack
        is updated, so two clicks in two processes update Slack one after the other and the last
        update shows both.
        """
        with session_scope(self.context.engine) as session:
            row = checklist.lock_message_for_step(session, incident.id, position)  # type: ignore[arg-type]
            if row is None or not incident.channel_id:
                return
            all_steps = checklist.items(session, incident.id)  # type: ignore[arg-type]
            group = [step for step in all_steps if row.first_position <= step.position <= row.last_position]
            total_parts = len(checklist.messages(session, incident.id))  # type: ignore[arg-type]
            message = self.checklist_message(incident, group, row.part, total_parts)
            self.context.gateway.update_message(incident.channel_id, row.ts, message.text, message.blocks)
