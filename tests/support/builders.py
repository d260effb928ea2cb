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


_FLIGHT = "Flight SK 482 to Edinburgh cancelled at"
#: Three reposts, each a few words further from the first: the second is near-identical to the first,
#: the third to the second (92%) but no longer to the first (85%).
REPOST_CHAIN = (
    f"{_FLIGHT} the gate with zero explanation, 180 of us stuck at desk 14 since 09:15",
    f"{_FLIGHT} gate 9 with no explanation at all, 180 of us stuck at desk 14 since 09:15",
    f"{_FLIGHT} gate 9 with no explanation at all, 180 of us stranded at desk 14 since 9am",
)
