"""HTTP mode: one WSGI app for Slack's requests and health checks, served by waitress."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.core.db import is_reachable
from bot.mentions.service import MentionDesk
from bot.slack.context import AppContext

SLACK_EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MENTIONS_WEBHOOK_PATH = "/webhooks/mentions"
MAX_WEBHOOK_BODY = 64 * 1024

StartResponse = Callable[..., Any]


class CrisisbotWSGI:
    """Routes `POST /slack/events` to Bolt (which verifies signatures), `POST /webhooks/mentions`
    (bearer token, see `bot.webhook_tokens`) and `GET /healthz`."""

    def __init__(self, app: App, context: AppContext) -> None:
        self.slack = SlackRequestHandler(app, path=SLACK_EVENTS_PATH)
        self.context = context
        self.mentions = MentionDesk(context)

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == SLACK_EVENTS_PATH:
            return self.slack(environ, start_response)
        if path == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            healthy = is_reachable(self.context.engine)
            return _json(start_response, 200 if healthy else 503, {"ok": healthy, "database": healthy})
        if path == MENTIONS_WEBHOOK_PATH:
            return self.receive_mention(environ, start_response)
        return _json(start_response, 404, {"ok": False, "error": "not_found"})

    def receive_mention(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        """`POST /webhooks/mentions`: refuse oversized bodies before reading them, then hand over."""
        if environ.get("REQUEST_METHOD") != "POST":
            return _json(start_response, 405, {"ok": False, "error": "method_not_allowed"})
        try:
            declared = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _json(start_response, 400, {"ok": False, "error": "invalid_content_length"})
        if declared > MAX_WEBHOOK_BODY:
            return _json(
                start_response, 413, {"ok": False, "error": "body_too_large", "limit": MAX_WEBHOOK_BODY}
            )
        raw = environ["wsgi.input"].read(min(declared, MAX_WEBHOOK_BODY + 1)) if declared else b""
        if len(raw) > MAX_WEBHOOK_BODY:
            return _json(
                start_response, 413, {"ok": False, "error": "body_too_large", "limit": MAX_WEBHOOK_BODY}
            )
        status, payload = self.mentions.receive_webhook(environ.get("HTTP_AUTHORIZATION"), raw)
        return _json(start_response, status, payload)


def _json(start_response: StartResponse, status: int, payload: dict) -> list[bytes]:
    body = json.dumps(payload).encode()
    reason = HTTPStatus(status).phrase
    start_response(
        f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
