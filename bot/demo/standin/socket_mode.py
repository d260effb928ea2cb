"""Slack's side of Socket Mode, over a real WebSocket on 127.0.0.1.

`apps.connections.open` (called with the app-level token) hands out a one-time
`ws://127.0.0.1:<port>/link/?ticket=…` URL; a client that connects there is greeted with `hello`, then
receives envelopes (`envelope_id`, `type`, `payload`, `accepts_response_payload`) and must answer each
with `{"envelope_id": …}` (plus `payload` when it has a response body). `request_refresh` sends
`disconnect` with reason `refresh_requested`; the client is expected to open a new connection, as Slack's
SDKs do. https://docs.slack.dev/apis/events-api/using-socket-mode and
https://docs.slack.dev/reference/methods/apps.connections.open
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from bot.demo.standin.state import APP_ID

log = logging.getLogger(__name__)

ENVELOPE_TYPES = frozenset({"events_api", "slash_commands", "interactive"})


class SocketModeError(AssertionError):
    """The app did not behave as Slack's Socket Mode requires (no connection, no ack in time)."""


@dataclass
class Envelope:
    """One envelope sent to the app, and the app's acknowledgement once it arrives."""

    envelope_id: str
    type: str
    payload: dict[str, Any]
    acked: threading.Event = field(default_factory=threading.Event)
    ack: dict[str, Any] | None = None


class SocketModeHub:
    """The WebSocket endpoint Slack runs for Socket Mode apps: tickets, hello, envelopes, acks, refresh."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tickets: set[str] = set()
        self._connections: list[ServerConnection] = []
        self._connected = threading.Condition(self._lock)
        self._envelopes: dict[str, Envelope] = {}
        self.hellos = 0  # connections greeted so far; a reconnect makes it grow
        self.disconnects_sent: list[str] = []
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle -------------------------------------------------------------------------------

    def start(self) -> SocketModeHub:
        """Listen on a free loopback port."""
        if self._server is None:
            self._server = serve(self._serve_connection, "127.0.0.1", 0, ping_interval=None)
            self._thread = threading.Thread(
                target=self._server.serve_forever, name="socket-mode", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Close every connection and stop listening."""
        if self._server is None:
            return
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            connection.close()
        self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None

    @property
    def port(self) -> int:
        """The port the hub listens on."""
        if self._server is None:
            raise RuntimeError("SocketModeHub is not started")
        return int(self._server.socket.getsockname()[1])

    def issue_url(self) -> str:
        """A fresh one-time WebSocket URL, as apps.connections.open returns it."""
        ticket = secrets.token_hex(8)
        with self._lock:
            self._tickets.add(ticket)
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={APP_ID}"

    # ---- the connection --------------------------------------------------------------------------

    def _serve_connection(self, connection: ServerConnection) -> None:
        query = parse_qs(urlsplit(connection.request.path if connection.request else "").query)
        ticket = (query.get("ticket") or [""])[0]
        with self._lock:
            if ticket not in self._tickets:
                connection.close(code=1008, reason="invalid ticket")
                return
            self._tickets.discard(ticket)
            self._connections.append(connection)
            self.hellos += 1
            count = len(self._connections)
        connection.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": count,
                    "debug_info": {
                        "host": "standin-socket-mode",
                        "build_number": 1,
                        "approximate_connection_time": 18060,
                    },
                    "connection_info": {"app_id": APP_ID},
                }
            )
        )
        with self._connected:
            self._connected.notify_all()
        try:
            for raw in connection:
                self._receive(raw)
        except ConnectionClosed:
            pass
        finally:
            with self._connected:
                if connection in self._connections:
                    self._connections.remove(connection)
                self._connected.notify_all()

    def _receive(self, raw: str | bytes) -> None:
        try:
            message = json.loads(raw)
        except ValueError:
            log.warning("socket mode: ignoring a message that is not JSON: %r", raw[:200])
            return
        envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
        with self._lock:
            envelope = self._envelopes.get(str(envelope_id))
        if envelope is None:
            log.warning("socket mode: ack for an unknown envelope %r", envelope_id)
            return
        if not envelope.acked.is_set():
            envelope.ack = message
            envelope.acked.set()

    # ---- what tests and the driver use -----------------------------------------------------------

    @property
    def connection_count(self) -> int:
        """Open connections right now."""
        with self._lock:
            return len(self._connections)

    def wait_for_connections(self, count: int = 1, hellos: int = 1, timeout: float = 10.0) -> None:
        """Block until at least `count` connections are open and `hellos` greetings were sent in total."""
        with self._connected:
            ready = self._connected.wait_for(
                lambda: len(self._connections) >= count and self.hellos >= hellos, timeout
            )
        if not ready:
            raise SocketModeError(f"no Socket Mode connection after {timeout} s")

    def send(
        self, kind: str, payload: dict[str, Any], accepts_response_payload: bool, timeout: float = 3.0
    ) -> dict[str, Any]:
        """Send one envelope on the newest connection and return the app's ack (Slack waits 3 s)."""
        if kind not in ENVELOPE_TYPES:
            raise ValueError(f"unknown envelope type {kind!r}")
        envelope = Envelope(secrets.token_hex(16), kind, payload)
        message: dict[str, Any] = {
            "envelope_id": envelope.envelope_id,
            "type": kind,
            "accepts_response_payload": accepts_response_payload,
            "payload": payload,
        }
        if kind == "events_api":
            message.update(retry_attempt=0, retry_reason="")
        with self._lock:
            if not self._connections:
                raise SocketModeError("the app has no Socket Mode connection open")
            connection = self._connections[-1]
            self._envelopes[envelope.envelope_id] = envelope
        connection.send(json.dumps(message))
        if not envelope.acked.wait(timeout):
            raise SocketModeError(f"no ack for {kind} envelope {envelope.envelope_id} within {timeout} s")
        return dict(envelope.ack or {})

    def request_refresh(self) -> None:
        """Tell every open connection to reconnect (`disconnect`, reason `refresh_requested`)."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            connection.send(
                json.dumps(
                    {
                        "type": "disconnect",
                        "reason": "refresh_requested",
                        "debug_info": {"host": "standin-socket-mode"},
                    }
                )
            )
            self.disconnects_sent.append("refresh_requested")
