"""The incident's Slack side: opening the channel, and keeping its header and checklist up to date."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session

from bot.core import surfaces
from bot.core.clock import to_unix
from bot.core.config import SUPPORTED_LANGUAGES
from bot.core.db import session_scope
from bot.core.errors import CrisisError
from bot.core.models import ChecklistItem, ChecklistMessage, Incident, require_channel, require_id
from bot.core.policy import Action
from bot.core.states import CanvasState, Severity, SurfaceKind
from bot.core.surfaces import Due
from bot.deadlines import deadlines
from bot.deadlines.deadlines import publication_due, response_due
from bot.incidents import brief, checklist, incidents, permissions
from bot.incidents.incidents import MAX_DESCRIPTION, MAX_RESOLUTION, MAX_TITLE, OpenPrefill, OpenRequest
from bot.leadership.feed import LeadershipFeed
from bot.leadership.home import HomeTab
from bot.reports.service import upload_report
from bot.slack import command_text
from bot.slack.channel_names import incident_channel_name
from bot.slack.context import AppContext
from bot.slack.gateway import SlackCallFailed, SlackGateway
from bot.slack.listener import Listener, explain
from bot.slack.workspaces import current_workspace
from messages.i18n import Translator
from messages.markup import channel as channel_link
from messages.markup import escape_mrkdwn
from messages.markup import user as mention
from messages.render import Message, render_document, render_message, render_view

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


#: What Slack answers when this workspace or this app cannot have a channel canvas: the pinned header
#: stays the brief and no canvas call is tried again for the crisis.
CANVAS_UNAVAILABLE = frozenset(
    {
        "team_tier_cannot_create_channel_canvases",
        "missing_scope",
        "not_allowed_token_type",
        "canvas_creation_failed",
        "canvas_disabled_user_team",
    }
)


class BriefCanvas:
    """The living crisis brief as the channel's canvas: `show` renders the latest brief and puts it in
    Slack; `changed` asks the reconciler for it (at most one edit per `brief.EDIT_EVERY` per canvas)."""

    def __init__(self, context: AppContext) -> None:
        self.context = context

    def markdown(self, incident: Incident) -> str:
        """The brief of `incident` as canvas markdown, in the crisis language."""
        now = self.context.clock.now()
        with session_scope(self.context.engine) as session:
            facts = brief.facts(session, incident, now)
        case_title = self.context.playbooks.case_title(incident.case_key, incident.language)
        return render_document(
            "crisis_brief.md.j2", incident.language, facts=facts, case_title=case_title, now=now
        )

    def show(self, due: Due) -> None:
        """Render the latest brief and create the channel canvas with it, or replace the canvas's
        document (the reconciler calls this, at most once per `brief.EDIT_EVERY` per canvas). A workspace
        that cannot have canvases is recorded as such and not asked again; other failures are raised for
        the reconciler to retry."""
        incident_id = due.incident_id
        if incident_id is None:
            return
        engine = self.context.engine
        with session_scope(engine) as session:
            incident = session.get(Incident, incident_id)
        if incident is None or not incident.channel_id or incident.canvas_state == CanvasState.UNAVAILABLE:
            return
        markdown = self.markdown(incident)
        gateway = self.context.gateway.impatient()
        try:
            canvas_id = incident.canvas_id
            if canvas_id:
                try:
                    gateway.replace_canvas(canvas_id, markdown)
                except SlackCallFailed as failure:
                    if failure.error != "canvas_not_found":
                        raise
                    canvas_id = None  # deleted in Slack: the brief gets a new canvas
                    with session_scope(engine) as session:
                        brief.forget_canvas(session, incident_id)
            if not canvas_id:
                canvas_id = self._create(gateway, incident.channel_id, markdown)
        except SlackCallFailed as failure:
            if failure.error not in CANVAS_UNAVAILABLE:
                raise
            log.info("crisis %s gets no canvas (%s); the header is the brief", incident_id, failure.error)
            with session_scope(engine) as session:
                brief.record_unavailable(session, incident_id)
            return
        with session_scope(engine) as session:
            brief.record_canvas(session, incident_id, canvas_id)

    @staticmethod
    def _create(gateway: SlackGateway, channel_id: str, markdown: str) -> str:
        """Create the channel canvas; one that already exists (made by someone, or by a run that died
        before storing its id) is taken over and its document replaced."""
        try:
            return gateway.create_channel_canvas(channel_id, markdown)
        except SlackCallFailed as failure:
            existing = (
                gateway.channel_canvas_id(channel_id)
                if failure.error == "channel_canvas_already_exists"
                else None
            )
            if existing is None:
                raise
        gateway.replace_canvas(existing, markdown)
        return existing

    def want(self, session: Session, incident: Incident) -> None:
        """In the caller's transaction: the brief is to be shown again (none for a crisis without canvas)."""
        if incident.canvas_state == CanvasState.UNAVAILABLE:
            return
        surfaces.want_incident(session, SurfaceKind.CANVAS, f"canvas:{require_id(incident)}", incident)

    def changed(self, incident: Incident) -> None:
        """The brief changed: show it soon."""
        with session_scope(self.context.engine) as session:
            self.want(session, incident)
        self.context.reconciler.wake()


class CrisisRoom:
    """Posts and refreshes an incident's messages through the gateway."""

    def __init__(self, context: AppContext) -> None:
        self.context = context

    def view(self, incident: Incident, steps: list[ChecklistItem]) -> IncidentView:
        """What the templates need about an incident."""
        progress = checklist.progress(steps)
        case_title = self.context.playbooks.case_title(incident.case_key, incident.language)
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
        serving = current_workspace()
        if serving is not None and serving.team_id == request.team_id:
            request = replace(request, enterprise_id=serving.enterprise_id)
        try:
            with session_scope(context.engine) as session:
                incident = incidents.create_incident(session, request, playbook, now)
                steps = checklist.items(session, require_id(incident))
        except IntegrityError:
            log.info("view %s already opened an incident; ignoring the replay", request.source_view_id)
            return None
        channel_id: str | None = None
        try:
            channel_id, channel_name = context.gateway.create_channel(
                incident_channel_name(request.title, now, "drill" if request.is_drill else "crisis"),
                is_private=incident.is_private,
            )
            incident.channel_id, incident.channel_name = channel_id, channel_name
            with session_scope(context.engine) as session:
                incidents.note_channel(session, require_id(incident), channel_id, channel_name)
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
                        incident_id=require_id(incident),
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
            self._undo_open(require_id(incident), channel_id)
            raise
        BriefCanvas(context).changed(incident)
        LeadershipFeed(context).announce_open(incident)
        HomeTab(context).refresh_viewers(incident)
        context.wake_scheduler()
        try:
            self.prompt_senior_spokesperson(incident)
        except SlackCallFailed:
            log.warning("could not ask crisis %s for a senior spokesperson", incident.id)
        return OpenedRoom(incident, problems)

    def prompt_senior_spokesperson(self, incident: Incident) -> bool:
        """A critical crisis: ask the channel, once, to name a senior spokesperson (seed 003: for severe
        crises a credible senior leader delivering the message adds weight). The button opens the
        spokesperson picker."""
        context = self.context
        if incident.severity != Severity.CRITICAL or not incident.channel_id:
            return False
        with session_scope(context.engine) as session:
            if not incidents.claim_senior_prompt(session, require_id(incident), context.clock.now()):
                return False
        message = render_message("senior_spokesperson_prompt.json.j2", incident.language, incident=incident)
        context.gateway.post_message(incident.channel_id, message.text, message.blocks)
        return True

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
            with context.serving(incident.team_id, incident.enterprise_id):
                if self._sweep_one(incident):
                    removed.append(require_id(incident))
        if removed:
            log.info("swept %s half-opened crises: %s", len(removed), removed)
        return removed

    def _sweep_one(self, incident: Incident) -> bool:
        """Archive, remove and tell, for one half-opened crisis; False when the next sweep must retry."""
        context = self.context
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
                    return False
        with session_scope(context.engine) as session:
            incidents.discard(session, require_id(incident))
        text = Translator(incident.language)("open.swept", title=incident.title)
        notice = render_message("notice.json.j2", incident.language, text=text)
        try:
            context.gateway.send_dm(incident.opener_user_id, notice.text, notice.blocks)
        except SlackCallFailed:
            log.warning("sweep: could not tell %s about crisis %s", incident.opener_user_id, incident.id)
        return True

    def topic(self, incident: Incident, steps: list[ChecklistItem]) -> str:
        """The channel topic: severity, kind of crisis, responsible person by name.

        A topic "does not support formatting" (https://docs.slack.dev/reference/methods/conversations.setTopic):
        a `<@U…>` mention would show as typed, so the name is looked up; the id is the fallback.
        """
        return render_message(
            "incident_topic.json.j2",
            incident.language,
            view=self.view(incident, steps),
            responsible_name=self.context.directory.name(incident.responsible_user_id),
        ).text

    def refresh_topic(self, incident: Incident) -> None:
        """Rewrite the channel topic (after the responsible person changes)."""
        if incident.channel_id:
            self.context.gateway.set_topic(incident.channel_id, self.topic(incident, []))

    def open_modal(
        self, channel_id: str, trigger_id: str, template: str, fields: Callable[[Incident], dict[str, Any]]
    ) -> None:
        """Open the modal `template` about the open crisis of `channel_id`, in its language, with the
        incident's id in the private metadata (for the submission) and `fields(incident)` to fill it."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, channel_id)
        incidents.require_open(incident)
        view = render_view(
            template,
            incident.language,
            private_metadata=json.dumps({"incident_id": incident.id}),
            **fields(incident),
        )
        self.context.gateway.open_view(trigger_id, view)

    def refresh_header(self, incident: Incident) -> None:
        """Ask for the pinned header (and the Home tabs) to show the incident's latest state."""
        if not (incident.channel_id and incident.header_ts):
            return
        with session_scope(self.context.engine) as session:
            self.want_header(session, incident)
        self.context.reconciler.wake()

    def want_header(self, session: Session, incident: Incident) -> None:
        """In the caller's transaction: the header and the workspace's Home tabs are to be shown again."""
        surfaces.want_incident(session, SurfaceKind.HEADER, f"header:{require_id(incident)}", incident)
        BriefCanvas(self.context).want(session, incident)
        HomeTab(self.context).want(session, incident)

    def want_checklist(self, session: Session, incident: Incident, position: int) -> None:
        """In the caller's transaction: the checklist message holding step `position` is to be shown again."""
        row = checklist.message_for_step(session, require_id(incident), position)
        if row is None:
            return
        surfaces.want_incident(session, SurfaceKind.CHECKLIST, f"checklist:{row.id}", incident)

    def show_header(self, due: Due) -> None:
        """Render the pinned header's latest state into Slack (the reconciler calls this)."""
        with session_scope(self.context.engine) as session:
            incident = session.get(Incident, due.incident_id) if due.incident_id is not None else None
            if incident is None or not (incident.channel_id and incident.header_ts):
                return
            steps = checklist.items(session, require_id(incident))
        message = self.header_message(incident, steps)
        self.context.gateway.impatient().update_message(
            incident.channel_id, incident.header_ts, message.text, message.blocks
        )

    def show_checklist(self, due: Due) -> None:
        """Render one checklist message's latest state into Slack (the reconciler calls this)."""
        row_id = int(due.key.rpartition(":")[2])
        with session_scope(self.context.engine) as session:
            row = session.get(ChecklistMessage, row_id)
            incident = session.get(Incident, row.incident_id) if row is not None else None
            if row is None or incident is None or not incident.channel_id:
                return
            all_steps = checklist.items(session, require_id(incident))
            group = [step for step in all_steps if row.first_position <= step.position <= row.last_position]
            total_parts = len(checklist.messages(session, require_id(incident)))
        message = self.checklist_message(incident, group, row.part, total_parts)
        gateway = self.context.gateway.impatient()
        gateway.update_message(incident.channel_id, row.ts, message.text, message.blocks)

    # ---- use cases -------------------------------------------------------------------------------

    def tick_step(self, channel_id: str, step_key: str, done: bool, user_id: str) -> None:
        """A step was ticked or unticked: store who and when, then show it in the checklist and header."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, channel_id)
            step = checklist.set_step(
                session,
                incident,
                step_key,
                done,
                user_id,
                self.context.clock.now(),
                crisis_leads=self.context.settings.crisis_leads,
                is_channel_member=lambda: self.context.gateway.is_member(channel_id, user_id),
            )
            if step is None:
                return
            self.want_checklist(session, incident, step.position)
            self.want_header(session, incident)
        self.context.reconciler.wake()

    def show_guidance(self, channel_id: str, step_key: str, user_id: str) -> None:
        """Show a step's guidance (the why) to the person who asked, only to them."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, channel_id)
            steps = checklist.items(session, require_id(incident))
        step = next((item for item in steps if item.step_key == step_key), None)
        if step is None:
            raise CrisisError("errors.step_unknown")
        t = Translator(incident.language)
        text = (
            t("checklist.guidance", step=f"{step.position}. {step.text}", guidance=step.guidance)
            if step.guidance
            else t("checklist.no_guidance")
        )
        notice = render_message("notice.json.j2", incident.language, text=text)
        self.context.gateway.post_ephemeral(channel_id, user_id, notice.text, notice.blocks)

    def ask_open(
        self, trigger_id: str, channel_id: str, user_id: str, typed: str, prefill: OpenPrefill | None = None
    ) -> None:
        """`/crisis open [title]`: the modal that asks for the crisis details, the title as the person typed
        it (Slack's escaping undone, mentioned people by name). From a monitoring suggestion, `prefill`
        fills it from the burst's first negative post; the burst's id rides in the private metadata."""
        language = prefill.language if prefill else self.context.settings.crisis_language
        title = prefill.title if prefill else command_text.plain_text(typed, self.context.directory.name)
        metadata: dict[str, Any] = {"channel_id": channel_id}
        if prefill is not None:
            metadata["burst_id"] = prefill.burst_id
        view = render_view(
            "open_modal.json.j2",
            language,
            private_metadata=json.dumps(metadata),
            initial_title=title[:MAX_TITLE],
            first_negative_unix=to_unix(prefill.first_negative_at) if prefill else None,
            initial_first_post_url=prefill.first_post_url if prefill else None,
            max_title=MAX_TITLE,
            max_description=MAX_DESCRIPTION,
            cases=self.context.playbooks.cases(),
            severities=tuple(Severity),
            languages=SUPPORTED_LANGUAGES,
            language=language,
            opener_user_id=user_id,
            now_unix=to_unix(self.context.clock.now()),
        )
        self.context.gateway.open_view(trigger_id, view)

    def open_and_tell(self, request: OpenRequest, origin_channel_id: str) -> OpenedRoom | None:
        """The open modal was submitted: open the room, then tell the opener where (or why not). Returns
        the room opened (None when it failed or the submission was a replay)."""
        tell = Listener(self.context).tell
        try:
            opened = self.open(request)
        except Exception as error:
            text = Translator(request.language)("open.failed", error=explain(error, request.language))
            tell(request.opener_user_id, request.opener_user_id, text, request.language)
            return None
        if opened is None:
            return None
        incident = opened.incident
        t = Translator(incident.language)
        text = t(
            "open.opened",
            channel=channel_link(incident.channel_id),
            user=mention(incident.responsible_user_id),
        )
        if opened.problems:
            text = t("open.opened_with_problems", opened=text, problems=", ".join(opened.problems))
        tell(origin_channel_id or request.opener_user_id, request.opener_user_id, text, incident.language)
        return opened

    def status_message(self, channel_id: str) -> Message:
        """`/crisis status`: the crisis at a glance."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, channel_id)
            steps = checklist.items(session, require_id(incident))
        return render_message(
            "status.json.j2", incident.language, view=self.view(incident, steps), now=self.context.clock.now()
        )

    def assign(self, channel_id: str, user_id: str, actor_user_id: str) -> None:
        """`/crisis assign @person`: a new responsible person, announced, invited and shown everywhere."""
        if not self.context.gateway.user_exists(user_id):
            raise CrisisError("errors.user_unknown")
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, channel_id)
            now = self.context.clock.now()
            leads = self.context.settings.crisis_leads
            previous = incidents.assign(session, incident, user_id, actor_user_id, now, leads)
        gateway = self.context.gateway
        gateway.invite(require_channel(incident), [user_id])
        t = Translator(incident.language)
        params = {"actor": mention(actor_user_id), "user": mention(user_id), "previous": mention(previous)}
        notice = render_message("notice.json.j2", incident.language, text=t("assign.done", **params))
        gateway.post_message(require_channel(incident), notice.text, notice.blocks)
        self.refresh_topic(incident)
        self.refresh_header(incident)
        LeadershipFeed(self.context).mirror(incident, "assigned", **params)

    def ask_resolution(self, channel_id: str, trigger_id: str, user_id: str) -> None:
        """`/crisis resolve`: the modal that asks for the one-line resolution (refused at once to anyone
        the policy does not let resolve, rather than after they typed it)."""
        with session_scope(self.context.engine) as session:
            incident = incidents.for_channel(session, channel_id)
            permissions.require(
                session,
                incident,
                user_id,
                Action.RESOLVE,
                self.context.clock.now(),
                crisis_leads=self.context.settings.crisis_leads,
            )
        self.open_modal(
            channel_id,
            trigger_id,
            "resolve_modal.json.j2",
            lambda incident: {"title": incident.title, "max_resolution": MAX_RESOLUTION},
        )

    def resolve(self, incident_id: int, resolution: str, user_id: str) -> None:
        """The resolve modal was submitted: record, announce, post the drill scorecard and the report."""
        # drills open their rooms through this service, so the drills service is imported here, not on top
        from bot.drills.service import DrillDesk

        with session_scope(self.context.engine) as session:
            incident = session.get(Incident, incident_id)
            if incident is None:
                return
            now = self.context.clock.now()
            incidents.resolve(session, incident, resolution, user_id, now, self.context.settings.crisis_leads)
            deadlines.on_resolve(session, incident, self.context.settings, now)
        t = Translator(incident.language)
        text = t("resolve.done", user=mention(user_id), resolution=resolution)
        notice = render_message("notice.json.j2", incident.language, text=text)
        self.context.gateway.post_message(require_channel(incident), notice.text, notice.blocks)
        self.refresh_header(incident)
        LeadershipFeed(self.context).mirror(
            incident, "resolved", actor=mention(user_id), resolution=incident.resolution
        )
        DrillDesk(self.context).post_scorecard(incident)  # only drills have one
        upload_report(self.context, incident)
