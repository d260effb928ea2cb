"""Checklist clicks: ticking a step, asking why a step matters."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.incidents.service import CrisisRoom
from bot.slack.context import AppContext
from bot.slack.listener import Listener, where
from messages import ids


class ChecklistActions:
    """Ticking steps and asking why a step matters."""

    def __init__(self, context: AppContext) -> None:
        self.listener = Listener(context)
        self.room = CrisisRoom(context)

    def tick_checklist_step(self, ack: Ack, body: dict) -> None:
        """A step's checkbox was ticked or unticked."""
        ack()
        action = body["actions"][0]
        step_key = action.get("block_id", "").removeprefix(ids.STEP_BLOCK_PREFIX)
        done = any(option.get("value") == step_key for option in action.get("selected_options") or [])
        channel_id, user_id = where(body)
        self.listener.run(body, lambda: self.room.tick_step(channel_id, step_key, done, user_id))

    def explain_step(self, ack: Ack, body: dict) -> None:
        """ "Why this step?": the chosen step's guidance, only to the person who asked."""
        ack()
        step_key = (body["actions"][0].get("selected_option") or {}).get("value", "")
        channel_id, user_id = where(body)
        self.listener.run(body, lambda: self.room.show_guidance(channel_id, step_key, user_id))


def register(app: App, context: AppContext) -> None:
    """Wire the checklist clicks."""
    checklist_actions = ChecklistActions(context)
    app.action(ids.CHECKLIST_TOGGLE)(checklist_actions.tick_checklist_step)
    app.action(ids.CHECKLIST_GUIDANCE)(checklist_actions.explain_step)
