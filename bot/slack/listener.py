"""The one wrapper every Bolt listener goes through: ack → replay claim → run → explain the error → tell.

A listener acks (with modal errors when a form is wrong), then hands its work to `Listener.run`, which
drops a replayed click or modal submission, runs the work, and turns any failure into a sentence for the
person who caused it, in the crisis's language: a reply through `respond` for slash commands, an
ephemeral message where they clicked, or a DM when there is no channel. Nothing is raised to Bolt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

from sqlmodel import select

from bot.core import dedupe
from bot.core.db import session_scope
from bot.core.errors import CrisisError
from bot.core.models import Incident
from bot.core.states import IncidentStatus
from bot.slack.context import AppContext
from bot.slack.gateway import SlackCallFailed
from bot.slack.workspaces import workspace_of
from messages.i18n import Translator
from messages.markup import user as mention
from messages.render import render_message

log = logging.getLogger(__name__)

Replay = Literal["click", "submission"]


def explain(error: Exception, language: str) -> str:
    """The mrkdwn sentence that tells a person why their request failed."""
    t = Translator(language)
    if isinstance(error, CrisisError):
        # user ids a domain error carries (params named `user` or `…_user`) are shown as mentions
        params = {
            name: mention(value) if name.endswith("user") and isinstance(value, str) else value
            for name, value in error.params.items()
        }
        return t(error.key, **params)
    if isinstance(error, SlackCallFailed):
        return t("errors.slack_failed", error=error.error)
    log.exception("unexpected error while handling a request", exc_info=error)
    return t("errors.internal")


def ephemeral(text: str) -> dict:
    """A response_url payload showing `text` only to the person."""
    message = render_message("notice.json.j2", text=text)
    return {"response_type": "ephemeral", "text": message.text, "blocks": message.blocks}


def where(body: dict) -> tuple[str, str]:
    """(channel id, user id) of any Slack request: a command, a click, a shortcut or a modal ('' channel)."""
    user = body.get("user")
    user_id = user.get("id", "") if isinstance(user, dict) else body.get("user_id", "")
    channel = body.get("channel")
    channel_id = (
        (channel.get("id") if isinstance(channel, dict) else None)
        or body.get("channel_id")
        or (body.get("container") or {}).get("channel_id")
        or ""
    )
    return str(channel_id), str(user_id)


def click_key(body: dict) -> str:
    """A key unique to one click: the same payload replayed gives the same key."""
    action = body["actions"][0]
    container = body.get("container", {})
    spot = container.get("message_ts") or container.get("view_id") or ""
    user_id = body["user"]["id"]
    return f"click:{user_id}:{spot}:{action.get('block_id')}:{action['action_id']}:{action['action_ts']}"


class Listener:
    """What every listener shares: replay claims, the crisis language, and telling a person privately."""

    def __init__(self, context: AppContext) -> None:
        self.context = context

    def first(self, body: dict, replay: Replay) -> bool:
        """True the first time this click or submission arrives (in any process), False for its replays."""
        key = click_key(body) if replay == "click" else f"view:{body['view'].get('id')}"
        return dedupe.claim(self.context.engine, key, self.context.clock.now())

    def language_for(self, channel_id: str = "", incident_id: int | None = None) -> str:
        """The language of the crisis in `channel_id` (or with `incident_id`), else the workspace default."""
        if channel_id or incident_id is not None:
            with session_scope(self.context.engine) as session:
                if incident_id is not None:
                    incident = session.get(Incident, incident_id)
                else:
                    incident = session.exec(
                        select(Incident).where(
                            Incident.channel_id == channel_id, Incident.status != IncidentStatus.OPENING
                        )
                    ).first()
                if incident is not None:
                    return incident.language
        return self.context.settings.crisis_language

    def tell(self, channel_id: str, user_id: str, text: str, language: str) -> None:
        """A note only `user_id` sees: ephemeral in the channel, a DM without one. Never raises."""
        notice = render_message("notice.json.j2", language, text=text)
        try:
            if channel_id and channel_id != user_id:
                self.context.gateway.post_ephemeral(channel_id, user_id, notice.text, notice.blocks)
            else:
                self.context.gateway.send_dm(user_id, notice.text, notice.blocks)
        except Exception:
            log.exception("could not tell %s: %s", user_id, notice.text)

    def run(
        self,
        body: dict,
        work: Callable[[], object],
        *,
        replay: Replay | None = None,
        reply: Callable[[str], object] | None = None,
        incident_id: int | None = None,
    ) -> None:
        """Run a listener's work after its ack, for the workspace the request came from: a replay is
        dropped, a failure is explained to the person who caused it (through `reply`, else privately
        where they are) in the crisis's language."""
        workspace = workspace_of(body)
        with self.context.serving(workspace.team_id, workspace.enterprise_id):
            self._run(body, work, replay, reply, incident_id)

    def _run(
        self,
        body: dict,
        work: Callable[[], object],
        replay: Replay | None,
        reply: Callable[[str], object] | None,
        incident_id: int | None,
    ) -> None:
        try:
            if replay is not None and not self.first(body, replay):
                return
            work()
        except Exception as error:
            channel_id, user_id = where(body)
            language = self.language_for(channel_id, incident_id)
            text = explain(error, language)
            if reply is None:
                self.tell(channel_id, user_id, text, language)
                return
            try:
                reply(text)
            except Exception:
                log.exception("could not reply to %s: %s", user_id, text)
