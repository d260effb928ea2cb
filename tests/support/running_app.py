"""Serve the real app over HTTP for a test, against the Slack stand-in, with a clock the test moves."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block

from bot.demo.local_app import SIGNING_SECRET, START, LocalApp, start_local_app
from bot.demo.standin import SlackStandin
from messages.render import validate_blocks, validate_view

__all__ = ["SIGNING_SECRET", "START", "RunningApp", "assert_valid_payloads", "start_app"]


RunningApp = LocalApp


def start_app(database_url: str, standin: SlackStandin, **overrides: Any) -> LocalApp:
    """Build and serve the app on a free port (see bot.local_app)."""
    return start_local_app(database_url, standin, **overrides)


def assert_valid_payloads(standin: SlackStandin) -> int:
    """Parse and validate every block list and view the app sent; returns how many were checked."""
    checked = 0
    for call in standin.calls:
        params = call.params
        if isinstance(params.get("blocks"), list):
            validate_blocks(params["blocks"])
            assert all(Block.parse(block) is not None for block in params["blocks"])
            checked += 1
        if isinstance(params.get("view"), dict):
            validate_view(params["view"])
            checked += 1
    return checked
