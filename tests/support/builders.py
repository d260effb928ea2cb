"""Domain objects for unit tests, not stored."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.core.models import Incident

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def unsaved_incident(**overrides: Any) -> Incident:
    """An open incident with sensible defaults; any field can be overridden."""
    fields: dict[str, Any] = {
        "id": 1,
        "team_id": "T",
        "title": "t",
        "case_key": "x",
        "severity": "high",
        "language": "en",
        "responsible_user_id": "U0RESP",
        "opener_user_id": "U0RESP",
        "first_negative_at": NOW,
        "created_at": NOW,
        "status": "open",
    }
    fields.update(overrides)
    return Incident(**fields)
