"""Crafted, hostile and malformed requests against the real WSGI app over HTTP: always a 4xx (or a
handled 200 where Slack requires one), never a 5xx, and never a traceback in the log."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import time
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlencode, urlparse

import pytest
from sqlmodel import Session

from bot.core.models import Incident
from bot.mentions import webhook_tokens
from tests.e2e.test_open_crisis import open_crisis
from tests.support.running_app import SIGNING_SECRET, RunningApp


def _sign(body: bytes, stamp: str, secret: str = SIGNING_SECRET) -> str:
    base = b"v0:" + stamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def send(
    crisis: RunningApp,
    path: str,
    body: bytes,
    headers: dict[str, str],
    method: str = "POST",
) -> tuple[int, bytes]:
    """One raw HTTP request; returns (status, body)."""
    target = urlparse(crisis.url)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=15)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        status, data = response.status, response.read()
    finally:
        connection.close()
    crisis.settle()
    return status, data


def slack(
    crisis: RunningApp,
    body: bytes,
    *,
    stamp: str | None = None,
    signature: str | None = None,
    content_type: str = "application/x-www-form-urlencoded",
) -> int:
    """POST to /slack/events, signed properly unless a stamp or signature is forced."""
    stamp = stamp if stamp is not None else str(int(time.time()))
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature if signature is not None else _sign(body, stamp),
    }
    return send(crisis, "/slack/events", body, headers)[0]


@pytest.fixture
def no_tracebacks(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail when anything logged an exception with a traceback or at ERROR level."""
    caplog.set_level(logging.INFO)
    yield
    bad = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not bad, [f"{r.name}: {r.getMessage()}" for r in bad]


UNSIGNED_GARBAGE = [
    b"",
    b"\x00\xff\xfe garbage",
    b"payload=%7B%22type%22",
    b"{" * 10_000,
    b"command=/crisis&text=help",
]


@pytest.mark.parametrize("body", UNSIGNED_GARBAGE)
def test_unsigned_garbage_is_refused(crisis: RunningApp, no_tracebacks: None, body: bytes) -> None:
    status, _ = send(crisis, "/slack/events", body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 401


@pytest.mark.parametrize(
    "stamp",
    ["not-a-number", "", "1e9", "-1", "99999999999999999999999999999", "12a", " 12 "],
)
def test_malformed_signature_timestamps_are_refused(
    crisis: RunningApp, no_tracebacks: None, stamp: str
) -> None:
    body = b"command=%2Fcrisis&text=help"
    assert slack(crisis, body, stamp=stamp, signature=_sign(body, stamp)) == 401


def _payload(value: str) -> bytes:
    return urlencode({"payload": value}).encode()


@pytest.mark.parametrize(
    "body",
    [
        _payload("{not json"),
        _payload("[]"),
        _payload("null"),
        _payload('"text"'),
        _payload("{}"),
        _payload('{"type": "block_actions"}'),
        _payload('{"type": "block_actions", "actions": "x", "user": 5}'),
        _payload('{"type": "view_submission", "view": 7}'),
        _payload('{"type": "shortcut"}'),
        _payload("[" * 50_000 + "]" * 50_000),
        _payload(json.dumps({"type": "block_actions", "x": "y" * 2_000_000})),
        b"payload=%ZZ%ZZ",
        b"\xff\xfe\x00",
        b'{"type": "event_callback", "event": 1}',
        b'{"type": "url_verification"}',
    ],
)
def test_signed_but_malformed_bodies_never_get_a_5xx(
    crisis: RunningApp, no_tracebacks: None, body: bytes
) -> None:
    content_type = "application/json" if body.startswith(b"{") else "application/x-www-form-urlencoded"
    status = slack(crisis, body, content_type=content_type)
    assert 200 <= status < 500, status


def _mint(crisis: RunningApp) -> str:
    with Session(crisis.context.engine) as session:
        minted = webhook_tokens.mint(session, "T0001", crisis.clock.now(), "test")
        session.commit()
    return minted.secret


def _webhook(crisis: RunningApp, token: str, body: bytes) -> tuple[int, dict]:
    status, data = send(
        crisis,
        "/webhooks/mentions",
        body,
        {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    return status, json.loads(data)


def _mention(incident: Incident, **changes: object) -> bytes:
    body = {
        "incident_id": incident.id,
        "platform": "x",
        "url": "https://x.example/post/1",
        "text": "Refunds take months",
        "posted_at": "2026-03-02T08:00:00Z",
        **changes,
    }
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"incident_id": 10**30}, "incident_id"),
        ({"incident_id": -(10**30)}, "incident_id"),
        ({"incident_id": 2**63}, "incident_id"),
        ({"posted_at": "0001-01-01T00:00:00Z"}, "posted_at"),
        ({"posted_at": "1999-12-31T23:59:59+00:00"}, "posted_at"),
        ({"posted_at": "9999-12-31T23:59:59Z"}, "posted_at"),
        ({"posted_at": "2026-03-02T09:30:00Z"}, "posted_at"),
        ({"reach": 10**30}, "reach"),
        ({"author_followers": -1}, "author_followers"),
        ({"text": "a\x00b"}, "text"),
        ({"author": "\x00"}, "author"),
        ({"platform": "x\x00"}, "platform"),
        ({"url": "https://x.example/\x00"}, "url"),
    ],
)
def test_webhook_refuses_out_of_range_values_with_400(
    crisis: RunningApp, no_tracebacks: None, changes: dict, field: str
) -> None:
    incident = open_crisis(crisis)
    status, answer = _webhook(crisis, _mint(crisis), _mention(incident, **changes))
    assert status == 400 and field in answer["fields"], answer
    with Session(crisis.context.engine) as session:
        stored = session.get(Incident, incident.id)
        assert stored is not None and stored.first_negative_at == incident.first_negative_at


def test_webhook_accepts_a_post_a_year_old(crisis: RunningApp, no_tracebacks: None) -> None:
    incident = open_crisis(crisis)
    year_ago = (crisis.clock.now() - timedelta(days=365)).isoformat()
    status, answer = _webhook(crisis, _mint(crisis), _mention(incident, posted_at=year_ago))
    assert status == 200 and answer["ok"], answer


def test_webhook_bad_json_and_headers(crisis: RunningApp, no_tracebacks: None) -> None:
    token = _mint(crisis)
    for body in (b"[" * 20_000, b"\xff", b'{"incident_id": 1e400}', b"NaN", b'{"a": NaN}'):
        status, _ = _webhook(crisis, token, body)
        assert status == 400, body[:20]
    for authorization in ("Bearer " + "x" * 10_000, "Bearer", "Basic Zm9vOmJhcg==", "Bearer \x7f"):
        status, _ = send(
            crisis,
            "/webhooks/mentions",
            b"{}",
            {"Content-Type": "application/json", "Authorization": authorization},
        )
        assert 400 <= status < 500, authorization
    status, _ = send(crisis, "/webhooks/mentions", b"{}", {"Content-Length": "-5"})
    assert status == 400
