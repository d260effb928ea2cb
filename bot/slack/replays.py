"""Telling a first request from its replay (a double click, a Slack retry, a resubmitted modal)."""

from __future__ import annotations

from bot.core import dedupe
from bot.slack.context import AppContext


def click_key(body: dict) -> str:
    """A key unique to one click: the same payload replayed gives the same key."""
    action = body["actions"][0]
    container = body.get("container", {})
    where = container.get("message_ts") or container.get("view_id") or ""
    user_id = body["user"]["id"]
    return f"click:{user_id}:{where}:{action.get('block_id')}:{action['action_id']}:{action['action_ts']}"


def first_click(context: AppContext, body: dict) -> bool:
    """True the first time this click arrives (in any process), False for its replays."""
    return dedupe.claim(context.engine, click_key(body), context.clock.now())


def first_submission(context: AppContext, body: dict) -> bool:
    """True the first time this modal submission arrives, False for its replays."""
    return dedupe.claim(context.engine, f"view:{body['view'].get('id')}", context.clock.now())
