"""HTTP mode: one WSGI app for Slack's requests and health checks, served by waitress."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.context import AppContext
from bot.db import is_reachable

SLACK_EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

StartResponse = Callable[..., Any]


class CrisisbotWSGI:
    """Routes `POST /slack/events` to Bolt (which verifies signatures) and `GET /healthz`."""

    def __init__(self, app: App, context: AppContext) -> None:
        self.slack = SlackRequestHandler(app, path=SLACK_EVENTS_PATH)
        self.context = context

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == SLACK_EVENTS_PATH:
            return self.slack(environ, start_response)
        if path == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            healthy = is_reachable(self.context.engine)
            return _json(start_response, 200 if healthy else 503, {"ok": healthy, "database": healthy})
        return _json(start_response, 404, {"ok": False, "error": "not_found"})


def _json(start_response: StartResponse, status: int, payload: dict) -> list[bytes]:
    body = json.dumps(payload).encode()
    reason = {200: "OK", 404: "Not Found", 503: "Service Unavailable"}[status]
    start_response(
        f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
