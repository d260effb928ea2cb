"""Reading what a person entered in a modal (`view.state.values`) and what the bot stored with it.

Every input block of ours holds one element whose action_id is `ids.input_action(block_id)`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from messages import ids


def entry(view: dict, block_id: str) -> dict[str, Any]:
    """The state of the single input element of `block_id` (empty when Slack sent none)."""
    values = view.get("state", {}).get("values", {})
    return values.get(block_id, {}).get(ids.input_action(block_id), {}) or {}


def text(view: dict, block_id: str) -> str:
    """A text input's value, stripped, without NUL characters ('' when empty)."""
    return str(entry(view, block_id).get("value") or "").replace("\x00", "").strip()


def option(view: dict, block_id: str) -> str:
    """The value of the selected option of a select or radio group ('' when none)."""
    return str((entry(view, block_id).get("selected_option") or {}).get("value") or "")


def options(view: dict, block_id: str) -> list[str]:
    """The values of the selected options of a multi-select or checkbox group."""
    return [str(item.get("value")) for item in entry(view, block_id).get("selected_options") or []]


def moment(view: dict, block_id: str) -> datetime | None:
    """A date-time picker's choice as aware UTC, or None."""
    picked = entry(view, block_id).get("selected_date_time")
    try:
        return datetime.fromtimestamp(int(picked), UTC) if picked else None
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def metadata(view: dict) -> dict[str, Any]:
    """The JSON the bot put in `private_metadata` ({} when missing or not JSON)."""
    try:
        value = json.loads(view.get("private_metadata") or "{}")
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def metadata_id(view: dict, key: str) -> int | None:
    """An id the bot put in `private_metadata` under `key` (None when missing or not a whole number)."""
    try:
        return int(str(metadata(view).get(key)))
    except ValueError:
        return None


def incident_id(view: dict) -> int | None:
    """The incident id the bot put in `private_metadata` (None when missing or not a whole number)."""
    return metadata_id(view, "incident_id")


def clicked_id(body: dict) -> int | None:
    """The id a clicked button carries as its value (None when it is not a whole number)."""
    value = str(body["actions"][0].get("value") or "")
    return int(value) if value.isdigit() else None
