"""Button, checkbox and select clicks."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App

from bot.core.db import session_scope
from bot.core.models import ChecklistItem
from bot.incidents import checklist, incidents
from bot.incidents.service import CrisisRoom
from bot.slack import replays
from bot.slack.context import AppContext
from bot.slack.replies import explain
from messages import ids
from messages.i18n import Translator
from messages.render import render_message

log = logging.getLogger(__name__)


class ChecklistActions:
    """Ticking steps and asking why a step matters."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.room = CrisisRoom(context)

    def tick_checklist_step(self, ack: Ack, body: dict) -> None:
        """A step's checkbox was ticked or unticked: store who and when, update the message in place."""
        ack()
        action = body["actions"][0]
        block_id = action.get("block_id", "")
        step_key = block_id.removeprefix(ids.STEP_BLOCK_PREFIX)
        done = any(option.get("value") == step_key for option in action.get("selected_options") or [])
        user_id = body["user"]["id"]
        channel_id = (body.get("channel") or {}).get("id") or body.get("container", {}).get("channel_id", "")
        context = self.context
        language = context.settings.crisis_language
        try:
            if not replays.first_click(context, body):
                return
            with session_scope(context.engine) as session:
                incident = incidents.for_channel(session, channel_id)
                language = incident.language
                step = checklist.set_step(
                    session,
                    incident,
                    step_key,
                    done,
                    user_id,
                    context.clock.now(),
                    crisis_leads=context.settings.crisis_leads,
                    is_channel_member=lambda: context.gateway.is_member(channel_id, user_id),
                )
            if step is None:
                return
            self.room.refresh_checklist(incident, step.position)
            self.room.refresh_header(incident)
        except Exception as error:
            self._refuse(channel_id, user_id, explain(error, language), language)

    def explain_step(self, ack: Ack, body: dict) -> None:
        """Show the guidance of the chosen step, only to the person who asked."""
        ack()
        action = body["actions"][0]
        step_key = (action.get("selected_option") or {}).get("value", "")
        user_id = body["user"]["id"]
        channel_id = (body.get("channel") or {}).get("id", "")
        language = self.context.settings.crisis_language
        try:
            with session_scope(self.context.engine) as session:
                incident = incidents.for_channel(session, channel_id)
                language = incident.language
                step = next(
                    (item for item in checklist.items(session, incident.id) if item.step_key == step_key),  # type: ignore[arg-type]
                    None,
                )
            t = Translator(language)
            text = _guidance_text(t, step)
            notice = render_message("notice.json.j2", language, text=text)
            self.context.gateway.post_ephemeral(channel_id, user_id, notice.text, notice.blocks)
        except Exception as error:
            self._refuse(channel_id, user_id, explain(error, language), language)

    def _refuse(self, channel_id: str, user_id: str, text: str, language: str) -> None:
        notice = render_message("notice.json.j2", language, text=text)
        try:
            self.context.gateway.post_ephemeral(channel_id, user_id, notice.text, notice.blocks)
        except Exception:
            log.exception("could not tell %s: %s", user_id, notice.text)


def _guidance_text(t: Translator, step: ChecklistItem | None) -> str:
    if step is None:
        return t("errors.step_unknown")
    if not step.guidance:
        return t("checklist.no_guidance")
    return t("checklist.guidance", step=f"{step.position}. {step.text}", guidance=step.guidance)


def register(app: App, context: AppContext) -> None:
    """Wire the checklist clicks."""
    checklist_actions = ChecklistActions(context)
    app.action(ids.CHECKLIST_TOGGLE)(checklist_actions.tick_checklist_step)
    app.action(ids.CHECKLIST_GUIDANCE)(checklist_actions.explain_step)
