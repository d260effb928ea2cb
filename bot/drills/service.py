"""The drills service: opens a drill room and posts its scorecard."""

from __future__ import annotations

from datetime import timedelta

from bot.core.db import session_scope
from bot.core.models import Incident, require_id
from bot.deadlines import deadlines
from bot.drills import script as drill_script
from bot.drills.drills import (
    DRILL_SEVERITY,
    MAX_SPEED,
    DrillRequest,
    DrillScore,
    UnknownDrillCase,
    minutes_of,
    parse_request,
    score,
)
from bot.incidents.incidents import MAX_DESCRIPTION, MAX_TITLE, OpenRequest
from bot.incidents.service import CrisisRoom, OpenedRoom
from bot.slack.context import AppContext
from messages.i18n import Translator
from messages.markup import channel, date
from messages.render import Message, render_message


class DrillDesk:
    """Opens drills through the one way a crisis room opens, and posts their scorecard."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.room = CrisisRoom(context)

    def open_request(self, drill: DrillRequest, team_id: str, user_id: str, source_id: str) -> OpenRequest:
        """The crisis a drill opens: titled after its case, run by the person who started it, severity
        high, in the workspace language, its first negative post now."""
        language = self.context.settings.crisis_language
        t = Translator(language)
        case_title = self.context.playbooks.get(drill.case_key).title_for(language)
        wave = drill_script.wave(drill.case_key)
        last = max((entry.offset for entry in wave), default=timedelta(0))
        description = t.plain(
            "drills.description",
            case=case_title,
            scale=drill.time_scale,
            count=len(wave),
            minutes=minutes_of(deadlines.scaled(last, drill.time_scale)),
        )
        return OpenRequest(
            team_id=team_id,
            opener_user_id=user_id,
            title=t.plain("drills.title", case=case_title)[:MAX_TITLE],
            case_key=drill.case_key,
            severity=DRILL_SEVERITY,
            language=language,
            responsible_user_id=user_id,
            first_negative_at=self.context.clock.now(),
            first_post_url=None,
            description=description[:MAX_DESCRIPTION],
            source_view_id=source_id[:64],
            is_drill=True,
            time_scale=drill.time_scale,
            drill_reaches_leadership=drill.reaches_leadership,
        )

    def start(self, drill: DrillRequest, team_id: str, user_id: str, source_id: str) -> OpenedRoom | None:
        """Open the drill's room (its rows, scripted mentions included, are planned with it). None when
        this request already opened one (a replay)."""
        return self.room.open(self.open_request(drill, team_id, user_id, source_id))

    def start_from_command(self, text: str, team_id: str, user_id: str, source_id: str) -> Message | None:
        """`/crisis drill <case> [speed] [leadership]`: open the drill room; what the person who started it
        is told (how the drill runs, or the list of cases when the case is unknown or missing). None when
        this request already opened one (a replay)."""
        language = self.context.settings.crisis_language
        playbooks = self.context.playbooks.cases()
        try:
            drill = parse_request(text, {playbook.case for playbook in playbooks})
        except UnknownDrillCase as error:
            return render_message(
                "drill_cases.json.j2",
                language,
                unknown=error.case,
                cases=[(playbook.case, playbook.title_for(language)) for playbook in playbooks],
                max_speed=MAX_SPEED,
            )
        opened = self.start(drill, team_id, user_id, source_id)
        if opened is None:
            return None
        return render_message("notice.json.j2", language, text=self._started_text(opened, language))

    def _started_text(self, opened: OpenedRoom, language: str) -> str:
        """How the drill just opened will run: its room, speed, deadlines and scripted posts."""
        incident = opened.incident
        t = Translator(language)
        wave = drill_script.wave(incident.case_key)
        last = max((entry.offset for entry in wave), default=None)
        text = t(
            "drills.started.leadership" if incident.drill_reaches_leadership else "drills.started.private",
            channel=channel(incident.channel_id),
            scale=incident.time_scale,
            response=date(deadlines.response_due(incident.first_negative_at, incident.time_scale)),
            publication=date(deadlines.publication_due(incident.first_negative_at, incident.time_scale)),
            count=len(wave),
            last=date(incident.created_at + deadlines.scaled(last, incident.time_scale)) if last else "—",
        )
        if opened.problems:
            text = t("open.opened_with_problems", opened=text, problems=", ".join(opened.problems))
        return text

    def scorecard(self, incident: Incident, result: DrillScore) -> Message:
        """The scorecard message of a drill."""
        return render_message(
            "drill_scorecard.json.j2",
            incident.language,
            incident=incident,
            score=result,
            case_title=self.room.view(incident, []).case_title,
        )

    def post_scorecard(self, incident: Incident) -> str | None:
        """Score the drill and post the scorecard in its channel; returns the message ts."""
        if not incident.is_drill or not incident.channel_id:
            return None
        with session_scope(self.context.engine) as session:
            result = score(session, require_id(incident), self.context.clock.now())
        message = self.scorecard(incident, result)
        return self.context.gateway.post_message(incident.channel_id, message.text, message.blocks)
