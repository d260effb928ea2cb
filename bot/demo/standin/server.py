"""A local stand-in for the Slack Web API, served over real HTTP on 127.0.0.1 (random port)."""

from __future__ import annotations

import base64
import contextlib
import copy
import json
import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from bot.demo.standin import methods, scopes
from bot.demo.standin.oauth import OAuthEndpoint
from bot.demo.standin.state import (
    BOT_USER_ID,
    DEFAULT_APP_TOKEN,
    TEAM_ID,
    ApiError,
    Call,
    Canvas,
    Channel,
    Grant,
    Now,
    Org,
    ResponseUrl,
    StandinState,
    Team,
    Trigger,
    User,
)
from bot.demo.standin.transcript import BlockRenderer, Resolver, render_mrkdwn
from bot.demo.standin.validation import validate_message_blocks, validate_view

if TYPE_CHECKING:
    from bot.demo.standin.socket_mode import SocketModeHub

JSON_KEYS = frozenset({"blocks", "view", "attachments", "files", "metadata"})
# a topic or purpose "does not support formatting or linkification": a mention in it shows as typed
# (https://docs.slack.dev/reference/methods/conversations.setTopic)
UNFORMATTED_SUBTYPES = frozenset({"channel_topic", "channel_purpose"})
RESPONSE_URL_MAX_USES = 5
RESPONSE_URL_TTL_SECONDS = 30 * 60


# Web API rate-limit tiers, calls per minute per method per workspace, and each method's tier
# (https://docs.slack.dev/apis/web-api/rate-limits and each method's page). chat.postMessage is "special":
# about one message per second per channel. Methods not listed are not limited here.
TIER_CALLS_PER_MINUTE = {1: 1, 2: 20, 3: 50, 4: 100}
METHOD_TIERS = {
    "chat.update": 3,
    "chat.postEphemeral": 4,
    "chat.delete": 3,
    "conversations.create": 2,
    "conversations.invite": 3,
    "conversations.join": 3,
    "conversations.info": 3,
    "conversations.setTopic": 2,
    "conversations.setPurpose": 2,
    "conversations.archive": 2,
    "conversations.history": 3,
    "conversations.replies": 3,
    "pins.add": 2,
    "pins.remove": 2,
    "views.open": 4,
    "views.push": 4,
    "views.update": 4,
    "views.publish": 4,
    "users.info": 4,
    "users.list": 2,
    "files.getUploadURLExternal": 4,
    "files.completeUploadExternal": 4,
    "conversations.canvases.create": 2,
    "canvases.edit": 3,
}
PER_CHANNEL_PER_SECOND = frozenset({"chat.postMessage"})


@dataclass
class Fault:
    """One injected failure for the next call of a method."""

    kind: str  # "error" | "ratelimit" | "server" | "server_after_write" (Slack did it, then answered 5xx)
    error: str = ""
    retry_after: int = 1
    status: int = 503


@dataclass
class HttpResult:
    """What the HTTP layer sends back."""

    status: int
    body: str
    headers: dict[str, str]
    content_type: str = "application/json; charset=utf-8"


class SlackStandin:
    """Stand-in of the Slack Web API: strict like Slack, with fault injection and inspection helpers."""

    def __init__(
        self, tokens: set[str] | None = None, now: Now | None = None, rate_limits: bool = False
    ) -> None:
        self.state = StandinState(now=now, tokens=tokens)
        # when True, each method is limited like Slack's tiers (429 + Retry-After); a test may switch it
        self.rate_limits = rate_limits
        self._recent_calls: dict[tuple[str, str], deque[float]] = {}
        self._faults: dict[str, deque[Fault]] = {}
        self._held: set[str] = set()
        self._released = threading.Event()
        self._released.set()
        self._slowness: tuple[float, set[str]] = (0.0, set())
        self._limit_all: Fault | None = None
        self._outage: Fault | None = None
        self.app_tokens = {DEFAULT_APP_TOKEN}
        self.oauth = OAuthEndpoint(self.state)
        self._socket_mode: SocketModeHub | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle -------------------------------------------------------------------------------

    def start(self) -> SlackStandin:
        """Start serving on 127.0.0.1 with a random port, in a daemon thread."""
        if self._server is not None:
            return self
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._server.daemon_threads = True
        self.state.base_url = self.url
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="slack-standin",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_from_child(self, niceness: int = 19) -> int:
        """Go on serving from a forked child process at `niceness` (this process stops serving; the
        port stays the same); returns the child's pid. For benchmarks: Slack's own work is not done on
        the machine under test, so the stand-in must not share the load generator's interpreter or
        the app's priority. The child starts from a copy of the state: what it records stays there."""
        if self._server is None or self._socket_mode is not None:
            raise RuntimeError("serve_from_child needs a started stand-in without Socket Mode")
        server = self._server
        server.shutdown()  # the thread's loop ends; the listening socket stays open
        if self._thread is not None:
            self._thread.join(timeout=5)
        child = os.fork()
        if child == 0:  # pragma: no cover (runs in the child)
            try:
                os.nice(niceness)
                server.serve_forever(poll_interval=0.05)
            finally:
                os._exit(0)
        server.server_close()
        self._server = None
        self._thread = None
        return child

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._socket_mode is not None:
            self._socket_mode.stop()
            self._socket_mode = None
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> SlackStandin:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def root_url(self) -> str:
        """`http://127.0.0.1:PORT` (no trailing slash)."""
        if self._server is None:
            raise RuntimeError("SlackStandin is not started")
        host, port = self._server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        """Base URL for `WebClient(base_url=...)`, ending in `/api/`."""
        return f"{self.root_url}/api/"

    def now(self) -> float:
        """The stand-in's clock (epoch seconds)."""
        return self.state.now()

    # ---- fault injection -------------------------------------------------------------------------

    def fail_next(self, method: str, error: str = "internal_error", times: int = 1) -> None:
        """Make the next `times` calls of `method` answer `{"ok": false, "error": error}`."""
        self._add_fault(method, Fault("error", error=error), times)

    def rate_limit_next(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Make the next `times` calls of `method` answer HTTP 429 with `Retry-After`."""
        self._add_fault(method, Fault("ratelimit", error="ratelimited", retry_after=retry_after), times)

    def server_error_next(self, method: str, status: int = 503, times: int = 1) -> None:
        """Make the next `times` calls of `method` answer with an HTTP 5xx."""
        self._add_fault(method, Fault("server", status=status), times)

    def server_error_after_write_next(self, method: str, status: int = 503, times: int = 1) -> None:
        """Carry out the next `times` calls of `method`, then answer HTTP `status` as if it had failed:
        Slack may have done a write it answered 5xx to."""
        self._add_fault(method, Fault("server_after_write", status=status), times)

    def rate_limit_all(self, retry_after: int | None) -> None:
        """Answer every Web API call with HTTP 429 and `Retry-After: retry_after` until called with None
        (a workspace over its limits on a busy day)."""
        with self.state.lock:
            limited = Fault("ratelimit", error="ratelimited", retry_after=retry_after or 1)
            self._limit_all = None if retry_after is None else limited

    def outage(self, status: int | None = 503) -> None:
        """Answer every Web API call with HTTP `status` until called with None: Slack having an incident
        of its own (https://slack-status.com)."""
        with self.state.lock:
            self._outage = None if status is None else Fault("server", status=status)

    def hold(self, *methods: str) -> None:
        """Make calls of `methods` (every method when none is named) wait until `release()`: a Slack that
        does not answer. Other methods go on."""
        with self.state.lock:
            self._held = set(methods) or {"*"}
            self._released.clear()

    def release(self) -> None:
        """Let held calls go on."""
        with self.state.lock:
            self._held = set()
            self._released.set()

    def slow_down(self, seconds: float, *methods: str) -> None:
        """Answer calls of `methods` (every method when none is named) `seconds` late (0 to stop)."""
        with self.state.lock:
            self._slowness = (seconds, set(methods) or {"*"})

    def _wait_if_held(self, method: str) -> None:
        with self.state.lock:
            held = "*" in self._held or method in self._held
            seconds, slowed = self._slowness
        if held:
            self._released.wait()
        if seconds and ("*" in slowed or method in slowed):
            time.sleep(seconds)

    def _add_fault(self, method: str, fault: Fault, times: int) -> None:
        with self.state.lock:
            self._faults.setdefault(method, deque()).extend([fault] * times)

    def _take_fault(self, method: str) -> Fault | None:
        with self.state.lock:
            queue = self._faults.get(method)
            return queue.popleft() if queue else None

    # ---- API dispatch ----------------------------------------------------------------------------

    def handle_api(self, method: str, params: dict[str, Any], token: str | None) -> HttpResult:
        """Run one Web API call; always records it in `calls`."""
        self._wait_if_held(method)
        with self.state.lock:
            grant = self.state.grant_for(token) if token else None
            result, error = self._dispatch(method, params, token)
            self.state.calls.append(
                Call(method, _redacted(params), error is None, error, self.state.now(), result.status, grant)
            )
            return result

    def _dispatch(
        self, method: str, params: dict[str, Any], token: str | None
    ) -> tuple[HttpResult, str | None]:
        if method == "oauth.v2.access":  # authenticated by the client id and secret, not a token
            try:
                payload = self.oauth.access(params)
            except ApiError as exc:
                return _api_error(exc.error), exc.error
            return HttpResult(200, json.dumps({"ok": True, **payload}), {}), None
        if method not in methods.METHODS:
            return _api_error("unknown_method"), "unknown_method"
        if not token:
            return _api_error("not_authed"), "not_authed"
        if token in self.state.revoked:
            return _api_error("token_revoked"), "token_revoked"
        grant = self.state.grant_for(token)
        if grant is None:
            return _api_error("invalid_auth"), "invalid_auth"
        scope = scopes.needed(method, params, self.state.kind_of)
        if scope and grant.scopes is not None and scope not in grant.scopes:
            # each method page's errors: missing_scope, with what was needed and what the token has
            extra = {"needed": scope, "provided": ",".join(sorted(grant.scopes))}
            return _api_error("missing_scope", None, extra), "missing_scope"
        fault = (
            self._take_fault(method)
            or self._outage
            or self._limit_all
            or self._over_rate_limit(method, params)
        )
        if fault is not None and fault.kind == "server_after_write":
            with contextlib.suppress(ApiError):
                methods.METHODS[method](self.state, params)
        if fault is not None:
            return _fault_result(fault), fault.error or f"http_{fault.status}"
        self.state.caller = grant
        try:
            payload = methods.METHODS[method](self.state, params)
        except ApiError as exc:
            return _api_error(exc.error, exc.messages, exc.extra), exc.error
        finally:
            self.state.caller = None
        return HttpResult(200, json.dumps({"ok": True, **payload}), {}), None

    def _over_rate_limit(self, method: str, params: dict[str, Any]) -> Fault | None:
        """A 429 fault when automatic rate limits are on and this call is over its method's limit."""
        if not self.rate_limits:
            return None
        if method in PER_CHANNEL_PER_SECOND:
            key, limit, window = (method, str(params.get("channel") or "")), 1, 1.0
        elif method in METHOD_TIERS:
            key, limit, window = (method, ""), TIER_CALLS_PER_MINUTE[METHOD_TIERS[method]], 60.0
        else:
            return None
        now = self.state.now()
        recent = self._recent_calls.setdefault(key, deque())
        while recent and recent[0] <= now - window:
            recent.popleft()
        if len(recent) >= limit:
            retry_after = max(1, math.ceil(recent[0] + window - now))
            return Fault("ratelimit", error="ratelimited", retry_after=retry_after)
        recent.append(now)
        return None

    @property
    def socket_mode(self) -> SocketModeHub:
        """Slack's Socket Mode endpoint (started on first use; needs the `test` extra's `websockets`)."""
        from bot.demo.standin.socket_mode import SocketModeHub

        with self.state.lock:
            if self._socket_mode is None:
                self._socket_mode = SocketModeHub().start()
            return self._socket_mode

    def open_connection(self, app_token: str | None) -> HttpResult:
        """apps.connections.open: an app-level token in the Authorization header buys a one-time WebSocket
        URL (https://docs.slack.dev/reference/methods/apps.connections.open)."""
        if not app_token:
            result, error = _api_error("not_authed"), "not_authed"
        elif app_token not in self.app_tokens:
            result, error = _api_error("invalid_auth"), "invalid_auth"
        else:
            fault = self._take_fault("apps.connections.open")
            if fault is not None:
                result, error = _fault_result(fault), fault.error
            else:
                result, error = (
                    HttpResult(200, json.dumps({"ok": True, "url": self.socket_mode.issue_url()}), {}),
                    None,
                )
        with self.state.lock:
            self.state.calls.append(
                Call("apps.connections.open", {}, error is None, error, self.state.now(), result.status)
            )
        return result

    def handle_upload(self, file_id: str, content: bytes) -> HttpResult:
        """Receive bytes posted to an upload URL from files.getUploadURLExternal."""
        with self.state.lock:
            if methods.upload_bytes(self.state, file_id, content):
                return HttpResult(200, f"OK - {len(content)}", {}, "text/plain")
            return HttpResult(404, "file_not_found", {}, "text/plain")

    # ---- driver support: triggers and response_urls ----------------------------------------------

    def issue_trigger(self, user_id: str) -> str:
        """Register a fresh trigger_id for `user_id` (valid once, for 3 s of the stand-in's clock)."""
        with self.state.lock:
            issued = self.state.now()
            trigger_id = f"{int(issued)}.{self.state.new_id('')}.{len(self.state.triggers):x}"
            self.state.triggers[trigger_id] = Trigger(trigger_id, user_id, issued)
            return trigger_id

    def issue_response_url(self, channel_id: str, user_id: str, message_ts: str | None = None) -> str:
        """Register a response_url for an interaction in `channel_id` by `user_id`."""
        with self.state.lock:
            url_id = self.state.new_id("R")
            self.state.response_urls[url_id] = ResponseUrl(
                url_id, channel_id, user_id, self.state.now(), message_ts
            )
            return f"{self.root_url}/response/{url_id}"

    def handle_response(self, url_id: str, body: dict[str, Any]) -> HttpResult:
        """Apply a POST to a response_url like Slack does (ephemeral, in_channel, replace/delete_original)."""
        self._wait_if_held("response_url")
        with self.state.lock:
            record = self.state.response_urls.get(url_id)
            if record is None:
                return HttpResult(404, "invalid_url", {}, "text/plain")
            if self.state.now() - record.issued_at > RESPONSE_URL_TTL_SECONDS:
                return HttpResult(404, "expired_url", {}, "text/plain")
            if record.uses >= RESPONSE_URL_MAX_USES:
                return HttpResult(404, "used_url", {}, "text/plain")
            channel = self.state.channels.get(record.channel_id)
            # a response_url acts in the workspace of the interaction it came with
            self.state.caller = Grant(channel.team_id) if channel is not None else None
            try:
                action = self._apply_response(record, body)
            except ApiError as exc:
                return HttpResult(400, exc.error, {}, "text/plain")
            finally:
                self.state.caller = None
            record.uses += 1
            self.state.responses.append(
                {
                    "url_id": url_id,
                    "channel_id": record.channel_id,
                    "user_id": record.user_id,
                    "action": action,
                    "body": body,
                    "at": self.state.now(),
                }
            )
            return HttpResult(200, "ok", {}, "text/plain")

    def _apply_response(self, record: ResponseUrl, body: dict[str, Any]) -> str:
        s = self.state
        if body.get("delete_original"):
            self._delete_original(record)
            return "delete_original"
        text = body.get("text")
        blocks = validate_message_blocks(body["blocks"]) if body.get("blocks") else None
        if not text and not blocks:
            raise ApiError("no_text")
        if body.get("replace_original") and record.message_ts:
            message = s.find_message(record.channel_id, record.message_ts) or self._ephemeral(record)
            if message is None:
                raise ApiError("message_not_found")
            message["text"] = text or ""
            if blocks:
                message["blocks"] = blocks
            else:
                message.pop("blocks", None)
            message["edited"] = {"user": BOT_USER_ID, "ts": s.next_ts()}
            return "replace_original"
        if body.get("response_type") == "in_channel":
            message = methods._bot_message(s, text, blocks)
            if body.get("thread_ts"):
                methods._attach_to_thread(s, s.channels[record.channel_id], message, body["thread_ts"], False)
            s.messages.setdefault(record.channel_id, []).append(message)
            return "in_channel"
        methods.record_ephemeral(
            s, record.channel_id, record.user_id, text, blocks, body.get("thread_ts"), via="response_url"
        )
        return "ephemeral"

    def _ephemeral(self, record: ResponseUrl) -> dict[str, Any] | None:
        return next(
            (
                e
                for e in self.state.ephemerals
                if e["message_ts"] == record.message_ts and e["user"] == record.user_id
            ),
            None,
        )

    def _delete_original(self, record: ResponseUrl) -> None:
        message = self.state.find_message(record.channel_id, record.message_ts or "")
        if message is not None:
            self.state.messages[record.channel_id].remove(message)
            return
        ephemeral = self._ephemeral(record)
        if ephemeral is None:
            raise ApiError("message_not_found")
        ephemeral["deleted"] = True

    def apply_view_response(
        self, view_id: str, user_id: str, body: dict[str, Any] | None
    ) -> list[str] | None:
        """Apply the app's answer to a view_submission like Slack; return the problems Slack would show."""
        with self.state.lock:
            action = (body or {}).get("response_action")
            try:
                if action in ("update", "push"):
                    view = validate_view(body.get("view") if body else None)
                    if action == "update":
                        current = self.state.views[view_id]
                        methods.store_view(
                            self.state,
                            view,
                            user_id,
                            "update",
                            view_id,
                            current["root_view_id"],
                            current["previous_view_id"],
                        )
                    else:
                        methods.store_view(
                            self.state,
                            view,
                            user_id,
                            "push",
                            root_view_id=self.state.views[view_id]["root_view_id"],
                            previous_view_id=view_id,
                        )
                elif action == "errors":
                    self._check_response_errors(view_id, (body or {}).get("errors"))
            except ApiError as exc:
                problems = exc.messages or [exc.error]
                self.state.view_log.append(
                    {
                        "action": "invalid_response",
                        "user_id": user_id,
                        "view": {"id": view_id},
                        "errors": problems,
                        "at": self.now(),
                    }
                )
                return problems
            if action in (None, "clear", "errors"):
                entry = {
                    "action": action or "closed",
                    "user_id": user_id,
                    "view": methods._public_view(copy.deepcopy(self.state.views[view_id])),
                    "at": self.now(),
                }
                if action == "errors":
                    entry["errors"] = body["errors"]  # type: ignore[index]  # a response_action body is a dict
                self.state.view_log.append(entry)
            return None

    def _check_response_errors(self, view_id: str, errors: Any) -> None:
        if not isinstance(errors, dict) or not errors:
            raise ApiError("invalid_arguments", ["[ERROR] errors must be a non-empty object"])
        inputs = {b.get("block_id") for b in self.state.views[view_id]["blocks"] if b.get("type") == "input"}
        unknown = sorted(set(errors) - inputs)
        if unknown:
            raise ApiError("invalid_arguments", [f"[ERROR] errors for unknown input block_ids {unknown}"])

    # ---- setup helpers ---------------------------------------------------------------------------

    def add_user(self, user_id: str, name: str, real_name: str | None = None, **profile: Any) -> User:
        """Add a workspace member (`tz`, `email`, `display_name`, `team_id`: as the state's `add_user`
        takes them)."""
        return self.state.add_user(user_id, name, real_name, **profile)

    def add_channel(
        self,
        name: str,
        members: list[str] | None = None,
        is_private: bool = False,
        creator: str = "U0OPENER",
        team_id: str = TEAM_ID,
    ) -> Channel:
        """Create a channel as if a person made it (the bot is a member only if listed)."""
        return self.state.add_channel(name, creator, is_private, members or [creator], team_id)

    def add_org(self, enterprise_id: str, name: str, domain: str) -> Org:
        """Add an Enterprise Grid organisation (its workspaces come with `add_workspace`)."""
        with self.state.lock:
            org = self.state.orgs[enterprise_id] = Org(enterprise_id, name, domain)
            return org

    def add_workspace(self, team_id: str, name: str, domain: str, enterprise_id: str | None = None) -> Team:
        """Add a workspace (in Grid org `enterprise_id` when given). The app reaches it only with a
        token from installing there (`oauth`), or an org-wide one."""
        with self.state.lock:
            if enterprise_id is not None and enterprise_id not in self.state.orgs:
                raise ValueError(f"unknown org {enterprise_id}")
            team = self.state.teams[team_id] = Team(team_id, name, domain, enterprise_id)
            return team

    def uninstall(self, team_id: str | None, enterprise_id: str | None = None) -> list[str]:
        """The workspace (or with `team_id` None, the org) removes the app: its tokens are revoked."""
        return self.oauth.revoke_installation(team_id, enterprise_id)

    def grant_of(self, token: str) -> Grant | None:
        """What a bot token reaches (None for an unknown or revoked one)."""
        with self.state.lock:
            return self.state.grant_for(token)

    def add_user_message(
        self, channel_id: str, user_id: str, text: str, thread_ts: str | None = None
    ) -> dict[str, Any]:
        """Store a message written by a person (e.g. for message shortcuts or history)."""
        with self.state.lock:
            message: dict[str, Any] = {
                "type": "message",
                "user": user_id,
                "text": text,
                "team": "T0001",
                "ts": self.state.next_ts(),
            }
            if thread_ts:
                methods._attach_to_thread(
                    self.state, self.state.channels[channel_id], message, thread_ts, False
                )
            self.state.messages[channel_id].append(message)
            return dict(message)

    # ---- inspection helpers ----------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        """Every Web API call so far (copies)."""
        return self.state.snapshot(self.state.calls)

    def calls_to(self, method: str) -> list[Call]:
        """Calls of one Web API method."""
        return [c for c in self.calls if c.method == method]

    def channel_by_name(self, name: str, team_id: str = TEAM_ID) -> Channel | None:
        """Channel of workspace `team_id` by name (copy), or None."""
        return self.state.snapshot(self.state.channel_by_name(name, team_id))

    def channel(self, channel_id: str) -> Channel:
        """Channel by id (copy)."""
        return self.state.snapshot(self.state.channels[channel_id])

    def members(self, channel_id: str) -> list[str]:
        """Member ids of a channel."""
        return self.channel(channel_id).members

    def messages(self, channel_id: str, include_system: bool = False) -> list[dict[str, Any]]:
        """All messages (incl. thread replies) oldest first; join/topic notices only if include_system."""
        stored = self.state.snapshot(self.state.messages.get(channel_id, []))
        return [m for m in stored if include_system or m.get("subtype") in (None, "thread_broadcast")]

    def find_message(self, ts: str) -> tuple[str, dict[str, Any]] | None:
        """(channel_id, message copy) for a message ts anywhere."""
        return self.state.snapshot(self.state.locate_message(ts))

    def canvas(self, canvas_id: str) -> Canvas:
        """A canvas by id (copy): its sections and how often it was edited."""
        return self.state.snapshot(self.state.canvases[canvas_id])

    def channel_canvas(self, channel_id: str) -> Canvas | None:
        """The channel's canvas (copy), or None."""
        with self.state.lock:
            canvas_id = self.state.channels[channel_id].canvas_id
            return self.canvas(canvas_id) if canvas_id else None

    @property
    def free_tier(self) -> bool:
        """True: the workspace is on a tier without channel canvases."""
        return self.state.free_tier

    @free_tier.setter
    def free_tier(self, value: bool) -> None:
        with self.state.lock:
            self.state.free_tier = value

    def dm_messages(self, user_id: str) -> list[dict[str, Any]]:
        """Messages in the bot's DM with `user_id` (empty when none)."""
        with self.state.lock:
            im = next((c for c in self.state.channels.values() if c.is_im and c.im_user == user_id), None)
            return self.messages(im.id) if im else []

    def pins(self, channel_id: str) -> list[dict[str, Any]]:
        """Pinned messages of a channel (oldest pin first)."""
        with self.state.lock:
            return self.state.snapshot(
                [
                    self.state.find_message(channel_id, pin["ts"])
                    for pin in self.state.pins.get(channel_id, [])
                ]
            )

    def ephemerals(self, channel_id: str | None = None, user_id: str | None = None) -> list[dict[str, Any]]:
        """Ephemeral messages, optionally filtered by channel and/or recipient."""
        return [
            e
            for e in self.state.snapshot(self.state.ephemerals)
            if (channel_id is None or e["channel"] == channel_id)
            and (user_id is None or e["user"] == user_id)
        ]

    @property
    def views(self) -> list[dict[str, Any]]:
        """Every view open/push/update/publish: `{action, user_id, view, at}`, in order."""
        return self.state.snapshot(self.state.view_log)

    def view(self, view_id: str) -> dict[str, Any]:
        """The current version of a view (as Slack would send it in payloads)."""
        with self.state.lock:
            return methods._public_view(self.state.snapshot(self.state.views[view_id]))

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        """The published home tab of a user, if any."""
        with self.state.lock:
            view_id = self.state.home_views.get(user_id)
            return self.view(view_id) if view_id else None

    @property
    def responses(self) -> list[dict[str, Any]]:
        """What the app POSTed to response_urls: `{url_id, channel_id, user_id, action, body}`."""
        return self.state.snapshot(self.state.responses)

    def file_content(self, file_id: str) -> bytes | None:
        """Raw bytes uploaded for a file."""
        with self.state.lock:
            record = self.state.files.get(file_id)
            return None if record is None else record["content"]

    def wait_until(
        self, predicate: Callable[[SlackStandin], Any], timeout: float = 5.0, interval: float = 0.01
    ) -> Any:
        """Poll `predicate(self)` until truthy (Bolt runs listeners after ack); return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate(self)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"condition not met within {timeout}s")
            time.sleep(interval)

    # ---- transcript ------------------------------------------------------------------------------

    def transcript(self, channel_id: str, user_name: Resolver | None = None) -> str:
        """The channel as a person would read it: one entry per message, replies indented, and the
        date on its own line whenever the day changes (the first message's day included).

        `user_name` turns a user id into the name to show (default: the stand-in's own user names)."""
        with self.state.lock:
            messages = copy.deepcopy(self.state.messages.get(channel_id, []))
        # Rendered outside the lock: `user_name` may itself call the Web API (users.info).
        name_of = user_name or self._user_name
        renderer = BlockRenderer(name_of, self._channel_name)
        lines: list[str] = []
        day = None
        for message in messages:
            moment = datetime.fromtimestamp(float(message["ts"]), UTC)
            if moment.date() != day:
                day = moment.date()
                lines.append(f"── {day:%A, %Y-%m-%d} ──")
            lines.extend(self._render_message(message, renderer, name_of))
        return "\n".join(lines).rstrip("\n") + ("\n" if lines else "")

    def _user_name(self, user_id: str) -> str:
        with self.state.lock:
            user = self.state.users.get(user_id)
            return user.name if user else user_id

    def _channel_name(self, channel_id: str) -> str:
        with self.state.lock:
            channel = self.state.channels.get(channel_id)
            return channel.name if channel else channel_id

    def _render_message(
        self, message: dict[str, Any], renderer: BlockRenderer, name_of: Resolver
    ) -> list[str]:
        is_reply = message.get("thread_ts") not in (None, message["ts"])
        indent = "    ↳ " if is_reply else ""
        when = datetime.fromtimestamp(float(message["ts"]), UTC).strftime("%H:%M:%S")
        author = name_of(message.get("user", ""))
        if message.get("subtype", "thread_broadcast") != "thread_broadcast":
            text = message.get("text", "")
            if message.get("subtype") not in UNFORMATTED_SUBTYPES:
                text = render_mrkdwn(text, name_of, self._channel_name)
            if not text.startswith("@"):
                text = f"@{author} {text}"
            return [f"{indent}[{when}] — {text}"]
        body = (
            renderer.blocks(message["blocks"])
            if message.get("blocks")
            else render_mrkdwn(message.get("text", ""), name_of, self._channel_name).splitlines()
        )
        body += [f"📎 {f.get('title') or f.get('name')}" for f in message.get("files") or []]
        suffix = " (edited)" if message.get("edited") else ""
        pad = " " * len(indent)
        return [f"{indent}[{when}] {author}{suffix}:", *(f"{pad}  {line}" for line in body), ""]


# ---- HTTP plumbing -------------------------------------------------------------------------------


def _api_error(
    error: str, messages: list[str] | None = None, extra: dict[str, Any] | None = None
) -> HttpResult:
    payload: dict[str, Any] = {"ok": False, "error": error, **(extra or {})}
    if messages:
        payload["response_metadata"] = {"messages": messages}
    return HttpResult(200, json.dumps(payload), {})


def _fault_result(fault: Fault) -> HttpResult:
    if fault.kind == "ratelimit":
        return HttpResult(
            429, json.dumps({"ok": False, "error": "ratelimited"}), {"Retry-After": str(fault.retry_after)}
        )
    if fault.kind in ("server", "server_after_write"):
        error = "service_unavailable" if fault.status == 503 else "internal_error"
        return HttpResult(fault.status, json.dumps({"ok": False, "error": error}), {})
    return _api_error(fault.error)


def _redacted(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if k not in ("token", "client_secret")}


def parse_body(raw: bytes, content_type: str, query: str) -> tuple[dict[str, Any], bool]:
    """Parse query + body into params; returns (params, token_allowed_in_params)."""
    params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
    is_json = content_type.split(";")[0].strip().lower() == "application/json"
    if is_json and raw:
        decoded = json.loads(raw.decode("utf-8"))
        if not isinstance(decoded, dict):
            raise ValueError("JSON body must be an object")
        params.update(decoded)
    elif raw:
        params.update({k: v[-1] for k, v in parse_qs(raw.decode("utf-8"), keep_blank_values=True).items()})
    for key in JSON_KEYS & params.keys():
        if isinstance(params[key], str):
            with contextlib.suppress(ValueError):  # else the method answers invalid_blocks_format
                params[key] = json.loads(params[key])
    return params, not is_json


def _make_handler(standin: SlackStandin) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Silence per-request logging."""

        def do_GET(self) -> None:
            """GET /api/<method>?…"""
            self._serve()

        def do_POST(self) -> None:
            """POST /api/<method>, /upload/<file_id>, /response/<id>."""
            self._serve()

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            route, _, rest = parts.path.lstrip("/").partition("/")
            handlers: dict[str, Callable[[], HttpResult]] = {
                "api": lambda: self._api(rest, raw, parts.query),
                "oauth": lambda: self._authorize(rest, parts.query),
                "upload": lambda: standin.handle_upload(rest, raw),
                "response": lambda: self._response(rest, raw),
            }
            result = handlers.get(route, lambda: HttpResult(404, "not found", {}, "text/plain"))()
            self._send(result)

        def _api(self, method: str, raw: bytes, query: str) -> HttpResult:
            try:
                params, form = parse_body(raw, self.headers.get("Content-Type") or "", query)
            except (ValueError, UnicodeDecodeError):
                return _api_error("invalid_json")
            token = _bearer(self.headers.get("Authorization"))
            for key, value in _basic(self.headers.get("Authorization")).items():
                params.setdefault(key, value)  # oauth.v2.access: client id and secret over HTTP Basic
            if method == "apps.connections.open":  # the app-level token only counts in the header
                return standin.open_connection(token)
            if token is None and form:
                token = params.get("token")
            return standin.handle_api(method, params, token)

        def _authorize(self, rest: str, query: str) -> HttpResult:
            if self.command != "GET" or rest != "v2/authorize":
                return HttpResult(404, "not found", {}, "text/plain")
            status, headers, body = standin.oauth.authorize(query)
            return HttpResult(status, body, headers, "text/plain")

        def _response(self, url_id: str, raw: bytes) -> HttpResult:
            try:
                body = json.loads(raw.decode("utf-8") or "{}")
            except ValueError:
                return HttpResult(400, "invalid_payload", {}, "text/plain")
            if not isinstance(body, dict):
                return HttpResult(400, "invalid_payload", {}, "text/plain")
            return standin.handle_response(url_id, body)

        def _send(self, result: HttpResult) -> None:
            data = result.body.encode("utf-8")
            self.send_response(result.status)
            self.send_header("Content-Type", result.content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in result.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _basic(header: str | None) -> dict[str, str]:
    """client_id and client_secret from an HTTP Basic Authorization header (empty when there is none)."""
    if not (header and header.lower().startswith("basic ")):
        return {}
    try:
        client_id, _, secret = base64.b64decode(header[6:].strip()).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        return {}
    return {"client_id": client_id, "client_secret": secret}


def _bearer(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None
