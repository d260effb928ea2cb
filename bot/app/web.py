"""HTTP mode: one WSGI app for Slack's requests and health checks, served by waitress."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.core.db import can_write, is_reachable
from bot.mentions.service import MentionDesk
from bot.slack.context import AppContext

SLACK_EVENTS_PATH = "/slack/events"
#: OAuth distribution only (Bolt's paths): the installer starts here and Slack sends them back there.
SLACK_INSTALL_PATH = "/slack/install"
SLACK_OAUTH_REDIRECT_PATH = "/slack/oauth_redirect"
HEALTH_PATH = "/healthz"
MENTIONS_WEBHOOK_PATH = "/webhooks/mentions"
MAX_WEBHOOK_BODY = 64 * 1024
#: Slack's own payloads stay far below this (a modal holds at most 100 blocks of bounded size).
MAX_SLACK_BODY = 1024 * 1024
#: https://docs.slack.dev/authentication/verifying-requests-from-slack/ : older requests are refused.
SIGNATURE_MAX_AGE_SECONDS = 5 * 60
#: A write that cannot take its locks this fast would miss Slack's 3-second ack.
HEALTH_WRITE_TIMEOUT_SECONDS = 1.0

log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]


class CrisisbotWSGI:
    """Routes `POST /slack/events` to Bolt (which verifies signatures), `GET /slack/install` and
    `GET /slack/oauth_redirect` to Bolt's OAuth flow (OAuth distribution only), `POST /webhooks/mentions`
    (bearer token, see `bot.webhook_tokens`) and `GET /healthz`."""

    def __init__(self, app: App, context: AppContext) -> None:
        self.slack = SlackRequestHandler(app, path=SLACK_EVENTS_PATH)
        self.context = context
        self.mentions = MentionDesk(context)

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == SLACK_EVENTS_PATH:
            return self.receive_slack(environ, start_response)
        if path in (SLACK_INSTALL_PATH, SLACK_OAUTH_REDIRECT_PATH) and self.context.settings.oauth:
            if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
                return _json(start_response, 405, {"ok": False, "error": "method_not_allowed"})
            return self.slack(environ, start_response)
        if path == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            # the quick engine: a held database must not hold the health check (nor a server thread)
            reachable = is_reachable(self.context.quick_engine)
            writable = reachable and can_write(self.context.quick_engine, HEALTH_WRITE_TIMEOUT_SECONDS)
            return _json(
                start_response,
                200 if writable else 503,
                {"ok": writable, "database": reachable, "writable": writable},
            )
        if path == MENTIONS_WEBHOOK_PATH:
            return self.receive_mention(environ, start_response)
        return _json(start_response, 404, {"ok": False, "error": "not_found"})

    def receive_slack(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        """`POST /slack/events`: read and verify the request before Bolt sees it.

        Bolt verifies the signature too, but only after decoding the body as UTF-8 and parsing the
        timestamp as a number, which raises (a 500) on garbage. Here every malformed request gets a 4xx.
        """
        if environ.get("REQUEST_METHOD") != "POST":
            return _json(start_response, 405, {"ok": False, "error": "method_not_allowed"})
        raw, problem = _read_body(environ, MAX_SLACK_BODY)
        if problem is not None:
            return _json(start_response, problem[0], {"ok": False, "error": problem[1]})
        if not verify_slack_signature(
            self.context.settings.slack_signing_secret,
            environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""),
            environ.get("HTTP_X_SLACK_SIGNATURE", ""),
            raw,
            time.time(),
        ):
            return _json(start_response, 401, {"ok": False, "error": "invalid_request"})
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return _json(start_response, 400, {"ok": False, "error": "body_not_utf8"})
        raw = _shield_from_bolts_payload_guess(raw)
        environ["wsgi.input"] = io.BytesIO(raw)
        environ["CONTENT_LENGTH"] = str(len(raw))
        try:
            return self.slack(environ, start_response)
        except Exception as error:  # a signed request Bolt cannot parse: Slack's own never do this
            log.warning("could not handle a signed Slack request (%s: %s)", type(error).__name__, error)
            return _json(start_response, 400, {"ok": False, "error": "malformed_request"})

    def receive_mention(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        """`POST /webhooks/mentions`: refuse oversized bodies before reading them, then hand over."""
        if environ.get("REQUEST_METHOD") != "POST":
            return _json(start_response, 405, {"ok": False, "error": "method_not_allowed"})
        raw, problem = _read_body(environ, MAX_WEBHOOK_BODY)
        if problem is not None:
            extra = {"limit": MAX_WEBHOOK_BODY} if problem[0] == 413 else {}
            return _json(start_response, problem[0], {"ok": False, "error": problem[1], **extra})
        status, payload = self.mentions.receive_webhook(environ.get("HTTP_AUTHORIZATION"), raw)
        return _json(start_response, status, payload)


def _shield_from_bolts_payload_guess(raw: bytes) -> bytes:
    """Bolt's parse_body takes any form body holding the substring "payload" for an interactive payload
    (`payload=<json>`) and, finding no such field, returns {}: a slash command whose text says "payload"
    would match no listener. Such a body gets that word percent-encoded ("%70ayload"), which parses back
    to the very same fields (the request's signature was checked on the body as Slack sent it)."""
    if b"payload" not in raw or raw.startswith((b"{", b"payload=")) or b"&payload=" in raw:
        return raw  # no such word, JSON, or a real payload field (every click): no parsing on the ack's path
    text = raw.decode("utf-8")
    if "payload" in dict(parse_qsl(text, keep_blank_values=True)):
        return raw
    return text.replace("payload", "%70ayload").encode("utf-8")


def _read_body(environ: dict, limit: int) -> tuple[bytes, tuple[int, str] | None]:
    """The request body, or (status, error) when its length is malformed or over `limit`."""
    declared_text = (environ.get("CONTENT_LENGTH") or "0").strip()
    if not (declared_text.isascii() and declared_text.isdigit()) or len(declared_text) > 12:
        return b"", (400, "invalid_content_length")
    declared = int(declared_text)
    if declared > limit:
        return b"", (413, "body_too_large")
    raw = environ["wsgi.input"].read(declared) if declared else b""
    return raw, None


def verify_slack_signature(secret: str, stamp: str, signature: str, body: bytes, now: float) -> bool:
    """Slack's request signature: `v0=` HMAC-SHA256 of `v0:<timestamp>:<body>`, at most 5 minutes old.

    https://docs.slack.dev/authentication/verifying-requests-from-slack/
    """
    if not (secret and stamp.isascii() and stamp.isdigit() and len(stamp) <= 12):
        return False
    if abs(now - int(stamp)) > SIGNATURE_MAX_AGE_SECONDS:
        return False
    base = b"v0:" + stamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))


def _json(start_response: StartResponse, status: int, payload: dict) -> list[bytes]:
    body = json.dumps(payload).encode()
    reason = HTTPStatus(status).phrase
    start_response(
        f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
