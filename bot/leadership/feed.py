"""The leadership channel: one parent message per incident, every notable change threaded under it."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.core.db import session_scope
from bot.core.models import Incident, WorkspaceSettings
from bot.incidents.incidents import shares_outside
from bot.slack.context import AppContext
from bot.slack.gateway import SlackCallFailed
from messages.render import Message, render_message

log = logging.getLogger(__name__)


def leadership_channel(session: Session, context: AppContext, team_id: str) -> str | None:
    """The workspace's leadership channel: set with `/crisis settings`, else CRISIS_LEADERSHIP_CHANNEL
    (with one bot token only: under OAuth distribution a channel id names one workspace's channel)."""
    stored = session.get(WorkspaceSettings, team_id)
    if stored is not None and stored.leadership_channel_id:
        return stored.leadership_channel_id
    if context.settings.oauth:
        return None
    return context.settings.crisis_leadership_channel or None


def set_leadership_channel(
    session: Session, team_id: str, channel_id: str | None, user_id: str, now: datetime
) -> None:
    """Change (or with None, clear) the workspace's leadership channel."""
    stored = session.get(WorkspaceSettings, team_id) or WorkspaceSettings(team_id=team_id)
    stored.leadership_channel_id = channel_id
    stored.updated_by_user_id = user_id
    stored.updated_at = now
    session.add(stored)


def reaches_leadership(incident: Incident) -> bool:
    """Whether the incident's events (and escalations) go to leadership: always, except for a drill
    that was not started with the leadership opt-in."""
    return not incident.is_drill or incident.drill_reaches_leadership


class LeadershipFeed:
    """Mirrors incident events to the leadership channel, threaded under one parent per incident.

    Drills reach leadership only when asked to (`reaches_leadership`). A private crisis that was not
    shared (`shares_outside`) shows there as one neutral line, kept current, and nothing else. A failure
    to post there is logged and never undoes the change that caused it.
    """

    def __init__(self, context: AppContext) -> None:
        self.context = context

    def _parent(self, incident: Incident) -> Message:
        return render_message(
            "leadership_parent.json.j2", incident.language, incident=incident, shared=shares_outside(incident)
        )

    def _ensure_parent(self, incident: Incident) -> tuple[str, str] | None:
        """The (channel, parent ts) of the incident's thread, posting the parent the first time."""
        if not reaches_leadership(incident):
            return None
        if incident.leadership_channel_id and incident.leadership_ts:
            return incident.leadership_channel_id, incident.leadership_ts
        with session_scope(self.context.engine) as session:
            channel = leadership_channel(session, self.context, incident.team_id)
        if not channel:
            return None
        parent = self._parent(incident)
        ts = self.context.gateway.post_joining(channel, parent.text, parent.blocks)
        with session_scope(self.context.engine) as session:
            stored = session.get(Incident, incident.id)
            if stored is not None:
                stored.leadership_channel_id, stored.leadership_ts = channel, ts
                session.add(stored)
        incident.leadership_channel_id, incident.leadership_ts = channel, ts
        return channel, ts

    def announce_open(self, incident: Incident) -> None:
        """Post the incident's parent message in the leadership channel."""
        self._safely(lambda: self._ensure_parent(incident))

    def mirror(self, incident: Incident, event: str, **params: Any) -> None:
        """One line about `event` (a `leadership.<event>` string) in the incident's leadership thread."""

        def post() -> None:
            thread = self._ensure_parent(incident)
            if thread is None:
                return
            channel, ts = thread
            parent = self._parent(incident)
            if not shares_outside(incident):
                self.context.gateway.update_message(channel, ts, parent.text, parent.blocks)
                return
            line = render_message(
                "leadership_event.json.j2", incident.language, incident=incident, event=event, params=params
            )
            self.context.gateway.post_message(channel, line.text, line.blocks, thread_ts=ts)
            self.context.gateway.update_message(channel, ts, parent.text, parent.blocks)

        self._safely(post)

    def post_update(self, incident: Incident, update: Message) -> None:
        """A full status update in the incident's leadership thread."""

        def post() -> None:
            thread = self._ensure_parent(incident)
            if thread is not None and shares_outside(incident):
                self.context.gateway.post_message(thread[0], update.text, update.blocks, thread_ts=thread[1])

        self._safely(post)

    def _safely(self, work: Any) -> None:
        try:
            work()
        except SlackCallFailed:
            log.exception("could not post to the leadership channel")
