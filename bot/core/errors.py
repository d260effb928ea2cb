"""Domain errors: each carries a string key (messages/strings) shown to the person who caused it."""

from __future__ import annotations

from datetime import datetime
from typing import Any


class CrisisError(Exception):
    """Something the person asked cannot be done; `key` names the explanation shown to them."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class NotAnIncidentChannel(CrisisError):
    """An incident command was used outside an incident channel."""

    def __init__(self) -> None:
        super().__init__("errors.not_incident_channel")


class NotAllowed(CrisisError):
    """The person may not do this (e.g. only the responsible person may approve).

    When `incident_id` is given, the refusal is written to that incident's timeline after the
    transaction that raised it has rolled back (see `bot.core.db.session_scope`).
    """

    def __init__(
        self,
        key: str,
        *,
        incident_id: int | None = None,
        action: str = "",
        actor_user_id: str | None = None,
        at: datetime | None = None,
        **params: Any,
    ) -> None:
        super().__init__(key, **params)
        self.at = at
        self.incident_id = incident_id
        self.action = action
        self.actor_user_id = actor_user_id
