"""The stand-in's Socket Mode endpoint, spoken to with a plain WebSocket client and slack_sdk's WebClient.
https://docs.slack.dev/reference/methods/apps.connections.open,
https://docs.slack.dev/apis/events-api/using-socket-mode"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from bot.demo.standin import DEFAULT_TOKEN, SlackStandin
from bot.demo.standin.socket_mode import SocketModeError
from bot.demo.standin.state import DEFAULT_APP_TOKEN


@pytest.fixture()
def standin() -> Iterator[SlackStandin]:
    with SlackStandin() as running:
        yield running


def test_connections_open_needs_the_app_level_token_in_the_header(standin: SlackStandin) -> None:
    url = WebClient(base_url=standin.url).apps_connections_open(app_token=DEFAULT_APP_TOKEN)["url"]
    assert url.startswith("ws://127.0.0.1:") and "/link/?ticket=" in url
    with pytest.raises(SlackApiError) as bot_token:
        WebClient(base_url=standin.url).apps_connections_open(app_token=DEFAULT_TOKEN)
    assert bot_token.value.response["error"] == "invalid_auth"
    form = f"token={DEFAULT_APP_TOKEN}".encode()
    request = urllib.request.Request(standin.url + "apps.connections.open", data=form, method="POST")
    with urllib.request.urlopen(request) as answer:
        assert json.loads(answer.read()) == {"ok": False, "error": "not_authed"}


def test_hello_envelope_ack_and_refresh(standin: SlackStandin) -> None:
    url = WebClient(base_url=standin.url).apps_connections_open(app_token=DEFAULT_APP_TOKEN)["url"]
    with connect(url) as socket:
        hello = json.loads(socket.recv(timeout=5))
        assert hello["type"] == "hello" and hello["num_connections"] == 1
        assert hello["connection_info"] == {"app_id": "A0CRISIS"}
        acks: list[dict] = []

        def send() -> None:
            acks.append(standin.socket_mode.send("slash_commands", {"command": "/crisis"}, True))

        sender = threading.Thread(target=send)
        sender.start()
        envelope = json.loads(socket.recv(timeout=5))
        assert envelope["type"] == "slash_commands" and envelope["accepts_response_payload"] is True
        assert envelope["payload"] == {"command": "/crisis"} and envelope["envelope_id"]
        socket.send(json.dumps({"envelope_id": envelope["envelope_id"], "payload": {"text": "ok"}}))
        sender.join(5)
        assert acks == [{"envelope_id": envelope["envelope_id"], "payload": {"text": "ok"}}]

        standin.socket_mode.request_refresh()
        disconnect = json.loads(socket.recv(timeout=5))
        assert (disconnect["type"], disconnect["reason"]) == ("disconnect", "refresh_requested")


def test_a_ticket_works_once_and_an_unacknowledged_envelope_fails(standin: SlackStandin) -> None:
    url = WebClient(base_url=standin.url).apps_connections_open(app_token=DEFAULT_APP_TOKEN)["url"]
    with connect(url) as socket:
        socket.recv(timeout=5)
        with pytest.raises(SocketModeError):
            standin.socket_mode.send("events_api", {"type": "event_callback"}, False, timeout=0.2)
    with pytest.raises((InvalidStatus, ConnectionClosed)), connect(url) as again:
        again.recv(timeout=5)
